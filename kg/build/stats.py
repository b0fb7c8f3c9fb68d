"""Counts per class and per relation, for ``kg stats`` and the build summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import RDF, Graph, URIRef

from kg.build.graph import BuiltGraph
from kg.store.base import curie
from kg.vocab import PKG, PKG_IRI


@dataclass(frozen=True)
class Summary:
    """Headline numbers of a build."""

    documents: int
    statements: int
    evidence_records: int
    triples: int
    asserted_triples: int
    drugs: int


def _local(iri: object) -> str:
    """``pkg:Drug``, ``owl:Class``: a CURIE wherever a project prefix fits."""
    return curie(str(iri))


def summarize(built: BuiltGraph) -> Summary:
    union = built.union()
    drugs = set(union.subjects(RDF.type, PKG.Drug))
    return Summary(documents=len(built.documents), statements=len(built.statements),
                   evidence_records=len(set(built.evidence_graph.subjects(RDF.type, PKG.Evidence))),
                   triples=len(union), asserted_triples=len(built.asserted_graph),
                   drugs=len(drugs))


def class_counts(graph: Graph) -> list[tuple[str, int]]:
    """Instances per rdf:type, most common first (ties by name)."""
    per_class = Counter(_local(o) for _s, o in graph.subject_objects(RDF.type)
                        if isinstance(o, URIRef))
    return sorted(per_class.items(), key=lambda kv: (-kv[1], kv[0]))


def relation_counts(built: BuiltGraph) -> list[tuple[str, int, int]]:
    """Per statement relation: asserted triples and evidence records."""
    asserted = Counter(_local(p) for _s, p, _o in built.asserted_graph
                       if str(p).startswith(PKG_IRI))
    evidence = Counter(_local(p) for p in built.evidence_graph.objects(None, RDF.predicate))
    names = sorted(set(asserted) | set(evidence))
    rows = [(name, asserted.get(name, 0), evidence.get(name, 0)) for name in names]
    return sorted(rows, key=lambda r: (-r[2], r[0]))
