"""Generated hostile statement files (issue 13, items 3, 5, 6, 10).

Channels: random bytes and unicode; YAML features (anchors and aliases up to "billion laughs",
tags, deep nesting); field-by-field mutations of a real statement (hostile scalars typed into
each line, hostile values of every type put into each field, lines dropped or repeated).
Every example is read (and, when accepted, built and loaded into a query store); it must
succeed or raise a KGError naming file and line, in bounded time. A sample goes through the
real write path against a previous good build, which must stay byte-identical on failure, and a
few through the real ``kg build`` console script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from kg.sources.corpus import load_corpus
from kg.errors import KGError
from kg.sources.ontology import Ontology
from kg.statements.curated import DOSE_FIELDS, STATEMENT_FIELDS, load_statement_file

from conftest import KG_BIN, MINI
from fuzzing import (EXAMPLES, HOSTILE_SCALARS, file_hashes, fuzz_settings, hostile_bytes,
                     hostile_values, outcome)

REAL = (MINI / "data" / "statements" / "doc_a.yaml").read_text(encoding="utf-8")
REAL_LINES = REAL.splitlines(keepends=True)
VALUE_LINES = [i for i, line in enumerate(REAL_LINES) if ": " in line and i > 1]


@pytest.fixture(scope="module")
def inputs():
    return Ontology.load(MINI / "ontology" / "pharmakg.ttl"), load_corpus(MINI / "data" / "corpus")


def read_and_build(path: Path, ontology: Ontology, documents: dict) -> object:
    """Read the file; if it is accepted, build, serialize and load it as ``kg build`` would."""
    from kg.build.graph import build
    from kg.exports.rdf import to_nquads
    from kg.store.oxigraph import OxigraphStore

    def action():
        statements = load_statement_file(path, ontology, documents)
        for statement in statements:  # an accepted amount is a sane, finite number
            for amount in (statement.dose and (statement.dose.min, statement.dose.max),
                           statement.quantity and (statement.quantity.value,)):
                assert all(a.is_finite() and 0 <= a <= 10 ** 6 for a in amount or ())
        built = build(ontology, documents, statements=statements)
        OxigraphStore.in_memory(to_nquads(built)).close()
        return statements
    return outcome(action)


# -- generated texts ------------------------------------------------------------------------------

def _with_value(index: int, scalar: str) -> str:
    line = REAL_LINES[index]
    key, _ = line.split(": ", 1)
    indent = " " * (len(key) - len(key.lstrip()) + 2)
    scalar = scalar.replace("\n", "\n" + indent)
    return "".join(REAL_LINES[:index] + [f"{key}: {scalar}\n"] + REAL_LINES[index + 1:])


typed_mutations = st.one_of(
    st.tuples(st.sampled_from(VALUE_LINES), st.sampled_from(HOSTILE_SCALARS)).map(
        lambda p: _with_value(*p)),
    st.tuples(st.sampled_from(VALUE_LINES),
              st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)).map(
        lambda p: _with_value(*p)),
    st.sampled_from(VALUE_LINES).map(  # a line dropped
        lambda i: "".join(REAL_LINES[:i] + REAL_LINES[i + 1:])),
    st.sampled_from(VALUE_LINES).map(  # a line repeated
        lambda i: "".join(REAL_LINES[:i + 1] + REAL_LINES[i:])),
)


@st.composite
def field_mutations(draw) -> str:
    """A real statement with one field (or dose field) given a hostile value of any type."""
    data = yaml.safe_load(REAL)
    statement = draw(st.sampled_from(data["statements"]))
    value = draw(hostile_values)
    if "dose" in statement and draw(st.booleans()):
        statement["dose"][draw(st.sampled_from(DOSE_FIELDS + ("extra",)))] = value
    else:
        statement[draw(st.sampled_from(STATEMENT_FIELDS + ("extra",)))] = value
    return yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)


@st.composite
def yaml_features(draw) -> str:
    kind = draw(st.sampled_from(["laughs", "flow", "block", "tag", "alias-field"]))
    depth = draw(st.integers(1, 6000))
    if kind == "laughs":  # each level doubles (or x9) the size of the one before
        width = draw(st.integers(2, 9))
        levels = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
        levels += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]"
                   for i in range(1, draw(st.integers(1, 12)))]
        return ("document: doc_a\nstatements:\n- subject: *l%d\n" % (len(levels) - 1)
                + "\n".join("  " + level for level in levels) + "\n")
    if kind == "flow":
        return "document: doc_a\nstatements: " + "[" * depth + "]" * depth + "\n"
    if kind == "block":
        depth = min(depth, 300)
        return "document: doc_a\nstatements:\n" + "".join(
            " " * (2 * i) + "- a:\n" for i in range(depth)) + " " * (2 * depth) + "x\n"
    if kind == "tag":
        tag = draw(st.sampled_from(["!!python/object:os.system", "!!python/name:os.system",
                                    "!!binary", "!!set", "!!omap", "!custom", "!!str", "!"]))
        return REAL.replace("subject: drugzepam", f"subject: {tag} drugzepam", 1)
    return "document: &d doc_a\nstatements:\n- subject: drugzepam\n  relation: *d\n"


# -- the channels ---------------------------------------------------------------------------------

@fuzz_settings()
@given(data=hostile_bytes, header=st.booleans())
def test_random_bytes(inputs, tmp_path, data, header):
    path = tmp_path / "doc_a.yaml"
    path.write_bytes((b"document: doc_a\nstatements:\n" if header else b"") + data)
    read_and_build(path, *inputs)


@fuzz_settings()
@given(text=yaml_features())
def test_yaml_features(inputs, tmp_path, text):
    path = tmp_path / "doc_a.yaml"
    path.write_text(text, encoding="utf-8")
    result = read_and_build(path, *inputs)
    if "&" in text or "*" in text or "!" in text.replace("!!str", "") or text.count("[") > 32:
        assert isinstance(result, KGError)


MUTATIONS = {"typed": typed_mutations, "fields": field_mutations()}


@pytest.mark.parametrize("channel", sorted(MUTATIONS))
@fuzz_settings()
@given(data=st.data())
def test_mutations_of_a_real_statement(inputs, tmp_path, channel, data):
    path = tmp_path / "doc_a.yaml"
    path.write_text(data.draw(MUTATIONS[channel]), encoding="utf-8")
    read_and_build(path, *inputs)


# -- through the real write path and the console script -----------------------------------------

@pytest.fixture(scope="module")
def good_home(tmp_path_factory):
    """Resources copied from the mini fixture and a home holding one good build of them."""
    root = tmp_path_factory.mktemp("fuzz-write")
    resources, home = root / "resources", root / "home"
    shutil.copytree(MINI, resources)
    env = {**os.environ, "PHARMAKG_RESOURCES": str(resources), "PHARMAKG_HOME": str(home)}
    done = subprocess.run([str(KG_BIN), "build", "-q"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return resources, home, env


@fuzz_settings(max(2, EXAMPLES // 4))
@given(text=st.one_of(typed_mutations, field_mutations(), yaml_features()))
def test_failed_build_keeps_previous_build(good_home, monkeypatch, text):
    from kg.build.graph import build
    from kg.build.buildstore import write_build

    resources, home, _ = good_home
    monkeypatch.setenv("PHARMAKG_RESOURCES", str(resources))
    path = resources / "data" / "statements" / "doc_a.yaml"
    before = file_hashes(home / "build")
    path.write_text(text, encoding="utf-8")
    try:
        result = outcome(lambda: write_build(build(), home))
    finally:
        path.write_text(REAL, encoding="utf-8")
    if isinstance(result, KGError):
        assert file_hashes(home / "build") == before
    else:  # accepted: a complete new build is current
        assert result == home / "build" and (result / "manifest.json").is_file()
        assert (result / "oxigraph").is_dir()
    assert not [p for p in (home / "builds").iterdir() if p.name.startswith("tmp-")]


@fuzz_settings(max(2, EXAMPLES // 30))
@given(text=st.one_of(typed_mutations, yaml_features(), field_mutations()))
def test_console_script_exits_0_or_2(good_home, text):
    resources, home, env = good_home
    path = resources / "data" / "statements" / "doc_a.yaml"
    before = file_hashes(home / "build")
    path.write_text(text, encoding="utf-8")
    try:
        done = subprocess.run([str(KG_BIN), "build", "-q"], env=env, capture_output=True,
                              text=True, timeout=120)
    finally:
        path.write_text(REAL, encoding="utf-8")
    assert done.returncode in (0, 2) and "Traceback" not in done.stderr, done.stderr
    if done.returncode == 2:
        assert f"{path}:" in done.stderr
        assert file_hashes(home / "build") == before
