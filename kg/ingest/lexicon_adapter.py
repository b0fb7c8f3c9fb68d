"""The bridge to ``kg.lexicons`` (drug, HPO phenotype and ICD-10-CM lexicons).

Lexicon matches become proposed new terms with cross-references (DrugBank, MeSH, HPO,
ICD-10-CM). The ontology's own terms always win an overlap: the adapter only fills the gaps.
Neurotransmitters tagged by the drug lexicon are skipped (they belong to mechanisms, not to
interactions). Each document is scanned once per lexicon; units then take their slice.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.ingest.laysigns import lay_phrases
from kg.ingest.newterms import camel_case, drug_name
from kg.ingest.terms import TermInfo


#: Lexicon names that are the genre's topic words, never a term of a statement.
_GENERIC = re.compile(r"(?:adverse|side|unwanted|undesirable|toxic) (?:effects?|reactions?|events?|"
                      r"drug reactions?)|(?:symptoms?|effects?|reactions?|signs?|complications?|"
                      r"disorders?|diseases?|conditions?|illness(?:es)?)")


def _inside_identifier(text: str, start: int, end: int) -> bool:
    """The match is part of a user name, file name or code ("frisium_fred", "nausea.png")."""
    before = text[start - 1:start] if start else ""
    after = text[end:end + 1]
    return before in ("_", "@", "/") or after in ("_",) or \
        bool(after == "." and re.match(r"\.[a-z]{2,4}\b", text[end:end + 5]))


@dataclass(frozen=True)
class LexHit:
    start: int
    end: int
    term: TermInfo
    source: str


def _surface_label(surface: str) -> str:
    return " ".join(w.lower() for w in surface.split())


class Lexicons:
    """The three lexicons behind one ``scan_document``."""

    def __init__(self, drugs: object, phenotypes: object, conditions: object) -> None:
        self.drugs = drugs
        self.phenotypes = phenotypes
        self.conditions = conditions

    def xrefs_of(self, label: str, kinds: frozenset[str]) -> tuple[str, ...]:
        """Cross-references of a term the lexicons name exactly so (a curated vocabulary
        term: "hyponatremia" -> its HPO and ICD-10-CM ids), whatever the page calls it."""
        found: list[str] = []
        if "Effect" in kinds or "Condition" in kinds:
            phenotype = self.phenotypes.match(label)  # type: ignore[attr-defined]
            if phenotype is not None:
                found.append(phenotype.id)
            condition = self.conditions.match(label)  # type: ignore[attr-defined]
            if condition is not None:
                found.append(f"ICD10CM:{condition.code}")
        if "DrugClass" in kinds:
            entry = self.drugs.match(label)  # type: ignore[attr-defined]
            if entry is not None and entry.mesh:
                found.append(f"MESH:{entry.mesh}")
        return tuple(found)

    def scan_document(self, text: str) -> list[LexHit]:
        hits: dict[tuple[int, int], LexHit] = {}
        for match in self.drugs.scan(text):  # type: ignore[attr-defined]
            entry = match.entry
            if _inside_identifier(text, match.start, match.end):
                continue  # "frisium_fred", a forum user name, names no drug
            if entry.kind in ("neurotransmitter",):
                continue
            xrefs = tuple(x for x in (f"DRUGBANK:{entry.drugbank}" if entry.drugbank else None,
                                      f"MESH:{entry.mesh}" if entry.mesh else None) if x)
            if entry.kind == "drug":
                # a generic written in lower case under another accepted name ("valproate",
                # "rifampin", "acetaminophen") keeps the page's name, the lexicon's canonical
                # one ("valproic acid") a synonym; a capitalised brand maps to its generic
                surface = _surface_label(match.surface)
                own = match.surface[:1].islower() and surface != entry.name.lower() and \
                    surface not in {b.lower() for b in entry.brands}
                label = surface if own else entry.name
                synonyms = (entry.name, *entry.brands) if own else tuple(entry.brands)
                info = TermInfo(name=drug_name(label), label=label, kinds=frozenset({"Drug"}),
                                xrefs=xrefs, synonyms=synonyms, new=True)
            else:
                label = _surface_label(match.surface)
                kind = "DrugClass" if entry.kind == "class" else "MolecularTarget"
                info = TermInfo(name=camel_case(label), label=label, kinds=frozenset({kind}),
                                xrefs=xrefs, new=True)
            hits[(match.start, match.end)] = LexHit(match.start, match.end, info, "drugs")
        clinical: dict[tuple[int, int], tuple[set[str], list[str], str, str]] = {}
        names: dict[tuple[int, int], str] = {}  # the HPO label of a phenotype hit
        for source, lexicon, kind in (("phenotypes", self.phenotypes, "Effect"),
                                      ("conditions", self.conditions, "Condition")):
            for match in lexicon.scan(text):  # type: ignore[attr-defined]
                key = (match.start, match.end)
                if _inside_identifier(text, match.start, match.end):
                    continue
                if any(a < match.end and match.start < b for a, b in hits):
                    continue
                kinds, xrefs, _, _ = clinical.setdefault(key, (set(), [], match.surface, source))
                kinds.add(kind)
                entry = match.entry
                xrefs.append(f"{entry.id}" if kind == "Effect" else f"ICD10CM:{entry.code}")
                if kind == "Effect":
                    names[key] = entry.label
        for start, end, hpo_label in lay_phrases(text):
            entry = self.phenotypes.match(hpo_label)  # type: ignore[attr-defined]
            if entry is None or any(a < end and start < b for a, b in [*hits, *clinical]):
                continue
            clinical[(start, end)] = ({"Effect"}, [entry.id], hpo_label, "phenotypes")
            names[(start, end)] = entry.label
        for (start, end), (kinds, xrefs, surface, source) in clinical.items():
            label = _surface_label(surface)
            if _GENERIC.fullmatch(label):
                continue  # "adverse effects" names the topic, not an effect
            hpo = names.get((start, end), "")
            # an HPO phenotype (or an ICD-10-CM disorder: "serotonin syndrome") is as often
            # what a drug treats as what it causes: the rules, not the lexicon, decide which
            # ("chronic pain", "urinary retention"); its HPO
            # label is a synonym, so a lay name ("sleepy") finds the ontology's term
            # ("drowsiness") and a new term carries the clinical name
            info = TermInfo(name=camel_case(label), label=label,
                            kinds=frozenset(kinds | {"Condition", "Effect"}), xrefs=tuple(xrefs),
                            synonyms=(hpo.lower(),) if hpo and hpo.lower() != label else (),
                            new=True)
            hits[(start, end)] = LexHit(start, end, info, source)
        return sorted(hits.values(), key=lambda h: (h.start, h.end))


@lru_cache(maxsize=1)
def load_lexicons() -> Lexicons | None:
    """The lexicons when ``kg.lexicons`` is installed, else None (ontology terms only)."""
    if importlib.util.find_spec("kg.lexicons") is None:
        return None
    from kg.lexicons import load_conditions, load_drugs, load_phenotypes

    return Lexicons(load_drugs(), load_phenotypes(), load_conditions())
