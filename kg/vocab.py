"""The project's vocabulary as closed namespaces, so a misspelt term fails at import time.

Only the schema terms the code refers to are listed; content terms (conditions, effects ...)
are checked against the ontology file when statements are loaded.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, URIRef

PKG_IRI = "https://w3id.org/pharmakg/ontology/"
PKGD_IRI = "https://w3id.org/pharmakg/data/"
ONTOLOGY_IRI = "https://w3id.org/pharmakg/ontology"


class PKG(DefinedNamespace):
    """pharmakg ontology schema terms."""

    _NS = Namespace(PKG_IRI)
    _fail = True

    # classes
    Drug: URIRef
    DrugCombination: URIRef
    DrugClass: URIRef
    Condition: URIRef
    Effect: URIRef
    MolecularTarget: URIRef
    MechanismOfAction: URIRef
    WithdrawalManagement: URIRef
    DoseRange: URIRef
    QuantityValue: URIRef
    Route: URIRef
    Population: URIRef
    Severity: URIRef
    StatementContext: URIRef
    Document: URIRef
    Evidence: URIRef
    # statement relations
    hasDrugClass: URIRef
    hasMechanism: URIRef
    targets: URIRef
    indicatedFor: URIRef
    usedOffLabelFor: URIRef
    hasSideEffect: URIRef
    hasWithdrawalSymptom: URIRef
    hasDependencySign: URIRef
    interactsWith: URIRef
    contraindicatedWith: URIRef
    cautionIn: URIRef
    hasWithdrawalManagement: URIRef
    hasDoseRange: URIRef
    hasEliminationHalfLife: URIRef
    notAdministeredBy: URIRef
    brandName: URIRef
    # structure
    hasComponent: URIRef
    mechanismTarget: URIRef
    hasWithdrawalAid: URIRef
    oppositeOf: URIRef
    minDose: URIRef
    maxDose: URIRef
    doseUnit: URIRef
    doseFrequency: URIRef
    population: URIRef
    route: URIRef
    numericValue: URIRef
    unit: URIRef
    # evidence qualifiers and document metadata
    severity: URIRef
    context: URIRef
    frequencyWords: URIRef
    negated: URIRef
    fromDocument: URIRef
    documentKind: URIRef
    sha256: URIRef


PKGD = Namespace(PKGD_IRI)
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")

GRAPH_ONTOLOGY = PKGD["graph/ontology"]
GRAPH_ASSERTED = PKGD["graph/asserted"]
GRAPH_EVIDENCE = PKGD["graph/evidence"]
GRAPH_INFERRED = PKGD["graph/inferred"]

#: Units curators may write in statement files, mapped to QUDT unit IRIs.
UNITS: dict[str, URIRef] = {
    "mg": QUDT_UNIT["MilliGM"],
    "g": QUDT_UNIT["GM"],
    "mcg": QUDT_UNIT["MicroGM"],
    "h": QUDT_UNIT["HR"],
    "d": QUDT_UNIT["DAY"],
    "min": QUDT_UNIT["MIN"],
}

#: Prefixes bound in every export and predeclared for ad-hoc SPARQL.
PREFIXES: dict[str, str] = {
    "pkg": PKG_IRI,
    "pkgd": PKGD_IRI,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "schema": "http://schema.org/",
    "biolink": "https://w3id.org/biolink/vocab/",
    "unit": "http://qudt.org/vocab/unit/",
    "obo": "http://purl.obolibrary.org/obo/",
}

#: schema.org with the http scheme, as the OWL/RDF community (and Protégé) uses it.
SDO = Namespace("http://schema.org/")

#: Open namespace for content terms (drugs, effects, conditions ...): these are checked against
#: the ontology file when statements load, not at import time.
TERM = Namespace(PKG_IRI)


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph or dataset (output and queries use them)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
