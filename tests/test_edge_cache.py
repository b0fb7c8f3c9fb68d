"""The analysis edge table kept beside each store generation (kg.analysis.edgecache): written by
``kg load``, reused (same file, nothing recomputed), invalidated by a reload, and for the seed
build computed once on the first ``kg analyze``."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from conftest import KG_BIN
from kg.analysis import edgecache
from kg.analysis.edges import EdgeTable, from_files
from kg.store.named import load_store, store_generation
from kg.sources.synth import synthesize


def same_table(a: EdgeTable, b: EdgeTable) -> bool:
    for f in fields(EdgeTable):
        if f.name.startswith("_"):
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if not (np.array_equal(x, y) if isinstance(x, np.ndarray) else x == y):
            return False
    return True


def stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


@pytest.fixture()
def graphs(tmp_path) -> dict[str, Path]:
    out = {}
    for drugs in (12, 9):
        path = tmp_path / f"g{drugs}.nq"
        synthesize(drugs, 1, n_effects=80).write(path, evidence="full")
        out[drugs] = path
    return out


def test_load_writes_the_table_the_store_gives(tmp_path, graphs):
    generation = load_store([graphs[12]], "g", home=tmp_path / "home")
    heard: list[str] = []
    cached = edgecache.cached_table(generation, notify=heard.append)
    assert heard == []  # read from edges.npz, not computed
    # the table kg load read line by line equals the one read from the loaded store
    assert same_table(cached, edgecache.compute(generation, quotes=False))
    assert same_table(cached, from_files([graphs[12]]))
    assert len(cached.drugs()) == 12


def test_the_cache_is_reused_not_rewritten(tmp_path, graphs):
    generation = load_store([graphs[12]], "g", home=tmp_path / "home")
    heard: list[str] = []
    first = edgecache.cached_table(generation, quotes=True, notify=heard.append)
    assert len(heard) == 1 and "computing" in heard[0]  # quotes: computed on first use
    written = edgecache.cache_path(generation, True)
    before = {q: stamp(edgecache.cache_path(generation, q)) for q in (False, True)}
    again = edgecache.cached_table(generation, quotes=True, notify=heard.append)
    plain = edgecache.cached_table(generation, quotes=False, notify=heard.append)
    assert len(heard) == 1  # neither call computed anything
    assert {q: stamp(edgecache.cache_path(generation, q)) for q in (False, True)} == before
    assert same_table(first, again) and written.is_file()
    assert first.quotes and all(q.quote for qs in first.quotes.values() for q in qs)
    assert plain.quotes is None and np.array_equal(plain.src, first.src)


def test_a_reload_invalidates_the_table(tmp_path, graphs):
    home = tmp_path / "home"
    old = load_store([graphs[12]], "g", home=home)
    old_table = edgecache.cached_table(old)
    new = load_store([graphs[9]], "g", home=home)
    assert new != old and store_generation("g", home) == new
    table = edgecache.cached_table(new)
    assert len(table.drugs()) == 9 and len(old_table.drugs()) == 12
    # an old generation's cache file copied into the new generation is refused by its key
    shutil.copyfile(edgecache.cache_path(old, False), edgecache.cache_path(new, False))
    heard: list[str] = []
    table = edgecache.cached_table(new, notify=heard.append)
    assert len(heard) == 1 and len(table.drugs()) == 9
    assert edgecache.read(new, edgecache.generation_key(new), quotes=False) is not None


def test_read_refuses_other_keys_and_damaged_files(tmp_path, graphs):
    table = from_files([graphs[9]], quotes=True)
    edgecache.save(table, tmp_path, "key-a", quotes=True)
    assert same_table(edgecache.read(tmp_path, "key-a", quotes=True), table)
    assert edgecache.read(tmp_path, "key-b", quotes=True) is None
    edgecache.cache_path(tmp_path, True).write_bytes(b"not a zip file")
    assert edgecache.read(tmp_path, "key-a", quotes=True) is None


def test_seed_build_computes_its_table_once(kg_env):
    def analyze() -> subprocess.CompletedProcess:
        done = subprocess.run([str(KG_BIN), "analyze", "shared-effects", "--top", "3"],
                              capture_output=True, text=True, env=kg_env, timeout=300)
        assert done.returncode == 0, done.stderr
        return done

    first = analyze()
    cache = Path(kg_env["PHARMAKG_HOME"]) / "build" / "edges.npz"
    assert cache.is_file()
    before = stamp(cache)
    second = analyze()
    assert stamp(cache) == before and second.stdout == first.stdout
    assert "amitriptyline" in first.stdout or "pregabalin" in first.stdout
    # a new build is a new generation: its table is computed again, from the new store
    rebuilt = subprocess.run([str(KG_BIN), "build"], capture_output=True, text=True,
                             env=kg_env, timeout=300)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert not cache.exists()
    third = analyze()
    assert cache.is_file() and third.stdout == first.stdout


def test_a_table_computed_by_other_code_is_not_used(tmp_path, graphs, monkeypatch):
    generation = load_store([graphs[9]], "g", home=tmp_path / "home")
    key = edgecache.generation_key(generation)
    assert edgecache.read(generation, key, quotes=False) is not None
    # an upgraded kg.analysis.edges (another source hash) must not trust the old file
    monkeypatch.setattr(edgecache, "code_version", lambda: "another-version")
    assert edgecache.read(generation, key, quotes=False) is None
    heard: list[str] = []
    table = edgecache.cached_table(generation, notify=heard.append)
    assert len(heard) == 1 and len(table.drugs()) == 9
    assert edgecache.read(generation, key, quotes=False) is not None  # rewritten for it
