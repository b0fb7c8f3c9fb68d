"""Worker calls for browsing: the index of what the graph covers, readable labels for value
nodes, and an edited example run with its parameters still bound.

Like :mod:`kg.server.pages`, each call takes the worker's pyoxigraph store and returns
``(status, json-able data)``; terms reach SPARQL text only through pyoxigraph's serialiser.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg.vocab import PREFIXES

PKG = PREFIXES["pkg"]
PKGD = "https://w3id.org/pharmakg/data/"
#: unit symbols for the QUDT units statements use (queries/evidence.rq has the same list)
UNIT_SYMBOLS = {"MilliGM": "mg", "GM": "g", "MicroGM": "mcg", "HR": "h", "DAY": "d", "MIN": "min"}

#: the index sections: a kind, its heading, the pattern binding ?t, and what ?n counts
SECTIONS: list[tuple[str, str, str, str]] = [
    ("drug", "Drugs", "?t a pkg:Drug .", "?t ?p ?x . FILTER(STRSTARTS(STR(?p), STR(pkg:)))"),
    ("condition", "Conditions", "?t rdfs:subClassOf* pkg:Condition .",
     "?d pkg:indicatedFor|pkg:usedOffLabelFor|pkg:cautionIn ?t . ?d a pkg:Drug ."),
    ("effect", "Effects", "?t rdfs:subClassOf* pkg:Effect .",
     "?d pkg:hasSideEffect|pkg:hasWithdrawalSymptom|pkg:hasDependencySign ?t . ?d a pkg:Drug ."),
    ("class", "Drug classes", "?t rdfs:subClassOf+ pkg:Drug .",
     "?d pkg:hasDrugClass ?t . ?d a pkg:Drug ."),
    ("mechanism", "Mechanisms", "?t rdfs:subClassOf* pkg:MechanismOfAction .",
     "?d pkg:hasMechanism ?t . ?d a pkg:Drug ."),
    ("document", "Documents", "?t a pkg:Document .", "?ev pkg:fromDocument ?t ."),
]
#: what the count of each section means, for the page
COUNTS = {"drug": "statements", "condition": "drugs", "effect": "drugs", "class": "drugs",
          "mechanism": "drugs", "document": "statements"}


def index(store: ox.Store, graphs: list[str] | None = None) -> tuple[int, dict]:
    """Every drug, condition, effect, class, mechanism and document that statements use, with
    a count: a drug's statements, the drugs a term is linked to, a document's statements."""
    from kg.server.pages import _select, curie

    sections = []
    for kind, title, pattern, counted in SECTIONS:
        count_var = "?x" if kind == "drug" else "?ev" if kind == "document" else "?d"
        rows = _select(store, f"""SELECT ?t (SAMPLE(?l) AS ?label) (SAMPLE(?title) AS ?name)
                (COUNT(DISTINCT {count_var}) AS ?n) WHERE {{
            {pattern} FILTER(isIRI(?t))
            {counted}
            OPTIONAL {{ ?t rdfs:label ?l }} OPTIONAL {{ ?t dcterms:title ?title }}
        }} GROUP BY ?t""", graphs)
        items = [{"iri": r["t"].value, "curie": curie(r["t"].value),
                  "label": (r.get("label") or r.get("name") or r["t"]).value,
                  "count": int(r["n"].value)} for r in rows]
        items.sort(key=lambda it: (it["label"].lower(), it["iri"]))
        sections.append({"kind": kind, "title": title, "counts": COUNTS[kind], "items": items})
    return 200, {"sections": sections}


def value_labels(store: ox.Store, iris: set[str], graphs: list[str] | None) -> dict[str, str]:
    """Words for the nodes the build mints (documents, dose ranges, quantities), whose IRIs
    end in a hash: "Klonopin Withdrawal", "10–150 mg daily (oral, adults)", "30 h"."""
    from kg.server.pages import _select

    minted = sorted(i for i in iris if i.startswith(PKGD))
    if not minted:
        return {}
    values = " ".join(str(ox.NamedNode(i)) for i in minted)
    rows = _select(store, f"""SELECT ?s ?title ?min ?max ?num ?unit ?freq ?routeL ?popL WHERE {{
        VALUES ?s {{ {values} }}
        OPTIONAL {{ ?s dcterms:title ?title }}
        OPTIONAL {{ ?s pkg:minDose ?min }} OPTIONAL {{ ?s pkg:maxDose ?max }}
        OPTIONAL {{ ?s pkg:numericValue ?num }} OPTIONAL {{ ?s pkg:doseUnit|pkg:unit ?unit }}
        OPTIONAL {{ ?s pkg:doseFrequency ?freq }}
        OPTIONAL {{ ?s pkg:route/rdfs:label ?routeL }} OPTIONAL {{ ?s pkg:population/rdfs:label ?popL }}
    }}""", graphs)
    out: dict[str, str] = {}
    for row in rows:
        iri = row["s"].value
        if iri in out:
            continue
        text = _value_words(row)
        if text:
            out[iri] = text
    return out


def _value_words(row: dict[str, Any]) -> str | None:
    def v(key: str) -> str | None:
        return row[key].value if key in row else None

    if v("title"):
        return v("title")
    unit = v("unit")
    symbol = UNIT_SYMBOLS.get(unit.rsplit("/", 1)[-1], unit.rsplit("/", 1)[-1]) if unit else ""
    if v("min") or v("max"):
        low, high = v("min"), v("max")
        amount = f"{low}–{high}" if low and high and low != high else (low or high)
        words = " ".join(x for x in (amount, symbol, v("freq")) if x)
        extra = ", ".join(x for x in (v("routeL"), v("popL")) if x)
        return f"{words} ({extra})" if extra else words
    if v("num"):
        return " ".join(x for x in (v("num"), symbol) if x)
    return None


def is_value_node(iri: str) -> bool:
    """Dose ranges and quantities: values, not things to draw as graph nodes."""
    return iri.startswith((PKGD + "dose/", PKGD + "quantity/"))


def edited(store: ox.Store, name: str, params: dict[str, str], text: str,
           queries_dir: str | None = None, max_rows: int | None = None,
           inferred: bool = False) -> tuple[int, dict]:
    """Run ``text`` (an edited copy of a named query) with the named query's parameters bound
    the way the named query binds them, so an edit never silently drops them; a parameter the
    edited text no longer uses is reported in ``unused``."""
    from pathlib import Path

    from kg.errors import KGError
    from kg.query.named import bind_params, load_query
    from kg.query.resolve import Resolver, UncoveredDrugError
    from kg.server.pages import answer_json
    from kg.store.oxigraph import OxigraphStore
    from kg.store.sparqltext import mentioned_variables, query_form

    kstore = OxigraphStore(store)
    try:
        query = load_query(name, Path(queries_dir) if queries_dir else None)
    except KGError as exc:
        return 404, {"error": exc.message}
    located = _syntax(text)
    if located is not None:
        return 400, located
    if query_form(text) not in ("select", "ask"):
        return 400, {"error": "an edited example must stay a SELECT or ASK query to keep its "
                              "parameters; clear the parameters to run it as plain SPARQL"}
    try:
        bindings = bind_params(query, params, kstore, resolver=Resolver(kstore),
                               interface="http")
        result = kstore.query(text, bindings, inferred=inferred)
    except UncoveredDrugError as exc:
        return 404, {"error": exc.message, "drug": exc.drug}
    except KGError as exc:
        return 400, {"error": exc.message, "line": exc.line, "column": exc.column}
    used = mentioned_variables(text)
    data = answer_json(result, query, bindings, max_rows)
    data["edited"] = True
    data["unused"] = [p.name for p in query.params if p.var in bindings and p.var not in used]
    return 200, data


def _syntax(text: str) -> dict | None:
    """The whole explanation (:mod:`kg.query.sparqlerrors`) with its line and column, or None when
    the text parses."""
    from kg.errors import KGError
    from kg.query.sparqlguard import check_sparql
    from kg.store.base import PREFIXES as STORE_PREFIXES

    try:
        check_sparql(text, prefixes=STORE_PREFIXES)
        ox.Store().query(text, prefixes=STORE_PREFIXES)  # parsed and planned, not iterated
    except KGError as exc:
        return {"error": exc.message, "line": exc.line, "column": exc.column}
    except SyntaxError as exc:
        from kg.query.sparqlerrors import explain

        problem = explain(str(exc), text, STORE_PREFIXES)
        return {"error": f"malformed SPARQL: {problem.message}", "line": problem.line,
                "column": problem.column}
    return None


CALLS = {"index": index, "edited": edited}
