"""The HTTP application: SPARQL 1.1 Protocol at ``/sparql``, named queries at ``/api``, the
browser UI at ``/`` and ``/entity/...``. See ``docs/decisions/0006-sparql-server.md``.

:func:`create_app` takes the store and the safety settings and returns a Starlette app, so the
same app is tested in-process (``starlette.testclient``) and served by ``kg serve`` (uvicorn).
"""

from __future__ import annotations

import hmac
import json
import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.server import negotiate, sparqlscan
from kg.server.engine import Engine, EngineTimeout, EngineUnavailable
from kg.store.base import dataset_graphs
from kg.vocab import PREFIXES

log = logging.getLogger("kg.server")

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEFAULT_MAX_BODY = 1 << 20  # 1 MiB: far above any hand-written query, far below a memory risk

#: the pharmakg default dataset: the explicit graphs (the reasoner's ``inferred`` graph is not mixed in)
PHARMAKG_DEFAULT_GRAPHS = dataset_graphs()  # ontology, asserted, evidence (kg.store.base)


class HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


def dataset_spec(store: Any) -> tuple[dict, list[str] | None]:
    """What the workers load for ``store``, and the default graphs it implies.

    ``store`` may be a ``kg.store`` store (``.raw`` is its pyoxigraph store), a
    ``pyoxigraph.Store``, a path to an RDF file (N-Quads, TriG, Turtle, N-Triples; by extension)
    or a list of such paths, or a ready spec dict (``{"sources": [...]}``).
    Returns ``(spec, default_graphs)``; ``None`` graphs means "the union of all graphs".
    """
    import pyoxigraph as ox

    if isinstance(store, dict):
        return store, None
    if isinstance(store, (str, Path)):
        return {"sources": [{"path": str(Path(store).resolve())}]}, None
    if isinstance(store, (list, tuple)):
        return {"sources": [{"path": str(Path(p).resolve())} for p in store]}, None
    raw = getattr(store, "raw", None)
    if isinstance(raw, ox.Store):
        # a kg.store backend: its queries see the pharmakg explicit graphs
        return {"sources": [{"bytes": raw.dump(format=ox.RdfFormat.N_QUADS)}]}, \
            list(PHARMAKG_DEFAULT_GRAPHS)
    if isinstance(store, ox.Store):
        return {"sources": [{"bytes": store.dump(format=ox.RdfFormat.N_QUADS)}]}, None
    raise TypeError(f"cannot serve {type(store).__name__}: give a pyoxigraph.Store, a kg.store "
                    "store, an RDF file path or a dataset spec")


class ResponseCache:
    """Finished responses by request, least recently used out first, bounded in bytes.

    Exact, not approximate: it is only used while the dataset cannot change (updates off), so
    the same query over the same dataset in the same format has the same answer.
    """

    def __init__(self, max_bytes: int, max_item: int = 1 << 20) -> None:
        from collections import OrderedDict

        self.max_bytes = max_bytes
        self.max_item = min(max_item, max_bytes)
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict = OrderedDict()

    def get(self, key):
        item = self._items.get(key)
        if item is None:
            self.misses += 1
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return item

    def put(self, key, answer: tuple) -> None:
        status, _, body, _ = answer
        if status != 200 or len(body) > self.max_item or key in self._items:
            return
        self._items[key] = answer
        self.size += len(body) + 200
        while self.size > self.max_bytes and self._items:
            _, old = self._items.popitem(last=False)
            self.size -= len(old[2]) + 200


class Settings:
    def __init__(self, **kw: Any) -> None:
        self.__dict__.update(kw)


def create_app(store: Any, *, timeout: float = 30, max_rows: int = 10_000, cors: str | None = None,
               allow_update: bool = False, token: str | None = None, allow_service: bool = False,
               max_body: int = DEFAULT_MAX_BODY, workers: int | None = None,
               default_graphs: list[str] | None | str = "auto",
               prefixes: dict[str, str] | None = None, queries_dir: Path | None = None,
               title: str = "pharmakg", cache_mb: float = 64, curate: Any = None) -> Starlette:
    """The pharmakg HTTP app over ``store`` (see :func:`dataset_spec` for what a store may be).

    Safe by default: read-only (updates need ``allow_update`` *and* ``token``), ``SERVICE``
    refused, ``timeout`` seconds per request (503 past it, the query is killed), at most
    ``max_rows`` result rows (header ``X-Result-Truncated: true`` when cut), request bodies up to
    ``max_body`` bytes (413 past it), no CORS unless ``cors`` names an origin (or ``*``).
    ``cache_mb``: megabytes of finished responses kept for repeated requests (read-only service
    only; 0 turns it off).
    ``curate``: a :class:`kg.server.curate.Curation` adds the review page and its API.
    ``default_graphs``: the query default graph: ``"auto"`` (the pharmakg explicit graphs for a
    ``kg.store`` store, else the union of all graphs), ``None`` (union) or a list of graph IRIs.
    """
    if allow_update and not token:
        raise ValueError("allow_update needs a token: updates are only accepted with "
                         "'Authorization: Bearer <token>'")
    spec, implied = dataset_spec(store)
    if default_graphs == "auto":
        default_graphs = implied
    engine = Engine(spec, workers=workers, writable=allow_update)
    settings = Settings(timeout=float(timeout), max_rows=int(max_rows), cors=cors,
                        allow_update=allow_update, token=token, allow_service=allow_service,
                        max_body=int(max_body), default_graphs=default_graphs,
                        prefixes=dict(PREFIXES if prefixes is None else prefixes),
                        queries_dir=queries_dir, title=title,
                        cache=ResponseCache(int(cache_mb * (1 << 20)))
                        if cache_mb > 0 and not allow_update else None)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        import asyncio

        await asyncio.get_running_loop().run_in_executor(None, engine.start)
        try:
            yield
        finally:
            engine.close()

    from kg.server import api, protocol, uipages

    routes = [
        Route("/sparql", protocol.sparql_endpoint, methods=["GET", "POST"]),
        Route("/sparql/", protocol.sparql_endpoint, methods=["GET", "POST"]),
        Route("/api/queries", api.list_queries, methods=["GET"]),
        Route("/api/queries/{name}", api.run_query, methods=["GET"]),
        Route("/api/entity/{ident:path}", api.entity, methods=["GET"]),
        Route("/api/search", api.search, methods=["GET"]),
        Route("/api/prefixes", api.prefixes, methods=["GET"]),
        Route("/api/info", api.info, methods=["GET"]),
        Route("/openapi.json", api.openapi, methods=["GET"]),
        Route("/health", api.health, methods=["GET"]),
        Route("/", _page("index.html"), methods=["GET"]),
        Route("/entity/{ident:path}", _page("entity.html"), methods=["GET"]),
        *uipages.routes(),  # index, edited examples, the about pages
        Mount("/static", app=StaticFiles(directory=str(STATIC_DIR)), name="static"),
    ]
    if curate is not None:
        routes[:0] = curate.routes()
    middleware = []
    if cors:
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(
            CORSMiddleware, allow_origins=[o.strip() for o in cors.split(",")],
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            expose_headers=["X-Result-Truncated", "X-Result-Rows"], max_age=600))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={HTTPError: _http_error})
    app.state.engine = engine
    app.state.settings = settings
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPError)
    return _text(exc.status, exc.message, exc.headers)


def _page(name: str):
    async def page(request: Request) -> Response:
        return FileResponse(STATIC_DIR / name, media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})
    return page


# -- shared helpers for the endpoint modules -------------------------------------------------

async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) past ``limit`` bytes before reading it all."""
    length = request.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > limit:
                raise HTTPError(413, f"request body of {length} bytes is over the limit of "
                                     f"{limit} bytes")
        except ValueError:
            raise HTTPError(400, "bad Content-Length header") from None
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise HTTPError(413, f"request body is over the limit of {limit} bytes")
            chunks.append(chunk)
    except ClientDisconnect:  # gone mid-body: nothing to answer, nothing to log as a crash
        raise HTTPError(400, "the client disconnected before the body was complete") from None
    return b"".join(chunks)


def parse_form(body: bytes) -> list[tuple[str, str]]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPError(400, "the form body is not UTF-8") from None
    return parse_qsl(text, keep_blank_values=True)


def check_token(request: Request, token: str | None) -> bool:
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


async def run_engine(request: Request, op: str, payload: dict) -> tuple:
    engine: Engine = request.app.state.engine
    settings = request.app.state.settings
    cache: ResponseCache | None = settings.cache if op != "update" else None
    key = None
    if cache is not None:
        key = (op, json.dumps(payload, sort_keys=True))
        hit = cache.get(key)
        if hit is not None:
            return hit
    try:
        answer = await engine.run(op, payload, settings.timeout)
        if key is not None:
            cache.put(key, answer)
        return answer
    except EngineTimeout as exc:
        raise HTTPError(503, f"{exc} (the server's time limit is {settings.timeout:g} s; "
                             "narrow the query or add a LIMIT)", {"Retry-After": "1"}) from None
    except EngineUnavailable as exc:
        raise HTTPError(503, str(exc), {"Retry-After": "1"}) from None


def json_response(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status_code=status,
                    media_type="application/json")
