"""The built store on disk: is it there, is it current, rebuild it if not.

Reading the manifest and hashing the inputs is cheap (no rdflib); only a missing or stale build
pulls in the build machinery. The build is never served stale: the manifest's ``input_hash``
must equal a fresh hash of the ontology, corpus and statement files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from kg import paths
from kg.errors import KGError

MANIFEST = "manifest.json"
NQUADS = "pharmakg.nq"
OXIGRAPH_DIR = "oxigraph"
LOCK = ".lock"
INFERRED_NQUADS = "inferred.nq"  # written by ``kg reason --save`` (kg.reasoning.save_inferred)
INFERRED_MANIFEST = "inferred.json"


def build_dir(home: Path | str | None = None) -> Path:
    return (Path(home) if home is not None else paths.home_dir()) / "build"


def read_manifest(home: Path | str | None = None) -> dict | None:
    path = build_dir(home) / MANIFEST
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None


def staleness(home: Path | str | None = None) -> str | None:
    """Why the build cannot be used as is (``None`` when it is current)."""
    from kg.inputs import compute_input_hash

    manifest = read_manifest(home)
    if manifest is None:
        return "no build yet"
    target = build_dir(home)
    if not (target / manifest.get("oxigraph", OXIGRAPH_DIR)).is_dir() \
            or not (target / manifest.get("nquads", NQUADS)).is_file():
        return "the build has no query store"
    if manifest.get("input_hash") != compute_input_hash():
        return "the ontology, corpus or statements changed"
    return None


class _Lock:
    """An exclusive lock on the build folder, so two processes do not rebuild at once."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / LOCK

    def __enter__(self) -> _Lock:
        import fcntl

        self._fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        import fcntl

        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)


def build_lock(home: Path | str | None = None) -> _Lock:
    return _Lock(build_dir(home))


def ensure_build(home: Path | str | None = None, *, rebuild: bool = True,
                 notify: Callable[[str], None] | None = None) -> Path:
    """The build folder, rebuilt first when missing or stale."""
    reason = staleness(home)
    if reason is None:
        return build_dir(home)
    if not rebuild:
        raise KGError(f"the build in {build_dir(home)} cannot be used ({reason}); run `kg build`")
    with build_lock(home):
        reason = staleness(home)  # another process may have rebuilt meanwhile
        if reason is not None:
            if notify:
                notify(f"building the knowledge graph ({reason}) ...")
            from kg.build import build
            from kg.buildstore import write_build

            write_build(build(), Path(home) if home is not None else None, locked=True)
    return build_dir(home)


def current_inferred(target: Path, input_hash: str) -> Path | None:
    """The saved inferred graph when it was computed from these very inputs, else None.

    A saved graph from other inputs is deleted: it would describe data that no longer exists."""
    manifest, nquads = target / INFERRED_MANIFEST, target / INFERRED_NQUADS
    try:
        saved_hash = json.loads(manifest.read_text(encoding="utf-8")).get("input_hash")
    except (OSError, ValueError):
        saved_hash = None
    if saved_hash == input_hash and nquads.is_file():
        return nquads
    for stale in (manifest, nquads):
        stale.unlink(missing_ok=True)
    return None
