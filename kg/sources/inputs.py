"""The build inputs and their content hash, without importing rdflib.

Kept apart from :mod:`kg.build.graph` so that a reader (``kg query``) can tell a stale build from a
current one in a millisecond, before deciding whether the heavy build machinery is needed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg import __version__, paths

#: Bump when a change to the build code changes its output for the same inputs.
BUILD_FORMAT = 1


def input_files() -> list[Path]:
    """Every file whose content determines the build (ontology, corpus, statements)."""
    root = paths.resource_root()
    # the defined classes only feed the reasoner, but a saved inferred graph is keyed on this hash
    files = [paths.ontology_file(), paths.ontology_dir() / "pharmakg-defined.ttl",
             paths.ontology_dir() / "pharmakg-added.ttl",  # terms accepted by curators
             paths.ontology_dir() / "pharmakg-xrefs.ttl"]  # generated HPO/ICD mappings
    files += sorted(paths.corpus_dir().glob("*.txt")) + [paths.corpus_dir() / "documents.yaml"]
    files += sorted(paths.statements_dir().glob("*.yaml"))
    return [f for f in files if f.is_file() and f.is_relative_to(root)]


def compute_input_hash() -> str:
    """Content hash of the build inputs: a stored build with another hash is stale."""
    root = paths.resource_root()
    digest = hashlib.sha256()
    # the code that turns inputs into a build is an input too: a new release rebuilds
    digest.update(f"pharmakg {__version__} build-format {BUILD_FORMAT}\0".encode())
    for path in input_files():
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
