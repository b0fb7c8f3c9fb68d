"""``kg ingest``: propose sourced candidate statements from a new drug page.

The public surface other tools build on (the review loop, the browser) is ``propose``,
``Candidate`` (``to_dict`` / ``from_dict``), ``EXTRACTOR_NAME`` and ``EXTRACTOR_VERSION``.
Heavy work is imported lazily so ``import kg.ingest`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.ingest.candidate import CANDIDATE_FIELDS, Candidate, NewTerm

if TYPE_CHECKING:
    from kg.sources.ontology import Ontology

EXTRACTOR_NAME = "pharmakg-rules"
EXTRACTOR_VERSION = "0.8.0"


def propose(text: str, document_id: str, *, ontology: Ontology | None = None,
            exclude_terms: frozenset[str] = frozenset()) -> list[Candidate]:
    """Candidate statements for one document's text, best evidence first in reading order.

    ``exclude_terms`` hides ontology terms from matching (the benchmark's leave-one-document-out
    uses it). Raises :class:`kg.errors.KGError` when no drug is found in the text.
    """
    from kg.ingest.engine import propose_text

    return propose_text(text, document_id, ontology=ontology, exclude_terms=exclude_terms)


__all__ = ["CANDIDATE_FIELDS", "Candidate", "EXTRACTOR_NAME", "EXTRACTOR_VERSION", "NewTerm",
           "propose"]
