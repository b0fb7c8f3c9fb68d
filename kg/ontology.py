"""The OWL ontology as a term index: what each local name is, its labels and its ancestors.

Statement validation, name resolution and the build all ask the same questions of the
ontology ("is `Dizziness` a term?", "is it within the range of `hasSideEffect`?"), so they are
answered once here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.collection import Collection

from kg import paths
from kg.errors import KGError
from kg.vocab import PKG_IRI


@dataclass(frozen=True)
class Term:
    """One ontology term with what validation and resolution need to know about it."""

    iri: URIRef
    local_name: str
    kinds: frozenset[URIRef]
    label: str | None
    alt_labels: tuple[str, ...] = field(default=())

    @property
    def is_class(self) -> bool:
        return OWL.Class in self.kinds

    @property
    def is_individual(self) -> bool:
        return OWL.NamedIndividual in self.kinds

    @property
    def is_property(self) -> bool:
        return bool(self.kinds & {OWL.ObjectProperty, OWL.DatatypeProperty,
                                  OWL.AnnotationProperty})


#: Terms a curator accepted from machine proposals (``kg accept``), beside the ontology file.
ADDED_FILE = "pharmakg-added.ttl"


def load_ontology_graph(path: Path | None = None) -> Graph:
    """Parse the ontology Turtle file and the curation-added terms beside it; a syntax error
    names the file and line."""
    path = path or paths.ontology_file()
    graph = Graph()
    for part in (path, path.with_name(ADDED_FILE)):
        if part != path and not part.is_file():
            continue
        try:
            graph.parse(part, format="turtle")
        except Exception as exc:  # rdflib raises BadSyntax and plain Exceptions with positions
            raise KGError(f"cannot parse ontology: {exc}", path=part) from None
    return graph


class Ontology:
    """Read-only view of the ontology graph keyed by ``pkg:`` local name."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    @classmethod
    def load(cls, path: Path | None = None) -> Ontology:
        return cls(load_ontology_graph(path))

    @cached_property
    def terms(self) -> dict[str, Term]:
        """Every ``pkg:`` IRI declared with an OWL type, by local name."""
        kinds: dict[URIRef, set[URIRef]] = {}
        declared = {OWL.Class, OWL.NamedIndividual, OWL.ObjectProperty, OWL.DatatypeProperty,
                    OWL.AnnotationProperty, OWL.SymmetricProperty, OWL.TransitiveProperty}
        for subject, kind in self.graph.subject_objects(RDF.type):
            if isinstance(subject, URIRef) and str(subject).startswith(PKG_IRI) \
                    and kind in declared:
                kinds.setdefault(subject, set()).add(kind)
        result = {}
        for iri, kind_set in kinds.items():
            local = str(iri)[len(PKG_IRI):]
            label = self.graph.value(iri, RDFS.label)
            alts = sorted(str(a) for a in self.graph.objects(iri, SKOS.altLabel))
            result[local] = Term(iri=iri, local_name=local, kinds=frozenset(kind_set),
                                 label=str(label) if label is not None else None,
                                 alt_labels=tuple(alts))
        return dict(sorted(result.items()))

    def term(self, local_name: str) -> Term | None:
        return self.terms.get(local_name)

    def superclasses(self, iri: URIRef) -> set[URIRef]:
        """``iri`` and every named class above it (reflexive, transitive rdfs:subClassOf)."""
        return {c for c in self.graph.transitive_objects(iri, RDFS.subClassOf)
                if isinstance(c, URIRef)}

    def classes_of(self, iri: URIRef) -> set[URIRef]:
        """Every class an individual belongs to, through its asserted types and their parents."""
        found: set[URIRef] = set()
        for asserted in self.graph.objects(iri, RDF.type):
            if isinstance(asserted, URIRef) and asserted != OWL.NamedIndividual:
                found |= self.superclasses(asserted)
        return found

    def range_of(self, prop: URIRef) -> set[URIRef]:
        """Named classes a property's values must fall under (members of a union are each)."""
        ranges: set[URIRef] = set()
        for rng in self.graph.objects(prop, RDFS.range):
            if isinstance(rng, URIRef):
                ranges.add(rng)
                continue
            union = self.graph.value(rng, OWL.unionOf)
            if union is not None:
                ranges |= {m for m in Collection(self.graph, union) if isinstance(m, URIRef)}
        return ranges

    def fits_range(self, value: URIRef, prop: URIRef) -> bool:
        """Whether a class or individual may stand as object of ``prop`` (no range: anything)."""
        ranges = self.range_of(prop)
        if not ranges:
            return True
        above = self.superclasses(value) | self.classes_of(value)
        return bool(above & ranges)
