"""What ``kg query`` does, without typer: both the typer command (:mod:`kg.cli.query_commands`)
and the fast dispatch of a cold ``kg query`` process (:mod:`kg.cli.fastpath`) call
:func:`run_query`, so the two cannot drift apart.

Kept light: pyoxigraph and the small ``kg.store``/``kg.query.named`` modules only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FORMATS = ("table", "json", "csv", "tsv")


def note(message: str) -> None:
    """Progress and choices (a rebuild, the term a name resolved to) go to stderr."""
    print(f"note: {message}", file=sys.stderr)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``-p key=value`` pairs as a dict; a pair without ``=`` or given twice is an error."""
    from kg.errors import KGError

    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise KGError(f"--param takes key=value, not {pair!r}")
        if key in params:
            raise KGError(f"--param {key} given twice")
        params[key] = value
    return params


def _open(backend: str, endpoint: str | None, store: str | None):
    from kg.errors import KGError
    from kg.store import open_store

    if store is not None and endpoint is not None:
        raise KGError("give --store NAME or --endpoint URL, not both")
    return open_store(backend, endpoint=endpoint, notify=note, store=store)


def emit(result, fmt: str) -> None:
    """Print a result in ``fmt``; CONSTRUCT/DESCRIBE always as N-Triples."""
    if fmt == "json":
        if result.triples is not None:
            sys.stdout.write(result.to_ntriples())
            return
        sys.stdout.write(json.dumps(result.to_sparql_json(), ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        sys.stdout.write(result.to_ntriples() if result.triples is not None else result.to_csv())
    elif fmt == "tsv":
        sys.stdout.write(result.to_ntriples() if result.triples is not None else result.to_tsv())
    else:
        sys.stdout.write(result.to_table() + "\n")
    if result.explanation:  # why the answer is empty: on stdout beside a table, else stderr
        print(f"why: {result.explanation}", file=sys.stdout if fmt == "table" else sys.stderr)


def run_query(name: str | None = None, values: list[str] | None = None,
              param: list[str] | None = None, fmt: str = "table", file: Path | None = None,
              sparql: str | None = None, endpoint: str | None = None,
              backend: str = "oxigraph", inferred: bool = False, allow_service: bool = False,
              store: str | None = None) -> None:
    """``kg query``: a named question, a query file or ad-hoc SPARQL, printed in ``fmt``."""
    from kg.errors import KGError
    from kg.query.named import load_query, load_query_file, run_named_query, run_sparql

    if fmt not in FORMATS:
        raise KGError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    given = [x for x in (name, file, sparql) if x is not None]
    if values and name is None:
        raise KGError("parameter values after the query name need a query NAME")
    if len(given) != 1:
        raise KGError("give exactly one of: a query NAME, --file FILE or --sparql TEXT "
                      "(`kg queries` lists the names)")
    params = parse_params(param or [])
    if name is not None:
        named = load_query(name)  # unknown names fail before the store is opened
        from kg.cli.positional import assign_positional

        params = assign_positional(named, values or [], params)
        with _open(backend, endpoint, store) as opened:
            result = run_named_query(opened, named, params, inferred=inferred, notify=note)
    elif file is not None:
        named = load_query_file(file)
        with _open(backend, endpoint, store) as opened:
            if named.params or params:
                result = run_named_query(opened, named, params, inferred=inferred, notify=note,
                                         allow_service=allow_service)
            else:
                result = run_sparql(opened, named.text, inferred=inferred, path=file,
                                    allow_service=allow_service)
    else:
        if params:
            raise KGError("--param needs a named query or --file")
        from kg.store.sparqltext import check_syntax

        # before the store is opened (or built): limits, SERVICE, syntax; parsing only
        check_syntax(sparql, "<--sparql>", allow_service=allow_service)
        with _open(backend, endpoint, store) as opened:
            result = run_sparql(opened, sparql, inferred=inferred, path="<--sparql>",
                                allow_service=allow_service)
    emit(result, fmt)
