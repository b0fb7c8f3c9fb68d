"""Load benchmark of ``kg serve`` against the Oxigraph server on the same data, same run.

    .venv/bin/python bench/bench_serve.py [--duration 15] [--clients 1,4,16]

Starts ``kg serve`` (the pharmakg build, default settings; then again with the response cache
off, so every request is evaluated) and ``oxigraph serve`` (in memory, union default graph,
loaded over its Graph Store endpoint with the same explicit graphs) on free ports of 127.0.0.1,
then drives each from a separate client process with 1, 4 and 16 concurrent keep-alive
connections for ``--duration`` seconds per step. Requests are a fixed mix of SPARQL queries
POSTed as ``application/sparql-query``: "pair" queries (side effects two drugs share, for every
pair of drugs) and "profile" queries (the drug-profile named query, for every drug),
alternating. Every request is bounded (a request limit per step and the duration), and the
servers are stopped at the end. Prints one table: throughput, p50/p99 latency, errors (any
non-200 or I/O error), and the servers' CPU time per request (all their processes, from
``/proc``; unlike throughput it hardly moves when other work shares the machine). The load
average before and after is printed too: other work on the machine lowers the figures.

``oxigraph serve`` runs without ``--timeout-s``: with it, 0.5.13 starts a timeout thread per
query that lives for the whole timeout, and at several hundred queries a second the threads'
stacks exhaust the process's memory maps (it panics with "failed to allocate an alternative
stack" within seconds at 4 clients).

Only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.server.process import free_port  # noqa: E402

BIN = Path(sys.executable).parent
PKG = "https://w3id.org/pharmakg/ontology/"
EXPLICIT = ("graph/ontology>", "graph/asserted>", "graph/evidence>")
MAX_REQUESTS_PER_STEP = 2_000_000


def wait_http(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 500:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def workload(nquads: Path) -> list[str]:
    """The query mix: every drug pair (shared side effects) and every drug profile."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    drugs = sorted(r["d"].value for r in store.query(
        f"SELECT ?d WHERE {{ ?d a <{PKG}Drug> }}", use_default_graph_as_union=True))
    pair = (REPO / "queries" / "shared-side-effects.rq").read_text()
    profile = (REPO / "queries" / "drug-profile.rq").read_text()
    pairs = [re.sub(r"\?_drug2_iri", f"<{b}>", re.sub(r"\?_drug1_iri", f"<{a}>", pair))
             for a, b in combinations(drugs, 2)]
    profiles = [re.sub(r"\?_drug_iri", f"<{d}>", profile) for d in drugs]
    mix = []
    for i in range(max(len(pairs), len(profiles))):
        mix.append(pairs[i % len(pairs)])
        mix.append(profiles[i % len(profiles)])
    return mix


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by these processes (Linux ``/proc``)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# -- client (runs in its own process) ---------------------------------------------------------

async def _client(host: str, port: int, path: str, bodies: list[bytes], stop_at: float,
                  latencies: list[float], errors: list[int], offset: int, budget: list[int],
                  kinds: dict[str, int]) -> None:
    reader = writer = None
    i = offset
    while time.perf_counter() < stop_at and budget[0] > 0:
        budget[0] -= 1
        body = bodies[i % len(bodies)]
        i += 1
        request = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                   "Content-Type: application/sparql-query\r\n"
                   "Accept: application/sparql-results+json\r\n"
                   f"Content-Length: {len(body)}\r\n\r\n").encode() + body
        start = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = None
            chunked = False
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"transfer-encoding" and b"chunked" in value.lower():
                    chunked = True
            if chunked:
                while True:
                    size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            elif length is not None:
                await reader.readexactly(length)
            if status != 200:
                errors[0] += 1
                kinds[str(status)] = kinds.get(str(status), 0) + 1
            else:
                latencies.append(time.perf_counter() - start)
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            errors[0] += 1
            kinds[type(exc).__name__] = kinds.get(type(exc).__name__, 0) + 1
            if isinstance(exc, ConnectionRefusedError):
                await asyncio.sleep(0.01)  # the server is gone: do not spin
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _drive(host: str, port: int, path: str, bodies: list[bytes], clients: int,
                 duration: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    budget = [MAX_REQUESTS_PER_STEP]
    kinds: dict[str, int] = {}
    start = time.perf_counter()
    stop_at = start + duration
    await asyncio.gather(*(_client(host, port, path, bodies, stop_at, latencies, errors,
                                   k * 7, budget, kinds) for k in range(clients)))
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0

    return {"requests": len(latencies), "qps": len(latencies) / elapsed, "p50": pct(0.50),
            "p99": pct(0.99), "errors": errors[0], "error_kinds": kinds}


def client_main(args: argparse.Namespace) -> None:
    """One step: warm up (not measured), say so on stdout, wait for the go line on stdin (the
    parent samples the servers' CPU time in between), run, print the figures as JSON."""
    spec = json.loads(Path(args.client).read_text())
    bodies = [b.encode() for b in spec["bodies"]]
    asyncio.run(_drive(spec["host"], spec["port"], spec["path"], bodies, spec["clients"], 1.0))
    print("warm", flush=True)
    sys.stdin.readline()
    result = asyncio.run(_drive(spec["host"], spec["port"], spec["path"], bodies,
                                spec["clients"], spec["duration"]))
    print(json.dumps({"clients": spec["clients"], **result}), flush=True)


def run_client(port: int, path: str, bodies: list[str], clients: list[int],
               duration: float, server_pids: list[int]) -> list[dict]:
    """Each concurrency step in its own client process; adds ``cpu_ms`` (server CPU time per
    answered request) to each step's figures."""
    out = []
    for n in clients:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"host": "127.0.0.1", "port": port, "path": path, "bodies": bodies,
                       "clients": n, "duration": duration}, f)
        try:
            client = subprocess.Popen([sys.executable, __file__, "--client", f.name],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            try:
                if client.stdout.readline().strip() != "warm":
                    raise RuntimeError("the load client failed while warming up")
                before = cpu_seconds(server_pids)
                client.stdin.write("go\n")
                client.stdin.flush()
                line = client.stdout.readline()
                used = cpu_seconds(server_pids) - before
                client.wait(timeout=60)
            finally:
                if client.poll() is None:
                    client.kill()
                    client.wait()
        finally:
            os.unlink(f.name)
        result = json.loads(line)
        answered = result["requests"] + result["errors"]
        result["cpu_ms"] = used / answered * 1000 if answered else 0.0
        out.append(result)
    return out


# -- servers ----------------------------------------------------------------------------------

def kg_pids(proc: subprocess.Popen, port: int) -> list[int]:
    """The front end and its query workers."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/info", timeout=10) as r:
        return [proc.pid, *json.loads(r.read())["workerPids"]]


def start_kg(home: Path, port: int, workers: int | None, cache: bool) -> subprocess.Popen:
    env = dict(os.environ, PHARMAKG_HOME=str(home))
    cmd = [str(BIN / "kg"), "serve", "--port", str(port)]
    if not cache:
        cmd += ["--cache-mb", "0"]
    if workers:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    wait_http(f"http://127.0.0.1:{port}/health")
    return proc


def start_oxigraph(nquads: Path, port: int, tmp: Path) -> subprocess.Popen:
    """``oxigraph serve`` in memory (as kg serve's workers are), loaded with the explicit graphs
    through its Graph Store endpoint; no ``--timeout-s`` (see the module docstring)."""
    explicit = []
    with open(nquads, encoding="utf-8") as src:
        for line in src:
            if line.rstrip().rstrip(".").rstrip().endswith(EXPLICIT):
                explicit.append(line)
    log = open(tmp / "oxigraph.log", "wb")
    proc = subprocess.Popen([str(BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"],
                            stdout=log, stderr=log, start_new_session=True)
    wait_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
    load = urllib.request.Request(f"http://127.0.0.1:{port}/store",
                                  data="".join(explicit).encode(), method="POST",
                                  headers={"Content-Type": "application/n-quads"})
    with urllib.request.urlopen(load, timeout=60) as r:
        if r.status // 100 != 2:
            raise RuntimeError(f"oxigraph serve did not take the data: {r.status}")
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per step")
    parser.add_argument("--clients", default="1,4,16", help="concurrency steps")
    parser.add_argument("--workers", type=int, default=None, help="kg serve --workers")
    parser.add_argument("--skip-oxigraph", action="store_true")
    parser.add_argument("--client", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        client_main(args)
        return
    clients = [int(c) for c in args.clients.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmpdir:
        tmp = Path(tmpdir)
        home = Path(os.environ.get("PHARMAKG_HOME", tmp / "home"))
        subprocess.run([str(BIN / "kg"), "build", "-q"], check=True,
                       env=dict(os.environ, PHARMAKG_HOME=str(home)))
        nquads = home / "build" / "pharmakg.nq"
        bodies = workload(nquads)
        rows = []
        load_before = loadavg()
        for cache in (True, False):
            port = free_port()
            proc = start_kg(home, port, args.workers, cache)
            try:
                for r in run_client(port, "/sparql", bodies, clients, args.duration,
                                    kg_pids(proc, port)):
                    rows.append(("kg serve" if cache else "kg serve --cache-mb 0", r))
            finally:
                stop(proc)
        if not args.skip_oxigraph:
            port = free_port()
            proc = start_oxigraph(nquads, port, tmp)
            try:
                for r in run_client(port, "/query", bodies, clients, args.duration, [proc.pid]):
                    rows.append(("oxigraph serve", r))
            finally:
                stop(proc)
                oxlog = (tmp / "oxigraph.log").read_text(errors="replace").strip().splitlines()
                if any(name == "oxigraph serve" and r["errors"] for name, r in rows) and oxlog:
                    print("oxigraph serve log (last lines):", *oxlog[-5:], sep="\n  ")
    print(f"query mix: {len(bodies)} queries (drug pairs: shared side effects; drug profiles), "
          f"{args.duration:g} s per step, {os.cpu_count()} cores, load average "
          f"{load_before} before, {loadavg()} after")
    headers = ("server", "clients", "requests", "q/s", "p50 ms", "p99 ms", "errors",
               "server CPU ms/req")
    table = [headers] + [(name, str(r["clients"]), str(r["requests"]), f"{r['qps']:.0f}",
                          f"{r['p50']:.2f}", f"{r['p99']:.2f}",
                          str(r["errors"]) + (f" {r['error_kinds']}" if r["error_kinds"] else ""),
                          f"{r['cpu_ms']:.2f}")
                         for name, r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    for k, row in enumerate(table):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                        enumerate(zip(row, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    main()
