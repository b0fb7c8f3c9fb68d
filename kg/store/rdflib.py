"""In-memory backend on rdflib, for notebooks and as a second opinion in the contract tests.

The dataset keeps its named graphs; a query runs over a plain ``Graph`` holding the union of
the selected graphs (built once per selection), so the ``inferred`` graph stays out unless
asked for. Parameters are bound with rdflib's ``initBindings``, never by editing the text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg.errors import KGError
from kg.store.base import PREFIXES, Result, Store, Term, check_binding_names, dataset_graphs
from kg.store.sparqltext import check_syntax


def term_from_rdflib(term) -> Term | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term.iri(str(term))
    if isinstance(term, BNode):
        return Term.bnode(str(term))
    if isinstance(term, Literal):
        return Term.literal(str(term), str(term.datatype) if term.datatype else None,
                            term.language)
    return Term.literal(str(term))


def term_to_rdflib(term: Term):
    if term.type == "uri":
        return URIRef(term.value)
    if term.type == "bnode":
        return BNode(term.value)
    return Literal(term.value, lang=term.lang,
                   datatype=URIRef(term.datatype) if term.datatype else None)


class RdflibStore(Store):
    """An rdflib ``Dataset`` with pharmakg's named graphs."""

    backend = "rdflib"

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._unions: dict[tuple[str, ...], Graph] = {}

    @classmethod
    def from_nquads(cls, nquads: bytes | Path) -> RdflibStore:
        dataset = Dataset()
        if isinstance(nquads, Path):
            dataset.parse(nquads, format="nquads")
        else:
            dataset.parse(data=nquads.decode("utf-8"), format="nquads")
        return cls(dataset)

    def union(self, inferred: bool = False) -> Graph:
        """The default graph queries see: a plain Graph with the selected named graphs."""
        names = tuple(dataset_graphs(inferred))
        graph = self._unions.get(names)
        if graph is None:
            graph = Graph()
            for prefix, iri in PREFIXES.items():
                graph.bind(prefix, iri, override=True, replace=True)
            for name in names:
                for triple in self.dataset.graph(URIRef(name)):
                    graph.add(triple)
            self._unions[names] = graph
        return graph

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
              inferred: bool = False) -> Result:
        check_syntax(sparql)  # located messages, same wording on every backend
        init = {name: term_to_rdflib(term) for name, term in check_binding_names(bindings)}
        try:
            answer = self.union(inferred).query(sparql, initNs=PREFIXES, initBindings=init)
        except Exception as exc:  # rdflib's parser and evaluator raise assorted exceptions
            raise KGError(f"rdflib could not run the query: {exc}") from None
        if answer.type == "ASK":
            return Result(boolean=bool(answer.askAnswer))
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            return Result(triples=[tuple(term_from_rdflib(t) for t in triple)
                                   for triple in answer.graph])
        names = [str(v) for v in answer.vars]
        rows = [tuple(term_from_rdflib(value) for value in row) for row in answer]
        return Result(vars=names, bindings=rows)
