"""``kg review``: one candidate at a time in the terminal, for people without a browser.

Reads answers line by line from a stream (the real stdin, or a test's pipe), so the loop
works the same typed or scripted; end of input ends the review with everything decided so far
already saved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import IO, Any

from kg.sources.corpus import load_corpus
from kg.curation.decide import decide
from kg.curation.review import TIERS, ReviewFile
from kg.errors import KGError

CONTEXT_CHARS = 60
MENU = "a)ccept  e)dit  r)eject  s)kip  q)uit > "
FIELDS = ("relation", "object", "severity", "context", "population", "frequency")
TERM_FIELDS = ("label", "kind", "synonyms", "xrefs")


class _Input:
    """Answers from a stream; ``None`` at end of input."""

    def __init__(self, stream: IO[str], echo: Callable[..., Any]) -> None:
        self.stream = stream
        self.echo = echo

    def ask(self, prompt: str) -> str | None:
        self.echo(prompt, nl=False)
        line = self.stream.readline()
        if not line:
            self.echo("")
            return None
        return line.rstrip("\r\n")


def describe(candidate: dict[str, Any], text: str) -> list[str]:
    """The lines shown for one candidate: the claim, its qualifiers, new term, quote."""
    value = candidate.get("object")
    if candidate.get("dose"):
        value = "dose " + ", ".join(f"{k}={v}" for k, v in candidate["dose"].items()
                                    if v is not None)
    elif candidate.get("quantity"):
        value = f"{candidate['quantity'].get('value')} {candidate['quantity'].get('unit')}"
    neg = "NOT " if candidate.get("negated") else ""
    lines = [f"  {candidate['subject']}  {neg}--{candidate['relation']}-->  {value}"]
    quals = [f"{k}: {candidate[k]}" for k in ("severity", "context", "population", "frequency")
             if candidate.get(k)]
    if quals:
        lines.append("  " + "   ".join(quals))
    term = candidate.get("new_term")
    if term:
        lines.append(f"  NEW TERM {term.get('id')}: \"{term.get('label')}\" ({term.get('kind')})"
                     f"  synonyms: {', '.join(term.get('synonyms') or []) or '-'}"
                     f"  xrefs: {', '.join(term.get('xrefs') or []) or '-'}")
    start, end = candidate["start"], candidate["end"]
    before = text[max(0, start - CONTEXT_CHARS):start].replace("\n", " ")
    after = text[end:end + CONTEXT_CHARS].replace("\n", " ")
    lines.append(f"  …{before}[[{text[start:end]}]]{after}…")
    return lines


def _edit(candidate: dict[str, Any], text: str, ask: _Input) -> dict[str, Any] | None:
    """Ask for each editable field (Enter keeps it, '-' clears it); None at end of input."""
    edits: dict[str, Any] = {}
    for key in FIELDS:
        answer = ask.ask(f"  {key} [{candidate.get(key) or '-'}]: ")
        if answer is None:
            return None
        if answer.strip() == "-":
            edits[key] = None
        elif answer.strip():
            edits[key] = answer.strip()
    answer = ask.ask(f"  negated [{'yes' if candidate.get('negated') else 'no'}]: ")
    if answer is None:
        return None
    if answer.strip():
        edits["negated"] = answer.strip().lower() in ("y", "yes", "true")
    answer = ask.ask("  quote (exact text from the document) [keep]: ")
    if answer is None:
        return None
    if answer.strip():
        edits.update(_span(answer.strip(), candidate["start"], text))
    term = candidate.get("new_term")
    if term:
        changes: dict[str, Any] = {}
        for key in TERM_FIELDS:
            shown = term.get(key)
            shown = ", ".join(shown) if isinstance(shown, list) else shown
            answer = ask.ask(f"  new term {key} [{shown or '-'}]: ")
            if answer is None:
                return None
            if answer.strip():
                value = answer.strip()
                changes[key] = [v.strip() for v in value.split(",") if v.strip()] \
                    if key in ("synonyms", "xrefs") else value
        if changes:
            edits["new_term"] = changes
    return edits


def _span(quote: str, near: int, text: str) -> dict[str, int]:
    """The occurrence of ``quote`` closest to where the candidate's quote was."""
    starts, position = [], text.find(quote)
    while position != -1:
        starts.append(position)
        position = text.find(quote, position + 1)
    if not starts:
        raise KGError(f"not found verbatim in the document: {quote[:60]!r}")
    start = min(starts, key=lambda s: abs(s - near))
    return {"start": start, "end": start + len(quote)}


def run_review(document: str, reviewer: str, tiers: tuple[str, ...] = TIERS, *,
               stdin: IO[str], echo: Callable[..., Any]) -> Counter:
    """Review the undecided candidates of ``document``; returns what was done, by kind."""
    documents = load_corpus()
    if document not in documents:
        raise KGError(f"no corpus document {document!r}")
    text = documents[document].text
    ask = _Input(stdin, echo)
    counts: Counter = Counter()
    skipped: set[str] = set()
    while True:
        pending = [c for c in ReviewFile.load(document).undecided(tiers)
                   if c["id"] not in skipped]
        if not pending:
            break
        candidate = pending[0]
        echo(f"\n[{len(pending)} left] tier {candidate.get('tier') or 'C'}  confidence "
             f"{candidate.get('confidence')}  candidate {candidate['id']}")
        for line in describe(candidate, text):
            echo(line)
        answer = ask.ask(MENU)
        if answer is None or answer.strip().lower() in ("q", "quit"):
            break
        choice = answer.strip().lower()[:1]
        try:
            if choice == "a":
                counts[decide(document, candidate["id"], "accept", reviewer=reviewer)
                       .decision] += 1
            elif choice == "r":
                decide(document, candidate["id"], "reject", reviewer=reviewer)
                counts["rejected"] += 1
            elif choice == "e":
                edits = _edit(candidate, text, ask)
                if edits is None:
                    break
                counts[decide(document, candidate["id"], "accept", reviewer=reviewer,
                              edits=edits).decision] += 1
            elif choice == "s":
                skipped.add(candidate["id"])
                counts["skipped"] += 1
            else:
                echo("  answer a, e, r, s or q")
        except KGError as exc:
            echo(f"  refused: {exc.message}")
    return counts
