"""Exports: every RDF format round-trips to an isomorphic graph and parses with pyoxigraph;
RDF/XML loads in owlready2; GraphML/GEXF load back in NetworkX; Neo4j and KGX directories have
the expected headers; output is byte-identical across processes and written atomically."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.exports.rdf import DATASET_FORMATS, FORMATS, SCOPES, export, property_graph, scoped_dataset, \
    scoped_graph

RDF_FORMATS = [f for f, spec in FORMATS.items() if spec.rdf]


def _diff(expected: Graph, got: Graph) -> str:
    _both, only_expected, only_got = graph_diff(to_isomorphic(expected), to_isomorphic(got))
    lines = [f"- {t}" for t in sorted(only_expected)[:20]] + [f"+ {t}" for t in sorted(only_got)[:20]]
    return "\n".join(lines)


def _parse(fmt: str, data: bytes) -> Graph:
    spec = FORMATS[fmt]
    if fmt in DATASET_FORMATS:
        ds = Dataset()
        ds.parse(data=data, format=spec.rdf)
        graph = Graph()
        for s, p, o, _g in ds.quads():
            graph.add((s, p, o))
        return graph
    return Graph().parse(data=data, format=spec.rdf)


@pytest.mark.parametrize("fmt", RDF_FORMATS)
@pytest.mark.parametrize("scope", list(SCOPES))
def test_rdf_round_trip_isomorphic(mini_built, fmt, scope):
    data = export(mini_built, fmt, None, scope)
    got = _parse(fmt, data)
    expected = scoped_graph(mini_built, scope)
    assert isomorphic(expected, got), _diff(expected, got)


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_real_graph_round_trip_and_pyoxigraph(built, fmt):
    import pyoxigraph as ox

    data = export(built, fmt, None)
    expected = scoped_graph(built)
    got = _parse(fmt, data)
    assert isomorphic(expected, got), _diff(expected, got)
    ox_format = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                 "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                 "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}[FORMATS[fmt].rdf]
    parsed = list(ox.parse(data, format=ox_format))
    assert len(parsed) == len(expected)


@pytest.mark.parametrize("fmt", DATASET_FORMATS)
def test_dataset_formats_keep_named_graphs_apart(mini_built, fmt):
    ds = Dataset()
    ds.parse(data=export(mini_built, fmt, None), format=FORMATS[fmt].rdf)
    expected = scoped_dataset(mini_built)
    for graph in expected.graphs():
        if len(graph):
            assert isomorphic(ds.graph(graph.identifier), graph)


def test_jsonld_has_compact_context(mini_built):
    import json

    doc = json.loads(export(mini_built, "jsonld", None))
    assert doc["@context"]["pkg"] == "https://w3id.org/pharmakg/ontology/"
    ids = {node["@id"] for node in doc["@graph"]}
    assert "pkg:drugzepam" in ids


def test_rdfxml_loads_in_owlready2(built):
    import owlready2

    world = owlready2.World()
    world.get_ontology("https://w3id.org/pharmakg/ontology").load(
        fileobj=io.BytesIO(export(built, "rdfxml", None, "all")), format="rdfxml")
    tca = world["https://w3id.org/pharmakg/ontology/TricyclicAntidepressant"]
    assert world["https://w3id.org/pharmakg/ontology/Antidepressant"] in tca.ancestors()
    assert world["https://w3id.org/pharmakg/ontology/amitriptyline"] is not None
    world.close()


def test_graphml_full_graph_loads_back(built):
    """``full=True`` is the whole RDF graph: NetworkX reads every node and edge back."""
    import networkx as nx

    got = nx.read_graphml(io.BytesIO(export(built, "graphml", None, full=True)))
    expected = property_graph(built)
    assert got.number_of_nodes() == len(expected.nodes) > 100
    assert got.number_of_edges() == len(expected.edges) > 100
    node = next(a for _n, a in got.nodes(data=True)
                if a["iri"] == "https://w3id.org/pharmakg/ontology/amitriptyline")
    assert node["label"] == "amitriptyline" and "pkg:Drug" in node["types"]


def test_neo4j_directory(built, tmp_path):
    out = tmp_path / "neo4j"
    export(built, "neo4j", out)
    assert sorted(p.name for p in out.iterdir()) == ["nodes.csv", "relationships.csv"]
    nodes = list(csv.reader(io.StringIO((out / "nodes.csv").read_text())))
    rels = list(csv.reader(io.StringIO((out / "relationships.csv").read_text())))
    assert nodes[0][0] == "iri:ID" and nodes[0][-1] == ":LABEL"
    assert rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    amitriptyline = next(r for r in nodes if r[0].endswith("/amitriptyline"))
    assert "Drug" in amitriptyline[-1].split("|")
    assert any(r[2] == "hasSideEffect" for r in rels[1:])


def test_kgx_directory(built, tmp_path):
    out = tmp_path / "kgx"
    export(built, "kgx", out)
    nodes = [line.split("\t") for line in (out / "nodes.tsv").read_text().splitlines()]
    edges = [line.split("\t") for line in (out / "edges.tsv").read_text().splitlines()]
    assert nodes[0][:3] == ["id", "category", "name"]
    assert edges[0][:4] == ["id", "subject", "predicate", "object"]
    category = {row[0]: row[1] for row in nodes[1:]}
    assert category["pkg:amitriptyline"] == "biolink:Drug"
    assert category["pkg:Dizziness"] == "biolink:PhenotypicFeature"
    assert category["pkg:GeneralizedAnxietyDisorder"] == "biolink:DiseaseOrPhenotypicFeature"
    assert all(row[2].startswith("biolink:") for row in edges[1:])
    side = [row for row in edges[1:] if row[4] == "pkg:hasSideEffect"]
    assert side and all(row[2] == "biolink:has_side_effect" and row[5] for row in side)
    assert {row[1] for row in edges[1:]} | {row[3] for row in edges[1:]} <= set(category)


_EXPORT_SCRIPT = """
import sys
from pathlib import Path
from kg.build.graph import build
from kg.sources.corpus import load_corpus
from kg.sources.ontology import Ontology
from kg.exports.rdf import export
mini = Path(sys.argv[1])
b = build(Ontology.load(mini / "ontology" / "pharmakg.ttl"), load_corpus(mini / "data" / "corpus"),
          statements_dir=mini / "data" / "statements")
out = Path(sys.argv[2])
for fmt in sys.argv[3:]:
    export(b, fmt, out / fmt)
"""


def test_exports_byte_identical_across_processes(tmp_path):
    from tests.conftest import MINI

    formats = list(FORMATS)
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        env_seed = {"a": "1", "b": "2"}[run]
        subprocess.run([sys.executable, "-c", _EXPORT_SCRIPT, str(MINI), str(tmp_path / run),
                        *formats], check=True, env={"PYTHONHASHSEED": env_seed,
                                                    "PATH": "/usr/bin:/bin"})
    for fmt in formats:
        a, b = tmp_path / "a" / fmt, tmp_path / "b" / fmt
        if a.is_dir():
            assert sorted(x.name for x in a.iterdir()) == sorted(x.name for x in b.iterdir())
            for f in a.iterdir():
                assert f.read_bytes() == (b / f.name).read_bytes(), f"{fmt}/{f.name} differs"
        else:
            assert a.read_bytes() == b.read_bytes(), f"{fmt} differs between processes"


def test_file_export_atomic_on_failure(mini_built, tmp_path, monkeypatch):
    """A failure while writing leaves the previous file untouched and no temporary files."""
    import kg.atomic

    out = tmp_path / "graph.jsonld"
    out.write_bytes(b"old")
    real_fdopen = kg.atomic.os.fdopen

    class Failing:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()
            return False

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise KeyboardInterrupt("simulated interrupt mid-write")

    monkeypatch.setattr(kg.atomic.os, "fdopen", lambda *a, **k: Failing(real_fdopen(*a, **k)))
    with pytest.raises(KeyboardInterrupt):
        export(mini_built, "jsonld", out)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.jsonld"]


def test_directory_export_atomic_on_failure(mini_built, tmp_path, monkeypatch):
    import kg.exports.rdf

    out = tmp_path / "neo4j"
    export(mini_built, "neo4j", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_open = open
    calls = {"n": 0}

    def failing_open(path, mode="r", *args, **kwargs):
        if "w" in mode:
            calls["n"] += 1
            if calls["n"] == 2:  # the second file of the directory
                raise OSError("simulated disk full")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(kg.exports.rdf, "open", failing_open, raising=False)
    with pytest.raises(OSError):
        export(mini_built, "neo4j", out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["neo4j"]


def test_cli_export_formats(tmp_path, kg_env):
    from tests.conftest import KG_BIN

    out = tmp_path / "kgx"
    done = subprocess.run([str(KG_BIN), "export", "--format", "kgx", "--out", str(out)],
                          env=kg_env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (out / "nodes.tsv").is_file() and (out / "edges.tsv").is_file()
    done = subprocess.run([str(KG_BIN), "export", "--format", "neo4j"], env=kg_env,
                          capture_output=True, text=True)
    assert done.returncode == 2 and "--out" in done.stderr
    done = subprocess.run([str(KG_BIN), "export", "--format", "jsonld", "--scope", "ontology"],
                          env=kg_env, capture_output=True)
    assert done.returncode == 0 and b'"@context"' in done.stdout


@pytest.mark.parametrize("name,suffix,expected", [
    (None, ".nt", "ntriples"), (None, ".ttl", "turtle"), (None, ".nq", "nquads"),
    (None, ".owl", "rdfxml"), (None, ".jsonld", "jsonld"), (None, ".gexf", "gexf"),
    ("nt", ".ttl", "ntriples"), ("ttl", ".x", "turtle"), ("xml", ".x", "rdfxml"),
    ("owl", ".x", "rdfxml"), ("nq", ".x", "nquads"), ("NTriples", ".x", "ntriples")])
def test_resolve_format(name, suffix, expected, tmp_path):
    from kg.exports.rdf import resolve_format

    assert resolve_format(name, tmp_path / f"graph{suffix}") == expected


def test_resolve_format_refuses_unknown(tmp_path):
    from kg.errors import KGError
    from kg.exports.rdf import resolve_format

    with pytest.raises(KGError, match="extension"):
        resolve_format(None, tmp_path / "graph.docx")
    with pytest.raises(KGError, match="--format"):
        resolve_format("yaml", None)


def test_cli_takes_format_from_extension_and_honours_umask(tmp_path, kg_env):
    """``-o FILE.nt`` without ``-f`` writes N-Triples; files and folders get the umask's mode."""
    import os
    import stat

    from tests.conftest import KG_BIN

    out = tmp_path / "graph.nt"
    done = subprocess.run(["sh", "-c", f'umask 022 && exec "$0" "$@"', str(KG_BIN), "export",
                           "-o", str(out), "--scope", "ontology"],
                          env=kg_env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    first = out.read_text().splitlines()[0]
    assert first.startswith("<") and first.endswith(" .")          # N-Triples, not Turtle
    Graph().parse(out, format="nt")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o644
    folder = tmp_path / "neo"
    done = subprocess.run(["sh", "-c", f'umask 027 && exec "$0" "$@"', str(KG_BIN), "export",
                           "-f", "neo4j", "-o", str(folder)], env=kg_env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o750
    assert stat.S_IMODE(os.stat(folder / "nodes.csv").st_mode) == 0o640
