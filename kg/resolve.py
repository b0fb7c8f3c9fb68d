"""Name resolution: from what people type to one ontology term.

A parameter value may be a label, a synonym (``skos:altLabel``), a brand name stated by a
source (``pkg:brandName``), the term's local name, a CURIE (``pkg:clonazepam``) or a full IRI.
Matching ignores case, spaces and punctuation ("GABA-A receptor" = "gabaa receptor").

1. An exact match wins; if it names several terms of the kind, the name is ambiguous.
2. Otherwise the single best fuzzy match over labels and synonyms is taken (and reported, so
   the CLI can say on stderr which term it picked), provided it is clearly better than the
   runner-up; otherwise the candidates are listed ("did you mean ...").

Labels come from the store itself (one small SPARQL query per kind), so resolving costs no
ontology parsing.

>>> from kg.store.oxigraph import OxigraphStore
>>> store = OxigraphStore.in_memory(b'''
... <https://w3id.org/pharmakg/ontology/clonazepam> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/pharmakg/ontology/Drug> <https://w3id.org/pharmakg/data/graph/ontology> .
... <https://w3id.org/pharmakg/ontology/clonazepam> <http://www.w3.org/2000/01/rdf-schema#label> "clonazepam"@en <https://w3id.org/pharmakg/data/graph/ontology> .
... <https://w3id.org/pharmakg/ontology/clonazepam> <http://www.w3.org/2004/02/skos/core#altLabel> "Klonopin"@en <https://w3id.org/pharmakg/data/graph/ontology> .
... ''')
>>> Resolver(store).resolve("KLONOPIN", "drug").curie
'pkg:clonazepam'
>>> Resolver(store).resolve("clonazepm", "drug").exact
False
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kg.errors import KGError
from kg.store.base import PKG_IRI, PREFIXES, Store, curie

#: Graph patterns selecting the terms of each kind (``?term``), over the explicit graphs.
KIND_PATTERNS: dict[str, str] = {
    "drug": "VALUES ?type { pkg:Drug pkg:DrugCombination } ?term a ?type .",
    "class": "?term rdfs:subClassOf* pkg:Drug .",
    "condition": "?term rdfs:subClassOf* pkg:Condition .",
    "effect": "?term rdfs:subClassOf* pkg:Effect .",
    "mechanism": "VALUES ?root { pkg:MechanismOfAction pkg:MolecularTarget } "
                 "?term rdfs:subClassOf* ?root .",
    "relation": "VALUES ?type { owl:ObjectProperty owl:DatatypeProperty } ?term a ?type . "
                "FILTER(STRSTARTS(STR(?term), STR(pkg:)))",
    "term": "FILTER(isIRI(?term))",
}

#: How each kind is called in messages.
KIND_NAMES: dict[str, str] = {
    "drug": "drug or drug combination", "class": "drug class", "condition": "condition",
    "effect": "effect", "mechanism": "mechanism of action or molecular target",
    "relation": "relation", "term": "term",
}

FUZZY_THRESHOLD = 0.78  # best score needed for a fuzzy pick
FUZZY_MARGIN = 0.06     # ... and how far ahead of the next term it must be
MAX_CANDIDATES = 6


def normalize(text: str) -> str:
    """Case-, accent-, space- and punctuation-insensitive key.

    >>> normalize("GABA-A Receptor"), normalize("  Elavil! ")
    ('gabaareceptor', 'elavil')
    """
    text = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in text if c.isalnum())


@dataclass(frozen=True)
class Candidate:
    iri: str
    label: str
    names: tuple[str, ...]

    @property
    def curie(self) -> str:
        return curie(self.iri)


@dataclass(frozen=True)
class Resolution:
    """The term a name resolved to; ``exact`` is False for a fuzzy pick."""

    iri: str
    label: str
    exact: bool
    matched: str

    @property
    def curie(self) -> str:
        return curie(self.iri)


class Resolver:
    """Resolves names against the labels in a store (cached per kind)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[str, list[Candidate]] = {}

    def candidates(self, kind: str) -> list[Candidate]:
        if kind not in KIND_PATTERNS:
            raise KGError(f"unknown kind of term {kind!r}; one of {', '.join(KIND_PATTERNS)}")
        if kind not in self._cache:
            sparql = ("SELECT ?term ?label ?name WHERE { " + KIND_PATTERNS[kind] +
                      " ?term rdfs:label ?label . "
                      "?term rdfs:label|skos:altLabel|pkg:brandName ?name . }")
            result = self.store.query(sparql)
            terms: dict[str, tuple[str, set[str]]] = {}
            for term, label, name in result.bindings:
                if term is None or term.type != "uri":
                    continue
                entry = terms.setdefault(term.value, (label.value, set()))
                entry[1].add(name.value)
                if label.value < entry[0]:  # several labels: keep one, deterministically
                    terms[term.value] = (label.value, entry[1])
            cands = []
            for iri, (label, names) in sorted(terms.items()):
                local = iri[len(PKG_IRI):] if iri.startswith(PKG_IRI) else None
                if local:
                    names.add(local)
                cands.append(Candidate(iri, label, tuple(sorted(names))))
            self._cache[kind] = cands
        return self._cache[kind]

    def resolve(self, text: str, kind: str = "term", *, param: str | None = None) -> Resolution:
        """The one term of ``kind`` that ``text`` names; KGError with candidates otherwise."""
        what = f"--param {param}" if param else KIND_NAMES.get(kind, kind)
        cands = self.candidates(kind)
        raw = text.strip()
        iri = _as_iri(raw)
        if iri is not None:
            for c in cands:
                if c.iri == iri:
                    return Resolution(c.iri, c.label, True, raw)
            # "pkg:Clonazepam" for pkg:clonazepam: names are case-insensitive, CURIEs too
            folded = [c for c in cands if c.iri.casefold() == iri.casefold()]
            if len(folded) == 1:
                return Resolution(folded[0].iri, folded[0].label, True, raw)
            raise KGError(f"{what}: {raw!r} is not a known {KIND_NAMES.get(kind, kind)}"
                          + _known(cands))
        key = normalize(raw)
        if not key:
            raise KGError(f"{what}: empty name")
        exact = [c for c in cands if any(normalize(n) == key for n in c.names)]
        if len(exact) == 1:
            return Resolution(exact[0].iri, exact[0].label, True, raw)
        if len(exact) > 1:
            raise KGError(f"{what}: {raw!r} is ambiguous; did you mean "
                          f"{_listing(exact)}? (give the CURIE to choose)")
        scored = sorted(((_score(key, c), c) for c in cands), key=lambda sc: (-sc[0], sc[1].iri))
        if scored:
            best_score, best = scored[0]
            runner_up = scored[1][0] if len(scored) > 1 else 0.0
            if best_score >= FUZZY_THRESHOLD and best_score - runner_up >= FUZZY_MARGIN:
                if kind == "drug":  # "nortriptyline" is not a typo of amitriptyline
                    _refuse_other_known_drug(what, raw, best)
                return Resolution(best.iri, best.label, False, raw)
        if kind == "drug":
            _refuse_other_known_drug(what, raw, None)
        close = [c for s, c in scored[:MAX_CANDIDATES] if s >= 0.5]
        if close:
            raise KGError(f"{what}: no {KIND_NAMES.get(kind, kind)} is called {raw!r}; "
                          f"did you mean {_listing(close)}?")
        raise KGError(f"{what}: no {KIND_NAMES.get(kind, kind)} is called {raw!r}"
                      + (_known(cands) or " (see `kg query --sparql` to browse labels)"))


class UncoveredDrugError(KGError):
    """The name is a drug the drug lexicon knows, but no document in the graph covers it: the
    answer is not "no such drug" but "add a document about it"."""

    def __init__(self, message: str, *, drug: str, typed: str) -> None:
        self.drug = drug
        self.typed = typed
        super().__init__(message)


def _refuse_other_known_drug(what: str, raw: str, picked: Candidate | None) -> None:
    """Raise :class:`UncoveredDrugError` if the drug lexicon knows ``raw`` as a drug other than
    ``picked`` (the graph's fuzzy pick, if any). Only reached when the graph has no exact match,
    so the lexicon is loaded on a miss, never on the normal path."""
    try:
        from kg.lexicons import load_drugs

        drugs = load_drugs()
    except (ImportError, OSError):  # without the lexicon: the graph's answer stands
        return
    entry = drugs.match(raw)
    if entry is None or not entry.is_drug:
        return
    if picked is not None and any(drugs.match(n) == entry for n in picked.names):
        return
    shown = entry.name if normalize(entry.name) == normalize(raw) else f"{entry.name} ({raw})"
    raise UncoveredDrugError(f"{what}: {shown} is a known drug but no document in this graph "
                             "covers it — add one with `kg add`", drug=entry.name, typed=raw)


def _as_iri(text: str) -> str | None:
    """The IRI a ``<IRI>``, ``http(s)://...`` or known-prefix CURIE spells, else None."""
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if re.match(r"^https?://", text):
        return text
    match = re.match(r"^([A-Za-z][\w.-]*):([\w.-]+)$", text)
    if match and match.group(1) in PREFIXES:
        return PREFIXES[match.group(1)] + match.group(2)
    return None


def _score(key: str, cand: Candidate) -> float:
    from difflib import SequenceMatcher

    best = 0.0
    for name in cand.names:
        other = normalize(name)
        if not other:
            continue
        score = SequenceMatcher(None, key, other, autojunk=False).ratio()
        if len(key) >= 3 and other.startswith(key):
            score = max(score, 0.8 + 0.2 * len(key) / len(other))
        best = max(best, score)
    return best


def _known(cands: list[Candidate], limit: int = 12) -> str:
    """``"; known ones: ..."`` when the kind is small enough to list, else empty."""
    if not cands or len(cands) > limit:
        return ""
    return "; known ones: " + _listing(cands)


def _listing(cands: list[Candidate]) -> str:
    return ", ".join(f"{c.label!r} ({c.curie})" for c in cands)
