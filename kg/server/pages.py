"""Application calls that run inside a query worker: entity pages, search and named queries.

Each call takes the worker's pyoxigraph store and keyword arguments and returns
``(status, json-able data)``. Terms are put into SPARQL text only through pyoxigraph's term
serialiser (``str(NamedNode(...))``, ``str(Literal(...))``), which validates IRIs and escapes
literals, so no request text is ever pasted into a query.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg.server import browse
from kg.vocab import PREFIXES

PKG = PREFIXES["pkg"]
RDF_TYPE = PREFIXES["rdf"] + "type"

#: the order relations are shown in on a drug's page (data-model.md); others follow by label
RELATION_ORDER = [PKG + n for n in (
    "hasComponent", "hasDrugClass", "hasMechanism", "targets", "indicatedFor", "usedOffLabelFor",
    "hasSideEffect", "hasWithdrawalSymptom", "hasDependencySign", "interactsWith",
    "contraindicatedWith", "cautionIn", "hasWithdrawalManagement", "hasWithdrawalAid",
    "hasDoseRange", "hasEliminationHalfLife", "notAdministeredBy", "brandName")]
HIDDEN_OUT = {PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "definition",
              PREFIXES["skos"] + "altLabel"}
KIND_ROOTS = {"condition": PKG + "Condition", "effect": PKG + "Effect",
              "mechanism": PKG + "MechanismOfAction", "target": PKG + "MolecularTarget",
              "management": PKG + "WithdrawalManagement"}
QUALIFIERS = ["severity", "context", "population", "frequencyWords"]
#: an evidence record's pkg:curationStatus, in the words the API uses (statements README)
CURATION = {PKG + "CuratorWritten": "written", PKG + "MachineAccepted": "accepted",
            PKG + "MachineEdited": "edited", PKG + "Synthetic": "synthetic"}
#: words for the RDF/OWL predicates the ontology does not label itself
FALLBACK_LABELS = {
    PREFIXES["rdfs"] + "subClassOf": "is a kind of",
    RDF_TYPE: "is a",
    PREFIXES["rdfs"] + "seeAlso": "see also",
    PREFIXES["owl"] + "sameAs": "same as",
    PREFIXES["owl"] + "equivalentClass": "equivalent to",
}

_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
_resolver_cache: dict[int, Any] = {}


def curie(iri: str) -> str:
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    if best is not None:
        local = iri[len(PREFIXES[best]):]
        if local and all(c.isalnum() or c in "_-./" for c in local):
            return f"{best}:{local}"
    return iri


def _select(store: ox.Store, sparql: str, graphs: list[str] | None) -> list[dict[str, Any]]:
    kwargs: dict[str, Any] = {}
    if graphs is None:
        kwargs["use_default_graph_as_union"] = True
    else:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in graphs]
    answer = store.query(_PROLOGUE + sparql, **kwargs)
    names = [v.value for v in answer.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in answer]


def _value(term) -> str | None:
    return None if term is None else term.value


def _term(term, labels: dict[str, str] | None = None) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        out = {"type": "uri", "iri": term.value, "curie": curie(term.value)}
        if labels and term.value in labels:
            out["label"] = labels[term.value]
        return out
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if isinstance(term, ox.Literal) and term.language:
        out["lang"] = term.language
    elif isinstance(term, ox.Literal) and not term.datatype.value.endswith("#string"):
        out["datatype"] = curie(term.datatype.value)
    return out


def expand(ident: str) -> str:
    """``pkg:clonazepam``, ``clonazepam`` (a pkg: local name) or a full IRI → the IRI."""
    ident = ident.strip()
    if "://" in ident or ident.startswith("urn:"):
        return ident
    prefix, sep, local = ident.partition(":")
    if sep and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return PKG + ident


def _exists(store: ox.Store, iri: str) -> bool:
    node = ox.NamedNode(iri)
    return any(True for _ in store.quads_for_pattern(node, None, None)) or \
        any(True for _ in store.quads_for_pattern(None, None, node))


def _find_by_name(store: ox.Store, text: str, graphs) -> str | None:
    rows = _select(store, "SELECT ?s WHERE { ?s rdfs:label|skos:altLabel|pkg:brandName ?n . "
                          f"FILTER(LCASE(STR(?n)) = {ox.Literal(text.lower())}) }} LIMIT 1", graphs)
    return rows[0]["s"].value if rows and isinstance(rows[0]["s"], ox.NamedNode) else None


def _labels(store: ox.Store, iris: set[str], graphs) -> dict[str, str]:
    if not iris:
        return {}
    values = " ".join(str(ox.NamedNode(i)) for i in iris)
    out: dict[str, str] = {}
    for row in _select(store, f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} ?s rdfs:label ?l }}",
                       graphs):
        iri = row["s"].value
        if iri not in out or row["l"].value < out[iri]:
            out[iri] = row["l"].value
    return out


def _kinds(store: ox.Store, iris: set[str], graphs) -> dict[str, str]:
    if not iris:
        return {}
    values = " ".join(str(ox.NamedNode(i)) for i in iris)
    out: dict[str, str] = {}
    for row in _select(store, f"""SELECT ?s ?kind WHERE {{
        VALUES ?s {{ {values} }}
        {{ ?s a pkg:Drug BIND("drug" AS ?kind) }} UNION {{ ?s a pkg:DrugCombination BIND("drug" AS ?kind) }}
        UNION {{ ?s rdfs:subClassOf+ pkg:Drug BIND("class" AS ?kind) }}
        UNION {{ ?s a pkg:Document BIND("document" AS ?kind) }}
        UNION {{ VALUES (?root ?k) {{ {' '.join(f'(<{r}> "{k}")' for k, r in KIND_ROOTS.items())} }}
                ?s rdfs:subClassOf* ?root BIND(?k AS ?kind) }}
    }}""", graphs):
        out.setdefault(row["s"].value, row["kind"].value)
    return out


def entity(store: ox.Store, ident: str, graphs: list[str] | None = None,
           max_nodes: int = 40) -> tuple[int, dict]:
    """Everything the graph says about one term, grouped by relation, with the quotes."""
    try:
        iri = expand(ident)
        node = ox.NamedNode(iri)
    except ValueError:
        return 400, {"error": f"not a term: {ident!r}"}
    if not _exists(store, iri):
        found = _find_by_name(store, ident, graphs)
        if found is None:
            return 404, {"error": f"nothing is known about {ident!r}"}
        iri, node = found, ox.NamedNode(found)
    x = str(node)

    out_rows = _select(store, f"SELECT ?p ?o WHERE {{ {x} ?p ?o }} LIMIT 5000", graphs)
    in_rows = _select(store, f"""SELECT ?s ?p WHERE {{ ?s ?p {x} FILTER(isIRI(?s))
        FILTER NOT EXISTS {{ ?s a pkg:Evidence }} }} LIMIT 5000""", graphs)
    ev_rows = _select(store, f"""SELECT ?ev ?s ?p ?o ?doc ?title ?docid ?exact ?prefix ?suffix ?start ?end ?negated
               ?curation ?agent
        WHERE {{
          {{ ?ev rdf:subject {x} }} UNION {{ ?ev rdf:object {x} }}
          ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          OPTIONAL {{ ?ev pkg:fromDocument ?doc .
                     OPTIONAL {{ ?doc dcterms:title ?title }} OPTIONAL {{ ?doc dcterms:identifier ?docid }} }}
          OPTIONAL {{ ?ev oa:hasTarget/oa:hasSelector ?q . ?q oa:exact ?exact .
                     OPTIONAL {{ ?q oa:prefix ?prefix }} OPTIONAL {{ ?q oa:suffix ?suffix }} }}
          OPTIONAL {{ ?ev oa:hasTarget/oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end }}
          OPTIONAL {{ ?ev pkg:negated ?negated }}
          OPTIONAL {{ ?ev pkg:curationStatus ?curation }}
          OPTIONAL {{ ?ev prov:wasAttributedTo/rdfs:label ?agent }}
        }} LIMIT 5000""", graphs)
    qual_rows = _select(store, f"""SELECT ?ev ?q ?v WHERE {{
          {{ ?ev rdf:subject {x} }} UNION {{ ?ev rdf:object {x} }}
          VALUES ?q {{ {' '.join('pkg:' + q for q in QUALIFIERS)} }}
          ?ev ?q ?v }}""", graphs)

    qualifiers: dict[str, dict[str, list]] = {}
    for row in qual_rows:
        qualifiers.setdefault(row["ev"].value, {}).setdefault(
            curie(row["q"].value).split(":", 1)[1], []).append(row["v"])

    mentioned = {iri}
    for row in out_rows:
        mentioned.add(row["p"].value)
        if isinstance(row["o"], ox.NamedNode):
            mentioned.add(row["o"].value)
    for row in in_rows:
        mentioned.update((row["s"].value, row["p"].value))
    for row in ev_rows:
        for k in ("s", "p", "o"):
            if isinstance(row.get(k), ox.NamedNode):
                mentioned.add(row[k].value)
    for quals in qualifiers.values():
        mentioned.update(v.value for vs in quals.values() for v in vs if isinstance(v, ox.NamedNode))
    labels = _labels(store, mentioned, graphs)
    for minted, words in browse.value_labels(store, mentioned, graphs).items():
        labels.setdefault(minted, words)  # documents, dose ranges, quantities
    for known, words in FALLBACK_LABELS.items():
        labels.setdefault(known, words)

    # evidence by statement (s, p, o)
    evidence: dict[tuple, list[dict]] = {}
    objects: dict[tuple, Any] = {}
    seen_ev = set()
    for row in ev_rows:
        ev = row["ev"].value
        if ev in seen_ev:
            continue
        seen_ev.add(ev)
        key = (row["s"].value, row["p"].value, _key(row["o"]))
        objects[key] = row["o"]
        quals = {name: [labels.get(v.value, curie(v.value)) if isinstance(v, ox.NamedNode)
                        else v.value for v in values]
                 for name, values in qualifiers.get(ev, {}).items()}
        evidence.setdefault(key, []).append({
            "evidence": ev,
            "document": {"iri": _value(row.get("doc")), "curie": curie(_value(row.get("doc")) or ""),
                         "title": _value(row.get("title")), "id": _value(row.get("docid"))},
            "exact": _value(row.get("exact")), "prefix": _value(row.get("prefix")),
            "suffix": _value(row.get("suffix")),
            "start": _int(row.get("start")), "end": _int(row.get("end")),
            "negated": _value(row.get("negated")) in ("true", "1"),
            "qualifiers": quals,
            "curation": CURATION.get(_value(row.get("curation")) or ""),
            "agent": _value(row.get("agent")),
        })
    for items in evidence.values():
        items.sort(key=lambda e: (e["document"]["id"] or "", e["start"] or 0))

    types, definition, alt_labels, attributes = [], None, [], {}
    groups: dict[str, dict] = {}
    used_keys = set()
    for row in out_rows:
        p, o = row["p"].value, row["o"]
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            types.append(_term(o, labels))
        if p == PREFIXES["skos"] + "definition":
            definition = o.value
        if p == PREFIXES["skos"] + "altLabel":
            alt_labels.append(o.value)
        if p in HIDDEN_OUT or isinstance(o, ox.BlankNode):
            continue
        key = (iri, p, _key(o))
        used_keys.add(key)
        if isinstance(o, ox.Literal) and p not in RELATION_ORDER:
            attributes.setdefault(p, []).append(o.value)
            continue
        group = groups.setdefault(p, {"predicate": _term(row["p"], labels), "direction": "out",
                                      "items": []})
        group["items"].append({"term": _term(o, labels), "negated": False,
                               "evidence": evidence.get(key, [])})
    in_groups: dict[str, dict] = {}
    for row in in_rows:
        s, p = row["s"].value, row["p"].value
        key = (s, p, _key(node))
        used_keys.add(key)
        group = in_groups.setdefault(p, {"predicate": _term(row["p"], labels), "direction": "in",
                                         "items": []})
        group["items"].append({"term": _term(row["s"], labels), "negated": False,
                               "evidence": evidence.get(key, [])})
    # statements a source makes without an asserted triple (negated ones)
    for key, items in evidence.items():
        if key in used_keys:
            continue
        s, p, okey = key
        outgoing = s == iri
        target = groups if outgoing else in_groups
        group = target.setdefault(p, {"predicate": _term(ox.NamedNode(p), labels),
                                      "direction": "out" if outgoing else "in", "items": []})
        term = _term(objects[key] if outgoing else ox.NamedNode(s), labels)
        group["items"].append({"term": term, "negated": all(e["negated"] for e in items),
                               "evidence": items})

    def order(group: dict) -> tuple:
        p = group["predicate"]["iri"]
        return (RELATION_ORDER.index(p) if p in RELATION_ORDER else len(RELATION_ORDER),
                group["predicate"].get("label") or group["predicate"]["curie"])

    relations = sorted(groups.values(), key=order)
    incoming = sorted(in_groups.values(), key=order)
    for group in relations + incoming:
        group["items"].sort(key=lambda it: (it["term"].get("label") or it["term"].get("curie")
                                            or it["term"].get("value") or "").lower())

    # neighbourhood graph
    kinds_for = {iri}
    edges = []
    for group in relations + incoming:
        if group["predicate"]["iri"] == RDF_TYPE:
            continue
        for item in group["items"]:
            t = item["term"]
            if t["type"] != "uri" or len(kinds_for) >= max_nodes or browse.is_value_node(t["iri"]):
                continue
            kinds_for.add(t["iri"])
            src, dst = (iri, t["iri"]) if group["direction"] == "out" else (t["iri"], iri)
            edges.append({"source": src, "target": dst, "label": group["predicate"].get("label")
                          or group["predicate"]["curie"], "negated": item["negated"]})
    kinds = _kinds(store, kinds_for, graphs)
    nodes = [{"id": n, "curie": curie(n), "label": labels.get(n, curie(n)),
              "kind": kinds.get(n, "other")} for n in sorted(kinds_for)]

    return 200, {
        "iri": iri, "curie": curie(iri), "label": labels.get(iri, curie(iri)),
        "kind": kinds.get(iri, "other"), "types": types, "definition": definition,
        "altLabels": sorted(alt_labels),
        "attributes": [{"predicate": _term(ox.NamedNode(p), labels), "values": vs}
                       for p, vs in sorted(attributes.items())],
        "relations": relations, "incoming": incoming,
        "graph": {"nodes": nodes, "edges": edges},
    }


def _key(term) -> Any:
    if isinstance(term, ox.NamedNode):
        return term.value
    return ("lit", str(term))


def _int(term) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


def search(store: ox.Store, text: str, graphs: list[str] | None = None,
           limit: int = 20) -> tuple[int, dict]:
    """Terms whose label, synonym or brand name contains ``text`` (case-insensitive)."""
    text = text.strip().lower()
    if not text:
        return 200, {"results": []}
    rows = _select(store, f"""SELECT ?s (MIN(STR(?label)) AS ?l) (MIN(STR(?n)) AS ?matched) WHERE {{
          ?s rdfs:label|skos:altLabel|pkg:brandName ?n . ?s rdfs:label ?label .
          FILTER(isIRI(?s) && CONTAINS(LCASE(STR(?n)), {ox.Literal(text)}))
        }} GROUP BY ?s ORDER BY STRLEN(?l) ?l LIMIT {int(limit)}""", graphs)
    iris = {r["s"].value for r in rows}
    kinds = _kinds(store, iris, graphs)
    return 200, {"results": [{"iri": r["s"].value, "curie": curie(r["s"].value),
                              "label": r["l"].value, "matched": r["matched"].value,
                              "kind": kinds.get(r["s"].value, "other")} for r in rows]}


def named(store: ox.Store, name: str, params: dict[str, str],
          queries_dir: str | None = None, max_rows: int | None = None,
          inferred: bool = False) -> tuple[int, dict]:
    """Run a named query (``queries/*.rq``) with name resolution of its parameters; at most
    ``max_rows`` rows (``"truncated": true`` when cut); ``inferred``: the reasoner's
    graph is part of the default graph."""
    from pathlib import Path

    from kg.errors import KGError
    from kg.query.named import bind_params, load_query
    from kg.query.resolve import UncoveredDrugError
    from kg.store.oxigraph import OxigraphStore

    kstore = OxigraphStore(store)
    key = id(store)
    if key not in _resolver_cache:
        from kg.query.resolve import Resolver

        _resolver_cache[key] = Resolver(kstore)
    notes: list[str] = []
    try:
        query = load_query(name, Path(queries_dir) if queries_dir else None)
    except KGError as exc:
        return 404, {"error": exc.message}
    try:
        bindings = bind_params(query, params, kstore, resolver=_resolver_cache[key],
                               notify=notes.append, interface="http")
        result = kstore.query(query.text, bindings, inferred=inferred)
        if not result.bindings:  # say why, from the graph (the UI shows "empty_reason")
            from kg.query.explain_empty import explain_empty

            result.explanation = explain_empty(kstore, query, bindings, inferred=inferred)
    except UncoveredDrugError as exc:  # a real drug, just not in this graph
        return 404, {"error": exc.message, "drug": exc.drug}
    except KGError as exc:
        return 400, {"error": exc.message}
    data = answer_json(result, query, bindings, max_rows)
    if notes:
        data["notes"] = notes
    if result.explanation:
        data["empty_reason"] = result.explanation
    return 200, data


def answer_json(result: Any, query: Any, bindings: dict, max_rows: int | None) -> dict:
    """A named query's answer as SPARQL JSON cut at ``max_rows`` (``"truncated": true``), with
    the query's name and each parameter as resolved to a term."""
    truncated = max_rows is not None and len(result.bindings) > max_rows
    if truncated:
        result.bindings = result.bindings[:max_rows]
    data = result.to_sparql_json()
    if truncated:
        data["truncated"] = True
    data["query"] = query.name
    data["params"] = {p.name: {"value": b.value, "curie": curie(b.value)}
                      for p in query.params
                      for var, b in bindings.items() if var == p.var}
    return data


def forget_caches() -> None:
    """After an update: resolution tables may be stale."""
    _resolver_cache.clear()


CALLS = {"entity": entity, "search": search, "named": named, **browse.CALLS}
