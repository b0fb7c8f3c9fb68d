"""Turn ontology + corpus + curated statements into the knowledge graph (an RDF dataset).

Every asserted drug→term triple comes from a statement and is accompanied by one evidence record
per stating document: the document, the verbatim quote and its character offsets (W3C Web
Annotation selectors) and the statement's qualifiers. IRIs are minted from content so the same
inputs always give the same graph.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from urllib.parse import quote as url_quote

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg import paths
from kg.sources.corpus import Document, load_corpus
from kg.sources.inputs import compute_input_hash, input_files  # noqa: F401  (re-exported)
from kg.sources.ontology import Ontology
from kg.statements.curated import Dose, Quantity, Statement, load_statements
from kg.vocab import (GRAPH_ASSERTED, GRAPH_EVIDENCE, GRAPH_ONTOLOGY, OA, PKG, PKG_IRI, PKGD,
                      SDO, TERM, UNITS, bind_prefixes)

#: ``curation`` field value -> pkg:CurationStatus individual
CURATION_TERMS = {"written": TERM.CuratorWritten, "accepted": TERM.MachineAccepted,
                  "edited": TERM.MachineEdited}


@dataclass
class BuiltGraph:
    """The built dataset with the inputs it came from."""

    dataset: Dataset
    documents: dict[str, Document]
    statements: list[Statement]
    ontology: Ontology
    input_hash: str

    @property
    def ontology_graph(self) -> Graph:
        return self.dataset.graph(GRAPH_ONTOLOGY)

    @property
    def asserted_graph(self) -> Graph:
        return self.dataset.graph(GRAPH_ASSERTED)

    @property
    def evidence_graph(self) -> Graph:
        return self.dataset.graph(GRAPH_EVIDENCE)

    def union(self) -> Graph:
        """Ontology + asserted + evidence as one plain graph (what the Turtle export holds)."""
        merged = Graph()
        bind_prefixes(merged)
        for name in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_EVIDENCE):
            for triple in self.dataset.graph(name):
                merged.add(triple)
        return merged


def _decimal_literal(value: Decimal) -> Literal:
    """xsd:decimal in canonical lexical form ("10.0", "2.5"), so Turtle round-trips exactly."""
    text = format(value.normalize(), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def _short_hash(payload: dict) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def document_iri(doc_id: str) -> URIRef:
    return PKGD[f"document/{doc_id}"]


def evidence_iri(statement: Statement) -> URIRef:
    return PKGD[f"evidence/{statement.document}/{statement.digest()}"]


def _dose_node(graph: Graph, subject: URIRef, dose: Dose) -> URIRef:
    node = PKGD[f"dose/{_short_hash({'subject': str(subject), **vars(dose)})}"]
    graph.add((node, RDF.type, PKG.DoseRange))
    graph.add((node, PKG.minDose, _decimal_literal(dose.min)))
    graph.add((node, PKG.maxDose, _decimal_literal(dose.max)))
    graph.add((node, PKG.doseUnit, UNITS[dose.unit]))
    if dose.frequency:
        graph.add((node, PKG.doseFrequency, Literal(dose.frequency)))
    if dose.population:
        graph.add((node, PKG.population, URIRef(PKG_IRI + dose.population)))
    if dose.route:
        graph.add((node, PKG.route, URIRef(PKG_IRI + dose.route)))
    return node


def _quantity_node(graph: Graph, subject: URIRef, quantity: Quantity) -> URIRef:
    node = PKGD[f"quantity/{_short_hash({'subject': str(subject), **vars(quantity)})}"]
    graph.add((node, RDF.type, PKG.QuantityValue))
    graph.add((node, PKG.numericValue, _decimal_literal(quantity.value)))
    graph.add((node, PKG.unit, UNITS[quantity.unit]))
    return node


def _add_document(graph: Graph, doc: Document) -> None:
    iri = document_iri(doc.id)
    for cls in (PKG.Document, PROV.Entity, SDO.WebPage):
        graph.add((iri, RDF.type, cls))
    graph.add((iri, DCTERMS.identifier, Literal(doc.id)))
    graph.add((iri, DCTERMS.title, Literal(doc.title)))
    graph.add((iri, DCTERMS.language, Literal(doc.language, datatype=XSD.language)))
    graph.add((iri, PKG.documentKind, Literal(doc.kind)))
    graph.add((iri, PKG.sha256, Literal(doc.sha256)))
    for drug in doc.about:
        graph.add((iri, SDO.about, URIRef(PKG_IRI + drug)))
    if doc.url:
        graph.add((iri, SDO.url, URIRef(doc.url)))


def _add_statement(asserted: Graph, evidence: Graph, statement: Statement,
                   doc: Document) -> None:
    subject = URIRef(PKG_IRI + statement.subject)
    predicate = URIRef(PKG_IRI + statement.relation)
    # Dose and quantity nodes describe what the source states even when it is negated, so they
    # live in the asserted graph only when the statement is asserted.
    value_graph = evidence if statement.negated else asserted
    if statement.dose is not None:
        value = _dose_node(value_graph, subject, statement.dose)
    elif statement.quantity is not None:
        value = _quantity_node(value_graph, subject, statement.quantity)
    elif statement.relation == "brandName":
        value = Literal(statement.object)
    else:
        value = URIRef(PKG_IRI + str(statement.object))
    if not statement.negated:
        asserted.add((subject, predicate, value))

    ev = evidence_iri(statement)
    target, quote_sel, position_sel = (URIRef(f"{ev}/target"), URIRef(f"{ev}/quote"),
                                       URIRef(f"{ev}/position"))
    doc_iri = document_iri(doc.id)
    for cls in (PKG.Evidence, OA.Annotation, PROV.Entity):
        evidence.add((ev, RDF.type, cls))
    evidence.add((ev, RDF.subject, subject))
    evidence.add((ev, RDF.predicate, predicate))
    evidence.add((ev, RDF.object, value))
    evidence.add((ev, PKG.fromDocument, doc_iri))
    evidence.add((ev, PROV.wasDerivedFrom, doc_iri))
    evidence.add((ev, OA.hasTarget, target))
    for key, prop in (("severity", PKG.severity), ("context", PKG.context),
                      ("population", PKG.population)):
        value_name = getattr(statement, key)
        if value_name:
            evidence.add((ev, prop, URIRef(PKG_IRI + value_name)))
    if statement.frequency:
        evidence.add((ev, PKG.frequencyWords, Literal(statement.frequency)))
    if statement.negated:
        evidence.add((ev, PKG.negated, Literal(True)))
    _add_provenance(evidence, ev, statement)
    evidence.add((target, RDF.type, OA.SpecificResource))
    evidence.add((target, OA.hasSource, doc_iri))
    evidence.add((target, OA.hasSelector, quote_sel))
    evidence.add((target, OA.hasSelector, position_sel))
    evidence.add((quote_sel, RDF.type, OA.TextQuoteSelector))
    evidence.add((quote_sel, OA.exact, Literal(statement.quote)))
    evidence.add((quote_sel, OA.prefix, Literal(statement.prefix(doc.text))))
    evidence.add((quote_sel, OA.suffix, Literal(statement.suffix(doc.text))))
    evidence.add((position_sel, RDF.type, OA.TextPositionSelector))
    evidence.add((position_sel, OA.start, Literal(statement.start, datatype=XSD.nonNegativeInteger)))
    evidence.add((position_sel, OA.end, Literal(statement.end, datatype=XSD.nonNegativeInteger)))


def agent_iri(name: str) -> URIRef:
    return PKGD["agent/" + url_quote(name.strip().lower().replace(" ", "-"), safe="-._~")]


def _add_provenance(evidence: Graph, ev: URIRef, statement: Statement) -> None:
    """Who vouches for the statement (PROV) and whether a person wrote it or checked a
    machine proposal (``pkg:curationStatus``); machine proposals name the extraction run."""
    evidence.add((ev, TERM.curationStatus, CURATION_TERMS[statement.curation_status]))
    person = agent_iri(statement.attributed_to)
    evidence.add((ev, PROV.wasAttributedTo, person))
    evidence.add((person, RDF.type, PROV.Agent))
    evidence.add((person, RDF.type, PROV.Person if statement.reviewer else PROV.Organization))
    evidence.add((person, RDFS.label, Literal(statement.attributed_to)))
    if statement.extractor is None:
        return
    name, version = statement.extractor
    software = PKGD["agent/software/" + url_quote(name, safe="-._~") + "/"
                    + url_quote(version, safe="-._~")]
    activity = PKGD[f"activity/extraction/{statement.document}/"
                    + url_quote(f"{name}-{version}", safe="-._~")]
    evidence.add((ev, PROV.wasGeneratedBy, activity))
    evidence.add((activity, RDF.type, PROV.Activity))
    evidence.add((activity, PROV.used, document_iri(statement.document)))
    evidence.add((activity, PROV.wasAssociatedWith, software))
    evidence.add((activity, RDFS.label, Literal(f"extraction of {statement.document} by {name}")))
    evidence.add((software, RDF.type, PROV.SoftwareAgent))
    evidence.add((software, RDFS.label, Literal(f"{name} {version}")))
    if statement.confidence is not None:
        evidence.add((ev, TERM.confidence, _decimal_literal(statement.confidence)))


def build(ontology: Ontology | None = None, documents: dict[str, Document] | None = None,
          statements: list[Statement] | None = None,
          statements_dir: Path | None = None) -> BuiltGraph:
    """Build the dataset from the shipped inputs (or the ones given, for tests)."""
    ontology = ontology or Ontology.load()
    documents = documents if documents is not None else load_corpus()
    if statements is None:
        statements = load_statements(ontology, documents, statements_dir)
    dataset = Dataset()
    bind_prefixes(dataset)
    onto_graph = dataset.graph(GRAPH_ONTOLOGY)
    for triple in ontology.graph:
        onto_graph.add(triple)
    asserted = dataset.graph(GRAPH_ASSERTED)
    evidence = dataset.graph(GRAPH_EVIDENCE)
    for doc in documents.values():
        _add_document(evidence, doc)
    for statement in statements:
        _add_statement(asserted, evidence, statement, documents[statement.document])
    return BuiltGraph(dataset=dataset, documents=documents, statements=statements,
                      ontology=ontology, input_hash=compute_input_hash())
