"""Cold-start time of ``kg query``, measured as whole processes.

    .venv/bin/python bench/bench_query.py [--runs 30] [--importtime]

Builds the seed graph once into a temporary ``PHARMAKG_HOME`` (not timed), then times, as fresh
processes, in round-robin so that machine load hits every command alike:

- ``python -c pass`` (the floor: interpreter start + site),
- ``kg query shared-side-effects --param drug1=amitriptyline --param drug2=pregabalin``
  (default backend: the built on-disk pyoxigraph store),
- the same query with ``--backend rdflib`` (loads the built N-Quads into rdflib),
- ``kg --help``.

Each command runs once untimed first, so its bytecode is cached the way an installed package's
is (in a temporary ``PYTHONPYCACHEPREFIX``, never in the source tree; ``PYTHONDONTWRITEBYTECODE``
is dropped for the children). The query's output is checked (the four shared side effects).
Prints median, p90 and min wall time per command and the median's ratio to Python's start-up;
the goals are a median ≤ 0.15 s for the default backend (issue 3) and ≤ 8× ``python -c pass``
(issue 16: a plain ``kg query`` is dispatched without typer, see ``kg/cli/fastpath.py``).

``--importtime`` also prints the slowest imports of one query run (``python -X importtime``);
``--breakdown`` splits the query process into phases (median of ``--runs`` fresh processes).
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

BIN = Path(sys.executable).parent
KG = str(BIN / "kg")
GOAL_SECONDS = 0.15
GOAL_RATIO = 8.0  # × python -c pass (issue 16)
QUERY = ["query", "shared-side-effects", "--param", "drug1=amitriptyline",
         "--param", "drug2=pregabalin"]
EXPECTED = ("blurred vision", "dizziness", "drowsiness", "weight gain")


def child_env(home: Path, pycache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PHARMAKG_HOME"] = str(home)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PHARMAKG_RESOURCES", None)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def importtime(env: dict[str, str], top: int = 15) -> str:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kg", *QUERY], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, self_us, cumulative, name = (part.strip() for part in
                                        line.replace("import time:", "|").split("|"))
        rows.append((int(cumulative), int(self_us), name))
    total = sum(r[1] for r in rows)
    out = [f"imports of one `kg query` run: {total / 1e6:.3f} s in {len(rows)} modules; "
           f"top {top} by cumulative time:"]
    for cumulative, self_us, name in sorted(rows, reverse=True)[:top]:
        out.append(f"  {cumulative / 1e6:8.4f} s  (self {self_us / 1e6:.4f})  {name.strip()}")
    return "\n".join(out)


BREAKDOWN = r"""
import json, sys, time
t0 = time.perf_counter()
import kg.cli, kg.cli.fastpath, kg.cli.query_run
t1 = time.perf_counter()
import typer, typer.main
t2 = time.perf_counter()
typer.main.get_command(kg.cli.app)
t3 = time.perf_counter()
from kg.store import local, open_store
local.staleness()
t4 = time.perf_counter()
store = open_store()
t5 = time.perf_counter()
from kg.query.named import run_named_query
result = run_named_query(store, "shared-side-effects", {"drug1": "amitriptyline", "drug2": "pregabalin"})
text = result.to_table()
t6 = time.perf_counter()
print(json.dumps({"import kg.cli + the typer-free query path": t1 - t0,
                  "(not on kg query's path) import typer": t2 - t1,
                  "(not on kg query's path) all commands + click group": t3 - t2,
                  "staleness check (input hash)": t4 - t3,
                  "open the on-disk store": t5 - t4, "resolve names + query + table": t6 - t5}))
"""


def breakdown(env: dict[str, str], runs: int) -> str:
    phases: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", BREAKDOWN], env=env, capture_output=True,
                              text=True, check=True)
        for name, value in json.loads(done.stdout).items():
            phases.setdefault(name, []).append(value)
    width = max(map(len, phases))
    out = [f"in-process phases of the query path (median of {runs} fresh processes):"]
    out += [f"  {name.ljust(width)}  {statistics.median(values):6.3f}"
            for name, values in phases.items()]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs per command")
    parser.add_argument("--importtime", action="store_true",
                        help="also list the slowest imports of one query run")
    parser.add_argument("--breakdown", action="store_true",
                        help="also time the phases of the query path inside the process")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-query-") as tmp:
        env = child_env(Path(tmp) / "home", Path(tmp) / "pycache")
        build_s, _ = run([KG, "build"], env)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "kg query shared-side-effects": [KG, *QUERY],
            "kg query ... --backend rdflib": [KG, *QUERY, "--backend", "rdflib"],
            "kg --help": [KG, "--help"],
        }
        for name, cmd in commands.items():  # warm-up: bytecode cache, page cache
            _, done = run(cmd, env)
            if name.startswith("kg query"):
                missing = [e for e in EXPECTED if e not in done.stdout]
                if missing or "rebuild" in done.stderr or "building" in done.stderr:
                    raise SystemExit(f"unexpected answer from {name}:\n{done.stdout}{done.stderr}")
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(run(cmd, env)[0])
        reports = [importtime(env)] if args.importtime else []
        if args.breakdown:
            reports.append(breakdown(env, args.runs))

    base = statistics.median(times["python -c pass"])
    width = max(map(len, commands))
    print(f"cold process wall time, {args.runs} runs each, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]} (kg build beforehand: {build_s:.2f} s, not timed)")
    print(f"  {'command'.ljust(width)}  median     p90     min  × python")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name.ljust(width)}  {median:6.3f}  {percentile(values, 0.9):6.3f}  "
              f"{min(values):6.3f}  {median / base:7.1f}")
    query = statistics.median(times["kg query shared-side-effects"])
    verdict = "met" if query <= GOAL_SECONDS else "NOT met"
    print(f"goal: kg query median ≤ {GOAL_SECONDS:.2f} s: {verdict} ({query:.3f} s)")
    ratio = query / base
    print(f"goal: kg query ≤ {GOAL_RATIO:g}× python -c pass: "
          f"{'met' if ratio <= GOAL_RATIO else 'NOT met'} ({ratio:.1f}×)")
    for report in reports:
        print(report)


if __name__ == "__main__":
    main()
