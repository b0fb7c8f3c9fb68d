"""The SPARQL 1.1 Protocol endpoint (https://www.w3.org/TR/sparql11-protocol/).

- query: GET ``?query=``, POST form (``query=``), POST ``application/sparql-query``;
  ``default-graph-uri`` / ``named-graph-uri`` set the dataset (overriding FROM / FROM NAMED)
- update: POST form (``update=``) or ``application/sparql-update``, only when enabled and with
  the bearer token; ``using-graph-uri`` / ``using-named-graph-uri`` become USING clauses
- GET without a query: the SPARQL 1.1 Service Description
"""

from __future__ import annotations

import re
from functools import lru_cache

from starlette.requests import Request
from starlette.responses import Response

from kg.server import negotiate, sparqlscan
from kg.server.app import HTTPError, check_token, parse_form, read_body, run_engine

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"


def _media(request: Request) -> tuple[str, dict[str, str]]:
    raw = request.headers.get("content-type", "")
    parts = [p.strip() for p in raw.split(";")]
    params = {}
    for p in parts[1:]:
        key, _, value = p.partition("=")
        params[key.strip().lower()] = value.strip().strip('"')
    return parts[0].lower(), params


def _decode(body: bytes, params: dict[str, str]) -> str:
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise HTTPError(415, f"charset {charset} is not supported: send UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPError(400, f"the body is not valid UTF-8 (byte {exc.start})") from None


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise HTTPError(400, f"the request has {len(values)} '{name}' parameters; send one")
    return values[0] if values else None


async def sparql_endpoint(request: Request) -> Response:
    settings = request.app.state.settings
    if len(request.scope.get("query_string", b"")) > settings.max_body:
        # a query sent in the URL is held to the same limit as one sent in the body
        raise HTTPError(414, f"the request URL's query string is over the limit of "
                             f"{settings.max_body} bytes; POST long queries")
    url_params = list(request.query_params.multi_items())
    if request.method in ("GET", "HEAD"):
        params = url_params
        if _values(params, "update"):
            raise HTTPError(400, "SPARQL Update must be sent with POST")
        query = _one(_values(params, "query"), "query")
        if query is None:
            return service_description(request)
        return await _query(request, query, params)

    media, media_params = _media(request)
    body = await read_body(request, settings.max_body)
    if media == "application/x-www-form-urlencoded":
        params = url_params + parse_form(body)
        queries, updates = _values(params, "query"), _values(params, "update")
        if queries and updates:
            raise HTTPError(400, "the request has both 'query' and 'update'; send one")
        if updates:
            return await _update(request, _one(updates, "update"), params)
        query = _one(queries, "query")
        if query is None:
            raise HTTPError(400, "the form has no 'query' (or 'update') parameter")
        return await _query(request, query, params)
    if media == "application/sparql-query":
        return await _query(request, _decode(body, media_params), url_params)
    if media == "application/sparql-update":
        return await _update(request, _decode(body, media_params), url_params)
    shown = media or "no Content-Type"
    raise HTTPError(415, f"cannot take a POST with {shown}: send application/sparql-query, "
                         "application/sparql-update or application/x-www-form-urlencoded")


def _forced_format(params: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    """The format the request's ``format``/``output``/``results`` parameters ask for (clients
    such as SPARQLWrapper send all three, and ``format`` twice, as an alias and a media type):
    ``(as given, format)``; several that disagree, or an unknown one, are a 400."""
    given = [v for k, v in params if k in ("format", "output", "results") and v.strip()]
    if not given:
        return None, None
    formats = []
    for value in given:
        fmt = negotiate.format_alias(value)
        if fmt is None:
            raise HTTPError(400, f"unknown format {value!r}; one of "
                                 f"{', '.join(sorted(negotiate.FORMAT_ALIASES))} or a media type")
        formats.append(fmt)
    specific = {f for f in formats if f not in ("json", "xml")}
    # "json"/"xml" agree with the graph format of the same family (jsonld, rdfxml)
    family = {"jsonld": "json", "rdfxml": "xml"}
    if len(specific) > 1 or len({family.get(f, f) for f in formats}) > 1:
        raise HTTPError(400, f"the request asks for different formats ({', '.join(given)}); "
                             "send one")
    return given[0], (specific.pop() if specific else formats[0])


def _values(params: list[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in params if k == name]


def _base_iri(request: Request) -> str:
    """The endpoint URL as the client addressed it (base IRI of queries and updates, and the
    service description's ``sd:endpoint``)."""
    scope = request.scope
    host = request.headers.get("host")
    if not host or not _HOST.fullmatch(host):  # absent or not a host[:port]: the bound address
        server = scope.get("server") or ("127.0.0.1", 80)
        address = f"[{server[0]}]" if ":" in str(server[0]) else str(server[0])
        host = f"{address}:{server[1]}" if server[1] else address
    return _endpoint_url(scope.get("scheme", "http"), host,
                         scope.get("root_path", "") + scope["path"])


_HOST = re.compile(r"[A-Za-z0-9.\-]+(?::[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](?::[0-9]{1,5})?")


@lru_cache(maxsize=256)
def _endpoint_url(scheme: str, host: str, path: str) -> str:
    from urllib.parse import quote

    return f"{scheme}://{host}{quote(path)}"


def _check_limits(text: str) -> None:
    """pyoxigraph's parser limits (kg.query.sparqlguard), checked here, before a worker parses: text
    past them would crash the worker (SIGSEGV) or hold it for minutes. 400 with the position."""
    from kg.errors import KGError

    try:
        _limits_ok(text)
    except KGError as exc:
        where = f" at line {exc.line}, column {exc.column}" if exc.line else ""
        raise HTTPError(400, f"refused{where}: {exc.message}") from None


@lru_cache(maxsize=1024)
def _limits_ok(text: str) -> bool:
    """:func:`kg.query.sparqlguard.check_limits`, cached: clients repeat their queries (a refusal
    raises, and is not cached)."""
    from kg.query.sparqlguard import check_limits

    check_limits(text)
    return True


async def _query(request: Request, query: str, params: list[tuple[str, str]]) -> Response:
    settings = request.app.state.settings
    _check_limits(query)
    # the lexer is a fast path that may only refuse more; the worker's parser-based check
    # (kg.query.sparqlguard.check_federation) decides for everything the lexer lets through
    if not settings.allow_service and sparqlscan.uses_service(query):
        raise HTTPError(403, "SERVICE (federated query) is disabled on this endpoint; "
                             "start the server with --allow-service to allow it")
    form = sparqlscan.query_form(query)
    result_format = graph_format = None
    forced, fmt = _forced_format(params)
    if forced:
        if fmt in ("json", "xml", "csv", "tsv"):
            result_format = fmt
            graph_format = {"json": "jsonld", "xml": "rdfxml"}.get(fmt, "turtle")
        else:
            graph_format = fmt
            result_format = "json"
        if form in ("select", "ask") and fmt not in ("json", "xml", "csv", "tsv") or \
                form in ("construct", "describe") and fmt in ("csv", "tsv"):
            raise HTTPError(406, f"format {forced!r} does not fit a {form.upper()} query")
    else:
        accept = request.headers.get("accept")
        result_format = negotiate.pick(negotiate.RESULT_OFFERS, accept)
        graph_format = negotiate.pick(negotiate.GRAPH_OFFERS, accept)
        wanted = result_format if form in ("select", "ask") else \
            graph_format if form in ("construct", "describe") else (result_format or graph_format)
        if wanted is None:
            offers = negotiate.RESULT_OFFERS if form in ("select", "ask") else \
                negotiate.GRAPH_OFFERS if form else negotiate.RESULT_OFFERS + negotiate.GRAPH_OFFERS
            raise HTTPError(406, f"cannot answer in {accept!r}; this query's results come as: "
                                 f"{', '.join(negotiate.offered_types(offers))}")
        result_format = result_format or "json"
        graph_format = graph_format or "turtle"
    default_graphs = _values(params, "default-graph-uri")
    named_graphs = _values(params, "named-graph-uri")
    payload = {
        "query": query, "prefixes": settings.prefixes, "base_iri": _base_iri(request),
        "result_format": result_format, "graph_format": graph_format,
        "max_rows": settings.max_rows, "allow_service": settings.allow_service,
        "union": settings.default_graphs is None,
        "dataset_default": settings.default_graphs,
    }
    if default_graphs or named_graphs:
        payload["default_graphs"] = default_graphs
        payload["named_graphs"] = named_graphs or None
        if not named_graphs:
            payload["named_graphs"] = None
    status, content_type, body, headers = await run_engine(request, "query", payload)
    headers = dict(headers)
    headers["Vary"] = "Accept"
    return Response(body, status_code=status, media_type=content_type, headers=headers)


async def _update(request: Request, update: str | None, params: list[tuple[str, str]]) -> Response:
    settings = request.app.state.settings
    if not settings.allow_update:
        raise HTTPError(403, "this endpoint is read-only: SPARQL Update is refused (start the "
                             "server with --allow-update --token T to accept updates)")
    if not check_token(request, settings.token):
        raise HTTPError(403, "SPARQL Update needs the header 'Authorization: Bearer <token>' "
                             "with the server's token", {"WWW-Authenticate": "Bearer"})
    if update is None:
        raise HTTPError(400, "no update text")
    _check_limits(update)
    if not settings.allow_service and sparqlscan.uses_service(update):
        raise HTTPError(403, "SERVICE (federated query) is disabled on this endpoint; "
                             "start the server with --allow-service to allow it")
    if not settings.allow_service and sparqlscan.uses_load(update):
        raise HTTPError(403, "LOAD (fetching a URL) is disabled on this endpoint; start the "
                             "server with --allow-service to allow the server to fetch URLs")
    try:
        update = sparqlscan.apply_using(update, _values(params, "using-graph-uri"),
                                        _values(params, "using-named-graph-uri"))
    except ValueError as exc:
        raise HTTPError(400, str(exc)) from None
    status, content_type, body, headers = await run_engine(
        request, "update", {"update": update, "prefixes": settings.prefixes,
                            "base_iri": _base_iri(request),
                            "allow_service": settings.allow_service})
    return Response(body, status_code=status, media_type=content_type, headers=headers)


# -- service description -------------------------------------------------------------------

def service_description_turtle(endpoint: str, settings) -> str:
    result_formats = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                      "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"]
    languages = ["sd:SPARQL11Query"] + (["sd:SPARQL11Update"] if settings.allow_update else [])
    features = ["sd:BasicFederatedQuery"] if settings.allow_service else []
    if settings.default_graphs is None:
        features.append("sd:UnionDefaultGraph")
    lines = [
        f"@prefix sd: <{SD}> .",
        f"@prefix formats: <{FORMATS}> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "",
        "[] a sd:Service ;",
        f"   sd:endpoint <{endpoint}> ;",
        f"   dcterms:title {_turtle_string(settings.title + ' SPARQL endpoint')} ;",
        f"   sd:supportedLanguage {', '.join(languages)} ;",
        f"   sd:resultFormat {', '.join('formats:' + f for f in result_formats)} ;",
    ]
    if features:
        lines.append(f"   sd:feature {', '.join(features)} ;")
    dataset = ["   sd:defaultDataset [ a sd:Dataset ;",
               "       sd:defaultGraph [ a sd:Graph ]"]
    for graph in settings.default_graphs or []:
        dataset[-1] += " ;"
        dataset.append(f"       sd:namedGraph [ a sd:NamedGraph ; sd:name <{graph}> ]")
    dataset.append("   ] .")
    return "\n".join(lines + dataset) + "\n"


def _turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def service_description(request: Request) -> Response:
    import pyoxigraph as ox

    settings = request.app.state.settings
    turtle = service_description_turtle(_base_iri(request), settings)
    fmt = negotiate.pick(negotiate.GRAPH_OFFERS, request.headers.get("accept")) or "turtle"
    if fmt == "turtle":
        return Response(turtle, media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})
    from kg.server.worker import GRAPH_TYPES

    media, rdf_format = GRAPH_TYPES[fmt]
    triples = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    body = ox.serialize(triples, format=rdf_format,
                        prefixes={"sd": SD} if fmt != "ntriples" else None)
    return Response(body, media_type=media, headers={"Vary": "Accept"})
