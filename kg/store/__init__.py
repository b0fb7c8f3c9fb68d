"""One store interface, three backends (see ``docs/store-interface.md``).

- :class:`~kg.store.oxigraph.OxigraphStore`: embedded pyoxigraph, on disk (``kg build``) or
  in memory; the default.
- :class:`~kg.store.rdflib.RdflibStore`: rdflib in memory.
- :class:`~kg.store.remote.RemoteStore`: any SPARQL 1.1 endpoint via SPARQLWrapper.

Backends are imported lazily, so ``from kg.store import Term`` costs nothing and only the
backend in use is loaded (rdflib's import alone costs ~0.1 s).
"""

from __future__ import annotations

from kg.store.base import (EXPLICIT_GRAPHS, GRAPH_ASSERTED, GRAPH_EVIDENCE, GRAPH_INFERRED,
                           GRAPH_ONTOLOGY, PREFIXES, Result, Store, Term, dataset_graphs)

__all__ = ["EXPLICIT_GRAPHS", "GRAPH_ASSERTED", "GRAPH_EVIDENCE", "GRAPH_INFERRED",
           "GRAPH_ONTOLOGY", "PREFIXES", "Result", "Store", "Term", "dataset_graphs",
           "OxigraphStore", "RdflibStore", "RemoteStore", "open_store"]

_LAZY = {"OxigraphStore": "kg.store.oxigraph", "RdflibStore": "kg.store.rdflib",
         "RemoteStore": "kg.store.remote"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg.store' has no attribute {name!r}")


def open_store(backend: str = "oxigraph", *, endpoint: str | None = None, home=None,
               rebuild: bool = True, notify=None, store: str | None = None) -> Store:
    """Open the pharmakg dataset on a backend.

    ``oxigraph`` opens the built on-disk store and ``rdflib`` loads its content in memory; both
    (re)build first when the build is missing or its inputs changed (``rebuild=False`` raises
    instead). ``remote`` needs ``endpoint`` (the data must have been pushed with ``kg push``).
    ``notify`` receives one-line progress messages (e.g. "rebuilding: inputs changed").
    ``store=NAME`` opens the named store loaded by ``kg load --name NAME`` instead of the build.
    """
    from kg.store import local

    if backend == "remote" or endpoint:
        if not endpoint:
            from kg.errors import KGError

            raise KGError("the remote backend needs an endpoint URL (--endpoint)")
        from kg.store.remote import RemoteStore

        return RemoteStore(endpoint)
    if store is not None:
        from kg.store.named import NamedStore, store_generation

        build = store_generation(store, home)
        if backend == "oxigraph":
            return NamedStore.open_generation(build)
    else:
        build = local.ensure_build(home, rebuild=rebuild, notify=notify)
    if backend == "oxigraph":
        from kg.store.oxigraph import OxigraphStore

        return OxigraphStore.open(build / local.OXIGRAPH_DIR)
    if backend == "rdflib":
        from kg.store.rdflib import RdflibStore

        return RdflibStore.from_oxigraph(build / local.OXIGRAPH_DIR)
    from kg.errors import KGError

    raise KGError(f"unknown backend {backend!r}; choose oxigraph, rdflib or remote")
