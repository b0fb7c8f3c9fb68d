"""The build turns statements into asserted triples with evidence, deterministically."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.exports.rdf import to_nquads, to_ntriples, to_turtle
from kg.vocab import OA, PKG, PKGD, TERM

from conftest import MINI, REPO

DRUG = TERM["drugzepam"]


def _evidence_for(built, subject, predicate, obj):
    graph = built.evidence_graph
    return [ev for ev in graph.subjects(RDF.subject, subject)
            if (ev, RDF.predicate, predicate) in graph and (ev, RDF.object, obj) in graph]


def test_each_statement_has_one_evidence_record(mini_built):
    records = set(mini_built.evidence_graph.subjects(RDF.type, PKG.Evidence))
    assert len(records) == len(mini_built.statements) == 8


def test_asserted_triples_have_evidence_with_quote_and_offsets(mini_built):
    doc_a = next(d for d in mini_built.documents.values() if d.id == "doc_a")
    [ev] = _evidence_for(mini_built, DRUG, PKG.hasSideEffect, TERM.IncreasedBloodPressure)
    graph = mini_built.evidence_graph
    target = graph.value(ev, OA.hasTarget)
    selectors = set(graph.objects(target, OA.hasSelector))
    quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
    position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
    exact = str(graph.value(quote, OA.exact))
    start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))
    assert exact == "It raises blood pressure."
    assert doc_a.text[start:end] == exact
    assert graph.value(ev, PKG.fromDocument) == PKGD["document/doc_a"]


def test_negated_statement_has_evidence_but_no_triple(mini_built):
    records = _evidence_for(mini_built, DRUG, PKG.hasSideEffect, TERM.Dizziness)
    negated = [ev for ev in records if (ev, PKG.negated, Literal(True)) in mini_built.evidence_graph]
    assert len(records) == 2 and len(negated) == 1
    # the positive statement still asserts the triple; the negated one alone would not
    assert (DRUG, PKG.hasSideEffect, TERM.Dizziness) in mini_built.asserted_graph


def test_dose_and_half_life_are_typed_values_with_units(mini_built):
    graph = mini_built.asserted_graph
    dose = graph.value(DRUG, PKG.hasDoseRange)
    assert graph.value(dose, PKG.minDose).toPython() == 1
    assert graph.value(dose, PKG.maxDose).toPython() == 2
    assert graph.value(dose, PKG.doseUnit) == URIRef("http://qudt.org/vocab/unit/MilliGM")
    assert graph.value(dose, PKG.population) == TERM.Adults
    half_life = graph.value(DRUG, PKG.hasEliminationHalfLife)
    assert graph.value(half_life, PKG.numericValue).toPython() == 10
    assert graph.value(half_life, PKG.unit) == URIRef("http://qudt.org/vocab/unit/HR")


def test_contradicting_sources_are_visible(mini_built):
    union = mini_built.union()
    rows = list(union.query("""
        PREFIX pkg: <https://w3id.org/pharmakg/ontology/>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?docA ?docB WHERE {
          ?a rdf:subject ?drug ; rdf:object ?x ; pkg:fromDocument ?docA .
          ?b rdf:subject ?drug ; rdf:object ?y ; pkg:fromDocument ?docB .
          ?x pkg:oppositeOf ?y .
        }"""))
    assert [(str(a).rsplit("/", 1)[1], str(b).rsplit("/", 1)[1]) for a, b in rows] == \
        [("doc_a", "doc_b")]


def test_turtle_round_trips_through_rdflib_and_pyoxigraph(mini_built):
    data = to_turtle(mini_built)
    original = mini_built.union()
    reparsed = Graph().parse(data=data, format="turtle")
    if not isomorphic(original, reparsed):
        _, only_original, only_reparsed = graph_diff(to_isomorphic(original),
                                                     to_isomorphic(reparsed))
        raise AssertionError(f"only in original:\n{only_original.serialize(format='nt')}\n"
                             f"only in reparsed:\n{only_reparsed.serialize(format='nt')}")
    quads = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(original)


def test_nquads_keep_named_graphs_apart(mini_built):
    lines = to_nquads(mini_built).decode().splitlines()
    graphs = {line.rsplit(" ", 2)[-2] for line in lines}
    assert graphs == {f"<{PKGD}graph/{name}>" for name in ("ontology", "asserted", "evidence")}
    assert lines == sorted(lines)
    assert len(to_ntriples(mini_built, "data").decode().splitlines()) == \
        len(mini_built.asserted_graph) + len(mini_built.evidence_graph)


_EXPORT_SCRIPT = """
import sys
from pathlib import Path
from kg.build.graph import build
from kg.sources.corpus import load_corpus
from kg.sources.ontology import Ontology
from kg.exports.rdf import to_turtle, to_trig
root = Path(sys.argv[1])
built = build(Ontology.load(root / "ontology/pharmakg.ttl"), load_corpus(root / "data/corpus"),
              statements_dir=root / "data/statements")
sys.stdout.buffer.write(to_turtle(built) + to_trig(built))
"""


def test_exports_are_byte_identical_across_processes():
    outputs = []
    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", _EXPORT_SCRIPT, str(MINI)],
                                capture_output=True, check=True,
                                env={"PYTHONHASHSEED": seed, "PATH": ""}, cwd=REPO)
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] and len(outputs[0]) > 1000
