"""Central effects: terms shared by the most drugs, and effects on both sides of a drug's use.

``degree`` is the number of distinct drugs (and drug combinations) linked to a term by the given
relations — the term's degree in the drug–term bipartite graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.analysis.edges import EdgeTable, relation_name


@dataclass(frozen=True)
class CentralTerm:
    term: str
    label: str
    kind: str
    degree: int
    evidence: int
    drugs: tuple[str, ...]

    def row(self) -> dict:
        return {"term": self.term, "label": self.label, "kind": self.kind, "degree": self.degree,
                "evidence": self.evidence, "drugs": "; ".join(self.drugs)}


@dataclass(frozen=True)
class CrossEffect:
    """An effect that is a side effect of some drug and a withdrawal symptom of another."""

    effect: str
    label: str
    side_effect_of: tuple[str, ...]
    withdrawal_symptom_of: tuple[str, ...]

    def row(self) -> dict:
        return {"effect": self.effect, "label": self.label,
                "side_effect_of": "; ".join(self.side_effect_of),
                "withdrawal_symptom_of": "; ".join(self.withdrawal_symptom_of)}


def central_terms(table: EdgeTable, relations: Iterable[str] = ("side-effects",),
                  top: int | None = 20, include_combinations: bool = True) -> list[CentralTerm]:
    """Terms by bipartite degree (distinct drugs), descending; ties by label."""
    drugs: dict[str, set[str]] = defaultdict(set)
    evidence: dict[str, int] = defaultdict(int)
    for s, _p, o, n, _sev in table.rows([relation_name(r) for r in relations]):
        if not include_combinations and table.kind(s) == "combination":
            continue
        drugs[o].add(s)
        evidence[o] += n
    ranked = sorted(drugs, key=lambda t: (-len(drugs[t]), table.label(t).casefold(), t))
    if top:
        ranked = ranked[:top]
    return [CentralTerm(term=t, label=table.label(t), kind=table.kind(t), degree=len(drugs[t]),
                        evidence=evidence[t],
                        drugs=tuple(sorted((table.label(d) for d in drugs[t]), key=str.casefold)))
            for t in ranked]


def cross_effects(table: EdgeTable, first: str = "side-effects", second: str = "withdrawal",
                  different_drugs: bool = True) -> list[CrossEffect]:
    """Effects that are ``first`` (side effect) of one drug and ``second`` (withdrawal symptom)
    of another (of any drug when ``different_drugs`` is false). Ordered by how many drugs are
    involved, then label."""
    side: dict[str, set[str]] = defaultdict(set)
    withdrawal: dict[str, set[str]] = defaultdict(set)
    for s, _p, o, _n, _sev in table.rows([relation_name(first)]):
        side[o].add(s)
    for s, _p, o, _n, _sev in table.rows([relation_name(second)]):
        withdrawal[o].add(s)
    found = []
    for effect in set(side) & set(withdrawal):
        a, b = side[effect], withdrawal[effect]
        if different_drugs and not any(x != y for x in a for y in b):
            continue
        found.append(CrossEffect(
            effect=effect, label=table.label(effect),
            side_effect_of=tuple(sorted((table.label(d) for d in a), key=str.casefold)),
            withdrawal_symptom_of=tuple(sorted((table.label(d) for d in b), key=str.casefold))))
    return sorted(found, key=lambda c: (-(len(c.side_effect_of) + len(c.withdrawal_symptom_of)),
                                        c.label.casefold(), c.effect))
