"""Regression tests for hostile SPARQL and HTTP input (issue 13 items 1, 2, 4, 8, 9; issue 14
item 8): every SERVICE/LOAD trick is refused with no connection to the listener it names, deep
nesting is a located error instead of a crash, bad text is a KGError, odd requests are not 500."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import warnings

import pyoxigraph
import pytest
from netguard import Listener

from kg.errors import KGError
from kg.query.sparqlguard import MAX_DEPTH, FederationRefused, QueryTooComplex

warnings.filterwarnings("ignore", message=".*httpx2.*")
from starlette.testclient import TestClient  # noqa: E402

from kg.server.app import create_app  # noqa: E402

TOKEN = "s3cret"
EX = "http://e/"
KNOWN = "SELECT ?o WHERE { <http://e/s> <http://e/p> ?o } ORDER BY ?o"


def obfuscated_services(url: str) -> list[str]:
    """The SERVICE keyword hidden every way we know, in every nesting we know."""
    body = "{ ?s ?p ?o }"
    forms = [
        f"SERVICE <{url}> {body}",
        f"service <{url}> {body}",
        f"SeRvIcE SILENT <{url}> {body}",
        f"SERVICE<{url}>{body}",
        f"SERVICE\t#c\n<{url}> {body}",
        f"BIND(pkg:a\\#b AS ?z) SERVICE <{url}> {body}",
        f"BIND(pkg:a\\#b AS ?z) service <{url}> {body}",
        f"BIND(pkg:x\\'y AS ?z) SERVICE <{url}> {body}",
        f"BIND(pkg:x\\)y AS ?z) SERVICE <{url}> {body}",
    ]
    nests = ["{}", "{{ SELECT * WHERE {{ {} }} }}", "OPTIONAL {{ {} }}", "GRAPH ?g {{ {} }}",
             "FILTER EXISTS {{ {} }}", "{{ }} UNION {{ {} }}", "MINUS {{ {} }}"]
    return [f"SELECT * WHERE {{ {nest.format(form)} }}" for form in forms for nest in nests]


@pytest.fixture()
def listener():
    with Listener() as server:
        yield server


@pytest.fixture(scope="module")
def data_store():
    store = pyoxigraph.Store()
    store.update(f"INSERT DATA {{ <{EX}s> <{EX}p> 1, 2, 3 }}")
    return store


@pytest.fixture(scope="module")
def client(data_store):
    with TestClient(create_app(data_store, workers=1, allow_update=True, token=TOKEN,
                               cache_mb=0)) as c:
        yield c


@pytest.fixture(scope="module")
def mini():
    from kg import KnowledgeGraph

    return KnowledgeGraph.from_resources("tests/fixtures/mini")


def known_answer(client) -> list[str]:
    r = client.get("/sparql", params={"query": KNOWN})
    assert r.status_code == 200, r.text
    return [b["o"]["value"] for b in r.json()["results"]["bindings"]]


# -- item 1: SERVICE / LOAD through the server ---------------------------------------------

def test_escape_trick_service_refused_by_the_server(client, listener):
    query = ("SELECT * WHERE { BIND(pkg:a\\#b AS ?z) "
             f"SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
    r = client.post("/sparql", content=query.encode(),
                    headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 403 and "SERVICE" in r.text
    time.sleep(0.1)
    assert listener.hits == 0


def test_every_obfuscated_service_refused_by_server_and_api(client, mini, listener):
    for query in obfuscated_services(listener.url):
        r = client.get("/sparql", params={"query": query})
        assert r.status_code == 403, (query, r.status_code, r.text)
        with pytest.raises(FederationRefused):
            mini.sparql(query)
    time.sleep(0.1)
    assert listener.hits == 0


def test_service_glued_to_a_prefixed_name_is_refused(client, mini, listener):
    """pyoxigraph reads ``SERVICEpkg:x`` as ``SERVICE pkg:x``; a lexer saw one prefixed name."""
    query = "SELECT * WHERE { SERVICEpkg:x { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 403, r.text
    with pytest.raises(FederationRefused):
        mini.sparql(query)


@pytest.mark.parametrize("update", [
    "LOAD <{url}>", "load<{url}>", "INSERT DATA {{ <http://e/a> <http://e/b> pkg:a\\#b }} ; LOAD <{url}>",
    "INSERT {{ ?s ?p ?o }} WHERE {{ BIND(pkg:a\\#b AS ?z) SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "DELETE {{ ?s ?p ?o }} WHERE {{ OPTIONAL {{ sErViCe <{url}> {{ ?s ?p ?o }} }} }}",
])
def test_updates_with_load_or_service_refused(client, listener, update):
    r = client.post("/sparql", content=update.format(url=listener.url).encode(),
                    headers={"Content-Type": "application/sparql-update",
                             "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403, r.text
    time.sleep(0.1)
    assert listener.hits == 0
    assert known_answer(client) == ["1", "2", "3"]


def test_words_service_and_load_elsewhere_are_fine(client, mini):
    query = ('SELECT ?service WHERE { ?service ?p ?o FILTER(?o != "SERVICE" && ?o != pkg:load '
             '&& ?o != <http://x/service>) } # SERVICE <http://x/>')
    assert client.get("/sparql", params={"query": query}).status_code == 200
    assert mini.sparql(query).vars == ["service"]
    r = client.post("/sparql", content=b'INSERT DATA { <http://e/load> <http://e/p> "LOAD" }',
                    headers={"Content-Type": "application/sparql-update",
                             "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204, r.text
    client.post("/sparql", content=b'DELETE DATA { <http://e/load> <http://e/p> "LOAD" }',
                headers={"Content-Type": "application/sparql-update",
                         "Authorization": f"Bearer {TOKEN}"})


# -- item 2: CLI and API follow the same rule ------------------------------------------------

def test_api_refuses_service_unless_allowed(mini, listener):
    query = f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(FederationRefused):
        mini.sparql(query)
    time.sleep(0.1)
    assert listener.hits == 0
    mini.sparql(query, allow_service=True)  # explicitly allowed: the request is really sent
    assert listener.hits == 1


def test_api_failed_allowed_service_is_a_kgerror(mini, listener):
    with pytest.raises(KGError, match="the query failed"):
        mini.sparql(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
                    allow_service=True)


def run_kg(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    from conftest import KG_BIN

    return subprocess.run([str(KG_BIN), *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_cli_checked_syntax_sends_no_service_request(kg_env, listener):
    query = f"SELECT * WHERE {{ BIND(pkg:a\\#b AS ?z) SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    done = run_kg(["query", "--sparql", query], kg_env)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "SERVICE" in done.stderr
    time.sleep(0.1)
    assert listener.hits == 0


# -- item 4: nesting and size ---------------------------------------------------------------

DEEP = ["SELECT * WHERE {" * 3000, "SELECT * WHERE { BIND(" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) }",
        "SELECT * WHERE { ?s ?p " + "( " * 400 + ")" * 400 + " }",
        "ASK { FILTER(" + "+".join(["1"] * 8000) + ") }"]


@pytest.mark.parametrize("query", DEEP, ids=["braces", "parens", "lists", "chain"])
def test_deep_or_long_query_is_a_located_error_in_the_api(mini, query):
    start = time.perf_counter()
    with pytest.raises(QueryTooComplex) as err:
        mini.sparql(query)
    assert err.value.line == 1 and err.value.column > 1
    assert time.perf_counter() - start < 1


def test_deep_query_is_exit_2_in_the_cli(kg_env):
    done = run_kg(["query", "--sparql", DEEP[0]], kg_env)
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert "<--sparql>:1:" in done.stderr and "nested deeper" in done.stderr
    assert "Traceback" not in done.stderr


def test_deep_query_is_a_400_and_the_worker_survives(client):
    pids = client.get("/api/info").json()["workerPids"]
    for query in DEEP:
        r = client.post("/sparql", content=query.encode(),
                        headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 400 and "line 1, column" in r.text, r.text[:200]
    assert known_answer(client) == ["1", "2", "3"]
    assert client.get("/api/info").json()["workerPids"] == pids


def test_nesting_at_the_limit_still_runs(mini):
    inner = "{ " * MAX_DEPTH + "?s ?p ?o " + "} " * MAX_DEPTH
    assert sorted(mini.sparql(f"SELECT * WHERE {inner}").vars) == ["o", "p", "s"]
    with pytest.raises(QueryTooComplex):
        mini.sparql(f"SELECT * WHERE {{ {inner} }}")


# -- item 8: query input -------------------------------------------------------------------

def test_lone_surrogate_is_a_kgerror(mini):
    with pytest.raises(KGError, match="surrogate U\\+D800") as err:
        mini.sparql("SELECT * WHERE { ?s ?p '\ud800' }")
    assert (err.value.line, err.value.column) == (1, 25)


def test_non_utf8_query_file_and_overlong_name(kg_env, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_bytes(b"SELECT * WHERE {\n ?s ?p '\xff' }\n")
    done = run_kg(["query", "--file", str(bad)], kg_env)
    assert done.returncode == 2 and f"{bad}:2:9: the query file is not UTF-8" in done.stderr
    done = run_kg(["query", "x" * 300], kg_env)
    assert done.returncode == 2 and "unknown query" in done.stderr
    assert "Traceback" not in done.stderr


# -- item 9: server odds ---------------------------------------------------------------------

@pytest.mark.parametrize("query", ["SELECT * WHERE { ?s ?p ² }", "SELECT * { ?s ?p ?o } LIMIT ٣"])
def test_unicode_digits_are_not_a_500(client, query):
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 400 and "Traceback" not in r.text


def test_default_graph_uri_not_an_iri_is_a_400(client):
    r = client.get("/sparql", params={"query": KNOWN, "default-graph-uri": "not an iri"})
    assert r.status_code == 400, r.text


# -- issue 14 item 8: what SPARQLWrapper sends ---------------------------------------------

@pytest.mark.parametrize("params,accept,media", [
    ([("format", "rdf+xml"), ("format", "application/rdf+xml")], "application/rdf+xml",
     "application/rdf+xml"),
    ([("format", "json-ld"), ("output", "json-ld"), ("results", "json-ld")],
     "application/ld+json", "application/ld+json"),
    ([("format", "n3")], "text/n3", "text/turtle; charset=utf-8"),
    ([], "text/n3", "text/turtle; charset=utf-8"),
])
def test_sparqlwrapper_style_format_parameters(client, params, accept, media):
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    r = client.get("/sparql", params=[("query", query), *params], headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == media
    assert b"http://e/s" in r.content


def test_disagreeing_format_parameters_are_a_400(client):
    r = client.get("/sparql", params=[("query", KNOWN), ("format", "json"), ("output", "csv")])
    assert r.status_code == 400 and "different formats" in r.text


# -- a real process: disconnect mid-body, nasty requests, SPARQLWrapper ---------------------

@pytest.fixture(scope="module")
def real_server(tmp_path_factory):
    from kg.server.process import ServeProcess

    home = tmp_path_factory.mktemp("serve")
    data = home / "data.nt"
    data.write_text("".join(f"<{EX}s> <{EX}p> \"{i}\" .\n" for i in (1, 2, 3)))
    with ServeProcess(["--data", str(data), "--workers", "1"], home=home / "home") as server:
        yield server


def real_known(server) -> list[str]:
    import urllib.parse
    import urllib.request

    url = f"{server.url}/sparql?query={urllib.parse.quote(KNOWN)}"
    with urllib.request.urlopen(url, timeout=30) as r:
        return [b["o"]["value"] for b in json.loads(r.read())["results"]["bindings"]]


def test_real_process_survives_nasty_requests(real_server, listener):
    import urllib.error
    import urllib.request

    before = real_known(real_server)
    host, port = real_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as s:  # disconnect mid-body
        s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                  b"\r\nContent-Length: 1000\r\n\r\nSELECT")
    nasty = [DEEP[0].encode(), DEEP[1].encode(),
             f"SELECT * {{ BIND(pkg:a\\#b AS ?z) SERVICE <{listener.url}> {{}} }}".encode()]
    for body in nasty:
        request = urllib.request.Request(f"{real_server.url}/sparql", data=body, headers={
            "Content-Type": "application/sparql-query"})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(request, timeout=30)
        assert err.value.code in (400, 403)
    assert real_known(real_server) == before == ["1", "2", "3"]
    time.sleep(0.3)
    assert listener.hits == 0
    log = real_server.log()
    assert "Traceback" not in log and "ClientDisconnect" not in log


SELECT_FORMATS = ["json", "xml", "csv", "tsv"]
GRAPH_FORMATS = {"turtle": pyoxigraph.RdfFormat.TURTLE, "n3": pyoxigraph.RdfFormat.TURTLE,
                 "rdf+xml": pyoxigraph.RdfFormat.RDF_XML, "json-ld": pyoxigraph.RdfFormat.JSON_LD}


def test_sparqlwrapper_every_return_format(real_server):
    from SPARQLWrapper import SPARQLWrapper

    for fmt in SELECT_FORMATS:
        for query in (KNOWN, 'ASK { ?s ?p "2" }'):
            wrapper = SPARQLWrapper(f"{real_server.url}/sparql")
            wrapper.setQuery(query)
            wrapper.setReturnFormat(fmt)
            converted = wrapper.query().convert()
            text = converted if isinstance(converted, (str, bytes)) else \
                json.dumps(converted) if isinstance(converted, dict) else converted.toxml()
            text = text.decode() if isinstance(text, bytes) else text
            assert ("3" in text) if query == KNOWN else ("true" in text.lower()), (fmt, text)
    for fmt in GRAPH_FORMATS:
        wrapper = SPARQLWrapper(f"{real_server.url}/sparql")
        wrapper.setQuery("CONSTRUCT WHERE { ?s ?p ?o }")
        wrapper.setReturnFormat(fmt)
        result = wrapper.query()
        body = result.response.read()
        assert result.response.status == 200, (fmt, body)
        parsed = pyoxigraph.parse(body, format=GRAPH_FORMATS[fmt])
        assert sorted(t.object.value for t in parsed) == ["1", "2", "3"], (fmt, body[:300])
    # SPARQLWrapper has no N-Triples return format (it asks for RDF/XML instead): a plain client
    import urllib.parse
    import urllib.request

    query = urllib.parse.quote("CONSTRUCT WHERE { ?s ?p ?o }")
    request = urllib.request.Request(f"{real_server.url}/sparql?query={query}&format=nt",
                                     headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as r:
        body = r.read()
    parsed = pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert sorted(t.object.value for t in parsed) == ["1", "2", "3"], body[:300]
