"""Neo4j bulk-import CSV in the header format of ``neo4j-admin database import``.

Header fields follow the import documentation: ``iri:ID`` (the node id, also stored as the
``iri`` property), ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``; a property column is
``name:type`` with ``long``, ``double`` or ``boolean`` when every value of that property has an
XSD numeric/boolean datatype (else ``string``), and ``type[]`` when some node has several
values. Array elements and labels are separated by :data:`ARRAY_DELIMITER`, so the import
command needs ``--array-delimiter``; quotes keep their line breaks, so it needs
``--multiline-fields=true`` (see :data:`IMPORT_COMMAND`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import KGError

ARRAY_DELIMITER = "|"
IMPORT_COMMAND = ("neo4j-admin database import full --nodes=nodes.csv "
                  "--relationships=relationships.csv --array-delimiter='|' "
                  "--multiline-fields=true neo4j")

_LONG = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
         XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger, XSD.unsignedInt,
         XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte}
_DOUBLE = {XSD.decimal, XSD.double, XSD.float}


def _type_of(literal: Literal) -> str:
    if literal.datatype in _LONG:
        return "long"
    if literal.datatype in _DOUBLE:
        return "double"
    if literal.datatype == XSD.boolean:
        return "boolean"
    return "string"


def neo4j_name(curie: str) -> str:
    """A Neo4j label, type or property name: the pkg: local name, else prefix_local."""
    name = curie[4:] if curie.startswith("pkg:") else curie.replace(":", "_")
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def _node_id(node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _array_value(values: list[str], where: str) -> str:
    for value in values:
        if ARRAY_DELIMITER in value:
            raise KGError(f"{where}: value {value!r} contains the Neo4j array delimiter "
                          f"{ARRAY_DELIMITER!r}")
    return ARRAY_DELIMITER.join(values)


def to_neo4j_files(graph: Graph, curie: Callable[[URIRef], str]) -> dict[str, bytes]:
    """``nodes.csv`` and ``relationships.csv`` for a graph whose blank nodes are canonical."""
    values: dict[str, dict[str, list[Literal]]] = {}
    labels: dict[str, set[str]] = {}
    edges: set[tuple[str, str, str]] = set()
    for s, p, o in graph:
        sid = _node_id(s)
        labels.setdefault(sid, set())
        if isinstance(o, Literal):
            values.setdefault(sid, {}).setdefault(neo4j_name(curie(p)), []).append(o)
        elif p == RDF.type:
            labels[sid].add(neo4j_name(curie(o)))
            labels.setdefault(_node_id(o), set())
        else:
            labels.setdefault(_node_id(o), set())
            edges.add((sid, _node_id(o), str(p)))
    columns: dict[str, str] = {}
    for props in values.values():
        for name, literals in props.items():
            kinds = {_type_of(lit) for lit in literals} | (
                {columns[name].rstrip("[]")} if name in columns else set())
            kind = kinds.pop() if len(kinds) == 1 else "string"
            many = len(literals) > 1 or columns.get(name, "").endswith("[]")
            columns[name] = kind + ("[]" if many else "")
    names = sorted(columns)
    header = ["iri:ID", "curie:string"] + [f"{n}:{columns[n]}" for n in names] + [":LABEL"]
    rows = [header]
    for nid in sorted(labels):
        row = [nid, nid if nid.startswith("_:") else curie(URIRef(nid))]
        for name in names:
            texts = sorted(str(lit) for lit in values.get(nid, {}).get(name, []))
            row.append(_array_value(texts, f"node {nid} property {name}")
                       if columns[name].endswith("[]") else "".join(texts))
        row.append(_array_value(["Resource", *sorted(labels[nid])], f"node {nid} labels"))
        rows.append(row)
    rels = [[":START_ID", ":END_ID", ":TYPE", "predicate:string"]]
    rels += [[s, o, neo4j_name(curie(URIRef(p))), p] for s, o, p in sorted(edges)]
    return {"nodes.csv": _csv(rows), "relationships.csv": _csv(rels)}
