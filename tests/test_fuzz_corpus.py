"""Generated hostile corpora (issue 13, items 7 and 10), and the named regressions of item 7.

Channels: ``documents.yaml`` as random bytes, with hostile text typed into each line, and
with each field of a real entry given a hostile value of any type; corpus text files that are
binary, invalid UTF-8, start with a byte order mark, are empty, or were edited so quotes no
longer match (with the metadata's sha256 updated to match, so the text itself is examined, or
not). Each example is loaded and, when accepted, its statements read and the graph built and
loaded into a query store: success, or a KGError naming the file (and the line, for YAML), in
bounded time.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from kg.sources.corpus import DOCUMENT_FIELDS, load_corpus
from kg.errors import KGError
from kg.sources.ontology import Ontology
from kg.statements.curated import load_statements

from conftest import MINI
from fuzzing import HOSTILE_SCALARS, errors_of, fuzz_settings, hostile_bytes, hostile_values, outcome

META = (MINI / "data" / "corpus" / "documents.yaml").read_text(encoding="utf-8")
META_LINES = META.splitlines(keepends=True)
VALUE_LINES = [i for i, line in enumerate(META_LINES) if ": " in line]
DOC_B = (MINI / "data" / "corpus" / "doc_b.txt").read_bytes()


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology.load(MINI / "ontology" / "pharmakg.ttl")


def fresh_copy(tmp_path: Path) -> Path:
    root = tmp_path / "resources"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(MINI, root)
    return root


def load_and_build(root: Path, ontology: Ontology) -> object:
    from kg.build.graph import build
    from kg.exports.rdf import to_nquads
    from kg.store.oxigraph import OxigraphStore

    def action():
        documents = load_corpus(root / "data" / "corpus")
        for doc in documents.values():  # what is accepted has the declared shape
            assert all(isinstance(x, str) for x in (doc.id, doc.title, doc.language, doc.kind))
            assert doc.about and all(isinstance(a, str) and len(a) > 1 for a in doc.about)
        statements = load_statements(ontology, documents, root / "data" / "statements")
        built = build(ontology, documents, statements=statements)
        OxigraphStore.in_memory(to_nquads(built)).close()
        return documents
    result = outcome(action, need_line=False)
    if isinstance(result, KGError):
        for error in errors_of(result):  # a YAML file's problem has a line; a text file's may not
            if error.path.endswith(".yaml"):
                assert error.line is not None, error.describe()
    return result


def _with_value(index: int, scalar: str) -> str:
    key = META_LINES[index].split(": ", 1)[0]
    return "".join(META_LINES[:index] + [f"{key}: {scalar}\n"] + META_LINES[index + 1:])


@st.composite
def entry_mutations(draw) -> str:
    data = yaml.safe_load(META)
    entry = draw(st.sampled_from(data["documents"]))
    entry[draw(st.sampled_from(DOCUMENT_FIELDS + ("url", "extra")))] = draw(hostile_values)
    return yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)


metadata_texts = st.one_of(
    st.tuples(st.sampled_from(VALUE_LINES), st.sampled_from(HOSTILE_SCALARS)).map(
        lambda p: _with_value(*p).encode("utf-8")),
    st.tuples(st.sampled_from(VALUE_LINES),
              st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)).map(
        lambda p: _with_value(*p).encode("utf-8")),
    entry_mutations().map(lambda t: t.encode("utf-8")),
    hostile_bytes,
)


@st.composite
def document_texts(draw) -> bytes:
    kind = draw(st.sampled_from(["bytes", "bom", "empty", "edited", "truncated", "appended"]))
    if kind == "bytes":
        return draw(hostile_bytes)
    if kind == "bom":
        return b"\xef\xbb\xbf" + DOC_B
    if kind == "empty":
        return draw(st.sampled_from([b"", b"\n", b"   \n\t"]))
    if kind == "truncated":
        return DOC_B[:draw(st.integers(0, len(DOC_B)))]
    if kind == "appended":
        return DOC_B + draw(hostile_bytes)
    position = draw(st.integers(0, len(DOC_B) - 1))  # one character changed: quotes break
    return DOC_B[:position] + draw(st.binary(min_size=1, max_size=3)) + DOC_B[position + 1:]


@fuzz_settings()
@given(meta=metadata_texts)
def test_hostile_documents_yaml(ontology, tmp_path, meta):
    root = fresh_copy(tmp_path)
    (root / "data" / "corpus" / "documents.yaml").write_bytes(meta)
    load_and_build(root, ontology)


@fuzz_settings()
@given(text=document_texts(), update_sha=st.booleans())
def test_hostile_document_text(ontology, tmp_path, text, update_sha):
    root = fresh_copy(tmp_path)
    corpus = root / "data" / "corpus"
    (corpus / "doc_b.txt").write_bytes(text)
    if update_sha:
        meta = corpus / "documents.yaml"
        meta.write_text(meta.read_text(encoding="utf-8").replace(
            hashlib.sha256(DOC_B).hexdigest(), hashlib.sha256(text).hexdigest()),
            encoding="utf-8")
    result = load_and_build(root, ontology)
    if text != DOC_B and not update_sha:
        assert isinstance(result, KGError) and "was the document edited?" in str(result)


# -- named regressions (issue 13, items 7 and 10) -------------------------------------------------

def _corpus_error(mini_copy: Path, old: str, new: str) -> KGError:
    meta = mini_copy / "data" / "corpus" / "documents.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KGError) as info:
        load_corpus(mini_copy / "data" / "corpus")
    return info.value


@pytest.mark.parametrize("old, new, line, message", [
    ("about: [drugzepam]", "about: 5", 7, "about must be a list of drug term names"),
    # a string used to be split into one IRI per letter
    ("about: [drugzepam]", "about: amitriptyline", 7, "got 'amitriptyline'"),
    ("language: en", "language: 'e n'", 5, "language must be a BCP 47 language tag"),
    ("language: en", "language: no", 5, "got False"),
    ("title: Drugzepam (Brandix) is a benzodiazepine.", "title: [a]", 3, "title must be text"),
    ("id: doc_a", "id: ../doc_a", 2, "id must be a file name stem"),
    ("sha256: 3b0c", "sha256: 3B0C", 6, "sha256 must be 64 lowercase hex digits"),
    ("documents:\n", "documents:\n- just text\n", 2, "each document must be a mapping"),
])
def test_documents_yaml_field_refused_at_its_line(mini_copy, old, new, line, message):
    error = _corpus_error(mini_copy, old, new)
    assert error.path.endswith("documents.yaml") and error.line == line, error.describe()
    assert message in error.message


def test_well_formed_language_tags_are_accepted(mini_copy):
    for tag in ("pt-BR", "zh-Hant-TW", "de-CH-1996", "x-private"):
        meta = mini_copy / "data" / "corpus" / "documents.yaml"
        meta.write_text(META.replace("language: en", f"language: {tag}", 1), encoding="utf-8")
        assert load_corpus(mini_copy / "data" / "corpus")["doc_a"].language == tag


def test_non_utf8_document_is_refused_at_its_byte(mini_copy):
    corpus = mini_copy / "data" / "corpus"
    text = DOC_B.replace(b"lowers", b"low\xe9rs")
    (corpus / "doc_b.txt").write_bytes(text)
    meta = corpus / "documents.yaml"
    meta.write_text(META.replace(hashlib.sha256(DOC_B).hexdigest(),
                                 hashlib.sha256(text).hexdigest()), encoding="utf-8")
    with pytest.raises(KGError) as info:
        load_corpus(corpus)
    error = info.value
    assert error.path == str(corpus / "doc_b.txt") and (error.line, error.column) == (1, 14)
    assert "not valid UTF-8 (byte 0xe9)" in error.message


def test_unlisted_corpus_file_is_named(mini_copy):
    corpus = mini_copy / "data" / "corpus"
    (corpus / "doc_c.txt").write_text("Unlisted.\n", encoding="utf-8")
    with pytest.raises(KGError) as info:
        load_corpus(corpus)
    [error] = errors_of(info.value)
    assert error.path == str(corpus / "doc_c.txt")
    assert "without an entry in" in error.message and "documents.yaml" in error.message
