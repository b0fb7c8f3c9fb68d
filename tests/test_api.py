"""The Python API (``from kg import KnowledgeGraph``) on the real seed graph."""

from __future__ import annotations

import pytest

from kg import KnowledgeGraph
from kg.errors import KGError


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("api-home")


@pytest.fixture(scope="module")
def kg(home):
    messages: list[str] = []
    graph = KnowledgeGraph.open(home=home, notify=messages.append)
    graph.build_messages = messages
    yield graph
    graph.close()


def test_open_builds_a_missing_graph_and_says_so(kg, home):
    assert any("building the knowledge graph" in m for m in kg.build_messages)
    assert (home / "build" / "manifest.json").is_file()
    again: list[str] = []
    with KnowledgeGraph.open(home=home, notify=again.append) as second:
        assert len(second.query("sources")) == 5
    assert again == []  # current build: opened, not rebuilt


def test_shared_side_effects_by_brand_names(kg):
    # 004 (Amitriptyline + Pregabalin): "Common: Dry mouth, constipation, blurred vision,
    # drowsiness, dizziness, weight gain." for one and "Dizziness, drowsiness, weight gain,
    # fatigue, blurred vision." for the other
    result = kg.query("shared-side-effects", drug1="Elavil", drug2="Lyrica")
    labels = {row["effectLabel"] for row in result.rows}
    assert {"dizziness", "drowsiness", "weight gain", "blurred vision"} <= labels
    frame = result.df
    assert list(frame.columns) == result.vars
    assert sorted(frame["effectLabel"]) == sorted(row["effectLabel"] for row in result.rows)


def test_backends_agree(kg, home):
    with KnowledgeGraph.open("rdflib", home=home) as in_memory:
        for name, params in [("drugs-in-class", {"class": "benzodiazepine"}),
                             ("withdrawal-symptoms", {"drug": "klonopin"})]:
            expected = sorted(map(repr, kg.query(name, **params).bindings))
            assert sorted(map(repr, in_memory.query(name, **params).bindings)) == expected


def test_resolution_and_its_errors(kg):
    assert kg.resolve("KLONOPIN", "drug").curie == "pkg:clonazepam"
    with pytest.raises(KGError, match="did you mean|no drug"):
        kg.resolve("zzzz-not-a-drug", "drug")
    with pytest.raises(KGError, match="unknown query"):
        kg.query("no-such-query")


def test_sparql_and_located_syntax_errors(kg):
    ask = kg.sparql("ASK { pkg:clonazepam pkg:hasDrugClass pkg:Benzodiazepine }")
    assert ask.boolean is True
    with pytest.raises(KGError) as caught:
        kg.sparql("SELECT ?d WHERE {\n  ?d a pkg:Drug\n  FILTR(?d) }")
    assert caught.value.line == 3


def test_rdflib_view_holds_the_same_triples(kg):
    from rdflib import URIRef

    count = kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
    graph = kg.graph
    assert len(graph) == count
    drug = URIRef("https://w3id.org/pharmakg/ontology/pregabalin")
    assert (drug, None, None) in graph
    assert len(list(kg.dataset.graphs())) >= 3


def test_api_messages_name_parameters_as_python_keywords(kg):
    """A Python caller passes ``drug=``; a message about it says ``drug=``, not the CLI's
    ``--param drug``."""
    with pytest.raises(KGError) as missing:
        kg.query("side-effects")
    assert "needs drug=...;" in str(missing.value) and "--param" not in str(missing.value)
    with pytest.raises(KGError) as unknown:
        kg.query("side-effects", drug="nonexistentdrug")
    assert str(unknown.value).startswith("drug=: ") and "--param" not in str(unknown.value)
