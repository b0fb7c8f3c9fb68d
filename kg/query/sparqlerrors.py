"""pyoxigraph's SPARQL syntax errors, made readable in one place (CLI, API, server, UI).

pyoxigraph's parser reports ``error at LINE:COLUMN: expected one of ...`` with character classes
spelt as Rust ranges (``['A' ..= 'Z' | ...]``), sometimes only the last alternative it tried
(``SELEC`` → "expected CONSTRUCT") and "Prefix not found" without the prefix. People need the
whole message, the word that is wrong, a suggestion when a keyword is misspelt, and where it is.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

_ERROR_AT = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.S)
_CHAR_CLASS = re.compile(r"\[(?:'[^']*'|[^\]'])*\]")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_PREFIXED = re.compile(r"([A-Za-z][\w\-.]*)?:")

#: Keywords a misspelt word is compared with (SPARQL 1.1 Query and Update).
KEYWORDS = (
    "SELECT", "CONSTRUCT", "DESCRIBE", "ASK", "WHERE", "FROM", "NAMED", "PREFIX", "BASE",
    "DISTINCT", "REDUCED", "OPTIONAL", "FILTER", "UNION", "MINUS", "GRAPH", "SERVICE", "BIND",
    "VALUES", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "ASC", "DESC", "EXISTS", "NOT",
    "UNDEF", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR",
    "INSERT", "DELETE", "DATA", "WITH", "USING", "LOAD", "CLEAR", "DROP", "CREATE", "ADD",
    "MOVE", "COPY", "SILENT", "DEFAULT", "ALL", "INTO", "STR", "LANG", "LANGMATCHES",
    "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL", "FLOOR", "ROUND",
    "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI", "CONTAINS", "STRSTARTS",
    "STRENDS", "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY", "HOURS", "MINUTES", "SECONDS",
    "TIMEZONE", "TZ", "NOW", "UUID", "STRUUID", "MD5", "SHA1", "SHA256", "SHA384", "SHA512",
    "COALESCE", "IF", "STRLANG", "STRDT", "SAMETERM", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL",
    "ISNUMERIC", "REGEX", "SUBSTR", "REPLACE", "IN", "AS", "BY", "TRUE", "FALSE")


@dataclass(frozen=True)
class SyntaxProblem:
    """Where the parser stopped and why, in words a person can act on."""

    line: int | None
    column: int | None
    message: str  # without the "malformed SPARQL" lead and without the position

    def excerpt(self, text: str) -> str:
        """The offending line with a caret under the column (empty when unknown)."""
        if self.line is None or self.column is None:
            return ""
        lines = text.split("\n")
        if not 1 <= self.line <= len(lines):
            return ""
        source = lines[self.line - 1].replace("\t", " ")
        column = min(max(self.column, 1), len(source) + 1)
        if len(source) > 100:  # a window around the column
            start = max(0, column - 60)
            source, column = source[start:start + 100], column - start
        return f"  {source}\n  {' ' * (column - 1)}^"


def _offset(text: str, line: int, column: int) -> int:
    """Code-point offset of a 1-based line and column (pyoxigraph counts characters)."""
    lines = text.split("\n")
    before = sum(len(item) + 1 for item in lines[: max(0, line - 1)])
    return min(len(text), before + max(0, column - 1))


def _expected(detail: str) -> list[str]:
    """The parser's alternatives without character classes, in its order, each once."""
    flat = _CHAR_CLASS.sub("", detail.replace("\n", " "))
    flat = re.sub(r"^expected (one of )?", "", flat.strip())
    items: list[str] = []
    for item in re.findall(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|[^,\s][^,]*', flat):
        item = item.strip()
        if item and item not in items and item != "Prefix not found":
            items.append(item)
    return items


def _word_at(text: str, offset: int) -> str:
    """The name-like word that contains or starts at ``offset`` (may start a bit before)."""
    start = offset
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-"):
        start -= 1
    match = _WORD.match(text, start)
    return match.group(0) if match else ""


_SKIP = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                   r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
                   r'|[?$][\w]+|[A-Za-z_][\w\-.]*:[\w\-.:%\\]*|@[A-Za-z\-]+')


def _misspelt_keyword(text: str, end: int) -> tuple[str, str] | None:
    """The last bare word before ``end`` (not in a string, IRI, comment, variable, prefixed
    name or language tag) that is no SPARQL keyword but close to one, with that keyword."""
    found = None
    position = 0
    end = min(end, len(text))
    while position < end:
        skip = _SKIP.match(text, position)
        if skip and skip.end() > position:
            position = skip.end()
            continue
        word = _WORD.match(text, position)
        glued = position > 0 and (text[position - 1].isalnum() or text[position - 1] == "_")
        if word and not glued:
            candidate = word.group(0)
            if candidate.upper() not in KEYWORDS and not candidate[0].isdigit():
                close = difflib.get_close_matches(candidate.upper(), KEYWORDS, n=1, cutoff=0.75)
                if close:
                    found = (candidate, close[0])
            position = word.end()
            continue
        position += 1
    return found


def explain(error: str, text: str, prefixes: Iterable[str] = ()) -> SyntaxProblem:
    """A readable :class:`SyntaxProblem` from pyoxigraph's message and the query text.

    >>> explain("error at 1:29: expected one of Prefix not found, ['%']",
    ...         "SELECT ?s WHERE { ?s foo:bar ?o }", ["pkg", "rdfs"]).message
    "unknown prefix 'foo:' (declare it with PREFIX foo: <...>; predeclared: pkg, rdfs)"
    >>> explain("error at 1:1: expected CONSTRUCT", "SELEC ?s WHERE { ?s ?p ?o }").message
    "'SELEC' is not a SPARQL keyword: did you mean SELECT? (expected CONSTRUCT)"
    """
    match = _ERROR_AT.match(error)
    if not match:
        return SyntaxProblem(None, None, " ".join(error.split()))
    line, column, detail = int(match[1]), int(match[2]), match[3]
    offset = _offset(text, line, column)
    expected = _expected(detail)
    wanted = ", ".join(expected)
    tail = f" (expected {'one of ' if len(expected) > 1 else ''}{wanted})" if expected else ""
    if "Prefix not found" in detail:
        start = offset
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-.:"):
            start -= 1
        prefix = _PREFIXED.match(text, start)
        name = prefix.group(0) if prefix else "?:"
        known = ", ".join(sorted(prefixes))
        return SyntaxProblem(line, column, f"unknown prefix '{name}' (declare it with PREFIX "
                             f"{name} <...>" + (f"; predeclared: {known})" if known else ")"))
    misspelt = _misspelt_keyword(text, min(len(text), offset + len(_word_at(text, offset))))
    if misspelt:
        word, keyword = misspelt
        return SyntaxProblem(line, column, f"'{word}' is not a SPARQL keyword: "
                             f"did you mean {keyword}?{tail}")
    if offset >= len(text.rstrip()):
        return SyntaxProblem(line, column, f"the query ends too early{tail}")
    found = text[offset:offset + 20].split("\n")[0].strip()
    near = f"unexpected '{found}'" if found else "unexpected text"
    return SyntaxProblem(line, column, f"{near}{tail}")
