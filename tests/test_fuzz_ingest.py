"""Fuzz kg ingest: any text or bytes gives candidates with exact offsets or a KGError."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings, strategies as st

from kg.errors import KGError
from kg.ingest import propose
from kg.ingest.document import decode_document

EXAMPLES = int(os.environ.get("PHARMAKG_FUZZ_EXAMPLES", "60"))
WORDS = ["Klonopin", "clonazepam", "Elavil", "may cause", "dizziness", "withdrawal", "**Common:**",
         "* ", "# ", "\n", "\n\n", ", ", " and ", "10-150mg daily", "half-life is 35 hours",
         "do not take with", "alcohol", "(", ")", ".", "does not cause", "seizures", "MAO inhibitors",
         "used to treat", "anxiety", "\u2019", "\u00e9", "\t", "Side Effects", "---"]
SETTINGS = settings(derandomize=True, max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check(text: str) -> None:
    try:
        candidates = propose(text, "fuzz")
    except KGError:
        return
    for c in candidates:
        assert text[c.start:c.end] == c.quote
        assert 0 <= c.confidence <= 1


@SETTINGS
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=60).map("".join))
def test_generated_pages(text: str) -> None:
    check(text)


@SETTINGS
@given(st.binary(max_size=300))
def test_generated_bytes(data: bytes) -> None:
    try:
        text = decode_document(data, "fuzz.txt")
    except KGError:
        return
    check(text)
