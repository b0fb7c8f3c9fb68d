"""The curation loop through the real ``kg`` console script on a copy of the resources:
kg add -> kg review (stdin) / kg accept -> kg build -> kg query; interrupted reviews; two
reviewers saving at once; user errors exit 2 with one line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import KG_BIN
from test_curation import (CURATION, REVIEWER, copy_resources, curator_decisions,
                           decision_key)

FIELDS = ("relation", "object", "severity", "context", "population", "frequency")


@pytest.fixture()
def env(tmp_path, kg_env):
    root = copy_resources(tmp_path / "resources")
    kg_env["PHARMAKG_RESOURCES"] = str(root)
    return kg_env


def kg(env, *args, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([str(KG_BIN), *args], env=env, input=stdin, capture_output=True,
                            text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


def add(env, name: str) -> str:
    out = kg(env, "add", str(CURATION / f"{name}.txt"), "--candidates",
             str(CURATION / f"{name}.candidates.yaml"), "--url", f"https://example.org/{name}")
    return out.stdout.split()[1]


def review_file(env, doc: str) -> dict:
    path = Path(env["PHARMAKG_RESOURCES"]) / "data" / "review" / f"{doc}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def answers(env, doc: str, name: str, limit: int | None = None) -> str:
    """What a curator types for the undecided candidates, in the order kg review shows them."""
    data = review_file(env, doc)
    wanted = curator_decisions(name)
    lines = []
    pending = [c for c in data["candidates"] if c["id"] not in (data.get("decisions") or {})]
    for candidate in pending[:limit]:
        action, detail = wanted[decision_key(candidate)]
        if action != "edit":
            lines.append(action[0])
            continue
        lines.append("e")
        for key in FIELDS:
            lines.append("" if key not in detail else "-" if detail[key] is None else detail[key])
        lines += ["", detail.get("quote", "")]
        if candidate.get("new_term"):
            lines += ["", "", "", ""]
    return "\n".join(lines) + "\n"


def query_json(env, *args) -> list[dict]:
    out = kg(env, "query", *args, "--format", "json").stdout
    data = json.loads(out)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def test_add_review_build_query(env):
    before = kg(env, "query", "side-effects", "-p", "drug=amitriptyline").stdout
    doc = add(env, "gabapentin")
    note = add(env, "clonazepam-note")
    result = kg(env, "review", doc, "--reviewer", REVIEWER, stdin=answers(env, doc, "gabapentin"))
    assert "done: 12 accepted, 2 edited, 1 rejected" in result.stdout
    assert "Neurontin" in result.stdout and "[[" in result.stdout  # the quote, marked in context
    kg(env, "accept", note, "--tier", "A", "--reviewer", REVIEWER)
    kg(env, "review", note, "--reviewer", REVIEWER, stdin=answers(env, note, "clonazepam-note"))
    assert not [c for c in review_file(env, note)["candidates"]
                if c["id"] not in review_file(env, note)["decisions"]]
    kg(env, "build", "-q")
    text = (CURATION / "gabapentin.txt").read_text(encoding="utf-8")
    rows = query_json(env, "evidence", "-p", "drug=Neurontin")  # the brand name resolves
    assert len(rows) == 14
    for row in rows:
        assert text[int(row["start"]):int(row["end"])] == row["quote"]
        assert row["documentLabel"] == "Gabapentin in brief"
    labels = {(r["relationLabel"], r["objectLabel"]) for r in rows}
    assert ("has elimination half-life", "6 h") in labels
    assert ("targets", "voltage-gated calcium channel") in labels  # the edited object
    assert {(r["curationLabel"], r["reviewerLabel"]) for r in rows} == {
        ("machine proposal accepted", REVIEWER), ("machine proposal edited", REVIEWER)}
    edited = query_json(env, "evidence", "-p", "drug=gabapentin", "-p", "curation=edited")
    assert len(edited) == 2
    assert len(query_json(env, "evidence", "-p", "drug=gabapentin", "-p", "curation=machine")) \
        == 14
    assert query_json(env, "evidence", "-p", "drug=gabapentin", "-p", "curation=written") == []
    clonazepam = query_json(env, "evidence", "-p", "drug=clonazepam")
    written = query_json(env, "evidence", "-p", "drug=clonazepam", "-p", "curation=written")
    assert len(written) == len(clonazepam) - 3
    assert {r["reviewerLabel"] for r in written} == {"pharmakg curators"}
    assert sum(r["documentLabel"] == "A short note on clonazepam" for r in clonazepam) == 3
    # a drug no new document talks about answers exactly as before
    assert kg(env, "query", "side-effects", "-p", "drug=amitriptyline").stdout == before


def test_an_interrupted_review_keeps_every_decision(env):
    doc = add(env, "sertraline")
    script = answers(env, doc, "sertraline", limit=4)
    first = kg(env, "review", doc, "--reviewer", REVIEWER, stdin=script)  # input ends: stop
    assert first.returncode == 0
    decided = review_file(env, doc)["decisions"]
    assert len(decided) == 4
    kg(env, "review", doc, "--reviewer", REVIEWER, stdin="q\n")
    assert len(review_file(env, doc)["decisions"]) == 4
    rest = kg(env, "review", doc, "--reviewer", REVIEWER, stdin=answers(env, doc, "sertraline"))
    assert "done:" in rest.stdout
    final = review_file(env, doc)["decisions"]
    assert len(final) == 21 and all(final[k] == v for k, v in decided.items())


def test_two_reviewers_saving_at_once_lose_nothing(env):
    doc = add(env, "sertraline")
    tiers = {"A": 0, "B": 0}
    for candidate in review_file(env, doc)["candidates"]:
        if candidate["tier"] in tiers:
            tiers[candidate["tier"]] += 1
    procs = [subprocess.Popen([str(KG_BIN), "accept", doc, "--tier", tier, "--reviewer", who],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for tier, who in (("A", "Ann"), ("B", "Ben"))]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    decisions = review_file(env, doc)["decisions"]
    assert len(decisions) == tiers["A"] + tiers["B"]
    assert {d["reviewer"] for d in decisions.values()} == {"Ann", "Ben"}
    statements = yaml.safe_load((Path(env["PHARMAKG_RESOURCES"]) / "data" / "statements"
                                 / f"{doc}.yaml").read_text(encoding="utf-8"))["statements"]
    assert len(statements) == tiers["A"] + tiers["B"]
    assert {s["reviewer"] for s in statements} == {"Ann", "Ben"}
    kg(env, "validate")


def test_accept_reports_candidates_the_checks_refuse(env, tmp_path):
    candidates = yaml.safe_load((CURATION / "clonazepam-note.candidates.yaml").read_text())
    candidates[0]["object"] = "NoSuchClass"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(candidates))
    out = kg(env, "add", str(CURATION / "clonazepam-note.txt"), "--candidates", str(bad))
    doc = out.stdout.split()[1]
    result = kg(env, "accept", doc, "--tier", "A", "--reviewer", REVIEWER, check=False)
    assert result.returncode == 1
    assert "accepted 1 candidate(s) of tier A" in result.stdout
    assert "unknown object term 'NoSuchClass'" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["accept", "doc_nope", "--tier", "A", "--reviewer", "x"], "no review file for document"),
    (["accept", "doc_nope", "--tier", "D", "--reviewer", "x"], "--tier takes A, B or C"),
    (["review", "doc_nope", "--reviewer", "x"], "no corpus document"),
    (["add", "missing.txt", "--candidates", "x.yaml"], "cannot read"),
    (["add", str(CURATION / "gabapentin.txt"), "--url", "not a url",
      "--candidates", str(CURATION / "gabapentin.candidates.yaml")], "url must be"),
])
def test_user_errors_exit_2_with_one_line(env, args, message):
    result = kg(env, *args, check=False)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_add_refuses_binary_and_wrong_offsets(env, tmp_path):
    binary = tmp_path / "page.txt"
    binary.write_bytes(b"caf\xe9 au lait\n")
    result = kg(env, "add", str(binary), "--candidates",
                str(CURATION / "gabapentin.candidates.yaml"), check=False)
    assert result.returncode == 2 and "not valid UTF-8" in result.stderr
    assert f"{binary}:1:4" in result.stderr
    candidates = yaml.safe_load((CURATION / "gabapentin.candidates.yaml").read_text())
    candidates[2]["start"] += 1
    shifted = tmp_path / "shifted.yaml"
    shifted.write_text(yaml.safe_dump(candidates))
    result = kg(env, "add", str(CURATION / "gabapentin.txt"), "--candidates", str(shifted),
                check=False)
    assert result.returncode == 2 and "is not its quote" in result.stderr
    corpus = Path(env["PHARMAKG_RESOURCES"]) / "data" / "corpus"
    assert sorted(p.name for p in corpus.glob("doc_*")) == []  # nothing half-added
