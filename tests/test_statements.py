"""The statement loader refuses bad input with file and line, and accepts the mini fixture."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from kg.sources.corpus import load_corpus
from kg.errors import KGError, KGErrors
from kg.sources.ontology import Ontology
from kg.statements.curated import canonical_text, load_statement_file, load_statements

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


# -- hostile input (issue 13, items 5, 6, 10): refused at its place, quickly ------------------------

def _refused(tmp_path, text: str | bytes, ontology, docs) -> KGError:
    path = tmp_path / "doc_a.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    [error] = _errors(path, ontology, docs)
    assert time.monotonic() - started < 2, "refusal took too long"
    assert error.path == str(path)
    return error


def test_billion_laughs_is_refused_at_the_first_anchor(tmp_path, mini_ontology, mini_docs):
    levels = ["  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"] + [
        f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    text = "document: doc_a\nstatements:\n- subject: *l8\n" + "\n".join(levels) + "\n"
    error = _refused(tmp_path, text, mini_ontology, mini_docs)
    assert "anchors and aliases" in error.message and (error.line, error.column) == (3, 12)


@pytest.mark.parametrize("nesting", ["[" * 5000 + "]" * 5000, "{a: " * 5000 + "1" + "}" * 5000])
def test_deep_nesting_is_refused_before_recursing(tmp_path, mini_ontology, mini_docs, nesting):
    error = _refused(tmp_path, f"document: doc_a\nstatements: {nesting}\n", mini_ontology,
                     mini_docs)
    assert "nested more than 32 levels deep" in error.message and error.line == 2


@pytest.mark.parametrize("body, line, message", [
    (b"- subject: drug\xe9pam\n", 3, "not valid UTF-8 (byte 0xe9)"),
    (b"- subject: drug\x07zepam\n", 3, "control character U+0007"),
    (b'- subject: "drug\\0zepam"\n', 3, "control character or lone surrogate U+0000"),
    (b'- subject: "\\ud800"\n', 3, "lone surrogate U+D800"),
    (b"- ? [subject]\n  : drugzepam\n", 3, "a key must be text, got ['subject']"),
    (b"- subject: !!python/object/apply:os.system [echo]\n", 3, "YAML tags"),
    (b"- occurrence: " + b"9" * 5000 + b"\n", 3, "longer than 40 characters"),
    (b"- subject: 2020-13-45\n", 3, "cannot read the value '2020-13-45'"),
])
def test_unreadable_text_is_refused_at_its_line(tmp_path, mini_ontology, mini_docs, body, line,
                                                message):
    error = _refused(tmp_path, b"document: doc_a\nstatements:\n" + body, mini_ontology,
                     mini_docs)
    assert error.line == line and message in error.message, error.describe()


def test_oversized_file_is_refused(tmp_path, mini_ontology, mini_docs):
    error = _refused(tmp_path, "document: doc_a\nstatements: []\n" + "#" * (1 << 20),
                     mini_ontology, mini_docs)
    assert "more than the 1048576 allowed" in error.message


DOSE = ("- subject: drugzepam\n  relation: hasDoseRange\n  dose:\n    min: {low}\n    max: {high}\n"
        "    unit: mg\n  quote: Adults take 1-2 mg daily.\n")


@pytest.mark.parametrize("low, high, line, message", [
    (".nan", "2", 6, "dose min must be a finite number"),
    ("1", ".inf", 7, "dose max must be a finite number"),  # was stored, shown as "Infinity.0"
    ("1", "'1e999999999'", 7, "dose max must be between 0 and 1000000"),  # was decimal.Overflow
    ("-1", "2", 6, "dose min must be between 0"),
    ("1", "2.0000001", 7, "at most 15 digits and 6 decimals"),
    ("true", "2", 6, "dose min must be a number"),
    ("[1]", "2", 6, "dose min must be a number"),
])
def test_dose_numbers_must_be_sane(tmp_path, mini_ontology, mini_docs, low, high, line, message):
    error = _refused(tmp_path, "document: doc_a\nstatements:\n" + DOSE.format(low=low, high=high),
                     mini_ontology, mini_docs)
    assert error.line == line and message in error.message, error.describe()


def test_sane_dose_with_trailing_zero_is_accepted(tmp_path, mini_ontology, mini_docs):
    path = _write(tmp_path, DOSE.format(low="1.50", high="2.000000"))
    [statement] = load_statement_file(path, mini_ontology, mini_docs)
    assert (statement.dose.min, statement.dose.max) == (Decimal("1.50"), Decimal("2.000000"))


def test_statement_that_is_not_a_mapping_names_its_line(tmp_path, mini_ontology, mini_docs):
    error = _refused(tmp_path, "document: doc_a\nstatements:\n- just text\n", mini_ontology,
                     mini_docs)
    assert error.message == "a statement must be a mapping of fields" and error.line == 3


def test_error_about_a_huge_value_stays_short(tmp_path, mini_ontology, mini_docs):
    """Found by the long fuzz run: a 3,000-character term name was echoed whole."""
    name = "x" * 3000
    path = _write(tmp_path, f"- subject: {name}\n  relation: hasSideEffect\n  object: Dizziness\n"
                            "  quote: 'Common side effects: dizziness.'\n")
    [error] = _errors(path, mini_ontology, mini_docs)
    assert error.message.startswith("unknown subject term 'xxx") and len(error.message) < 120
    assert error.message.endswith("...' (not in the ontology)") and error.line == 3
