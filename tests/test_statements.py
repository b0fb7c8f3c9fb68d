"""The statement loader refuses bad input with file and line, and accepts the mini fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.corpus import load_corpus
from kg.errors import KGError, KGErrors
from kg.ontology import Ontology
from kg.statements import canonical_text, load_statement_file, load_statements

from conftest import MINI


@pytest.fixture(scope="module")
def mini_ontology() -> Ontology:
    return Ontology.load(MINI / "ontology" / "pharmakg.ttl")


@pytest.fixture(scope="module")
def mini_docs():
    return load_corpus(MINI / "data" / "corpus")


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "doc_a.yaml"
    path.write_text("document: doc_a\nstatements:\n" + body, encoding="utf-8")
    return path


def _errors(path, ontology, docs) -> list[KGError]:
    with pytest.raises(KGError) as info:
        load_statement_file(path, ontology, docs)
    exc = info.value
    return exc.errors if isinstance(exc, KGErrors) else [exc]


def test_mini_statements_load_with_offsets(mini_ontology, mini_docs):
    statements = load_statements(mini_ontology, mini_docs, MINI / "data" / "statements")
    assert len(statements) == 8
    for statement in statements:
        text = mini_docs[statement.document].text
        assert text[statement.start:statement.end] == statement.quote


def test_quote_not_in_document_is_refused_with_line(tmp_path, mini_ontology, mini_docs):
    path = _write(tmp_path, "- subject: drugzepam\n  relation: hasSideEffect\n"
                            "  object: Dizziness\n  quote: It cures everything.\n")
    [error] = _errors(path, mini_ontology, mini_docs)
    assert "not an exact substring" in error.message
    assert error.path == str(path) and error.line == 6


def test_unknown_term_and_relation_are_refused(tmp_path, mini_ontology, mini_docs):
    path = _write(tmp_path,
                  "- subject: drugzepam\n  relation: hasSideEffect\n  object: Dizzyness\n"
                  "  quote: 'Common side effects: dizziness.'\n"
                  "- subject: drugzepam\n  relation: curesEverything\n  object: Dizziness\n"
                  "  quote: 'Common side effects: dizziness.'\n")
    errors = _errors(path, mini_ontology, mini_docs)
    messages = [(e.line, e.message) for e in errors]
    assert (5, "unknown object term 'Dizzyness' (not in the ontology)") in messages
    assert any(line == 8 and "unknown relation 'curesEverything'" in msg
               for line, msg in messages)


def test_missing_and_unknown_fields_are_refused(tmp_path, mini_ontology, mini_docs):
    path = _write(tmp_path, "- subject: drugzepam\n  relation: hasSideEffect\n"
                            "  object: Dizziness\n  sevrity: Common\n")
    messages = [e.message for e in _errors(path, mini_ontology, mini_docs)]
    assert any("unknown field 'sevrity'" in m for m in messages)
    assert any("missing field 'quote'" in m for m in messages)


def test_duplicate_statement_is_refused(tmp_path, mini_ontology, mini_docs):
    one = ("- subject: drugzepam\n  relation: hasSideEffect\n  object: Dizziness\n"
           "  quote: 'Common side effects: dizziness.'\n")
    path = _write(tmp_path, one + one)
    [error] = _errors(path, mini_ontology, mini_docs)
    assert error.message == "duplicate statement (first at line 3)" and error.line == 7


def test_object_outside_relation_range_is_refused(tmp_path, mini_ontology, mini_docs):
    path = _write(tmp_path, "- subject: drugzepam\n  relation: hasSideEffect\n"
                            "  object: Benzodiazepine\n"
                            "  quote: Drugzepam (Brandix) is a benzodiazepine.\n")
    [error] = _errors(path, mini_ontology, mini_docs)
    assert "outside the range of hasSideEffect (Effect)" in error.message


def test_yaml_syntax_error_has_line_and_column(tmp_path, mini_ontology, mini_docs):
    path = _write(tmp_path, "- subject: [drugzepam\n")
    [error] = _errors(path, mini_ontology, mini_docs)
    assert error.message.startswith("YAML syntax") and error.line is not None


def test_duplicate_yaml_key_is_refused(tmp_path, mini_ontology, mini_docs):
    path = _write(tmp_path, "- subject: drugzepam\n  subject: drugzepam\n")
    [error] = _errors(path, mini_ontology, mini_docs)
    assert error.message == "duplicate key 'subject'" and error.line == 4


def test_ambiguous_quote_needs_occurrence(tmp_path, mini_ontology, mini_docs):
    path = _write(tmp_path, "- subject: drugzepam\n  relation: hasSideEffect\n"
                            "  object: Dizziness\n  occurrence: 3\n  quote: dizziness\n")
    [error] = _errors(path, mini_ontology, mini_docs)
    assert error.message == "occurrence 3 asked, quote appears 2 time(s)"


def test_canonical_text_round_trips(mini_ontology, mini_docs, tmp_path):
    statements = load_statements(mini_ontology, mini_docs, MINI / "data" / "statements")
    for doc_id in ("doc_a", "doc_b"):
        mine = [s for s in statements if s.document == doc_id]
        path = tmp_path / f"{doc_id}.yaml"
        path.write_text(canonical_text(doc_id, mine), encoding="utf-8")
        again = load_statement_file(path, mini_ontology, mini_docs)
        assert again == sorted(mine, key=lambda s: s.sort_key())
