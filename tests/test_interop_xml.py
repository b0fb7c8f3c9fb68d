"""GraphML and GEXF exports, checked by xmllint against the official GEXF 1.2 schema and by
the GraphML schema's identity rules; the drug network is the default view."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from kg.export import export
from tests.interop import SCHEMAS, require, run

GEXF_XSD = SCHEMAS / "gexf-1.2" / "gexf.xsd"
G = "{http://graphml.graphdrawing.org/xmlns}"


def _xmllint(path, schema) -> None:
    xmllint = require("xmllint", "apt-get install libxml2-utils")
    done = run([xmllint, "--noout", "--nonet", "--schema", str(schema), str(path)])
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.mark.parametrize("full", [False, True], ids=["network", "full"])
def test_gexf_valid_against_official_schema(built, tmp_path, full):
    out = tmp_path / "graph.gexf"
    export(built, "gexf", out, full=full)
    _xmllint(out, GEXF_XSD)


def test_gexf_schema_rejects_what_gephi_refuses(built, tmp_path):
    """The vendored schema really checks: an empty ``name`` on the graph element is refused."""
    out = tmp_path / "bad.gexf"
    data = export(built, "gexf", None)
    out.write_bytes(data.replace(b'<graph defaultedgetype', b'<graph name="" defaultedgetype', 1))
    xmllint = require("xmllint", "apt-get install libxml2-utils")
    done = run([xmllint, "--noout", "--nonet", "--schema", str(GEXF_XSD), str(out)])
    assert done.returncode != 0 and "name" in done.stderr


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
