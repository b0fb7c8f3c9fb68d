"""A small SPARQL lexer for what the endpoint must know before it runs a request.

The server does not parse SPARQL itself (pyoxigraph does, in the worker). It only needs:

- the query form (SELECT/ASK vs CONSTRUCT/DESCRIBE), to negotiate the response format before
  running anything, so a client asking for an unservable type gets 406 at once;
- whether the text uses ``SERVICE`` (federation) or, in an update, ``LOAD``: both make
  pyoxigraph fetch the URL they name, so they are refused unless allowed (anyone could otherwise
  make the server send requests to any address it can reach);
- for updates, the operations, so the protocol's ``using-graph-uri`` / ``using-named-graph-uri``
  can be applied as ``USING`` clauses (pyoxigraph's ``Store.update`` takes no dataset) and a
  conflict with a ``USING``/``WITH`` in the text can be refused as the protocol requires.

The lexer skips comments, strings and IRIs, so words inside them never count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRINGS = (re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""', re.S),
            re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''", re.S),
            re.compile(r'"(?:[^"\\\n\r]|\\.)*"'),
            re.compile(r"'(?:[^'\\\n\r]|\\.)*'"))
# prefixed names (with their prefix, possibly empty), plain words, variables
# (a backslash escapes the next character inside a prefixed name: ``pkg:a\\#b`` has no comment)
_WORD = re.compile(r"(?:[A-Za-z_](?:[\w\-.]|\\.)*)?:(?:[\w\-.:%]|\\.)*|[A-Za-z_][\w\-]*|[?$]\w+")

_SERVICE_WORD = re.compile("service", re.I)
_LOAD_WORD = re.compile("load", re.I)
_LANGTAG = re.compile(r"@[A-Za-z\-]+")
_NUMBER = re.compile(r"[0-9.]+(?:[eE][+-]?[0-9]+)?")  # ASCII: "²".isdigit() is true

QUERY_FORMS = ("select", "construct", "describe", "ask")
# the common prologue (comments, PREFIX and BASE declarations) then the form keyword: answers
# query_form without lexing; anything unusual falls back to the lexer
_PROLOGUE_FORM = re.compile(
    r"(?:\s+|#[^\n]*|(?:PREFIX\s+(?:[A-Za-z][\w\-.]*)?:|BASE)\s*<[^<>\"{}|^`\\\x00-\x20]*>)*"
    r"(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.I)


def tokens(text: str):
    """Yield ``(position, token)`` for braces, ``;`` and words outside comments/strings/IRIs.

    >>> [t for _, t in tokens('SELECT * { ?s <http://x/service> "SERVICE" } # SERVICE')]
    ['SELECT', '{', '?s', '}']
    """
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            for pattern in _STRINGS:
                m = pattern.match(text, i)
                if m:
                    i = m.end()
                    break
            else:
                i += 1
            continue
        if c == "<":
            m = _IRIREF.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c in "{};":
            yield i, c
            i += 1
            continue
        if c == "@":  # a language tag or direction: never a keyword
            m = _LANGTAG.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c in "0123456789":  # numbers (1.5e3) are not words
            m = _NUMBER.match(text, i)
            i = m.end()
            continue
        m = _WORD.match(text, i)
        if m and m.end() > i:
            yield i, m.group(0)
            i = m.end()
            continue
        i += 1


def query_form(text: str) -> str | None:
    """``select``, ``construct``, ``describe`` or ``ask`` (``None`` when not found).

    >>> query_form("PREFIX select: <http://x/> CONSTRUCT WHERE { ?s ?p ?o }")
    'construct'
    >>> query_form("# ask\\nBASE <http://x/>\\nprefix : <http://y/> Select * {}")
    'select'
    """
    m = _PROLOGUE_FORM.match(text)
    if m:
        return m.group(1).lower()
    for _, tok in tokens(text):
        low = tok.lower()
        if low in QUERY_FORMS:
            return low
    return None


def uses_service(text: str) -> bool:
    """Whether the text contains the ``SERVICE`` keyword (not a prefixed name, IRI or string).

    >>> uses_service("SELECT * { SERVICE <http://e/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service("SELECT * { ?s ex:service :service ; <http://service> 'SERVICE' }")
    False
    """
    if not _SERVICE_WORD.search(text):  # the common case, without lexing
        return False
    return any(tok.lower() == "service" for _, tok in tokens(text))


def uses_load(text: str) -> bool:
    """Whether an update has a ``LOAD`` operation (which makes the server fetch a URL).

    >>> uses_load("PREFIX load: <http://x/> INSERT DATA { load:a load:b 'LOAD' } ; LOAD <http://e/d>")
    True
    >>> uses_load("INSERT DATA { <http://x/load> <http://x/p> 'LOAD' }")
    False
    """
    if not _LOAD_WORD.search(text):
        return False
    return any(op.keyword == "load" for op in update_operations(text))


@dataclass
class UpdateOperation:
    start: int
    keyword: str  # first word, lower case: insert, delete, with, load, clear, ...
    words: list[tuple[int, str]] = field(default_factory=list)  # top-level words and "{"

    @property
    def is_modify(self) -> bool:
        """``[WITH iri] DELETE {..} INSERT {..} USING .. WHERE {..}`` (not DATA, not DELETE WHERE)."""
        if self.keyword == "with":
            return True
        return self.keyword in ("insert", "delete") and len(self.words) > 1 \
            and self.words[1][1] == "{"

    def has_dataset_clause(self) -> bool:
        return any(w.lower() in ("using", "with") for _, w in self.words)

    def where_position(self) -> int | None:
        for pos, word in self.words:
            if word.lower() == "where":
                return pos
        return None


def update_operations(text: str) -> list[UpdateOperation]:
    """The operations of an update request with their top-level (brace depth 0) words."""
    ops: list[UpdateOperation] = []
    depth = 0
    current: UpdateOperation | None = None
    for pos, tok in tokens(text):
        if tok == "{":
            if depth == 0 and current is not None:
                current.words.append((pos, tok))
            depth += 1
            continue
        if tok == "}":
            depth -= 1
            continue
        if depth:
            continue
        if tok == ";":
            current = None
            continue
        low = tok.lower()
        if current is None:
            if low in ("prefix", "base") or tok.endswith(":") or tok.startswith("?"):
                continue  # prologue: PREFIX p: <iri>, BASE <iri>
            current = UpdateOperation(pos, low)
            ops.append(current)
        current.words.append((pos, tok))
    return ops


class DatasetConflict(ValueError):
    """using-graph-uri / using-named-graph-uri given together with USING or WITH in the text."""


def apply_using(text: str, using: list[str], using_named: list[str]) -> str:
    """The update with ``USING``/``USING NAMED`` clauses for the protocol's dataset parameters
    inserted before the ``WHERE`` of every DELETE/INSERT operation.

    >>> apply_using("INSERT { ?s a 1 } WHERE { ?s ?p ?o }", ["http://g/1"], [])
    'INSERT { ?s a 1 } USING <http://g/1> WHERE { ?s ?p ?o }'
    >>> apply_using("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["http://g/1"], [])
    Traceback (most recent call last):
    ...
    kg.server.sparqlscan.DatasetConflict: the update names its dataset with USING or WITH and the request sets using-graph-uri/using-named-graph-uri: choose one
    """
    if not using and not using_named:
        return text
    for iri in using + using_named:
        if not _IRIREF.fullmatch(f"<{iri}>"):
            raise ValueError(f"not an IRI: {iri!r}")
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named])
    inserts = []
    for op in update_operations(text):
        if not op.is_modify:
            continue
        if op.has_dataset_clause():
            raise DatasetConflict("the update names its dataset with USING or WITH and the request "
                                  "sets using-graph-uri/using-named-graph-uri: choose one")
        where = op.where_position()
        if where is not None:
            inserts.append(where)
    for pos in sorted(inserts, reverse=True):
        text = text[:pos] + clause + " " + text[pos:]
    return text
