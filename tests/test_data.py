"""The curated data tested as data: the real corpus, ontology and statements."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDFS, URIRef
from rdflib.namespace import SKOS

from kg import paths
from kg.sources.corpus import load_corpus
from kg.statements.curated import STATEMENT_FIELDS, canonical_text, statement_files
from kg.build.validate import check_canonical_files, check_coverage, check_terms, validate
from kg.vocab import TERM
from kg.sources.yamlio import load_yaml

SEEDS = paths.resource_root().parent / "shared" / "seeds"


def test_corpus_is_the_seed_documents_unchanged():
    documents = load_corpus()
    assert len(documents) == 5
    for doc in documents.values():
        assert doc.title in doc.text, f"{doc.id}: title is not taken from the document"
        assert doc.language == "en" and doc.kind == "consumer drug web page"
        seed = SEEDS / f"{doc.id}.txt"
        if seed.is_file():  # shared/ is beside the checkout in development and CI
            assert seed.read_bytes() == doc.path.read_bytes()


def test_every_statement_file_names_a_document_and_only_known_keys():
    documents = load_corpus()
    files = statement_files()
    assert {f.stem for f in files} == set(documents)
    for path in files:
        data = load_yaml(path)
        assert set(data) == {"document", "statements"}
        for raw in data["statements"]:
            assert set(raw) <= set(STATEMENT_FIELDS), f"{path}:{raw.line}"


def test_every_quote_is_verbatim_at_its_offsets(built):
    for statement in built.statements:
        text = built.documents[statement.document].text
        assert text[statement.start:statement.end] == statement.quote


def test_statement_files_are_canonical(built):
    assert check_canonical_files(built) == []
    for path in statement_files():
        mine = [s for s in built.statements if s.document == path.stem]
        assert path.read_text(encoding="utf-8") == canonical_text(path.stem, mine)


def test_every_term_is_labelled_and_defined(built):
    assert check_terms(built) == []


def test_every_document_contributes_and_its_drugs_are_known(built):
    assert check_coverage(built) == []


def test_real_graph_validates(built):
    report = validate(built)
    assert report.conforms, report.render()


@pytest.mark.parametrize(("narrow", "broad"), [
    ("TricyclicAntidepressant", "Antidepressant"),
    ("GeneralizedAnxietyDisorder", "AnxietyDisorder"),
    ("PanicDisorder", "AnxietyDisorder"),
    ("PartialSeizures", "Epilepsy"),
    ("DiabeticNeuropathy", "NeuropathicPain"),
    ("PostherpeticNeuralgia", "NeuropathicPain"),
    ("MajorDepressiveDisorder", "Depression"),
])
def test_domain_hierarchy_is_in_the_ontology(built, narrow, broad):
    assert URIRef(TERM[broad]) in built.ontology.superclasses(TERM[narrow])


def test_required_terms_exist(built):
    required = ["Drug", "Antidepressant", "TricyclicAntidepressant", "Benzodiazepine",
                "Anticonvulsant", "Gabapentinoid", "Analgesic", "Sedative", "MAOInhibitor",
                "Antihistamine", "Opioid", "Antihypertensive", "GABAAReceptor", "SLC6A4", "SLC6A2",
                "CACNA2D1", "SerotoninReuptakeInhibition", "NorepinephrineReuptakeInhibition",
                "GABAAReceptorPositiveModulation", "CalciumChannelAlpha2DeltaBinding", "Insomnia",
                "Migraine", "Fibromyalgia", "Enuresis", "RestlessLegsSyndrome", "ChronicPain",
                "IncreasedBloodPressure", "LowBloodPressure", "Tapering", "amitriptyline",
                "clonazepam", "pregabalin", "amitriptyline_pregabalin"]
    missing = [name for name in required if built.ontology.term(name) is None]
    assert missing == []


def test_brand_names_are_synonyms(built):
    graph = built.ontology.graph
    assert "Elavil" in {str(a) for a in graph.objects(TERM.amitriptyline, SKOS.altLabel)}
    assert "Klonopin" in {str(a) for a in graph.objects(TERM.clonazepam, SKOS.altLabel)}
    assert str(graph.value(TERM.amitriptyline, RDFS.label)) == "amitriptyline"


def test_statements_from_the_documents(built):
    by_key = {}
    for s in built.statements:
        by_key.setdefault((s.document, s.subject, s.relation, s.object), []).append(s)
    # 000: brand name and withdrawal symptoms of amitriptyline
    assert ("000_033b171d954bfe12", "amitriptyline", "brandName", "Elavil") in by_key
    assert ("000_033b171d954bfe12", "amitriptyline", "hasWithdrawalSymptom", "BrainZaps") in by_key
    # 002: clonazepam acts on the GABA-A receptor
    assert ("002_ab8fb3dae1afe8d5", "clonazepam", "targets", "GABAAReceptor") in by_key
    # 004: low blood pressure is a serious side effect of amitriptyline
    [low] = by_key[("004_6b77e3cc453c13b6", "amitriptyline", "hasSideEffect", "LowBloodPressure")]
    assert low.severity == "Serious"
    # 001 says the opposite outcome
    assert ("001_38a3d5878a9f813d", "amitriptyline", "hasSideEffect",
            "IncreasedBloodPressure") in by_key


def test_doses_and_half_life_as_stated(built):
    doses = {(s.subject, s.dose.min, s.dose.max, s.dose.unit) for s in built.statements
             if s.dose is not None}
    assert ("amitriptyline", Decimal(10), Decimal(150), "mg") in doses
    assert ("pregabalin", Decimal(75), Decimal(600), "mg") in doses
    half_lives = {(s.subject, s.quantity.value, s.quantity.unit) for s in built.statements
                  if s.quantity is not None}
    assert half_lives == {("clonazepam", Decimal(35), "h")}


def test_ontology_loads_in_owlready2(built, tmp_path):
    """owlready2 reads N-Triples and RDF/XML, not Turtle: load the ontology converted."""
    import owlready2

    converted = tmp_path / "pharmakg.nt"
    built.ontology.graph.serialize(converted, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(converted.as_uri()).load(format="ntriples")
    names = {c.name for c in onto.classes()}
    assert {"TricyclicAntidepressant", "GeneralizedAnxietyDisorder", "Dizziness"} <= names
    tca = onto.search_one(iri="*TricyclicAntidepressant")
    assert onto.search_one(iri="*Antidepressant") in tca.ancestors()
