"""What runs inside a query worker process: open the dataset, run one request at a time, answer
with a finished HTTP body.

A worker is a separate process so that a query past its time limit can be stopped for real
(pyoxigraph offers no way to cancel a running query from Python; the server kills the process
and starts another). Everything a request needs, parsing, evaluation, the row cap and
serialisation, happens here; the HTTP process only moves bytes.

Messages in: ``(op, payload)``; out: ``(status, content_type, body, headers)``.
"""

from __future__ import annotations

import json
import os
from itertools import islice
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# result format name -> media type
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_TYPES = {
    "turtle": ("text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
LOADED_MARK = ".pharmakg-loaded"


# -- opening the dataset -----------------------------------------------------------------------

def _format_for(path: Path) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    return fmt or ox.RdfFormat.N_QUADS


def _load_sources(store: ox.Store, sources: list[dict]) -> None:
    for source in sources:
        graph = ox.NamedNode(source["graph"]) if source.get("graph") else None
        if "store" in source:  # an on-disk pyoxigraph store (kg load): copy its quads
            store.bulk_extend(ox.Store.read_only(source["store"]).quads_for_pattern(
                None, None, None, None))
        elif "bytes" in source:
            store.bulk_load(source["bytes"], format=ox.RdfFormat.N_QUADS)
        else:
            path = Path(source["path"])
            fmt = _format_for(path)
            if graph is not None and not fmt.supports_datasets:
                store.bulk_load(path=str(path), format=fmt, to_graph=graph)
            else:
                store.bulk_load(path=str(path), format=fmt)


def open_dataset(spec: dict) -> ox.Store:
    """The store a worker queries: in memory (read-only service) or a writable folder (updates).

    ``spec``: ``{"sources": [{"path": ..., "graph": ...} | {"bytes": ...}], "disk": folder|None}``.
    """
    global WRITABLE
    disk = spec.get("disk")
    WRITABLE = bool(disk)
    if disk:
        store = ox.Store(disk)
        mark = Path(disk) / LOADED_MARK
        if not mark.exists():  # first start: load; a restarted worker keeps the updates
            _load_sources(store, spec["sources"])
            store.flush()
            mark.write_text("loaded\n")
        return store
    sources = spec["sources"]
    if len(sources) == 1 and "store" in sources[0]:  # read-only service: open it, no copy
        return ox.Store.read_only(sources[0]["store"])
    store = ox.Store()
    _load_sources(store, sources)
    return store


# -- serialisation ---------------------------------------------------------------------------

def term_json(term) -> dict[str, Any]:
    kind = type(term)
    if kind is ox.NamedNode:
        return {"type": "uri", "value": term.value}
    if kind is ox.BlankNode:
        return {"type": "bnode", "value": term.value}
    if kind is ox.Literal:
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if kind is ox.Triple:
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    return {"type": "literal", "value": str(term)}


def _xml_term(term) -> str:
    kind = type(term)
    if kind is ox.NamedNode:
        return f"<uri>{_xml_escape(term.value)}</uri>"
    if kind is ox.BlankNode:
        return f"<bnode>{_xml_escape(term.value)}</bnode>"
    if kind is ox.Literal:
        value = _xml_escape(term.value)
        if term.language:
            return f'<literal xml:lang="{_xml_escape(term.language)}">{value}</literal>'
        if term.datatype.value != XSD_STRING:
            return f'<literal datatype="{_xml_escape(term.datatype.value)}">{value}</literal>'
        return f"<literal>{value}</literal>"
    if kind is ox.Triple:
        return ("<triple><subject>" + _xml_term(term.subject) + "</subject><predicate>"
                + _xml_term(term.predicate) + "</predicate><object>" + _xml_term(term.object)
                + "</object></triple>")
    return f"<literal>{_xml_escape(str(term))}</literal>"


def _csv_cell(term) -> str:
    if term is None:
        return ""
    if type(term) is ox.BlankNode:
        text = "_:" + term.value
    elif type(term) in (ox.NamedNode, ox.Literal):
        text = term.value
    else:
        text = str(term)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _tsv_cell(term) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def serialize_solutions(names: list[str], rows: list[list], fmt: str) -> bytes:
    if fmt == "json":
        dumps = json.dumps
        cache: dict = {}
        keys = [dumps(n, ensure_ascii=False) + ":" for n in names]
        out = []
        for row in rows:
            cells = []
            for key, term in zip(keys, row):
                if term is None:
                    continue
                frag = cache.get(term)
                if frag is None:
                    frag = cache[term] = dumps(term_json(term), ensure_ascii=False,
                                               separators=(",", ":"))
                cells.append(key + frag)
            out.append("{" + ",".join(cells) + "}")
        head = dumps({"vars": names}, ensure_ascii=False, separators=(",", ":"))
        return ('{"head":' + head + ',"results":{"bindings":[' + ",".join(out) + "]}}").encode()
    if fmt == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                 "<head>"]
        parts += [f'<variable name="{n}"/>' for n in names]
        parts.append("</head><results>")
        for row in rows:
            parts.append("<result>")
            parts += [f'<binding name="{n}">{_xml_term(t)}</binding>'
                      for n, t in zip(names, row) if t is not None]
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode()
    if fmt == "csv":
        lines = [",".join(names)] + [",".join(_csv_cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode()
    if fmt == "tsv":
        lines = ["\t".join("?" + n for n in names)] + ["\t".join(_tsv_cell(t) for t in row)
                                                       for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(fmt)


def serialize_boolean(value: bool, fmt: str) -> bytes:
    word = "true" if value else "false"
    if fmt == "json":
        return ('{"head":{},"boolean":%s}' % word).encode()
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>\n").encode()
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n".encode()
    return f"?_askResult\n{word}\n".encode()


# -- requests ------------------------------------------------------------------------------

def _graphs(iris: list[str] | None):
    return None if iris is None else [ox.NamedNode(g) for g in iris]


_UNION_SAME: dict[tuple, bool] = {}
WRITABLE = False


def _union_is_same(store: ox.Store, graphs: list[str]) -> bool:
    """Whether the union of all graphs equals the union of ``graphs`` (no other named graph and
    an empty default graph): then the faster union evaluation gives the same answers."""
    key = tuple(graphs)
    if WRITABLE:
        return False
    if key not in _UNION_SAME:
        named = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
        empty_default = not any(True for _ in store.quads_for_pattern(None, None, None,
                                                                       ox.DefaultGraph()))
        _UNION_SAME[key] = empty_default and named <= set(graphs)
    return _UNION_SAME[key]


def federation_refusal(text: str, p: dict, update: bool = False) -> tuple | None:
    """The answer refusing ``text`` when it uses SERVICE (or LOAD, in an update) and the server
    does not allow it, decided by pyoxigraph's parser (:mod:`kg.query.sparqlguard`); else ``None``."""
    if p.get("allow_service", False):
        return None
    from kg.errors import KGError
    from kg.query.sparqlguard import FederationRefused, check_federation

    try:
        check_federation(text, update=update, prefixes=p.get("prefixes") or None,
                         base_iri=p.get("base_iri"))
    except FederationRefused as exc:
        return 403, "text/plain; charset=utf-8", (
            f"{exc.message.split(':')[0]} is disabled on this endpoint; start the server with "
            "--allow-service to allow it").encode(), {}
    except KGError as exc:
        where = f" at line {exc.line}, column {exc.column}" if exc.line else ""
        return 400, "text/plain; charset=utf-8", \
            f"malformed SPARQL{where}: {exc.message.removeprefix('malformed SPARQL: ')}".encode(), {}
    return None


def run_query(store: ox.Store, p: dict) -> tuple:
    """Run a query; ``p`` carries the text, dataset, formats and row cap."""
    refused = federation_refusal(p["query"], p)
    if refused:
        return refused
    kwargs: dict[str, Any] = {"prefixes": p.get("prefixes") or None, "base_iri": p.get("base_iri")}
    cap = p["max_rows"]
    try:
        if p.get("default_graphs") is not None or p.get("named_graphs") is not None:
            kwargs["default_graph"] = _graphs(p.get("default_graphs") or [])
            if p.get("named_graphs") is not None:
                kwargs["named_graphs"] = _graphs(p["named_graphs"])
        elif p.get("union") or _union_is_same(store, p.get("dataset_default") or []):
            kwargs["use_default_graph_as_union"] = True
        else:
            kwargs["default_graph"] = _graphs(p.get("dataset_default") or [])
        answer = store.query(p["query"], **kwargs)
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", \
            syntax_message(str(exc), p["query"], p.get("prefixes")).encode(), {}
    except ValueError as exc:  # e.g. an invalid IRI in the dataset parameters
        return 400, "text/plain; charset=utf-8", f"bad request: {exc}".encode(), {}
    headers: dict[str, str] = {}
    try:
        if isinstance(answer, ox.QueryBoolean):
            fmt = p["result_format"]
            return 200, RESULT_TYPES[fmt], serialize_boolean(bool(answer), fmt), headers
        if isinstance(answer, ox.QuerySolutions):
            names = [v.value for v in answer.variables]
            width = range(len(names))
            rows = [[solution[i] for i in width] for solution in islice(answer, cap + 1)]
            if len(rows) > cap:
                rows = rows[:cap]
                headers["X-Result-Truncated"] = "true"
            headers["X-Result-Rows"] = str(len(rows))
            fmt = p["result_format"]
            return 200, RESULT_TYPES[fmt], serialize_solutions(names, rows, fmt), headers
        triples = list(islice(answer, cap + 1))
        if len(triples) > cap:
            triples = triples[:cap]
            headers["X-Result-Truncated"] = "true"
        headers["X-Result-Rows"] = str(len(triples))
        media, rdf_format = GRAPH_TYPES[p["graph_format"]]
        prefixes = p.get("prefixes") if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD,
                                                        ox.RdfFormat.RDF_XML) else None
        body = ox.serialize(triples, format=rdf_format, prefixes=prefixes or None)
        return 200, media, body, headers
    except SyntaxError as exc:
        message = syntax_message(str(exc), p["query"], p.get("prefixes"))
        return 400, "text/plain; charset=utf-8", message.encode(), {}
    except (OSError, RuntimeError, ValueError) as exc:
        return 500, "text/plain; charset=utf-8", f"query failed: {exc}".encode(), {}


def run_update(store: ox.Store, p: dict) -> tuple:
    refused = federation_refusal(p["update"], p, update=True)
    if refused:
        return refused
    try:
        store.update(p["update"], base_iri=p.get("base_iri"), prefixes=p.get("prefixes") or None)
    except SyntaxError as exc:
        message = syntax_message(str(exc), p["update"], p.get("prefixes"))
        return 400, "text/plain; charset=utf-8", message.encode(), {}
    except (OSError, RuntimeError, ValueError) as exc:
        return 500, "text/plain; charset=utf-8", f"update failed: {exc}".encode(), {}
    from kg.server import pages

    pages.forget_caches()
    return 204, "text/plain", b"", {}


def syntax_message(error: str, text: str = "", prefixes: dict | None = None) -> str:
    """pyoxigraph's parser message made readable (:mod:`kg.query.sparqlerrors`), with
    ``line:column`` and the offending line marked.

    >>> print(syntax_message("error at 1:1: expected CONSTRUCT", "SELEC * {}"))
    malformed SPARQL at line 1, column 1: 'SELEC' is not a SPARQL keyword: did you mean SELECT? (expected CONSTRUCT)
      SELEC * {}
      ^
    """
    from kg.query.sparqlerrors import explain

    problem = explain(error, text, prefixes or ())
    where = f" at line {problem.line}, column {problem.column}" if problem.line else ""
    excerpt = problem.excerpt(text) if text else ""
    return f"malformed SPARQL{where}: {problem.message}" + (f"\n{excerpt}" if excerpt else "")


def run_call(store: ox.Store, p: dict) -> tuple:
    """Application calls (entity pages, named queries, search): JSON out."""
    from kg.server import pages

    try:
        status, data = pages.CALLS[p["name"]](store, **p.get("args", {}))
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", syntax_message(str(exc)).encode(), {}
    headers = {"X-Result-Truncated": "true"} if isinstance(data, dict) and data.get("truncated") \
        else {}
    return status, "application/json", json.dumps(data, ensure_ascii=False).encode(), headers


OPS = {"query": run_query, "update": run_update, "call": run_call}


def handle(store: ox.Store, message: tuple) -> tuple:
    op, payload = message
    try:
        return OPS[op](store, payload)
    except Exception as exc:  # noqa: BLE001 - a worker must answer, never die on a request
        return 500, "text/plain; charset=utf-8", f"internal error: {type(exc).__name__}: {exc}".encode(), {}


def worker_main(sock) -> None:
    """Process entry point: receive the dataset spec, open it, say ready, then answer requests
    until the connection closes."""
    from kg.server.framing import recv_message, send_message

    try:
        spec = recv_message(sock)
        store = open_dataset(spec)
    except Exception as exc:  # noqa: BLE001
        send_message(sock, ("error", f"{type(exc).__name__}: {exc}"))
        return
    send_message(sock, ("ready", len(store)))
    while True:
        try:
            message = recv_message(sock)
        except (EOFError, OSError):
            return
        send_message(sock, handle(store, message))


if __name__ == "__main__":
    import socket
    import sys

    worker_main(socket.socket(fileno=int(sys.argv[1])))
