"""Confidence and tier from the evidence behind a candidate: a fitted logistic model.

Each candidate is described by a few binary evidence features — how directly the page states
the relation (a cue in the sentence, a run-in label, a section header, a carried context), where
the term came from (ontology, a pattern, a lexicon, a bare list item), where the subject came
from (the unit, a header or question, the document), the unit's shape (list item, table row,
sentence), the relation, whether the object is a new term, and a denial. Confidence is
``sigmoid(bias + sum of the weights of the features present)``: transparent (one weight per
feature, in :mod:`kg.ingest.weights`) and fitted, not hand-set, by ``bench/bench_ingest.py
--fit`` on the development pages and the corpus (leave-one-document-out), which also picks the
tier-A threshold by cross-validation (decision 0009, fourth pass). Nothing is trained at run
time. A negated candidate is never tier A: a denial misread is the costliest error.
"""

from __future__ import annotations

import math

from kg.ingest import weights
from kg.ingest.candidate import Candidate

TIER_B = 0.5
#: The prior: how direct the evidence is, as the first passes set it by hand (decision 0009);
#: its logarithm is one feature, and the fitted weights correct it.
STRENGTH = {"sentence": 0.95, "label": 0.92, "section": 0.8, "weak": 0.6}
SOURCE = {"ontology": 1.0, "vocabulary": 0.95, "pattern": 0.95, "drugs": 0.85, "phenotypes": 0.8,
          "conditions": 0.8, "list": 0.8, "extended": 0.85}
SUBJECT = {"unit": 1.0, "header": 0.97, "document": 0.93}
NOTE = {"": 1.0, "properties": 0.7}


def features(candidate: Candidate, strength: str, source: str, subject_source: str,
             note: str = "", unit_kind: str = "") -> dict[str, float]:
    """The evidence features a candidate has, with their values (binary but the prior)."""
    prior = STRENGTH.get(strength, 0.5) * SOURCE.get(source, 0.7) * \
        SUBJECT.get(subject_source, 0.9) * NOTE.get(note, 1.0)
    found = {"log_prior": math.log(prior), f"strength={strength}": 1.0,
             f"source={source}": 1.0, f"subject={subject_source}": 1.0,
             f"relation={candidate.relation}": 1.0, f"unit={unit_kind or 'other'}": 1.0}
    if note:
        found[f"note={note}"] = 1.0
    if candidate.new_term is not None:
        found["new_term"] = 1.0
    if candidate.negated:
        found["negated"] = 1.0
    if candidate.severity is not None:
        found["severity"] = 1.0
    return found


def confidence_of(values: dict[str, float]) -> float:
    total = weights.BIAS + sum(weights.WEIGHTS.get(name, 0.0) * value
                               for name, value in values.items())
    return 1.0 / (1.0 + math.exp(-total))


def tier_of(confidence: float) -> str:
    return "A" if confidence >= weights.TIER_A else "B" if confidence >= TIER_B else "C"


def score(candidate: Candidate, strength: str, source: str, subject_source: str,
          note: str = "", unit_kind: str = "") -> Candidate:
    """The candidate with its confidence and tier set."""
    confidence = confidence_of(features(candidate, strength, source, subject_source, note,
                                        unit_kind))
    tier = tier_of(confidence)
    if candidate.negated and tier == "A":
        tier = "B"
    return candidate.with_score(confidence, tier)
