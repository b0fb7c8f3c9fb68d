"""Accept, edit or reject one candidate; accept a whole tier.

A decision is saved the moment it is made (review file, statement file, added terms, all
under the curation lock and each written atomically), so an interrupted review loses nothing
already decided. An accepted candidate becomes a canonical statement in
``data/statements/<doc>.yaml`` carrying who checked it and which extractor proposed it; the
statement is checked by the same loader the build uses before anything is written.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg import paths
from kg.atomic import atomic_open
from kg.sources.corpus import load_corpus
from kg.curation.documents import add_about
from kg.curation.lock import curation_lock
from kg.curation.review import ReviewFile, dump_yaml
from kg.curation.terms import check_term, term_triples
from kg.errors import KGError, KGErrors
from kg.sources.ontology import Ontology
from kg.statements.curated import (STATEMENT_FIELDS, Statement, canonical_text, load_statement_file,
                           to_yaml_record)
from kg.vocab import PKG

#: Candidate fields a reviewer may change, and the statement field each one fills.
EDITABLE = ("subject", "relation", "object", "dose", "quantity", "severity", "context",
            "population", "frequency", "negated", "start", "end", "new_term", "note")
QUALIFIERS = ("severity", "context", "population", "frequency")


@dataclass(frozen=True)
class Decision:
    """What became of one candidate."""

    candidate: str
    decision: str
    statement: dict[str, Any] | None = None
    new_terms: list[dict[str, Any]] | None = None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def decide(document: str, candidate_id: str, action: str, *, reviewer: str,
           edits: dict[str, Any] | None = None) -> Decision:
    """``action`` is ``accept`` (with optional ``edits``) or ``reject``; saved at once."""
    if action not in ("accept", "reject"):
        raise KGError(f"unknown action {action!r} (accept or reject)")
    unknown = sorted(set(edits or {}) - set(EDITABLE))
    if unknown:
        raise KGError(f"cannot edit {', '.join(unknown)} (editable: {', '.join(EDITABLE)})")
    with curation_lock():
        review = ReviewFile.load(document)
        candidate = review.candidate(candidate_id)
        earlier = review.decisions.get(candidate_id)
        if earlier is not None:
            raise KGError(f"candidate {candidate_id} was already {earlier['decision']} by "
                          f"{earlier.get('reviewer')}", path=review.path)
        if action == "reject":
            decision = Decision(candidate_id, "rejected")
        else:
            decision = _accept(review, candidate, edits or {}, reviewer)
        record: dict[str, Any] = {"decision": decision.decision, "reviewer": reviewer,
                                  "at": _now()}
        if decision.statement is not None:
            record["statement"] = decision.statement
        if decision.new_terms:
            record["new_terms"] = decision.new_terms
        review.decisions[candidate_id] = record
        review.save()
    return decision


def accept_tier(document: str, tiers: tuple[str, ...], *,
                reviewer: str) -> tuple[list[Decision], list[tuple[str, KGError]]]:
    """Accept every undecided candidate of ``tiers`` as proposed, one saved decision each.
    A candidate the loader refuses (e.g. an object outside the relation's range) is left
    undecided and returned with its reason, not forced in."""
    decisions, refused = [], []
    for candidate in ReviewFile.load(document).undecided(tiers):
        try:
            decisions.append(decide(document, candidate["id"], "accept", reviewer=reviewer))
        except KGError as exc:
            refused.append((candidate["id"], exc))
    return decisions, refused


def _merged(candidate: dict[str, Any], edits: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The candidate with the reviewer's edits applied, and whether anything changed."""
    merged = dict(candidate)
    changed = False
    for key, value in edits.items():
        if key == "new_term" and value is not None and candidate.get("new_term"):
            value = {**candidate["new_term"], **value}
        if value != candidate.get(key):
            changed = True
        merged[key] = value
    return merged, changed


def statement_record(merged: dict[str, Any], text: str, *, edited: bool, reviewer: str,
                     extractor: dict[str, str] | None) -> dict[str, Any]:
    """The statement-file record for an accepted candidate (canonical key order)."""
    start, end = merged["start"], merged["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise KGError(f"quote span {start}:{end} is outside the document")
    quote = text[start:end]
    occurrence, position = 0, -1
    while position < start:
        position = text.find(quote, position + 1)
        occurrence += 1
    record: dict[str, Any] = {"subject": merged["subject"], "relation": merged["relation"]}
    for key in ("object", "dose", "quantity"):
        if merged.get(key) not in (None, ""):
            record[key] = merged[key]
            break
    for key in QUALIFIERS:
        if merged.get(key) not in (None, ""):
            record[key] = merged[key]
    if merged.get("negated"):
        record["negated"] = True
    if occurrence != 1:
        record["occurrence"] = occurrence
    if merged.get("note"):
        record["note"] = merged["note"]
    record["curation"] = "edited" if edited else "accepted"
    record["reviewer"] = reviewer
    source = merged.get("extractor") or extractor
    if not source or not source.get("name") or not source.get("version"):
        raise KGError(f"candidate {merged['id']} does not name the extractor that proposed it")
    record["extractor"] = {"name": str(source["name"]), "version": str(source["version"])}
    if merged.get("confidence") is not None:
        record["confidence"] = merged["confidence"]
    record["quote"] = quote
    return {k: record[k] for k in STATEMENT_FIELDS if k in record}


def _check_statement(record: dict[str, Any], document: str, ontology: Ontology,
                     documents: dict) -> Statement:
    """Run the build's own statement checks on the one new record."""
    with tempfile.TemporaryDirectory(prefix="kg-curate-") as tmp:
        path = Path(tmp) / f"{document}.yaml"
        path.write_text(dump_yaml({"document": document, "statements": [record]}),
                        encoding="utf-8")
        try:
            return load_statement_file(path, ontology, documents)[0]
        except KGErrors as exc:
            raise KGError("the statement would be refused: "
                          + "; ".join(e.message for e in exc.errors)) from None
        except KGError as exc:
            raise KGError(f"the statement would be refused: {exc.message}") from None


def _accept(review: ReviewFile, candidate: dict[str, Any], edits: dict[str, Any],
            reviewer: str) -> Decision:
    documents = load_corpus()
    if review.document not in documents:
        raise KGError(f"document {review.document} is not in the corpus")
    text = documents[review.document].text
    merged, edited = _merged(candidate, edits)
    ontology = Ontology.load()
    proposed = [merged["new_term"]] if merged.get("new_term") else []
    if ontology.term(str(merged["subject"])) is None and \
            all(t.get("id") != merged["subject"] for t in proposed):
        # the extractor names a drug the ontology lacks without proposing it as a term
        proposed.append({"id": merged["subject"], "kind": "drug", "xrefs": [], "synonyms": [],
                         "label": merged.get("subject_label") or merged["subject"]})
    terms = []
    for raw in proposed:
        if ontology.term(str(raw.get("id"))) is None and \
                raw.get("id") in (merged["subject"], merged.get("object")):
            term = check_term(raw, ontology)
            ontology = Ontology(ontology.graph + term_triples(term, review.document, reviewer))
            terms.append(term)
    record = statement_record(merged, text, edited=edited, reviewer=reviewer,
                              extractor=review.extractor)
    statement = _check_statement(record, review.document, ontology, documents)
    target = paths.statements_dir() / f"{review.document}.yaml"
    existing = load_statement_file(target, ontology, documents) if target.is_file() else []
    from kg.curation.terms import add_term

    for term in terms:
        add_term(term, review.document, reviewer)
    if statement.digest() not in {s.digest() for s in existing}:
        with atomic_open(target) as handle:
            handle.write(canonical_text(review.document, existing + [statement]))
    subject = ontology.term(statement.subject)
    if subject is not None and PKG.Drug in ontology.classes_of(subject.iri):
        add_about(review.document, statement.subject)
    return Decision(candidate["id"], "edited" if edited else "accepted",
                    statement=to_yaml_record(statement), new_terms=terms or None)
