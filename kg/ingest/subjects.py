"""Which drug a unit speaks about.

Only about 40 % of curated quotes name their drug: the subject usually comes from the title or
the nearest header ("### Pregabalin"), so the document's own drugs are found first (title and
headers, else the most mentioned drug) and each unit inherits the nearest one unless it names
another of them itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from kg.ingest.cues import COMBINED
from kg.ingest.segment import Unit
from kg.ingest.terms import Mention, TermIndex, TermInfo


@dataclass(frozen=True)
class Subject:
    term: TermInfo
    components: tuple[str, ...] = ()


def drugs_in(mentions: list[Mention]) -> list[TermInfo]:
    seen: dict[str, TermInfo] = {}
    for mention in mentions:
        if "Drug" in mention.term.kinds or "DrugCombination" in mention.term.kinds:
            seen.setdefault(mention.term.name, mention.term)
    return list(seen.values())


class SubjectResolver:
    """Document drugs from title and headers; per-unit subject from the nearest header."""

    def __init__(self, units: list[Unit], mentions: dict[int, list[Mention]],
                 index: TermIndex) -> None:
        self.index = index
        counts: Counter[str] = Counter()
        heading: Counter[str] = Counter()
        infos: dict[str, TermInfo] = {}
        for i, unit in enumerate(units):
            for term in drugs_in(mentions[i]):
                infos[term.name] = term
                counts[term.name] += sum(1 for m in mentions[i] if m.term.name == term.name)
                if unit.kind == "header":
                    heading[term.name] += 1
        self.infos = infos
        self.main: tuple[str, ...] = tuple(sorted(heading, key=lambda n: (-heading[n], n)))
        if not self.main and counts:
            top = max(counts.values())
            self.main = tuple(n for n in sorted(counts) if counts[n] == top)[:1]
        self.main = tuple(n for n in self.main if "Drug" in infos[n].kinds or
                          "DrugCombination" in infos[n].kinds)
        self.header_subject: dict[str, Subject | None] = {}

    @property
    def found(self) -> bool:
        return bool(self.main)

    def _combination(self, names: list[str]) -> Subject | None:
        components = tuple(sorted(set(names)))
        for info in self.index.terms.values():
            if "DrugCombination" in info.kinds and set(info.components) == set(components):
                return Subject(info, components)
        name = "_".join(components)
        label = " + ".join(self.infos[n].label for n in components)
        info = TermInfo(name=name, label=label, kinds=frozenset({"DrugCombination"}), new=True)
        return Subject(info, components)

    def of_text(self, text: str, mentions: list[Mention]) -> Subject | None:
        """The subject a header or unit names by itself (a combination when it says so)."""
        names = [t.name for t in drugs_in(mentions) if t.name in self.main or
                 "DrugCombination" in t.kinds]
        combos = [n for n in names if "DrugCombination" in self.infos[n].kinds]
        if combos:
            return Subject(self.infos[combos[0]])
        singles = [n for n in names if "Drug" in self.infos[n].kinds]
        if len(set(singles)) >= 2 and ("+" in text or COMBINED.search(text)):
            return self._combination(singles)
        if len(set(singles)) == 1:
            return Subject(self.infos[singles[0]])
        return None

    def default(self) -> Subject | None:
        if not self.main:
            return None
        return Subject(self.infos[self.main[0]])
