"""Remote backend: any SPARQL 1.1 endpoint, queried through SPARQLWrapper.

Dataset: ``kg push`` keeps pharmakg's named graphs apart on the server (so an ``inferred``
graph never leaks into plain answers); each query names the graphs of its dataset with the
SPARQL 1.1 Protocol's ``default-graph-uri`` and ``named-graph-uri`` parameters (the same graphs
both ways, as on the embedded backends). Parameters are bound by a ``VALUES``
block of serialised terms (:func:`kg.store.sparqltext.inject_values`). The ontology prefixes
are prepended as ``PREFIX`` lines for the server.

Pushing: SPARQL 1.1 Update (``DROP SILENT GRAPH`` + ``INSERT DATA`` per graph, one request per
graph so blank nodes stay connected) or, given a Graph Store Protocol endpoint, one ``PUT`` of
N-Triples per graph. ``kg push`` uploads the graphs of the built pyoxigraph store (literals in
the canonical form that store keeps, the saved ``inferred`` graph included) and empties the
pharmakg graphs the build does not have, so a server never answers from a stale graph.

Errors are :class:`~kg.errors.KGError` located at the URL (``http://host/query: cannot reach the
SPARQL endpoint: Connection refused``): "cannot reach" (connection refused, DNS, timeout) versus
"refused the query" (an HTTP error status, with the server's message).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path

from kg.errors import KGError
from kg.store.base import (GRAPH_ASSERTED, GRAPH_EVIDENCE, GRAPH_INFERRED, GRAPH_ONTOLOGY,
                           Result, Store, Term, dataset_graphs)
from kg.store.sparqltext import check_syntax, inject_values, prefix_block, query_form

#: The graphs ``kg push`` owns on a server: each is replaced, or emptied when the build lacks it.
PHARMAKG_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_EVIDENCE, GRAPH_INFERRED)


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
                 store_endpoint: str | None = None, timeout: float = 60.0,
                 batch_triples: int = 250) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise KGError(f"endpoint must be an http(s) URL, not {endpoint!r}")
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or derived_endpoint(endpoint, "update")
        self.store_endpoint = store_endpoint
        self.timeout = timeout
        self.batch_triples = batch_triples  # triples per INSERT DATA request (see ntriples_batches)

    def __repr__(self) -> str:
        return f"<RemoteStore endpoint={self.endpoint}>"

    # -- querying --------------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
              inferred: bool = False, allow_service: bool = False) -> Result:
        # located messages before anything goes over the wire; the same SERVICE rule
        check_syntax(sparql, allow_service=allow_service)
        form = query_form(sparql)
        text = prefix_block(sparql) + inject_values(sparql, bindings or {})
        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

        wrapper = SPARQLWrapper(self.endpoint)
        wrapper.setMethod(POST)
        wrapper.setTimeout(max(1, round(self.timeout)))
        for graph in dataset_graphs(inferred):
            wrapper.addParameter("default-graph-uri", graph)
            wrapper.addParameter("named-graph-uri", graph)
        wrapper.setQuery(text)
        # SPARQLWrapper guesses the form with a regular expression that a PREFIX IRI or a
        # comment can fool (and then asks for the wrong format, or sends the query as an
        # update); the form is known from the lexer.
        wrapper.queryType = form.upper()
        construct = form in ("construct", "describe")
        wrapper.setReturnFormat(TURTLE if construct else JSON)
        try:
            body = wrapper.query().response.read()
        except Exception as exc:
            raise _failure(self.endpoint, "the query", exc) from None
        try:
            if construct:
                return Result(triples=_parse_triples(body))
            data = json.loads(body)
            if "boolean" in data:
                return Result(boolean=bool(data["boolean"]))
            names = list(data["head"].get("vars", []))
            rows = [tuple(canonical_term(Term.from_json(b[v])) if v in b else None
                          for v in names)
                    for b in data["results"]["bindings"]]
        except (ValueError, KeyError, TypeError, SyntaxError) as exc:
            raise KGError(f"the endpoint sent an answer that is not SPARQL results: "
                          f"{_clip(exc)}", path=self.endpoint) from None
        return Result(vars=names, bindings=rows)

    # -- pushing ---------------------------------------------------------------------------
    def push(self, quads: Iterable[tuple[Term, Term, Term, Term]], *, method: str = "update",
             replace: Iterable[str] = ()) -> dict[str, int]:
        """Replace each named graph on the server with the given quads' triples.

        ``method`` is ``update`` (SPARQL 1.1 Update) or ``gsp`` (Graph Store Protocol PUT to
        :attr:`store_endpoint`, default derived from the query URL). Graphs named in
        ``replace`` that have no quads are emptied. Returns triples per graph.
        """
        by_graph: dict[str, list[str]] = {}
        for s, p, o, g in quads:
            by_graph.setdefault(g.value, []).append(f"{s.n3()} {p.n3()} {o.n3()} .")
        graphs = {graph: ("\n".join(lines) + "\n").encode("utf-8")
                  for graph, lines in by_graph.items()}
        return self.push_graphs(graphs, method=method, replace=replace)

    def push_graphs(self, graphs: Mapping[str, bytes], *, method: str = "update",
                    replace: Iterable[str] = ()) -> dict[str, int]:
        """Like :meth:`push`, from N-Triples per graph IRI (e.g.
        :meth:`kg.store.oxigraph.OxigraphStore.graphs_ntriples`)."""
        if method not in ("update", "gsp"):
            raise KGError(f"unknown push method {method!r}; use update or gsp")
        counts: dict[str, int] = {}
        for graph in list(graphs) + [g for g in replace if g not in graphs]:
            data = graphs.get(graph, b"")
            Term.iri(graph).n3()  # a graph name that is not an IRI fails here, not remotely
            if method == "gsp":
                if data:
                    self._put_graph(graph, data)
                else:
                    self._delete_graph(graph)
            else:
                self.update(f"DROP SILENT GRAPH <{graph}>")
                for batch in ntriples_batches(data, self.batch_triples):
                    self.update(insert_operation(graph, batch))
            counts[graph] = data.count(b"\n")
        return counts

    def update(self, text: str) -> None:
        """Send one SPARQL 1.1 Update request (POST ``application/sparql-update``)."""
        self._send(self.update_endpoint, "POST", text.encode("utf-8"),
                   "application/sparql-update", "the update")

    def _graph_url(self, graph: str) -> str:
        base = self.store_endpoint or derived_endpoint(self.endpoint, "store")
        return base + ("&" if "?" in base else "?") + urllib.parse.urlencode({"graph": graph})

    def _put_graph(self, graph: str, ntriples: bytes) -> None:
        self._send(self._graph_url(graph), "PUT", ntriples, "application/n-triples",
                   "the upload")

    def _delete_graph(self, graph: str) -> None:
        self._send(self._graph_url(graph), "DELETE", None, None, "the delete", missing_ok=True)

    def _send(self, url: str, method: str, data: bytes | None, content_type: str | None,
              what: str, *, missing_ok: bool = False) -> None:
        headers = {"Content-Type": content_type} if content_type else {}
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            if missing_ok and exc.code == 404:
                return
            raise _failure(url, what, exc) from None
        except Exception as exc:
            raise _failure(url, what, exc) from None


_XSD = "http://www.w3.org/2001/XMLSchema#"
_BOOLEAN_CANONICAL = {"1": "true", "0": "false"}


def canonical_term(term: Term) -> Term:
    """The canonical lexical form of an ``xsd:boolean`` (Virtuoso answers ``"1"``, which is the
    same value as the ``"true"`` every other backend gives)."""
    if term.datatype == _XSD + "boolean" and term.value in _BOOLEAN_CANONICAL:
        return Term.literal(_BOOLEAN_CANONICAL[term.value], term.datatype)
    return term


_WHOLE_DECIMAL = re.compile(r'(?<= )"(-?[0-9]+)"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>'
                            r'(?= \.$)', re.M)


def decimal_points(ntriples: str) -> str:
    """Whole ``xsd:decimal`` objects written with a decimal point (``"75.0"``, the XSD 1.0
    canonical form, the same value as ``"75"``): Virtuoso 7 stores a ``"75"^^xsd:decimal`` as an
    ``xsd:integer``, so the datatype would not survive a push.

    >>> decimal_points('<a> <p> "75"^^<http://www.w3.org/2001/XMLSchema#decimal> .')
    '<a> <p> "75.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .'
    """
    return _WHOLE_DECIMAL.sub(lambda m: f'"{m[1]}.0"^^<{_XSD}decimal>', ntriples)


def ntriples_batches(data: bytes, size: int) -> list[str]:
    """N-Triples split into batches of about ``size`` triples for ``INSERT DATA``, keeping the
    triples that share a blank node in one batch (a blank node label is scoped to one request).

    Stores bound one update request: Virtuoso 7 refuses an ``INSERT DATA`` whose generated SQL
    exceeds 10,000 lines (a few hundred triples), so one request per graph does not load there.

    >>> ntriples_batches(b'<a> <p> _:x .\\n_:x <q> "1" .\\n<b> <p> <c> .\\n', 1)
    ['<a> <p> _:x .\\n_:x <q> "1" .\\n', '<b> <p> <c> .\\n']
    """
    lines = [line for line in decimal_points(data.decode("utf-8")).splitlines() if line.strip()]
    parent = list(range(len(lines)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for index, line in enumerate(lines):
        for label in _BNODE_LABEL.findall(_LITERAL.sub("", line)):
            if label in first_with:
                parent[root(index)] = root(first_with[label])
            else:
                first_with[label] = index
    groups: dict[int, list[str]] = {}
    for index, line in enumerate(lines):
        groups.setdefault(root(index), []).append(line)
    batches: list[str] = []
    current: list[str] = []
    for group in groups.values():
        if current and len(current) + len(group) > size:
            batches.append("".join(f"{line}\n" for line in current))
            current = []
        current.extend(group)
    if current:
        batches.append("".join(f"{line}\n" for line in current))
    return batches


def insert_operation(graph: str, ntriples: str) -> str:
    """``INSERT DATA`` for ground triples; ``INSERT {..} WHERE {}`` when they hold blank nodes
    (standard SPARQL 1.1 too, and the form Virtuoso 7 accepts: it refuses blank nodes in
    ``INSERT DATA``). One solution of the empty pattern keeps each label one node."""
    if _BNODE_LABEL.search(_LITERAL.sub("", ntriples)):
        return f"INSERT {{ GRAPH <{graph}> {{\n{ntriples}}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{ntriples}}} }}"


_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')
_BNODE_LABEL = re.compile(r"(?<![^\s])_:([A-Za-z0-9_\-.]+)")


def read_nquads(source: bytes | Path) -> list[tuple[Term, Term, Term, Term]]:
    """Quads of an N-Quads file or bytes, as Terms (parsed by pyoxigraph)."""
    import pyoxigraph as ox

    from kg.store.oxigraph import term_from_oxigraph

    kwargs = {"path": str(source)} if isinstance(source, Path) else {"input": source}
    return [(term_from_oxigraph(q.subject), term_from_oxigraph(q.predicate),
             term_from_oxigraph(q.object), term_from_oxigraph(q.graph_name))
            for q in ox.parse(format=ox.RdfFormat.N_QUADS, **kwargs)
            if isinstance(q.graph_name, ox.NamedNode)]


def push_build(endpoint: str, *, home: Path | str | None = None, method: str = "update",
               update_endpoint: str | None = None, store_endpoint: str | None = None,
               notify=None) -> dict[str, int]:
    """Push the current build (rebuilt first when stale) to a SPARQL 1.1 store: what
    ``kg push`` does. Every pharmakg graph on the server is replaced, or emptied when the build
    has none (e.g. an ``inferred`` graph pushed earlier)."""
    import gc

    from kg.store import local
    from kg.store.oxigraph import OxigraphStore

    remote = RemoteStore(endpoint, update_endpoint=update_endpoint, store_endpoint=store_endpoint)
    build = local.ensure_build(home, notify=notify)
    store = OxigraphStore.open(build / local.OXIGRAPH_DIR)
    try:
        graphs = store.graphs_ntriples()
    finally:
        store.close()
        del store
        gc.collect()
    return remote.push_graphs(graphs, method=method, replace=PHARMAKG_GRAPHS)


def _parse_triples(body: bytes) -> list[tuple[Term, Term, Term]]:
    import pyoxigraph as ox

    from kg.store.oxigraph import term_from_oxigraph

    return [(term_from_oxigraph(t.subject), term_from_oxigraph(t.predicate),
             term_from_oxigraph(t.object)) for t in ox.parse(body, format=ox.RdfFormat.TURTLE)]


def _clip(value: object, width: int = 500) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _failure(url: str, what: str, exc: BaseException) -> KGError:
    """A KGError located at the URL: unreachable (no HTTP answer) or refused (an error status).
    The URL is the error's ``path``, so a named query's error is not blamed on its file."""
    status, detail = _http_error(exc)
    if status is not None:
        return KGError(f"the endpoint refused {what}: HTTP {status}"
                       + (f": {_clip(detail)}" if detail else ""), path=url)
    reason = exc
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        reason = exc.reason
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        text = "no answer (timed out)"
    elif isinstance(reason, OSError) and reason.strerror:
        text = reason.strerror
    else:
        text = _clip(reason) or type(reason).__name__
    return KGError(f"cannot reach the SPARQL endpoint: {text}", path=url)


_SPARQLWRAPPER_STATUS = {"QueryBadFormed": 400, "Unauthorized": 401, "EndPointNotFound": 404,
                         "URITooLong": 414, "EndPointInternalError": 500}


def _http_error(exc: BaseException) -> tuple[int | None, str]:
    """``(status, server message)`` for an HTTP error, from urllib or SPARQLWrapper."""
    if isinstance(exc, urllib.error.HTTPError):
        try:
            detail = exc.read().decode("utf-8", "replace")
        except Exception:
            detail = ""
        return exc.code, detail.strip() or str(exc.reason)
    status = _SPARQLWRAPPER_STATUS.get(type(exc).__name__)
    if status is None:
        return None, ""
    # SPARQLWrapper keeps the body only inside its message: "...\n\nResponse:\nb'...'"
    text = str(exc)
    marker = "Response:\n"
    if marker in text:
        import ast

        try:
            raw = ast.literal_eval(text[text.index(marker) + len(marker):].strip())
            return status, raw.decode("utf-8", "replace").strip() if isinstance(raw, bytes) else ""
        except (ValueError, SyntaxError):
            pass
    return status, ""
