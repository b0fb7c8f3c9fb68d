"""The HTTP app in-process (Starlette's test client): every status path of the SPARQL endpoint,
formats, limits, the named-query and entity API, updates with a token."""

from __future__ import annotations

import asyncio
import json
import time
import warnings

import pyoxigraph
import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")
from starlette.testclient import TestClient  # noqa: E402

from kg.server.app import PHARMAKG_DEFAULT_GRAPHS, create_app  # noqa: E402

PKG = "https://w3id.org/pharmakg/ontology/"
DRUGS = "SELECT ?d ?l WHERE { ?d a pkg:Drug ; rdfs:label ?l } ORDER BY ?l"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def store(built):
    from kg.exports.rdf import to_nquads

    s = pyoxigraph.Store()
    s.bulk_load(to_nquads(built), format=pyoxigraph.RdfFormat.N_QUADS)
    return s


def make_client(store, **options) -> TestClient:
    options.setdefault("default_graphs", PHARMAKG_DEFAULT_GRAPHS)
    options.setdefault("workers", 1)
    return TestClient(create_app(store, **options))


@pytest.fixture(scope="module")
def client(store):
    with make_client(store, max_rows=50, workers=2) as c:
        yield c


def sparql_json(response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


# -- queries ------------------------------------------------------------------------------------

def test_get_query_json(client):
    r = client.get("/sparql", params={"query": DRUGS})
    assert r.headers["content-type"] == "application/sparql-results+json"
    data = sparql_json(r)
    labels = [b["l"]["value"] for b in data["results"]["bindings"]]
    assert "amitriptyline" in labels and "clonazepam" in labels
    assert r.headers["x-result-rows"] == str(len(labels))
    assert "x-result-truncated" not in r.headers


def test_post_form_and_direct_give_the_same_answer(client):
    a = client.post("/sparql", data={"query": DRUGS})
    b = client.post("/sparql", content=DRUGS, headers={"content-type": "application/sparql-query"})
    c = client.get("/sparql", params={"query": DRUGS})
    assert sparql_json(a) == sparql_json(b) == sparql_json(c)


@pytest.mark.parametrize("accept,media,check", [
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
    ("text/csv", "text/csv", b"d,l\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values", b"?d\t?l\n"),
    ("application/json", "application/sparql-results+json", b'"head"'),
])
def test_select_formats(client, accept, media, check):
    r = client.get("/sparql", params={"query": DRUGS}, headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)
    assert check in r.content


def test_results_parse_back_with_pyoxigraph(client):
    for accept, fmt in [("application/sparql-results+json", "JSON"),
                        ("application/sparql-results+xml", "XML"),
                        ("text/tab-separated-values", "TSV")]:
        r = client.get("/sparql", params={"query": DRUGS}, headers={"accept": accept})
        solutions = pyoxigraph.parse_query_results(
            r.content, format=getattr(pyoxigraph.QueryResultsFormat, fmt))
        assert len(list(solutions)) == 6


@pytest.mark.parametrize("accept,media,fmt", [
    ("text/turtle", "text/turtle", "TURTLE"),
    ("application/n-triples", "application/n-triples", "N_TRIPLES"),
    ("application/ld+json", "application/ld+json", "JSON_LD"),
    ("application/rdf+xml", "application/rdf+xml", "RDF_XML"),
])
def test_construct_formats(client, accept, media, fmt):
    q = f"CONSTRUCT {{ ?d rdfs:label ?l }} WHERE {{ ?d a pkg:Drug ; rdfs:label ?l }}"
    r = client.post("/sparql", content=q, headers={"content-type": "application/sparql-query",
                                                   "accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    triples = list(pyoxigraph.parse(r.content, format=getattr(pyoxigraph.RdfFormat, fmt)))
    assert len(triples) == 6


def test_describe(client):
    r = client.get("/sparql", params={"query": "DESCRIBE pkg:clonazepam"},
                   headers={"accept": "application/n-triples"})
    assert r.status_code == 200 and f"<{PKG}clonazepam>".encode() in r.content


def test_ask(client):
    r = client.get("/sparql", params={"query": "ASK { pkg:amitriptyline a pkg:Drug }"})
    assert sparql_json(r) == {"head": {}, "boolean": True}


def test_format_parameter_overrides_accept(client):
    r = client.get("/sparql", params={"query": DRUGS, "format": "csv"},
                   headers={"accept": "application/sparql-results+json"})
    assert r.headers["content-type"].startswith("text/csv")


def test_prefixes_are_predeclared(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { pkg:clonazepam skos:altLabel ?x }"})
    assert sparql_json(r)["results"]["bindings"]


def test_default_dataset_excludes_other_graphs(client):
    # the default graph is the explicit graphs' union; GRAPH still reaches each of them
    q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert int(sparql_json(client.get("/sparql", params={"query": q}))
               ["results"]["bindings"][0]["n"]["value"]) >= 3


def test_protocol_dataset_parameters(client):
    onto = PHARMAKG_DEFAULT_GRAPHS[0]
    q = "ASK { ?e a pkg:Evidence }"
    assert sparql_json(client.get("/sparql", params={"query": q}))["boolean"] is True
    r = client.get("/sparql", params={"query": q, "default-graph-uri": onto})
    assert sparql_json(r)["boolean"] is False
    r = client.get("/sparql", params={"query": "ASK { GRAPH ?g { ?e a pkg:Evidence } }",
                                      "named-graph-uri": onto})
    assert sparql_json(r)["boolean"] is False


def test_row_cap_marks_truncation(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(sparql_json(r)["results"]["bindings"]) == 50
    assert r.headers["x-result-truncated"] == "true"
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                   headers={"accept": "application/n-triples"})
    assert r.headers["x-result-truncated"] == "true"
    assert len(r.text.strip().splitlines()) == 50


def test_service_description(client):
    r = client.get("/sparql", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert "<http://testserver/sparql>" in r.text and "sd:SPARQL11Query" in r.text
    assert "SPARQL11Update" not in r.text
    r = client.get("/sparql", headers={"accept": "application/ld+json"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/ld+json"


# -- errors ------------------------------------------------------------------------------------

def test_malformed_query_is_400_with_position(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTR(?s) }"})
    assert r.status_code == 400
    assert "line 3" in r.text and "column" in r.text


@pytest.mark.parametrize("params", [
    {"query": ["ASK {}", "ASK {}"]},                    # two queries
    {"update": "CLEAR ALL"},                           # update via GET
])
def test_bad_get_requests_are_400(client, params):
    assert client.get("/sparql", params=params).status_code == 400


def test_unacceptable_accept_is_406(client):
    r = client.get("/sparql", params={"query": DRUGS}, headers={"accept": "image/png"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                   headers={"accept": "text/csv"})
    assert r.status_code == 406


@pytest.mark.parametrize("content_type", ["text/plain", None,
                                          "application/sparql-query; charset=UTF-16"])
def test_unsupported_media_type_is_415(client, content_type):
    headers = {"content-type": content_type} if content_type else {}
    r = client.post("/sparql", content=b"ASK {}", headers=headers)
    assert r.status_code == 415


def test_other_methods_are_405(client):
    assert client.put("/sparql", content=b"ASK {}").status_code == 405


def test_update_refused_when_read_only(client):
    r = client.post("/sparql", content="CLEAR ALL",
                    headers={"content-type": "application/sparql-update"})
    assert r.status_code == 403 and "read-only" in r.text
    r = client.post("/sparql", data={"update": "CLEAR ALL"})
    assert r.status_code == 403
    assert sparql_json(client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}))["boolean"]


def test_service_refused_by_default(client):
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 403 and "SERVICE" in r.text
    # the word in a string, an IRI or a prefixed name is no SERVICE clause
    r = client.get("/sparql", params={"query": 'SELECT * WHERE { ?s ?p "SERVICE" } LIMIT 1'})
    assert r.status_code == 200


def test_body_over_limit_is_413(store):
    with make_client(store, max_body=64) as c:
        r = c.post("/sparql", content="ASK { " + "?s ?p ?o . " * 20 + "}",
                   headers={"content-type": "application/sparql-query"})
        assert r.status_code == 413
        assert c.post("/sparql", content="ASK {}",
                      headers={"content-type": "application/sparql-query"}).status_code == 200
        # a query in the URL is held to the same limit
        r = c.get("/sparql", params={"query": "ASK { " + "?s ?p ?o . " * 20 + "}"})
        assert r.status_code == 414
        assert c.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_timeout_is_503_and_the_server_recovers(store):
    with make_client(store, timeout=1.0) as c:
        started = time.monotonic()
        r = c.get("/sparql", params={"query": HEAVY})
        assert r.status_code == 503 and "stopped" in r.text
        assert time.monotonic() - started < 5
        # the killed worker is replaced: the next query is answered
        r = c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert sparql_json(r)["boolean"] is True
        assert c.app.state.engine.restarts == 1


def test_waiting_for_a_busy_worker_counts_against_the_time_limit(store):
    """One worker busy with a runaway query: a second request waits for it and gets 503 at
    its own deadline; both are answered, the worker is replaced, the pool serves again."""
    import httpx

    app = create_app(store, default_graphs=PHARMAKG_DEFAULT_GRAPHS, workers=1, timeout=1.0)

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            await c.get("/sparql", params={"query": "ASK {}"})  # starts the pool
            engine = app.state.engine
            spawn = engine._spawn

            def slow_spawn():  # the replacement comes after the waiting request's deadline
                time.sleep(1.0)
                return spawn()

            engine._spawn = slow_spawn
            heavy = asyncio.create_task(c.get("/sparql", params={"query": HEAVY}))
            await asyncio.sleep(0.2)
            started = time.monotonic()
            light = await c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
            waited = time.monotonic() - started
            heavy = await heavy
            for _ in range(100):  # the replacement worker starts in the background
                after = await c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
                if after.status_code == 200:
                    break
                await asyncio.sleep(0.1)
            return heavy, light, waited, after

    try:
        heavy, light, waited, after = asyncio.run(scenario())
    finally:
        app.state.engine.close()
    assert heavy.status_code == 503 and "stopped" in heavy.text
    assert light.status_code == 503 and "no query worker became free" in light.text
    assert waited < 3
    assert after.status_code == 200 and after.json()["boolean"] is True


def test_a_worker_that_died_while_idle_is_replaced_before_use(store):
    import os
    import signal

    with make_client(store, workers=1) as c:
        (pid,) = c.get("/api/info").json()["workerPids"]
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)  # let it die
        r = c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert sparql_json(r)["boolean"] is True
        assert c.app.state.engine.restarts == 1
        assert c.get("/api/info").json()["workerPids"] != [pid]


def test_host_header_is_not_pasted_into_the_description(client):
    r = client.get("/sparql", headers={"accept": "text/turtle", "host": "x> ; <y"})
    assert r.status_code == 200
    assert list(pyoxigraph.parse(r.content, format=pyoxigraph.RdfFormat.TURTLE))
    assert "x>" not in r.text


def test_cors_off_by_default_and_on_when_asked(client, store):
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "http://x.example"})
    assert "access-control-allow-origin" not in r.headers
    with make_client(store, cors="http://x.example") as c:
        r = c.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "http://x.example"})
        assert r.headers["access-control-allow-origin"] == "http://x.example"
        r = c.options("/sparql", headers={"origin": "http://x.example",
                                          "access-control-request-method": "POST"})
        assert r.status_code == 200


def test_response_cache_serves_repeats(store):
    with make_client(store) as c:
        first = c.get("/sparql", params={"query": DRUGS})
        second = c.get("/sparql", params={"query": DRUGS})
        assert first.content == second.content
        info = c.get("/api/info").json()
        assert info["cache"]["hits"] >= 1
    with make_client(store, cache_mb=0) as c:
        assert c.get("/api/info").json()["cache"] is None


# -- updates -------------------------------------------------------------------------------------

def test_updates_need_the_token(store):
    with pytest.raises(ValueError):
        create_app(store, allow_update=True)
    with make_client(store, allow_update=True, token="s3cret") as c:
        insert = "INSERT DATA { GRAPH <urn:g> { pkg:newdrug a pkg:Drug } }"
        headers = {"content-type": "application/sparql-update"}
        assert c.post("/sparql", content=insert, headers=headers).status_code == 403
        assert c.post("/sparql", content=insert,
                      headers={**headers, "authorization": "Bearer wrong"}).status_code == 403
        ok = c.post("/sparql", content=insert, headers={**headers, "authorization": "Bearer s3cret"})
        assert ok.status_code == 204
        q = "ASK { GRAPH <urn:g> { pkg:newdrug a pkg:Drug } }"
        assert sparql_json(c.get("/sparql", params={"query": q}))["boolean"] is True
        # form-encoded update, and a syntax error
        r = c.post("/sparql", data={"update": "CLEAR GRAPH <urn:g>"},
                   headers={"authorization": "Bearer s3cret"})
        assert r.status_code == 204
        assert sparql_json(c.get("/sparql", params={"query": q}))["boolean"] is False
        r = c.post("/sparql", data={"update": "CLEAR XYZ"}, headers={"authorization": "Bearer s3cret"})
        assert r.status_code == 400
        sd = c.get("/sparql", headers={"accept": "text/turtle"}).text
        assert "SPARQL11Update" in sd


def test_updates_cannot_fetch_urls_unless_allowed(store):
    """LOAD and SERVICE make pyoxigraph fetch the URL they name: refused (403) even with the
    token, unless the server was started with --allow-service."""
    auth = {"authorization": "Bearer t", "content-type": "application/sparql-update"}
    with make_client(store, allow_update=True, token="t") as c:
        r = c.post("/sparql", content="LOAD <http://127.0.0.1:1/data.ttl>", headers=auth)
        assert r.status_code == 403 and "LOAD" in r.text
        r = c.post("/sparql", headers=auth, content="INSERT { ?s ?p ?o } WHERE { "
                   "SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
        assert r.status_code == 403 and "SERVICE" in r.text
        # the words in data are not operations
        r = c.post("/sparql", headers=auth,
                   content="INSERT DATA { GRAPH <urn:g> { <urn:load> <urn:p> 'LOAD SERVICE' } }")
        assert r.status_code == 204
    with make_client(store, allow_update=True, token="t", allow_service=True) as c:
        r = c.post("/sparql", content="LOAD SILENT <http://127.0.0.1:1/data.ttl>", headers=auth)
        assert r.status_code == 204  # allowed: the fetch fails, SILENT ignores it


def test_update_using_graph_uri_and_conflict(store):
    with make_client(store, allow_update=True, token="t") as c:
        auth = {"authorization": "Bearer t", "content-type": "application/sparql-update"}
        onto = PHARMAKG_DEFAULT_GRAPHS[0]
        r = c.post("/sparql", params={"using-graph-uri": onto}, headers=auth,
                   content="INSERT { GRAPH <urn:copy> { ?d a pkg:Drug } } WHERE { ?d a pkg:Drug }")
        assert r.status_code == 204
        n = sparql_json(c.get("/sparql", params={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:copy> { ?d a pkg:Drug } }"}))
        assert int(n["results"]["bindings"][0]["n"]["value"]) == 6
        r = c.post("/sparql", params={"using-graph-uri": onto}, headers=auth,
                   content="WITH <urn:copy> DELETE { ?d a pkg:Drug } WHERE { ?d a pkg:Drug }")
        assert r.status_code == 400


# -- named queries, entities, OpenAPI, pages -------------------------------------------------------

def test_named_queries_list_and_run_with_name_resolution(client):
    names = {q["name"]: q for q in client.get("/api/queries").json()["queries"]}
    assert "shared-side-effects" in names
    assert [p["name"] for p in names["shared-side-effects"]["params"]] == ["drug1", "drug2"]
    r = client.get("/api/queries/shared-side-effects",
                   params={"drug1": "Elavil", "drug2": "pregabalin"})
    data = sparql_json(r)
    assert data["params"]["drug1"]["curie"] == "pkg:amitriptyline"
    effects = {b["effectLabel"]["value"] for b in data["results"]["bindings"]}
    assert "dizziness" in effects


def test_named_queries_keep_the_row_cap(store):
    with make_client(store, max_rows=3) as c:
        r = c.get("/api/queries/drug-profile", params={"drug": "amitriptyline"})
        data = sparql_json(r)
        assert len(data["results"]["bindings"]) == 3
        assert data["truncated"] is True and r.headers["x-result-truncated"] == "true"
    with make_client(store) as c:
        r = c.get("/api/queries/drug-profile", params={"drug": "amitriptyline"})
        assert len(sparql_json(r)["results"]["bindings"]) > 3
        assert "truncated" not in r.json() and "x-result-truncated" not in r.headers


def test_named_query_errors(client):
    r = client.get("/api/queries/shared-side-effects", params={"drug1": "Elavil"})
    assert r.status_code == 400 and "drug2" in r.json()["error"]
    r = client.get("/api/queries/shared-side-effects", params={"drug1": "zzzqqq", "drug2": "x"})
    assert r.status_code == 400
    r = client.get("/api/queries/no-such-query")
    assert r.status_code == 404


def test_entity_profile_has_quotes_grouped_by_relation(client):
    data = sparql_json(client.get("/api/entity/pkg:amitriptyline"))
    assert data["kind"] == "drug" and data["label"] == "amitriptyline"
    groups = {g["predicate"]["curie"]: g for g in data["relations"]}
    assert "pkg:hasSideEffect" in groups
    evidence = [e for item in groups["pkg:hasSideEffect"]["items"] for e in item["evidence"]]
    assert evidence and all(e["exact"] and e["document"]["title"] for e in evidence)
    assert data["graph"]["nodes"] and data["graph"]["edges"]
    # the local name and the full IRI name the same entity
    assert client.get("/api/entity/amitriptyline").json()["iri"] == data["iri"]
    assert client.get("/api/entity/" + PKG + "amitriptyline").json()["iri"] == data["iri"]


def test_effect_page_lists_drugs_pointing_to_it(client):
    data = sparql_json(client.get("/api/entity/Dizziness"))
    incoming = {g["predicate"]["curie"]: g for g in data["incoming"]}
    drugs = {i["term"]["curie"] for i in incoming["pkg:hasSideEffect"]["items"]}
    assert "pkg:amitriptyline" in drugs
    assert any(i["evidence"] for i in incoming["pkg:hasSideEffect"]["items"])


@pytest.mark.parametrize("ident,kind,predicate,drug", [
    ("Dizziness", "effect", "pkg:hasSideEffect", "pkg:pregabalin"),
    ("Anxiety", "condition", "pkg:indicatedFor", "pkg:clonazepam"),
    ("GABAAReceptorPositiveModulation", "mechanism", "pkg:hasMechanism", "pkg:clonazepam"),
])
def test_condition_effect_mechanism_pages_show_the_drugs_with_quotes(client, ident, kind,
                                                                      predicate, drug):
    data = sparql_json(client.get(f"/api/entity/{ident}"))
    assert data["kind"] == kind and data["definition"]
    items = {i["term"]["curie"]: i for g in data["incoming"] if g["predicate"]["curie"] == predicate
             for i in g["items"]}
    assert drug in items
    evidence = items[drug]["evidence"]
    assert evidence and all(e["exact"] and e["document"]["iri"] for e in evidence)
    assert {"source": PKG + drug[4:], "target": data["iri"]}.items() <= \
        next(e for e in data["graph"]["edges"] if e["source"] == PKG + drug[4:]).items()


def test_entity_not_found_and_search(client):
    assert client.get("/api/entity/NoSuchThing").status_code == 404
    hits = client.get("/api/search", params={"q": "elavil"}).json()["results"]
    assert hits[0]["curie"] == "pkg:amitriptyline"


def test_openapi_describes_named_queries(client):
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert "/sparql" in doc["paths"]
    op = doc["paths"]["/api/queries/shared-side-effects"]["get"]
    assert [p["name"] for p in op["parameters"]] == ["drug1", "drug2"]
    assert all(p["required"] for p in op["parameters"])
    # every named query has a path; the document holds together
    names = {q["name"] for q in client.get("/api/queries").json()["queries"]}
    assert {f"/api/queries/{n}" for n in names} <= set(doc["paths"])
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()
           if "operationId" in op]
    assert len(ids) == len(set(ids)) == len(names)
    for path, item in doc["paths"].items():
        for method, op in item.items():
            assert method in ("get", "post") and op["responses"], path
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert declared == set(__import__("re").findall(r"\{(\w+)\}", path)), path
    text = json.dumps(doc)
    for ref in set(__import__("re").findall(r'"\$ref": "#/([^"]+)"', text)):
        node = doc
        for part in ref.split("/"):
            node = node[part]
    # what the document promises, the server does
    r = client.get("/api/queries/side-effects", params={"drug": "Klonopin"})
    assert set(r.json()) >= {"head", "results", "query", "params"}


def test_pages_and_static_assets(client):
    for path in ("/", "/entity/amitriptyline"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for asset in ("app.css", "common.js", "query.js", "entity.js", "graph.js"):
        r = client.get("/static/" + asset)
        assert r.status_code == 200 and len(r.content) > 100
    # offline: no page or script references another host
    for path in ("/", "/entity/x", "/static/query.js", "/static/entity.js", "/static/common.js"):
        assert "http://" not in client.get(path).text.replace("http://www.w3.org", "")
        assert "https://" not in client.get(path).text


def test_coalescing_transport_joins_writes_in_order_and_flushes_on_close():
    from kg.server.httpserver import CoalescingTransport

    class Sink:
        def __init__(self):
            self.writes, self.closed = [], False

        def write(self, data):
            self.writes.append(data)

        def is_closing(self):
            return self.closed

        def get_write_buffer_size(self):
            return 0

        def close(self):
            self.closed = True

        def get_extra_info(self, name, default=None):
            return ("127.0.0.1", 1) if name == "peername" else default

    async def scenario():
        sink = Sink()
        t = CoalescingTransport(sink, asyncio.get_running_loop())
        t.write(b"HTTP/1.1 200 OK\r\n\r\n")
        t.write(b"body")
        assert sink.writes == [] and t.get_write_buffer_size() == 23
        await asyncio.sleep(0)
        assert sink.writes == [b"HTTP/1.1 200 OK\r\n\r\nbody"]
        t.write(b"last")
        t.close()  # sends what is kept before closing
        assert sink.writes[-1] == b"last" and sink.closed
        assert t.get_extra_info("peername") == ("127.0.0.1", 1)

    asyncio.run(scenario())
