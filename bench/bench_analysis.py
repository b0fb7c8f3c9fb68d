"""Benchmark: all-pairs "top-20 drug pairs by shared side effects" on SIDER-shaped graphs.

One command, one table:

    .venv/bin/python bench/bench_analysis.py                 # 1,430 and 10,000 drugs
    .venv/bin/python bench/bench_analysis.py --sizes 1430 --timeout 30

For each size it draws a synthetic graph (``kg.sources.synth``), writes it as N-Triples to a temporary
folder (never the repository), and measures:

* load — the analysis edge table from the file (line-split fast path) and a pyoxigraph bulk load;
* one pair query — shared side effects of one drug pair: a sparse row product vs a SPARQL
  ``COUNT`` in pyoxigraph;
* all-pairs top-20 — the project's blocked sparse/BLAS path vs a SPARQL ``GROUP BY`` in
  pyoxigraph vs ``networkx.bipartite.weighted_projected_graph`` + sort. The SPARQL and NetworkX
  arms run in child processes killed after ``--timeout`` seconds (reported as "> T s").

The SPARQL and NetworkX answers, when they finish, are checked against the sparse one (same
scores in the same order; pairs compared as sets among equal scores since SPARQL breaks ties by
IRI, not label).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PKG = "https://w3id.org/pharmakg/ontology/"
TOP_QUERY = f"""PREFIX pkg: <{PKG}>
SELECT ?a ?b (COUNT(?e) AS ?n) WHERE {{
  ?a pkg:hasSideEffect ?e . ?b pkg:hasSideEffect ?e .
  FILTER(STR(?a) < STR(?b))
}} GROUP BY ?a ?b ORDER BY DESC(?n) ?a ?b LIMIT 20"""
PAIR_QUERY = """PREFIX pkg: <{pkg}>
SELECT (COUNT(?e) AS ?n) WHERE {{ <{a}> pkg:hasSideEffect ?e . <{b}> pkg:hasSideEffect ?e . }}"""


def _sparql_child(path: str, a: str, b: str, conn) -> None:
    import pyoxigraph

    started = time.perf_counter()
    store = pyoxigraph.Store()
    store.bulk_load(path=path, format=pyoxigraph.RdfFormat.N_TRIPLES)
    conn.send(("load", time.perf_counter() - started, None))
    started = time.perf_counter()
    rows = list(store.query(PAIR_QUERY.format(pkg=PKG, a=a, b=b)))
    conn.send(("pair", time.perf_counter() - started, int(rows[0]["n"].value)))
    started = time.perf_counter()
    rows = [(r["a"].value, r["b"].value, int(r["n"].value)) for r in store.query(TOP_QUERY)]
    conn.send(("all", time.perf_counter() - started, rows))


def _networkx_child(path: str, conn) -> None:
    from kg.analysis import edges, shared

    table = edges.from_file(path, quotes=False)
    inc = shared.incidence(table, "side-effects")
    graph = shared.bipartite_graph(inc)
    conn.send(("load", 0.0, None))
    started = time.perf_counter()
    pairs = shared.shared_pairs_networkx(inc, "shared", 20, graph=graph)
    elapsed = time.perf_counter() - started
    conn.send(("all", elapsed, [(inc.drugs[i], inc.drugs[j], int(s)) for i, j, s in pairs]))


def _run_child(target, args, timeout: float, load_timeout: float = 900.0) -> dict:
    """Run a child arm; returns {stage: (seconds, value)} with None for stages that timed out."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=target, args=(*args, child), daemon=True)
    proc.start()
    child.close()
    results: dict = {}
    wait = load_timeout
    try:
        while True:
            if not parent.poll(wait):
                break
            stage, seconds, value = parent.recv()
            results[stage] = (seconds, value)
            if stage == "all":
                break
            wait = timeout
    except EOFError:
        pass
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
    return results


def _same_ranking(expected: list[tuple[str, str, int]], got: list[tuple[str, str, int]]) -> bool:
    if [n for _a, _b, n in expected] != [n for _a, _b, n in got]:
        return False
    last = expected[-1][2] if expected else None
    firm_e = {frozenset((a, b)) for a, b, n in expected if n != last}
    firm_g = {frozenset((a, b)) for a, b, n in got if n != last}
    return firm_e == firm_g


def bench_size(n_drugs: int, evidence: str, timeout: float, workdir: Path, seed: int) -> list[tuple]:
    from kg.analysis import edges, shared
    from kg.sources.synth import synthesize

    rows: list[tuple] = []
    started = time.perf_counter()
    synth = synthesize(n_drugs, seed=seed)
    path = workdir / f"synth_{n_drugs}.nt"
    triples = synth.write(path, evidence=evidence)
    gen = time.perf_counter() - started
    label = f"{n_drugs:,} drugs / {synth.n_links:,} links / {triples / 1e6:.2f}M triples ({evidence} evidence)"
    rows.append((label, "generate + write N-Triples", gen, ""))

    started = time.perf_counter()
    table = edges.from_file(path, quotes=False)
    inc = shared.incidence(table, "side-effects")
    rows.append((label, "load: analysis edge table (line split)", time.perf_counter() - started, ""))

    # the pair: the two drugs with the most side effects
    degree = inc.matrix.getnnz(axis=1)
    i, j = sorted(int(x) for x in degree.argsort()[-2:])
    a, b = inc.drugs[i], inc.drugs[j]
    X = inc.matrix.tocsr()
    started = time.perf_counter()
    pair_sparse = int(X[i].multiply(X[j]).sum())
    pair_t = time.perf_counter() - started

    shared.shared_pairs_sparse(inc, "shared", 20)  # warm-up: BLAS threads, page faults
    tracemalloc.start()
    started = time.perf_counter()
    top = shared.shared_pairs_sparse(inc, "shared", 20)
    sparse_t = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    expected = [(inc.drugs[x], inc.drugs[y], int(s)) for x, y, s in top]

    sparql = _run_child(_sparql_child, (str(path), a, b), timeout)
    nxr = _run_child(_networkx_child, (str(path),), timeout)

    def fmt(stage_result, check=None) -> tuple[float | str, str]:
        if stage_result is None:
            return f"> {timeout:g}", "timed out"
        seconds, value = stage_result
        note = ""
        if check is not None:
            note = "same ranking" if check(value) else "DIFFERENT ranking"
        return seconds, note

    load = sparql.get("load")
    rows.append((label, "load: pyoxigraph bulk_load", *(fmt(load) if load else ("> 900", "timed out"))))
    rows.append((label, "one pair: sparse row product", pair_t, f"{pair_sparse} shared"))
    pair = sparql.get("pair")
    seconds, note = fmt(pair)
    if pair:
        note = f"{pair[1]} shared" + ("" if pair[1] == pair_sparse else " (DIFFERS)")
    rows.append((label, "one pair: SPARQL COUNT (pyoxigraph)", seconds, note))
    rows.append((label, "all-pairs top-20: sparse/BLAS (kg analyze)", sparse_t,
                 f"peak {peak:.0f} MiB traced"))
    for name, res in (("all-pairs top-20: SPARQL GROUP BY (pyoxigraph)", sparql.get("all")),
                      ("all-pairs top-20: networkx weighted_projected_graph", nxr.get("all"))):
        seconds, note = fmt(res, lambda got: _same_ranking(expected, got))
        ratio = f"{seconds / sparse_t:,.0f}× sparse" if isinstance(seconds, float) else f"> {timeout / sparse_t:,.0f}× sparse"
        rows.append((label, name, seconds, f"{note}; {ratio}"))
    path.unlink()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1430,10000", help="drug counts, comma-separated")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds for each SPARQL/NetworkX arm")
    parser.add_argument("--evidence", default="full,none",
                        help="evidence level per size (full: as the build writes it; none: "
                             "asserted triples only); the last one repeats")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    levels = args.evidence.split(",")
    rows: list[tuple] = []
    with tempfile.TemporaryDirectory(prefix="pharmakg-bench-") as tmp:
        for k, n in enumerate(sizes):
            level = levels[min(k, len(levels) - 1)]
            print(f"… {n} drugs ({level} evidence)", file=sys.stderr, flush=True)
            rows.extend(bench_size(n, level, args.timeout, Path(tmp), args.seed))
    print(f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    width = max(len(r[1]) for r in rows)
    current = None
    for label, what, seconds, note in rows:
        if label != current:
            print(f"\n{label}")
            print(f"  {'measure'.ljust(width)}  {'seconds':>9}  note")
            current = label
        sec = f"{seconds:9.3f}" if isinstance(seconds, float) else f"{seconds:>9}"
        print(f"  {what.ljust(width)}  {sec}  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
