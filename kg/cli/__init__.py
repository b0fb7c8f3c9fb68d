"""The ``kg`` command line. Each command group lives in its own module and registers itself here.

Heavy libraries are imported inside commands, never at module level, so ``kg --help`` and quick
queries start fast. Typer itself is imported only when ``app`` is first used: a plain
``kg query ...`` is dispatched without it (:mod:`kg.cli.fastpath`, same code, same output).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from kg.errors import KGError

if TYPE_CHECKING:
    import typer

__all__ = ["app", "main"]


def _register_commands() -> None:
    """Command modules: importing one registers its commands on ``app`` (one line each)."""
    from kg.cli import build_commands  # noqa: F401
    from kg.cli import query_commands  # noqa: F401
    from kg.cli import serve_commands  # noqa: F401
    from kg.cli import reason_commands  # noqa: F401
    from kg.cli import analyze_commands  # noqa: F401
    from kg.cli import curate_commands  # noqa: F401
    from kg.cli import ingest_commands  # noqa: F401
    from kg.cli import load_commands  # noqa: F401


def _make_app() -> typer.Typer:
    import typer

    made = typer.Typer(
        name="kg",
        help="pharmakg: a sourced drug knowledge graph. Build it, validate it, query it, export it.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode="markdown",  # docstrings are wrapped at 100 columns: let help reflow them
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    # bound before the command modules run: each does `from kg.cli import app`
    globals()["app"] = made
    _register_commands()
    return made


def _app() -> typer.Typer:
    made = globals().get("app")
    return made if made is not None else _make_app()


def __getattr__(name: str):
    """``kg.cli.app`` is made (typer imported, every command registered) on first use."""
    if name == "app":
        return _make_app()
    raise AttributeError(f"module 'kg.cli' has no attribute {name!r}")


def main() -> None:
    """Console-script entry point: user errors print a located message and exit 2."""
    args = sys.argv[1:]
    if args[:1] == ["query"]:
        from kg.cli.fastpath import run_fast_query

        try:
            status = run_fast_query(args[1:])
        except KGError as exc:
            print(f"error: {exc.describe()}", file=sys.stderr)
            sys.exit(2)
        if status is not None:
            sys.exit(status)
    import typer

    try:
        result = _app()(standalone_mode=False)
    except KGError as exc:
        print(f"error: {exc.describe()}", file=sys.stderr)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("aborted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        # click usage errors (typer >= 0.20 vendors click as typer._click, older typer uses
        # click itself) carry their own message and exit code: show them, no traceback.
        if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            sys.exit(exc.exit_code)
        raise
    # without standalone mode, click returns a command's exit code instead of exiting
    sys.exit(result if isinstance(result, int) else 0)
