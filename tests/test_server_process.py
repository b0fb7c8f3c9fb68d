"""``kg serve`` as a real process on a free loopback port: builds, binds 127.0.0.1, answers the
protocol, stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import signal
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.server.process import ServeProcess

pytestmark = pytest.mark.slow


def get(url: str, accept: str = "application/sparql-results+json"):
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as r:
        return r.status, r.headers, r.read()


def test_real_process_serves_the_build(tmp_path):
    with ServeProcess(home=tmp_path / "home") as server:
        assert server.url.startswith("http://127.0.0.1:")
        q = urllib.parse.quote("SELECT ?l WHERE { pkg:clonazepam rdfs:label ?l }")
        status, headers, body = get(f"{server.url}/sparql?query={q}")
        assert status == 200
        assert json.loads(body)["results"]["bindings"][0]["l"]["value"] == "clonazepam"
        status, headers, body = get(f"{server.url}/sparql", accept="text/turtle")
        assert f"sd:endpoint <{server.url}/sparql>".encode() in body
        status, _, body = get(f"{server.url}/api/queries/side-effects?drug=Klonopin")
        assert status == 200 and json.loads(body)["results"]["bindings"]
        with pytest.raises(urllib.error.HTTPError) as err:
            request = urllib.request.Request(f"{server.url}/sparql", data=b"CLEAR ALL",
                                             headers={"Content-Type": "application/sparql-update"})
            urllib.request.urlopen(request, timeout=30)
        assert err.value.code == 403
        _, _, body = get(f"{server.url}/api/info", accept="application/json")
        pids = json.loads(body)["workerPids"]
        assert len(pids) >= 1
        server.process.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal
        assert server.process.wait(timeout=20) in (0, -signal.SIGTERM)
        for pid in pids:  # the query workers are gone too
            assert not Path(f"/proc/{pid}").exists() or \
                "zombie" in Path(f"/proc/{pid}/status").read_text().lower()


def test_real_process_with_updates_and_token(tmp_path):
    data = tmp_path / "data.nt"
    data.write_text("<http://e/s> <http://e/p> <http://e/o> .\n")
    with ServeProcess(["--data", str(data), "--allow-update", "--token", "tok"],
                      home=tmp_path / "home") as server:
        request = urllib.request.Request(
            f"{server.url}/sparql", data=b"INSERT DATA { <http://e/s> <http://e/p> <http://e/o2> }",
            headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer tok"})
        with urllib.request.urlopen(request, timeout=30) as r:
            assert r.status == 204
        q = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { <http://e/s> ?p ?o }")
        _, _, body = get(f"{server.url}/sparql?query={q}")
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "2"
