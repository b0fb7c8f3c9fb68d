"""Serialise the built graph deterministically and atomically.

Formats: Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML (RDF); GraphML, GEXF (NetworkX);
Neo4j bulk-import CSV and KGX TSV (directories). See ``docs/exports.md``.

Determinism: Turtle and TriG come from rdflib's sorting serialisers; line-based formats are
sorted line by line; JSON-LD, RDF/XML and the property-graph formats start from a graph whose
blank nodes are canonically relabelled and whose triples are inserted in sorted order.
Atomicity: output goes to a temporary file (or directory) renamed into place, so an error never
leaves a half-written export.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal as TypingLiteral

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from kg.atomic import write_bytes_atomic
from kg.exports.neo4j import to_neo4j_files
from kg.exports.network import Network, drug_network, rdf_network, to_gexf_bytes, \
    to_graphml_bytes
from kg.build.graph import BuiltGraph, bind_prefixes
from kg.errors import KGError
from kg.vocab import GRAPH_ASSERTED, GRAPH_EVIDENCE, GRAPH_ONTOLOGY, PKG_IRI, PREFIXES, TERM

PKG_TERM = TERM
DCTERMS_TITLE = DCTERMS.title

Scope = TypingLiteral["all", "ontology", "data"]
SCOPES: dict[str, tuple] = {
    "all": (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_EVIDENCE),
    "ontology": (GRAPH_ONTOLOGY,),
    "data": (GRAPH_ASSERTED, GRAPH_EVIDENCE),
}


def scoped_graph(built: BuiltGraph, scope: str = "all") -> Graph:
    """The union of the named graphs a scope covers, as one graph."""
    merged = Graph()
    bind_prefixes(merged)
    for name in SCOPES[scope]:
        for triple in built.dataset.graph(name):
            merged.add(triple)
    return merged


def scoped_dataset(built: BuiltGraph, scope: str = "all") -> Dataset:
    """A dataset holding only the named graphs of a scope, each kept apart."""
    dataset = Dataset()
    bind_prefixes(dataset)
    for name in SCOPES[scope]:
        target = dataset.graph(name)
        for triple in built.dataset.graph(name):
            target.add(triple)
    return dataset


def _sorted_lines(text: str) -> bytes:
    lines = sorted(set(line for line in text.splitlines() if line.strip()))
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_turtle(built: BuiltGraph, scope: str = "all") -> bytes:
    return scoped_graph(built, scope).serialize(format="turtle", encoding="utf-8")


def to_ntriples(built: BuiltGraph, scope: str = "all") -> bytes:
    return _sorted_lines(scoped_graph(built, scope).serialize(format="nt", encoding="utf-8")
                         .decode("utf-8"))


def to_nquads(built: BuiltGraph, scope: str = "all") -> bytes:
    return _sorted_lines(scoped_dataset(built, scope).serialize(format="nquads", encoding="utf-8")
                         .decode("utf-8"))


def to_trig(built: BuiltGraph, scope: str = "all") -> bytes:
    return scoped_dataset(built, scope).serialize(format="trig", encoding="utf-8")


def _canonical_sorted(graph: Graph) -> Graph:
    """The graph with blank nodes relabelled canonically (rdflib.compare), re-inserted in sorted
    order: serialisers that walk the store then write the same bytes in every process."""
    from rdflib.compare import to_canonical_graph

    canonical = to_canonical_graph(graph)
    ordered = Graph()
    bind_prefixes(ordered)
    for triple in sorted(canonical, key=lambda t: tuple(x.n3() for x in t)):
        ordered.add(triple)
    return ordered


#: JSON-LD context: the project's prefixes, so IRIs compact to ``pkg:amitriptyline``.
JSONLD_CONTEXT = dict(sorted(PREFIXES.items()))


def _sort_json(value):
    """Sort JSON-LD node arrays and value arrays (never ``@list`` contents) for stable output."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sort_json(v)) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sort_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def to_jsonld(built: BuiltGraph, scope: str = "all") -> bytes:
    """JSON-LD (compacted with :data:`JSONLD_CONTEXT`), nodes and values sorted."""
    graph = _canonical_sorted(scoped_graph(built, scope))
    text = graph.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True)
    doc = json.loads(text)
    if isinstance(doc, dict) and "@graph" in doc:
        body = {"@context": doc.get("@context", JSONLD_CONTEXT), "@graph": _sort_json(doc["@graph"])}
    else:
        body = _sort_json(doc)
    return (json.dumps(body, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def to_rdfxml(built: BuiltGraph, scope: str = "all") -> bytes:
    """RDF/XML (OWL) for Protégé, owlready2 and OWL API tools; blank nodes canonical.

    rdflib writes one ``rdf:Description`` per subject in store order, which differs between
    processes; the descriptions and their property elements are sorted afterwards."""
    text = _canonical_sorted(scoped_graph(built, scope)).serialize(format="xml")
    head, _sep, rest = text.partition("\n  <rdf:Description")
    body, _sep, _tail = ("  <rdf:Description" + rest).rpartition("</rdf:RDF>")
    blocks: list[list[str]] = []
    for line in body.splitlines(keepends=True):
        if line.startswith("  <rdf:Description"):
            blocks.append([line])
        else:
            blocks[-1].append(line)
    rendered = []
    for block in blocks:
        if len(block) > 2:  # opening line, property elements (maybe multi-line), closing line
            elements: list[str] = []
            for line in block[1:-1]:
                if line.startswith("    <"):
                    elements.append(line)
                else:
                    elements[-1] += line
            block = [block[0], *sorted(elements), block[-1]]
        rendered.append("".join(block))
    return (head + "\n" + "".join(sorted(rendered)) + "</rdf:RDF>\n").encode("utf-8")


# ------------------------------------------------------------------ property-graph exports
RDF_TYPE = RDF.type
_LABEL = RDFS.label


def _curie(node: Node) -> str:
    text = str(node)
    for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(iri) and len(text) > len(iri):
            return f"{prefix}:{text[len(iri):]}"
    return text


def _node_id(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


@dataclass
class PropertyGraph:
    """The RDF graph as nodes (IRIs and blank nodes, with their labels, types and literal
    values as attributes) and edges (triples whose object is not a literal and not an
    rdf:type). Everything sorted, so every writer is deterministic."""

    nodes: dict[str, dict[str, str]]
    edges: list[tuple[str, str, str]]      # (source id, predicate IRI, target id)


def property_graph(built: BuiltGraph, scope: str = "all") -> PropertyGraph:
    graph = _canonical_sorted(scoped_graph(built, scope))
    literals: dict[str, dict[str, list[str]]] = {}
    types: dict[str, list[str]] = {}
    edges: set[tuple[str, str, str]] = set()
    ids: set[str] = set()
    for s, p, o in graph:
        sid = _node_id(s)
        ids.add(sid)
        if isinstance(o, Literal):
            literals.setdefault(sid, {}).setdefault(_curie(p), []).append(str(o))
        elif p == RDF_TYPE:
            types.setdefault(sid, []).append(_curie(o))
            ids.add(_node_id(o))
        else:
            ids.add(_node_id(o))
            edges.add((sid, str(p), _node_id(o)))
    nodes = {}
    for nid in sorted(ids):
        values = literals.get(nid, {})
        attrs = {"iri": nid, "curie": _curie(URIRef(nid)) if not nid.startswith("_:") else nid,
                 "label": " | ".join(sorted(values.pop("rdfs:label", []))),
                 "types": " | ".join(sorted(types.get(nid, [])))}
        for key in sorted(values):
            attrs[key] = " | ".join(sorted(values[key]))
        nodes[nid] = attrs
    return PropertyGraph(nodes=nodes, edges=sorted(edges))


def to_network(built: BuiltGraph, scope: str = "all", full: bool = False) -> Network:
    """The drug network (default) or, with ``full``, the whole scoped RDF graph."""
    if not full:
        return drug_network(built)
    pg = property_graph(built, scope)
    return rdf_network(pg.nodes, pg.edges, _curie)


def to_graphml(built: BuiltGraph, scope: str = "all", full: bool = False) -> bytes:
    return to_graphml_bytes(to_network(built, scope, full))


def to_gexf(built: BuiltGraph, scope: str = "all", full: bool = False) -> bytes:
    return to_gexf_bytes(to_network(built, scope, full))


def to_neo4j(built: BuiltGraph, scope: str = "all") -> dict[str, bytes]:
    """``nodes.csv`` and ``relationships.csv`` for ``neo4j-admin database import`` (the
    command is :data:`kg.exports.neo4j.IMPORT_COMMAND`)."""
    return to_neo4j_files(_canonical_sorted(scoped_graph(built, scope)), _curie)


#: pkg: relation → Biolink predicate (KGX edges); others become biolink:related_to. Only
#: non-mixin predicates (``treats`` and ``interacts_with`` are mixins in Biolink 4.4.6);
#: ``original_predicate`` keeps the pkg: relation (indicated vs off-label).
BIOLINK_PREDICATES = {
    "hasSideEffect": "biolink:has_side_effect",
    "indicatedFor": "biolink:applied_to_treat",
    "usedOffLabelFor": "biolink:applied_to_treat",
    "interactsWith": "biolink:pharmacologically_interacts_with",
    "targets": "biolink:directly_physically_interacts_with",
    "contraindicatedWith": "biolink:contraindicated_in",
    "hasComponent": "biolink:has_part",
    "hasDrugClass": "biolink:subclass_of",
    "hasMechanism": "biolink:related_to",
}
#: pkg: top class → Biolink category (KGX nodes).
BIOLINK_CATEGORIES = [
    ("DrugCombination", "biolink:Drug"),
    ("Drug", "biolink:Drug"),
    ("Condition", "biolink:DiseaseOrPhenotypicFeature"),
    ("Effect", "biolink:PhenotypicFeature"),
    ("MolecularTarget", "biolink:Protein"),
    ("MechanismOfAction", "biolink:MolecularActivity"),
    ("WithdrawalManagement", "biolink:Procedure"),
    ("Document", "biolink:Publication"),
]
_KGX_SOURCE = "infores:pharmakg"


def _biolink_category(built: BuiltGraph, node: URIRef) -> str:
    ontology = built.ontology
    found = ontology.superclasses(node) | ontology.classes_of(node)
    if (node, RDF_TYPE, PKG_TERM["Document"]) in built.dataset.graph(GRAPH_EVIDENCE):
        return "biolink:Publication"
    for local, category in BIOLINK_CATEGORIES:
        if PKG_TERM[local] in found:
            return category
    return "biolink:NamedThing"


def to_kgx(built: BuiltGraph, scope: str = "all") -> dict[str, bytes]:
    """KGX TSV: ``nodes.tsv`` (id, category, name, description, iri) for every pkg: term and
    document, ``edges.tsv`` (subject, predicate, object, original predicate, the documents that
    state it as ``publications``) for every asserted drug→term triple and class hierarchy edge.
    ``scope`` selects the edges: data (asserted), ontology (subClassOf) or all."""
    from rdflib.namespace import SKOS

    edges_rows = []
    union = built.union()
    sources: dict[tuple, set[str]] = {}
    evidence = built.dataset.graph(GRAPH_EVIDENCE)
    for record in evidence.subjects(RDF_TYPE, PKG_TERM["Evidence"]):
        if evidence.value(record, PKG_TERM["negated"]) is not None:
            continue
        key = (evidence.value(record, RDF.subject), evidence.value(record, RDF.predicate),
               evidence.value(record, RDF.object))
        sources.setdefault(key, set()).add(_curie(evidence.value(record, PKG_TERM["fromDocument"])))
    triples = []
    if scope in ("all", "data"):
        triples += [t for t in built.dataset.graph(GRAPH_ASSERTED)
                    if isinstance(t[2], URIRef) and str(t[0]).startswith(PKG_IRI)
                    and str(t[2]).startswith(PKG_IRI)]
    if scope in ("all", "ontology"):
        triples += [(s, RDFS.subClassOf, o) for s, o in
                    built.ontology_graph.subject_objects(RDFS.subClassOf)
                    if isinstance(s, URIRef) and isinstance(o, URIRef)]
        triples += [(s, PKG_TERM["hasComponent"], o) for s, o in
                    built.ontology_graph.subject_objects(PKG_TERM["hasComponent"])]
    node_ids: set[URIRef] = set()
    for s, p, o in sorted(set(triples)):
        local = str(p)[len(PKG_IRI):] if str(p).startswith(PKG_IRI) else None
        predicate = ("biolink:subclass_of" if p == RDFS.subClassOf
                     else BIOLINK_PREDICATES.get(local or "", "biolink:related_to"))
        pubs = "|".join(sorted(sources.get((s, p, o), ())))
        edge_id = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{s} {p} {o}"))
        edges_rows.append([edge_id, _curie(s), predicate, _curie(o), _curie(p), pubs,
                           _KGX_SOURCE, "knowledge_assertion", "manual_agent"])
        node_ids.update((s, o))
    for iri in built.ontology.terms.values():
        if iri.is_class or iri.is_individual:
            node_ids.add(iri.iri)
    nodes_rows = [["id", "category", "name", "description", "iri", "provided_by"]]
    for node in sorted(node_ids):
        name = union.value(node, RDFS.label) or union.value(node, DCTERMS_TITLE) or ""
        desc = union.value(node, SKOS.definition) or ""
        nodes_rows.append([_curie(node), _biolink_category(built, node), _tsv(str(name)),
                           _tsv(str(desc)), str(node), _KGX_SOURCE])
    header = ["id", "subject", "predicate", "object", "original_predicate", "publications",
              "primary_knowledge_source", "knowledge_level", "agent_type"]
    return {"nodes.tsv": _tsv_bytes(nodes_rows), "edges.tsv": _tsv_bytes([header] + edges_rows)}


def _tsv(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def _tsv_bytes(rows: list[list[str]]) -> bytes:
    return ("".join("\t".join(row) + "\n" for row in rows)).encode("utf-8")


@dataclass(frozen=True)
class Format:
    """An export format: its serialiser, usual suffix, and whether it writes a directory."""

    serialise: Callable[..., bytes | dict[str, bytes]]
    suffix: str
    directory: bool = False
    rdf: str | None = None        # rdflib parser name, for RDF formats
    description: str = ""
    network: bool = False         # drug network by default, whole RDF graph with full=True


FORMATS: dict[str, Format] = {
    "turtle": Format(to_turtle, ".ttl", rdf="turtle", description="Turtle"),
    "ntriples": Format(to_ntriples, ".nt", rdf="nt", description="N-Triples, sorted lines"),
    "nquads": Format(to_nquads, ".nq", rdf="nquads", description="N-Quads, named graphs kept apart"),
    "trig": Format(to_trig, ".trig", rdf="trig", description="TriG, named graphs kept apart"),
    "jsonld": Format(to_jsonld, ".jsonld", rdf="json-ld", description="JSON-LD, compact context"),
    "rdfxml": Format(to_rdfxml, ".owl", rdf="xml", description="RDF/XML (OWL)"),
    "graphml": Format(to_graphml, ".graphml", network=True,
                      description="GraphML (Cytoscape, yEd, Gephi)"),
    "gexf": Format(to_gexf, ".gexf", network=True, description="GEXF (Gephi)"),
    "neo4j": Format(to_neo4j, "", directory=True,
                    description="Neo4j bulk-import CSV (nodes.csv, relationships.csv)"),
    "kgx": Format(to_kgx, "", directory=True,
                  description="KGX TSV with Biolink categories and predicates"),
}
#: Formats that are RDF and whose named graphs are kept apart.
DATASET_FORMATS = ("nquads", "trig")
#: Short names and file extensions people use for the formats.
ALIASES = {"ttl": "turtle", "nt": "ntriples", "n3": "turtle", "nq": "nquads",
           "json-ld": "jsonld", "json": "jsonld", "xml": "rdfxml", "rdf": "rdfxml",
           "owl": "rdfxml", "rdf/xml": "rdfxml"}


def resolve_format(fmt: str | None, out: Path | None) -> str:
    """The format name for ``-f fmt`` (a name or short name), or, when it is absent, for the
    extension of ``out`` (``pharmakg.nt`` → ntriples); Turtle when neither is given."""
    if fmt is None:
        if out is None or not Path(out).suffix:
            if out is not None and not Path(out).suffix and Path(out).is_dir():
                raise KGError(f"{out} is a directory: give --format neo4j or kgx")
            return "turtle"
        fmt = Path(out).suffix[1:]
        where = f"the extension of {out}"
    else:
        where = "--format"
    name = fmt.lower()
    name = ALIASES.get(name, name)
    if name not in FORMATS:
        raise KGError(f"unknown format {fmt!r} ({where}); choose from {', '.join(FORMATS)} "
                      f"or {', '.join(sorted(ALIASES))}")
    return name


def _fresh_directory(parent: Path, name: str) -> Path:
    """A new empty directory beside the target, created by ``mkdir`` so it gets the mode the
    umask allows (``mkdtemp`` would make it 0700)."""
    while True:
        candidate = parent / f".{name}.{uuid.uuid4().hex[:12]}.tmp"
        try:
            candidate.mkdir()
            return candidate
        except FileExistsError:
            continue


def write_directory_atomic(out: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into a fresh temporary directory beside ``out``, then rename it to
    ``out`` (replacing an old export), so ``out`` is never half-written."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = _fresh_directory(out.parent, out.name)
    old = None
    try:
        for name, data in sorted(files.items()):
            with open(tmp / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        if out.exists():
            if not out.is_dir():
                raise KGError(f"{out} exists and is not a directory")
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not out.exists():
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def export(built: BuiltGraph, fmt: str, out: Path | None, scope: str = "all",
           full: bool = False) -> bytes:
    """Serialise in ``fmt``; write to ``out`` atomically when given, and return the bytes (for a
    directory format, the files concatenated in name order). ``full`` asks GraphML/GEXF for the
    whole RDF graph instead of the drug network."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; choose from {', '.join(SCOPES)}")
    spec = FORMATS[fmt]
    if spec.directory and out is None:
        raise KGError(f"format {fmt} writes a directory: give --out DIR")
    data = spec.serialise(built, scope, full) if spec.network else spec.serialise(built, scope)
    if spec.directory:
        write_directory_atomic(out, data)
        return b"".join(data[name] for name in sorted(data))
    if out is not None:
        write_bytes_atomic(out, data)
    return data
