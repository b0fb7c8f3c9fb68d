"""Cut a consumer drug page into units that can carry a statement, keeping exact offsets.

The genre is Markdown-ish: headers (``#`` or short stand-alone lines), bullets with bold run-in
labels (``* **Common:** ...``), short item lines under a header, and prose paragraphs. Every
unit records the headers above it and the run-in label that introduces it, because in this
genre the section, not the sentence, usually says which drug and which relation a list is about.
All offsets are code-point offsets into the decoded text: ``text[start:end]`` is the unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.cues import section_type

_HEADER = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
#: A leaflet's numbered section title: "1. What X is and what it is used for".
_BOLD_QUESTION = re.compile(r"\*\*[^*\n]{3,200}\?\*\*")
_NUMBERED_HEADING = re.compile(r"^\d{1,2}\.[ \t]+[A-Z]")
_BULLET = re.compile(r"^[ \t]*(?:[*+\-•]|\d{1,2}[.)])[ \t]+")
_LABEL = re.compile(r"\*\*([^*\n]{1,120}?)\*\*[ \t]*:?")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)\]]*(?=[ \t]+[\"“(*\[]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|approx|Fig|No|St)|\b[A-Z])\.$")
_TERMINAL = re.compile(r"[.!;,]$")
#: A plain run-in label ("Class: benzodiazepine", "- Common: drowsiness, fatigue"): up to four
#: words, capitalised, then a colon and a body on the same line. One letter is Q:/A:, not one.
_COLON_LABEL = re.compile(r"([A-Z][\w'’/&()\- ]{1,40}?)[ \t]*:[ \t]+(?=\S)")
_FREQUENCY_BAND = re.compile(r"((?:very common|common|uncommon|rare|very rare|not known|frequency "
                             r"not known)(?:[ \t]*\([^)\n]{0,80}\))?)[ \t]*:[ \t]+(?=\S)", re.I)
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_RULE = re.compile(r"^\|(?:[ \t]*:?-{2,}:?[ \t]*\|)+$")
#: Column headers that give a row's frequency or severity (the row's label), and columns of
#: advice that state no fact.
_RANK_COLUMN = re.compile(r"\b(?:how (?:often|common|likely)|frequency|severity|incidence)\b",
                          re.I)
_ADVICE_COLUMN = re.compile(r"\b(?:what to do|action|advice|notes?|comments?|tips?)\b", re.I)
MAX_HEADER_WORDS = 12


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Unit:
    """One statement-bearing unit: a header, a short item line, a bullet, or a sentence.

    ``label`` is the bold run-in label of a bullet or paragraph (span of its text, no
    asterisks); ``sentences`` are the sentence spans of the body (the unit itself for a
    sentence); ``headers`` are the texts of the enclosing headers, outermost first; ``context``
    is the run-in label of the paragraph that introduced a bullet list (``Side Effects``).
    """

    kind: str
    start: int
    end: int
    label: Span | None
    sentences: tuple[Span, ...]
    headers: tuple[str, ...]
    context: str | None
    block: int
    label_text: str | None = None


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentence spans inside ``text[start:end]`` (abbreviations and initials do not end one)."""
    spans, cur = [], start
    for match in _SENTENCE_END.finditer(text, start, end):
        head = text[cur:match.end()]
        if _ABBREV.search(head.rstrip("\"”’)]")):
            continue
        s, e = _strip(text, cur, match.end())
        if e > s:
            spans.append(Span(s, e))
        cur = match.end()
    s, e = _strip(text, cur, end)
    if e > s:
        spans.append(Span(s, e))
    return spans


def _front_matter_end(lines: list[tuple[int, int]], text: str) -> int:
    if not lines or text[lines[0][0]:lines[0][1]].strip() != "---":
        return 0
    for index in range(1, min(len(lines), 60)):
        if text[lines[index][0]:lines[index][1]].strip() == "---":
            return index + 1
    return 0


def _is_short_line(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= MAX_HEADER_WORDS and not _TERMINAL.search(line.strip()) \
        and len(line.strip()) <= 90


def _cells(text: str, start: int, end: int) -> list[Span]:
    """The cell spans of a pipe-table row ``| a | b |`` (stripped, empty cells kept)."""
    cells, cursor = [], start + 1
    for pos in range(start + 1, end):
        if text[pos] == "|":
            cells.append(Span(*_strip(text, cursor, pos)))
            cursor = pos + 1
    return cells


@dataclass(frozen=True)
class _Table:
    """A pipe table's header row: which column labels a row and which columns state facts."""

    heading: str
    label_column: int
    fact_columns: tuple[int, ...]


def _table(text: str, cells: list[Span]) -> _Table:
    names = [text[c.start:c.end] for c in cells]
    ranked = [i for i, name in enumerate(names) if _RANK_COLUMN.search(name)]
    label_column = ranked[0] if ranked else 0
    facts = tuple(i for i, name in enumerate(names)
                  if i != label_column and not _ADVICE_COLUMN.search(name))
    return _Table(" / ".join(n for n in names if n), label_column, facts)


def _row(text: str, table: _Table, ls: int, le: int, headers: tuple[str, ...],
         block: int) -> Unit | None:
    """A table row as a labelled list item: the label cell is its run-in label (a severity, a
    field name), the fact cells are its sentences, the header row is its context."""
    cells = _cells(text, ls, le)
    if table.label_column >= len(cells):
        return None
    label = cells[table.label_column]
    facts = tuple(cells[i] for i in table.fact_columns
                  if i < len(cells) and cells[i].end > cells[i].start)
    if not facts:
        return None
    return Unit("bullet", ls, le, label if label.end > label.start else None, facts, headers,
                table.heading or None, block, text[label.start:label.end] or None)


def segment(text: str) -> list[Unit]:
    """All units of a document in reading order."""
    lines = _lines(text)
    units: list[Unit] = []
    headers: list[tuple[int, str]] = []
    context: str | None = None
    block = 0
    previous = "blank"
    table: _Table | None = None
    for index in range(_front_matter_end(lines, text), len(lines)):
        ls, le = _strip(text, *lines[index])
        line = text[ls:le]
        if not line:
            previous = "blank"
            block += 1
            table = None
            continue
        if _TABLE_ROW.match(line):
            following = text[slice(*_strip(text, *lines[index + 1]))] \
                if index + 1 < len(lines) else ""
            if table is None and _TABLE_RULE.match(following):
                table = _table(text, _cells(text, ls, le))
            elif table is not None and not _TABLE_RULE.match(line):
                row = _row(text, table, ls, le, tuple(h[1] for h in headers), block)
                if row is not None:
                    units.append(row)
            previous = "item"
            continue
        header = _HEADER.match(line)
        if header:
            hs, he = ls + header.start(2), ls + header.end(2)
            headers = _open_header(units, headers, len(header.group(1)), text[hs:he], hs, he,
                                   block)
            context = None
            previous = "header"
            block += 1
            continue
        if _BOLD_QUESTION.fullmatch(line) and previous == "blank":
            # "**Q: What side effects should I expect?**": a question heads the paragraphs of
            # its answer, not only the line right after it
            inner = line.strip("*").strip()
            hs = ls + line.index(inner)
            headers = _open_header(units, headers, 1 if not headers else 2, inner, hs,
                                   hs + len(inner), block)
            context = None
            previous = "header"
            block += 1
            continue
        if _NUMBERED_HEADING.match(line) and _is_short_line(line) and \
                not _next_is_item(text, lines, index):
            # "4. Possible side effects" in a leaflet: a numbered section, not a list item
            headers = _open_header(units, headers, 1 if not headers else 2, line, ls, le, block)
            context = None
            previous = "header"
            block += 1
            continue
        bullet = _BULLET.match(line)
        if bullet:
            body_start = ls + bullet.end()
            label, body_start = _label(text, body_start, le)
            sentences = tuple(split_sentences(text, body_start, le)) or (Span(body_start, le),)
            units.append(Unit("bullet", ls, le, label, sentences, tuple(h[1] for h in headers),
                              context, block, _text(text, label)))
            previous = "bullet"
            continue
        if _is_short_line(line) and previous == "blank" and \
                not line.startswith("**"):
            level = 1 if not headers else 2
            if headers and line.endswith(":"):
                # "Doctors sometimes prescribe it outside its approved uses:" introduces a list
                # inside the current section; it does not end that section (and the next such
                # line replaces it: "Do not take X:" ... "Talk to your doctor first if you:")
                level = headers[-1][0] + (0 if headers[-1][1].endswith(":") else 1)
            headers = _open_header(units, headers, level, line, ls, le, block)
            context = None
            previous = "header"
            continue
        if _is_short_line(line) and previous in ("header", "item") and \
                not line.startswith("**"):
            units.append(Unit("item", ls, le, None, (Span(ls, le),),
                              tuple(h[1] for h in headers), context, block))
            if line.endswith(":"):
                context = line  # "Do not take X:" introduces the list under it
            previous = "item"
            continue
        if previous == "blank" and headers and headers[-1][1].endswith(":"):
            # a new paragraph after the list that "Do not take X if you:" introduced: the
            # introduction no longer applies
            headers = [h for h in headers if not h[1].endswith(":")]
        label, body_start = _label(text, ls, le)
        if label is not None:
            context = text[label.start:label.end]
        elif previous == "blank":
            context = None
        if label is not None and body_start >= le:
            previous = "label"
            continue
        for span in split_sentences(text, body_start, le):
            units.append(Unit("sentence", span.start, span.end, label, (span,),
                              tuple(h[1] for h in headers), context, block, _text(text, label)))
            label = None
        if line.rstrip("*_ \t").endswith(":") and label is None:  # also "**... if you take:**"
            # "Doctors also prescribe it off-label for other problems, ...:" introduces the list
            # that follows, as a run-in label would; "Symptoms may include:" says what of only
            # with the sentences before it ("Stopping it suddenly can cause withdrawal. ...")
            last = text[_last_sentence_start(text, ls, le):le]
            context = last if section_type(last) else line
        previous = "sentence"
    return units


def _open_header(units: list[Unit], headers: list[tuple[int, str]], level: int, title: str,
                 start: int, end: int, block: int) -> list[tuple[int, str]]:
    """Append the header unit for ``title`` and return the header stack with it at ``level``
    (headers at that level or deeper closed): one place for every kind of header line."""
    stack = [h for h in headers if h[0] < level] + [(level, title)]
    units.append(Unit("header", start, end, None, (Span(start, end),),
                      tuple(h[1] for h in stack[:-1]), None, block))
    return stack


def _last_sentence_start(text: str, start: int, end: int) -> int:
    spans = split_sentences(text, start, end)
    return spans[-1].start if spans else start


def _next_is_item(text: str, lines: list[tuple[int, int]], index: int) -> bool:
    """The next non-blank line is a list item too (then a numbered line is one of a list)."""
    for start, end in lines[index + 1:]:
        ls, le = _strip(text, start, end)
        if ls < le:
            return _BULLET.match(text[ls:le]) is not None
    return False


def _label(text: str, start: int, end: int) -> tuple[Span | None, int]:
    """A run-in label at ``start`` (``**Common:**``, ``Class: ...``) and where its body begins."""
    match = _LABEL.match(text, start, end)
    band = _FREQUENCY_BAND.match(text, start, end) if not match else None
    if band is not None:
        # "Very common (may affect more than 1 in 10 people): constipation, ...": a leaflet's
        # frequency band is the line's label, however long its parenthesis
        return Span(start, start + len(band.group(1))), band.end()
    if not match:
        plain = _COLON_LABEL.match(text, start, end)
        if plain is None or len(plain.group(1).split()) > 4 or len(plain.group(1)) < 2:
            return None, start
        return Span(start, start + len(plain.group(1))), plain.end()
    ls, le = start + 2, start + 2 + len(match.group(1))
    inner = text[ls:le].rstrip(": \t")
    body = match.end()
    while body < end and text[body] in " \t":
        body += 1
    return Span(ls, ls + len(inner)), body


def _text(text: str, span: Span | None) -> str | None:
    return text[span.start:span.end] if span is not None else None
