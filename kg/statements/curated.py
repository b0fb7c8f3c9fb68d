"""Curated statements (``data/statements/*.yaml``): read, check, and write back canonically.

A statement is what one document says about one drug, with the verbatim quote that says it.
Reading is strict because these files are the single source of truth for facts: every problem
is reported with its file and line, all at once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from rdflib import OWL

from kg import paths
from kg.sources.corpus import Document
from kg.errors import KGError, KGErrors
from kg.sources.ontology import Ontology
from kg.vocab import PKG, PKG_IRI, UNITS
from kg.sources.yamlio import LineDict, bounded, load_yaml

#: Keys of a statement, in canonical order.
STATEMENT_FIELDS = ("subject", "relation", "object", "dose", "quantity", "severity", "context",
                    "population", "frequency", "negated", "occurrence", "note", "curation",
                    "reviewer", "extractor", "confidence", "quote")
DOSE_FIELDS = ("min", "max", "unit", "frequency", "population", "route")
QUANTITY_FIELDS = ("value", "unit")
EXTRACTOR_FIELDS = ("name", "version")
#: How a statement came to be: written by a person, or a machine proposal a person accepted as
#: it was or after editing it. No ``curation`` field means written by :data:`CURATORS`.
CURATION_STATUSES = ("written", "accepted", "edited")
#: The named agent the hand-written statements of the seed corpus are attributed to.
CURATORS = "pharmakg curators"
#: Properties that structure the graph but are not statements a document can make.
STRUCTURAL_PROPERTIES = frozenset(str(p) for p in (
    PKG.hasComponent, PKG.oppositeOf, PKG.minDose, PKG.maxDose, PKG.doseUnit, PKG.doseFrequency,
    PKG.population, PKG.route, PKG.numericValue, PKG.unit, PKG.severity, PKG.context,
    PKG.frequencyWords, PKG.negated, PKG.fromDocument, PKG.documentKind, PKG.sha256,
    PKG.mechanismTarget)) | {PKG_IRI + "curationStatus", PKG_IRI + "confidence"}
#: Qualifier fields whose values are ontology individuals of these classes.
QUALIFIER_CLASSES = {"severity": PKG.Severity, "context": PKG.StatementContext,
                     "population": PKG.Population}
QUOTE_CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Dose:
    """A recommended dose range as a source states it."""

    min: Decimal
    max: Decimal
    unit: str
    frequency: str | None = None
    population: str | None = None
    route: str | None = None


@dataclass(frozen=True)
class Quantity:
    """A value with a unit, e.g. an elimination half-life of 35 h."""

    value: Decimal
    unit: str


@dataclass(frozen=True)
class Statement:
    """One claim of one document, located by its quote."""

    document: str
    subject: str
    relation: str
    quote: str
    object: str | None = None
    dose: Dose | None = None
    quantity: Quantity | None = None
    severity: str | None = None
    context: str | None = None
    population: str | None = None
    frequency: str | None = None
    negated: bool = False
    occurrence: int = 1
    note: str | None = None
    curation: str | None = None
    reviewer: str | None = None
    extractor: tuple[str, str] | None = None
    confidence: Decimal | None = None
    start: int = 0
    path: Path | None = field(default=None, compare=False, repr=False)
    line: int | None = field(default=None, compare=False, repr=False)

    @property
    def end(self) -> int:
        return self.start + len(self.quote)

    def value_key(self) -> str:
        """The object as one sortable string (term name, literal, dose or quantity)."""
        if self.dose is not None:
            return "dose:" + json.dumps(_plain(self.dose), sort_keys=True)
        if self.quantity is not None:
            return "quantity:" + json.dumps(_plain(self.quantity), sort_keys=True)
        return str(self.object)

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.subject, self.relation, self.value_key(), self.quote)

    def identity(self) -> dict[str, Any]:
        """Everything that makes this statement what it is (not the curator's note)."""
        return {"document": self.document, "subject": self.subject, "relation": self.relation,
                "value": self.value_key(), "severity": self.severity, "context": self.context,
                "population": self.population, "frequency": self.frequency,
                "negated": self.negated, "quote": self.quote, "occurrence": self.occurrence}

    def digest(self) -> str:
        """Stable content hash, used to mint the evidence record's IRI."""
        canonical = json.dumps(self.identity(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]

    @property
    def curation_status(self) -> str:
        """``written``, ``accepted`` or ``edited`` (no field: written by a person)."""
        return self.curation or "written"

    @property
    def attributed_to(self) -> str:
        """Who vouches for the statement: its reviewer, else the project's curators."""
        return self.reviewer or CURATORS

    def prefix(self, text: str) -> str:
        return text[max(0, self.start - QUOTE_CONTEXT_CHARS):self.start]

    def suffix(self, text: str) -> str:
        return text[self.end:self.end + QUOTE_CONTEXT_CHARS]


def _plain(value: Dose | Quantity) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in vars(value).items()
            if v is not None}


#: Amounts a source can state (doses, half-lives, confidences): finite, 0 to a million, at most
#: 6 decimals and 15 significant digits. Anything else is a typo, and a wrong fact must be
#: refused, not stored (``.inf`` used to reach the graph as "Infinity").
MAX_AMOUNT = Decimal(1_000_000)
MAX_DECIMALS = 6
MAX_DIGITS = 15


def _decimal(raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise ValueError(f"must be a number, got {str(raw)[:40]!r}")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise ValueError(f"must be a number, got {str(raw)[:40]!r}") from None
    if not value.is_finite():
        raise ValueError(f"must be a finite number, got {str(raw)[:40]!r}")
    if not 0 <= value <= MAX_AMOUNT:
        raise ValueError(f"must be between 0 and {MAX_AMOUNT}, got {str(raw)[:40]!r}")
    digits, exponent = value.as_tuple().digits, int(value.as_tuple().exponent)
    while digits and digits[-1] == 0 and exponent < 0:  # 1.50 has two decimals, not three
        digits, exponent = digits[:-1], exponent + 1
    if len(digits) > MAX_DIGITS or exponent < -MAX_DECIMALS:
        raise ValueError(f"must have at most {MAX_DIGITS} digits and {MAX_DECIMALS} decimals, "
                         f"got {str(raw)[:40]!r}")
    return value


class _Checker:
    """Collects every problem of one file instead of stopping at the first."""

    def __init__(self, path: Path, ontology: Ontology, documents: dict[str, Document]) -> None:
        self.path = path
        self.ontology = ontology
        self.documents = documents
        self.errors: list[KGError] = []

    def error(self, message: str, line: int | None) -> None:
        self.errors.append(KGError(bounded(message), path=self.path, line=line))

    def term(self, name: Any, line: int | None, what: str, *, expect: Any = None) -> str | None:
        if not isinstance(name, str) or not name:
            self.error(f"{what} must be an ontology term name, got {name!r}", line)
            return None
        term = self.ontology.term(name)
        if term is None:
            self.error(f"unknown {what} term {name!r} (not in the ontology)", line)
            return None
        if expect is not None and expect not in self.ontology.classes_of(term.iri):
            self.error(f"{what} {name!r} is not a {str(expect).rsplit('/', 1)[-1]}", line)
            return None
        return name

    def statement(self, raw: Any, doc: Document, item_line: int | None = None) -> Statement | None:
        line = getattr(raw, "line", item_line)
        if not isinstance(raw, dict):
            self.error("a statement must be a mapping of fields", line)
            return None
        lines: dict[str, int] = getattr(raw, "key_lines", {})
        before = len(self.errors)
        for key in raw:
            if key not in STATEMENT_FIELDS:
                self.error(f"unknown field {key!r} (allowed: {', '.join(STATEMENT_FIELDS)})",
                           lines.get(str(key), line))
        for key in ("subject", "relation", "quote"):
            if key not in raw or raw[key] in (None, ""):
                self.error(f"missing field {key!r}", line)
        values = [k for k in ("object", "dose", "quantity") if k in raw]
        if len(values) != 1:
            self.error("give exactly one of object, dose, quantity", line)
        if len(self.errors) > before:
            return None

        subject = raw["subject"]
        subj_term = self.term(subject, lines.get("subject"), "subject")
        if subj_term and not ({PKG.Drug, PKG.DrugCombination}
                              & self.ontology.classes_of(self.ontology.terms[subject].iri)):
            self.error(f"subject {subject!r} is not a drug or drug combination",
                       lines.get("subject"))
        relation = raw["relation"]
        rel_term = self.ontology.term(relation) if isinstance(relation, str) else None
        if rel_term is None or not rel_term.is_property or \
                str(rel_term.iri) in STRUCTURAL_PROPERTIES:
            self.error(f"unknown relation {relation!r}", lines.get("relation"))
            return None

        obj = dose = quantity = None
        if "object" in raw:
            obj = self._object(raw["object"], rel_term, lines.get("object"))
        elif "dose" in raw:
            dose = self._dose(raw["dose"], lines.get("dose"))
        else:
            quantity = self._quantity(raw["quantity"], lines.get("quantity"))
        qualifiers = {}
        for key, cls in QUALIFIER_CLASSES.items():
            if raw.get(key) is not None:
                qualifiers[key] = self.term(raw[key], lines.get(key), key, expect=cls)
        for key in ("frequency", "note"):
            if key in raw and not isinstance(raw[key], str):
                self.error(f"{key} must be text", lines.get(key))
        negated = raw.get("negated", False)
        if not isinstance(negated, bool):
            self.error("negated must be true or false", lines.get("negated"))
        occurrence = raw.get("occurrence", 1)
        if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
            self.error("occurrence must be a whole number from 1", lines.get("occurrence"))
            occurrence = 1
        provenance = self._provenance(raw, lines, line)
        quote = raw["quote"]
        start = self._locate(quote, occurrence, doc, lines.get("quote", line))
        if len(self.errors) > before:
            return None
        return Statement(
            document=doc.id, subject=subject, relation=relation, quote=quote, object=obj,
            dose=dose, quantity=quantity, severity=qualifiers.get("severity"),
            context=qualifiers.get("context"), population=qualifiers.get("population"),
            frequency=raw.get("frequency"), negated=negated, occurrence=occurrence,
            note=raw.get("note"), **provenance, start=start, path=self.path, line=line)

    def _provenance(self, raw: dict, lines: dict[str, int], line: int | None) -> dict[str, Any]:
        """curation / reviewer / extractor / confidence, checked together."""
        curation = raw.get("curation")
        if curation is not None and curation not in CURATION_STATUSES:
            self.error(f"curation must be one of {', '.join(CURATION_STATUSES)}, got {curation!r}",
                       lines.get("curation", line))
            return {}
        reviewer = raw.get("reviewer")
        if reviewer is not None and (not isinstance(reviewer, str) or not reviewer.strip()):
            self.error("reviewer must be a person's name", lines.get("reviewer", line))
        machine = curation in ("accepted", "edited")
        if curation is None and any(k in raw for k in ("reviewer", "extractor", "confidence")):
            self.error("reviewer, extractor and confidence need a curation field",
                       lines.get("curation", line))
        if machine and not reviewer:
            self.error(f"curation {curation!r} needs the reviewer who checked it", line)
        if machine != ("extractor" in raw):
            self.error("extractor is given exactly for accepted or edited machine proposals",
                       lines.get("extractor", line))
        if "confidence" in raw and not machine:
            self.error("confidence is only for machine proposals", lines.get("confidence", line))
        extractor = raw.get("extractor")
        if extractor is not None:
            if not isinstance(extractor, dict) or set(extractor) != set(EXTRACTOR_FIELDS) or \
                    not all(isinstance(v, str) and v for v in extractor.values()):
                self.error("extractor must be a mapping with name and version (text)",
                           lines.get("extractor", line))
                extractor = None
            else:
                extractor = (extractor["name"], extractor["version"])
        confidence = None
        if raw.get("confidence") is not None:
            try:
                confidence = _decimal(raw["confidence"])
                if not 0 <= confidence <= 1:
                    raise ValueError(f"{confidence} is outside 0..1")
            except ValueError as exc:
                self.error(f"confidence: {exc}", lines.get("confidence", line))
        return {"curation": curation, "reviewer": reviewer if isinstance(reviewer, str) else None,
                "extractor": extractor, "confidence": confidence}

    def _object(self, value: Any, rel_term: Any, line: int | None) -> str | None:
        if OWL.DatatypeProperty in rel_term.kinds:
            if not isinstance(value, str) or not value.strip():
                self.error(f"{rel_term.local_name} takes text, got {value!r}", line)
            return value
        name = self.term(value, line, "object")
        if name and rel_term.iri == PKG.hasDrugClass and not self.ontology.terms[name].is_class:
            self.error(f"hasDrugClass takes a drug class, {name!r} is not a class", line)
            return name
        if name and not self.ontology.fits_range(self.ontology.terms[name].iri, rel_term.iri):
            allowed = ", ".join(sorted(str(r).rsplit("/", 1)[-1]
                                       for r in self.ontology.range_of(rel_term.iri)))
            self.error(f"object {name!r} is outside the range of {rel_term.local_name} "
                       f"({allowed})", line)
        return name

    def _fields(self, raw: Any, what: str, allowed: tuple[str, ...], line: int | None) -> bool:
        """Whether ``raw`` is a mapping (reported if not); unknown fields are reported."""
        if not isinstance(raw, dict):
            self.error(f"{what} must be a mapping", line)
            return False
        unknown = sorted(set(raw) - set(allowed))
        if unknown:
            self.error(f"unknown {what} field(s) {', '.join(unknown)}", line)
        return True

    def _dose(self, raw: Any, line: int | None) -> Dose | None:
        if not self._fields(raw, "dose", DOSE_FIELDS, line):
            return None
        low, high = self._amount(raw, "min", "dose", line), self._amount(raw, "max", "dose", line)
        if low is None or high is None:
            return None
        if low > high:
            self.error(f"dose min {low} is above max {high}", line)
        if not isinstance(raw.get("unit"), str) or raw["unit"] not in UNITS:
            self.error(f"dose unit {raw.get('unit')!r} unknown (use one of {', '.join(UNITS)})",
                       line)
        if raw.get("frequency") is not None and not isinstance(raw["frequency"], str):
            self.error("dose frequency must be text", line)
        population = raw.get("population")
        if population is not None:
            self.term(population, line, "population", expect=PKG.Population)
        route = raw.get("route")
        if route is not None:
            self.term(route, line, "route", expect=PKG.Route)
        return Dose(min=low, max=high, unit=str(raw.get("unit")), frequency=raw.get("frequency"),
                    population=population, route=route)

    def _amount(self, raw: dict, key: str, what: str, line: int | None) -> Decimal | None:
        """``raw[key]`` as a checked amount, or None after reporting at the key's line."""
        try:
            return _decimal(raw.get(key))
        except ValueError as exc:
            self.error(f"{what} {key} {exc}", getattr(raw, "key_lines", {}).get(key, line))
            return None

    def _quantity(self, raw: Any, line: int | None) -> Quantity | None:
        if not self._fields(raw, "quantity", QUANTITY_FIELDS, line):
            return None
        value = self._amount(raw, "value", "quantity", line)
        if value is None:
            return None
        if not isinstance(raw.get("unit"), str) or raw["unit"] not in UNITS:
            self.error(f"quantity unit {raw.get('unit')!r} unknown "
                       f"(use one of {', '.join(UNITS)})", line)
        return Quantity(value=value, unit=str(raw.get("unit")))

    def _locate(self, quote: Any, occurrence: int, doc: Document, line: int | None) -> int:
        if not isinstance(quote, str):
            self.error("quote must be text", line)
            return 0
        starts = []
        position = doc.text.find(quote)
        while position != -1:
            starts.append(position)
            position = doc.text.find(quote, position + 1)
        if not starts:
            self.error(f"quote is not an exact substring of document {doc.id}: {quote[:60]!r}",
                       line)
            return 0
        if occurrence > len(starts):
            self.error(f"occurrence {occurrence} asked, quote appears {len(starts)} time(s)",
                       line)
            return 0
        return starts[occurrence - 1]


def load_statement_file(path: Path, ontology: Ontology,
                        documents: dict[str, Document]) -> list[Statement]:
    """Read and check one statements file; raise :class:`KGErrors` listing every problem."""
    data = load_yaml(path)
    checker = _Checker(path, ontology, documents)
    if not isinstance(data, dict):
        raise KGError("expected a mapping with 'document' and 'statements'", path=path, line=1)
    unknown = sorted(set(data) - {"document", "statements"})
    if unknown:
        raise KGError(bounded(f"unknown top-level key(s) {', '.join(unknown)}"), path=path, line=1)
    doc_id = str(data.get("document"))
    if doc_id != path.stem:
        raise KGError(bounded(f"document {doc_id!r} does not match the file name {path.name}"),
                      path=path, line=getattr(data, "key_lines", {}).get("document", 1))
    if doc_id not in documents:
        raise KGError(bounded(f"no corpus document {doc_id!r}"), path=path, line=1)
    raw_statements = data.get("statements")
    if not isinstance(raw_statements, list):
        raise KGError("'statements' must be a list", path=path,
                      line=getattr(data, "key_lines", {}).get("statements", 1))
    statements: list[Statement] = []
    seen: dict[str, int | None] = {}
    item_lines = getattr(raw_statements, "item_lines", [None] * len(raw_statements))
    for raw, item_line in zip(raw_statements, item_lines):
        statement = checker.statement(raw, documents[doc_id], item_line)
        if statement is None:
            continue
        key = statement.digest()
        if key in seen:
            checker.error(f"duplicate statement (first at line {seen[key]})", statement.line)
            continue
        seen[key] = statement.line
        statements.append(statement)
    if checker.errors:
        raise KGErrors(checker.errors)
    return statements


def statement_files(statements_dir: Path | None = None) -> list[Path]:
    return sorted((statements_dir or paths.statements_dir()).glob("*.yaml"))


def load_statements(ontology: Ontology, documents: dict[str, Document],
                    statements_dir: Path | None = None) -> list[Statement]:
    """Every statement of every file, problems of all files reported together."""
    errors: list[KGError] = []
    statements: list[Statement] = []
    for path in statement_files(statements_dir):
        try:
            statements.extend(load_statement_file(path, ontology, documents))
        except KGErrors as exc:
            errors.extend(exc.errors)
        except KGError as exc:
            errors.append(exc)
    if errors:
        raise KGErrors(errors)
    return sorted(statements, key=lambda s: (s.document, *s.sort_key()))


def to_yaml_record(statement: Statement) -> dict[str, Any]:
    """The statement as a mapping in canonical key order, defaults left out."""
    record: dict[str, Any] = {"subject": statement.subject, "relation": statement.relation}
    if statement.object is not None:
        record["object"] = statement.object
    for key, value in (("dose", statement.dose), ("quantity", statement.quantity)):
        if value is not None:
            record[key] = {k: (int(v) if isinstance(v, Decimal) and v == v.to_integral_value()
                               else float(v) if isinstance(v, Decimal) else v)
                           for k, v in vars(value).items() if v is not None}
    for key in ("severity", "context", "population", "frequency"):
        if getattr(statement, key) is not None:
            record[key] = getattr(statement, key)
    if statement.negated:
        record["negated"] = True
    if statement.occurrence != 1:
        record["occurrence"] = statement.occurrence
    if statement.note is not None:
        record["note"] = statement.note
    if statement.curation is not None:
        record["curation"] = statement.curation
    if statement.reviewer is not None:
        record["reviewer"] = statement.reviewer
    if statement.extractor is not None:
        record["extractor"] = dict(zip(EXTRACTOR_FIELDS, statement.extractor))
    if statement.confidence is not None:
        record["confidence"] = float(statement.confidence)
    record["quote"] = statement.quote
    return record


def canonical_text(document_id: str, statements: list[Statement]) -> str:
    """The one accepted text of a statements file: sorted statements, canonical keys."""
    records = [to_yaml_record(s) for s in sorted(statements, key=Statement.sort_key)]
    body = yaml.safe_dump({"document": document_id, "statements": records}, sort_keys=False,
                          allow_unicode=True, width=4096, default_flow_style=False, indent=2)
    return body


def is_canonical(path: Path, statements: list[Statement]) -> bool:
    return path.read_text(encoding="utf-8") == canonical_text(path.stem, statements)


__all__ = ["Dose", "Quantity", "Statement", "LineDict", "load_statements", "load_statement_file",
           "canonical_text", "is_canonical", "statement_files"]
