"""Running the third-party tools the interop tests check exports with.

A missing tool fails the test with the command that installs it (``make test`` installs them
through ``make sysdeps`` and the ``test`` extra), never skips."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store.base import PREFIXES, Result, Store, Term
from kg.store.oxigraph import term_from_oxigraph
from kg.store.sparqltext import inject_values

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
#: Maps the web addresses the vendored schemas import each other by to the local copies.
SCHEMA_CATALOG = SCHEMAS / "catalog.xml"


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


def xmllint(document: Path, schema: Path) -> subprocess.CompletedProcess:
    """``xmllint --noout --nonet --schema``, resolving schema imports through the catalog only:
    a schema part missing from ``tests/schemas`` is an error, never a download."""
    found = require("xmllint", "apt-get install libxml2-utils")
    env = dict(os.environ, XML_CATALOG_FILES=str(SCHEMA_CATALOG))
    return subprocess.run([found, "--noout", "--nonet", "--schema", str(schema), str(document)],
                          capture_output=True, text=True, timeout=300, env=env)


class PlainOxigraph(Store):
    """A plain ``pyoxigraph.Store()`` queried the way a third-party SPARQL user would: the
    default graph is the store's own default graph (no union of the named graphs, unlike
    :class:`kg.store.oxigraph.OxigraphStore`). Parameters are bound as RDF terms with the
    project's ``VALUES`` injection, so the named queries run unchanged. An export holds no
    reasoner output, so ``inferred=True`` (asked when resolving names) sees the same data."""

    backend = "plain-oxigraph"

    def __init__(self, data: Path, fmt: ox.RdfFormat) -> None:
        self._store = ox.Store()
        self._store.load(path=str(data), format=fmt)

    def __len__(self) -> int:
        return len(self._store)

    def graph_names(self) -> list[str]:
        """The named graphs holding quads (the default graph is not one of them)."""
        return sorted(g.value for g in self._store.named_graphs())

    def default_graph_size(self) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
              inferred: bool = False, allow_service: bool = False) -> Result:
        if allow_service:
            raise ValueError("federation is not part of what the exports are checked for")
        answer = self._store.query(inject_values(sparql, bindings) if bindings else sparql,
                                   prefixes=PREFIXES)
        if isinstance(answer, (bool, ox.QueryBoolean)):
            return Result(boolean=bool(answer))
        names = [v.value for v in answer.variables]
        return Result(vars=names, bindings=[tuple(term_from_oxigraph(s[i]) for i in
                                                  range(len(names))) for s in answer])
