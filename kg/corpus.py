"""The source documents and their metadata (``data/corpus``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kg import paths
from kg.errors import KGError
from kg.yamlio import load_yaml

DOCUMENT_FIELDS = ("id", "title", "kind", "language", "sha256", "about")
#: Fields a document may have: ``url`` is where it was found (``kg add --url``).
OPTIONAL_DOCUMENT_FIELDS = ("url",)


@dataclass(frozen=True)
class Document:
    """One source document: its verified text and curated metadata."""

    id: str
    title: str
    kind: str
    language: str
    sha256: str
    about: tuple[str, ...]
    text: str = field(repr=False)
    path: Path = field(repr=False)
    url: str | None = None


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _url(value: object, meta_path: Path, line: int | None) -> str | None:
    """An http(s) URL as written, or None; anything else is refused (it becomes an IRI)."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.startswith(("http://", "https://")) or \
            any(c.isspace() or c in '<>"{}|\\^`' for c in value):
        raise KGError(f"url must be an http(s) URL without spaces, got {value!r}",
                      path=meta_path, line=line)
    return value


def load_corpus(corpus_dir: Path | None = None) -> dict[str, Document]:
    """Read ``documents.yaml`` and every text it names, refusing any mismatch with the files."""
    corpus_dir = corpus_dir or paths.corpus_dir()
    meta_path = corpus_dir / "documents.yaml"
    meta = load_yaml(meta_path)
    if not isinstance(meta, dict) or not isinstance(meta.get("documents"), list):
        raise KGError("expected a mapping with a 'documents' list", path=meta_path, line=1)
    documents: dict[str, Document] = {}
    for entry in meta["documents"]:
        line = getattr(entry, "line", None)
        if not isinstance(entry, dict):
            raise KGError("each document must be a mapping", path=meta_path, line=line)
        unknown = sorted(set(entry) - set(DOCUMENT_FIELDS) - set(OPTIONAL_DOCUMENT_FIELDS))
        missing = [f for f in DOCUMENT_FIELDS if f not in entry]
        if unknown:
            raise KGError(f"unknown field(s) {', '.join(unknown)}", path=meta_path, line=line)
        if missing:
            raise KGError(f"missing field(s) {', '.join(missing)}", path=meta_path, line=line)
        doc_id = str(entry["id"])
        if doc_id in documents:
            raise KGError(f"document {doc_id!r} listed twice", path=meta_path, line=line)
        text_path = corpus_dir / f"{doc_id}.txt"
        if not text_path.is_file():
            raise KGError(f"no text file {text_path.name} for document {doc_id!r}",
                          path=meta_path, line=line)
        digest = sha256_of(text_path)
        if digest != entry["sha256"]:
            raise KGError(f"sha256 of {text_path.name} is {digest}, metadata says {entry['sha256']}"
                          " (was the document edited?)", path=meta_path, line=line)
        documents[doc_id] = Document(
            id=doc_id, title=str(entry["title"]), kind=str(entry["kind"]),
            language=str(entry["language"]), sha256=digest,
            about=tuple(str(a) for a in entry["about"]),
            text=text_path.read_text(encoding="utf-8"), path=text_path,
            url=_url(entry.get("url"), meta_path, line))
    texts = {p.stem for p in corpus_dir.glob("*.txt")}
    unlisted = sorted(texts - set(documents))
    if unlisted:
        raise KGError(f"text file(s) without metadata: {', '.join(unlisted)}", path=meta_path)
    return dict(sorted(documents.items()))
