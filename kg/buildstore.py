"""The build on disk: what ``kg build`` writes and what readers open.

A manifest records the content hash of the inputs, so a reader can tell a stale build from a
current one and rebuild instead of serving stale answers. Beside the sorted N-Quads the build
holds the embedded query store (a pyoxigraph folder) that ``kg query`` opens read-only.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
from pathlib import Path

from kg.atomic import write_bytes_atomic
from kg.build import BuiltGraph
from kg.export import to_nquads
from kg.store.local import MANIFEST, NQUADS, OXIGRAPH_DIR, build_dir, build_lock, current_inferred
from kg.store.local import read_manifest as read_manifest  # noqa: F401  (public here too)


def _write_oxigraph(target: Path, nquads: Path, *extra: Path) -> None:
    """Load the N-Quads (and any ``extra`` N-Quads files) into a fresh pyoxigraph folder, then
    swap it in for the old one.

    Readers that opened the old folder keep their open files; new readers see the new one."""
    from kg.store.oxigraph import OxigraphStore

    fresh = target / f".{OXIGRAPH_DIR}.new-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    store = OxigraphStore.create(fresh, nquads)
    for more in extra:
        store.load_nquads(more)
    store.raw.flush()
    store.close()
    del store
    gc.collect()  # pyoxigraph closes the folder when the store object is freed
    final = target / OXIGRAPH_DIR
    old = target / f".{OXIGRAPH_DIR}.old-{os.getpid()}"
    if final.exists():
        os.replace(final, old)
    os.replace(fresh, final)
    shutil.rmtree(old, ignore_errors=True)


def write_build(built: BuiltGraph, home: Path | None = None, *, locked: bool = False) -> Path:
    """Write the dataset (sorted N-Quads), the query store and then the manifest; the manifest
    goes last, so a build interrupted midway is never taken for a complete one."""
    target = build_dir(home)
    target.mkdir(parents=True, exist_ok=True)
    if not locked:
        with build_lock(home):
            return write_build(built, home, locked=True)
    manifest_path = target / MANIFEST
    if manifest_path.exists():
        manifest_path.unlink()  # from here until the end, the folder is not a complete build
    write_bytes_atomic(target / NQUADS, to_nquads(built))
    inferred = current_inferred(target, built.input_hash)  # a rebuild keeps `kg reason --save`
    _write_oxigraph(target, target / NQUADS, *([inferred] if inferred else []))
    manifest = {"input_hash": built.input_hash, "nquads": NQUADS, "oxigraph": OXIGRAPH_DIR,
                "statements": len(built.statements), "documents": len(built.documents)}
    write_bytes_atomic(manifest_path,
                       (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    return target
