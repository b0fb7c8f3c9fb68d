"""The benchmark's hand annotations are data, tested as data (bioregistry style): every page has
its annotation, every statement a known relation, known keys and a quote that is an exact
span of the page, and every object the ontology lacks carries the label a curator gave it —
otherwise ``bench/bench_ingest.py`` would silently score against a typo."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES
from kg.sources.ontology import Ontology

ANNOTATIONS = sorted((FIXTURES / "ingest").glob("*.expected.yaml"))
RELATIONS = {"hasSideEffect", "hasWithdrawalSymptom", "indicatedFor", "usedOffLabelFor",
             "hasDrugClass", "hasMechanism", "targets", "interactsWith", "contraindicatedWith",
             "cautionIn", "hasDependencySign", "hasWithdrawalManagement", "hasWithdrawalAid",
             "hasDoseRange", "hasEliminationHalfLife", "brandName", "notAdministeredBy"}
KEYS = {"subject", "relation", "object", "object_label", "object_synonyms", "quote", "severity",
        "frequency", "dose", "quantity", "population", "context", "negated"}
SETS = {"with-rules", "development", "held-out"}


def page_of(annotation: Path) -> Path:
    stem = annotation.name.removesuffix(".expected.yaml")
    pages = [p for p in (annotation.with_name(stem + ".md"), annotation.with_name(stem + ".txt"))
             if p.exists()]
    assert len(pages) == 1, f"{annotation.name}: expected one page beside it, found {pages}"
    return pages[0]


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology.load()


def test_there_are_pages_of_every_set():
    sets = {yaml.safe_load(p.read_text(encoding="utf-8")).get("set") for p in ANNOTATIONS}
    assert {"development", "with-rules"} <= sets and sets <= SETS


@pytest.mark.parametrize("annotation", ANNOTATIONS, ids=lambda p: p.name)
def test_every_statement_is_well_formed_and_quoted_exactly(annotation: Path, ontology: Ontology):
    text = page_of(annotation).read_text(encoding="utf-8")
    data = yaml.safe_load(annotation.read_text(encoding="utf-8"))
    assert set(data) == {"set", "statements"} and data["set"] in SETS
    problems = []
    for n, item in enumerate(data["statements"], 1):
        where = f"{annotation.name} statement {n}"
        if set(item) - KEYS:
            problems.append(f"{where}: unknown keys {sorted(set(item) - KEYS)}")
        if item.get("relation") not in RELATIONS:
            problems.append(f"{where}: unknown relation {item.get('relation')!r}")
        if not item.get("subject") or item.get("quote", "") not in text or not item.get("quote"):
            problems.append(f"{where}: no subject, or a quote that is not a span of the page")
        relation = item.get("relation")
        if relation == "hasDoseRange":
            dose = item.get("dose") or {}
            if not ({"min", "max", "unit"} <= set(dose) and dose["min"] <= dose["max"]):
                problems.append(f"{where}: a dose needs min <= max and a unit")
        elif relation == "hasEliminationHalfLife":
            if not {"value", "unit"} <= set(item.get("quantity") or {}):
                problems.append(f"{where}: a half-life needs a value and a unit")
        elif not item.get("object"):
            problems.append(f"{where}: no object")
        elif relation != "brandName" and ontology.term(str(item["object"])) is None and \
                not item.get("object_label") and not str(item["object"]).islower():
            problems.append(f"{where}: {item['object']} is no ontology term and has no "
                            f"object_label")
    assert not problems, "\n".join(problems)
