"""JSON endpoints for people and programs that do not write SPARQL: named queries, entity
profiles, search, and the OpenAPI document describing them."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from kg.server.app import HTTPError, json_response, run_engine
from kg.store.base import GRAPH_INFERRED



@lru_cache(maxsize=8)
def _catalogue(queries_dir: str | None) -> list[dict]:
    from kg.query.named import load_queries

    queries = load_queries(Path(queries_dir) if queries_dir else None)
    return [{
        "name": q.name, "summary": q.summary, "description": q.description,
        "tags": list(q.tags),
        "params": [{"name": p.name, "kind": p.kind, "required": p.required} for p in q.params],
        "text": q.text,
    } for q in queries.values()]


def catalogue(request: Request) -> list[dict]:
    qdir = request.app.state.settings.queries_dir
    return _catalogue(str(qdir) if qdir else None)


async def list_queries(request: Request) -> Response:
    return json_response({"queries": catalogue(request)})


async def run_query(request: Request) -> Response:
    name = request.path_params["name"]
    known = {q["name"]: q for q in catalogue(request)}
    if name not in known:
        return json_response({"error": f"unknown query {name!r}",
                              "queries": sorted(known)}, 404)
    params = {}
    for key, value in request.query_params.multi_items():
        if key in params:
            return json_response({"error": f"parameter {key!r} given twice"}, 400)
        if value != "":
            params[key] = value
    settings = request.app.state.settings
    status, _, body, headers = await run_engine(request, "call", {"name": "named", "args": {
        "name": name, "params": params,
        "queries_dir": str(settings.queries_dir) if settings.queries_dir else None,
        "max_rows": settings.max_rows,
        "inferred": GRAPH_INFERRED in (settings.default_graphs or [])}})
    return Response(body, status_code=status, media_type="application/json", headers=headers)


async def entity(request: Request) -> Response:
    settings = request.app.state.settings
    status, _, body, _ = await run_engine(request, "call", {"name": "entity", "args": {
        "ident": request.path_params["ident"], "graphs": settings.default_graphs}})
    return Response(body, status_code=status, media_type="application/json")


async def search(request: Request) -> Response:
    settings = request.app.state.settings
    text = request.query_params.get("q", "")
    if len(text) > 200:
        raise HTTPError(400, "search text is limited to 200 characters")
    status, _, body, _ = await run_engine(request, "call", {"name": "search", "args": {
        "text": text, "graphs": settings.default_graphs}})
    return Response(body, status_code=status, media_type="application/json")


async def prefixes(request: Request) -> Response:
    return json_response({"prefixes": request.app.state.settings.prefixes})


async def info(request: Request) -> Response:
    s = request.app.state.settings
    engine = request.app.state.engine
    return json_response({"title": s.title, "timeout": s.timeout, "maxRows": s.max_rows,
                          "update": s.allow_update, "service": s.allow_service,
                          "maxBody": s.max_body, "workers": engine.size,
                          "workerPids": engine.pids(),
                          "quads": engine.triples, "defaultGraphs": s.default_graphs,
                          "cache": None if s.cache is None else {
                              "bytes": s.cache.size, "hits": s.cache.hits,
                              "misses": s.cache.misses}})


async def health(request: Request) -> Response:
    return json_response({"status": "ok"})


async def openapi(request: Request) -> Response:
    return Response(json.dumps(openapi_document(request), indent=2), media_type="application/json")


def openapi_document(request: Request) -> dict:
    """OpenAPI 3.1: the SPARQL endpoint, the named queries (one path each, with their
    parameters) and the entity/search calls."""
    s = request.app.state.settings
    text = {"content": {"text/plain": {"schema": {"type": "string"}}}}
    sparql_results = {"description": "SPARQL results (SELECT/ASK) or an RDF graph "
                                     "(CONSTRUCT/DESCRIBE), by content negotiation",
                      "content": {m: {} for m in (
                          "application/sparql-results+json", "application/sparql-results+xml",
                          "text/csv", "text/tab-separated-values", "text/turtle",
                          "application/n-triples", "application/ld+json",
                          "application/rdf+xml")},
                      "headers": {"X-Result-Truncated": {
                          "description": f"'true' when the result was cut at {s.max_rows} rows",
                          "schema": {"type": "string"}}}}
    errors = {
        "400": {"description": "malformed query (message with line and column)", **text},
        "403": {"description": "update or SERVICE refused", **text},
        "406": {"description": "no acceptable result format", **text},
        "413": {"description": f"request body over {s.max_body} bytes", **text},
        "414": {"description": f"query string over {s.max_body} bytes", **text},
        "415": {"description": "unsupported request media type or charset", **text},
        "503": {"description": f"the query ran past {s.timeout:g} s and was stopped", **text},
    }
    dataset_params = [
        {"name": "default-graph-uri", "in": "query", "schema": {"type": "array", "items": {
            "type": "string", "format": "uri"}}, "explode": True},
        {"name": "named-graph-uri", "in": "query", "schema": {"type": "array", "items": {
            "type": "string", "format": "uri"}}, "explode": True},
        {"name": "format", "in": "query", "schema": {"type": "string", "enum": [
            "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml"]},
         "description": "overrides the Accept header (for links and downloads)"},
    ]
    sparql_json = {"type": "object", "properties": {
        "head": {"type": "object", "properties": {"vars": {"type": "array",
                                                           "items": {"type": "string"}}}},
        "results": {"type": "object", "properties": {"bindings": {"type": "array", "items": {
            "type": "object", "additionalProperties": {"$ref": "#/components/schemas/Term"}}}}},
        "query": {"type": "string"},
        "params": {"type": "object", "description": "each parameter as resolved to a term"},
        "notes": {"type": "array", "items": {"type": "string"},
                  "description": "fuzzy name matches that were applied"},
        "empty_reason": {"type": "string",
                         "description": "present when there are no rows: why, from what the "
                                        "graph holds (for safety questions: that silence is "
                                        "not evidence of safety)"},
        "truncated": {"type": "boolean",
                      "description": f"present (true) when the result was cut at {s.max_rows} rows"},
    }}
    paths: dict = {
        "/sparql": {
            "get": {"summary": "SPARQL 1.1 query (or the service description without 'query')",
                    "parameters": [{"name": "query", "in": "query", "schema": {"type": "string"}}]
                    + dataset_params,
                    "responses": {"200": sparql_results, **errors}},
            "post": {"summary": "SPARQL 1.1 query or update (form, sparql-query, sparql-update)",
                     "parameters": dataset_params,
                     "requestBody": {"content": {
                         "application/sparql-query": {"schema": {"type": "string"}},
                         "application/sparql-update": {"schema": {"type": "string"}},
                         "application/x-www-form-urlencoded": {"schema": {
                             "type": "object", "properties": {"query": {"type": "string"},
                                                              "update": {"type": "string"}}}}}},
                     "responses": {"200": sparql_results, "204": {"description": "update done"},
                                   **errors}},
        },
        "/api/queries": {"get": {
            "summary": "The named queries with their parameters",
            "responses": {"200": {"description": "query list", "content": {
                "application/json": {"schema": {"type": "object"}}}}}}},
        "/api/entity/{id}": {"get": {
            "summary": "A term's profile: relations grouped, each statement with its sources "
                       "and quotes; what points to it; a neighbourhood graph",
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "string"},
                            "description": "CURIE (pkg:clonazepam), pkg: local name or IRI"}],
            "responses": {"200": {"description": "profile", "content": {
                "application/json": {"schema": {"type": "object"}}}},
                "404": {"description": "unknown term"}}}},
        "/api/search": {"get": {
            "summary": "Terms whose label, synonym or brand name contains the text",
            "parameters": [{"name": "q", "in": "query", "required": True,
                            "schema": {"type": "string", "maxLength": 200}}],
            "responses": {"200": {"description": "matches"}}}},
        "/api/index": {"get": {
            "summary": "What the graph covers: drugs, conditions, effects, classes, mechanisms "
                       "and documents, each with a count",
            "responses": {"200": {"description": "sections of terms with counts"}}}},
        "/api/queries/{name}/text": {"post": {
            "summary": "Run an edited copy of a named query with its parameters bound as terms "
                       "(never pasted into the text); 'unused' names parameters the text "
                       "no longer uses",
            "parameters": [{"name": "name", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "required": ["text"],
                "properties": {"text": {"type": "string"}, "params": {"type": "object"}}}}}},
            "responses": {"200": {"description": "SPARQL 1.1 results JSON with params, "
                                                 "edited and unused"},
                          "400": {"description": "malformed text (message, line, column) or "
                                                 "a parameter that names no term"}}}},
    }
    for q in catalogue(request):
        paths[f"/api/queries/{q['name']}"] = {"get": {
            "operationId": q["name"].replace("-", "_"),
            "summary": q["summary"], "description": q["description"], "tags": q["tags"],
            "parameters": [{
                "name": p["name"], "in": "query", "required": p["required"],
                "schema": {"type": "string"},
                "description": (f"a {p['kind']}: label, synonym, brand name, CURIE or IRI"
                                if p["kind"] != "literal" else "a text value")}
                for p in q["params"]],
            "responses": {
                "200": {"description": "SPARQL 1.1 results JSON, plus the resolved parameters",
                        "content": {"application/json": {"schema": sparql_json}},
                        "headers": {"X-Result-Truncated": {
                            "description": f"'true' when the result was cut at {s.max_rows} "
                                           "rows (the body then has \"truncated\": true)",
                            "schema": {"type": "string"}}}},
                "400": {"description": "a parameter is missing, unknown or names no term",
                        "content": {"application/json": {"schema": {"type": "object"}}}},
                "503": {"description": "time limit"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{s.title} HTTP API", "version": _version(),
                 "description": "SPARQL 1.1 Protocol endpoint and named queries over the "
                                "pharmakg drug knowledge graph; every statement is tied to "
                                "the sentence of the source document that states it."},
        "servers": [{"url": str(request.base_url).rstrip("/")}],
        "paths": paths,
        "components": {"schemas": {"Term": {"type": "object", "properties": {
            "type": {"type": "string", "enum": ["uri", "literal", "bnode"]},
            "value": {"type": "string"}, "datatype": {"type": "string"},
            "xml:lang": {"type": "string"}}, "required": ["type", "value"]}}},
    }


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("pharmakg")
    except Exception:  # noqa: BLE001
        return "0"
