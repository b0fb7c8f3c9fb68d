"""HPO / ICD-10-CM mappings and body systems (``ontology/pharmakg-xrefs.ttl``) and the queries
that group side effects by body system, on the seed graph.

Answers come from the documents and HPO 2025-01-16:
- 000/001 list dizziness, drowsiness, blurred vision and weight gain for amitriptyline, 004 the
  same four for pregabalin ("shared-side-effects" in tests/test_queries.py);
- HPO: Drowsiness (HP:0002329) is under Abnormality of the nervous system (HP:0000707);
  "Dizziness" is a lay synonym of Vertigo (HP:0002321), under Abnormality of the ear
  (HP:0000598); Blurred vision (HP:0000622) under Abnormality of the eye (HP:0000478).
"""

from __future__ import annotations

import pytest

from kg import paths
from kg.lexicons import load_phenotypes
from kg.lexicons.xrefs import XREFS_FILE, generate
from kg.query.named import run_named_query
from kg.store import open_store

OBO = "http://purl.obolibrary.org/obo/"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(home=tmp_path_factory.mktemp("body-home")) as opened:
        yield opened


def rows(result) -> list[tuple[str, str]]:
    return [(r["systemLabel"], r["effectLabel"]) for r in result.rows]


def test_the_checked_in_mapping_file_is_current():
    on_disk = (paths.ontology_dir() / XREFS_FILE).read_text(encoding="utf-8")
    assert generate() == on_disk, "run: python -m kg.lexicons.xrefs"


def test_every_body_system_in_the_file_comes_from_hpo():
    phen = load_phenotypes()
    text = (paths.ontology_dir() / XREFS_FILE).read_text(encoding="utf-8")
    mapped = {}
    for block in text.split(" .\n"):
        if "skos:" in block and "obo:HP_" in block:
            ids = [w.rstrip(";").replace("obo:HP_", "HP:") for w in block.split()
                   if w.startswith("obo:HP_")]
            mapped[ids[0]] = ids[1:]
    assert mapped["HP:0002321"] == ["HP:0000598"]        # pkg:Dizziness → Vertigo → ear
    for term, systems in mapped.items():
        assert systems == [s.id for s in phen.body_systems(term)]


def test_side_effects_by_body_system(store):
    found = rows(run_named_query(store, "side-effects-by-body-system", {"drug": "Elavil"}))
    assert ("Abnormality of the nervous system", "drowsiness") in found
    assert ("Abnormality of the ear", "dizziness") in found
    assert ("Abnormality of the eye", "blurred vision") in found
    assert found == sorted(found)


def test_shared_side_effects_by_body_system(store):
    both = {"drug1": "amitriptyline", "drug2": "pregabalin"}
    found = rows(run_named_query(store, "shared-side-effects-by-body-system", both))
    assert found == [("Abnormality of the ear", "dizziness"),
                     ("Abnormality of the eye", "blurred vision"),
                     ("Abnormality of the nervous system", "drowsiness"),
                     ("Growth abnormality", "weight gain")]
    nervous = run_named_query(store, "shared-side-effects-by-body-system",
                              {**both, "system": "Nervous System"})
    assert rows(nervous) == [("Abnormality of the nervous system", "drowsiness")]
    assert nervous.rows[0]["system"] == OBO + "HP_0000707"
    none = run_named_query(store, "shared-side-effects-by-body-system",
                           {**both, "system": "cardiovascular"})
    assert none.rows == []
