"""The drug network (what Gephi and Cytoscape users want) and its GraphML and GEXF writers.

The default property-graph view is the *drug network*: drugs and the terms the curated
statements link them to, one edge per asserted relation with its evidence count, documents and
severities as attributes. ``full=True`` gives the whole RDF graph instead (evidence records,
selectors, OWL lists...). Both writers emit documents valid against the official schemas
(GraphML 1.0 structure + attributes; GEXF 1.2): ``key`` ids unique per domain, edge ids
unique, node ids NMTOKENs (``n0``, ``n1`` ... in GraphML; the IRI lives in the ``iri``
attribute), no ``name`` on the GEXF graph element.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from rdflib import RDF, RDFS, Literal, URIRef

from kg.build.graph import BuiltGraph
from kg.vocab import GRAPH_ASSERTED, GRAPH_EVIDENCE, PKG_IRI, TERM

#: Node kinds, most specific first: a node's kind is the first of these classes it falls under.
KINDS = ("DrugCombination", "Drug", "DrugClass", "Condition", "Effect", "MolecularTarget",
         "MechanismOfAction", "WithdrawalManagement", "Population", "Route")


@dataclass(frozen=True)
class Attribute:
    """A declared node or edge attribute: its name and GraphML/GEXF value type."""

    name: str
    type: str = "string"           # "string" or "int"


@dataclass
class Network:
    """Nodes and edges with typed attributes, in a fixed order so every writer is stable."""

    node_attributes: tuple[Attribute, ...]
    edge_attributes: tuple[Attribute, ...]
    nodes: list[tuple[str, dict[str, str | int]]]            # (key, attributes)
    edges: list[tuple[str, str, dict[str, str | int]]]       # (source key, target key, attrs)


def _local(iri: URIRef) -> str:
    return str(iri)[len(PKG_IRI):] if str(iri).startswith(PKG_IRI) else str(iri)


def _kind(built: BuiltGraph, node: URIRef) -> str:
    found = built.ontology.superclasses(node) | built.ontology.classes_of(node) | {node}
    term = built.ontology.term(_local(node))
    if term is not None and term.is_class and TERM["Drug"] in found and node != TERM["Drug"]:
        return "DrugClass"          # a subclass of Drug (tricyclic antidepressant ...)
    return next((kind for kind in KINDS if TERM[kind] in found), "Term")


def _evidence_index(built: BuiltGraph) -> dict[tuple, list[URIRef]]:
    """Non-negated evidence records per asserted (subject, predicate, object)."""
    evidence = built.dataset.graph(GRAPH_EVIDENCE)
    index: dict[tuple, list[URIRef]] = {}
    for record in evidence.subjects(RDF.type, TERM["Evidence"]):
        if evidence.value(record, TERM["negated"]) is not None:
            continue
        key = (evidence.value(record, RDF.subject), evidence.value(record, RDF.predicate),
               evidence.value(record, RDF.object))
        index.setdefault(key, []).append(record)
    return index


def drug_network(built: BuiltGraph) -> Network:
    """Drugs and the terms they are linked to; one edge per asserted pkg: relation."""
    asserted = built.dataset.graph(GRAPH_ASSERTED)
    evidence = built.dataset.graph(GRAPH_EVIDENCE)
    union = built.union()
    index = _evidence_index(built)
    triples = sorted((s, p, o) for s, p, o in asserted
                     if isinstance(o, URIRef) and p != RDF.type
                     and all(str(x).startswith(PKG_IRI) for x in (s, p, o)))
    brand_names: dict[URIRef, list[str]] = {}
    for s, o in asserted.subject_objects(TERM["brandName"]):
        if isinstance(o, Literal):
            brand_names.setdefault(s, []).append(str(o))
    ids = sorted({s for s, _p, _o in triples} | {o for _s, _p, o in triples})
    nodes = []
    for node in ids:
        nodes.append((str(node), {
            "label": str(union.value(node, RDFS.label) or _local(node)),
            "kind": _kind(built, node), "iri": str(node), "curie": f"pkg:{_local(node)}",
            "brandNames": "; ".join(sorted(brand_names.get(node, []))),
        }))
    edges = []
    for s, p, o in triples:
        records = index.get((s, p, o), [])
        documents = {evidence.value(r, TERM["fromDocument"]) for r in records}
        severities = {_local(v) for r in records for v in evidence.objects(r, TERM["severity"])}
        edges.append((str(s), str(o), {
            "relation": _local(p), "predicate": str(p), "evidence": len(records),
            "documents": len(documents), "severity": ", ".join(sorted(severities)),
        }))
    return Network(
        node_attributes=(Attribute("label"), Attribute("kind"), Attribute("iri"),
                         Attribute("curie"), Attribute("brandNames")),
        edge_attributes=(Attribute("relation"), Attribute("predicate"),
                         Attribute("evidence", "int"), Attribute("documents", "int"),
                         Attribute("severity")),
        nodes=nodes, edges=edges)


def rdf_network(nodes: dict[str, dict[str, str]], edges: list[tuple[str, str, str]],
                curie: Callable[[URIRef], str]) -> Network:
    """The whole RDF graph (nodes with literal attributes; (s, predicate, o) edges) as a
    :class:`Network`; ``curie`` shortens predicates for the edge ``label``."""
    names = sorted({k for attrs in nodes.values() for k in attrs})
    rows = [(nid, {k: attrs.get(k, "") for k in names}) for nid, attrs in nodes.items()]
    links = [(s, o, {"predicate": p, "label": curie(URIRef(p))}) for s, p, o in edges]
    return Network(node_attributes=tuple(Attribute(_xml_name(n)) for n in names),
                   edge_attributes=(Attribute("predicate"), Attribute("label")),
                   nodes=[(k, {_xml_name(n): v for n, v in a.items()}) for k, a in rows],
                   edges=links)


def _xml_name(name: str) -> str:
    """An attribute name usable as an NMTOKEN key id part (``oa:exact`` -> ``oa_exact``)."""
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n")


def _node_numbers(network: Network) -> dict[str, str]:
    return {key: f"n{i}" for i, (key, _attrs) in enumerate(network.nodes)}


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_GRAPHML_TYPES = {"string": "string", "int": "int"}


def to_graphml_bytes(network: Network) -> bytes:
    """GraphML valid against graphml.xsd: keys ``n_<name>``/``e_<name>``, ids ``n<i>``/``e<i>``."""
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS})
    for domain, attributes in (("node", network.node_attributes),
                               ("edge", network.edge_attributes)):
        for attr in attributes:
            ET.SubElement(root, "key", {"id": f"{domain[0]}_{attr.name}", "for": domain,
                                        "attr.name": attr.name,
                                        "attr.type": _GRAPHML_TYPES[attr.type]})
    graph = ET.SubElement(root, "graph", {"id": "pharmakg", "edgedefault": "directed"})
    numbers = _node_numbers(network)
    for key, attrs in network.nodes:
        node = ET.SubElement(graph, "node", {"id": numbers[key]})
        _graphml_data(node, "n", network.node_attributes, attrs)
    for i, (source, target, attrs) in enumerate(network.edges):
        edge = ET.SubElement(graph, "edge", {"id": f"e{i}", "source": numbers[source],
                                             "target": numbers[target]})
        _graphml_data(edge, "e", network.edge_attributes, attrs)
    return _xml(root)


def _graphml_data(parent: ET.Element, prefix: str, attributes: Iterable[Attribute],
                  values: dict[str, str | int]) -> None:
    for attr in attributes:
        value = values.get(attr.name, "")
        if value != "":
            ET.SubElement(parent, "data", {"key": f"{prefix}_{attr.name}"}).text = str(value)


GEXF_NS = "http://www.gexf.net/1.2"
_GEXF_TYPES = {"string": "string", "int": "integer"}


def to_gexf_bytes(network: Network) -> bytes:
    """GEXF 1.2 valid against gexf.xsd; node ids are the IRIs, labels the rdfs:labels."""
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.2"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "pharmakg"
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    for cls, attributes in (("node", network.node_attributes), ("edge", network.edge_attributes)):
        declared = ET.SubElement(graph, "attributes", {"class": cls})
        for i, attr in enumerate(attributes):
            ET.SubElement(declared, "attribute", {"id": str(i), "title": attr.name,
                                                  "type": _GEXF_TYPES[attr.type]})
    nodes = ET.SubElement(graph, "nodes", {"count": str(len(network.nodes))})
    for key, attrs in network.nodes:
        node = ET.SubElement(nodes, "node", {"id": key, "label": _token(attrs.get("label")
                                                                         or attrs.get("curie")
                                                                         or key)})
        _gexf_values(node, network.node_attributes, attrs)
    edges = ET.SubElement(graph, "edges", {"count": str(len(network.edges))})
    for i, (source, target, attrs) in enumerate(network.edges):
        edge = ET.SubElement(edges, "edge", {"id": f"e{i}", "source": source, "target": target,
                                             "label": _token(str(attrs.get("relation")
                                                                 or attrs.get("label", "")))})
        if "evidence" in attrs:
            edge.set("weight", str(max(int(attrs["evidence"]), 1)))
        _gexf_values(edge, network.edge_attributes, attrs)
    return _xml(root)


def _token(text: str | int | None) -> str:
    """``xs:token`` (GEXF labels): no line breaks or tabs, single spaces, trimmed."""
    return " ".join(str(text or "").split())


def _gexf_values(parent: ET.Element, attributes: tuple[Attribute, ...],
                 values: dict[str, str | int]) -> None:
    present = [(i, values.get(a.name, "")) for i, a in enumerate(attributes)]
    present = [(i, v) for i, v in present if v != ""]
    if present:
        holder = ET.SubElement(parent, "attvalues")
        for i, value in present:
            ET.SubElement(holder, "attvalue", {"for": str(i), "value": str(value)})
