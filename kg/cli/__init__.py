"""The ``kg`` command line. Each command group lives in its own module and registers itself here.

Heavy libraries are imported inside commands, never at module level, so ``kg --help`` and quick
queries start fast.
"""

from __future__ import annotations

import sys

import typer

from kg.errors import KGError

app = typer.Typer(
    name="kg",
    help="pharmakg: a sourced drug knowledge graph. Build it, validate it, query it, export it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # docstrings are wrapped at 100 columns: let help reflow them
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Command modules: importing one registers its commands on ``app``.
from kg.cli import build_commands  # noqa: E402,F401
from kg.cli import query_commands  # noqa: E402,F401
from kg.cli import serve_commands  # noqa: E402,F401
from kg.cli import reason_commands  # noqa: E402,F401
from kg.cli import analyze_commands  # noqa: E402,F401
from kg.cli import curate_commands  # noqa: E402,F401
from kg.cli import ingest_commands  # noqa: E402,F401


def main() -> None:
    """Console-script entry point: user errors print a located message and exit 2."""
    try:
        result = app(standalone_mode=False)
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
