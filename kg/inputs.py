"""The build inputs and their content hash, without importing rdflib.

Kept apart from :mod:`kg.build` so that a reader (``kg query``) can tell a stale build from a
current one in a millisecond, before deciding whether the heavy build machinery is needed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg import paths


def input_files() -> list[Path]:
    """Every file whose content determines the build (ontology, corpus, statements)."""
    root = paths.resource_root()
    files = [paths.ontology_file()]
    files += sorted(paths.corpus_dir().glob("*.txt")) + [paths.corpus_dir() / "documents.yaml"]
    files += sorted(paths.statements_dir().glob("*.yaml"))
    return [f for f in files if f.is_file() and f.is_relative_to(root)]


def compute_input_hash() -> str:
    """Content hash of the build inputs: a stored build with another hash is stale."""
    root = paths.resource_root()
    digest = hashlib.sha256()
    for path in input_files():
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
