"""Load time and memory of the three lexicons (``kg.lexicons``), as fresh processes.

    .venv/bin/python bench/bench_lexicons.py [--runs 5]

For each lexicon (drugs, phenotypes, conditions) and for all three together, in a temporary
``PHARMAKG_HOME``: **cold** = compile from the package's data file and write the cache (first
use), **warm** = load the compiled cache (every later use). Each figure is the median over
``--runs`` fresh processes (cold: the cache is deleted before each run); memory is the growth of
the process's peak resident set while loading, and the cache file's size. The goal (issue 12) is
a warm load of all three under 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

GOAL_SECONDS = 0.3
CHILD = r"""
import json, resource, sys, time
from kg import lexicons
names = sys.argv[1].split(",")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
sizes = {name: len(getattr(lexicons, "load_" + name)()) for name in names}
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "rss_mb": (after - before) / 1024, "entries": sizes}))
"""
LEXICONS = ["drugs", "phenotypes", "conditions"]


def run(names: list[str], home: Path) -> dict:
    env = dict(os.environ, PHARMAKG_HOME=str(home))
    env.pop("PHARMAKG_LEXICONS", None)
    out = subprocess.run([sys.executable, "-c", CHILD, ",".join(names)], env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(names: list[str], home: Path, runs: int) -> dict:
    cache = home / "cache" / "lexicons"
    cold, warm, rss = [], [], []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(run(names, home)["seconds"])
        result = run(names, home)
        warm.append(result["seconds"])
        rss.append(result["rss_mb"])
    files = [p for p in cache.glob("*.pickle") if p.name.split("-")[0] in names]
    return {"cold": statistics.median(cold), "warm": statistics.median(warm),
            "rss": statistics.median(rss), "cache_mb": sum(p.stat().st_size for p in files) / 2**20,
            "entries": result["entries"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        rows = [(name, measure([name], home, args.runs)) for name in LEXICONS]
        rows.append(("all three", measure(LEXICONS, home, args.runs)))
    print(f"{'lexicon':<12} {'entries':>9} {'cold s':>8} {'warm s':>8} {'warm RSS MB':>12} "
          f"{'cache MB':>9}")
    for name, r in rows:
        entries = sum(r["entries"].values())
        print(f"{name:<12} {entries:>9} {r['cold']:>8.2f} {r['warm']:>8.3f} {r['rss']:>12.1f} "
              f"{r['cache_mb']:>9.1f}")
    total = rows[-1][1]["warm"]
    verdict = "meets" if total < GOAL_SECONDS else "misses"
    print(f"(median of {args.runs} fresh processes each; warm load of all three {total:.3f} s "
          f"{verdict} the {GOAL_SECONDS} s goal)")


if __name__ == "__main__":
    main()
