"""The analysis edge table, computed once per store generation and kept beside it.

Reading the edge table is the slow part of ``kg analyze`` on a large graph (seconds per million
triples); the analyses themselves take milliseconds. So the table of a store generation (the
seed build or a named store, see :mod:`kg.store.named`) is written next to its store as
``edges.npz`` (``edges-quotes.npz`` with evidence quotes): the numpy arrays as they are, plus
one JSON member with labels, kinds, names and the rest.

A cache file is valid only for the generation it was computed from and for the code that
computed it: it records the generation's key (a named store's ``generation_id``, the build's
``input_hash``) and a hash of :mod:`kg.analysis.edges`, and is ignored when either differs (an
upgraded pharmakg may read the graph differently). A new build or ``kg load`` writes a new generation folder, so the old cache
goes away with the old store. Files are written atomically (:mod:`kg.atomic`): a reader sees a
whole cache or none.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np

from kg.analysis.edges import EdgeTable, Quote

FORMAT = 1  # bump when the layout of the file changes
FILES = {False: "edges.npz", True: "edges-quotes.npz"}
_META = "meta_json"


def code_version() -> str:
    """A hash of the module that reads edge tables (and of this file's layout number)."""
    from kg.analysis import edges

    source = Path(edges.__file__).read_bytes()
    return hashlib.sha256(source + f"\n{FORMAT}".encode()).hexdigest()[:16]


def cache_path(folder: Path, quotes: bool) -> Path:
    """Where the table of the generation ``folder`` is kept."""
    return Path(folder) / FILES[bool(quotes)]


def generation_key(folder: Path) -> str | None:
    """What identifies the content of a generation: its manifest's ``generation_id`` (a named
    store) or ``input_hash`` (the seed build); None when it has no readable manifest."""
    from kg.store.local import MANIFEST

    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict):
        return None
    key = manifest.get("generation_id") or manifest.get("input_hash")
    return str(key) if key else None


def _plain(table: EdgeTable) -> tuple[dict[str, np.ndarray], dict]:
    """The table as arrays and JSON-able values."""
    arrays: dict[str, np.ndarray] = {}
    meta: dict = {}
    for f in fields(EdgeTable):
        if f.name.startswith("_"):
            continue
        value = getattr(table, f.name)
        if isinstance(value, np.ndarray):
            arrays[f.name] = value
        elif f.name == "quotes":
            meta[f.name] = None if value is None else [
                [list(key), [asdict(q) for q in quotes]] for key, quotes in value.items()]
        else:
            meta[f.name] = value
    return arrays, meta


def _table(arrays: dict[str, np.ndarray], meta: dict) -> EdgeTable:
    values = dict(meta)
    for name in ("names", "systems"):
        if name in values:
            values[name] = {k: tuple(v) for k, v in values[name].items()}
    if values.get("quotes") is not None:
        values["quotes"] = {tuple(key): [Quote(**q) for q in quotes]
                            for key, quotes in values["quotes"]}
    return EdgeTable(**values, **arrays)


def save(table: EdgeTable, folder: Path, key: str, *, quotes: bool) -> Path:
    """Write ``table`` as the cache of generation ``folder`` (identified by ``key``)."""
    from kg.atomic import write_bytes_atomic

    arrays, meta = _plain(table)
    meta = {"format": FORMAT, "code": code_version(), "key": key, "quotes": bool(quotes),
            "table": meta}
    encoded = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), np.uint8)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays, **{_META: encoded})
    path = cache_path(folder, quotes)
    write_bytes_atomic(path, buffer.getvalue())
    return path


def read(folder: Path, key: str, *, quotes: bool) -> EdgeTable | None:
    """The cached table of generation ``folder`` if it was computed for ``key`` by this code,
    else None (no file, another generation's, other code, a damaged file)."""
    path = cache_path(folder, quotes)
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(data[_META].tobytes().decode("utf-8"))
            if (meta.get("format"), meta.get("code"), meta.get("key")) != \
                    (FORMAT, code_version(), key):
                return None
            arrays = {name: data[name] for name in data.files if name != _META}
    except (OSError, ValueError, KeyError):
        return None
    try:
        return _table(arrays, meta["table"])
    except (TypeError, KeyError, ValueError):
        return None


def compute(folder: Path, quotes: bool) -> EdgeTable:
    """The edge table read from the generation's pyoxigraph store."""
    from kg.analysis.edges import from_store
    from kg.store.local import OXIGRAPH_DIR
    from kg.store.oxigraph import OxigraphStore

    store = OxigraphStore.open(Path(folder) / OXIGRAPH_DIR)
    try:
        return from_store(store.raw, quotes=quotes)
    finally:
        store.close()


def cached_table(folder: Path, quotes: bool = False,
                 notify: Callable[[str], None] | None = None) -> EdgeTable:
    """The edge table of generation ``folder``: from its cache when that was made for this
    generation, else computed from the store and kept (unless the folder is read-only).

    A table without quotes is cut from a cached table with quotes when only that exists."""
    folder = Path(folder)
    key = generation_key(folder)
    if key is not None:
        found = read(folder, key, quotes=quotes)
        if found is None and not quotes:
            found = read(folder, key, quotes=True)
            if found is not None:
                found.quotes = None
        if found is not None:
            return found
    if notify:
        notify(f"computing the analysis edge table of {folder.name} (once; kept in "
               f"{FILES[bool(quotes)]}) ...")
    table = compute(folder, quotes)
    if key is not None:
        try:
            save(table, folder, key, quotes=quotes)
        except OSError:
            pass  # a read-only home: answer anyway, compute again next time
    return table
