"""Term matching: find ontology terms (and lexicon entries) in text, with exact offsets.

The ontology's own labels and synonyms come first because they are what curators already
accepted; matching is on word tokens with a light plural folding so "seizures" finds
``Seizure``. Acronyms (``GAD``, ``IV``) match only in capitals, and very short lower-case
synonyms are dropped, because in consumer prose they are ordinary words ("fit", "net").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.sources.ontology import Ontology
from kg.vocab import PKG

_TOKEN = re.compile(r"[A-Za-z0-9]+")
#: The top-level kinds a term can have, most specific question first.
KIND_CLASSES = (("DrugCombination", PKG.DrugCombination), ("Condition", PKG.Condition),
                ("Effect", PKG.Effect), ("MolecularTarget", PKG.MolecularTarget),
                ("Mechanism", PKG.MechanismOfAction),
                ("WithdrawalManagement", PKG.WithdrawalManagement), ("Route", PKG.Route),
                ("Population", PKG.Population))
#: Schema classes and grouping terms that are never the object of a document's statement.
SCHEMA_TERMS = frozenset({
    "Drug", "DrugCombination", "DrugClass", "Condition", "Effect", "MolecularTarget",
    "MechanismOfAction", "WithdrawalManagement", "DoseRange", "QuantityValue", "Route",
    "Population", "Severity", "StatementContext", "Document", "Evidence", "Common", "Serious",
    "WithdrawalContext", "CombinedUseContext", "DependencySign", "MentalDisorder",
    "NeuropsychiatricEffect", "NeurologicalEffect", "CardiovascularEffect",
    "GastrointestinalEffect", "MetabolicEffect", "VisualEffect", "MusculoskeletalEffect",
    "ImmuneEffect", "MonoamineTransporter"})


def fold(token: str) -> str:
    """Lower-case and fold a regular plural, so label and text tokens compare equal."""
    low = token.lower()
    if len(low) > 4 and low.endswith("ies"):
        return low[:-3] + "y"
    if len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return low[:-1]
    return low


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Word tokens of ``text[start:end]`` as (start, end, folded form)."""
    end = len(text) if end is None else end
    return [(m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(text, start, end)]


@dataclass(frozen=True)
class TermInfo:
    """What matching needs to know about one term: its name, label and kinds."""

    name: str
    label: str
    kinds: frozenset[str]
    parents: frozenset[str] = frozenset()
    xrefs: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    new: bool = False


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    term: TermInfo
    source: str  # "ontology" or a lexicon name


@dataclass
class TermIndex:
    """Surface forms (as folded token tuples) to terms; longest match wins."""

    terms: dict[str, TermInfo] = field(default_factory=dict)
    surfaces: dict[tuple[str, ...], str] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    longest: int = 1

    def add(self, info: TermInfo, names: Iterable[str]) -> None:
        self.terms[info.name] = info
        for surface in names:
            stripped = surface.strip()
            if not stripped:
                continue
            if _is_acronym(stripped):
                self.acronyms.setdefault(stripped, info.name)
                continue
            key = tuple(t for _, _, t in tokens(stripped))
            if not key or (len(key) == 1 and len(key[0]) <= 3):
                continue
            self.surfaces.setdefault(key, info.name)
            self.longest = max(self.longest, len(key))

    def scan(self, text: str, start: int, end: int) -> list[Mention]:
        """Longest non-overlapping matches inside ``text[start:end]``."""
        toks = tokens(text, start, end)
        found: list[Mention] = []
        i = 0
        while i < len(toks):
            hit = None
            for n in range(min(self.longest, len(toks) - i), 0, -1):
                name = self.surfaces.get(tuple(t for _, _, t in toks[i:i + n]))
                if name is not None and _contiguous(text, toks[i:i + n]):
                    hit = (n, name)
                    break
            if hit is None:
                raw = text[toks[i][0]:toks[i][1]]
                name = self.acronyms.get(raw)
                if name is None and raw.endswith("s") and len(raw) > 3:
                    name = self.acronyms.get(raw[:-1])  # "SSRIs", "MAOIs", "NSAIDs"
                hit = (1, name) if name is not None else None
            if hit is None:
                i += 1
                continue
            n, name = hit
            info = self.terms[name]
            found.append(Mention(toks[i][0], toks[i + n - 1][1], info,
                                 "vocabulary" if info.new else "ontology"))
            i += n
        return found

    def by_label(self, label: str) -> TermInfo | None:
        key = tuple(t for _, _, t in tokens(label))
        name = self.surfaces.get(key)
        return self.terms[name] if name else None


def _is_acronym(surface: str) -> bool:
    return bool(re.fullmatch(r"[A-Z0-9][A-Za-z0-9]{1,5}", surface)) and \
        sum(c.isupper() for c in surface) >= 2


def _contiguous(text: str, toks: list[tuple[int, int, str]]) -> bool:
    """Tokens of one phrase: separated only by spaces, hyphens or slashes, not punctuation."""
    return all(re.fullmatch(r"[ \t\-/()]{0,3}|['’]", text[a[1]:b[0]]) is not None
               for a, b in zip(toks, toks[1:]))


def kinds_of(ontology: Ontology, name: str) -> frozenset[str]:
    """Top-level kinds (Drug, DrugClass, Condition, Effect, ...) of an ontology term."""
    term = ontology.terms[name]
    above = ontology.superclasses(term.iri) if term.is_class else ontology.classes_of(term.iri)
    kinds = {label for label, cls in KIND_CLASSES if cls in above}
    if PKG.Drug in above:
        kinds.add("DrugClass" if term.is_class else "Drug")
    return frozenset(kinds)


def ontology_index(ontology: Ontology, exclude: frozenset[str] = frozenset()) -> TermIndex:
    """An index of every ontology term a statement can name, minus ``exclude``."""
    index = TermIndex()
    for name, term in ontology.terms.items():
        if term.is_property or name in SCHEMA_TERMS or name in exclude:
            continue
        kinds = kinds_of(ontology, name)
        if not kinds:
            continue
        parents = frozenset(str(p).rsplit("/", 1)[-1] for p in ontology.superclasses(term.iri)
                            if p != term.iri) if term.is_class else frozenset()
        label = term.label or name
        components = tuple(sorted(str(c).rsplit("/", 1)[-1] for c in
                                  ontology.graph.objects(term.iri, PKG.hasComponent)))
        info = TermInfo(name=name, label=label, kinds=kinds, parents=parents,
                        synonyms=term.alt_labels, components=components)
        index.add(info, (label, *term.alt_labels))
    return index

