"""GraphML and GEXF exports, checked by xmllint against the vendored official schemas (GraphML
1.0, GEXF 1.2; offline, through ``tests/schemas/catalog.xml``) and by the GraphML schema's
identity rules; the drug network is the default view."""

from __future__ import annotations

import io
import subprocess
import xml.etree.ElementTree as ET

import pytest

from kg.exports.rdf import export
from tests.conftest import KG_BIN
from tests.interop import SCHEMAS, xmllint

GEXF_XSD = SCHEMAS / "gexf-1.2" / "gexf.xsd"
GRAPHML_XSD = SCHEMAS / "graphml" / "graphml.xsd"
G = "{http://graphml.graphdrawing.org/xmlns}"
IRI = "https://w3id.org/pharmakg/ontology/amitriptyline"


def _xmllint(path, schema) -> None:
    done = xmllint(path, schema)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "failed to load" not in done.stderr, done.stderr[-3000:]   # every part was local


def _refused(tmp_path, document: bytes, schema) -> str:
    """xmllint's complaint about a document the schema must refuse."""
    bad = tmp_path / "bad.xml"
    bad.write_bytes(document)
    done = xmllint(bad, schema)
    assert done.returncode != 0 and "fails to validate" in done.stderr, done.stderr[-3000:]
    return done.stderr


def test_gexf_schema_rejects_what_gephi_refuses(built, tmp_path):
    """The vendored schema really checks: an empty ``name`` on the graph element is refused."""
    data = export(built, "gexf", None)
    broken = data.replace(b'<graph defaultedgetype', b'<graph name="" defaultedgetype', 1)
    assert broken != data
    assert "name" in _refused(tmp_path, broken, GEXF_XSD)


@pytest.mark.parametrize("full", [False, True], ids=["network", "full"])
@pytest.mark.parametrize("suffix,schema", [("graphml", GRAPHML_XSD), ("gexf", GEXF_XSD)],
                         ids=["graphml", "gexf"])
def test_cli_export_valid_against_official_schema(kg_env, tmp_path, suffix, schema, full):
    """``kg export -o net.graphml`` / ``net.gexf`` (drug network) and ``--full``."""
    out = tmp_path / f"net.{suffix}"
    done = subprocess.run([str(KG_BIN), "export", "-o", str(out), *(["--full"] if full else [])],
                          env=kg_env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    _xmllint(out, schema)


def test_graphml_schema_refuses_duplicate_edge_id(built, tmp_path):
    data = export(built, "graphml", None)
    broken = data.replace(b'<edge id="e1"', b'<edge id="e0"', 1)
    assert broken != data
    assert "edge_id_unique" in _refused(tmp_path, broken, GRAPHML_XSD)


def test_graphml_schema_refuses_an_iri_as_node_id(built, tmp_path):
    """IRIs are not NMTOKENs; the node and the edges that name it are changed alike, so only
    the id's type is wrong."""
    data = export(built, "graphml", None)
    broken = data.replace(b'"n0"', f'"{IRI}"'.encode())
    assert broken.count(IRI.encode()) >= 2   # the node and at least one edge end
    assert "NMTOKEN" in _refused(tmp_path, broken, GRAPHML_XSD)


@pytest.mark.parametrize("full", [False, True], ids=["network", "full"])
def test_graphml_identity_rules(built, full):
    """What JGraphT's schema validation and Gephi refused: key ids unique across domains,
    edge ids unique, node ids and edge endpoints NMTOKENs naming declared nodes."""
    import re

    root = ET.fromstring(export(built, "graphml", None, full=full))
    keys = [k.get("id") for k in root.iter(f"{G}key")]
    assert len(keys) == len(set(keys))
    nodes = [n.get("id") for n in root.iter(f"{G}node")]
    edges = list(root.iter(f"{G}edge"))
    assert len(nodes) == len(set(nodes)) and len(edges) > 100
    assert len({e.get("id") for e in edges}) == len(edges)
    nmtoken = re.compile(r"^[\w.:-]+$")
    assert all(nmtoken.match(n) for n in nodes)
    ids = set(nodes)
    assert all(e.get("source") in ids and e.get("target") in ids for e in edges)
    used = {d.get("key") for d in root.iter(f"{G}data")}
    assert used <= set(keys)


def test_drug_network_is_the_default_view(built):
    import networkx as nx

    network = nx.read_graphml(io.BytesIO(export(built, "graphml", None)))
    full = nx.read_graphml(io.BytesIO(export(built, "graphml", None, full=True)))
    assert network.number_of_nodes() < full.number_of_nodes() / 5
    by_iri = {attrs["iri"]: n for n, attrs in network.nodes(data=True)}
    drug = by_iri["https://w3id.org/pharmakg/ontology/amitriptyline"]
    assert network.nodes[drug]["label"] == "amitriptyline"
    assert network.nodes[drug]["kind"] == "Drug"
    kinds = {attrs["kind"] for _n, attrs in network.nodes(data=True)}
    assert {"Drug", "Effect", "Condition"} <= kinds
    assert not any("Evidence" in k or "Selector" in k for k in kinds)
    side = [a for _s, _t, a in network.out_edges(drug, data=True)
            if a["relation"] == "hasSideEffect"]
    assert side and all(a["evidence"] >= 1 and a["documents"] >= 1 for a in side)
    assert any(a.get("severity") for a in side)
