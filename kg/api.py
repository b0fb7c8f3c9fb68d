"""The Python API: one object to open the knowledge graph and ask it questions.

``KnowledgeGraph`` wraps a :class:`~kg.store.base.Store` (any backend) with the named queries,
name resolution and, for notebook users, the rdflib view of the same data. It is what the CLI
does, minus the printing:

>>> from kg import KnowledgeGraph
>>> kg = KnowledgeGraph.from_resources("tests/fixtures/mini")   # tiny checked-in fixture
>>> kg
<KnowledgeGraph on <OxigraphStore ...>>
>>> [(row["effectLabel"], row["documents"]) for row in kg.query("side-effects", drug="Brandix")]
[('dizziness', 1), ('increased blood pressure', 1), ('low blood pressure', 1)]
>>> kg.query("side-effects", drug="pkg:drugzepam").df[["effectLabel", "severities"]].iloc[0].tolist()
['dizziness', 'common']
>>> clash = kg.query("conflicts").rows[0]          # the two fixture documents disagree
>>> clash["object1Label"], clash["quote1"], clash["object2Label"], clash["quote2"]
('increased blood pressure', 'It raises blood pressure.', 'low blood pressure', 'Drugzepam lowers blood pressure.')
>>> kg.resolve("BRANDIX", "drug").curie             # brand names resolve, case-insensitively
'pkg:drugzepam'
>>> kg.sparql("ASK { pkg:drugzepam pkg:hasDrugClass pkg:Benzodiazepine }").boolean
True
>>> len(kg.graph) == len(kg.dataset) > 0            # the rdflib view of the same triples
True

``KnowledgeGraph.open()`` opens the seed graph built by ``kg build`` (building it first when it
is missing or its inputs changed); ``KnowledgeGraph.open(endpoint=URL)`` queries a SPARQL 1.1
endpoint the graph was pushed to.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.query.named import NamedQuery, load_queries, run_named_query, run_sparql
from kg.query.resolve import Resolution, Resolver
from kg.store.base import Result, Store

if TYPE_CHECKING:  # rdflib is heavy; only the rdflib view imports it
    from rdflib import Dataset, Graph

    from kg.store.rdflib import RdflibStore

__all__ = ["KnowledgeGraph"]


class KnowledgeGraph:
    """Named questions, ad-hoc SPARQL and name resolution over one store."""

    def __init__(self, store: Store) -> None:
        """Wrap an open store (any backend)."""
        self.store = store
        self._resolver: Resolver | None = None
        self._rdflib_store: RdflibStore | None = None

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, backend: str = "oxigraph", *, endpoint: str | None = None,
             home: Path | str | None = None,
             notify: Callable[[str], None] | None = None,
             store: str | None = None) -> KnowledgeGraph:
        """The built graph on ``backend`` (``oxigraph`` on disk, the default, or ``rdflib`` in
        memory), or a remote SPARQL endpoint when ``endpoint`` is given.

        A missing or stale build (ontology, corpus or statements changed) is rebuilt first,
        so answers are never stale; ``notify`` hears about it. ``store="sider"`` opens the
        named store loaded by ``kg load FILE... --name sider`` instead.
        """
        from kg.store import open_store

        return cls(open_store(backend, endpoint=endpoint, home=home, notify=notify,
                              store=store))

    @classmethod
    def from_resources(cls, root: Path | str) -> KnowledgeGraph:
        """Build in memory from a resource folder laid out like the repository
        (``ontology/pharmakg.ttl``, ``data/corpus/``, ``data/statements/``), e.g. a fixture or
        a private set of curated statements. Nothing is written to disk."""
        from kg.build.graph import build
        from kg.sources.corpus import load_corpus
        from kg.exports.rdf import to_nquads
        from kg.sources.ontology import Ontology
        from kg.store.oxigraph import OxigraphStore

        root = Path(root)
        built = build(Ontology.load(root / "ontology" / "pharmakg.ttl"),
                      load_corpus(root / "data" / "corpus"),
                      statements_dir=root / "data" / "statements")
        return cls(OxigraphStore.in_memory(to_nquads(built)))

    # -- asking ----------------------------------------------------------------------------
    def query(self, name: str, /, *, inferred: bool = False, **params: str) -> Result:
        """Run the named query ``name`` (see :meth:`queries`) with parameters as people type
        them: labels, synonyms, brand names, CURIEs or IRIs. The :class:`Result` gives
        ``.rows`` (dicts of Python values) and ``.df`` (a pandas DataFrame)."""
        return run_named_query(self.store, name, params, inferred=inferred, interface="python")

    def sparql(self, text: str, *, inferred: bool = False, allow_service: bool = False) -> Result:
        """Run ad-hoc SPARQL over the dataset, ontology prefixes (``pkg:``, ``rdfs:`` ...)
        predeclared. Malformed text raises :class:`~kg.errors.KGError` with line and column, as
        does text past the parser's limits and ``SERVICE`` (which would make this process fetch
        any URL the text names) unless ``allow_service=True``."""
        return run_sparql(self.store, text, inferred=inferred, allow_service=allow_service)

    def queries(self) -> dict[str, NamedQuery]:
        """The named queries by name, each with its summary and parameters."""
        return load_queries()

    def resolve(self, name: str, kind: str = "term") -> Resolution:
        """The single term ``name`` refers to (``kind``: drug, condition, class, mechanism,
        effect or term); :class:`~kg.errors.KGError` listing candidates when ambiguous."""
        if self._resolver is None:
            self._resolver = Resolver(self.store)
        return self._resolver.resolve(name, kind)

    # -- rdflib view -----------------------------------------------------------------------
    def _rdflib(self) -> RdflibStore:
        """The rdflib backend over the same quads, made on first use (the store itself when it
        is rdflib; a copy of the store's own quads otherwise, so terms match its answers)."""
        if self._rdflib_store is None:
            from kg.store.rdflib import RdflibStore

            if isinstance(self.store, RdflibStore):
                self._rdflib_store = self.store
            elif hasattr(self.store, "dump_nquads"):
                self._rdflib_store = RdflibStore.from_nquads(self.store.dump_nquads())
            else:
                from kg.errors import KGError

                raise KGError("a remote endpoint has no local rdflib copy; "
                              "use KnowledgeGraph.open() for the built graph")
        return self._rdflib_store

    @property
    def dataset(self) -> Dataset:
        """The data as an rdflib ``Dataset`` with the named graphs ``ontology``, ``asserted``,
        ``evidence`` (and ``inferred`` once saved)."""
        return self._rdflib().dataset

    @property
    def graph(self) -> Graph:
        """The union of the graphs queries see, as one rdflib ``Graph`` (read it, don't
        write it); ``inferred`` is left out, as in :meth:`query`."""
        return self._rdflib().union()

    # -- housekeeping ----------------------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph on {self.store!r}>"
