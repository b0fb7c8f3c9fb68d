"""``kg serve``: the SPARQL endpoint, the named-query API and the browser UI over HTTP."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind. The default serves this machine "
                                           "only; use 0.0.0.0 to expose it deliberately.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0 picks a free one and prints it).")] = 8000,
    timeout: Annotated[float, typer.Option(help="Seconds a request may run; past it the query "
                                                "is stopped and the answer is 503.")] = 30.0,
    max_rows: Annotated[int, typer.Option(help="Result rows (or triples) returned at most; a cut "
                                               "result carries 'X-Result-Truncated: true'.")]
    = 10_000,
    max_body: Annotated[int, typer.Option(help="Largest request body in bytes (413 past "
                                               "it); a GET query string too (414).")]
    = 1 << 20,
    cors: Annotated[str | None, typer.Option(help="Allow browser pages from this origin (or "
                                                  "'*'; comma-separate several) to call the "
                                                  "API. Off by default.")] = None,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL Update "
                                               "(on a temporary copy of the data) from requests "
                                               "carrying 'Authorization: Bearer TOKEN'.")]
    = False,
    token: Annotated[str | None, typer.Option(envvar="PHARMAKG_TOKEN", help="The bearer token "
                                              "for updates (env PHARMAKG_TOKEN); generated and "
                                              "printed if --allow-update is given without "
                                              "one.")] = None,
    allow_service: Annotated[bool, typer.Option("--allow-service", help="Allow SERVICE "
                                                "(federated queries) and, with --allow-update, "
                                                "LOAD: the server then fetches URLs named in "
                                                "requests.")] = False,
    workers: Annotated[int | None, typer.Option(help="Query worker processes (default: one "
                                                     "per core, at most 4).")] = None,
    data: Annotated[list[Path] | None, typer.Option(
        "--data", exists=True, dir_okay=False,
        help="Serve these RDF files (N-Quads, TriG, Turtle, N-Triples; by extension) instead "
             "of the pharmakg build; the default graph is then the union of all graphs.")] = None,
    store_name: Annotated[str | None, typer.Option("--store", help="Serve the named store "
                                                   "loaded by `kg load FILE... --name NAME` "
                                                   "(opened read-only, not copied) instead "
                                                   "of the pharmakg build.")] = None,
    inferred: Annotated[bool, typer.Option("--inferred", help="Include the reasoner's "
                                           "'inferred' graph in the default graph.")] = False,
    cache_mb: Annotated[float, typer.Option(help="Megabytes of finished responses kept for "
                                              "repeated requests (read-only service; 0 = off).")]
    = 64,
    access_log: Annotated[bool, typer.Option("--access-log", help="Log every request.")] = False,
    curate: Annotated[bool, typer.Option("--curate", help="Serve the review page for documents "
                                         "added with kg add at /curate (loopback only; the "
                                         "token rule of --allow-update).")] = False,
    reviewer: Annotated[str | None, typer.Option(help="With --curate: the reviewer's name "
                                                 "(default: git config user.name, else "
                                                 "$USER).")] = None,
) -> None:
    """Serve the knowledge graph: SPARQL 1.1 Protocol at /sparql, named queries at /api,
    OpenAPI at /openapi.json and a browser UI at /.

    Safe by default: binds 127.0.0.1, read-only, SERVICE refused, CORS off, a time limit and a
    row cap on every query.
    """
    import secrets
    import socket

    from kg.server.app import create_app
    from kg.store.base import dataset_graphs

    curation = _curation(host, token, reviewer) if curate else None
    if curation is not None:
        token = curation.token
    if allow_update and not token:
        token = secrets.token_urlsafe(24)
        typer.echo(f"updates enabled; bearer token: {token}", err=True)
    if data:
        store: object = [str(p) for p in data]
        default_graphs = None
    elif store_name is not None:
        from kg.store.local import OXIGRAPH_DIR
        from kg.store.named import store_generation

        store = {"sources": [{"store": str(store_generation(store_name) / OXIGRAPH_DIR)}]}
        default_graphs = dataset_graphs(inferred)
    else:
        store = [str(p) for p in _build_files(lambda msg: typer.echo(msg, err=True))]
        default_graphs = dataset_graphs(inferred)
    application = create_app(store, timeout=timeout, max_rows=max_rows, cors=cors,
                             allow_update=allow_update, token=token, allow_service=allow_service,
                             max_body=max_body, workers=workers, default_graphs=default_graphs,
                             cache_mb=cache_mb, curate=curation)
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # accepted connections inherit this: without it a response written in two parts waits
    # for the client's delayed ACK (Nagle), ~40 ms per request
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"pharmakg serving on http://{shown}:{bound}/ (SPARQL endpoint "
               f"http://{shown}:{bound}/sparql)", err=True)
    if curation is not None:
        typer.echo(f"review page: http://{shown}:{bound}/curate#token={curation.token} "
                   f"(reviewer: {curation.reviewer})", err=True)
    sys.stderr.flush()
    from kg.server.httpserver import serve as serve_app

    serve_app(application, sock, access_log=access_log)


def _curation(host: str, token: str | None, reviewer: str | None):
    """The review routes: this machine only, behind a bearer token (given or generated)."""
    import secrets

    from kg.curation import reviewer_name
    from kg.errors import KGError
    from kg.server.curate import Curation

    if host not in ("127.0.0.1", "::1", "localhost"):
        raise KGError(f"--curate serves this machine only (host 127.0.0.1), not {host}")
    return Curation(token or secrets.token_urlsafe(24), reviewer_name(reviewer))


def _build_files(notify) -> list[Path]:
    """The current build's N-Quads (building first when missing or stale), plus the inferred
    graph saved by ``kg reason --save`` when it was computed from the same inputs."""
    from kg.store.local import NQUADS, current_inferred, ensure_build, read_manifest

    folder = ensure_build(notify=notify)
    files = [folder / NQUADS]
    inferred = current_inferred(folder, (read_manifest() or {}).get("input_hash", ""))
    return files + ([inferred] if inferred else [])
