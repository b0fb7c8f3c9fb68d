"""Benchmark: a SIDER-sized graph loaded once into a named store, then queried and analysed by
whole ``kg`` processes (issue 16, "Scale").

One command, one table:

    .venv/bin/python bench/bench_scale.py                       # 1,430 and 10,000 drugs
    .venv/bin/python bench/bench_scale.py --sizes 1430 --runs 5 --timeout 120

For each size it draws a synthetic graph with ``kg synth`` as N-Quads into a temporary folder
(never the repository; ``PHARMAKG_HOME`` is temporary too) and times, as fresh processes:

* ``kg load FILE --name NAME`` (pyoxigraph bulk load on disk + the analysis edge table, kept),
* ``kg query shared-side-effects -p drug1=.. -p drug2=.. --store NAME`` (median of ``--runs``),
* ``kg analyze shared-effects --top 20 --store NAME`` (median of ``--runs``),

with each process's peak resident memory (``wait4`` rusage). In the same run, the same top-20
ranking by a SPARQL ``GROUP BY`` on the loaded store (opened read-only) and by NetworkX's
bipartite projection of the cached edge table, in child processes killed after ``--timeout``;
when they finish, their ranking is checked against ``kg analyze``'s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from bench_analysis import TOP_QUERY, _run_child, _same_ranking  # noqa: E402

KG = str(Path(sys.executable).with_name("kg"))
#: size -> (load s, query s, analyze s); None: no goal stated
GOALS = {1430: (30.0, 0.3, 1.0), 10000: (240.0, None, 5.0)}


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MiB, stdout) of one whole process; a failure stops the bench."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.read().decode()}")
        return elapsed, usage.ru_maxrss / 1024, out.read().decode()


def timed_runs(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float, str]:
    """Median wall time and largest peak RSS over ``runs`` processes (after one warm-up)."""
    timed(cmd, env)
    results = [timed(cmd, env) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), max(r[1] for r in results),
            results[-1][2])


def _sparql_store_child(oxigraph_dir: str, conn) -> None:
    import pyoxigraph

    store = pyoxigraph.Store.read_only(oxigraph_dir)
    conn.send(("load", 0.0, None))
    started = time.perf_counter()
    rows = [(r["a"].value, r["b"].value, int(r["n"].value)) for r in store.query(
        TOP_QUERY, default_graph=[pyoxigraph.NamedNode(
            "https://w3id.org/pharmakg/data/graph/asserted")])]
    conn.send(("all", time.perf_counter() - started, rows))


def _networkx_store_child(generation: str, conn) -> None:
    from kg.analysis import edgecache, shared

    table = edgecache.cached_table(Path(generation))
    inc = shared.incidence(table, "side-effects")
    graph = shared.bipartite_graph(inc)
    conn.send(("load", 0.0, None))
    started = time.perf_counter()
    pairs = shared.shared_pairs_networkx(inc, "shared", 20, graph=graph)
    conn.send(("all", time.perf_counter() - started,
               [(inc.drugs[i], inc.drugs[j], int(s)) for i, j, s in pairs]))


def verdict(seconds: float, goal: float | None) -> str:
    if goal is None:
        return ""
    return f"goal ≤ {goal:g} s: {'met' if seconds <= goal else 'NOT met'}"


def bench_size(n: int, evidence: str, runs: int, timeout: float, tmp: Path) -> list[tuple]:
    env = dict(os.environ, PHARMAKG_HOME=str(tmp / "home"))
    env.pop("PHARMAKG_RESOURCES", None)
    graph = tmp / f"synth_{n}.nq"
    name = f"synth{n}"
    goals = GOALS.get(n, (None, None, None))
    label = f"{n:,} drugs ({evidence} evidence)"
    rows: list[tuple] = []

    seconds, _, _ = timed([KG, "synth", "--drugs", str(n), "--evidence", evidence,
                           "-o", str(graph)], env)
    size = graph.stat().st_size / 2**20
    rows.append((label, "kg synth (writes the N-Quads; not a goal)", seconds, None,
                 f"{size:,.0f} MiB"))
    seconds, peak, out = timed([KG, "load", str(graph), "--name", name], env)
    rows.append((label, "kg load FILE --name NAME", seconds, peak,
                 f"{out.strip().split(': ', 1)[-1]}; {verdict(seconds, goals[0])}"))
    graph.unlink()  # the store is the data now

    import numpy as np

    from kg.analysis import edgecache
    from kg.store.named import store_generation

    generation = store_generation(name, tmp / "home")
    table = edgecache.cached_table(generation)
    counts = np.bincount(table.src[table.relation_mask(["side-effects"])],
                         minlength=len(table.nodes))
    degree = sorted(((int(counts[table.index(d)]), table.label(d)) for d in table.drugs()),
                    reverse=True)  # the pair: the two drugs with the most side effects
    drug1, drug2 = degree[0][1], degree[1][1]
    query = [KG, "query", "shared-side-effects", "-p", f"drug1={drug1}", "-p", f"drug2={drug2}",
             "--store", name]
    seconds, peak, out = timed_runs(query, env, runs)
    rows.append((label, "kg query shared-side-effects --store NAME", seconds, peak,
                 f"median of {runs}; {out.strip().splitlines()[-1]}; {verdict(seconds, goals[1])}"))
    analyze = [KG, "analyze", "shared-effects", "--top", "20", "--store", name, "-f", "json"]
    seconds_a, peak, out = timed_runs(analyze, env, runs)
    expected = [(r["a"], r["b"], int(r["shared"])) for r in json.loads(out)]
    rows.append((label, "kg analyze shared-effects --top 20 --store NAME", seconds_a, peak,
                 f"median of {runs}; {verdict(seconds_a, goals[2])}"))

    for what, target, arg in (
            ("same top-20: SPARQL GROUP BY on the store", _sparql_store_child,
             str(generation / "oxigraph")),
            ("same top-20: networkx weighted_projected_graph", _networkx_store_child,
             str(generation))):
        result = _run_child(target, (arg,), timeout).get("all")
        if result is None:
            rows.append((label, what, f"> {timeout:g}", None,
                         f"timed out; > {timeout / seconds_a:,.1f}× kg analyze (whole process)"))
            continue
        elapsed, got = result
        same = "same ranking" if _same_ranking(expected, got) else "DIFFERENT ranking"
        rows.append((label, what, elapsed, None,
                     f"{same}; {elapsed / seconds_a:,.1f}× kg analyze (whole process)"))
    return rows


def _cell(value, width: int, spec: str) -> str:
    return format(value, spec).rjust(width) if isinstance(value, float) else \
        str(value if value is not None else "").rjust(width)


def render(rows: list[tuple]) -> str:
    """One block per graph size: measure, seconds, peak memory, note."""
    width = max(len(r[1]) for r in rows)
    out: list[str] = []
    for label in dict.fromkeys(r[0] for r in rows):
        out += ["", label, f"  {'measure'.ljust(width)}  {'seconds':>9}  {'peak MiB':>8}  note"]
        out += [f"  {what.ljust(width)}  {_cell(sec, 9, '.3f')}  {_cell(peak, 8, '.0f')}  {note}"
                for size, what, sec, peak, note in rows if size == label]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1430,10000", help="drug counts, comma-separated")
    parser.add_argument("--evidence", default="full,none",
                        help="evidence level per size (full: as the build writes it; none: "
                             "asserted triples only); the last one repeats")
    parser.add_argument("--runs", type=int, default=5, help="timed query/analyze processes")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds for the SPARQL and NetworkX arms")
    args = parser.parse_args(argv)
    levels = args.evidence.split(",")
    plan = [(int(n), levels[min(k, len(levels) - 1)])
            for k, n in enumerate(args.sizes.split(","))]  # the last evidence level repeats
    rows: list[tuple] = []
    with tempfile.TemporaryDirectory(prefix="pharmakg-bench-scale-") as tmp:
        for n, level in plan:
            print(f"… {n} drugs ({level} evidence)", file=sys.stderr, flush=True)
            folder = Path(tmp) / str(n)
            folder.mkdir()
            rows.extend(bench_size(n, level, args.runs, args.timeout, folder))
    print(f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}; "
          f"load average {os.getloadavg()[0]:.1f} at the end")
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
