"""Generated HTTP requests against the in-process app (Starlette's test client): any method,
path, query string, headers and body. Never a 500, never a traceback in the body, nothing
connects to the loopback listener, and afterwards a known query gives the identical answer.

``PHARMAKG_FUZZ_EXAMPLES`` sets the number of examples (``make bench-fuzz`` runs a long one)."""

from __future__ import annotations

import os
import time
import warnings

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from netguard import Listener

warnings.filterwarnings("ignore", message=".*httpx2.*")
from starlette.testclient import TestClient  # noqa: E402

from kg.server.app import create_app  # noqa: E402

EXAMPLES = int(os.environ.get("PHARMAKG_FUZZ_EXAMPLES", "150"))
FUZZ = settings(derandomize=True, max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
TOKEN = "fuzz-token"
KNOWN = "SELECT ?o WHERE { <http://e/s> <http://e/p> ?o } ORDER BY ?o"

LISTENER = Listener()
URL = LISTENER.url


@pytest.fixture(scope="module")
def client():
    store = pyoxigraph.Store()
    store.update('INSERT DATA { <http://e/s> <http://e/p> "1", "2", "3" ; '
                 '<http://www.w3.org/2000/01/rdf-schema#label> "s" }')
    with TestClient(create_app(store, workers=1, timeout=5, allow_update=True, token=TOKEN,
                               max_body=1 << 16), raise_server_exceptions=False) as c:
        yield c


def known(client) -> bytes:
    r = client.get("/sparql", params={"query": KNOWN}, headers={"Accept": "text/csv"})
    assert r.status_code == 200, r.text
    return r.content


SPARQL_BITS = ["SELECT * WHERE { ?s ?p ?o }", f"SELECT * {{ SERVICE <{URL}> {{}} }}",
               f"SELECT * {{ BIND(pkg:a\\#b AS ?z) SERVICE <{URL}> {{}} }}",
               f"LOAD <{URL}>", "CONSTRUCT WHERE { ?s ?p ?o }", "ASK {}", "SELECT * { ?s ?p ² }",
               "SELECT * WHERE " + "{" * 3000, "INSERT DATA { <http://e/x> <http://e/y> 1 }",
               "DELETE DATA { <http://e/x> <http://e/y> 1 }", "CLEAR GRAPH <http://e/g>",
               f"INSERT {{ <http://e/x> <http://e/y> ?o }} WHERE {{ SERVICE <{URL}> {{}} }}"]
# (the updates never touch <http://e/s>, so the known answer must not change)
PARAM_NAMES = ["query", "update", "format", "output", "results", "default-graph-uri",
               "named-graph-uri", "using-graph-uri", "using-named-graph-uri", "drug", "q", "x"]
param_values = st.one_of(st.sampled_from(SPARQL_BITS), st.text(max_size=40),
                         st.sampled_from(["json", "xml", "rdf+xml", "application/rdf+xml", "n3",
                                          "not an iri", "http://e/g", "<x>", "²", "\ud7ff"]))
params = st.lists(st.tuples(st.sampled_from(PARAM_NAMES), param_values), max_size=5)
paths = st.one_of(st.sampled_from(["/sparql", "/sparql/", "/api/queries", "/api/search",
                                   "/api/queries/side-effects", "/api/queries/nope",
                                   "/api/entity/http://e/s", "/api/entity/pkg:x", "/api/info",
                                   "/health", "/openapi.json", "/", "/entity/x", "/static/x",
                                   "/api/prefixes", "/nope"]),
                  st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF,
                                                 blacklist_characters="?#%",
                                                 blacklist_categories=("Cc", "Cs")),
                          max_size=20).map(lambda p: "/" + p))
content_types = st.sampled_from(["application/sparql-query", "application/sparql-update",
                                 "application/x-www-form-urlencoded", "text/plain", "",
                                 "application/sparql-query; charset=latin-1",
                                 "application/sparql-query; charset=\"utf-8\"; x=y",
                                 "application/sparql-update;charset=", "multipart/form-data"])
accepts = st.one_of(st.none(), st.sampled_from(
    ["text/csv", "application/rdf+xml", "text/n3", "*/*;q=x", "application/json;q=0",
     "text/html,*/*;q=0.1", "nope", ",,,", "application/sparql-results+xml;q=2"]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30))
bodies = st.one_of(st.binary(max_size=300), st.sampled_from(SPARQL_BITS).map(str.encode),
                   st.builds(lambda ps: "&".join(f"{k}={v}" for k, v in ps).encode(
                       "utf-8", "surrogatepass"), params),
                   st.just(b"\xff\xfe" * 10), st.just(b"x" * 70_000))


@FUZZ
@given(method=st.sampled_from(["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"]), path=paths,
       query=params, content_type=content_types, accept=accepts, body=bodies,
       auth=st.booleans())
def test_any_request_is_never_a_500(client, method, path, query, content_type, accept, body,
                                    auth):
    headers = {"Content-Type": content_type}
    if accept is not None:
        headers["Accept"] = accept
    if auth:
        headers["Authorization"] = f"Bearer {TOKEN}"
    hits = LISTENER.hits
    query = [(k, v.encode("utf-8", "surrogatepass").decode("utf-8", "replace")) for k, v in query]
    r = client.request(method, path, params=query, headers=headers,
                       content=body if method not in ("GET", "HEAD") else None)
    assert r.status_code < 500 or r.status_code == 503, (r.status_code, r.text[:300])
    assert b"Traceback" not in r.content
    time.sleep(0.001)
    assert LISTENER.hits == hits


def test_known_answer_identical_after_the_batch(client):
    """Run the generated batch, then the known query: the same bytes as before it, from a
    worker that is still the same process (no request killed it)."""
    before = known(client)
    pids = client.get("/api/info").json()["workerPids"]
    test_any_request_is_never_a_500(client)
    assert known(client) == before
    assert client.get("/api/info").json()["workerPids"] == pids
