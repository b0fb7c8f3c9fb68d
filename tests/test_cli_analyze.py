"""`kg analyze ...` and `kg synth` through the installed console script."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest

from conftest import KG_BIN


def kg(env, *args, cwd=None):
    return subprocess.run([str(KG_BIN), *map(str, args)], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_shared_effects_table(kg_env, tmp_path):
    result = kg(kg_env, "analyze", "shared-effects", "--top", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["rank", "label_a", "label_b"]
    assert lines[2].split()[:4] == ["1", "amitriptyline", "pregabalin", "4"]


def test_shared_effects_json_csv_and_methods(kg_env, tmp_path):
    out = {}
    for method in ("sparse", "networkx"):
        result = kg(kg_env, "analyze", "shared-effects", "-r", "withdrawal", "-m", "jaccard",
                    "--method", method, "--format", "json", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        out[method] = json.loads(result.stdout)
    assert out["sparse"] == out["networkx"]
    assert (out["sparse"][0]["label_a"], out["sparse"][0]["label_b"]) == ("amitriptyline", "clonazepam")
    result = kg(kg_env, "analyze", "shared-effects", "--format", "csv", cwd=tmp_path)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["a"].endswith("/amitriptyline") and rows[0]["shared"] == "4"


def test_similar_central_explain_regimen(kg_env, tmp_path):
    result = kg(kg_env, "analyze", "similar", "amitriptyline", "--profile", "indications", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2].split()[:2] == ["1", "pregabalin"]
    result = kg(kg_env, "analyze", "central-effects", "-f", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["central_effects"][0]["label"] == "dizziness"
    assert any(r["label"] == "seizure" for r in data["side_effect_and_withdrawal_symptom"])
    result = kg(kg_env, "analyze", "explain", "clonazepam", "amitriptyline", "-n", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1. clonazepam") and '"' in result.stdout
    result = kg(kg_env, "analyze", "regimen", "amitriptyline", "pregabalin", "-f", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert {r["effect"] for r in data["additive_side_effects"]} == {
        "blurred vision", "dizziness", "drowsiness", "weight gain"}
    assert any("alcohol" in r["quote"] for r in data["combination_statements"])


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
def test_plots(kg_env, tmp_path, suffix):
    target = tmp_path / f"plot{suffix}"
    result = kg(kg_env, "analyze", "explain", "clonazepam", "pregabalin", "--plot", target, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    assert len(data) > 1000
    if suffix == ".html":
        text = data.decode()
        assert "vis.Network" in text or "vis-network" in text
        import re
        assert not re.search(r'(src|href)="https?://', text)  # opens offline
    result = kg(kg_env, "analyze", "shared-effects", "--plot", tmp_path / f"bars{suffix}", cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / f"bars{suffix}").stat().st_size > 1000


def test_user_errors_exit_2(kg_env, tmp_path):
    assert kg(kg_env, "analyze", "similar", "nosuchdrug", cwd=tmp_path).returncode == 2
    assert kg(kg_env, "analyze", "shared-effects", "-m", "bogus", cwd=tmp_path).returncode == 2
    assert kg(kg_env, "analyze", "shared-effects", "--plot", tmp_path / "x.gif", cwd=tmp_path).returncode == 2
    assert kg(kg_env, "analyze", "shared-effects", "--graph", tmp_path / "missing.nt", cwd=tmp_path).returncode == 2


def test_synth_then_analyze(kg_env, tmp_path):
    path = tmp_path / "synth.nq"
    result = kg(kg_env, "synth", "--drugs", "60", "--effects", "200", "--seed", "1", "--out", path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "60 drugs" in result.stderr and path.stat().st_size > 0
    again = tmp_path / "again.nq"
    kg(kg_env, "synth", "--drugs", "60", "--effects", "200", "--seed", "1", "--out", again, cwd=tmp_path)
    assert again.read_bytes() == path.read_bytes()
    outs = []
    for method in ("sparse", "networkx"):
        result = kg(kg_env, "analyze", "shared-effects", "--graph", path, "--method", method,
                    "-f", "json", "--top", "15", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        outs.append(json.loads(result.stdout))
    assert outs[0] == outs[1] and len(outs[0]) == 15
    result = kg(kg_env, "analyze", "central-effects", "--graph", path, "--top", "3", cwd=tmp_path)
    assert "nausea" in result.stdout


def test_a_fuzzy_name_pick_is_said_on_stderr(kg_env, tmp_path):
    """`kg analyze` tells which drug a misspelt name was taken as, as `kg query` does; an
    exact name gets no note."""
    fuzzy = kg(kg_env, "analyze", "similar", "Klonopn", "--format", "json", cwd=tmp_path)
    assert fuzzy.returncode == 0, fuzzy.stderr
    assert "note: 'Klonopn': using clonazepam (pkg:clonazepam)" in fuzzy.stderr
    exact = kg(kg_env, "analyze", "similar", "Klonopin", "--format", "json", cwd=tmp_path)
    assert exact.returncode == 0 and "using clonazepam" not in exact.stderr
    assert json.loads(fuzzy.stdout) == json.loads(exact.stdout)
