"""The candidate statement: what ``kg ingest`` proposes and other tools read back.

Its dict form (``to_dict``) is a stable interchange format documented in ``docs/candidates.md``:
keys never change meaning, and ``from_dict(to_dict(c)) == c``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

from kg.statements.curated import DOSE_FIELDS, QUANTITY_FIELDS, STATEMENT_FIELDS

#: Keys of a candidate's dict form, in output order.
CANDIDATE_FIELDS = ("id", "document", "subject", "subject_label", "relation", "object",
                    "object_label", "new_term", "quote", "start", "end", "confidence", "tier",
                    "severity", "context", "population", "frequency", "negated", "dose",
                    "quantity", "extractor")
NEW_TERM_FIELDS = ("id", "label", "kind", "xrefs", "synonyms")
TIERS = ("A", "B", "C")


@dataclass(frozen=True)
class NewTerm:
    """A term the ontology lacks, proposed with its kind and the lexicon ids that matched."""

    id: str
    label: str
    kind: str
    xrefs: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "kind": self.kind,
                "xrefs": list(self.xrefs), "synonyms": list(self.synonyms)}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> NewTerm:
        return cls(id=str(raw["id"]), label=str(raw["label"]), kind=str(raw["kind"]),
                   xrefs=tuple(raw.get("xrefs") or ()), synonyms=tuple(raw.get("synonyms") or ()))


@dataclass(frozen=True)
class Candidate:
    """One proposed statement with its evidence span, confidence and tier."""

    document: str
    subject: str
    relation: str
    quote: str
    start: int
    end: int
    subject_label: str | None = None
    object: str | None = None
    object_label: str | None = None
    new_term: NewTerm | None = None
    confidence: float = 0.0
    tier: str = "C"
    severity: str | None = None
    context: str | None = None
    population: str | None = None
    frequency: str | None = None
    negated: bool = False
    dose: dict[str, Any] | None = field(default=None, hash=False)
    quantity: dict[str, Any] | None = field(default=None, hash=False)
    extractor: tuple[str, str] = ("", "")

    @property
    def id(self) -> str:
        """Stable content hash: the same proposal from the same text always has the same id."""
        value = self.object if self.object is not None else json.dumps(
            self.dose if self.dose is not None else self.quantity, sort_keys=True)
        key = json.dumps([self.document, self.subject, self.relation, value, self.quote,
                          self.start], ensure_ascii=False)
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    def value_key(self) -> str:
        """The object as one comparable string (term, literal, dose or quantity)."""
        if self.dose is not None:
            return "dose:" + json.dumps(self.dose, sort_keys=True)
        if self.quantity is not None:
            return "quantity:" + json.dumps(self.quantity, sort_keys=True)
        return str(self.object)

    def with_score(self, confidence: float, tier: str) -> Candidate:
        return replace(self, confidence=round(confidence, 3), tier=tier)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (keys in ``CANDIDATE_FIELDS`` order)."""
        return {
            "id": self.id, "document": self.document, "subject": self.subject,
            "subject_label": self.subject_label, "relation": self.relation,
            "object": self.object, "object_label": self.object_label,
            "new_term": self.new_term.to_dict() if self.new_term else None,
            "quote": self.quote, "start": self.start, "end": self.end,
            "confidence": self.confidence, "tier": self.tier, "severity": self.severity,
            "context": self.context, "population": self.population,
            "frequency": self.frequency, "negated": self.negated,
            "dose": dict(self.dose) if self.dose is not None else None,
            "quantity": dict(self.quantity) if self.quantity is not None else None,
            "extractor": {"name": self.extractor[0], "version": self.extractor[1]},
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Candidate:
        """Read a candidate back from its dict form (``id`` is recomputed, not trusted)."""
        extractor = raw.get("extractor") or {}
        new_term = raw.get("new_term")
        return cls(
            document=str(raw["document"]), subject=str(raw["subject"]),
            relation=str(raw["relation"]), quote=str(raw["quote"]), start=int(raw["start"]),
            end=int(raw["end"]), subject_label=raw.get("subject_label"),
            object=raw.get("object"), object_label=raw.get("object_label"),
            new_term=NewTerm.from_dict(new_term) if new_term else None,
            confidence=float(raw.get("confidence", 0.0)), tier=str(raw.get("tier", "C")),
            severity=raw.get("severity"), context=raw.get("context"),
            population=raw.get("population"), frequency=raw.get("frequency"),
            negated=bool(raw.get("negated", False)), dose=raw.get("dose"),
            quantity=raw.get("quantity"),
            extractor=(str(extractor.get("name", "")), str(extractor.get("version", ""))))

    def to_statement_record(self) -> dict[str, Any]:
        """The statement-file mapping (canonical key order) plus the candidate-only keys."""
        record: dict[str, Any] = {"subject": self.subject, "relation": self.relation}
        if self.object is not None:
            record["object"] = self.object
        if self.dose is not None:
            record["dose"] = {k: self.dose[k] for k in DOSE_FIELDS
                              if self.dose.get(k) is not None}
        if self.quantity is not None:
            record["quantity"] = {k: self.quantity[k] for k in QUANTITY_FIELDS
                                  if self.quantity.get(k) is not None}
        for key in ("severity", "context", "population", "frequency"):
            if getattr(self, key) is not None:
                record[key] = getattr(self, key)
        if self.negated:
            record["negated"] = True
        record["confidence"] = self.confidence
        record["quote"] = self.quote
        ordered = {k: record[k] for k in STATEMENT_FIELDS if k in record}
        ordered.update({"candidate_id": self.id, "start": self.start, "end": self.end,
                        "tier": self.tier})
        if self.new_term is not None:
            ordered["new_term"] = self.new_term.to_dict()
        if self.subject_label is not None and self.subject_label != self.subject:
            ordered["subject_label"] = self.subject_label
        return ordered
