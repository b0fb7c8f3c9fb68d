"""The built store on disk: is it there, is it current, rebuild it if not.

Reading the manifest and hashing the inputs is cheap (no rdflib); only a missing or stale build
pulls in the build machinery. The build is never served stale: the manifest's ``input_hash``
must equal a fresh hash of the ontology, corpus and statement files.

Layout (decision 0008): each build is written into its own generation folder
``$PHARMAKG_HOME/builds/gen-*`` and ``$PHARMAKG_HOME/build`` is a symlink to the current one,
swapped atomically only once the generation is complete. A failed or killed build therefore
never touches the previous build, and a reader that resolved ``build`` keeps a complete folder.
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
GENERATIONS = "builds"  # beside ``build``: the generation folders ``build`` points into
INFERRED_NQUADS = "inferred.nq"  # written by ``kg reason --save`` (kg.reasoning.hermit.save_inferred)
INFERRED_MANIFEST = "inferred.json"


def build_dir(home: Path | str | None = None) -> Path:
    """The folder holding the current build's files (a symlink to its generation folder)."""
    return (Path(home) if home is not None else paths.home_dir()) / "build"


def generations_dir(home: Path | str | None = None) -> Path:
    """Where the generation folders live (and the build lock)."""
    return (Path(home) if home is not None else paths.home_dir()) / GENERATIONS


def current_generation(home: Path | str | None = None) -> Path | None:
    """The current build's generation folder, resolved once, so that a reader checks and opens
    the same generation even if a build swaps ``build`` meanwhile."""
    link = build_dir(home)
    try:
        resolved = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return resolved if resolved.is_dir() else None


def _manifest_of(folder: Path | None) -> dict | None:
    return _manifest_of_file(folder / MANIFEST) if folder is not None else None


def read_manifest(home: Path | str | None = None) -> dict | None:
    return _manifest_of(current_generation(home))


def staleness(home: Path | str | None = None) -> str | None:
    """Why the build cannot be used as is (``None`` when it is current)."""
    return _staleness_of(current_generation(home))


def _staleness_of(target: Path | None) -> str | None:
    from kg.sources.inputs import compute_input_hash

    manifest = _manifest_of(target)
    if target is None or manifest is None:
        return "no build yet"
    if not (target / manifest.get("oxigraph", OXIGRAPH_DIR)).is_dir() \
            or not (target / manifest.get("nquads", NQUADS)).is_file():
        return "the build has no query store"
    if manifest.get("input_hash") != compute_input_hash():
        return "the ontology, corpus or statements changed"
    return None


class _Lock:
    """An exclusive lock on the generations folder, so two processes do not rebuild at once
    (and a build may delete the temporary folders it finds: their writers are gone)."""

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
    return _Lock(generations_dir(home))


def ensure_build(home: Path | str | None = None, *, rebuild: bool = True,
                 notify: Callable[[str], None] | None = None) -> Path:
    """The current build's folder (its generation, resolved), rebuilt first when missing or
    stale."""
    current = current_generation(home)
    reason = _staleness_of(current)
    if reason is None:
        return current
    if not rebuild:
        raise KGError(f"the build in {build_dir(home)} cannot be used ({reason}); run `kg build`")
    with build_lock(home):
        reason = staleness(home)  # another process may have rebuilt meanwhile
        if reason is not None:
            if notify:
                notify(f"building the knowledge graph ({reason}) ...")
            from kg.build.graph import build
            from kg.build.buildstore import write_build

            write_build(build(), Path(home) if home is not None else None, locked=True)
        current = current_generation(home)
    return current or build_dir(home)


def saved_inferred(target: Path, input_hash: str) -> Path | None:
    """The saved inferred graph when it was computed from these very inputs, else None (read
    only: a build copies it from the previous generation without touching that one)."""
    manifest, nquads = target / INFERRED_MANIFEST, target / INFERRED_NQUADS
    saved = _manifest_of_file(manifest)
    if saved is not None and saved.get("input_hash") == input_hash and nquads.is_file():
        return nquads
    return None


def _manifest_of_file(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def current_inferred(target: Path, input_hash: str) -> Path | None:
    """The saved inferred graph when it was computed from these very inputs, else None.

    A saved graph from other inputs is deleted: it would describe data that no longer exists."""
    found = saved_inferred(target, input_hash)
    if found is None:
        for stale in (target / INFERRED_MANIFEST, target / INFERRED_NQUADS):
            stale.unlink(missing_ok=True)
    return found
