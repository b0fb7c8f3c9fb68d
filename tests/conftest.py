"""Shared fixtures: the real build (once per session) and the tiny fixture resources."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"
KG_BIN = Path(sys.executable).with_name("kg")


@pytest.fixture(scope="session")
def built():
    """The real knowledge graph built from the shipped ontology, corpus and statements."""
    from kg.build.graph import build

    return build()


@pytest.fixture(scope="session")
def mini_built():
    """The tiny fixture graph (one fictional drug, two documents)."""
    from kg.build.graph import build
    from kg.sources.corpus import load_corpus
    from kg.sources.ontology import Ontology

    return build(Ontology.load(MINI / "ontology" / "pharmakg.ttl"),
                 load_corpus(MINI / "data" / "corpus"),
                 statements_dir=MINI / "data" / "statements")


@pytest.fixture()
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini resources, for tests that break them on purpose."""
    target = tmp_path / "resources"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture()
def kg_env(tmp_path: Path) -> dict[str, str]:
    """Environment for running the real console script with its build in a temp folder."""
    env = dict(os.environ)
    env["PHARMAKG_HOME"] = str(tmp_path / "home")
    env.pop("PHARMAKG_RESOURCES", None)
    return env
