"""The source documents and their metadata (``data/corpus``)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg import paths
from kg.errors import KGError, KGErrors
from kg.sources.yamlio import load_yaml, read_utf8

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


#: Largest source document read (the shipped ones are under 10 kB).
MAX_DOCUMENT_BYTES = 4 << 20
#: A well-formed BCP 47 language tag (RFC 5646 ``langtag`` or private use), any case.
BCP47 = re.compile(r"""(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})   # language
                       (?:-[a-z]{4})?                                        # script
                       (?:-(?:[a-z]{2}|[0-9]{3}))?                           # region
                       (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*              # variants
                       (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*                  # extensions
                       (?:-x(?:-[a-z0-9]{1,8})+)?                            # private use
                     |x(?:-[a-z0-9]{1,8})+""", re.IGNORECASE | re.VERBOSE)
#: What each metadata field must be: (check, what to write instead). Ids become file names and
#: IRIs, ``about`` entries ontology term names, so both are limited to safe characters.
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
_TERM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,127}")
_FIELD_RULES = {
    "id": (lambda v: isinstance(v, str) and _SAFE_ID.fullmatch(v) is not None,
           "a file name stem of letters, digits, '_', '-', '.'"),
    "title": (lambda v: isinstance(v, str) and 0 < len(v.strip()) and len(v) <= 500,
              "text of 1 to 500 characters"),
    "kind": (lambda v: isinstance(v, str) and 0 < len(v.strip()) and len(v) <= 100,
             "text of 1 to 100 characters"),
    "language": (lambda v: isinstance(v, str) and len(v) <= 35 and BCP47.fullmatch(v) is not None,
                 "a BCP 47 language tag such as en or pt-BR (quote it: 'no' reads as false)"),
    "sha256": (lambda v: isinstance(v, str) and re.fullmatch("[0-9a-f]{64}", v) is not None,
               "64 lowercase hex digits"),
    "about": (lambda v: isinstance(v, list) and 0 < len(v) and
              all(isinstance(a, str) and _TERM_NAME.fullmatch(a) for a in v),
              "a list of drug term names, e.g. [amitriptyline]"),
}


def _check_fields(entry: dict, meta_path: Path, line: int | None) -> None:
    """Refuse the first field of the wrong type or shape, at its own line."""
    lines = getattr(entry, "key_lines", {})
    for key, (ok, expected) in _FIELD_RULES.items():
        if not ok(entry[key]):
            shown = repr(entry[key])
            raise KGError(f"{key} must be {expected}, got "
                          f"{shown if len(shown) <= 60 else shown[:57] + '...'}",
                          path=meta_path, line=lines.get(key, line))


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
        raise KGError("expected a mapping with a 'documents' list", path=meta_path,
                      line=getattr(meta, "key_lines", {}).get("documents", 1))
    documents: dict[str, Document] = {}
    entries = meta["documents"]
    for entry, item_line in zip(entries, getattr(entries, "item_lines", [None] * len(entries))):
        line = getattr(entry, "line", item_line)
        if not isinstance(entry, dict):
            raise KGError("each document must be a mapping", path=meta_path, line=line)
        unknown = sorted(set(entry) - set(DOCUMENT_FIELDS) - set(OPTIONAL_DOCUMENT_FIELDS))
        missing = [f for f in DOCUMENT_FIELDS if f not in entry]
        if unknown:
            raise KGError(f"unknown field(s) {', '.join(unknown)}", path=meta_path, line=line)
        if missing:
            raise KGError(f"missing field(s) {', '.join(missing)}", path=meta_path, line=line)
        _check_fields(entry, meta_path, line)
        doc_id = entry["id"]
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
        text = read_utf8(text_path, max_bytes=MAX_DOCUMENT_BYTES, what="document")
        if not text.strip():
            raise KGError("document is empty: it cannot support any statement", path=text_path)
        documents[doc_id] = Document(
            id=doc_id, title=str(entry["title"]), kind=str(entry["kind"]),
            language=str(entry["language"]), sha256=digest,
            about=tuple(entry["about"]), text=text, path=text_path,
            url=_url(entry.get("url"), meta_path, line))
    texts = {p.stem for p in corpus_dir.glob("*.txt")}
    unlisted = sorted(texts - set(documents))
    if unlisted:
        raise KGErrors([KGError(f"text file without an entry in {meta_path}", path=corpus_dir /
                                f"{stem}.txt") for stem in unlisted])
    return dict(sorted(documents.items()))
