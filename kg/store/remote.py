"""Remote backend: any SPARQL 1.1 endpoint, queried through SPARQLWrapper.

Dataset: ``kg push`` keeps pharmakg's named graphs apart on the server (so an ``inferred``
graph never leaks into plain answers); each query names the graphs of its default dataset with
the SPARQL 1.1 Protocol's ``default-graph-uri`` parameters. Parameters are bound by a ``VALUES``
block of serialised terms (:func:`kg.store.sparqltext.inject_values`). The ontology prefixes
are prepended as ``PREFIX`` lines for the server.

Pushing: SPARQL 1.1 Update (``DROP SILENT GRAPH`` + ``INSERT DATA`` per graph, one request per
graph so blank nodes stay connected) or, given a Graph Store Protocol endpoint, one ``PUT`` of
N-Triples per graph.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path

from kg.errors import KGError
from kg.store.base import Result, Store, Term, dataset_graphs
from kg.store.sparqltext import check_syntax, inject_values, prefix_block


def derived_endpoint(endpoint: str, kind: str) -> str:
    """The update (``kind='update'``) or graph-store (``'store'``) URL beside a query URL, for
    servers that name them Oxigraph/Fuseki-style (``.../query`` → ``.../update``, ``.../store``)."""
    if endpoint.rstrip("/").endswith("/query"):
        return endpoint.rstrip("/")[: -len("query")] + kind
    return endpoint


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint. ``endpoint`` is the query URL (Oxigraph: ``http://host:7878/query``)."""

    backend = "remote"

    def __init__(self, endpoint: str, *, update_endpoint: str | None = None,
                 store_endpoint: str | None = None, timeout: float = 60.0) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise KGError(f"endpoint must be an http(s) URL, not {endpoint!r}")
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or derived_endpoint(endpoint, "update")
        self.store_endpoint = store_endpoint
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"<RemoteStore endpoint={self.endpoint}>"

    # -- querying --------------------------------------------------------------------------
    def _wrapper(self, url: str):
        from SPARQLWrapper import POST, SPARQLWrapper

        wrapper = SPARQLWrapper(url)
        wrapper.setMethod(POST)
        wrapper.setTimeout(int(self.timeout))
        return wrapper

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
              inferred: bool = False) -> Result:
        check_syntax(sparql)  # located messages before anything goes over the wire
        text = prefix_block(sparql) + inject_values(sparql, bindings or {})
        from SPARQLWrapper import JSON, TURTLE

        wrapper = self._wrapper(self.endpoint)
        for graph in dataset_graphs(inferred):
            wrapper.addParameter("default-graph-uri", graph)
        wrapper.setQuery(text)
        form = wrapper.queryType
        construct = form in ("CONSTRUCT", "DESCRIBE")
        wrapper.setReturnFormat(TURTLE if construct else JSON)
        try:
            response = wrapper.query().response
            body = response.read()
        except Exception as exc:
            raise KGError(f"endpoint {self.endpoint} refused the query: {_reason(exc)}") from None
        if construct:
            return Result(triples=_parse_triples(body))
        data = json.loads(body)
        if "boolean" in data:
            return Result(boolean=bool(data["boolean"]))
        names = list(data["head"].get("vars", []))
        rows = [tuple(Term.from_json(b[v]) if v in b else None for v in names)
                for b in data["results"]["bindings"]]
        return Result(vars=names, bindings=rows)

    # -- pushing ---------------------------------------------------------------------------
    def push(self, quads: Iterable[tuple[Term, Term, Term, Term]], *,
             method: str = "update") -> dict[str, int]:
        """Replace each named graph on the server with the given quads' triples.

        ``method`` is ``update`` (SPARQL 1.1 Update) or ``gsp`` (Graph Store Protocol PUT to
        :attr:`store_endpoint`, default derived from the query URL). Returns triples per graph.
        """
        by_graph: dict[str, list[str]] = {}
        for s, p, o, g in quads:
            by_graph.setdefault(g.value, []).append(f"{s.n3()} {p.n3()} {o.n3()} .")
        for graph, lines in by_graph.items():
            if method == "gsp":
                self._put_graph(graph, "\n".join(lines) + "\n")
            elif method == "update":
                self.update(f"DROP SILENT GRAPH <{graph}> ;\n"
                            f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n} }")
            else:
                raise KGError(f"unknown push method {method!r}; use update or gsp")
        return {graph: len(lines) for graph, lines in by_graph.items()}

    def update(self, text: str) -> None:
        """Send one SPARQL 1.1 Update request."""
        wrapper = self._wrapper(self.update_endpoint)
        wrapper.setQuery(text)
        try:
            wrapper.query().response.read()
        except Exception as exc:
            raise KGError(f"endpoint {self.update_endpoint} refused the update: "
                          f"{_reason(exc)}") from None

    def _put_graph(self, graph: str, ntriples: str) -> None:
        base = self.store_endpoint or derived_endpoint(self.endpoint, "store")
        url = base + ("&" if "?" in base else "?") + urllib.parse.urlencode({"graph": graph})
        request = urllib.request.Request(url, data=ntriples.encode("utf-8"), method="PUT",
                                         headers={"Content-Type": "application/n-triples"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except Exception as exc:
            raise KGError(f"graph store {base} refused the upload: {_reason(exc)}") from None


def read_nquads(source: bytes | Path) -> list[tuple[Term, Term, Term, Term]]:
    """Quads of an N-Quads file or bytes, as Terms (parsed by pyoxigraph)."""
    import pyoxigraph as ox

    from kg.store.oxigraph import term_from_oxigraph

    kwargs = {"path": str(source)} if isinstance(source, Path) else {"input": source}
    return [(term_from_oxigraph(q.subject), term_from_oxigraph(q.predicate),
             term_from_oxigraph(q.object), term_from_oxigraph(q.graph_name))
            for q in ox.parse(format=ox.RdfFormat.N_QUADS, **kwargs)
            if isinstance(q.graph_name, ox.NamedNode)]


def _parse_triples(body: bytes) -> list[tuple[Term, Term, Term]]:
    import pyoxigraph as ox

    from kg.store.oxigraph import term_from_oxigraph

    return [(term_from_oxigraph(t.subject), term_from_oxigraph(t.predicate),
             term_from_oxigraph(t.object)) for t in ox.parse(body, format=ox.RdfFormat.TURTLE)]


def _reason(exc: Exception) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        detail = exc.read().decode("utf-8", "replace").strip()
        return f"HTTP {exc.code}: {detail[:500]}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return " ".join(str(exc).split())[:500] or type(exc).__name__
