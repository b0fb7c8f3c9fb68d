"""In-memory backend on rdflib, for notebooks and as a second opinion in the contract tests.

The dataset keeps its named graphs; a query runs over a plain ``Graph`` holding the union of
the selected graphs (built once per selection), so the ``inferred`` graph stays out unless
asked for. Parameters are bound with rdflib's ``initBindings``, never by editing the text; the
terms are checked and unused variables dropped exactly as on the other backends
(:func:`kg.store.sparqltext.binding_pairs`).

``open_store("rdflib")`` loads the dataset from the built pyoxigraph store
(:meth:`from_oxigraph`), not from ``pharmakg.nq``: pyoxigraph keeps numeric literals in canonical
form (``"150.0"^^xsd:decimal`` → ``"150"``, ``xsd:nonNegativeInteger`` → ``xsd:integer``), and
loading what it holds is what makes both backends return the same terms.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import KGError
from kg.store.base import PREFIXES, Result, Store, Term, dataset_graphs
from kg.store.sparqltext import _tokens, binding_pairs, check_syntax
from kg.vocab import bind_prefixes


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
        self._datasets: dict[tuple[str, ...], Dataset] = {}

    @classmethod
    def from_nquads(cls, nquads: bytes | Path) -> RdflibStore:
        dataset = Dataset()
        with warnings.catch_warnings():  # rdflib 7.6's N-Quads parser uses its deprecated API
            warnings.simplefilter("ignore", DeprecationWarning)
            if isinstance(nquads, Path):
                dataset.parse(nquads, format="nquads")
            else:
                dataset.parse(data=nquads.decode("utf-8"), format="nquads")
        return cls(dataset)

    @classmethod
    def from_oxigraph(cls, path: Path | str) -> RdflibStore:
        """The dataset of a built pyoxigraph store (opened read-only, then released)."""
        import gc

        from kg.store.oxigraph import OxigraphStore

        store = OxigraphStore.open(path)
        try:
            data = store.dump_nquads()
        finally:
            store.close()
            del store
            gc.collect()  # pyoxigraph releases the folder when the object is freed
        return cls.from_nquads(data)

    def union(self, inferred: bool = False) -> Graph:
        """The default graph queries see: a plain Graph with the union of the selected graphs
        (built once per selection)."""
        names = tuple(dataset_graphs(inferred))
        graph = self._unions.get(names)
        if graph is None:
            graph = Graph()
            bind_prefixes(graph)
            for name in names:
                for triple in self.dataset.graph(URIRef(name)):
                    graph.add(triple)
            self._unions[names] = graph
        return graph

    def query_dataset(self, inferred: bool = False) -> Dataset:
        """What a query using ``GRAPH`` runs over (built once per selection): the selected
        named graphs and a default graph holding their union, the dataset the other backends
        give a query. A query without ``GRAPH`` runs over :meth:`union`, which rdflib
        evaluates faster (and without its own deprecation warnings)."""
        names = tuple(dataset_graphs(inferred))
        dataset = self._datasets.get(names)
        if dataset is None:
            dataset = Dataset()
            bind_prefixes(dataset)
            default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
            for triple in self.union(inferred):
                default.add(triple)
            for name in names:
                source = self.dataset.graph(URIRef(name))
                if len(source):
                    named = dataset.graph(URIRef(name))
                    for triple in source:
                        named.add(triple)
            self._datasets[names] = dataset
        return dataset

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
              inferred: bool = False, allow_service: bool = False) -> Result:
        check_syntax(sparql, allow_service=allow_service)  # same wording and rules everywhere
        init = {name: term_to_rdflib(term) for name, term in binding_pairs(sparql, bindings)}
        try:
            if "graph" in {tok.lower() for _, tok in _tokens(sparql)}:
                with warnings.catch_warnings():  # rdflib 7.6 warns about its own Dataset use
                    warnings.simplefilter("ignore", DeprecationWarning)
                    return self._run(self.query_dataset(inferred), sparql, init)
            return self._run(self.union(inferred), sparql, init)
        except KGError:
            raise
        except Exception as exc:  # rdflib's parser and evaluator raise assorted exceptions
            raise KGError(f"rdflib could not run the query: {' '.join(str(exc).split())}") from None

    @staticmethod
    def _run(target: Graph, sparql: str, init: dict) -> Result:
        # rdflib evaluates lazily: errors surface while the rows are read, so read them here
        answer = target.query(sparql, initNs=PREFIXES, initBindings=init)
        if answer.type == "ASK":
            return Result(boolean=bool(answer.askAnswer))
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            return Result(triples=[tuple(term_from_rdflib(t) for t in triple)
                                   for triple in answer.graph])
        names = [str(v) for v in answer.vars]
        rows = [tuple(term_from_rdflib(value) for value in row) for row in answer]
        return Result(vars=names, bindings=rows)
