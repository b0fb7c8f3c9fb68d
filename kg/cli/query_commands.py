"""``kg query``, ``kg queries`` and ``kg push``.

The query path stays light: typer, pyoxigraph and the small ``kg.store``/``kg.query.named`` modules;
rdflib, pandas and YAML are only imported when a stale build must be rebuilt or the rdflib
backend is asked for.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli.query_run import note as _stderr


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="Named query (see `kg queries`).")] = None,
    values: Annotated[list[str] | None, typer.Argument(help="Parameter values in the query's order (kg query side-effects Klonopin), instead of -p.", show_default=False)] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="Parameter as key=value; a label, synonym, brand name, CURIE or IRI.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json (SPARQL 1.1 results JSON), csv or tsv; CONSTRUCT and DESCRIBE always print N-Triples.")] = "table",
    file: Annotated[Path | None, typer.Option("--file", help="Run the SPARQL in this file.", dir_okay=False)] = None,
    sparql: Annotated[str | None, typer.Option("--sparql", help="Run this SPARQL (ontology prefixes predeclared).")] = None,
    endpoint: Annotated[str | None, typer.Option("--endpoint", help="Query a remote SPARQL 1.1 endpoint instead (after `kg push`).")] = None,
    backend: Annotated[str, typer.Option("--backend", help="oxigraph (built store, default) or rdflib (in memory).")] = "oxigraph",
    inferred: Annotated[bool, typer.Option("--inferred/--explicit", help="Also see the reasoner's inferred graph.")] = False,
    allow_service: Annotated[bool, typer.Option("--allow-service", help="Let SERVICE (federated query) make this process fetch the URLs it names; refused otherwise.")] = False,
    store: Annotated[str | None, typer.Option("--store", help="Query the named store loaded by `kg load FILE... --name NAME` instead of the build.")] = None,
) -> None:
    """Answer a named question, or run ad-hoc SPARQL, over the knowledge graph.

    Example: kg query shared-side-effects --param drug1=amitriptyline --param drug2=Lyrica
    """
    # the body is shared with the typer-free dispatch of a cold `kg query` (kg.cli.fastpath)
    from kg.cli.query_run import run_query

    run_query(name, values, param, fmt, file, sparql, endpoint, backend, inferred, allow_service,
              store)


@app.command()
def queries(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """List the named queries with their summaries and parameters."""
    from kg.errors import KGError
    from kg.query.named import load_queries

    if fmt not in ("table", "json"):
        raise KGError(f"unknown format {fmt!r}; choose from table, json")
    named = load_queries()
    if fmt == "json":
        data = [{"name": q.name, "summary": q.summary, "description": q.description,
                 "tags": list(q.tags),
                 "params": [{"name": p.name, "kind": p.kind, "required": p.required}
                            for p in q.params]} for q in named.values()]
        sys.stdout.write(json.dumps(data, indent=1) + "\n")
        return
    width = max(len(n) for n in named) if named else 0
    for q in named.values():
        params = " ".join(f"{p.name}=<{p.kind}>" if p.required else f"[{p.name}=<{p.kind}>]"
                          for p in q.params)
        typer.echo(f"{q.name.ljust(width)}  {q.summary}")
        if params:
            typer.echo(f"{'':{width}}    params: {params}")


@app.command()
def push(
    endpoint: Annotated[str, typer.Option("--endpoint", help="The server's SPARQL query URL, e.g. http://localhost:7878/query.")],
    update_endpoint: Annotated[str | None, typer.Option("--update-endpoint", help="SPARQL Update URL (default: .../query → .../update, else the endpoint).")] = None,
    store_endpoint: Annotated[str | None, typer.Option("--store-endpoint", help="Graph Store Protocol URL; with --method gsp (default: .../query → .../store).")] = None,
    method: Annotated[str, typer.Option("--method", help="update (SPARQL 1.1 Update) or gsp (Graph Store Protocol PUT).")] = "update",
) -> None:
    """Load the built graph into a SPARQL 1.1 store, one named graph each (replacing them).

    The build is brought up to date first; pharmakg graphs the build lacks (an old `inferred`
    graph) are emptied on the server. Then query it with `kg query ... --endpoint URL`.
    """
    from kg.store.remote import push_build

    counts = push_build(endpoint, method=method, update_endpoint=update_endpoint,
                        store_endpoint=store_endpoint, notify=_stderr)
    for graph, count in sorted(counts.items()):
        typer.echo(f"{graph}: {count} triples" if count else f"{graph}: emptied (not in the build)")
    typer.echo(f"pushed {sum(counts.values())} triples to {endpoint}")
