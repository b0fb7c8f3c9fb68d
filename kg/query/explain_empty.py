"""Why an answer is empty: a sentence derived from the graph, never a guess.

An empty table reads as "nothing to know", and for safety questions as "safe". This module
asks the graph what it *does* hold around the question — the documents about a drug and what
they state, how a term is used, which documents mention two drugs together — with the small
queries in ``queries/why/`` (values bound as RDF terms like every named query) and words the
answer: "clonazepam has 1 recorded side effect (cognitive impairment), from the documents
about it: 'Klonopin (Clonazepam) Withdrawal Symptoms', 'Klonopin Withdrawal'".

>>> from kg.api import KnowledgeGraph
>>> kg = KnowledgeGraph.from_resources("tests/fixtures/mini")
>>> print(kg.query("withdrawal-symptoms", drug="Brandix").explanation)
drugzepam has no recorded withdrawal symptoms; the documents about drugzepam are ...
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from kg import paths
from kg.query.named import NamedQuery, load_query_file
from kg.store.base import PKG_IRI, Result, Store, Term

#: What a relation's objects are called in a sentence (singular, plural).
NOUNS: dict[str, tuple[str, str]] = {
    "hasSideEffect": ("side effect", "side effects"),
    "hasWithdrawalSymptom": ("withdrawal symptom", "withdrawal symptoms"),
    "hasDoseRange": ("dose range", "dose ranges"),
    "interactsWith": ("interaction", "interactions"),
    "contraindicatedWith": ("contraindication", "contraindications"),
    "cautionIn": ("caution", "cautions"),
}

#: Named query → the relations whose absence an empty answer about one drug means.
DRUG_RELATIONS: dict[str, tuple[str, ...]] = {
    "side-effects": ("hasSideEffect",),
    "side-effects-by-body-system": ("hasSideEffect",),
    "withdrawal-symptoms": ("hasWithdrawalSymptom",),
    "dosing": ("hasDoseRange",),
    "interactions": ("interactsWith", "contraindicatedWith"),
    "contraindications": ("contraindicatedWith", "cautionIn"),
}

#: Named query of two drugs → the relation both must share.
SHARED: dict[str, str] = {
    "shared-side-effects": "hasSideEffect",
    "shared-side-effects-by-body-system": "hasSideEffect",
    "shared-withdrawal-symptoms": "hasWithdrawalSymptom",
    "combination": "hasSideEffect",
}

#: Named query about a term → the relation it asks drugs to have towards it.
TERM_QUERIES: dict[str, tuple[str, str]] = {
    "drugs-with-side-effect": ("effect", "has side effect"),
    "drugs-with-withdrawal-symptom": ("symptom", "has withdrawal symptom"),
    "drugs-for-condition": ("condition", "is indicated for or used off-label for"),
    "drugs-by-mechanism": ("mechanism", "has mechanism or targets"),
    "drugs-in-class": ("class", "is in class"),
}

#: Questions where silence could be read as "safe".
SAFETY = {"combination", "interactions", "contraindications"}
NOT_SAFETY = ("silence here is not evidence of safety: no source in this graph says it is "
              "safe either")


def why_query(name: str) -> NamedQuery:
    """One of the ``queries/why/*.rq`` helper queries."""
    return load_query_file(Path(paths.queries_dir()) / "why" / f"{name}.rq")


class _Asker:
    """Runs the why-queries on one store with terms bound, never pasted."""

    def __init__(self, store: Store, inferred: bool) -> None:
        self.store = store
        self.inferred = inferred

    def rows(self, name: str, inferred: bool | None = None, **terms: Term) -> list[dict]:
        query = why_query(name)
        bindings = {p.var: terms[p.name] for p in query.params if p.name in terms}
        result = self.store.query(query.text, bindings,
                                  inferred=self.inferred if inferred is None else inferred)
        return result.rows

    def label(self, term: Term) -> str:
        found = self.store.query("SELECT ?l WHERE { ?t rdfs:label ?l }", {"t": term},
                                 inferred=True).rows  # defined classes: labels in inferred
        labels = sorted(str(r["l"]) for r in found)
        return labels[0] if labels else term.value.removeprefix(PKG_IRI)


def explain_empty(store: Store, query: NamedQuery, bindings: Mapping[str, Term], *,
                  inferred: bool = False) -> str:
    """A sentence saying why ``query`` with ``bindings`` has no rows, from what the graph
    holds; safety questions always add that silence is not evidence of safety."""
    ask = _Asker(store, inferred)
    by_name = {p.name: bindings[p.var] for p in query.params if p.var in bindings}
    reason = _REASONERS.get(query.name, _generic)(ask, query.name, by_name)
    if query.name in SAFETY:
        reason += f" — {NOT_SAFETY}"
    return reason


def _quoted(titles: list[str]) -> str:
    return ", ".join(f"'{t}'" for t in titles)


def _count(n: int, relation: str) -> str:
    one, many = NOUNS.get(relation, (relation, relation))
    return f"{n or 'no'} recorded {one if n == 1 else many}"


def drug_facts(ask: _Asker, drug: Term, relation: str) -> str:
    """"clonazepam has 1 recorded side effect (cognitive impairment), from the documents about
    it: '...'" — or that no document is about it."""
    label = ask.label(drug)
    stated = ask.rows("drug-relation", drug=drug, relation=Term.iri(PKG_IRI + relation))
    objects = sorted({str(r.get("objectLabel") or r["object"]) for r in stated})
    about = ask.rows("documents-about", drug=drug)
    titles = [str(r["documentLabel"]) for r in about]
    sources = sorted({str(r["documentLabel"]) for r in stated if r.get("documentLabel")})
    text = f"{label} has {_count(len(objects), relation)}"
    if 0 < len(objects) <= 5:
        text += f" ({', '.join(objects)})"
    if sources:
        text += f", stated by {_quoted(sources)}"
    if titles:
        text += f"; the documents about {label} are {_quoted(titles)}" if len(titles) > 1 \
            else f"; the document about {label} is {_quoted(titles)}"
    else:
        text += f"; no document in this graph is about {label}"
    return text


def _drug_relation(ask: _Asker, name: str, params: dict[str, Term]) -> str:
    drug = params["drug"]
    parts = [drug_facts(ask, drug, rel) for rel in DRUG_RELATIONS[name][:1]]
    if name == "side-effects-by-body-system":
        parts.append("none of them is mapped to a body system of the Human Phenotype Ontology")
    for rel in DRUG_RELATIONS[name][1:]:
        stated = ask.rows("drug-relation", drug=drug, relation=Term.iri(PKG_IRI + rel))
        parts.append(f"{_count(len({str(r['object']) for r in stated}), rel)}")
    return "; ".join(parts)


def _shared(ask: _Asker, name: str, params: dict[str, Term]) -> str:
    drug1, drug2 = params["drug1"], params["drug2"]
    relation = SHARED[name]
    if name == "combination":
        return _together(ask, drug1, drug2)
    text = f"{drug_facts(ask, drug1, relation)}. {drug_facts(ask, drug2, relation)}. "
    one, many = NOUNS[relation]
    text += f"No {one} is recorded for both"
    if name == "shared-side-effects-by-body-system":
        text += " in a body system" + (f" matching {params['system'].value!r}"
                                        if "system" in params else "")
    return text


def _together(ask: _Asker, drug1: Term, drug2: Term) -> str:
    """Which documents mention both drugs, and how; none: say so plainly."""
    a, b = ask.label(drug1), ask.label(drug2)
    rows = ask.rows("together", drug1=drug1, drug2=drug2)
    if not rows:
        return f"no document in this graph discusses {a} together with {b}"
    said = sorted({f"'{r['documentLabel']}' states: {a} {r['relationLabel']} {b}"
                   if r["how"] == "first to second" else
                   f"'{r['documentLabel']}' states: {b} {r['relationLabel']} {a}"
                   if r["how"] == "second to first" else
                   f"'{r['documentLabel']}' is about both" for r in rows
                   if r["how"] != "combination"})
    return (f"no source in this graph describes taking {a} and {b} together as a combination; "
            + "; ".join(said) + " (see the interactions question)")


def _term(ask: _Asker, name: str, params: dict[str, Term]) -> str:
    param, wanted = TERM_QUERIES[name]
    term = params[param]
    label = ask.label(term)
    uses = ask.rows("term-uses", term=term)
    if name == "drugs-in-class" and not ask.inferred:
        members = ask.rows("class-members", inferred=True, **{"class": term})
        if members:
            names = ", ".join(str(r["drugLabel"]) for r in members)
            return (f"no source places a drug in {label}; the reasoner does ({names}): "
                    "ask with --inferred to include its memberships")
    text = f"no drug in this graph {wanted} {label} or a narrower term"
    if uses:
        text += "; it is stated as: " + ", ".join(
            f"{r['relationLabel']} ({r['drugs']} drug{'s' if r['drugs'] != 1 else ''})"
            for r in uses)
    return text


def _generic(ask: _Asker, name: str, params: dict[str, Term]) -> str:
    shown = ", ".join(f"{k}={ask.label(v) if v.type == 'uri' else v.value}"
                      for k, v in params.items())
    return ("no statement in this graph matches " + (f"{name} with {shown}" if shown else name))


_REASONERS: dict[str, Callable[[_Asker, str, dict[str, Term]], str]] = {
    **{name: _drug_relation for name in DRUG_RELATIONS},
    **{name: _shared for name in SHARED},
    **{name: _term for name in TERM_QUERIES},
}
