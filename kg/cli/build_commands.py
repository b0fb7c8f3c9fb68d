"""``kg build``, ``kg validate``, ``kg export``, ``kg stats``, ``kg fmt``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app

FORMAT_HELP = ("Output format: turtle, ntriples, nquads, trig, jsonld, rdfxml (RDF; also ttl, nt, "
               "nq, xml, owl); graphml, gexf (drug network); neo4j, kgx (directories, need "
               "--out DIR). Default: from the --out extension, else turtle.")
SCOPE_HELP = "What to export: all (ontology + data), ontology, or data."


def _echo_table(headers: tuple[str, ...], rows: list[tuple]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    typer.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    typer.echo("  ".join("-" * w for w in widths))
    for row in rows:
        typer.echo("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))


@app.command()
def build(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Build the knowledge graph from the ontology, corpus and curated statements.

    Refuses, naming file and line, any statement whose quote is not verbatim in its document,
    that names an unknown term or relation, misses a field, or repeats another. Writes the
    build into $PHARMAKG_HOME (default ~/.cache/pharmakg) and prints a summary.
    """
    from kg.build.graph import build as run_build
    from kg.build.buildstore import write_build
    from kg.build.stats import summarize

    built = run_build()
    location = write_build(built)
    if quiet:
        return
    summary = summarize(built)
    typer.echo(f"built pharmakg into {location}")
    _echo_table(("documents", "statements", "evidence", "triples", "asserted", "drugs"),
                [(summary.documents, summary.statements, summary.evidence_records,
                  summary.triples, summary.asserted_triples, summary.drugs)])


@app.command()
def validate() -> None:
    """Run the SHACL shapes and the curated-data checks; exit 1 if anything fails."""
    from kg.build.graph import build as run_build
    from kg.build.validate import validate as run_validate

    report = run_validate(run_build())
    typer.echo(report.render())
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
def export(
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=FORMAT_HELP)] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File (directory for neo4j and "
                                             "kgx) to write; stdout if not given.")] = None,
    scope: Annotated[str, typer.Option("--scope", help=SCOPE_HELP)] = "all",
    full: Annotated[bool, typer.Option("--full", help="graphml/gexf: the whole RDF graph "
                                       "instead of the drug network.")] = False,
) -> None:
    """Export the graph. Output is deterministic and written atomically (a temporary file or
    directory renamed into place). RDF exports round-trip to an isomorphic graph; see
    docs/exports.md for each format and the tools it is for."""
    from kg.build.graph import build as run_build
    from kg.errors import KGError
    from kg.exports.rdf import FORMATS, SCOPES, export as run_export, resolve_format

    fmt = resolve_format(fmt, out)
    if scope not in SCOPES:
        raise KGError(f"unknown scope {scope!r}; choose from {', '.join(SCOPES)}")
    if FORMATS[fmt].directory and out is None:
        raise KGError(f"format {fmt} writes a directory: give --out DIR")
    if out is not None and not FORMATS[fmt].directory and out.is_dir():
        raise KGError(f"{out} is a directory; format {fmt} writes a file")
    if full and not FORMATS[fmt].network:
        raise KGError(f"--full applies to graphml and gexf, not {fmt}")
    data = run_export(run_build(), fmt, out, scope, full)
    if out is None:
        sys.stdout.buffer.write(data)
    else:
        typer.echo(f"wrote {out} ({len(data)} bytes)", err=True)


@app.command()
def stats() -> None:
    """Print counts per class and per relation (asserted triples and evidence records)."""
    from kg.build.graph import build as run_build
    from kg.build.stats import class_counts, relation_counts, summarize

    built = run_build()
    summary = summarize(built)
    _echo_table(("documents", "statements", "evidence", "triples", "asserted", "drugs"),
                [(summary.documents, summary.statements, summary.evidence_records,
                  summary.triples, summary.asserted_triples, summary.drugs)])
    typer.echo("")
    _echo_table(("relation", "asserted", "evidence"), relation_counts(built))
    typer.echo("")
    _echo_table(("class", "instances"), class_counts(built.union()))


@app.command()
def fmt(
    check: Annotated[bool, typer.Option("--check", help="Only report files not in canonical form; exit 1 if any.")] = False,
) -> None:
    """Rewrite the statement files in canonical form (sorted, canonical keys and quoting)."""
    from kg.atomic import atomic_open
    from kg.sources.corpus import load_corpus
    from kg.sources.ontology import Ontology
    from kg.statements.curated import canonical_text, load_statements, statement_files

    ontology = Ontology.load()
    statements = load_statements(ontology, load_corpus())
    changed = []
    for path in statement_files():
        text = canonical_text(path.stem, [s for s in statements if s.document == path.stem])
        if path.read_text(encoding="utf-8") != text:
            changed.append(path)
            if not check:
                with atomic_open(path) as handle:
                    handle.write(text)
    for path in changed:
        typer.echo(f"{'not canonical' if check else 'rewrote'}: {path}")
    if check and changed:
        raise typer.Exit(1)
