"""kg.analysis on the seed graph, checked against what the five documents say."""

from __future__ import annotations

import pytest

from kg.analysis import central, edges, explain, network, regimen, shared, similar
from kg.vocab import PKG_IRI


@pytest.fixture(scope="module")
def table(built):
    return edges.from_built(built)


def labels(pairs):
    return [(p.label_a, p.label_b) for p in pairs]


def test_edge_table_reads_drugs_terms_and_evidence(table):
    assert {table.label(d) for d in table.drugs()} >= {
        "amitriptyline", "clonazepam", "pregabalin", "amitriptyline + pregabalin"}
    assert table.kind(PKG_IRI + "amitriptyline_pregabalin") == "combination"
    assert table.kind(PKG_IRI + "Dizziness") == "effect"
    rows = {(table.label(s), p, table.label(o)): (n, sev) for s, p, o, n, sev in table.rows()}
    # 004: "* **Common:** Dizziness, drowsiness, weight gain, fatigue, blurred vision." (pregabalin)
    assert rows[("pregabalin", "hasSideEffect", "dizziness")] == (1, 1)
    # 004: "Less Common but Serious: ... allergic reactions ..."
    assert rows[("pregabalin", "hasSideEffect", "allergic reaction")][1] == 2


def test_quotes_are_verbatim_in_their_documents(table, built):
    for (s, p, o), quotes in table.quotes.items():
        for q in quotes:
            text = built.documents[q.document].text
            assert text[q.start:q.end] == q.quote


def test_networkx_conversion_is_typed_and_relation_labelled(table):
    g = network.to_networkx(table)
    ami = PKG_IRI + "amitriptyline"
    assert g.nodes[ami]["kind"] == "drug" and g.nodes[ami]["label"] == "amitriptyline"
    data = g.get_edge_data(ami, PKG_IRI + "Drowsiness")
    assert data["hasSideEffect"]["evidence"] >= 2
    # migraine: withdrawal symptom (000), indication (001) and off-label use: three keyed edges
    assert {"hasWithdrawalSymptom", "indicatedFor"} <= set(g.get_edge_data(ami, PKG_IRI + "Migraine"))
    b = network.bipartite(table, ["side-effects"])
    assert b.degree(PKG_IRI + "Dizziness") == 3


def test_shared_side_effects_of_the_seed_drugs(table):
    pairs = shared.shared_pairs(table, "side-effects", top=10)
    # 004 lists dry mouth, constipation, blurred vision, drowsiness, dizziness, weight gain for
    # amitriptyline and dizziness, drowsiness, weight gain, fatigue, blurred vision for pregabalin
    first = pairs[0]
    assert (first.label_a, first.label_b) == ("amitriptyline", "pregabalin")
    assert set(first.terms) == {"blurred vision", "dizziness", "drowsiness", "weight gain"}
    assert first.shared == 4
    # the combination shares dizziness, drowsiness and weight gain (004, combined-use Q&A)
    assert ("amitriptyline + pregabalin", "pregabalin") in labels(pairs)
    # clonazepam's only side effect in the corpus (cognitive impairment) is nobody else's
    assert all("clonazepam" not in pair for pair in labels(pairs))


def test_shared_withdrawal_symptoms(table):
    pairs = shared.shared_pairs(table, "withdrawal", top=5)
    # 000 (amitriptyline discontinuation: anxiety, depression, fatigue ...) vs 002/003 (Klonopin:
    # anxiety, insomnia, depression, fatigue, seizures ...)
    assert labels(pairs)[0] == ("amitriptyline", "clonazepam")
    assert {"anxiety", "depression", "fatigue"} <= set(pairs[0].terms)


def test_jaccard_and_severity_scores(table):
    by_jaccard = shared.shared_pairs(table, "side-effects", metric="jaccard", top=3)
    # the combination's 3 effects are all pregabalin's: 3 / 8
    assert labels(by_jaccard)[0] == ("amitriptyline + pregabalin", "pregabalin")
    assert by_jaccard[0].jaccard == pytest.approx(3 / 8)
    top = shared.shared_pairs(table, "side-effects", metric="severity", top=1)[0]
    # weight gain is serious for amitriptyline (000: "More severe side effects could include
    # weight gain"): 2·1 + 1 + 1 + 1
    assert labels([top]) == [("amitriptyline", "pregabalin")] and top.severity == 5


@pytest.mark.parametrize("relation", ["side-effects", "withdrawal", "indications", "mechanisms"])
@pytest.mark.parametrize("metric", shared.METRICS)
def test_sparse_and_networkx_agree_on_seed_graph(table, relation, metric):
    inc = shared.incidence(table, relation)
    expected = shared.shared_pairs_networkx(inc, metric, None)
    assert shared.shared_pairs_sparse(inc, metric, None) == expected
    for k in (1, 2, 5):
        assert shared.shared_pairs_sparse(inc, metric, k, block_rows=1) == expected[:k]


def test_central_effects(table):
    top = central.central_terms(table, ["side-effects"], top=3)
    assert [c.label for c in top] == ["dizziness", "drowsiness", "weight gain"]
    assert all(c.degree == 3 for c in top)
    cross = {c.label: c for c in central.cross_effects(table)}
    # seizure: side effect of amitriptyline (004), withdrawal symptom of clonazepam (002, 003)
    assert cross["seizure"].side_effect_of == ("amitriptyline",)
    assert cross["seizure"].withdrawal_symptom_of == ("clonazepam",)
    # fatigue: side effect of pregabalin (004), withdrawal symptom of amitriptyline and clonazepam
    assert "pregabalin" in cross["fatigue"].side_effect_of
    # constipation is side effect and withdrawal symptom of amitriptyline only: not "another"
    assert "constipation" not in cross


def test_similar(table):
    result = similar.similar(table, "amitriptyline", "indications")
    # 004: pregabalin for neuropathic pain, diabetic neuropathy, postherpetic neuralgia, GAD —
    # all also stated for amitriptyline
    assert result[0].label == "pregabalin"
    assert {"diabetic neuropathy", "neuropathic pain", "postherpetic neuralgia"} <= set(result[0].terms)
    assert [r.label for r in similar.similar(table, "clonazepam", "all")][0] == "amitriptyline"


def test_explain_clonazepam_amitriptyline(table):
    paths = explain.explain(table, "clonazepam", "amitriptyline", limit=50)
    assert paths and all(len(p.nodes) == 3 for p in paths)
    middles = {table.label(p.nodes[1]) for p in paths}
    assert {"anxiety", "depression", "insomnia", "seizure", "tapering"} <= middles
    anxiety = next(p for p in paths if table.label(p.nodes[1]) == "anxiety")
    rels = {(table.label(link.subject), link.relation) for s in anxiety.steps for link in s.links}
    assert ("clonazepam", "indicatedFor") in rels and ("amitriptyline", "hasWithdrawalSymptom") in rels
    quotes = [q.quote for s in anxiety.steps for link in s.links for q in link.quotes]
    assert "Klonopin is a medication prescribed for the treatment of anxiety and insomnia." in quotes
    rows = explain.path_rows(table, paths[:1])
    assert rows and {"path", "step", "relation", "quote"} <= set(rows[0])


def test_regimen_amitriptyline_pregabalin(table):
    result = regimen.regimen(table, ["amitriptyline", "pregabalin"])
    additive = {a.label: a for a in result.additive}
    assert set(additive) == {"blurred vision", "dizziness", "drowsiness", "weight gain"}
    assert additive["weight gain"].severity == "Serious"
    said = {(c.subject, c.relation, c.object) for c in result.combination}
    # 004: "this combination also increases the risk of side effects, particularly drowsiness
    # and dizziness"; "Can I drink alcohol while taking these medications? A: No"
    assert ("amitriptyline + pregabalin", "hasSideEffect", "drowsiness") in said
    assert ("amitriptyline + pregabalin", "contraindicatedWith", "alcohol") in said
    assert all(c.quote.quote for c in result.combination)


def test_regimen_finds_stated_interaction(table):
    result = regimen.regimen(table, ["pregabalin", "alcohol"])
    assert [(w.subject, w.relation, w.object) for w in result.warnings] == [
        ("pregabalin", "interactsWith", "alcohol")]


def test_unknown_names_are_user_errors(table):
    from kg.errors import KGError

    with pytest.raises(KGError, match="no drug or drug combination is called 'aspirinx'"):
        similar.similar(table, "aspirinx")
    with pytest.raises(KGError, match="at least two"):
        regimen.regimen(table, ["pregabalin", "pregabalin"])
