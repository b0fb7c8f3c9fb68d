"""The build on disk: what ``kg build`` writes and what readers open.

A manifest records the content hash of the inputs, so a reader can tell a stale build from a
current one and rebuild instead of serving stale answers. Beside the sorted N-Quads the build
holds the embedded query store (a pyoxigraph folder) that ``kg query`` opens read-only.

Every build is written into a fresh temporary folder, renamed to a generation folder once
complete, and only then made current by atomically replacing the ``build`` symlink (decision
0008). Until that one ``os.replace`` nothing a reader can see has changed, so a build that fails
or is killed at any point leaves the previous build exactly as it was.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kg.atomic import write_bytes_atomic
from kg.store.local import (INFERRED_MANIFEST, INFERRED_NQUADS, MANIFEST, NQUADS, OXIGRAPH_DIR,
                            build_dir, build_lock, current_generation, generations_dir,
                            saved_inferred)
from kg.store.local import read_manifest as read_manifest  # noqa: F401  (public here too)

TMP_PREFIX = "tmp-"  # an unfinished generation: tmp-<pid>-<hash>
GEN_PREFIX = "gen-"  # a complete generation: gen-<hash>-<pid>-<random>

if TYPE_CHECKING:  # kg.build.graph pulls in rdflib: not needed to write a named store (kg load)
    from kg.build.graph import BuiltGraph


def _write_oxigraph(folder: Path, nquads: Path, *extra: Path) -> None:
    """Load the N-Quads (and any ``extra`` N-Quads files) into a new pyoxigraph folder."""
    from kg.store.oxigraph import OxigraphStore

    store = OxigraphStore.create(folder, nquads)
    for more in extra:
        store.load_nquads(more)
    store.raw.flush()
    store.close()
    del store
    gc.collect()  # pyoxigraph closes the folder when the store object is freed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner_pid(name: str) -> int | None:
    """The PID in a temporary folder's name ``tmp-<pid>-...`` (None if it has none)."""
    parts = name[len(TMP_PREFIX):].split("-", 1)
    return int(parts[0]) if parts[0].isdigit() else None


def _remove_stray_temporaries(generations: Path) -> None:
    """Delete unfinished generations left by builds that died (kill -9, power loss).

    Called under the build lock, so no other build is writing; a folder whose PID is still
    alive is kept anyway, in case something outside the lock made it."""
    for folder in generations.glob(f"{TMP_PREFIX}*"):
        owner = _owner_pid(folder.name)
        if owner is not None and owner != os.getpid() and _pid_alive(owner):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fill_generation(folder: Path, built: BuiltGraph, previous: Path | None) -> None:
    """Write the whole build into ``folder``: N-Quads, the inferred graph of ``kg reason --save``
    when the previous build has one for these very inputs, the query store, the manifest."""
    from kg.exports.rdf import to_nquads

    write_bytes_atomic(folder / NQUADS, to_nquads(built))
    extra: list[Path] = []
    inferred = saved_inferred(previous, built.input_hash) if previous is not None else None
    if inferred is not None:  # a rebuild keeps `kg reason --save`; the old files stay untouched
        for name in (INFERRED_NQUADS, INFERRED_MANIFEST):
            write_bytes_atomic(folder / name, (previous / name).read_bytes())
        extra.append(folder / INFERRED_NQUADS)
    _write_oxigraph(folder / OXIGRAPH_DIR, folder / NQUADS, *extra)
    manifest = {"input_hash": built.input_hash, "nquads": NQUADS, "oxigraph": OXIGRAPH_DIR,
                "statements": len(built.statements), "documents": len(built.documents)}
    write_bytes_atomic(folder / MANIFEST,
                       (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    _fsync_dir(folder)


def _make_current(home: Path, generation: Path) -> Path | None:
    """Point ``build`` at ``generation`` with one atomic rename; return the generation it
    pointed at before (None if there was none)."""
    link = build_dir(home)
    previous = current_generation(home)
    if link.exists() and not link.is_symlink():
        # the layout before decision 0008: a plain folder; keep it as the previous generation
        legacy = generation.parent / f"{GEN_PREFIX}legacy-{os.getpid()}"
        os.replace(link, legacy)
        previous = legacy
    fresh_link = home / f".build.new-{os.getpid()}"
    fresh_link.unlink(missing_ok=True)
    os.symlink(generation.relative_to(home), fresh_link)
    os.replace(fresh_link, link)
    _fsync_dir(home)
    return previous


def _remove_old_generations(generations: Path, keep: set[Path]) -> None:
    """Delete complete generations other than the current and the previous one (a reader that
    resolved ``build`` just before the swap still finds the previous one whole)."""
    for folder in generations.glob(f"{GEN_PREFIX}*"):
        if folder.resolve() not in keep:
            shutil.rmtree(folder, ignore_errors=True)


def write_build(built: BuiltGraph, home: Path | None = None, *, locked: bool = False) -> Path:
    """Write a new generation and make it current; return the ``build`` folder.

    Nothing visible changes until the final symlink swap: on any exception the unfinished
    folder is removed and the previous build is left byte for byte as it was."""
    home_path = Path(home) if home is not None else build_dir().parent
    return write_generation(home_path, built.input_hash[:16],
                            lambda folder, previous: _fill_generation(folder, built, previous),
                            locked=locked)


def write_generation(home_path: Path, tag: str, fill: Callable[[Path, Path | None], None], *,
                     locked: bool = False) -> Path:
    """The generation mechanism of :func:`write_build` for any content: ``fill(folder,
    previous)`` writes a complete generation into an empty temporary ``folder`` (``previous``:
    the current generation or None); it becomes current by one symlink swap of
    ``home_path/build``. Named stores (``kg load``, :mod:`kg.store.named`) use it too."""
    generations = generations_dir(home_path)
    generations.mkdir(parents=True, exist_ok=True)
    if not locked:
        with build_lock(home_path):
            return write_generation(home_path, tag, fill, locked=True)
    _remove_stray_temporaries(generations)
    previous = current_generation(home_path)
    unfinished = generations / f"{TMP_PREFIX}{os.getpid()}-{tag}"
    shutil.rmtree(unfinished, ignore_errors=True)
    unfinished.mkdir()
    try:
        fill(unfinished, previous)
        # unique even for a rebuild of the same inputs in the same process: never the current one
        generation = generations / f"{GEN_PREFIX}{tag}-{os.getpid()}-{secrets.token_hex(4)}"
        os.replace(unfinished, generation)
        _fsync_dir(generations)
    except BaseException:
        shutil.rmtree(unfinished, ignore_errors=True)
        raise
    previous = _make_current(home_path, generation)
    _remove_old_generations(generations, {p.resolve() for p in (generation, previous) if p})
    return build_dir(home_path)
