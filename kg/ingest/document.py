"""Read a document to ingest, refusing what is not a UTF-8 text page.

Bad input is a user mistake: a binary, empty, non-UTF-8 or oversized file, or a directory, is a
:class:`KGError` naming the file (and line/column for a decoding error), never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import KGError

MAX_BYTES = 5 * 1024 * 1024


def read_document(path: Path) -> str:
    """The decoded text of ``path`` (UTF-8, BOM kept so offsets match the file's code points)."""
    if path.is_dir():
        raise KGError("is a directory, not a document", path=path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise KGError(f"cannot read: {exc.strerror or exc}", path=path) from None
    if size > MAX_BYTES:
        raise KGError(f"too large to ingest ({size} bytes; the limit is {MAX_BYTES})", path=path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KGError(f"cannot read: {exc.strerror or exc}", path=path) from None
    return decode_document(data, path)


def decode_document(data: bytes, path: Path | str) -> str:
    """Decode bytes as a text page or raise a located KGError."""
    if b"\x00" in data:
        raise KGError("binary file (contains NUL bytes), not a text document", path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise KGError(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", path=path, line=line,
                      column=column) from None
    if not text.strip():
        raise KGError("empty document", path=path)
    return text
