"""The offline lexicons (``kg.lexicons``): drug names, HPO phenotypes, ICD-10-CM conditions.

Expected answers come from the packages' own data: the drug dictionary lists Xanax as a brand of
alprazolam (DrugBank DB00404); HPO 2025-01-16 has "Dizziness" as a layperson synonym of Vertigo
(HP:0002321, under Abnormal vestibular function, under Abnormality of the ear); ICD-10-CM codes
generalized anxiety disorder as F41.1. The texts scanned below are written for these tests.
"""

from __future__ import annotations

import os
import pickle

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kg.lexicons import (DrugLexicon, credits, load_conditions, load_drugs, load_phenotypes)
from kg.lexicons.cache import cache_path, cached
from kg.lexicons.stoplists import COMMON_WORDS
from kg.lexicons.text import key

FUZZ_EXAMPLES = int(os.environ.get("PHARMAKG_FUZZ_EXAMPLES", "60"))


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("lexicon-home")


@pytest.fixture(scope="module")
def drugs(home):
    return load_drugs(home)


@pytest.fixture(scope="module")
def phen(home):
    return load_phenotypes(home)


@pytest.fixture(scope="module")
def cond(home):
    return load_conditions(home)


@pytest.mark.parametrize("name", ["Xanax", "XANAX", " xanax! ", "alprazolam", "Alprazolam."])
def test_drug_names_brands_and_generics_match(drugs, name):
    entry = drugs.match(name)
    assert entry is not None and entry.name == "alprazolam"
    assert entry.drugbank == "DB00404" and entry.is_drug
    assert "xanax" in entry.synonyms


def test_drug_match_ignores_spacing_and_hyphens(drugs):
    assert drugs.match("GABA-A receptor").key == drugs.match("gaba a receptor").key
    assert drugs.match("co codamol") is not None and drugs.match("cocodamol") is not None
    assert drugs.match("no such medicine zzq") is None
    assert drugs.match("") is None and drugs.match("  --  ") is None


def test_neurotransmitters_classes_and_targets_are_told_apart(drugs):
    gaba, serotonin = drugs.match("GABA"), drugs.match("serotonin")
    assert gaba.neurotransmitter and not gaba.is_drug
    assert serotonin.kind == "neurotransmitter"
    assert drugs.match("benzodiazepines").kind == "class"     # a MeSH chemical group
    assert drugs.match("analgesics").kind == "class"          # a MeSH pharmacological action
    assert drugs.match("GABA-A receptor").kind == "target"
    assert drugs.match("clonazepam").is_drug and drugs.match("melatonin").is_drug


def test_drug_scan_finds_names_with_offsets_and_skips_everyday_words(drugs):
    text = ("Today I was alert. My doctor swapped Xanax for clonazepam (Klonopin); "
            "both act on GABA.")
    found = drugs.scan(text)
    assert [(m.surface, m.entry.name) for m in found] == [
        ("Xanax", "alprazolam"), ("clonazepam", "clonazepam"), ("Klonopin", "clonazepam"),
        ("GABA", "gamma-aminobutyric acid")]
    assert all(text[m.start:m.end] == m.surface for m in found)
    assert [m.surface for m in found if m.entry.is_drug] == ["Xanax", "clonazepam", "Klonopin"]


def test_scan_prefers_the_longest_name(cond, phen):
    text = "She was treated for generalized anxiety disorder and blurred vision."
    assert [(m.surface, m.entry.code) for m in cond.scan(text)] == [
        ("generalized anxiety disorder", "F41.1")]
    assert [(m.surface, m.entry.id) for m in phen.scan(text)][-1] == (
        "blurred vision", "HP:0000622")


def test_phenotypes_layperson_synonyms_and_body_systems(phen):
    vertigo = phen.match("dizziness")
    assert vertigo.id == "HP:0002321" and vertigo.label == "Vertigo"
    assert "HP:0001751" in vertigo.parents
    system = phen.body_system("HP:0002321")
    assert (system.id, system.label) == ("HP:0000598", "Abnormality of the ear")
    assert "HP:0000118" in system.parents
    assert phen.body_system("HP:0000118") is None and phen.body_system("HP:9999999") is None


def test_phenotypes_keep_only_the_phenotypic_abnormality_subtree(phen):
    assert phen.get("HP:0000118") is not None
    assert phen.get("HP:0000006") is None          # Autosomal dominant inheritance
    assert phen.match("Autosomal dominant inheritance") is None
    assert phen.get("HP:0000001") is None          # All
    assert all(phen.body_systems(i) for i in ("HP:0001250", "HP:0002019", "HP:0000822"))


def test_every_phenotype_reaches_a_body_system(phen):
    ids = [row[0] for row in phen.rows if row[0] != "HP:0000118"]
    missing = [i for i in ids[:: max(1, len(ids) // 500)] if not phen.body_systems(i)]
    assert missing == []


def test_conditions(cond):
    gad = cond.match("generalized anxiety disorder")
    assert (gad.code, gad.label) == ("F41.1", "Generalized anxiety disorder")
    assert gad.parent == "F41"
    assert cond.match("Anxiety state").code == "F41.1"          # an inclusion term
    assert cond.get("F41.1") == gad and cond.get("Z99.99") is None


def test_credits_name_sources_releases_and_licences(home):
    lines = credits(home)
    assert len(lines) == 3
    assert "2025-01-16" in lines[1] and "Human Phenotype Ontology" in lines[1]
    assert "MIT" in lines[0] and "ICD-10-CM" in lines[2]


def test_cache_is_reused_and_a_damaged_file_recompiled(home, drugs):
    path = cache_path("drugs", "drug-named-entity-recognition", home)
    assert path.is_file()
    with open(path, "rb") as handle:
        assert isinstance(pickle.load(handle), DrugLexicon)
    calls = []

    def compile_():
        calls.append(1)
        return drugs

    assert cached(path, DrugLexicon, compile_) is not drugs and calls == []  # read from file
    damaged = home / "damaged.pickle"
    damaged.write_bytes(b"\x80\x05not a pickle")
    assert cached(damaged, DrugLexicon, compile_) is drugs and calls == [1]
    assert isinstance(pickle.loads(damaged.read_bytes()), DrugLexicon)    # rewritten whole


_WORDS = st.sampled_from(["Xanax", "clonazepam", "today", "alert", "the", "GABA-A receptor",
                          "dizziness", "blurred", "vision", "and", "generalized", "anxiety",
                          "disorder", "Lyrica", "(", ")", ",", "-", "\n", "é", "Ω"])


@settings(derandomize=True, max_examples=FUZZ_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=25))
def test_scan_matches_are_ordered_disjoint_and_exact(drugs, phen, cond, parts):
    text = " ".join(parts)
    for lexicon in (drugs, phen, cond):
        found = lexicon.scan(text)
        for m in found:
            assert text[m.start:m.end] == m.surface
            assert key(m.surface) not in COMMON_WORDS and len(key(m.surface)) >= 4
            assert lexicon.match(m.surface) is not None
        assert all(a.end <= b.start for a, b in zip(found, found[1:]))


# -- resolving any drug: a known drug the graph does not cover -----------------------------------
# The seed documents cover amitriptyline, clonazepam, pregabalin, kava, melatonin, alcohol and
# amitriptyline + pregabalin (documents.yaml); alprazolam (Xanax) and nortriptyline are in none.

@pytest.fixture(scope="module")
def shared_lexicons(tmp_path_factory):
    """One compiled lexicon cache for every home and process of these tests."""
    folder = tmp_path_factory.mktemp("lexicons")
    saved = os.environ.get("PHARMAKG_LEXICONS")
    os.environ["PHARMAKG_LEXICONS"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("PHARMAKG_LEXICONS", None)
    else:
        os.environ["PHARMAKG_LEXICONS"] = saved


@pytest.fixture(scope="module")
def seed_store(shared_lexicons, tmp_path_factory):
    from kg.store import open_store

    with open_store(home=tmp_path_factory.mktemp("seed-home")) as opened:
        yield opened


@pytest.mark.parametrize("typed, drug, message", [
    ("Xanax", "alprazolam", "--param drug: alprazolam (Xanax) is a known drug but no document "
                            "in this graph covers it — add one with `kg add`"),
    # close enough to amitriptyline for a fuzzy pick, but a drug of its own
    ("nortriptyline", "nortriptyline", "--param drug: nortriptyline is a known drug"),
])
def test_a_known_drug_outside_the_graph_is_named_not_refused(seed_store, typed, drug, message):
    from kg.query.named import run_named_query
    from kg.query.resolve import UncoveredDrugError

    with pytest.raises(UncoveredDrugError) as caught:
        run_named_query(seed_store, "side-effects", {"drug": typed})
    assert caught.value.message.startswith(message)
    assert caught.value.drug == drug


def test_graph_names_still_resolve_first(seed_store):
    from kg.errors import KGError
    from kg.query.resolve import Resolver, UncoveredDrugError

    resolver = Resolver(seed_store)
    assert resolver.resolve("Elavil", "drug").curie == "pkg:amitriptyline"
    typo = resolver.resolve("Klonopine", "drug")          # not a lexicon name: the fuzzy pick
    assert (typo.curie, typo.exact) == ("pkg:clonazepam", False)
    with pytest.raises(KGError) as caught:                 # a neurotransmitter is no drug
        resolver.resolve("serotonin", "drug")
    assert not isinstance(caught.value, UncoveredDrugError)
    assert "no drug or drug combination is called 'serotonin'" in caught.value.message


def test_cli_says_the_drug_is_known_and_exits_2(shared_lexicons, kg_env):
    import subprocess

    from tests.conftest import KG_BIN

    env = dict(kg_env, PHARMAKG_LEXICONS=str(shared_lexicons))
    done = subprocess.run([str(KG_BIN), "query", "side-effects", "-p", "drug=Xanax"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines()[-1] == (
        "error: --param drug: alprazolam (Xanax) is a known drug but no document in this graph "
        "covers it — add one with `kg add`")


def test_http_api_answers_404_with_the_message(shared_lexicons, built):
    import pyoxigraph
    from starlette.testclient import TestClient

    from kg.exports.rdf import to_nquads
    from kg.server.app import PHARMAKG_DEFAULT_GRAPHS, create_app

    store = pyoxigraph.Store()
    store.bulk_load(to_nquads(built), format=pyoxigraph.RdfFormat.N_QUADS)
    with TestClient(create_app(store, default_graphs=PHARMAKG_DEFAULT_GRAPHS,
                               workers=1)) as client:
        missing = client.get("/api/queries/side-effects", params={"drug": "Xanax"})
        assert missing.status_code == 404
        assert missing.json()["error"].startswith("?drug=: alprazolam (Xanax) is a known "
                                                  "drug but no document")
        unknown = client.get("/api/queries/side-effects", params={"drug": "zzqx"})
        assert unknown.status_code == 400
        assert client.get("/api/queries/side-effects", params={"drug": "Elavil"}).status_code == 200
