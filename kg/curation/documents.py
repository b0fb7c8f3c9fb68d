"""``kg add``: copy a document into the corpus, list it in ``documents.yaml`` and put the
extractor's candidates into its review file. Nothing here touches the statements."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg import paths
from kg.atomic import atomic_open, write_bytes_atomic
from kg.sources.corpus import _url as check_url
from kg.errors import KGError
from kg.sources.yamlio import read_utf8
from kg.curation.lock import curation_lock
from kg.curation.review import ReviewFile, review_path

TITLE_CHARS = 120
MAX_DOCUMENT_BYTES = 4 << 20  # a long web page is well under 1 MiB of text


@dataclass(frozen=True)
class Added:
    """What ``kg add`` did."""

    document: str
    new_document: bool
    review: Path
    proposed: int
    added: int
    tiers: dict[str, int]


def document_id(data: bytes) -> str:
    """The id of a document is derived from its bytes: adding it twice finds the first copy."""
    return "doc_" + hashlib.sha256(data).hexdigest()[:16]


def read_document(source: Path) -> tuple[bytes, str]:
    """The bytes and text of a document to add; refuses what is not UTF-8 plain text."""
    text = read_utf8(source, max_bytes=MAX_DOCUMENT_BYTES, what="document")
    if not text.strip():
        raise KGError("the document is empty", path=source)
    return text.encode("utf-8"), text  # valid UTF-8 round-trips to the same bytes


def default_title(text: str, source: Path) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= TITLE_CHARS else line[:TITLE_CHARS - 1] + "…"
    return source.stem


def add_document(source: Path, *, title: str | None = None, url: str | None = None,
                 kind: str = "document", language: str = "en",
                 candidates: list[dict[str, Any]] | None = None,
                 extractor: dict[str, str] | None = None,
                 about: list[str] | None = None) -> Added:
    """Add ``source`` to the corpus (once) and merge proposed candidates into its review file.

    ``candidates`` are given by a caller with its own proposals (``kg add --candidates``);
    otherwise :func:`kg.ingest.propose` makes them. Decided candidates and remembered
    rejections are never proposed again.
    """
    data, text = read_document(source)
    doc_id = document_id(data)
    meta_path = paths.corpus_dir() / "documents.yaml"
    if url is not None:
        check_url(url, Path("--url"), None)
    if candidates is None:
        candidates, extractor = _propose(text, doc_id)
    for candidate in candidates:
        candidate["document"] = doc_id
        if text[candidate["start"]:candidate["end"]] != candidate["quote"]:
            raise KGError(f"candidate {candidate['id']}: the text at {candidate['start']}:"
                          f"{candidate['end']} is not its quote {candidate['quote'][:40]!r}")
    with curation_lock():
        text_path = paths.corpus_dir() / f"{doc_id}.txt"
        new_document = not text_path.is_file()
        if new_document:
            entry = {"id": doc_id, "title": title or default_title(text, source), "kind": kind,
                     "language": language, "sha256": hashlib.sha256(data).hexdigest()}
            if url:
                entry["url"] = url
            entry["about"] = sorted(about) if about else about_drugs(candidates)
            if not entry["about"]:
                raise KGError("cannot tell which drug the document is about: give --about DRUG",
                              path=source)
            write_bytes_atomic(text_path, data)
            _append_entry(meta_path, entry)
        path = review_path(doc_id)
        review = ReviewFile.load(doc_id) if path.is_file() else \
            ReviewFile(document=doc_id, candidates=[], extractor=extractor)
        if extractor:
            review.extractor = extractor
        added = review.merge(candidates)
        review.save()
    tiers = Counter(c.get("tier") or "C" for c in review.undecided())
    return Added(document=doc_id, new_document=new_document, review=path,
                 proposed=len(candidates), added=added, tiers=dict(sorted(tiers.items())))


def _propose(text: str, doc_id: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The extractor's proposals (imported here: it is heavy and optional for the CLI)."""
    try:
        from kg import ingest
    except ImportError as exc:
        raise KGError(f"the extractor (kg.ingest) is not available: {exc}; give proposals "
                      "with --candidates FILE") from None
    from kg.sources.ontology import Ontology

    proposed = ingest.propose(text, doc_id, ontology=Ontology.load())
    return ([c.to_dict() for c in proposed],
            {"name": ingest.EXTRACTOR_NAME, "version": ingest.EXTRACTOR_VERSION})


def about_drugs(candidates: list[dict[str, Any]]) -> list[str]:
    """The drugs the candidates are about: known drugs and proposed new ones (a new drug's
    term exists once a person accepts it; until then ``kg validate`` names it as missing)."""
    from kg.sources.ontology import Ontology
    from kg.vocab import PKG

    ontology = Ontology.load()
    found = set()
    for candidate in candidates:
        name = candidate["subject"]
        term = ontology.term(name)
        new = candidate.get("new_term") or {}
        if term is not None and PKG.Drug in ontology.classes_of(term.iri):
            found.add(name)
        elif term is None and (new.get("id") != name or str(new.get("kind")).lower() == "drug"):
            found.add(name)  # a drug the ontology lacks, proposed as the subject
    return sorted(found)


def _entry_text(entry: dict[str, Any]) -> str:
    return yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=4096,
                          default_flow_style=None)


def _append_entry(meta_path: Path, entry: dict[str, Any]) -> None:
    text = meta_path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        text += "\n"
    with atomic_open(meta_path) as handle:
        handle.write(text + _entry_text(entry))


def add_about(document: str, drug: str) -> bool:
    """Put ``drug`` in the document's ``about`` list in ``documents.yaml`` (call under the
    curation lock); edits that one line, leaving the rest of the file as it was."""
    meta_path = paths.corpus_dir() / "documents.yaml"
    text = meta_path.read_text(encoding="utf-8")
    block = re.search(rf"(?m)^- id: {re.escape(document)}\n(?:  .*\n?)*", text)
    if block is None:
        raise KGError(f"document {document!r} is not listed", path=meta_path)
    about = re.search(r"(?m)^  about: \[(.*)\]$", block.group(0))
    if about is None:
        raise KGError(f"document {document!r} has no one-line 'about: [...]'", path=meta_path)
    drugs = [d.strip() for d in about.group(1).split(",") if d.strip()]
    if drug in drugs:
        return False
    start = block.start() + about.start()
    line = f"  about: [{', '.join(sorted(drugs + [drug]))}]"
    with atomic_open(meta_path) as handle:
        handle.write(text[:start] + line + text[block.start() + about.end():])
    return True
