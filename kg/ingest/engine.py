"""Wire ``propose`` to the ontology index, the optional lexicons and the extractor stamp."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from kg.ingest.candidate import Candidate
from kg.ingest.pipeline import evidence_in
from kg.ingest.newterms import add_vocabulary
from kg.ingest.terms import TermIndex, ontology_index
from kg.ingest.vocabulary import load_vocabulary
from kg.sources.ontology import Ontology


@lru_cache(maxsize=1)
def _default_ontology() -> Ontology:
    return Ontology.load()


@lru_cache(maxsize=8)
def _index(ontology: Ontology, exclude: frozenset[str]) -> TermIndex:
    return add_vocabulary(ontology_index(ontology, exclude), load_vocabulary())


def evidence_text(text: str, document_id: str, *, ontology: Ontology | None = None,
                  exclude_terms: frozenset[str] = frozenset()
                  ) -> list[tuple[Candidate, dict[str, float]]]:
    """Candidates (stamped) with their evidence features: what ``bench_ingest --fit`` fits on."""
    from kg.ingest import EXTRACTOR_NAME, EXTRACTOR_VERSION
    from kg.ingest.lexicon_adapter import load_lexicons

    index = _index(ontology or _default_ontology(), frozenset(exclude_terms))
    stamp = (EXTRACTOR_NAME, EXTRACTOR_VERSION)
    return [(replace(c, extractor=stamp), names)
            for c, names in evidence_in(text, document_id, index, load_lexicons())]


def propose_text(text: str, document_id: str, *, ontology: Ontology | None = None,
                 exclude_terms: frozenset[str] = frozenset()) -> list[Candidate]:
    """See :func:`kg.ingest.propose`."""
    return [c for c, _ in evidence_text(text, document_id, ontology=ontology,
                                        exclude_terms=exclude_terms)]
