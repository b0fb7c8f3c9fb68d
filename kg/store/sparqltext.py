"""SPARQL text utilities shared by the backends: syntax checking with a located message, and
binding values by injecting a ``VALUES`` block of serialised terms.

Injection never pastes user text: every value is a :class:`~kg.store.base.Term` written by
pyoxigraph's N-Triples serialiser (which escapes quotes, backslashes and newlines and refuses an
IRI containing ``>``, spaces or braces), and the block goes right after the opening brace of the
query's top-level ``WHERE`` group, found by a small lexer that skips comments, strings and IRIs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from kg.errors import KGError
from kg.store.base import PREFIXES, Term, check_binding_names

_ERROR_AT = re.compile(r"^error at ([0-9]+):([0-9]+):\s*(.*)$", re.S)
_CHAR_CLASS = re.compile(r"\[(?:'[^']*'|[^\]'])*\]")


def syntax_error(exc: Exception, path: Path | str | None = None,
                 text: str | None = None) -> KGError:
    """A KGError from a pyoxigraph SyntaxError: line and column, the whole explanation
    (:mod:`kg.query.sparqlerrors`) and, given the query ``text``, the line with a caret."""
    from kg.query.sparqlerrors import explain

    problem = explain(str(exc), text or "", PREFIXES)
    excerpt = problem.excerpt(text) if text else ""
    return KGError(f"malformed SPARQL: {problem.message}" + (f"\n{excerpt}" if excerpt else ""),
                   path=path or "<query>", line=problem.line, column=problem.column)


def check_syntax(sparql: str, path: Path | str | None = None, *,
                 allow_service: bool = False) -> None:
    """Parse ``sparql`` (with the ontology prefixes predeclared); raise a located KGError.

    Parsing only: the text first passes :func:`kg.query.sparqlguard.check_sparql` (parser limits,
    and ``SERVICE`` refused unless ``allow_service``), then is handed to pyoxigraph on a fresh
    empty store without iterating the answer, so nothing is evaluated and no request is sent.

    >>> check_syntax("SELECT ?s WHERE { ?s a pkg:Drug }")
    >>> check_syntax("SELECT ?s WHERE {\\n  ?s a pkg:Drug \\n  FILTR(?s) }")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: <query>:3:11: malformed SPARQL: 'FILTR' is not a SPARQL keyword: did you mean FILTER? ...
    >>> check_syntax("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.query.sparqlguard.FederationRefused: <query>: federated query (SERVICE) is disabled: ...
    """
    import pyoxigraph as ox

    from kg.query.sparqlguard import check_sparql, neutralize

    check_sparql(sparql, allow_service=allow_service, path=path, prefixes=PREFIXES)
    if allow_service and neutralize(sparql)[1]:
        return  # it may name SERVICE: an ASK would be evaluated at once; the run reports errors
    try:
        ox.Store().query(sparql, prefixes=PREFIXES)  # lazy: parsed and planned, not iterated
    except SyntaxError as exc:
        raise syntax_error(exc, path, sparql) from None


def prefix_block(sparql: str) -> str:
    """``PREFIX`` lines for the predeclared prefixes the query does not declare itself, for
    engines that take no prefix argument. Prepended on one line, so that line numbers in a
    server's error message are off by exactly one."""
    declared = {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([\w.-]*):", sparql)}
    parts = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared]
    return " ".join(parts) + "\n" if parts else ""


# -- lexer -------------------------------------------------------------------------------------

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRINGS = (re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""', re.S),
            re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''", re.S),
            re.compile(r'"(?:[^"\\\n\r]|\\.)*"'),
            re.compile(r"'(?:[^'\\\n\r]|\\.)*'"))
_WORD = re.compile(r"[A-Za-z_][\w\-.:]*|[?$]\w+")


def _tokens(sparql: str):
    """Yield ``(position, token)`` for braces and words, skipping comments, strings and IRIs."""
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            j = sparql.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            for pattern in _STRINGS:
                m = pattern.match(sparql, i)
                if m:
                    i = m.end()
                    break
            else:
                i += 1
            continue
        if c == "<":
            m = _IRIREF.match(sparql, i)
            i = m.end() if m else i + 1
            continue
        if c in "{}":
            yield i, c
            i += 1
            continue
        m = _WORD.match(sparql, i)
        if m:
            yield i, m.group(0)
            i = m.end()
            continue
        i += 1


def where_brace(sparql: str) -> int:
    """Index of the ``{`` opening the query's top-level WHERE group.

    >>> q = 'PREFIX : <http://e/x> # { not this\\nSELECT ?s WHERE { ?s ?p "}" }'
    >>> q[where_brace(q):]
    '{ ?s ?p "}" }'
    >>> q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    >>> where_brace(q)
    29
    """
    form = None
    skip_template = False
    depth = 0
    for pos, tok in _tokens(sparql):
        low = tok.lower()
        if form is None and low in ("select", "construct", "describe", "ask"):
            form = low
            skip_template = low == "construct"
            continue
        if tok == "{":
            if depth == 0:
                if skip_template:
                    skip_template = False
                    depth += 1
                    continue
                return pos
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0 and low == "where":
            skip_template = False
    raise KGError("cannot bind parameters: the query has no WHERE group")


def query_form(sparql: str) -> str:
    """``select``, ``construct``, ``describe`` or ``ask``: the first query keyword outside
    comments, strings and IRIs (so a ``PREFIX`` IRI or a comment naming another form does not
    fool it, as it can fool SPARQLWrapper's regular expression).

    >>> query_form('PREFIX ask: <http://e/construct> # describe\\nSELECT * { ?s ?p "ask" }')
    'select'
    """
    for _, tok in _tokens(sparql):
        low = tok.lower()
        if low in ("select", "construct", "describe", "ask"):
            return low
    raise KGError("not a SPARQL query (no SELECT, CONSTRUCT, DESCRIBE or ASK)")


def mentioned_variables(sparql: str) -> set[str]:
    """Names of the variables the query text uses (``?x`` and ``$x`` alike)."""
    return {tok[1:] for _, tok in _tokens(sparql) if tok[0] in "?$"}


def binding_pairs(sparql: str, bindings: Mapping[str, Term] | Sequence[tuple[str, Term]] | None
                  ) -> list[tuple[str, Term]]:
    """The bindings every backend applies: names checked, each term checked to be writable as
    valid SPARQL (an IRI with a space, ``>`` or braces, a bad language tag, a blank node, which
    ``VALUES`` cannot hold: KGError), and
    variables the query never mentions dropped, so that binding an unused variable changes
    nothing on any backend (a ``VALUES`` column would otherwise show up in ``SELECT *``)."""
    pairs = check_binding_names(dict(bindings or {}))
    if not pairs:
        return []
    used = mentioned_variables(sparql)
    out = []
    for name, term in pairs:
        if term.type == "bnode":
            raise KGError(f"cannot bind ?{name} to a blank node: its label means nothing "
                          "outside the store that made it")
        try:
            term.n3()
        except ValueError as exc:
            raise KGError(f"cannot bind ?{name}: {exc}") from None
        if name in used:
            out.append((name, term))
    return out


def inject_values(sparql: str, bindings: Mapping[str, Term] | Sequence[tuple[str, Term]]) -> str:
    """The query with a one-row ``VALUES`` block binding the given variables, inserted as the
    first element of the top-level WHERE group (same line, so positions of later lines hold).

    >>> inject_values('SELECT ?x WHERE { ?x ?p ?_v }',
    ...               {"_v": Term.literal('a" } DROP ALL {')})
    'SELECT ?x WHERE { VALUES (?_v) { ("a\\\\" } DROP ALL {") } ?x ?p ?_v }'
    """
    pairs = binding_pairs(sparql, bindings)
    if not pairs:
        return sparql
    values = " ".join(term.n3() for _, term in pairs)
    block = f" VALUES ({' '.join('?' + name for name, _ in pairs)}) {{ ({values}) }}"
    at = where_brace(sparql) + 1
    return sparql[:at] + block + sparql[at:]
