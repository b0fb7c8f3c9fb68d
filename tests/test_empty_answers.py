"""Issue 15 (items 2-9): answers a pharmacist can trust — an empty answer says why (CLI, Python
API, HTTP JSON), names are resolved by kind with did-you-mean, the reverse questions exist,
positional values work, and `kg analyze` resolves names like `kg query`. Run through the real
console script and the real HTTP app, on the seed graph."""

from __future__ import annotations

import json
import subprocess

import pytest

from kg.errors import KGError
from kg.query.named import run_named_query
from kg.store import open_store
from tests.conftest import KG_BIN


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    folder = tmp_path_factory.mktemp("empty-home")
    with open_store(home=folder):  # builds the seed graph once
        pass
    return folder


@pytest.fixture(scope="module")
def store(home):
    with open_store(home=home, rebuild=False) as opened:
        yield opened


def kg(home, *args: str) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, PHARMAKG_HOME=str(home))
    env.pop("PHARMAKG_RESOURCES", None)
    return subprocess.run([str(KG_BIN), *args], env=env, capture_output=True, text=True,
                          timeout=120)


# -- item 2: an empty answer says why ------------------------------------------------------------

def test_shared_side_effects_empty_names_what_each_drug_has(store):
    # 002: "Physical dependency to Klonopin can result in possible permanent cognitive
    # impairment" is clonazepam's only side effect; the two Klonopin pages are withdrawal pages.
    result = run_named_query(store, "shared-side-effects", {"drug1": "Klonopin", "drug2": "Lyrica"})
    assert len(result) == 0
    assert result.explanation.startswith(
        "clonazepam has 1 recorded side effect (cognitive impairment), stated by "
        "'Klonopin (Clonazepam) Withdrawal Symptoms'; the documents about clonazepam are "
        "'Klonopin (Clonazepam) Withdrawal Symptoms', 'Klonopin Withdrawal'. "
        # 004 Common and Less Common lists: eight side effects of pregabalin
        "pregabalin has 8 recorded side effects")
    assert result.explanation.endswith("No side effect is recorded for both")


def test_safety_silence_is_not_safety(store):
    result = run_named_query(store, "combination", {"drug1": "clonazepam", "drug2": "alcohol"})
    assert len(result) == 0
    assert result.explanation == (
        "no document in this graph discusses clonazepam together with alcohol — silence here is "
        "not evidence of safety: no source in this graph says it is safe either")
    # a non-empty answer carries no explanation
    assert run_named_query(store, "side-effects", {"drug": "Elavil"}).explanation is None


def test_cli_prints_why_and_http_json_has_empty_reason(home, store):
    done = kg(home, "query", "combination", "Klonopin", "alcohol")
    assert done.returncode == 0, done.stderr
    assert "(0 rows)\nwhy: no document in this graph discusses clonazepam together with " \
           "alcohol" in done.stdout
    as_json = kg(home, "query", "combination", "Klonopin", "alcohol", "-f", "json")
    assert json.loads(as_json.stdout)["results"]["bindings"] == []  # standard JSON untouched
    assert "why: no document in this graph discusses" in as_json.stderr
    from kg.server.pages import named

    status, data = named(store._store, "combination",
                         {"drug1": "Klonopin", "drug2": "alcohol"})
    assert status == 200 and "not evidence of safety" in data["empty_reason"]


def test_defined_class_without_inferred_points_to_the_reasoner(home, store):
    # before `kg reason --save` the name is a defined class the store has no labels for
    message = kg(home, "query", "drugs-in-class", "-p", "class=sedating drug").stderr
    assert "is a defined class whose members the reasoner infers: run `kg reason --save`" \
        in message
    saved = kg(home, "reason", "--save", "-q")
    assert saved.returncode == 0, saved.stderr
    explicit = kg(home, "query", "drugs-in-class", "sedating drug")
    assert "why: no source places a drug in sedating drug; the reasoner does (amitriptyline, " \
           "clonazepam, pregabalin): ask with --inferred" in explicit.stdout
    inferred = kg(home, "query", "drugs-in-class", "sedating drug", "--inferred", "-f", "json")
    drugs = {b["drugLabel"]["value"] for b in json.loads(inferred.stdout)["results"]["bindings"]}
    # amitriptyline and pregabalin have drowsiness (004 Common lists); clonazepam is a
    # benzodiazepine (003 "Klonopin comes from benzodiazepine family"), hence a sedative
    assert drugs == {"amitriptyline", "clonazepam", "pregabalin"}
    gaba = kg(home, "query", "drugs-in-class", "gabapentinoid", "--inferred", "-f", "json")
    # 004: "Pregabalin binds to specific calcium channels in the central nervous system"
    assert [b["drugLabel"]["value"] for b in json.loads(gaba.stdout)["results"]["bindings"]] \
        == ["pregabalin"]


# -- item 3: kinds, reverse questions ------------------------------------------------------------

def test_a_name_of_another_kind_says_what_it_is(home):
    done = kg(home, "query", "drugs-for-condition", "dizziness")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "error: --param condition: 'dizziness' (pkg:Dizziness) is an effect, not a condition; "
        "did you mean drugs-with-side-effect (effect=...) or drugs-with-withdrawal-symptom "
        "(symptom=...)?")


def test_symptom_named_condition_offers_the_disorder(home):
    done = kg(home, "query", "drugs-for-condition", "anxiety")
    assert done.returncode == 0
    assert "anxiety (pkg:Anxiety) names a symptom as well as a condition" in done.stderr
    assert "'anxiety disorder'" in done.stderr
    # 004: pregabalin is used for "Generalized Anxiety Disorder (GAD)", under anxiety disorder
    disorder = kg(home, "query", "drugs-for-condition", "anxiety disorder", "-f", "csv")
    assert "pregabalin" in disorder.stdout


def test_which_drugs_cause_dizziness(store):
    result = run_named_query(store, "drugs-with-side-effect", {"effect": "dizziness"})
    # 004 Common lists for both drugs and "increases the risk of side effects, particularly
    # drowsiness and dizziness" for the combination; 001 "drowsiness and dizziness"
    assert [(r["drugLabel"], r["documents"]) for r in result.rows] == [
        ("amitriptyline", 2), ("amitriptyline + pregabalin", 1), ("pregabalin", 1)]
    withdrawal = run_named_query(store, "drugs-with-withdrawal-symptom", {"symptom": "dizziness"})
    # 000 names dizziness among amitriptyline's withdrawal symptoms
    assert [r["drugLabel"] for r in withdrawal.rows] == ["amitriptyline"]


# -- item 8: positional values; HTTP speaks HTTP -------------------------------------------------

def test_positional_values(home):
    done = kg(home, "query", "side-effects", "Klonopin")
    assert done.returncode == 0 and "cognitive impairment" in done.stdout
    extra = kg(home, "query", "side-effects", "Klonopin", "Lyrica")
    assert extra.returncode == 2
    assert "takes 1 parameter (-p drug=...); got 2 values ('Klonopin', 'Lyrica')" in extra.stderr


def test_http_messages_name_query_parameters(store):
    from kg.server.pages import named

    raw = store._store
    status, data = named(raw, "side-effects", {})
    assert status == 400 and data["error"].startswith("query 'side-effects' needs ?drug=...")
    status, data = named(raw, "side-effects", {"drug": "zzqx"})
    assert status == 400 and data["error"].startswith("?drug=: ")


# -- items 7, 9: analyses resolve like kg query and say why --------------------------------------

def test_analyze_similar_takes_brand_names_and_says_why(home):
    for name in ("Klonopin", "klonopin", "pkg:clonazepam"):
        done = kg(home, "analyze", "similar", name)
        assert done.returncode == 0, done.stderr
        assert done.stdout == "(no results)\nwhy: clonazepam has 1 recorded side effect " \
                              "(cognitive impairment) and no other drug in this graph has it\n"
    typo = kg(home, "analyze", "regimen", "Klonopin", "Elavl")
    assert typo.returncode == 0, typo.stderr
    assert typo.stdout.startswith("regimen: clonazepam + amitriptyline")
    wrong = kg(home, "analyze", "similar", "dizziness")
    assert wrong.returncode == 2 and "is an effect, not a drug" in wrong.stderr


def test_shared_effects_in_one_body_system(home):
    done = kg(home, "analyze", "shared-effects", "--body-system", "nervous system", "-f", "json")
    assert done.returncode == 0, done.stderr
    pairs = json.loads(done.stdout)
    assert pairs and all(p["terms"] for p in pairs)
    whole = json.loads(kg(home, "analyze", "shared-effects", "-f", "json").stdout)
    top = {(p["a"], p["b"]): p["shared"] for p in whole}
    # restricted to one system, no pair shares more than over all systems
    assert all(p["shared"] <= top[(p["a"], p["b"])] for p in pairs)
    # 004: amitriptyline's and pregabalin's Common lists both have drowsiness, a nervous-system
    # abnormality in HPO
    assert any(p["label_a"] == "amitriptyline" and p["label_b"] == "pregabalin"
               and "drowsiness" in p["terms"] for p in pairs)
    bad = kg(home, "analyze", "shared-effects", "--body-system", "xyz")
    assert bad.returncode == 2 and "no body system of this graph's effects contains 'xyz'" \
        in bad.stderr


def test_reason_prints_a_verdict(home):
    done = kg(home, "reason")
    assert done.returncode == 0
    assert done.stdout.splitlines()[0].startswith("consistent: HermiT found a model")


def test_unknown_kind_is_a_user_error(store):
    from kg.query.resolve import Resolver

    with pytest.raises(KGError, match="unknown kind"):
        Resolver(store).resolve("x", "nonsense")
