"""Drugs taken together: what adds up, what the sources warn about, what they say of the mix.

For a set of drugs, :func:`regimen` reports

* **additive side effects** — effects stated as side effects of two or more of the drugs (the
  burden adds up: two sedating drugs sedate more), with the highest stated severity and quotes;
* **interactions and contraindications among them** — ``interactsWith``,
  ``contraindicatedWith`` and ``cautionIn`` statements from one drug of the set to another, or to
  a drug class another member belongs to (through ``hasDrugClass`` and subclass axioms);
* **what sources say about the combination** — statements whose subject is a drug combination
  made of members of the set (``pkg:hasComponent``), and statements about a member that a source
  makes in the context of combined use, each with its quote.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.analysis.edges import PKG_IRI, EdgeTable, Quote, local

INTERACTION_RELATIONS = ("interactsWith", "contraindicatedWith", "cautionIn")


@dataclass(frozen=True)
class AdditiveEffect:
    effect: str
    label: str
    drugs: tuple[str, ...]
    severity: str
    quotes: tuple[tuple[str, Quote], ...]

    def row(self) -> dict:
        return {"effect": self.label, "drugs": "; ".join(self.drugs), "count": len(self.drugs),
                "severity": self.severity,
                "quotes": " | ".join(f"[{d}] {q.quote}" for d, q in self.quotes)}


@dataclass(frozen=True)
class Warning:
    subject: str
    relation: str
    object: str
    via: str
    quotes: tuple[Quote, ...]

    def row(self) -> dict:
        return {"subject": self.subject, "relation": self.relation, "object": self.object,
                "via": self.via, "quotes": " | ".join(q.quote for q in self.quotes)}


@dataclass(frozen=True)
class CombinationStatement:
    subject: str
    relation: str
    object: str
    context: str
    quote: Quote

    def row(self) -> dict:
        return {"subject": self.subject, "relation": self.relation, "object": self.object,
                "context": self.context, "document": self.quote.document,
                "quote": self.quote.quote}


@dataclass
class Regimen:
    drugs: list[str]
    labels: list[str]
    additive: list[AdditiveEffect] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    combination: list[CombinationStatement] = field(default_factory=list)

    def sections(self) -> dict[str, list[dict]]:
        return {"additive_side_effects": [a.row() for a in self.additive],
                "interactions": [w.row() for w in self.warnings],
                "combination_statements": [c.row() for c in self.combination]}


def _ancestors(table: EdgeTable, iri: str) -> set[str]:
    seen, stack = {iri}, [iri]
    while stack:
        for parent in table.superclasses.get(stack.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return seen


def regimen(table: EdgeTable, drugs: list[str]) -> Regimen:
    """Analyse ``drugs`` (labels or names, two or more) taken together."""
    from kg.errors import KGError

    members = list(dict.fromkeys(table.resolve(d, "drug") for d in drugs))
    if len(members) < 2:
        raise KGError("a regimen needs at least two different drugs")
    labels = [table.label(m) for m in members]
    member_set = set(members)
    result = Regimen(drugs=members, labels=labels)

    # additive side effects
    holders: dict[str, dict[str, int]] = defaultdict(dict)
    for s, _p, o, _n, sev in table.rows(["hasSideEffect"]):
        if s in member_set:
            holders[o][s] = sev
    for effect, by_drug in holders.items():
        if len(by_drug) < 2:
            continue
        quotes = tuple((table.label(d), q) for d in sorted(by_drug, key=table.label)
                       for q in table.quotes_for(d, "hasSideEffect", effect) if not q.negated)
        result.additive.append(AdditiveEffect(
            effect=effect, label=table.label(effect),
            drugs=tuple(sorted((table.label(d) for d in by_drug), key=str.casefold)),
            severity={0: "", 1: "Common", 2: "Serious"}[max(by_drug.values())], quotes=quotes))
    result.additive.sort(key=lambda a: (-len(a.drugs), a.severity != "Serious", a.label.casefold()))

    # interactions among the members (directly or through a member's drug class)
    classes_of = {m: set() for m in members}
    for s, _p, o, _n, _sev in table.rows(["hasDrugClass"]):
        if s in member_set:
            classes_of[s] |= _ancestors(table, o)
    for s, p, o, _n, _sev in table.rows(list(INTERACTION_RELATIONS)):
        if s not in member_set and not (table.kind(s) == "combination"):
            continue
        for other in members:
            if other == s:
                continue
            via = ""
            if o == other:
                via = "direct"
            elif o in classes_of[other]:
                via = f"{table.label(other)} is a {table.label(o)}"
            else:
                continue
            if table.kind(s) == "combination" and not _components(table, s) <= member_set:
                continue
            quotes = tuple(q for q in table.quotes_for(s, p, o) if not q.negated)
            result.warnings.append(Warning(subject=table.label(s), relation=p,
                                           object=table.label(o), via=via, quotes=quotes))

    # what the sources say about the combination
    combos = [n for n in table.nodes if table.kind(n) == "combination"
              and _components(table, n) and _components(table, n) <= member_set]
    for combo in combos:
        for s, p, o, _n, _sev in table.rows():
            if s != combo or p == "hasComponent":
                continue
            for quote in table.quotes_for(s, p, o):
                result.combination.append(CombinationStatement(
                    subject=table.label(s), relation=p + (" (negated)" if quote.negated else ""),
                    object=table.label(o), context=quote.context, quote=quote))
    if table.quotes:
        for (s, p, o), quotes in table.quotes.items():
            if s not in member_set:
                continue
            for quote in quotes:
                if quote.context == "CombinedUseContext":
                    result.combination.append(CombinationStatement(
                        subject=table.label(s), relation=local(p), object=table.label(o),
                        context=quote.context, quote=quote))
    result.combination.sort(key=lambda c: (c.subject, c.relation, c.object, c.quote.document,
                                           c.quote.start or 0))
    return result


def _components(table: EdgeTable, combination: str) -> set[str]:
    return {o for s, _p, o, _n, _sev in table.rows(["hasComponent"]) if s == combination}


__all__ = ["regimen", "Regimen", "PKG_IRI"]
