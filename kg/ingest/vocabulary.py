"""The hand-curated clinical vocabulary (``vocabulary.yaml`` beside this module).

The big lexicons ``kg ingest`` consults (HPO, ICD-10-CM, the drug-name lexicon) name things the
way clinicians and coders do; consumer drug pages say "low sodium", "blood thinner", "heart
attack". This module reads the curated middle layer that bridges the two. It only loads and
checks the file; matching terms in text is the ingest engine's concern.

Every refusal is a :class:`KGError` naming the file, the line and the entry, because the file is
edited by hand and a curator must be able to jump to the mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError
from kg.sources.yamlio import MAX_YAML_BYTES, LineList, load_yaml, read_utf8

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: The kinds a term may have; they name the ontology classes the ingest engine files terms under.
KINDS = frozenset({"Effect", "Condition", "DrugClass", "MolecularTarget"})
#: Keys an entry may carry; anything else is most likely a typo ("synonym:") that would
#: otherwise be dropped silently.
ENTRY_KEYS = frozenset({"label", "kinds", "synonyms"})
#: Shipped inside the package so that an installed wheel finds it next to this module.
DEFAULT_PATH = Path(__file__).resolve().with_name("vocabulary.yaml")

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class VocabularyTerm:
    """One curated term: the name a curator records, what kind of thing it is, other names."""

    label: str
    kinds: frozenset[str]
    synonyms: tuple[str, ...]

    @property
    def surfaces(self) -> tuple[str, ...]:
        """The label and then every synonym: all the strings that name this term in text."""
        return (self.label, *self.synonyms)


def surface_key(text: str) -> str:
    """How two surfaces are compared: case-insensitively, runs of white space as one space, so
    "Low  Sodium" and "low sodium" count as the same name."""
    return _SPACES.sub(" ", text).strip().casefold()


def load_vocabulary(path: Path | None = None) -> tuple[VocabularyTerm, ...]:
    """The terms of ``path`` (default: the shipped vocabulary, parsed once per process)."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _load_default() -> tuple[VocabularyTerm, ...]:
    """The shipped file, parsed by libyaml (≈0.02 s instead of ≈0.4 s for the line-tracking
    parser on every cold ``kg ingest``) and checked the same way; only a file that fails a
    check is parsed again with line numbers, so its error still names the line."""
    try:
        text = read_utf8(DEFAULT_PATH, max_bytes=MAX_YAML_BYTES, what="YAML file")
        return _terms(yaml.load(text, Loader=_FAST_LOADER), DEFAULT_PATH)
    except (KGError, yaml.YAMLError):
        return _load(DEFAULT_PATH)


def _load(path: Path) -> tuple[VocabularyTerm, ...]:
    return _terms(load_yaml(path), path)


def _terms(data: Any, path: Path) -> tuple[VocabularyTerm, ...]:
    """The checked terms of a parsed file; lines are named when the parser kept them."""
    if not isinstance(data, dict) or set(data) != {"terms"}:
        raise KGError("a vocabulary file is a mapping with the single key 'terms'", path=path,
                      line=getattr(data, "line", None) or None)
    entries = data["terms"]
    if not isinstance(entries, list):
        raise KGError("'terms' must be a list of entries", path=path,
                      line=getattr(data, "key_lines", {}).get("terms"))
    lines = entries.item_lines if isinstance(entries, LineList) else [0] * len(entries)
    terms: list[VocabularyTerm] = []
    owner: dict[str, int] = {}  # surface key -> index of the entry that uses it
    for index, entry in enumerate(entries):
        line = lines[index]
        term = _parse_entry(entry, path, line, index)
        for surface in term.surfaces:
            first = owner.setdefault(surface_key(surface), index)
            if first != index:
                raise KGError(f"entry {term.label!r}: the name {surface!r} is already used by "
                              f"entry {terms[first].label!r} (line {lines[first]})",
                              path=path, line=line)
        repeated = len({surface_key(s) for s in term.surfaces}) < len(term.surfaces)
        if repeated:
            raise KGError(f"entry {term.label!r}: a name is repeated within the entry",
                          path=path, line=line)
        terms.append(term)
    return tuple(terms)


def _parse_entry(entry: Any, path: Path, line: int, index: int) -> VocabularyTerm:
    """One entry checked field by field; ``index`` names the entry while its label is unknown."""
    if not isinstance(entry, dict):
        raise KGError(f"entry #{index + 1}: expected a mapping with label, kinds, synonyms",
                      path=path, line=line)
    label = entry.get("label")
    if not isinstance(label, str) or not label.strip():
        raise KGError(f"entry #{index + 1}: 'label' must be a non-empty string",
                      path=path, line=line)
    name = f"entry {label!r}"
    unknown = sorted(set(entry) - ENTRY_KEYS)
    if unknown:
        raise KGError(f"{name}: unknown key(s) {', '.join(map(repr, unknown))} "
                      f"(allowed: {', '.join(sorted(ENTRY_KEYS))})",
                      path=path, line=getattr(entry, "key_lines", {}).get(unknown[0], line))
    kinds = _strings(entry.get("kinds"), f"{name}: 'kinds'", path, line, required=True)
    bad = sorted(set(kinds) - KINDS)
    if bad:
        raise KGError(f"{name}: unknown kind(s) {', '.join(map(repr, bad))} "
                      f"(allowed: {', '.join(sorted(KINDS))})", path=path, line=line)
    synonyms = _strings(entry.get("synonyms", []), f"{name}: 'synonyms'", path, line,
                        required=False)
    return VocabularyTerm(label=label, kinds=frozenset(kinds), synonyms=synonyms)


def _strings(value: Any, what: str, path: Path, line: int, *,
             required: bool) -> tuple[str, ...]:
    """A list of non-empty strings (non-empty itself when ``required``)."""
    if not isinstance(value, list) or (required and not value):
        need = "a non-empty list" if required else "a list"
        raise KGError(f"{what} must be {need} of strings", path=path, line=line)
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise KGError(f"{what}: {item!r} is not a non-empty string", path=path, line=line)
    return tuple(value)
