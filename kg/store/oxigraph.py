"""Embedded backend: a pyoxigraph store, on disk (built by ``kg build``) or in memory.

Queries see the union of the explicit named graphs through pyoxigraph's ``default_graph``
list, and the same graphs as named graphs (for ``GRAPH``), so the ``inferred`` graph is excluded
unless asked for. Parameters are bound with a
``VALUES`` block of serialised terms (see :mod:`kg.store.sparqltext`): pyoxigraph's own
``substitutions`` follow SEP-0007, which only substitutes variables of the SELECT projection,
and pharmakg's grlc-style parameters (``?_drug_iri``) are deliberately not projected.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.query.sparqlguard import check_sparql
from kg.store.base import PREFIXES, Result, Store, Term, dataset_graphs
from kg.store.sparqltext import check_syntax, inject_values, syntax_error


@lru_cache(maxsize=256)
def _guard(sparql: str, allow_service: bool) -> None:
    """:func:`kg.query.sparqlguard.check_sparql` for the query channel (a pure function of the text:
    cached; a refusal is raised again each time, as exceptions are not cached)."""
    check_sparql(sparql, allow_service=allow_service, prefixes=PREFIXES)


def term_from_oxigraph(term) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term.iri(term.value)
    if isinstance(term, ox.BlankNode):
        return Term.bnode(term.value)
    if isinstance(term, ox.Literal):
        return Term.literal(term.value, term.datatype.value, term.language)
    return Term.literal(str(term))  # RDF-star triple terms: shown in N-Triples form


def _result(answer) -> Result:
    """A pyoxigraph answer as a :class:`Result` (iterating it: evaluation errors surface here)."""
    if isinstance(answer, (bool, ox.QueryBoolean)):  # pyoxigraph >= 0.5: QueryBoolean
        return Result(boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows = [tuple(term_from_oxigraph(solution[i]) for i in range(len(names)))
                for solution in answer]
        return Result(vars=names, bindings=rows)
    return Result(triples=[(term_from_oxigraph(t.subject), term_from_oxigraph(t.predicate),
                            term_from_oxigraph(t.object)) for t in answer])


class OxigraphStore(Store):
    """A pyoxigraph store. ``OxigraphStore.open(path)`` opens a built store read-only."""

    backend = "oxigraph"

    def __init__(self, store: ox.Store, path: Path | None = None) -> None:
        self._store = store
        self.path = path

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = True) -> OxigraphStore:
        path = Path(path)
        if not path.is_dir():
            raise KGError(f"no oxigraph store at {path}; run `kg build`")
        try:
            store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except (OSError, RuntimeError) as exc:  # damaged (RocksDB "Corruption"), unreadable
            raise KGError(f"cannot open the query store: {exc}; run `kg build`",
                          path=path) from None
        return cls(store, path)

    @classmethod
    def in_memory(cls, nquads: bytes | Path | None = None) -> OxigraphStore:
        """A fresh in-memory store, loaded from N-Quads bytes or a file when given."""
        store = cls(ox.Store())
        if nquads is not None:
            store.load_nquads(nquads)
        return store

    @classmethod
    def create(cls, path: Path | str, nquads: Path) -> OxigraphStore:
        """Create a persistent store at ``path`` (a new folder) from an N-Quads file."""
        store = cls(ox.Store(str(path)), Path(path))
        store.load_nquads(nquads)
        store._store.flush()
        return store

    def load_nquads(self, nquads: bytes | Path) -> None:
        if isinstance(nquads, Path):
            self._store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        else:
            self._store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)

    def dump_nquads(self) -> bytes:
        """Every quad as N-Quads, literals in the canonical form the store keeps them in.

        pyoxigraph stores numbers by value: ``"150.0"^^xsd:decimal`` comes back as ``"150"``
        and an ``xsd:nonNegativeInteger`` as an ``xsd:integer``. The rdflib backend and
        ``kg push`` read the dataset from here, not from ``pharmakg.nq``, so that every
        backend answers with the same terms (and sees the saved ``inferred`` graph too)."""
        return self._store.dump(format=ox.RdfFormat.N_QUADS)

    def graphs_ntriples(self) -> dict[str, bytes]:
        """Each named graph as N-Triples (canonical literals, see :meth:`dump_nquads`), by
        graph IRI: what ``kg push`` uploads."""
        return {graph.value: self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
                for graph in sorted(self._store.named_graphs(), key=lambda g: str(g))
                if isinstance(graph, ox.NamedNode)}

    @property
    def raw(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store``."""
        return self._store

    def __len__(self) -> int:
        return len(self._store)

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
              inferred: bool = False, allow_service: bool = False) -> Result:
        graphs = [ox.NamedNode(g) for g in dataset_graphs(inferred)]
        # parser limits and the federation rule before pyoxigraph sees the text (see
        # kg.query.sparqlguard); cached, as the named queries repeat
        _guard(sparql, allow_service)
        original = sparql
        try:
            # Parse the text as written first, so error positions are the user's.
            if bindings:
                check_syntax(sparql, allow_service=allow_service)  # parsing only
                sparql = inject_values(sparql, bindings)
            answer = self._store.query(sparql, prefixes=PREFIXES, default_graph=graphs,
                                       named_graphs=graphs)
            return _result(answer)
        except SyntaxError as exc:
            raise syntax_error(exc, text=original) from None
        except OSError as exc:  # an allowed SERVICE that failed, an unreadable store
            raise KGError(f"the query failed: {exc}") from None

    def close(self) -> None:
        self._store = None  # pyoxigraph releases the files when the object is collected
