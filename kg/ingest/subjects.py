"""Which drug a unit speaks about.

Only about 40 % of curated quotes name their drug: the subject usually comes from the title or
the nearest header ("### Pregabalin"), so the document's own drugs are found first (title and
headers, else the most mentioned drug) and each unit inherits the nearest one unless it names
another of them itself.
"""

from __future__ import annotations

import re
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
        title: list[str] = []
        for i, unit in enumerate(units):
            for term in drugs_in(mentions[i]):
                infos[term.name] = term
                counts[term.name] += sum(1 for m in mentions[i] if m.term.name == term.name)
                if unit.kind == "header":
                    heading[term.name] += 1
            if unit.kind == "header" and not title:
                title = [t.name for t in drugs_in(mentions[i])]
        self.infos = infos
        # the page's drugs: those its title names ("Mirtazapine: what to know"), not every
        # drug a later question header names ("Can I drink alcohol on it?"); without such a
        # title, the drugs the headers name most
        self.main: tuple[str, ...] = tuple(title) if title else \
            tuple(sorted(heading, key=lambda n: (-heading[n], n)))
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


#: "Both drugs are approved for ...", "Neither drug should be ...", "With either one, ...": a
#: statement about every drug the page compares.
GROUP = re.compile(r"\b(?:both|either|neither)\s+(?:of\s+(?:them|these)|drugs?|medicines?|"
                   r"medications?|one)\b|\bwith either\b", re.I)
_CLAUSE_BREAK = re.compile(r"[;:]|\bwhile\b|\bwhereas\b|\bbut\b|,\s*(?:on the other hand|by "
                           r"contrast|in contrast)\b", re.I)


def clause_subject(text: str, start: int, pos: int, marks: list[tuple[int, int, TermInfo]],
                   end: int) -> TermInfo | None:
    """In a sentence naming several of the page's drugs, the one a fact at ``pos`` belongs to:
    the nearest drug named before it within its clause, else the nearest before it in the
    sentence, else the first named after it in its clause ("Escitalopram can cause weight
    gain; bupropion does not": weight gain is escitalopram's)."""
    before = [m for m in marks if start <= m[0] < pos]
    breaks = [b.end() for b in _CLAUSE_BREAK.finditer(text, start, pos)]
    clause_start = breaks[-1] if breaks else start
    in_clause = [m for m in before if m[0] >= clause_start]
    if in_clause:
        return in_clause[-1][2]
    following = _CLAUSE_BREAK.search(text, pos, end)
    clause_end = following.start() if following else end
    after = [m for m in marks if pos <= m[0] < clause_end]
    if after:
        return after[0][2]
    return before[-1][2] if before else None
