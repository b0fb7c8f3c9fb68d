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
    #: what the caller should be told besides the answer (a wrong-kind name, a symptom name)
    note: str | None = None

    @property
    def curie(self) -> str:
        return curie(self.iri)


#: How each interface spells "the parameter NAME" in messages.
PARAM_STYLES: dict[str, str] = {"cli": "--param {}", "http": "?{}=", "python": "{}="}

#: Kinds a name of the wrong kind is looked up in (to say "dizziness is an effect").
_OTHER_KINDS = ("drug", "class", "condition", "effect", "mechanism")


def param_phrase(param: str | None, kind: str, interface: str = "cli") -> str:
    """How a message names the parameter: ``--param drug`` on the command line, ``?drug=``
    over HTTP, ``drug=`` in Python; the kind's name when there is no parameter."""
    if not param:
        return KIND_NAMES.get(kind, kind)
    return PARAM_STYLES.get(interface, PARAM_STYLES["cli"]).format(param)


def _article(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


class Resolver:
    """Resolves names against the labels in a store (cached per kind).

    Drug classes are also looked up in the reasoner's inferred graph, which carries the labels
    of the defined classes it fills (sedating drug ...), so ``class=sedating drug`` resolves
    once ``kg reason --save`` has run."""

    def __init__(self, store: Store | None = None, *,
                 candidates: dict[str, list[Candidate]] | None = None) -> None:
        """Over a store, or over ready ``candidates`` by kind (the analyses' edge tables)."""
        self.store = store
        self._cache: dict[str, list[Candidate]] = dict(candidates or {})

    def candidates(self, kind: str) -> list[Candidate]:
        if kind not in KIND_PATTERNS:
            raise KGError(f"unknown kind of term {kind!r}; one of {', '.join(KIND_PATTERNS)}")
        if kind not in self._cache:
            if self.store is None:
                return []
            sparql = ("SELECT ?term ?label ?name WHERE { " + KIND_PATTERNS[kind] +
                      " ?term rdfs:label ?label . "
                      "?term rdfs:label|skos:altLabel|pkg:brandName ?name . }")
            # a named store never changes: it keeps such answers beside it (kg.store.named)
            ask = getattr(self.store, "cached_select", None) or self.store.query
            result = ask(sparql, inferred=kind == "class")
            terms: dict[str, tuple[str, set[str]]] = {}
            for term, label, name in result.bindings:
                if term is None or term.type != "uri":
                    continue
                entry = terms.setdefault(term.value, (label.value, set()))
                entry[1].add(name.value)
                if label.value < entry[0]:  # several labels: keep one, deterministically
                    terms[term.value] = (label.value, entry[1])
            self._cache[kind] = make_candidates(terms)
        return self._cache[kind]

    def resolve(self, text: str, kind: str = "term", *, param: str | None = None,
                interface: str = "cli") -> Resolution:
        """The one term of ``kind`` that ``text`` names; KGError with candidates otherwise.

        A name of another kind ("dizziness" for a condition) is not fuzzily bent into this
        kind: a term of this kind whose name contains it is used (and said so), else the
        message says what the name is and which questions take it."""
        what = param_phrase(param, kind, interface)
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
            return Resolution(exact[0].iri, exact[0].label, True, raw,
                              note=self._symptom_note(exact[0], key, kind))
        if len(exact) > 1:
            raise KGError(f"{what}: {raw!r} is ambiguous; did you mean "
                          f"{_listing(exact)}? (give the CURIE to choose)")
        other = self._other_kind(key, kind)
        if other is not None:
            return self._wrong_kind(what, raw, key, kind, cands, *other)
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
        if kind == "class":
            _refuse_uninferred_defined_class(what, raw, key)
        close = [c for s, c in scored[:MAX_CANDIDATES] if s >= 0.5]
        if close:
            raise KGError(f"{what}: no {KIND_NAMES.get(kind, kind)} is called {raw!r}; "
                          f"did you mean {_listing(close)}?")
        raise KGError(f"{what}: no {KIND_NAMES.get(kind, kind)} is called {raw!r}"
                      + (_known(cands) or " (see `kg query --sparql` to browse labels)"))

    def kinds_of(self, text: str) -> list[str]:
        """The kinds (drug, class, condition, effect, mechanism) a name exactly names."""
        key = normalize(text)
        return [k for k in _OTHER_KINDS
                if any(normalize(n) == key for c in self.candidates(k) for n in c.names)]

    def _other_kind(self, key: str, kind: str) -> tuple[str, Candidate] | None:
        if kind not in _OTHER_KINDS:
            return None
        for other in _OTHER_KINDS:
            if other == kind:
                continue
            hit = [c for c in self.candidates(other) if any(normalize(n) == key for n in c.names)]
            if hit:
                return other, hit[0]
        return None

    def _wrong_kind(self, what: str, raw: str, key: str, kind: str, cands: list[Candidate],
                    other: str, term: Candidate) -> Resolution:
        """``raw`` names a term of kind ``other``: use the one term of ``kind`` whose name
        contains it, or say what it is and which questions take it."""
        is_what = (f"{term.label!r} ({term.curie}) is {_article(KIND_NAMES.get(other, other))}, "
                   f"not {_article(KIND_NAMES.get(kind, kind))}")
        containing = [c for c in cands if any(key in normalize(n) for n in c.names)]
        if len(containing) == 1:
            c = containing[0]
            return Resolution(c.iri, c.label, False, raw,
                              note=f"{is_what}; using the {KIND_NAMES.get(kind, kind)} "
                                   f"{c.label} ({c.curie}), whose name contains it")
        hint = (f"did you mean {_listing(containing[:MAX_CANDIDATES])}"
                if containing else "")
        asks = questions_taking(other)
        if asks:
            hint += ("; or " if hint else "did you mean ") + " or ".join(asks)
        raise KGError(f"{what}: {is_what}" + (f"; {hint}?" if hint else ""))

    def _symptom_note(self, cand: Candidate, key: str, kind: str) -> str | None:
        """For a condition that is also an effect (anxiety: a symptom as well), the disorders
        named after it, which the symptom's narrower terms do not include."""
        if kind != "condition":
            return None
        effects = {c.iri for c in self.candidates("effect")}
        if cand.iri not in effects:
            return None
        named = [c for c in self.candidates("condition")
                 if c.iri not in effects and c.iri != cand.iri
                 and any(key in normalize(n) for n in c.names)]
        if not named:
            return None
        return (f"{cand.label} ({cand.curie}) names a symptom as well as a condition; drugs for "
                f"the disorders named after it are not included — ask for "
                + " or ".join(f"{c.label!r}" for c in named[:MAX_CANDIDATES]) + " too")


def make_candidates(terms: dict[str, tuple[str, set[str]]]) -> list[Candidate]:
    """Candidates from ``iri → (label, names)``, sorted, with each pkg: local name as a name."""
    cands = []
    for iri, (label, names) in sorted(terms.items()):
        names = set(names)
        local = iri[len(PKG_IRI):] if iri.startswith(PKG_IRI) else None
        if local:
            names.add(local)
        cands.append(Candidate(iri, label, tuple(sorted(names))))
    return cands


def questions_taking(kind: str) -> list[str]:
    """Named questions with a parameter of ``kind``, as ``name (param=...)``."""
    from kg.query.named import load_queries

    try:
        queries = load_queries()
    except KGError:
        return []
    return [f"{q.name} ({p.name}=...)" for q in queries.values() for p in q.params
            if p.kind == kind and q.params.index(p) == 0 and p.required]


def _refuse_uninferred_defined_class(what: str, raw: str, key: str) -> None:
    """A defined class (sedating drug ...) of the reasoning module that the store has no
    labels for: its members exist only after ``kg reason --save``."""
    try:
        import pyoxigraph as ox

        from kg.reasoning.hermit import defined_module_file

        path = defined_module_file()
        quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        names = {"http://www.w3.org/2000/01/rdf-schema#label",
                 "http://www.w3.org/2004/02/skos/core#altLabel"}
        for q in quads:
            if q.predicate.value in names and normalize(q.object.value) == key:
                label = curie(q.subject.value)
                raise KGError(f"{what}: {raw!r} ({label}) is a defined class whose members the "
                              "reasoner infers: run `kg reason --save`, then ask with --inferred")
    except (ImportError, OSError, SyntaxError):
        return


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
