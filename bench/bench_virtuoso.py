"""A SIDER-sized graph in Virtuoso 7: bulk load once, then ask questions over HTTP.

    .venv/bin/python bench/bench_virtuoso.py                    # 1,430 drugs, full evidence
    .venv/bin/python bench/bench_virtuoso.py --drugs 10000 --buffers 340000

For a graph that no longer fits one process (issue 16). Draws a synthetic graph with
``kg synth`` (N-Quads, named graphs like a build) into a temporary folder, starts a private
Virtuoso (``kg.store.virtuoso.VirtuosoServer``: the packaged configuration, its own database,
loopback ports), loads the file with Virtuoso's bulk loader, and times as whole processes
``kg query ... --endpoint`` (named queries: one drug's side effects, two drugs' shared side
effects) and the all-pairs "top-20 drug pairs by shared side effects" as one SPARQL
``GROUP BY`` sent to the server. Reports the server's resident memory after loading and after
the queries. Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.store.virtuoso import VirtuosoServer  # noqa: E402

BIN = Path(sys.executable).parent
KG = str(BIN / "kg")
TOP_QUERY = """SELECT ?a ?b (COUNT(?e) AS ?n) WHERE {
  ?a pkg:hasSideEffect ?e . ?b pkg:hasSideEffect ?e .
  FILTER(STR(?a) < STR(?b))
} GROUP BY ?a ?b ORDER BY DESC(?n) ?a ?b LIMIT 20"""


def timed(cmd: list[str], env: dict[str, str], timeout: float) -> tuple[float, str]:
    """Wall seconds of one process and its output (a failure stops the bench)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout


def median_of(runs: int, cmd: list[str], env: dict[str, str], timeout: float) -> tuple[float, str]:
    results = [timed(cmd, env, timeout) for _ in range(runs)]
    return statistics.median(r[0] for r in results), results[-1][1]


def rows(output: str) -> str:
    last = [line for line in output.strip().splitlines() if line.startswith("(")]
    return last[-1].strip("()") if last else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drugs", type=int, default=1430)
    parser.add_argument("--buffers", type=int, default=170000,
                        help="Virtuoso NumberOfBuffers (8 KiB pages; 170000 ≈ 1.3 GiB)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)
    table: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="pharmakg-virtuoso-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ, PHARMAKG_HOME=str(folder / "home"))
        data = folder / "db" / "graph.nq"
        data.parent.mkdir()
        seconds, out = timed([KG, "synth", "--drugs", str(args.drugs), "-o", str(data)], env,
                             args.timeout)
        table.append(("kg synth (N-Quads)", seconds, out.strip().split(": ", 1)[-1]))
        start = time.perf_counter()
        with VirtuosoServer(data.parent, buffers=args.buffers) as server:
            table.append(("start virtuoso-t", time.perf_counter() - start, server.query_url))
            start = time.perf_counter()
            server.bulk_load(data, default_graph="https://w3id.org/pharmakg/data/graph/asserted")
            table.append(("bulk load (ld_dir + rdf_loader_run)", time.perf_counter() - start,
                          f"{data.stat().st_size / 2**20:.0f} MiB file; "
                          f"server RSS {server.memory_bytes() / 2**20:.0f} MiB"))
            endpoint = ["--endpoint", server.query_url]
            for label, query in (
                    ("kg query side-effects (1 drug)",
                     ["query", "side-effects", "-p", "drug=pkg:synth_drug_00007"]),
                    ("kg query shared-side-effects (2 drugs)",
                     ["query", "shared-side-effects", "-p", "drug1=pkg:synth_drug_00000",
                      "-p", "drug2=pkg:synth_drug_00001"])):
                seconds, out = median_of(args.runs, [KG, *query, *endpoint], env, args.timeout)
                table.append((label, seconds, f"median of {args.runs}; {rows(out)}"))
            seconds, out = timed([KG, "query", "--sparql", TOP_QUERY, *endpoint], env,
                                 args.timeout)
            table.append(("all-pairs top-20: SPARQL GROUP BY", seconds, f"{rows(out)}; "
                          f"server RSS {server.memory_bytes() / 2**20:.0f} MiB"))
    print(f"machine: {os.cpu_count()} CPUs; {args.drugs} drugs; NumberOfBuffers {args.buffers}")
    width = max(len(label) for label, _, _ in table)
    print(f"  {'measure'.ljust(width)}  {'seconds':>9}  note")
    for label, seconds, note in table:
        print(f"  {label.ljust(width)}  {seconds:9.3f}  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
