"""The SHACL shapes accept well-formed graphs and report each defect of a broken one."""

from __future__ import annotations

from rdflib import Graph

from kg.build.validate import run_shacl

from conftest import FIXTURES


def test_mini_graph_conforms(mini_built):
    assert run_shacl(mini_built.union()) == []


def test_broken_fixture_reports_every_defect():
    graph = Graph().parse(FIXTURES / "broken-graph.ttl")
    findings = run_shacl(graph)
    by_focus = {(f.focus, f.message) for f in findings}
    assert ("pkg:nolabelum http://www.w3.org/2000/01/rdf-schema#label",
            "a drug needs exactly one rdfs:label") in by_focus
    assert any(focus.startswith("pkg:goodium") and "has no evidence record" in message
               and "hasSideEffect" in message for focus, message in by_focus)
    assert any(focus.startswith("pkgd:document/d1") and focus.endswith("pkg:sha256") for focus, _ in by_focus)
    assert any(focus.startswith("pkgd:evidence/d1/1/target") and "position selector" in message
               for focus, message in by_focus)
    assert any(focus == "pkgd:dose/1 pkg:doseUnit"
               and message == "a dose needs a unit" for focus, message in by_focus)
    # the class statement has evidence, so it is not reported as unevidenced
    assert not any("hasDrugClass" in message and "no evidence" in message
                   for _, message in by_focus)
