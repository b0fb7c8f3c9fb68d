"""A failed ``kg build`` never loses the previous good build (issue 13, item 3; decision 0008).

A good build first; then builds that fail on a bad statement, on an exception raised while the
query store loads, and by ``kill -9`` at several points. After each, every file under ``build/``
is byte-identical, ``kg query`` answers identically without rebuilding, and the next build
removes what the dead one left behind.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import KG_BIN

SPARQL = ("SELECT ?p ?o WHERE { <https://w3id.org/pharmakg/ontology/drugzepam> ?p ?o } "
          "ORDER BY ?p ?o")


def file_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (following the ``build`` symlink)."""
    root = folder.resolve()
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def kg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(KG_BIN), *args], capture_output=True, text=True, env=env,
                          timeout=120)


def ask(env: dict[str, str]) -> str:
    """The answer of an ad-hoc query, refusing to rebuild (the old build must answer)."""
    done = kg("query", "--sparql", SPARQL, "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    assert "building" not in done.stderr  # answered from the kept build, not a rebuild
    return done.stdout


@pytest.fixture()
def good(tmp_path, mini_copy):
    """A home with one good build of the mini fixture: (env, home, hashes, answer)."""
    home = tmp_path / "home"
    env = {**os.environ, "PHARMAKG_HOME": str(home), "PHARMAKG_RESOURCES": str(mini_copy)}
    done = kg("build", "-q", env=env)
    assert done.returncode == 0, done.stderr
    hashes = file_hashes(home / "build")
    assert {"manifest.json", "pharmakg.nq"} <= set(hashes) and \
        any(name.startswith("oxigraph/") for name in hashes)
    return env, home, hashes, ask(env)


def _unchanged(env: dict[str, str], home: Path, hashes: dict[str, str], answer: str) -> None:
    assert file_hashes(home / "build") == hashes
    assert ask(env) == answer
    assert file_hashes(home / "build") == hashes  # reading changed nothing either


def test_build_is_a_symlink_to_a_generation(good):
    env, home, _, _ = good
    link = home / "build"
    assert link.is_symlink() and not os.readlink(link).startswith("/")  # relative: movable
    assert link.resolve().parent == home / "builds"
    assert link.resolve().name.startswith("gen-")


@pytest.mark.parametrize("file, old, new, refusal", [
    ("doc_b", b"Its half-life is 10 hours.", b"It is gone.", "quote is not an exact substring"),
    # refused only when the dose is checked in detail (it used to be stored as Infinity)
    ("doc_a", b"max: 2\n", b"max: .inf\n", "must be a finite number"),
])
def test_bad_statement_keeps_previous_build(good, mini_copy, file, old, new, refusal):
    env, home, hashes, answer = good
    path = mini_copy / "data" / "statements" / f"{file}.yaml"
    original = path.read_bytes()
    path.write_bytes(original.replace(old, new))
    done = kg("build", env=env)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{path}:" in done.stderr and refusal in done.stderr
    path.write_bytes(original)
    _unchanged(env, home, hashes, answer)


@pytest.mark.parametrize("where", ["create", "load_nquads"])
def test_exception_while_loading_store_keeps_previous_build(good, monkeypatch, where):
    from kg.build.graph import build
    from kg.build.buildstore import write_build
    from kg.store.oxigraph import OxigraphStore

    env, home, hashes, answer = good
    monkeypatch.setenv("PHARMAKG_RESOURCES", env["PHARMAKG_RESOURCES"])
    built = build()
    (home / "builds" / "inferred-marker").write_text("x")  # not a generation: must survive
    real = getattr(OxigraphStore, where)

    def failing(*args, **kwargs):
        real(*args, **kwargs)  # the store is half written when the failure strikes
        raise OSError("disk full (injected)")

    monkeypatch.setattr(OxigraphStore, where, failing if where == "create" else
                        lambda self, *a, **k: failing(self, *a, **k))
    if where == "load_nquads":  # only called for a saved inferred graph: give it one
        gen = (home / "build").resolve()
        (gen / "inferred.nq").write_bytes(b"")
        (gen / "inferred.json").write_text('{"input_hash": "%s"}' % built.input_hash)
        hashes = file_hashes(home / "build")
    with pytest.raises(OSError, match="injected"):
        write_build(built, home)
    assert [p.name for p in (home / "builds").iterdir() if p.name.startswith("tmp-")] == []
    _unchanged(env, home, hashes, answer)


_KILLER = """
import os, signal, sys
import kg.build.buildstore as bs
from kg.store.oxigraph import OxigraphStore
where = sys.argv[1]
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
if where == "before-store":
    bs._write_oxigraph = die
elif where == "mid-store":
    real = OxigraphStore.create
    def create(path, nquads):
        store = real(path, nquads)
        store.raw.flush()
        die()
    OxigraphStore.create = create
elif where == "before-swap":
    bs._make_current = die
from kg.cli import main
sys.argv = ["kg", "build"]
main()
"""


@pytest.mark.parametrize("where", ["before-store", "mid-store", "before-swap"])
def test_killed_build_keeps_previous_build_and_is_cleaned_up(good, mini_copy, where):
    env, home, hashes, answer = good
    path = mini_copy / "data" / "statements" / "doc_b.yaml"
    original = path.read_text(encoding="utf-8")
    # a valid change, so a build that got through would have changed the answer
    path.write_text(original.replace("  quote: Drugzepam lowers blood pressure.\n",
                                     "  quote: Drugzepam lowers blood pressure.\n  note: x\n"),
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _KILLER, where], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    leftovers = sorted(p.name for p in (home / "builds").iterdir()
                       if p.name != ".lock" and p.resolve() != (home / "build").resolve())
    assert len(leftovers) == 1  # the dead build's folder (unfinished, or finished but unused)
    assert leftovers[0].startswith("gen-" if where == "before-swap" else "tmp-")
    path.write_text(original, encoding="utf-8")
    _unchanged(env, home, hashes, answer)
    # the next build removes what the dead one left; only current + previous generation stay
    assert kg("build", "-q", env=env).returncode == 0
    names = sorted(p.name for p in (home / "builds").iterdir() if p.name != ".lock")
    assert leftovers[0] not in names and len(names) == 2
    assert ask(env) == answer


def test_unfinished_folder_of_a_live_process_is_kept(good):
    env, home, _, _ = good
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        alive = home / "builds" / f"tmp-{sleeper.pid}-0000"
        dead = home / "builds" / "tmp-999999999-0000"
        alive.mkdir()
        dead.mkdir()
        assert kg("build", "-q", env=env).returncode == 0
        assert alive.is_dir() and not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_open_reader_survives_two_rebuilds(good):
    from kg.store.oxigraph import OxigraphStore

    env, home, _, _ = good
    opened = (home / "build").resolve()
    store = OxigraphStore.open(home / "build" / "oxigraph")
    try:
        before = store.query(SPARQL).rows
        assert len(before) >= 5
        for _ in range(2):  # the second one deletes the generation the reader opened
            assert kg("build", "-q", env=env).returncode == 0
        assert not opened.exists()
        assert store.query(SPARQL).rows == before
    finally:
        store.close()


def test_old_plain_build_folder_is_migrated(tmp_path, mini_copy):
    home = tmp_path / "home"
    legacy = home / "build"
    legacy.mkdir(parents=True)
    (legacy / "pharmakg.nq").write_text("old\n")
    (legacy / ".oxigraph.new-12345").mkdir()  # the stray folder an old failed build left
    env = {**os.environ, "PHARMAKG_HOME": str(home), "PHARMAKG_RESOURCES": str(mini_copy)}
    assert kg("build", "-q", env=env).returncode == 0
    assert legacy.is_symlink() and (legacy / "manifest.json").is_file()
    answer = ask(env)
    assert kg("build", "-q", env=env).returncode == 0
    assert not any("legacy" in p.name for p in (home / "builds").iterdir())
    assert ask(env) == answer
