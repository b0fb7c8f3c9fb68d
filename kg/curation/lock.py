"""One lock for every curation write, so two reviewers saving at once take turns.

A decision can touch several shared files (the document's review and statement files, the
added-terms ontology file, ``documents.yaml``), so the lock covers the whole resource folder.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from filelock import FileLock, Timeout

from kg import paths
from kg.errors import KGError

LOCK_TIMEOUT = 20.0  # seconds: a save takes milliseconds; a longer wait means a stuck process


@contextlib.contextmanager
def curation_lock(timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the curation lock; a KGError naming the lock file if it cannot be had in time."""
    folder = paths.resource_root() / "data" / "review"
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(".lock\n", encoding="utf-8")
    lock_path = folder / ".lock"
    lock = FileLock(str(lock_path), timeout=timeout, mode=0o666)
    try:
        lock.acquire()
    except Timeout:
        raise KGError(f"another reviewer has been saving for over {timeout:g} s; try again",
                      path=lock_path) from None
    try:
        yield
    finally:
        lock.release()
