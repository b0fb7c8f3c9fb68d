"""The KGX export, checked by KGX itself (offline): ``kgx validate`` finds nothing and
``kgx transform`` to N-Triples gives back the project's IRIs."""

from __future__ import annotations

import json

import pytest

from kg.exports.rdf import export
from tests.interop import kgx, run


@pytest.fixture(scope="module")
def kgx_dir(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("kgx") / "kgx"
    export(built, "kgx", out)
    return out


def test_kgx_validate_clean(kgx_dir, tmp_path):
    report = tmp_path / "report.json"
    done = run([*kgx(), "validate", "-i", "tsv", "-o", str(report),
                str(kgx_dir / "nodes.tsv"), str(kgx_dir / "edges.tsv")])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert json.loads(report.read_text() or "{}") == {}


def test_kgx_transform_keeps_iris(kgx_dir, tmp_path):
    out = tmp_path / "graph.nt"
    done = run([*kgx(), "transform", "-i", "tsv", "-f", "nt", "-o", str(out),
                str(kgx_dir / "nodes.tsv"), str(kgx_dir / "edges.tsv")])
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text()
    assert "example.org/UNKNOWN" not in text
    assert ("<https://w3id.org/pharmakg/ontology/amitriptyline> "
            "<https://w3id.org/biolink/vocab/category> <https://w3id.org/biolink/vocab/Drug> .") \
        in text


def test_kgx_predicates_are_not_mixins(kgx_dir):
    import yaml
    from pathlib import Path

    import biolink_model

    model = yaml.safe_load((Path(list(biolink_model.__path__)[0]) / "schema"
                            / "biolink_model.yaml").read_text())
    rows = [line.split("\t") for line in (kgx_dir / "edges.tsv").read_text().splitlines()[1:]]
    for predicate in {row[2] for row in rows}:
        slot = model["slots"][predicate.split(":", 1)[1].replace("_", " ")]
        assert not slot.get("mixin"), predicate
