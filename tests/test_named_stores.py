"""Named stores through the console script: ``kg load`` a synthetic graph once, then
``kg query``, ``kg analyze``, ``KnowledgeGraph.open(store=...)`` and a real ``kg serve`` on it;
a failed load leaves the previous store byte-identical; bad files exit 2 naming file:line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import KG_BIN

PKG = "https://w3id.org/pharmakg/ontology/"


def run(*args: str, env: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([str(KG_BIN), *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> dict:
    """A 30-drug synthetic graph loaded as store ``small`` into a private home."""
    root = tmp_path_factory.mktemp("named")
    env = dict(os.environ, PHARMAKG_HOME=str(root / "home"))
    env.pop("PHARMAKG_RESOURCES", None)
    graph = root / "small.nq"
    ok(run("synth", "--drugs", "30", "--seed", "3", "-o", str(graph), env=env))
    done = ok(run("load", str(graph), "--name", "small", env=env))
    return {"env": env, "graph": graph, "home": root / "home", "root": root, "load": done}


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file under the store's folder by relative path (links by their target)."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = path.read_bytes()
    return out


def expected_shared(graph: Path, a: str, b: str) -> list[str]:
    """Shared side effects of two drugs by a plain pyoxigraph store read from the file."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(graph), format=ox.RdfFormat.N_QUADS)
    rows = store.query(f"""SELECT DISTINCT ?l WHERE {{ GRAPH ?g1 {{ <{a}> <{PKG}hasSideEffect> ?e }}
        GRAPH ?g2 {{ <{b}> <{PKG}hasSideEffect> ?e }} GRAPH ?g3 {{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}""")
    return sorted(r["l"].value for r in rows)


def two_drugs(env) -> list[tuple[str, str]]:
    done = ok(run("query", "--store", "small", "-f", "json", "--sparql",
                  "SELECT ?d ?l WHERE { ?d a pkg:Drug ; rdfs:label ?l } ORDER BY ?l LIMIT 2",
                  env=env))
    rows = json.loads(done.stdout)["results"]["bindings"]
    return [(r["d"]["value"], r["l"]["value"]) for r in rows]


def test_load_reports_the_store_and_stores_lists_it(loaded):
    assert re.search(r"loaded store 'small': \d+ quads from 1 file", loaded["load"].stdout)
    listed = ok(run("stores", env=loaded["env"])).stdout
    assert listed.startswith("small ") and str(loaded["graph"]) in listed
    generation = (loaded["home"] / "stores" / "small" / "build").resolve()
    assert (generation / "manifest.json").is_file() and (generation / "edges.npz").is_file()


def test_named_query_on_the_store_matches_a_plain_store(loaded):
    (a, label_a), (b, label_b) = two_drugs(loaded["env"])
    done = ok(run("query", "shared-side-effects", "-p", f"drug1={label_a}",
                  "-p", f"drug2={label_b}", "--store", "small", "-f", "json",
                  env=loaded["env"]))
    got = sorted(r["effectLabel"]["value"] for r in json.loads(done.stdout)["results"]["bindings"])
    assert got == expected_shared(loaded["graph"], a, b)
    assert got  # the synthetic graph's drugs share common effects


def test_the_typer_form_and_the_fast_form_of_kg_query_agree(loaded):
    (_, label_a), (_, label_b) = two_drugs(loaded["env"])
    fast = ok(run("query", "shared-side-effects", label_a, label_b, "--store", "small",
                  env=loaded["env"]))
    # --store=NAME then -p written attached goes through typer (kg.cli.fastpath declines it)
    typer_form = ok(run("query", "shared-side-effects", f"-pdrug1={label_a}",
                        f"-pdrug2={label_b}", "--store=small", env=loaded["env"]))
    assert fast.stdout == typer_form.stdout and "rows)" in fast.stdout


def test_analyze_on_the_store_equals_analyze_of_the_file(loaded):
    env = loaded["env"]
    on_store = ok(run("analyze", "shared-effects", "--store", "small", "--top", "5",
                      "-f", "json", env=env))
    on_file = ok(run("analyze", "shared-effects", "--graph", str(loaded["graph"]), "--top", "5",
                     "-f", "json", env=env))
    assert json.loads(on_store.stdout) == json.loads(on_file.stdout)
    assert len(json.loads(on_store.stdout)) == 5
    assert "computing" not in on_store.stderr  # kg load computed the edge table already


def test_python_api_opens_the_named_store(loaded):
    from kg.api import KnowledgeGraph

    (a, label_a), (b, label_b) = two_drugs(loaded["env"])
    with KnowledgeGraph.open(store="small", home=loaded["home"]) as kg:
        rows = kg.query("shared-side-effects", drug1=label_a, drug2=label_b).rows
        assert sorted(r["effectLabel"] for r in rows) == expected_shared(loaded["graph"], a, b)
        assert kg.resolve(label_a, "drug").iri == a


def test_serve_answers_over_the_named_store(loaded):
    proc = subprocess.Popen([str(KG_BIN), "serve", "--store", "small", "--port", "0",
                             "--workers", "1"], env=loaded["env"], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    try:
        line = proc.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(?d) AS ?n) WHERE { ?d a pkg:Drug }"})
        url = f"http://127.0.0.1:{match[1]}/sparql?{query}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(urllib.request.Request(
                        url, headers={"Accept": "application/sparql-results+json"}), timeout=30) as r:
                    body = json.loads(r.read())
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        assert body["results"]["bindings"][0]["n"]["value"] == "30"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_failed_load_leaves_the_store_byte_identical(loaded):
    env, folder = loaded["env"], loaded["home"] / "stores" / "small"
    before = snapshot(folder)
    bad = loaded["root"] / "broken.nt"
    bad.write_text(f"<{PKG}a> <{PKG}b> <{PKG}c> .\n<{PKG}a> <{PKG}b> \"open .\n")
    done = run("load", str(loaded["graph"]), str(bad), "--name", "small", env=env)
    assert done.returncode == 2
    assert f"{bad}:2:" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(folder) == before
    assert not list((folder / "builds").glob("tmp-*"))  # nothing half-written left behind
    assert "small" in ok(run("stores", env=env)).stdout


@pytest.mark.parametrize("name, text, line", [
    ("bad.ttl", "@prefix p: <http://example.org/> .\np:a p:b p:c .\np:a p:b \"open .\n", 3),
    ("bad.nq", "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
               "<http://example.org/a> <http://example.org/b> <http://example.org/c> <g> <h> .\n", 2),
])
def test_bad_files_exit_2_with_file_and_line(loaded, tmp_path, name, text, line):
    bad = tmp_path / name
    bad.write_text(text)
    done = run("load", str(bad), "--name", "other", env=loaded["env"])
    assert done.returncode == 2, done.stderr
    assert re.search(rf"{re.escape(str(bad))}:{line}:\d+: ", done.stderr), done.stderr
    assert "Traceback" not in done.stderr
    assert not (loaded["home"] / "stores" / "other" / "build").exists()


@pytest.mark.parametrize("args, message", [
    (["load", "missing.nt", "--name", "x"], "missing.nt: no such file"),
    (["load", "README.md", "--name", "x"], "unknown RDF format '.md'"),
    (["load", "g.nt", "--name", "../up"], "bad store name '../up'"),
    (["query", "sources", "--store", "nosuch"], "no store named 'nosuch' (stores: "),
    (["analyze", "central-effects", "--store", "nosuch"], "no store named 'nosuch'"),
])
def test_usage_errors_exit_2(loaded, args, message):
    cwd_file = loaded["root"] / "g.nt"
    cwd_file.write_text("")
    readme = loaded["root"] / "README.md"
    readme.write_text("not RDF\n")
    done = subprocess.run([str(KG_BIN), *args], capture_output=True, text=True,
                          env=loaded["env"], cwd=loaded["root"], timeout=120)
    assert done.returncode == 2 and message in done.stderr, done.stderr


def test_the_names_queries_resolve_against_are_kept_with_the_store(loaded):
    from kg.query.resolve import Resolver
    from kg.store.named import NamedStore, store_generation
    from kg.store.oxigraph import OxigraphStore

    generation = store_generation("small", loaded["home"])
    answers = generation / "answers"
    kept = {p.name: stamp for p in answers.iterdir() for stamp in [p.stat().st_mtime_ns]}
    assert kept  # kg load resolved the drugs' names once
    (_, label_a), (_, label_b) = two_drugs(loaded["env"])
    ok(run("query", "shared-side-effects", label_a, label_b, "--store", "small",
           env=loaded["env"]))
    assert {p.name: p.stat().st_mtime_ns for p in answers.iterdir()} == kept  # reused as is
    named = NamedStore.open_generation(generation)
    plain = OxigraphStore.open(generation / "oxigraph")
    assert Resolver(named).candidates("drug") == Resolver(plain).candidates("drug")
    assert len(Resolver(named).candidates("drug")) == 30


def test_a_turtle_file_goes_into_the_asserted_graph(loaded, tmp_path):
    tiny = tmp_path / "tiny.ttl"
    tiny.write_text(f"""@prefix pkg: <{PKG}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
pkg:d1 a pkg:Drug ; rdfs:label "alphazol" ; pkg:hasSideEffect pkg:e1, pkg:e2 .
pkg:d2 a pkg:Drug ; rdfs:label "betazol" ; pkg:hasSideEffect pkg:e1 .
pkg:e1 rdfs:label "itching" .
pkg:e2 rdfs:label "yawning" .
""")
    env = loaded["env"]
    ok(run("load", str(tiny), "--name", "tiny", env=env))
    done = ok(run("query", "--store", "tiny", "-f", "json", "--sparql",
                  "SELECT ?g WHERE { GRAPH ?g { pkg:d1 pkg:hasSideEffect pkg:e2 } }", env=env))
    graphs = [b["g"]["value"] for b in json.loads(done.stdout)["results"]["bindings"]]
    assert graphs == ["https://w3id.org/pharmakg/data/graph/asserted"]
    pairs = json.loads(ok(run("analyze", "shared-effects", "--store", "tiny", "-f", "json",
                              env=env)).stdout)
    assert [(p["label_a"], p["label_b"], p["shared"]) for p in pairs] == [
        ("alphazol", "betazol", 1)]
