"""New terms a curator accepted, written to ``ontology/pharmakg-added.ttl``.

The file is kept apart from the hand-written ontology so a reviewer's additions are easy to
see and revert, and it is rewritten deterministically (terms sorted, one block each) so the
same additions always give the same bytes. :func:`kg.sources.ontology.load_ontology_graph` reads it
beside ``pharmakg.ttl``; the input hash and the wheel include it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg import paths
from kg.atomic import atomic_open
from kg.errors import KGError
from kg.sources.ontology import ADDED_FILE, Ontology
from kg.vocab import PKG_IRI, PKGD, PREFIXES, TERM

#: new_term kind (normalised: lower case, letters only) -> (is an individual, parent class)
KINDS: dict[str, tuple[bool, str]] = {
    "drug": (True, "Drug"), "drugclass": (False, "Drug"), "class": (False, "Drug"),
    "condition": (False, "Condition"), "disease": (False, "Condition"),
    "effect": (False, "Effect"), "sideeffect": (False, "Effect"), "symptom": (False, "Effect"),
    "target": (False, "MolecularTarget"), "moleculartarget": (False, "MolecularTarget"),
    "mechanism": (False, "MechanismOfAction"), "mechanismofaction": (False, "MechanismOfAction"),
    "management": (False, "WithdrawalManagement"),
    "withdrawalmanagement": (False, "WithdrawalManagement"),
    "drugcombination": (True, "DrugCombination"), "route": (True, "Route"),
}
#: CURIE prefixes a cross-reference may use, expanded to the IRIs the ontology already uses.
XREF_PREFIXES = {
    "drugbank": "https://go.drugbank.com/drugs/", "atc": "http://purl.bioontology.org/ontology/ATC/",
    "chebi": "http://purl.obolibrary.org/obo/CHEBI_", "mondo": "http://purl.obolibrary.org/obo/MONDO_",
    "hp": "http://purl.obolibrary.org/obo/HP_", "mesh": "http://id.nlm.nih.gov/mesh/",
    "rxnorm": "http://purl.bioontology.org/ontology/RXNORM/",
    "umls": "http://linkedlifedata.com/resource/umls/id/",
    "icd10cm": "http://purl.bioontology.org/ontology/ICD10CM/",
}
LOCAL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
PREDICATE_ORDER = [RDF.type, RDFS.subClassOf, RDFS.label, SKOS.altLabel, SKOS.definition,
                   SKOS.exactMatch, DCTERMS.source, DCTERMS.contributor, RDFS.comment]
HEADER = """# Terms added by curators from machine proposals (kg review / kg accept / kg serve --curate).
# Written by pharmakg, one block per term in name order; read beside pharmakg.ttl by the build.
"""


def added_file() -> Path:
    return paths.ontology_dir() / ADDED_FILE


def kind_of(kind: Any) -> tuple[bool, str]:
    key = re.sub(r"[^a-z]", "", str(kind).lower())
    if key not in KINDS:
        raise KGError(f"unknown term kind {kind!r} (use drug, drug class, condition, effect, "
                      "target, mechanism or management)")
    return KINDS[key]


def xref_iri(xref: Any) -> URIRef:
    """A cross-reference as an IRI: written as one, or a CURIE with a known prefix."""
    text = str(xref).strip()
    if re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", text):
        return URIRef(text)
    prefix, sep, local = text.partition(":")
    if sep and prefix.lower() in XREF_PREFIXES and re.fullmatch(r"[A-Za-z0-9_.\-]+", local):
        return URIRef(XREF_PREFIXES[prefix.lower()] + local)
    raise KGError(f"cannot read cross-reference {text!r}: give an http(s) IRI or a CURIE with "
                  f"one of {', '.join(sorted(XREF_PREFIXES))}")


def check_term(new_term: dict[str, Any], ontology: Ontology) -> dict[str, Any]:
    """The proposed term, checked: a free local name, a label, a known kind, readable xrefs."""
    name = str(new_term.get("id") or "")
    if not LOCAL_NAME.fullmatch(name):
        raise KGError(f"a new term needs a name of letters, digits and _ (got {name!r})")
    label = str(new_term.get("label") or "").strip()
    if not label:
        raise KGError(f"new term {name!r} needs a label")
    kind_of(new_term.get("kind"))
    for xref in new_term.get("xrefs") or []:
        xref_iri(xref)
    return {"id": name, "label": label, "kind": new_term.get("kind"),
            "xrefs": [str(x).strip() for x in new_term.get("xrefs") or []],
            "synonyms": sorted({str(s).strip() for s in new_term.get("synonyms") or []
                                if str(s).strip() and str(s).strip() != label}),
            "definition": (str(new_term["definition"]).strip()
                           if new_term.get("definition") else None)}


def term_triples(term: dict[str, Any], document: str, reviewer: str) -> Graph:
    """The triples of one accepted term, with where it came from and who accepted it."""
    graph = Graph()
    iri = TERM[term["id"]]
    individual, parent = kind_of(term["kind"])
    if individual:
        graph.add((iri, RDF.type, OWL.NamedIndividual))
        graph.add((iri, RDF.type, TERM[parent]))
    else:
        graph.add((iri, RDF.type, OWL.Class))
        graph.add((iri, RDFS.subClassOf, TERM[parent]))
    graph.add((iri, RDFS.label, Literal(term["label"], lang="en")))
    for synonym in term["synonyms"]:
        graph.add((iri, SKOS.altLabel, Literal(synonym, lang="en")))
    definition = term["definition"] or (
        f"A {'drug' if individual else 'kind of ' + parent.lower()} named in document "
        f"{document}; added by a curator from an extraction proposal, not yet given a "
        "textbook definition.")
    graph.add((iri, SKOS.definition, Literal(definition, lang="en")))
    for xref in term["xrefs"]:
        graph.add((iri, SKOS.exactMatch, xref_iri(xref)))
    graph.add((iri, DCTERMS.source, PKGD[f"document/{document}"]))
    graph.add((iri, DCTERMS.contributor, Literal(reviewer)))
    return graph


def add_term(term: dict[str, Any], document: str, reviewer: str) -> None:
    """Add an accepted term to the added-terms file (call under the curation lock)."""
    path = added_file()
    graph = Graph()
    if path.is_file():
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:
            raise KGError(f"cannot parse added terms: {exc}", path=path) from None
    graph += term_triples(term, document, reviewer)
    with atomic_open(path) as handle:
        handle.write(serialize(graph))


def serialize(graph: Graph) -> str:
    """Deterministic Turtle for the added terms: prefixes, declarations, sorted blocks."""
    namespaces = {p: PREFIXES[p] for p in ("pkg", "owl", "rdf", "rdfs", "skos", "dcterms")}
    namespaces["pkgd"] = PREFIXES["pkgd"]

    def n3(term: Any) -> str:
        if isinstance(term, URIRef):
            for prefix, ns in namespaces.items():
                local = str(term)[len(ns):]
                if str(term).startswith(ns) and LOCAL_NAME.fullmatch(local):
                    return f"{prefix}:{local}"
            return f"<{term}>"
        return term.n3()

    lines = [HEADER]
    lines += [f"@prefix {p}: <{ns}> ." for p, ns in namespaces.items()]
    lines += ["", "dcterms:source a owl:AnnotationProperty .",
              "dcterms:contributor a owl:AnnotationProperty .", ""]
    subjects = sorted({s for s in graph.subjects() if str(s).startswith(PKG_IRI)}, key=str)
    for subject in subjects:
        parts = []
        for predicate in PREDICATE_ORDER:
            objects = sorted((n3(o) for o in graph.objects(subject, predicate)))
            if objects:
                verb = "a" if predicate == RDF.type else n3(predicate)
                parts.append(f"{verb} {' , '.join(objects)}")
        lines.append(f"{n3(subject)} " + " ;\n    ".join(parts) + " .\n")
    return "\n".join(lines)
