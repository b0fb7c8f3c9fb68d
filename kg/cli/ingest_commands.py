"""``kg ingest``: propose candidate statements from new drug pages (never changes the graph)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app

FORMATS = ("table", "json", "yaml")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Documents to read (plain text or "
                                                     "Markdown, UTF-8).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json (stable, see "
                                     "docs/candidates.md) or yaml (a statement file to "
                                     "review).")] = "table",
    all_tiers: Annotated[bool, typer.Option("--all", help="Also print tier B and C "
                                            "candidates (default: tier A only).")] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", file_okay=False,
                                             help="Write one file per document into this "
                                                  "folder (DOC.json or DOC.yaml) instead of "
                                                  "printing.")] = None,
) -> None:
    """Propose sourced candidate statements (subject, relation, object, verbatim quote with
    offsets, confidence, tier) from consumer drug pages, in the statement-file schema.

    Reads every document before writing anything: a bad file (binary, empty, not UTF-8, over
    5 MB, a directory, no drug found) stops the run with exit 2 and no output file.
    """
    from kg.atomic import atomic_open
    from kg.errors import KGError
    from kg.ingest import propose
    from kg.ingest.document import read_document
    from kg.ingest.render import to_json, to_table, to_yaml

    if fmt not in FORMATS:
        raise KGError(f"unknown --format {fmt!r}; choose from {', '.join(FORMATS)}")
    if out is not None and fmt == "table":
        raise KGError("--out writes json or yaml files; add --format json or --format yaml")
    results = []
    for path in paths:
        text = read_document(path)
        try:
            candidates = propose(text, path.stem)
        except KGError as exc:
            raise KGError(exc.message, path=path) from None
        if not all_tiers:
            candidates = [c for c in candidates if c.tier == "A"]
        results.append((path.stem, candidates))
    rendered = []
    for doc_id, candidates in results:
        if fmt == "json":
            rendered.append((doc_id, to_json(candidates)))
        elif fmt == "yaml":
            rendered.append((doc_id, to_yaml(doc_id, candidates)))
        else:
            rendered.append((doc_id, f"# {doc_id}\n" + to_table(candidates)))
    if out is not None:
        for doc_id, body in rendered:
            with atomic_open(out / f"{doc_id}.{fmt}") as handle:
                handle.write(body)
            typer.echo(f"wrote {out / f'{doc_id}.{fmt}'}", err=True)
        return
    if fmt == "json" and len(rendered) > 1:
        from kg.ingest.render import to_json as combined

        typer.echo(combined([c for _, cs in results for c in cs]), nl=False)
        return
    typer.echo(("---\n" if fmt == "yaml" else "\n").join(body for _, body in rendered), nl=False)
