"""Shared pieces of the fuzz suites (``tests/test_fuzz_*.py``): settings, hostile values, and
the one rule every generated input must obey — success, or a located KGError, in bounded time.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings, strategies as st

from kg.errors import KGError, KGErrors

#: Generated inputs per channel; ``make bench-fuzz`` raises it for a long campaign.
EXAMPLES = int(os.environ.get("PHARMAKG_FUZZ_EXAMPLES", "60"))
#: Longest any single read or build of a generated input may take.
SECONDS = 10.0


def fuzz_settings(examples: int = EXAMPLES) -> settings:
    return settings(derandomize=True, max_examples=max(1, examples), deadline=None,
                    database=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                          HealthCheck.too_slow,
                                                          HealthCheck.data_too_large])


def errors_of(exc: KGError) -> list[KGError]:
    return exc.errors if isinstance(exc, KGErrors) else [exc]


def outcome(action: Callable[[], Any], *, need_line: bool = True) -> Any:
    """Run ``action``: return its result, or the KGError it raised after checking that every
    problem names a file (and a line, when ``need_line``). Any other exception fails the test,
    and so does taking longer than :data:`SECONDS`."""
    started = time.monotonic()
    try:
        return action()
    except KGError as exc:
        for error in errors_of(exc):
            assert error.path, f"no file named: {error.describe()}"
            if need_line:
                assert error.line is not None, f"no line: {error.describe()}"
            assert len(error.describe()) < 2000, "error message out of bounds"
        return exc
    finally:
        elapsed = time.monotonic() - started
        assert elapsed < SECONDS, f"took {elapsed:.1f} s"


def file_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (a symlink is followed)."""
    root = folder.resolve()
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


#: YAML scalars written as text, as a curator (or an attacker) might type them.
HOSTILE_SCALARS = [
    ".inf", "-.inf", ".nan", ".NaN", "1e999999999", "'1e999999999'", "-1", "-0.0", "0",
    "1.0e+999", "9" * 5000, "0.0000001", "'NaN'", "sNaN", "1_000_000_000", "0x1F", "0o777",
    "1:30:00", "2020-13-45", "2020-01-01", "~", "null", "yes", "no", "true", "''", "' '",
    "&a x", "*a", "!!python/object/apply:os.system ['true']", "!!binary aGVsbG8=", "!!set {a}",
    "!local x", "[", "{", "]", "[a, [b, [c]]]", "{a: b}", "{[a]: b}", "? [a]", "<<: {a: 1}",
    '"\\0"', '"\\ud800"', '"\\x1b[31m"', '"\\u202e"', "|\n    multi\n    line", "'it''s'",
    "x" * 3000, "\u00e9\u0301", "\U0001f600", "- a", "a: b", "#", "%YAML 1.1", "---", "...",
]

hostile_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2 ** 70), 2 ** 70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
    | st.sampled_from(["1e999999999", "NaN", "Infinity", "-1", "", " ", "mg", "drugzepam",
                       "Dizziness", "hasSideEffect", "Adults", "en", "e n"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.text(max_size=8), inner, max_size=3),
    max_leaves=6)

#: Text that is not what it claims: raw bytes, unicode with control characters, surrogates
#: smuggled in as bytes, a byte order mark.
hostile_bytes = st.one_of(
    st.binary(max_size=400),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=300).map(
        lambda t: t.encode("utf-8")),
    st.tuples(st.text(max_size=40), st.sampled_from(["\ud800", "\udfff", "\udc80"]),
              st.text(max_size=40)).map(
        lambda p: "".join(p).encode("utf-8", "surrogatepass")),
    st.text(max_size=100).map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
)
