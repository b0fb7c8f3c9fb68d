"""A cold ``kg query`` without typer: importing typer and building the click group for every
command costs more than the query itself (~45 of ~105 ms on the seed graph).

:func:`parse_query_args` understands the common spellings of ``kg query`` — positional name and
values, ``--opt value``, ``--opt=value``, the flags — and returns None for anything else
(``--help``, ``--file``, short options written together, an unknown option, a missing value,
``--``), which then goes through typer exactly as before. What runs is the same function
either way (:func:`kg.cli.query_run.run_query`), so answers, messages and exit codes match.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

#: options taking one value, by spelling -> keyword of run_query (repeatable ones are lists)
_VALUE_OPTIONS = {"--param": "param", "-p": "param", "--format": "fmt", "-f": "fmt",
                  "--sparql": "sparql", "--endpoint": "endpoint", "--backend": "backend",
                  "--store": "store"}
_LIST_OPTIONS = {"param"}
_FLAGS = {"--inferred": ("inferred", True), "--explicit": ("inferred", False),
          "--allow-service": ("allow_service", True)}


def parse_query_args(args: list[str]) -> dict[str, Any] | None:
    """Keyword arguments for :func:`run_query` from the words after ``kg query``, or None when
    only typer can tell what they mean."""
    out: dict[str, Any] = {"param": []}
    positional: list[str] = []
    i = 0
    while i < len(args):
        word = args[i]
        i += 1
        if not word.startswith("-") or word == "-":
            if word == "-":
                return None
            positional.append(word)
            continue
        option, sep, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        if option in _FLAGS and not sep:
            key, value = _FLAGS[option]
            out[key] = value
            continue
        key = _VALUE_OPTIONS.get(option)
        if key is None:
            return None  # --help, --file, --, -pX, an unknown option: typer decides
        if sep:
            value = attached
        elif i < len(args):
            value = args[i]  # click takes the next word as the value, whatever it looks like
            i += 1
        else:
            return None  # "requires an argument": typer's message
        if key in _LIST_OPTIONS:
            out[key].append(value)
        else:
            out[key] = value
    if positional:
        out["name"], out["values"] = positional[0], positional[1:]
    return out


def run_fast_query(args: list[str]) -> int | None:
    """Run ``kg query`` without typer when the arguments allow it; the exit status, or None
    when typer must handle them. Mirrors what typer's main loop does around a command."""
    if any(name.endswith("_COMPLETE") for name in os.environ):
        return None  # shell completion requests belong to click
    parsed = parse_query_args(args)
    if parsed is None:
        return None
    from kg.cli.query_run import run_query

    try:
        run_query(**parsed)
    except KeyboardInterrupt:
        return 130
    except EOFError:
        print(file=sys.stderr)
        print("aborted", file=sys.stderr)
        return 130
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = _Quiet(sys.stdout)
        sys.stderr = _Quiet(sys.stderr)
        return 1
    return 0


class _Quiet:
    """A stream whose flush ignores a closed pipe (the reader of ``kg query | head`` left)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError:
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
