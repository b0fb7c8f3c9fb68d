"""``kg add``, ``kg review``, ``kg accept``: grow the graph from a new document, with a person
checking every candidate statement before it counts (see docs/decisions/0010)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app

REVIEWER_HELP = ("Who is reviewing, recorded on every accepted statement (default: git config "
                 "user.name, else $USER).")


@app.command()
def add(
    document: Annotated[Path, typer.Argument(help="A UTF-8 text file to add to the corpus.")],
    title: Annotated[str | None, typer.Option(help="Title (default: its first line).")] = None,
    url: Annotated[str | None, typer.Option(help="Where the document was found.")] = None,
    kind: Annotated[str, typer.Option(help="What kind of source it is.")] = "document",
    language: Annotated[str, typer.Option(help="Language tag of the text.")] = "en",
    about: Annotated[list[str] | None, typer.Option(
        help="A drug (term name) the document is about; repeat for several (default: the "
             "drugs its candidates are about).")] = None,
    candidates: Annotated[Path | None, typer.Option(
        help="Take proposals from this YAML file (candidates in kg.ingest's shape) instead of "
             "running the extractor.")] = None,
) -> None:
    """Copy DOCUMENT into the corpus, run the extraction and write its candidates to
    data/review/<doc>.yaml. Nothing reaches the graph until a person accepts it (kg review,
    kg accept, kg serve --curate). Adding the same text again re-runs the extraction and skips
    what was already decided or rejected."""
    from kg.curation import add_document
    from kg.curation.review import load_candidates

    given = load_candidates(candidates) if candidates is not None else None
    extractor = given[0].get("extractor") if given else None
    result = add_document(document, title=title, url=url, kind=kind, language=language,
                          candidates=given, extractor=extractor, about=about)
    verb = "added" if result.new_document else "already in the corpus:"
    typer.echo(f"{verb} {result.document}")
    typer.echo(f"{result.proposed} candidate(s) proposed, {result.added} new; to review: "
               + (", ".join(f"tier {t} {n}" for t, n in result.tiers.items()) or "none"))
    typer.echo(f"review file: {result.review}")
    typer.echo(f"next: kg review {result.document}   (or kg accept {result.document} --tier A, "
               "or kg serve --curate)")


def _document_id(document: str) -> str:
    """A document id, or the path of a file already added (found by its content)."""
    path = Path(document)
    if path.is_file():
        from kg.curation.documents import document_id, read_document

        return document_id(read_document(path)[0])
    return document


@app.command()
def accept(
    document: Annotated[str, typer.Argument(help="Document id (or the added file).")],
    tier: Annotated[list[str], typer.Option(help="Accept the undecided candidates of this "
                                                 "tier (A, B or C); repeat for several.")],
    reviewer: Annotated[str | None, typer.Option(help=REVIEWER_HELP)] = None,
) -> None:
    """Accept every undecided candidate of the given tier(s) as proposed, without asking.
    Candidates the statement checks refuse stay undecided and are listed (exit 1)."""
    from kg.curation import accept_tier, reviewer_name
    from kg.errors import KGError

    tiers = tuple(t.upper() for t in tier)
    if any(t not in ("A", "B", "C") for t in tiers):
        raise KGError(f"--tier takes A, B or C, got {', '.join(tier)}")
    decisions, refused = accept_tier(_document_id(document), tiers,
                                     reviewer=reviewer_name(reviewer))
    typer.echo(f"accepted {len(decisions)} candidate(s) of tier {'/'.join(tiers)}")
    for candidate, error in refused:
        typer.echo(f"left undecided {candidate}: {error.message}", err=True)
    if refused:
        raise typer.Exit(1)


@app.command()
def review(
    document: Annotated[str, typer.Argument(help="Document id (or the added file).")],
    reviewer: Annotated[str | None, typer.Option(help=REVIEWER_HELP)] = None,
    tier: Annotated[list[str] | None, typer.Option(help="Only these tiers (default all).")]
    = None,
) -> None:
    """Go through the undecided candidates one at a time in the terminal: each is shown with
    its quote in context; a(ccept), e(dit), r(eject), s(kip) or q(uit). Every decision is saved
    as it is made, so quitting (or Ctrl-C) loses nothing already decided."""
    from kg.curation import reviewer_name
    from kg.curation.terminal import run_review

    tiers = tuple(t.upper() for t in tier) if tier else ("A", "B", "C")
    counts = run_review(_document_id(document), reviewer_name(reviewer), tiers,
                        stdin=sys.stdin, echo=typer.echo)
    typer.echo("done: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
