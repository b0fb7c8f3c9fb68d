"""Review files (``data/review/<doc>.yaml``): the candidates an extractor proposed for one
document and the decision taken on each, saved as each decision is made.

The build never reads this folder; it is the curator's worklist and the memory of rejections
(a rejected candidate is not proposed again when the extraction is re-run).

Layout::

    document: <doc-id>
    extractor: {name: ..., version: ...}
    candidates:            # as proposed, never rewritten by a decision
    - id: ...              # plus the kg.ingest Candidate fields
    decisions:
      <candidate id>: {decision: accepted|edited|rejected, reviewer: ..., at: ..., ...}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg import paths
from kg.atomic import atomic_open
from kg.errors import KGError
from kg.sources.yamlio import load_yaml

CANDIDATE_KEYS = ("id", "document", "subject", "subject_label", "relation", "object",
                  "object_label", "new_term", "quote", "start", "end", "confidence", "tier",
                  "severity", "context", "population", "frequency", "negated", "dose",
                  "quantity", "extractor")
REQUIRED_KEYS = ("id", "subject", "relation", "quote", "start", "end")
DECISIONS = ("accepted", "edited", "rejected")
TIERS = ("A", "B", "C")


class _PlainDumper(yaml.SafeDumper):
    """Writes a shared value out in full each time: curated files refuse YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any) -> str:
    """YAML as curators read it: keys in the given order, no aliases, long lines kept whole."""
    return yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True,
                     width=4096)


def review_dir() -> Path:
    return paths.resource_root() / "data" / "review"


def review_path(document_id: str) -> Path:
    return review_dir() / f"{document_id}.yaml"


def memory_key(candidate: dict[str, Any]) -> tuple:
    """What a rejection is remembered by besides the candidate id: the claim and its quote, so
    a new extractor version that hashes candidates differently still does not re-propose it."""
    return (candidate.get("subject"), candidate.get("relation"), str(candidate.get("object")),
            candidate.get("quote"))


@dataclass
class ReviewFile:
    """One document's candidates and decisions."""

    document: str
    candidates: list[dict[str, Any]]
    decisions: dict[str, dict[str, Any]] = field(default_factory=dict)
    extractor: dict[str, str] | None = None
    path: Path | None = None

    @classmethod
    def load(cls, document_id: str) -> ReviewFile:
        path = review_path(document_id)
        if not path.is_file():
            raise KGError(f"no review file for document {document_id!r} (run kg add first)",
                          path=path)
        data = load_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("candidates"), list):
            raise KGError("a review file is a mapping with 'document' and a 'candidates' list",
                          path=path, line=1)
        if data.get("document") != document_id:
            raise KGError(f"review file names document {data.get('document')!r}, expected "
                          f"{document_id!r}", path=path, line=1)
        candidates = [_check_candidate(c, path) for c in data["candidates"]]
        decisions = data.get("decisions") or {}
        if not isinstance(decisions, dict) or any(
                not isinstance(d, dict) or d.get("decision") not in DECISIONS
                for d in decisions.values()):
            raise KGError("'decisions' must map candidate ids to {decision: accepted|edited|"
                          "rejected, ...}", path=path,
                          line=getattr(data, "key_lines", {}).get("decisions", 1))
        return cls(document=document_id, candidates=candidates,
                   decisions={str(k): _plain(v) for k, v in decisions.items()},
                   extractor=_plain(data.get("extractor")), path=path)

    def candidate(self, candidate_id: str) -> dict[str, Any]:
        for candidate in self.candidates:
            if candidate["id"] == candidate_id:
                return candidate
        raise KGError(f"no candidate {candidate_id!r} in the review of {self.document}",
                      path=self.path)

    def undecided(self, tiers: tuple[str, ...] = TIERS) -> list[dict[str, Any]]:
        return [c for c in self.candidates
                if c["id"] not in self.decisions and (c.get("tier") or "C") in tiers]

    def rejected_keys(self) -> set[tuple]:
        return {memory_key(c) for c in self.candidates
                if self.decisions.get(c["id"], {}).get("decision") == "rejected"}

    def merge(self, proposed: list[dict[str, Any]]) -> int:
        """Add newly proposed candidates, skipping decided ones and remembered rejections;
        returns how many were added."""
        known = {c["id"] for c in self.candidates}
        rejected = self.rejected_keys()
        added = 0
        for candidate in proposed:
            if candidate["id"] in known or memory_key(candidate) in rejected:
                continue
            self.candidates.append(candidate)
            known.add(candidate["id"])
            added += 1
        self.candidates.sort(key=lambda c: (c["start"], c["end"], c["id"]))
        return added

    def text(self) -> str:
        data: dict[str, Any] = {"document": self.document}
        if self.extractor:
            data["extractor"] = self.extractor
        data["candidates"] = self.candidates
        data["decisions"] = dict(sorted(self.decisions.items()))
        return dump_yaml(data)

    def save(self) -> Path:
        """Write the whole file atomically (call under :func:`kg.curation.lock.curation_lock`)."""
        path = self.path or review_path(self.document)
        with atomic_open(path) as handle:
            handle.write(self.text())
        self.path = path
        return path


def _plain(value: Any) -> Any:
    """LineDict/list subclasses from the YAML reader as plain dicts and lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _check_candidate(raw: Any, path: Path) -> dict[str, Any]:
    line = getattr(raw, "line", None)
    if not isinstance(raw, dict):
        raise KGError("each candidate must be a mapping", path=path, line=line)
    missing = [k for k in REQUIRED_KEYS if raw.get(k) in (None, "")]
    if missing:
        raise KGError(f"candidate misses {', '.join(missing)}", path=path, line=line)
    unknown = sorted(set(raw) - set(CANDIDATE_KEYS))
    if unknown:
        raise KGError(f"unknown candidate field(s) {', '.join(unknown)}", path=path, line=line)
    if not all(isinstance(raw[k], int) and not isinstance(raw[k], bool) for k in ("start", "end")):
        raise KGError("start and end must be whole numbers", path=path, line=line)
    if raw.get("tier") is not None and raw["tier"] not in TIERS:
        raise KGError(f"tier must be one of {', '.join(TIERS)}", path=path, line=line)
    candidate = _plain(raw)
    candidate["id"] = str(candidate["id"])
    return candidate


def load_candidates(path: Path) -> list[dict[str, Any]]:
    """Candidates from a file (a list, or a review file's ``candidates``), checked."""
    data = load_yaml(path)
    if isinstance(data, dict):
        data = data.get("candidates")
    if not isinstance(data, list):
        raise KGError("expected a list of candidates (or a mapping with 'candidates')",
                      path=path, line=1)
    return [_check_candidate(c, path) for c in data]
