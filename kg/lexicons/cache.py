"""The compiled-lexicon cache: one pickle per lexicon under ``$PHARMAKG_HOME/cache/lexicons/``.

Compiling reads the packages' own data files (seconds); loading the pickle takes a fraction of
that. The file name carries the source package's version and this module's format number, so an
upgraded package or a changed compiler never serves a stale lexicon; files are written atomically,
so a reader never sees half of one.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from kg import paths
from kg.atomic import write_bytes_atomic

#: Bump when the compiled form changes.
FORMAT = 3

T = TypeVar("T")


def cache_dir(home: Path | None = None) -> Path:
    """``$PHARMAKG_LEXICONS`` if set (one compiled copy shared by many homes, e.g. in tests),
    else ``cache/lexicons`` in the pharmakg home."""
    shared = os.environ.get("PHARMAKG_LEXICONS")
    if shared and home is None:
        return Path(shared).expanduser()
    return (home or paths.home_dir()) / "cache" / "lexicons"


def package_version(dist: str) -> str:
    """The installed version of ``dist`` (part of the cache key and of the credits)."""
    return metadata.version(dist)


def cache_path(name: str, dist: str, home: Path | None = None) -> Path:
    tag = hashlib.sha256(f"{FORMAT}:{dist}=={package_version(dist)}".encode()).hexdigest()[:16]
    return cache_dir(home) / f"{name}-{tag}.pickle"


def cached(path: Path, kind: type[T], compile_: Callable[[], T]) -> T:
    """The compiled lexicon (a ``kind``) at ``path``, compiling and storing it on a
    miss. A damaged or foreign cache file is compiled again rather than trusted.
    """
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError,
                             ValueError, TypeError, ImportError, IndexError, KeyError):
        with open(path, "rb") as handle, _no_gc():
            value = pickle.load(handle)
        if isinstance(value, kind):
            return value
    value = compile_()
    with contextlib.suppress(OSError):  # a read-only home still gets a working lexicon
        write_bytes_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


@contextlib.contextmanager
def _no_gc():
    """Pause the cyclic garbage collector: unpickling ~10^5 containers triggers it over and
    over for nothing (none of them is garbage), doubling the load time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
