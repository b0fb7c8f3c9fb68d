"""What must be true of SPARQL text before pyoxigraph may see it.

Two dangers come from the text alone (see ``docs/decisions/0007-federation-and-parser-limits.md``):

- **Federation.** pyoxigraph sends an HTTP request for every ``SERVICE`` (queries and updates)
  and ``LOAD`` (updates) it evaluates, and 0.5 offers no way to turn that off from Python (no
  service handler option, no parse-only entry point). A lexer deciding "is there a SERVICE?"
  drifts from the parser (``pkg:a\\#b`` hid the keyword behind a "comment"; pyoxigraph also
  reads ``SERVICEpkg:x`` as ``SERVICE pkg:x``). So the *parser* decides: every occurrence of the
  letters ``service`` (and ``load`` in updates), in any case and anywhere, has one letter
  changed, which keeps a name, string, IRI or comment the same kind of token but breaks the
  keyword. pyoxigraph has no pre-parse escape processing (``\\u0053ERVICE`` is not a keyword),
  so the changed text cannot name either keyword and parsing it (on an empty store) is safe. If
  it parses, the original has no SERVICE/LOAD keyword; if not, the original is refused.
- **Parser limits.** pyoxigraph's recursive parser overflows the C stack (the process dies with
  SIGSEGV) at a few thousand nested brackets or operators in a chain, and nested collections
  in triple patterns take super-linear time. Text past :data:`MAX_DEPTH`,
  :data:`MAX_TERM_DEPTH`, :data:`MAX_TOKENS` or :data:`MAX_CHARS` is refused before parsing,
  by a bracket count that, where it cannot tell code from an IRI or a comment, counts the
  reading that nests deeper.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import KGError

#: bracket depth of any kind ({, (, [): queries in queries/ reach 5; crash at ~3000
MAX_DEPTH = 32
#: depth of ( and [ alone: nested collections / blank nodes in triples parse super-linearly
#: (14 levels of ``( 1 ( 1 ...`` ≈ 70 ms, 24 levels ≈ 0.4 s on the 2-core machine)
MAX_TERM_DEPTH = 14
#: tokens: a flat chain of ~7,000 operators (``1+1+...``) overflows the parser's stack
MAX_TOKENS = 10_000
#: characters: the HTTP server's body limit, for every channel
MAX_CHARS = 1 << 20

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRINGS = {'"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""', re.S),
            "'''": re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''", re.S),
            '"': re.compile(r'"(?:[^"\\\n\r]|\\.)*"'),
            "'": re.compile(r"'(?:[^'\\\n\r]|\\.)*'")}
# names: prefixed names with PN_LOCAL escapes (\#, \(, ...) and %XX, variables, keywords
_NAME = re.compile(r"(?:[^\W\d]|_)(?:[\w.\-\u00b7]|\\.)*(?::(?:[\w.\-:%\u00b7]|\\.)*)?"
                   r"|:(?:[\w.\-:%\u00b7]|\\.)*|[?$]\w+|@[A-Za-z0-9\-]+", re.U)
_NUMBER = re.compile(r"[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?")
_OPENERS, _CLOSERS = "{([", "})]"


class FederationRefused(KGError):
    """The text uses ``SERVICE`` (or ``LOAD`` in an update) and federation is not allowed."""


class QueryTooComplex(KGError):
    """The text is past a parser limit (size, tokens or nesting depth)."""


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based ``(line, column)`` of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def offset_of(text: str, line: int, column: int) -> int:
    """The inverse of :func:`position` (clamped to the text)."""
    start = 0
    for _ in range(line - 1):
        nl = text.find("\n", start)
        if nl < 0:
            return len(text)
        start = nl + 1
    return min(len(text), start + max(0, column - 1))


def _refuse(text: str, offset: int, message: str, path) -> QueryTooComplex:
    line, column = position(text, offset)
    return QueryTooComplex(message, path=path or "<query>", line=line, column=column)


def _region_depth(region: str) -> tuple[int, int, int, int]:
    """(net change, term net change, peak, term peak) of the brackets in ``region`` read as
    code (term: ``(`` and ``[`` only)."""
    depth = term = peak = term_peak = 0
    for c in region:
        if c in _OPENERS:
            depth += 1
            term += c != "{"
            peak, term_peak = max(peak, depth), max(term_peak, term)
        elif c in _CLOSERS:
            depth -= 1
            term -= c != "}"
    return depth, term, peak, term_peak


def check_text(text: object, path: Path | str | None = None) -> str:
    """``text`` if it is a str that encodes as UTF-8 (no lone surrogate); else KGError."""
    if not isinstance(text, str):
        raise KGError(f"SPARQL must be text, not {type(text).__name__}", path=path or "<query>")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line, column = position(text, exc.start)
        raise KGError(f"the text contains a lone surrogate U+{ord(text[exc.start]):04X}, "
                      "which is not a character", path=path or "<query>", line=line,
                      column=column) from None
    return text


def _scan(text: str):
    """Yield ``(kind, start, end)`` for the tokens of ``text``: ``open``/``close`` (brackets),
    ``region`` (a comment or an IRI), ``string``, ``name`` (words, prefixed names, variables)
    and ``other``."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c in _OPENERS:
            yield "open", i, i + 1
            i += 1
        elif c in _CLOSERS:
            yield "close", i, i + 1
            i += 1
        elif c == "#" or c == "<":
            if c == "#":
                end = text.find("\n", i)
                end = n if end < 0 else end
            else:
                m = _IRIREF.match(text, i)
                end = m.end() if m else i + 1
            yield ("region" if end > i + 1 else "other"), i, end
            i = end
        elif c in "\"'":
            for quote in (c * 3, c):
                m = _STRINGS[quote].match(text, i) if text.startswith(quote, i) else None
                if m:
                    yield "string", i, m.end()
                    i = m.end()
                    break
            else:  # unterminated: the parser fails there; scan on as code
                yield "other", i, i + 1
                i += 1
        else:
            m = _NUMBER.match(text, i) if c in "0123456789." else None
            if m:
                yield "other", i, m.end()
                i = m.end()
                continue
            m = _NAME.match(text, i)
            end = m.end() if m and m.end() > i else i + 1
            yield ("name" if m else "other"), i, end
            i = end


def check_limits(text: str, path: Path | str | None = None) -> None:
    """Refuse text past the parser limits, naming the line and column where it went past.

    >>> check_limits("SELECT * WHERE { " + "{ " * 40 + "}" * 41)
    Traceback (most recent call last):
    ...
    kg.query.sparqlguard.QueryTooComplex: <query>:1:80: brackets nested deeper than 32 ...
    """
    check_text(text, path)
    if len(text) > MAX_CHARS:
        raise _refuse(text, MAX_CHARS, f"the text is over {MAX_CHARS} characters", path)
    term_openers = text.count("(") + text.count("[")
    if len(text) <= MAX_TOKENS and term_openers <= MAX_TERM_DEPTH and \
            term_openers + text.count("{") <= MAX_DEPTH:
        return  # fast path: no more tokens than characters, no deeper than all the openers
    depth = term = tokens = 0
    for kind, start, end in _scan(text):
        tokens += 1
        if tokens > MAX_TOKENS:
            raise _refuse(text, start, f"the text has more than {MAX_TOKENS} tokens; "
                                       "pyoxigraph's parser cannot take it safely: split the query",
                          path)
        if kind == "open":
            net, term_net, peak, term_peak = _region_depth(text[start])
        elif kind == "close":
            depth, term = max(0, depth - 1), max(0, term - (text[start] != "}"))
            continue
        elif kind == "region":
            # a comment or an IRI: if the parser read it as code after all, its brackets count;
            # keep the deeper of the two readings (an upper bound on the real depth)
            net, term_net, peak, term_peak = _region_depth(text[start:end])
        else:
            continue
        if depth + peak > MAX_DEPTH:
            raise _refuse(text, start, f"brackets nested deeper than {MAX_DEPTH} levels; "
                                       "pyoxigraph's parser cannot take it safely: flatten the "
                                       "query", path)
        if term + term_peak > MAX_TERM_DEPTH:
            raise _refuse(text, start, "parentheses/square brackets nested deeper than "
                                       f"{MAX_TERM_DEPTH} levels; flatten the query", path)
        depth, term = max(depth, depth + net), max(term, term + term_net)


# -- federation ----------------------------------------------------------------------------

def _keywords(update: bool) -> re.Pattern:
    return re.compile("service|load", re.I) if update else re.compile("service", re.I)


def neutralize(text: str, update: bool = False) -> tuple[str, list[tuple[int, int]]]:
    """The text with the last letter of every ``service`` (and ``load``) changed, same length,
    and the spans changed.

    >>> neutralize("SELECT * { SERVICE <http://x/service> {} }")[0]
    'SELECT * { SERVICX <http://x/servicx> {} }'
    """
    spans = [m.span() for m in _keywords(update).finditer(text)]
    if not spans:
        return text, spans
    chars = list(text)
    for _, end in spans:
        chars[end - 1] = "X" if chars[end - 1].isupper() else "x"
    return "".join(chars), spans


def _parse(text: str, update: bool, prefixes: dict[str, str] | None,
           base_iri: str | None) -> None:
    """Parse with pyoxigraph on a fresh empty store (nothing to read, nothing kept)."""
    import pyoxigraph as ox

    if update:
        ox.Store().update(text, prefixes=prefixes, base_iri=base_iri)
    else:
        ox.Store().query(text, prefixes=prefixes, base_iri=base_iri)  # lazy: not iterated


def check_federation(text: str, *, update: bool = False, path: Path | str | None = None,
                     prefixes: dict[str, str] | None = None, base_iri: str | None = None) -> None:
    """Refuse (:class:`FederationRefused`) text whose parse has a ``SERVICE`` (or, in an
    update, ``LOAD``); a syntax error found on the way is a located KGError. Call after
    :func:`check_limits`."""
    neutral, spans = neutralize(text, update)
    if not spans:
        return  # fast path: without the letters no keyword is possible
    try:
        _parse(neutral, update, prefixes, base_iri)
    except SyntaxError as exc:
        from kg.store.sparqltext import syntax_error

        error = syntax_error(exc, path, text)
        # refused either way; the wording: a changed word that starts a bare word before the
        # point where the parser stopped was most likely the keyword
        at = offset_of(text, error.line or 1, error.column or 1)
        starts = {start for kind, start, _ in _scan(text[:at + 1]) if kind == "name"}
        for start, _ in spans:
            if start in starts:
                keyword = "LOAD" if text[start].lower() == "l" else "SERVICE"
                raise federation_refused(keyword, path) from None
        raise error from None


def federation_refused(keyword: str, path: Path | str | None = None) -> FederationRefused:
    what = "fetching a URL (LOAD)" if keyword == "LOAD" else "federated query (SERVICE)"
    return FederationRefused(f"{what} is disabled: it would make this process send requests to "
                             "any address the text names; allow it explicitly "
                             "(--allow-service / allow_service=True)", path=path or "<query>")


def check_sparql(text: object, *, update: bool = False, allow_service: bool = False,
                 path: Path | str | None = None, prefixes: dict[str, str] | None = None,
                 base_iri: str | None = None) -> str:
    """Everything above: text, limits, then federation unless allowed. Returns the text."""
    check_text(text, path)
    check_limits(text, path)  # type: ignore[arg-type]
    if not allow_service:
        check_federation(text, update=update, path=path, prefixes=prefixes,  # type: ignore[arg-type]
                         base_iri=base_iri)
    return text  # type: ignore[return-value]
