"""Confidence and tier from the evidence behind a candidate.

Confidence multiplies how directly the page states the relation (a cue in the sentence beats a
section header beats a carried context), how sure the term match is (ontology label over a
lexicon entry over a bare list item) and where the subject came from. Tier ``A`` is what a
curator would accept as-is; a false statement costs more than a missing one, so ``A`` is kept
strict and the thresholds are set on the benchmark (docs/decisions/0009).
"""

from __future__ import annotations

from kg.ingest.candidate import Candidate

STRENGTH = {"sentence": 0.95, "label": 0.92, "section": 0.8, "weak": 0.6}
SOURCE = {"ontology": 1.0, "pattern": 0.95, "drugs": 0.85, "phenotypes": 0.8,
          "conditions": 0.8, "list": 0.8,
          "extended": 0.85}
SUBJECT = {"unit": 1.0, "header": 0.97, "document": 0.93}
NOTE = {"": 1.0, "properties": 0.7}
TIER_A = 0.7
TIER_B = 0.5


def tier_of(confidence: float) -> str:
    return "A" if confidence >= TIER_A else "B" if confidence >= TIER_B else "C"


def score(candidate: Candidate, strength: str, source: str, subject_source: str,
          note: str = "") -> Candidate:
    """The candidate with its confidence and tier set."""
    confidence = STRENGTH.get(strength, 0.5) * SOURCE.get(source, 0.7) * \
        SUBJECT.get(subject_source, 0.9) * NOTE.get(note, 1.0)
    tier = tier_of(confidence)
    if candidate.negated:  # a denial is rare in this genre and costly when misread
        confidence *= 0.75
        tier = "B" if tier == "A" else tier_of(confidence)
    return candidate.with_score(confidence, tier)
