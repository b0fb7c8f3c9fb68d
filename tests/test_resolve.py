"""Name resolution (``kg.query.resolve``): what people type → one ontology term, on the seed graph.

Brand names come from the documents (000: "Amitriptyline is sold under brand name Elavil.",
002: "Klonopin (Clonazepam) Withdrawal Symptoms") and the ontology's synonyms (Lyrica,
Rivotril, GAD, ...). Also ambiguity, no match, and values that try to change the query.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import KGError
from kg.query.named import load_query_file, run_named_query
from kg.query.resolve import Resolver, normalize
from kg.store import Term, open_store
from kg.store.base import PKG_IRI
from kg.store.oxigraph import OxigraphStore

G_ONTOLOGY = "<https://w3id.org/pharmakg/data/graph/ontology>"
G_ASSERTED = "<https://w3id.org/pharmakg/data/graph/asserted>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("resolve-home")


@pytest.fixture(scope="module")
def store(home):
    with open_store(home=home) as opened:
        yield opened


@pytest.fixture(scope="module")
def resolver(store):
    return Resolver(store)


def curie_of(resolver, text: str, kind: str) -> str:
    return resolver.resolve(text, kind).curie


# -- exact matches: labels, synonyms, brand names, CURIEs, IRIs --------------------------------

@pytest.mark.parametrize("text, kind, expected", [
    ("Elavil", "drug", "pkg:amitriptyline"),           # 000 / 001 brand name
    ("elavil", "drug", "pkg:amitriptyline"),
    ("klonopin", "drug", "pkg:clonazepam"),            # 002 / 003 brand name
    ("KLONOPIN", "drug", "pkg:clonazepam"),
    ("Rivotril", "drug", "pkg:clonazepam"),            # ontology synonym
    ("Lyrica", "drug", "pkg:pregabalin"),
    ("Kava Kava", "drug", "pkg:kava"),                 # 003: "melatonin and Kava Kava"
    ("amitriptyline hydrochloride", "drug", "pkg:amitriptyline"),
    ("Amitriptyline + Pregabalin", "drug", "pkg:amitriptyline_pregabalin"),  # 004's title
    ("amitriptyline and pregabalin", "drug", "pkg:amitriptyline_pregabalin"),
    ("GABA-A receptor", "mechanism", "pkg:GABAAReceptor"),
    ("gaba a receptor", "mechanism", "pkg:GABAAReceptor"),
    ("GABA(A) receptor", "mechanism", "pkg:GABAAReceptor"),
    ("SERT", "mechanism", "pkg:SLC6A4"),
    ("generalized anxiety disorder", "condition", "pkg:GeneralizedAnxietyDisorder"),
    ("Generalised Anxiety-Disorder!", "condition", "pkg:GeneralizedAnxietyDisorder"),
    ("GAD", "condition", "pkg:GeneralizedAnxietyDisorder"),
    ("bedwetting", "condition", "pkg:Enuresis"),
    ("TCA", "class", "pkg:TricyclicAntidepressant"),
    ("benzodiazepine family", "class", "pkg:Benzodiazepine"),  # 003's words
    ("has side effect", "relation", "pkg:hasSideEffect"),
    ("hasSideEffect", "relation", "pkg:hasSideEffect"),     # the local name
    ("pkg:clonazepam", "drug", "pkg:clonazepam"),
    ("https://w3id.org/pharmakg/ontology/clonazepam", "drug", "pkg:clonazepam"),
    ("<https://w3id.org/pharmakg/ontology/clonazepam>", "drug", "pkg:clonazepam"),
    ("pkg:Clonazepam", "drug", "pkg:clonazepam"),           # CURIEs are case-insensitive too
    ("  amitriptyline_pregabalin ", "drug", "pkg:amitriptyline_pregabalin"),
])
def test_exact_names_resolve(resolver, text, kind, expected):
    match = resolver.resolve(text, kind)
    assert (match.curie, match.exact) == (expected, True)


def test_resolution_carries_the_label_and_what_was_typed(resolver):
    match = resolver.resolve("Elavil", "drug")
    assert (match.iri, match.label, match.matched) == (PKG_IRI + "amitriptyline", "amitriptyline", "Elavil")


def test_normalize_ignores_case_accents_spaces_and_punctuation():
    assert normalize("Généralized  Anxiety-Disorder!") == normalize("generalized anxiety disorder")
    assert normalize("GABA(A) receptor") == normalize("gaba-a Receptor") == "gabaareceptor"


def test_exact_match_wins_over_closer_looking_terms(resolver):
    # "anxiety" is a term of its own; anxiety disorder and rebound anxiety start the same way
    assert curie_of(resolver, "anxiety", "condition") == "pkg:Anxiety"
    assert curie_of(resolver, "pain", "condition") == "pkg:Pain"
    assert curie_of(resolver, "antidepressant", "class") == "pkg:Antidepressant"


def test_the_same_name_resolves_within_the_kind_asked_for(resolver):
    # anxiety is both a condition and an effect (one term); a drug it is not
    assert curie_of(resolver, "anxiety", "effect") == "pkg:Anxiety"
    # ... and the message says what it is and which questions take it (issue 15 item 3)
    with pytest.raises(KGError, match=r"'anxiety' \(pkg:Anxiety\) is a condition, not a drug or "
                                      r"drug combination; did you mean drugs-for-condition"):
        resolver.resolve("anxiety", "drug")
    # a CURIE of another kind is refused, not silently used
    with pytest.raises(KGError, match="'pkg:Dizziness' is not a known drug or drug combination"):
        resolver.resolve("pkg:Dizziness", "drug")
    with pytest.raises(KGError, match="is not a known drug class"):
        resolver.resolve("pkg:amitriptyline", "class")


def test_brand_names_stated_only_by_a_source_resolve():
    """A ``pkg:brandName`` from a document (no synonym in the ontology) is a name too."""
    drug = f"<{PKG_IRI}fictozepam>"
    store = OxigraphStore.in_memory((
        f"{drug} {TYPE} <{PKG_IRI}Drug> {G_ONTOLOGY} .\n"
        f'{drug} {LABEL} "fictozepam"@en {G_ONTOLOGY} .\n'
        f'{drug} <{PKG_IRI}brandName> "Fictonil" {G_ASSERTED} .\n').encode())
    match = Resolver(store).resolve("FICTONIL", "drug")
    assert (match.curie, match.exact) == ("pkg:fictozepam", True)


# -- fuzzy matches -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, expected", [
    ("amitriptylin", "drug", "pkg:amitriptyline"),
    ("Klonopine", "drug", "pkg:clonazepam"),
    ("pregablin", "drug", "pkg:pregabalin"),
    ("Elavl", "drug", "pkg:amitriptyline"),
    ("neuropathic", "condition", "pkg:NeuropathicPain"),
])
def test_single_best_fuzzy_match_is_taken_and_marked(resolver, text, kind, expected):
    match = resolver.resolve(text, kind)
    assert (match.curie, match.exact) == (expected, False)


# -- ambiguity and no match ----------------------------------------------------------------------

def test_a_name_of_two_terms_is_ambiguous_with_both_candidates(resolver):
    # pkg:Severity (a class) and pkg:severity (a property) are both labelled "severity"
    with pytest.raises(KGError) as caught:
        resolver.resolve("severity", "term", param="object")
    message = caught.value.message
    assert message.startswith("--param object: 'severity' is ambiguous; did you mean ")
    assert "(pkg:Severity)" in message and "(pkg:severity)" in message
    assert "give the CURIE to choose" in message
    assert curie_of(resolver, "pkg:Severity", "term") == "pkg:Severity"  # the CURIE chooses


def test_a_synonym_shared_by_two_drugs_is_ambiguous():
    a, b = f"<{PKG_IRI}drugone>", f"<{PKG_IRI}drugtwo>"
    quads = "".join(f"{d} {TYPE} <{PKG_IRI}Drug> {G_ONTOLOGY} .\n"
                    f'{d} {LABEL} "{name}"@en {G_ONTOLOGY} .\n'
                    f'{d} {ALT} "Sharix"@en {G_ONTOLOGY} .\n'
                    for d, name in ((a, "drugone"), (b, "drugtwo")))
    resolver = Resolver(OxigraphStore.in_memory(quads.encode()))
    with pytest.raises(KGError, match=r"'sharix' is ambiguous; did you mean 'drugone' "
                                      r"\(pkg:drugone\), 'drugtwo' \(pkg:drugtwo\)"):
        resolver.resolve("sharix", "drug")


def test_equally_good_fuzzy_matches_list_the_candidates(resolver):
    with pytest.raises(KGError) as caught:
        resolver.resolve("GABA", "mechanism", param="mechanism")
    message = caught.value.message
    assert "no mechanism of action or molecular target is called 'GABA'; did you mean" in message
    assert "'GABA-A receptor' (pkg:GABAAReceptor)" in message
    assert "(pkg:GABAAReceptorPositiveModulation)" in message
    with pytest.raises(KGError) as caught:
        resolver.resolve("chronic", "condition")
    for curie in ("pkg:ChronicPain", "pkg:ChronicBackPain", "pkg:ChronicNeuropathicPain"):
        assert curie in caught.value.message


def test_no_match_lists_the_known_terms_of_a_small_kind(resolver):
    with pytest.raises(KGError) as caught:
        resolver.resolve("zzzz", "drug", param="drug")
    message = caught.value.message
    assert message.startswith("--param drug: no drug or drug combination is called 'zzzz'; known ones: ")
    for curie in ("pkg:alcohol", "pkg:amitriptyline", "pkg:clonazepam", "pkg:kava",
                  "pkg:melatonin", "pkg:pregabalin", "pkg:amitriptyline_pregabalin"):
        assert curie in message
    # a large kind is not listed in full
    with pytest.raises(KGError, match="no condition is called 'xqxqxq' \\(see `kg query --sparql`"):
        resolver.resolve("xqxqxq", "condition")
    with pytest.raises(KGError, match="empty name"):
        resolver.resolve(" -- ", "drug")
    with pytest.raises(KGError, match="unknown kind of term 'dosage'"):
        resolver.resolve("Elavil", "dosage")


# -- values that try to change the query ---------------------------------------------------------

def test_quotes_and_braces_are_only_punctuation_of_a_name(store):
    expected = run_named_query(store, "side-effects", {"drug": "klonopin"}).bindings
    assert len(expected) == 1  # 002: "possible permanent cognitive impairment"
    for text in ('{Klonopin}', '"Klonopin"', "'klonopin'", "Klonopin }"):
        assert run_named_query(store, "side-effects", {"drug": text}).bindings == expected


@pytest.mark.parametrize("text", [
    'Klonopin" } UNION { ?effect ?p ?o } #',
    "klonopin> } UNION { ?effect ?p ?o",
    "https://w3id.org/pharmakg/ontology/clonazepam> } UNION { ?effect ?p ?o } #",
    "<https://w3id.org/pharmakg/ontology/clonazepam> } UNION { ?effect ?p ?o } <x>",
    "pkg:clonazepam } UNION { ?effect ?p ?o",
])
def test_injection_attempts_resolve_to_nothing(store, text):
    with pytest.raises(KGError, match=r"--param drug: "):
        run_named_query(store, "side-effects", {"drug": text})


def test_a_ready_made_term_cannot_smuggle_text_into_the_query(store):
    evil = Term.iri(PKG_IRI + "clonazepam> } UNION { ?effect ?p ?o } #")
    with pytest.raises(KGError, match="cannot bind"):
        run_named_query(store, "side-effects", {"drug": evil})


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_plain_string_parameters_are_bound_as_literals(tmp_path: Path, home, backend):
    """A grlc ``?_name`` parameter (no ``_iri``) is a string literal, never query text."""
    path = tmp_path / "by-label.rq"
    path.write_text("#+ summary: Drugs by exact label\n"
                    "SELECT ?drug WHERE {\n"
                    "  ?drug a pkg:Drug ; rdfs:label ?label .\n"
                    "  FILTER(STR(?label) = ?_name)\n"
                    "}\n")
    query = load_query_file(path)
    assert [(p.name, p.kind) for p in query.params] == [("name", "literal")]
    with open_store(backend, home=home) as opened:
        found = run_named_query(opened, query, {"name": "clonazepam"})
        assert found.column("drug") == [PKG_IRI + "clonazepam"]
        for evil in ('x") || true || ("', 'x" } UNION { ?drug ?p ?o } #', "x' || 1 = 1 || '"):
            assert len(run_named_query(opened, query, {"name": evil})) == 0
