"""The curation loop in-process on a copy of the resources: add a document with candidates,
accept / edit / reject, rejection memory, new terms, statement provenance in the graph, file
permissions. The helpers here are shared by the other test_curation*.py files."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import PROV

from conftest import FIXTURES, REPO

CURATION = FIXTURES / "curation"
PKG = "https://w3id.org/pharmakg/ontology/"
REVIEWER = "Dana Reviewer"
DOCS = ("sertraline", "gabapentin", "clonazepam-note")


# -- helpers shared by the curation tests -----------------------------------------------------

def copy_resources(target: Path) -> Path:
    """A writable copy of the shipped ontology, queries and data (never the checkout)."""
    for name in ("ontology", "queries"):
        shutil.copytree(REPO / name, target / name)
    shutil.copytree(REPO / "data", target / "data", ignore=shutil.ignore_patterns("review"))
    return target


def decision_key(candidate: dict[str, Any]) -> str:
    parts = [candidate["subject"], candidate["relation"]]
    if candidate.get("object") is not None:
        parts.append(str(candidate["object"]))
    if candidate.get("context"):
        parts.append(candidate["context"])
    return " ".join(parts)


def curator_decisions(name: str) -> dict[str, tuple[str, Any]]:
    """The fixture decisions of one document: key -> ("accept"|"edit"|"reject", edits)."""
    raw = yaml.safe_load((CURATION / "decisions.yaml").read_text(encoding="utf-8"))[name]
    out = {}
    for key, value in raw.items():
        if value == "accept":
            out[key] = ("accept", None)
        else:
            (action, detail), = value.items()
            out[key] = (action, detail)
    return out


def fixture_candidates(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((CURATION / f"{name}.candidates.yaml").read_text(encoding="utf-8"))


def edits_for(detail: dict[str, Any], text: str) -> dict[str, Any]:
    """Fixture edits as decide() takes them (a quote becomes its span)."""
    edits = dict(detail)
    if "quote" in edits:
        quote = edits.pop("quote")
        edits["start"] = text.index(quote)
        edits["end"] = edits["start"] + len(quote)
    return edits


@pytest.fixture()
def resources(tmp_path, monkeypatch) -> Path:
    root = copy_resources(tmp_path / "resources")
    monkeypatch.setenv("PHARMAKG_RESOURCES", str(root))
    monkeypatch.setenv("PHARMAKG_HOME", str(tmp_path / "home"))
    return root


def add_fixture(name: str) -> str:
    from kg.curation import add_document

    result = add_document(CURATION / f"{name}.txt", candidates=fixture_candidates(name),
                          extractor={"name": "hand-written fixture", "version": "1"})
    return result.document


def review_all(name: str, doc: str) -> dict[str, int]:
    """Apply the fixture decisions to every candidate through kg.curation.decide."""
    from kg.sources.corpus import load_corpus
    from kg.curation import ReviewFile, decide

    text = load_corpus()[doc].text
    wanted = curator_decisions(name)
    counts = {"accepted": 0, "edited": 0, "rejected": 0}
    for candidate in ReviewFile.load(doc).candidates:
        action, detail = wanted[decision_key(candidate)]
        if action == "reject":
            decide(doc, candidate["id"], "reject", reviewer=REVIEWER)
        else:
            edits = edits_for(detail, text) if action == "edit" else None
            decide(doc, candidate["id"], "accept", reviewer=REVIEWER, edits=edits)
        counts[{"accept": "accepted", "edit": "edited", "reject": "rejected"}[action]] += 1
    return counts


# -- tests ------------------------------------------------------------------------------------

def test_add_copies_the_document_and_lists_it_without_touching_statements(resources):
    from kg.sources.corpus import load_corpus
    from kg.curation import ReviewFile

    before = sorted(p.name for p in (resources / "data" / "statements").iterdir())
    doc = add_fixture("clonazepam-note")
    corpus = load_corpus()
    assert doc in corpus and doc.startswith("doc_")
    assert corpus[doc].path.read_bytes() == (CURATION / "clonazepam-note.txt").read_bytes()
    assert corpus[doc].title == "A short note on clonazepam"
    assert corpus[doc].about == ("clonazepam",)  # the known drug its candidates are about
    assert sorted(p.name for p in (resources / "data" / "statements").iterdir()) == before
    assert len(ReviewFile.load(doc).undecided()) == 4
    # adding the same text again finds the same document and proposes nothing new
    assert add_fixture("clonazepam-note") == doc
    assert len(load_corpus()) == len(corpus)


def test_decisions_write_canonical_statements_with_provenance(resources):
    from kg.sources.corpus import load_corpus
    from kg.sources.ontology import Ontology
    from kg.statements.curated import is_canonical, load_statement_file

    doc = add_fixture("sertraline")
    counts = review_all("sertraline", doc)
    assert counts == {"accepted": 15, "edited": 2, "rejected": 4}
    path = resources / "data" / "statements" / f"{doc}.yaml"
    statements = load_statement_file(path, Ontology.load(), load_corpus())
    assert is_canonical(path, statements)
    assert len(statements) == 17
    by_key = {(s.relation, s.object): s for s in statements}
    off_label = by_key[("usedOffLabelFor", "GeneralizedAnxietyDisorder")]
    assert off_label.curation == "edited" and off_label.reviewer == REVIEWER
    assert off_label.extractor == ("hand-written fixture", "1")
    assert str(off_label.confidence) == "0.64"
    dizzy = by_key[("hasSideEffect", "Dizziness")]
    assert dizzy.severity is None and dizzy.frequency == "less often"
    assert by_key[("hasSideEffect", "Diarrhea")].curation == "accepted"
    assert ("hasSideEffect", "WeightGain") not in by_key
    # the new drug and the new effect are terms now, with label, synonyms, kind, xrefs
    onto = Ontology.load()
    assert onto.term("sertraline").label == "sertraline"
    assert onto.term("sertraline").alt_labels == ("Zoloft",)
    assert onto.term("Nausea").is_class
    assert load_corpus()[doc].about == ("sertraline",)
    added = (resources / "ontology" / "pharmakg-added.ttl").read_text(encoding="utf-8")
    assert "<https://go.drugbank.com/drugs/DB01104>" in added
    assert "<http://purl.obolibrary.org/obo/HP_0002018>" in added


def test_rejections_are_not_proposed_again(resources):
    from kg.curation import ReviewFile, add_document, decide

    doc = add_fixture("clonazepam-note")
    review = ReviewFile.load(doc)
    rejected = review.candidates[-1]
    decide(doc, rejected["id"], "reject", reviewer=REVIEWER)
    # the extractor runs again and proposes the same claim under another id (a new version)
    again = [dict(c, id=c["id"][::-1]) for c in fixture_candidates("clonazepam-note")]
    result = add_document(CURATION / "clonazepam-note.txt", candidates=again)
    assert result.added == len(again) - 1
    keys = [decision_key(c) for c in ReviewFile.load(doc).undecided()]
    assert decision_key(rejected) not in keys


def test_a_refused_edit_writes_nothing_and_leaves_the_candidate_open(resources):
    from kg.curation import ReviewFile, decide
    from kg.errors import KGError

    doc = add_fixture("gabapentin")
    statements = resources / "data" / "statements" / f"{doc}.yaml"
    first = ReviewFile.load(doc).candidates[0]
    with pytest.raises(KGError, match="refused"):
        decide(doc, first["id"], "accept", reviewer=REVIEWER,
               edits={"subject": "gabapentin", "relation": "hasSideEffect",
                      "object": "NoSuchTerm", "new_term": None})
    with pytest.raises(KGError, match="outside the range"):
        decide(doc, first["id"], "accept", reviewer=REVIEWER,
               edits={"relation": "indicatedFor", "object": "Drowsiness", "new_term": None,
                      "subject": "clonazepam"})
    with pytest.raises(KGError, match="cannot edit"):
        decide(doc, first["id"], "accept", reviewer=REVIEWER, edits={"reviewer": "x"})
    assert not statements.exists()
    assert not (resources / "ontology" / "pharmakg-added.ttl").exists()
    assert first["id"] not in ReviewFile.load(doc).decisions
    decide(doc, first["id"], "reject", reviewer=REVIEWER)
    with pytest.raises(KGError, match="already rejected by Dana Reviewer"):
        decide(doc, first["id"], "accept", reviewer=REVIEWER)


def test_new_term_edits_and_span_edits(resources):
    from kg.sources.corpus import load_corpus
    from kg.curation import ReviewFile, decide
    from kg.sources.ontology import Ontology

    doc = add_fixture("gabapentin")
    text = load_corpus()[doc].text
    by_key = {decision_key(c): c for c in ReviewFile.load(doc).candidates}
    brand = by_key["gabapentin brandName Neurontin"]
    decision = decide(doc, brand["id"], "accept", reviewer=REVIEWER, edits={
        "new_term": {"label": "gabapentin", "synonyms": ["Neurontin", "Gralise"],
                     "definition": "An anticonvulsant used for nerve pain."}})
    assert decision.decision == "edited"
    term = Ontology.load().term("gabapentin")
    assert term.alt_labels == ("Gralise", "Neurontin")
    insomnia = by_key["gabapentin hasWithdrawalSymptom Insomnia"]
    sentence = "After long use, stopping abruptly may cause anxiety and insomnia."
    decision = decide(doc, insomnia["id"], "accept", reviewer=REVIEWER,
                      edits=edits_for({"quote": sentence}, text))
    assert decision.statement["quote"] == sentence and decision.decision == "edited"


def test_added_terms_file_is_deterministic_and_in_the_input_hash(resources):
    from kg.curation.terms import added_file, serialize
    from kg.sources.inputs import compute_input_hash, input_files
    from rdflib import Graph

    before = compute_input_hash()
    doc = add_fixture("gabapentin")
    review_all("gabapentin", doc)
    assert added_file() in input_files()
    assert compute_input_hash() != before
    text = added_file().read_text(encoding="utf-8")
    graph = Graph().parse(data=text, format="turtle")
    assert serialize(graph) == text  # parse + write gives the same bytes


def test_graph_says_who_checked_each_statement(resources):
    from kg.build.graph import build

    doc = add_fixture("sertraline")
    review_all("sertraline", doc)
    built = build()
    ev = built.evidence_graph
    status = {}
    for record in ev.subjects(RDF.type, URIRef(PKG + "Evidence")):
        status[record] = ev.value(record, URIRef(PKG + "curationStatus"))
    counts = {str(s).rsplit("/", 1)[-1]: list(status.values()).count(s) for s in set(status.values())}
    seed = sum(1 for s in built.statements if s.document != doc)
    assert counts == {"CuratorWritten": seed, "MachineAccepted": 15, "MachineEdited": 2}
    for record, value in status.items():
        agent = ev.value(record, PROV.wasAttributedTo)
        label = str(ev.value(agent, RDFS.label))
        if str(value).endswith("CuratorWritten"):
            assert label == "pharmakg curators" and (agent, RDF.type, PROV.Organization) in ev
            assert ev.value(record, PROV.wasGeneratedBy) is None
        else:
            assert label == REVIEWER and (agent, RDF.type, PROV.Person) in ev
            activity = ev.value(record, PROV.wasGeneratedBy)
            software = ev.value(activity, PROV.wasAssociatedWith)
            assert (software, RDF.type, PROV.SoftwareAgent) in ev
            assert ev.value(software, RDFS.label) == Literal("hand-written fixture 1")
            assert ev.value(record, URIRef(PKG + "confidence")) is not None
    from kg.build.validate import validate

    report = validate(built)
    assert report.conforms, report.render()


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_honour_the_umask(resources, mask, mode):
    old = os.umask(mask)
    try:
        doc = add_fixture("gabapentin")
        review_all("gabapentin", doc)
    finally:
        os.umask(old)
    written = [resources / "data" / "statements" / f"{doc}.yaml",
               resources / "data" / "review" / f"{doc}.yaml",
               resources / "data" / "corpus" / f"{doc}.txt",
               resources / "ontology" / "pharmakg-added.ttl"]
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == mode, path
    # an existing file keeps its mode
    meta = resources / "data" / "corpus" / "documents.yaml"
    assert stat.S_IMODE(meta.stat().st_mode) == stat.S_IMODE(
        (REPO / "data" / "corpus" / "documents.yaml").stat().st_mode)


@pytest.mark.parametrize("field, value, message", [
    ("curation", "guessed", "curation must be one of written, accepted, edited"),
    ("reviewer", "Ann", "need a curation field"),
    ("confidence", 1.5, "need a curation field"),
])
def test_statement_provenance_fields_are_checked(resources, field, value, message):
    from kg.sources.corpus import load_corpus
    from kg.errors import KGErrors
    from kg.sources.ontology import Ontology
    from kg.statements.curated import load_statement_file

    path = resources / "data" / "statements" / "002_ab8fb3dae1afe8d5.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["statements"][0][field] = value
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096))
    with pytest.raises(KGErrors) as caught:
        load_statement_file(path, Ontology.load(), load_corpus())
    assert message in caught.value.describe()
    assert caught.value.errors[0].line is not None


def test_machine_statement_needs_reviewer_and_extractor(resources):
    from kg.sources.corpus import load_corpus
    from kg.errors import KGErrors
    from kg.sources.ontology import Ontology
    from kg.statements.curated import load_statement_file

    path = resources / "data" / "statements" / "002_ab8fb3dae1afe8d5.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["statements"][0].update({"curation": "accepted", "confidence": 0.5})
    data["statements"][1].update({"curation": "edited", "reviewer": "Ann",
                                  "extractor": {"name": "x"}})
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096))
    with pytest.raises(KGErrors) as caught:
        load_statement_file(path, Ontology.load(), load_corpus())
    text = caught.value.describe()
    assert "needs the reviewer who checked it" in text
    assert "extractor is given exactly for accepted or edited" in text
    assert "extractor must be a mapping with name and version" in text


def test_reviewer_name_is_never_a_placeholder(monkeypatch, tmp_path):
    from kg.curation import reviewer_name
    from kg.errors import KGError

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.chdir(tmp_path)
    assert reviewer_name(" Ann Lee ") == "Ann Lee"
    with pytest.raises(KGError):
        reviewer_name("  ")
    monkeypatch.setenv("USER", "alee")
    assert reviewer_name() == "alee"
    (tmp_path / "gitconfig").write_text("[user]\n\tname = Ann Lee\n")
    assert reviewer_name() == "Ann Lee"
    (tmp_path / "gitconfig").unlink()
    monkeypatch.delenv("USER")
    with pytest.raises(KGError, match="--reviewer"):
        reviewer_name()
