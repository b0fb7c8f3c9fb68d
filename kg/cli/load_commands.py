"""``kg load`` (a large graph into a named store, once) and ``kg stores`` (what is loaded)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app


def _note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr)


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="RDF files: .nq/.trig keep their graphs; "
                                                     ".nt/.ttl/.rdf go into the asserted graph.",
                                                dir_okay=False)],
    name: Annotated[str, typer.Option("--name", "-n", help="Store name, used as `--store NAME` "
                                                           "by query, analyze and serve.")],
) -> None:
    """Load RDF files into a named store, once: then `kg query --store NAME`, `kg analyze ...
    --store NAME`, `kg serve --store NAME` and `KnowledgeGraph.open(store=NAME)` use it.

    Loading writes a new store generation and switches to it only when complete (the store
    and the analysis edge table): a bad file exits 2 naming file:line and leaves the previous
    store as it was. Example: kg synth --drugs 1430 -o sider.nq && kg load sider.nq --name sider
    """
    import time

    from kg.store.named import load_store, read_store_manifest

    started = time.perf_counter()
    generation = load_store(files, name, notify=_note)
    manifest = read_store_manifest(generation)
    typer.echo(f"loaded store {name!r}: {manifest['quads']} quads from {len(files)} file"
               f"{'' if len(files) == 1 else 's'} ({time.perf_counter() - started:.1f} s)")


@app.command()
def stores() -> None:
    """List the named stores loaded with `kg load`, with their size and source files."""
    from kg.store.named import read_store_manifest, store_generation, store_names

    names = store_names()
    if not names:
        typer.echo("no named stores yet; load one with `kg load FILE... --name NAME`")
        return
    for name in names:
        manifest = read_store_manifest(store_generation(name))
        sources = ", ".join(f["path"] for f in manifest.get("files", []))
        typer.echo(f"{name}  {manifest.get('quads', '?')} quads  ({sources})")
