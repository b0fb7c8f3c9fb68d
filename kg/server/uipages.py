"""HTTP routes the browser UI needs beyond the SPARQL endpoint and the named-query API: the
index of what the graph covers, an edited example run with its parameters still bound, and the
HTML pages that render the index, the OpenAPI document and the service description."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.server.app import HTTPError, _page, read_body, run_engine
from kg.store.base import GRAPH_INFERRED


async def index(request: Request) -> Response:
    """``/api/index``: drugs, conditions, effects, classes, mechanisms, documents, with counts."""
    settings = request.app.state.settings
    status, _, body, _ = await run_engine(request, "call", {"name": "index", "args": {
        "graphs": settings.default_graphs}})
    return Response(body, status_code=status, media_type="application/json")


async def edited_example(request: Request) -> Response:
    """``POST /api/queries/{name}/text`` with ``{"text": ..., "params": {...}}``: the edited
    text runs with the named query's parameters bound as RDF terms (never pasted into it)."""
    from kg.errors import KGError
    from kg.query.sparqlguard import check_limits

    settings = request.app.state.settings
    body = await read_body(request, settings.max_body)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise HTTPError(400, "the body must be a JSON object with 'text' and 'params'") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or \
            not isinstance(data.get("params", {}), dict) or \
            not all(isinstance(k, str) and isinstance(v, str)
                    for k, v in data.get("params", {}).items()):
        raise HTTPError(400, "the body must be a JSON object: {\"text\": string, "
                             "\"params\": {name: string}}")
    try:  # parser limits before a worker parses (as the SPARQL endpoint does)
        check_limits(data["text"])
    except KGError as exc:
        return Response(json.dumps({"error": exc.message, "line": exc.line,
                                    "column": exc.column}),
                        status_code=400, media_type="application/json")
    status, _, out, headers = await run_engine(request, "call", {"name": "edited", "args": {
        "name": request.path_params["name"], "text": data["text"],
        "params": {k: v for k, v in data.get("params", {}).items() if v != ""},
        "queries_dir": str(settings.queries_dir) if settings.queries_dir else None,
        "max_rows": settings.max_rows,
        "inferred": GRAPH_INFERRED in (settings.default_graphs or [])}})
    return Response(out, status_code=status, media_type="application/json", headers=headers)


def routes() -> list[Route]:
    """The routes :func:`kg.server.app.create_app` adds for the UI."""
    return [
        Route("/api/index", index, methods=["GET"]),
        Route("/api/queries/{name}/text", edited_example, methods=["POST"]),
        Route("/browse", _page("about.html"), methods=["GET"]),
        Route("/about/api", _page("about.html"), methods=["GET"]),
        Route("/about/service", _page("about.html"), methods=["GET"]),
    ]
