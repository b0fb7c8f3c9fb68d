"""Reasoning with owlready2/HermiT: known inferences on the mini fixture and the real graph,
the inferred graph kept apart and marked, simplification changing nothing, and a located
report for an inconsistent fixture."""

from __future__ import annotations

import shutil
import json
import subprocess
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import PROV

from kg.reasoning.hermit import (INFERRED_TRIPLE, InconsistencyError, ReasonerInput, infer, minimize,
                          reason, reason_built, reason_or_explain)
from kg.vocab import GRAPH_INFERRED, PKG_IRI, TERM
from tests.conftest import FIXTURES, KG_BIN

pytestmark = pytest.mark.slow
INCONSISTENT = FIXTURES / "inconsistent"


def P(name: str) -> URIRef:
    return URIRef(PKG_IRI + name)


def _build(resources: Path):
    from kg.build.graph import build
    from kg.sources.corpus import load_corpus
    from kg.sources.ontology import Ontology

    return build(Ontology.load(resources / "ontology" / "pharmakg.ttl"),
                 load_corpus(resources / "data" / "corpus"),
                 statements_dir=resources / "data" / "statements")


@pytest.fixture(scope="module")
def real_result(built):
    return reason_built(built)


def test_mini_class_membership_through_hierarchy(mini_built):
    result = reason_built(mini_built)
    # drugzepam hasDrugClass Benzodiazepine; Benzodiazepine ⊑ Sedative
    assert {P("Benzodiazepine"), P("Sedative")} <= result.memberships[P("drugzepam")]
    # asserted rdf:type (pkg:Drug, in the ontology) is not reported as inferred
    assert P("Drug") not in result.memberships[P("drugzepam")]


def test_real_defined_classes(real_result):
    r = real_result
    # clonazepam is a sedative (003: "As said, Klonopin comes from benzodiazepine family that
    # acts as an excellent muscle relaxant."; benzodiazepine ⊑ sedative), so a sedating drug
    # (issue 15 item 5)
    assert r.members_of(P("SedatingDrug")) == [P("amitriptyline"), P("clonazepam"),
                                               P("pregabalin")]
    # 004: "Pregabalin binds to specific calcium channels in the central nervous system ..."
    # (mechanism: alpha-2/delta binding, whose target defines a gabapentinoid)
    assert r.members_of(P("Gabapentinoid")) == [P("pregabalin")]
    assert P("clonazepam") in r.members_of(P("DependenceProducingDrug"))
    assert P("amitriptyline") in r.members_of(P("DependenceProducingDrug"))
    # serious cardiac risk: amitriptyline's irregular heartbeat is a serious side effect
    assert r.members_of(P("DrugWithSeriousCardiacRisk")) == [P("amitriptyline")]
    assert (P("amitriptyline"), P("hasSeriousSideEffect"), P("IrregularHeartbeat")) in r.derived
    assert set(r.members_of(P("CNSActingDrug"))) == {P("amitriptyline"), P("clonazepam"),
                                                     P("pregabalin")}
    assert r.acts_via[P("clonazepam")] == {P("GABAAReceptor")}
    assert r.acts_via[P("pregabalin")] == {P("CACNA2D1")}
    assert r.members_of(P("GABAergicDrug")) == [P("clonazepam")]


def test_real_tca_is_antidepressant(real_result):
    assert {P("TricyclicAntidepressant"), P("Antidepressant")} <= \
        real_result.memberships[P("amitriptyline")]


def test_real_subclass_inferences(real_result):
    assert (P("GABAergicDrug"), P("CNSActingDrug")) in real_result.subclasses
    assert (P("DrugWithSeriousCardiacRisk"), P("DrugWithCardiovascularSideEffect")) in \
        real_result.subclasses
    # told subclass relations are not reported as inferred
    assert (P("TricyclicAntidepressant"), P("Antidepressant")) not in real_result.subclasses
    assert not real_result.unsatisfiable


def test_relation_closure(real_result):
    # amitriptyline hasSideEffect IrregularHeartbeat ⊑ CardiovascularEffect
    assert (P("amitriptyline"), P("hasSideEffect"), P("CardiovascularEffect")) in real_result.closure
    # indicatedFor ⊑ biolink:treats
    treats = URIRef("https://w3id.org/biolink/vocab/treats")
    assert any(p == treats for _s, p, _o in real_result.closure)


def test_simplification_changes_no_result(built):
    a = reason_built(built, simplify=False)
    b = reason_built(built, simplify=True)
    assert b.stats["collapsed"] > 0
    assert set(a.triples()) == set(b.triples())
    assert a.acts_via == b.acts_via


def test_inferred_graph_marked_and_apart(built, real_result):
    graph = real_result.to_graph()
    assert graph.identifier == GRAPH_INFERRED
    run = real_result.run_iri()
    assert (run, RDF.type, TERM.InferenceRun) in graph
    assert (run, PROV.generated, GRAPH_INFERRED) in graph
    records = set(graph.subjects(RDF.type, INFERRED_TRIPLE))
    assert len(records) == len(real_result.triples())
    for record in records:
        assert (record, PROV.wasGeneratedBy, run) in graph
        triple = (graph.value(record, RDF.subject), graph.value(record, RDF.predicate),
                  graph.value(record, RDF.object))
        assert triple in graph
    # no evidence records pretended, nothing shared with the asserted graph
    assert not set(graph.subjects(RDF.type, TERM.Evidence))
    assert not set(graph.predicates(None, TERM.fromDocument))
    asserted = built.asserted_graph
    assert not [t for t in asserted if t in graph]
    # evidence-qualifier triples point at real evidence records
    derived = [r for r in records if (r, PROV.wasDerivedFrom, None) in graph]
    assert derived
    for r in derived:
        for ev in graph.objects(r, PROV.wasDerivedFrom):
            assert (ev, RDF.type, TERM.Evidence) in built.evidence_graph


def test_infer_is_deterministic(built):
    a = infer(built).serialize(format="nt")
    b = infer(built).serialize(format="nt")
    assert sorted(a.splitlines()) == sorted(b.splitlines())


def test_evidence_not_translated(built):
    inp = ReasonerInput.from_built(built)
    assert not [t for t in inp.asserted if str(t[0]).startswith("https://w3id.org/pharmakg/data/evidence")]


def test_inconsistent_fixture_is_located():
    built = _build(INCONSISTENT)
    with pytest.raises(InconsistencyError) as caught:
        reason_or_explain(built)
    explanation = caught.value.explanation
    assert set(explanation.statements) == {(P("drugzepam"), P("hasDrugClass"), P("Pressor")),
                                           (P("drugzepam"), P("hasSideEffect"), P("LowBloodPressure"))}
    report = caught.value.describe()
    assert "doc_c.yaml:3" in report and "Drugzepam lowers blood pressure." in report
    assert "pkg:IncreasedBloodPressure DisjointWith pkg:LowBloodPressure" in report
    assert "pkg:Pressor SubClassOf (pkg:hasSideEffect only pkg:IncreasedBloodPressure)" in report


def test_individual_in_two_disjoint_classes(mini_copy):
    """A drug stated to be in two disjoint drug classes."""
    onto = mini_copy / "ontology" / "pharmakg.ttl"
    onto.write_text(onto.read_text() + '\npkg:Stimulant a owl:Class ; rdfs:subClassOf pkg:Drug ; '
                    'owl:disjointWith pkg:Sedative ; rdfs:label "stimulant"@en ; '
                    'skos:definition "A class."@en .\n')
    stmts = mini_copy / "data" / "statements" / "doc_b.yaml"
    stmts.write_text(stmts.read_text() + "- subject: drugzepam\n  relation: hasDrugClass\n"
                     "  object: Stimulant\n  quote: Drugzepam lowers blood pressure.\n")
    with pytest.raises(InconsistencyError) as caught:
        reason_or_explain(_build(mini_copy))
    assert set(caught.value.explanation.statements) == {
        (P("drugzepam"), P("hasDrugClass"), P("Benzodiazepine")),
        (P("drugzepam"), P("hasDrugClass"), P("Stimulant"))}
    assert "pkg:Stimulant DisjointWith pkg:Sedative" in caught.value.describe()


def test_minimize_finds_minimal_subset():
    clash = {3, 7}
    assert sorted(minimize(list(range(10)), lambda xs: clash <= set(xs))) == [3, 7]


def test_cli_reason_reports_and_saves(kg_env, tmp_path):
    out = tmp_path / "inferred.nq"
    done = subprocess.run([str(KG_BIN), "reason", "--save", "--out", str(out)], env=kg_env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("consistent: HermiT found a model")  # the verdict, first
    assert "SedatingDrug: amitriptyline, clonazepam, pregabalin" in done.stdout
    assert "GABAergicDrug ⊑ CNSActingDrug" in done.stdout
    assert out.read_text().count(f"<{GRAPH_INFERRED}>") > 100
    stored = Path(kg_env["PHARMAKG_HOME"]) / "build" / "inferred.nq"
    assert stored.read_bytes() == out.read_bytes()

    def sedating(*flags: str) -> set[str]:
        done = subprocess.run(
            [str(KG_BIN), "query", *flags, "--format", "json", "--sparql",
             "SELECT ?d WHERE { ?d a pkg:SedatingDrug }"],
            env=kg_env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return {b["d"]["value"].rsplit("/", 1)[1]
                for b in json.loads(done.stdout)["results"]["bindings"]}

    assert sedating("--inferred") == {"amitriptyline", "clonazepam", "pregabalin"}
    assert sedating() == set()  # the explicit graphs hold no inferred membership
    # a rebuild from the same inputs keeps the saved inferred graph in the query store
    rebuilt = subprocess.run([str(KG_BIN), "build"], env=kg_env, capture_output=True, text=True)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert sedating("--inferred") == {"amitriptyline", "clonazepam", "pregabalin"}
    # and `kg serve --inferred` serves it over HTTP
    import urllib.parse
    import urllib.request

    from kg.server.process import ServeProcess

    with ServeProcess(["--inferred"], env=kg_env) as server:
        url = server.url + "/sparql?" + urllib.parse.urlencode(
            {"query": "PREFIX pkg: <https://w3id.org/pharmakg/ontology/> "
                      "SELECT ?d WHERE { ?d a pkg:SedatingDrug }"})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            served = json.load(response)
    assert {b["d"]["value"].rsplit("/", 1)[1] for b in served["results"]["bindings"]} == \
        {"amitriptyline", "clonazepam", "pregabalin"}


def test_cli_reason_inconsistent_exits_1(kg_env, tmp_path):
    env = dict(kg_env, PHARMAKG_RESOURCES=str(INCONSISTENT))
    done = subprocess.run([str(KG_BIN), "reason"], env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "clashing statements" in done.stderr and "doc_b.yaml" in done.stderr
    assert done.stderr.startswith("inconsistent: these statements clash: ")  # the verdict


def test_an_inferred_graph_of_other_inputs_is_not_saved_into_the_build(kg_env):
    """`kg reason --save` writes under the build lock into the current generation, and only
    when that build was made from the inputs the inferred graph was computed from."""
    from kg.errors import KGError
    from kg.reasoning.hermit import Result, save_inferred

    home = Path(kg_env["PHARMAKG_HOME"])
    done = subprocess.run([str(KG_BIN), "build"], env=kg_env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    stale = Result(memberships={}, subclasses=set(), equivalences=set(), unsatisfiable=set(),
                   closure=set(), derived={}, acts_via={}, timings={}, stats={},
                   input_hash="0" * 64)
    with pytest.raises(KGError, match="other inputs"):
        save_inferred(stale, home)
    assert (home / "build").is_symlink() and not (home / "build" / "inferred.nq").exists()
