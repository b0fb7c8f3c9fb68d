"""Running the third-party tools the interop tests check exports with.

A missing tool fails the test with the command that installs it (``make test`` installs them
through ``make sysdeps`` and the ``test`` extra), never skips."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
SCHEMAS = Path(__file__).resolve().parent / "schemas"


def require(command: str, install: str) -> str:
    """The path of ``command``, or a test failure saying how to install it."""
    found = shutil.which(command)
    if found is None:
        pytest.fail(f"{command} is not installed: {install}")
    return found


def run(args: list[str], timeout: float = 300) -> subprocess.CompletedProcess:
    """Run a tool; its output is kept for the assertion message."""
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def riot() -> list[str]:
    require("java", "apt-get install default-jre-headless")
    if not Path("/usr/share/java/jena-core.jar").exists():
        pytest.fail("Apache Jena is not installed: apt-get install libapache-jena-java")
    require("unzip", "apt-get install unzip")
    return [str(SCRIPTS / "riot")]


def kgx() -> list[str]:
    try:
        import kgx as _kgx  # noqa: F401
    except ImportError:
        pytest.fail("KGX is not installed: pip install -e '.[test]' (kgx is in the test extra)")
    return [sys.executable, str(SCRIPTS / "kgx")]
