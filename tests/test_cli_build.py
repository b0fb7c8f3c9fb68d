"""The real console script: build, validate, export, stats, fmt, and its error reports."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyoxigraph

from conftest import KG_BIN, MINI


def run_kg(*args: str, env: dict[str, str], resources: Path = MINI) -> subprocess.CompletedProcess:
    env = {**env, "PHARMAKG_RESOURCES": str(resources)}
    return subprocess.run([str(KG_BIN), *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_help_lists_every_command(kg_env):
    result = run_kg("--help", env=kg_env)
    assert result.returncode == 0
    for command in ("build", "validate", "export", "stats", "fmt"):
        assert command in result.stdout
    for command in ("build", "validate", "export", "stats", "fmt"):
        sub = run_kg(command, "--help", env=kg_env)
        assert sub.returncode == 0 and "Usage" in sub.stdout


def test_build_prints_summary_and_writes_into_home(kg_env):
    result = run_kg("build", env=kg_env)
    assert result.returncode == 0, result.stderr
    assert "documents" in result.stdout and "statements" in result.stdout
    summary_row = result.stdout.splitlines()[-1].split()
    assert summary_row[:3] == ["2", "8", "8"]  # documents, statements, evidence records
    assert (Path(kg_env["PHARMAKG_HOME"]) / "build" / "manifest.json").is_file()


def test_validate_passes_on_valid_fixture(kg_env):
    result = run_kg("validate", env=kg_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("valid")


def test_export_turtle_to_file_parses_with_pyoxigraph(kg_env, tmp_path):
    out = tmp_path / "graph.ttl"
    result = run_kg("export", "--format", "turtle", "--out", str(out), env=kg_env)
    assert result.returncode == 0, result.stderr
    triples = list(pyoxigraph.parse(path=str(out), format=pyoxigraph.RdfFormat.TURTLE))
    assert any(t.predicate.value.endswith("/hasSideEffect") for t in triples)
    again = run_kg("export", "--format", "turtle", env=kg_env)
    assert again.stdout.encode() == out.read_bytes()


def test_export_unknown_format_is_a_clear_error(kg_env, tmp_path):
    out = tmp_path / "graph.xyz"
    result = run_kg("export", "--format", "xyz", "--out", str(out), env=kg_env)
    assert result.returncode == 2
    assert "unknown format 'xyz'" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_stats_counts_relations(kg_env):
    result = run_kg("stats", env=kg_env)
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line}
    assert rows["pkg:hasSideEffect"] == ["3", "4"]  # 3 asserted triples, 4 evidence records


def test_bad_quote_fails_build_with_file_and_line(kg_env, mini_copy):
    path = mini_copy / "data" / "statements" / "doc_b.yaml"
    path.write_text(path.read_text().replace("Its half-life is 10 hours.",
                                             "Its half-life is 12 hours."))
    result = run_kg("build", env=kg_env, resources=mini_copy)
    assert result.returncode == 2
    assert f"{path}:8: quote is not an exact substring of document doc_b" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (Path(kg_env["PHARMAKG_HOME"]) / "build" / "manifest.json").exists()


def test_edited_document_is_refused(kg_env, mini_copy):
    doc = mini_copy / "data" / "corpus" / "doc_b.txt"
    doc.write_text(doc.read_text() + "Edited.\n")
    result = run_kg("build", env=kg_env, resources=mini_copy)
    assert result.returncode == 2
    assert "documents.yaml" in result.stderr and "was the document edited?" in result.stderr


def test_fmt_rewrites_non_canonical_file(kg_env, mini_copy):
    path = mini_copy / "data" / "statements" / "doc_b.yaml"
    canonical = path.read_text()
    lines = canonical.splitlines(keepends=True)
    # swap the two statements: same content, wrong order
    header, first, second = lines[:2], lines[2:8], lines[8:]
    path.write_text("".join(header + second + first))
    check = run_kg("fmt", "--check", env=kg_env, resources=mini_copy)
    assert check.returncode == 1 and "not canonical" in check.stdout
    validate = run_kg("validate", env=kg_env, resources=mini_copy)
    assert validate.returncode == 1 and "[canonical] doc_b.yaml" in validate.stdout
    assert run_kg("fmt", env=kg_env, resources=mini_copy).returncode == 0
    assert path.read_text() == canonical
