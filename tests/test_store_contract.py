"""One contract for every store backend: the same questions give the same answers.

The backends (the ``store`` fixture, parametrized like oaklib's implementation fixtures):

- ``oxigraph``: the built on-disk pyoxigraph store (the default backend),
- ``rdflib``: the same build loaded into rdflib in memory,
- ``remote``: a real Oxigraph server (``oxigraph serve`` from the PyPI ``oxigraph`` package,
  started here on a free loopback port) loaded with ``kg push`` run as a console script, queried
  through :class:`kg.store.remote.RemoteStore`,
- ``virtuoso``: a real OpenLink Virtuoso 7 server (Debian ``virtuoso-opensource``, the store
  behind Bio2RDF and DBpedia), started here with its own database in a temporary folder on free
  loopback ports, loaded with ``kg push`` and queried the same way.

Every named query (every ``queries/*.rq``) runs on every backend and must give the same rows as
the embedded store, compared as sorted multisets of rows of :class:`~kg.store.base.Term`
(blank-node labels are local to a store, so any blank node counts as equal to any other). Also:
ad-hoc SELECT/ASK/CONSTRUCT, binding safety, errors, the ``inferred`` graph, staleness of the
build, and ``kg query --endpoint`` through the CLI.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.query.named import query_names, run_named_query, run_sparql
from kg.store import GRAPH_INFERRED, Result, Term, open_store
from kg.server.process import free_port, stop_process, wait_until_answers
from kg.store.base import PKG_IRI

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
KG_BIN = BIN / "kg"
OXIGRAPH_BIN = BIN / "oxigraph"
BACKENDS = ("oxigraph", "rdflib", "remote", "virtuoso")

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

#: Each named query with parameters as people type them (labels, brand names, CURIEs, local
#: names). Every case must give at least one row, so that agreement is never vacuous.
CASES: list[tuple[str, dict[str, str]]] = [
    ("combination", {"drug1": "amitriptyline", "drug2": "pregabalin"}),
    ("conflicts", {}),
    ("contraindications", {"drug": "pregabalin"}),
    ("contraindications", {"drug": "amitriptyline"}),
    ("dosing", {"drug": "Lyrica"}),
    ("dosing", {"drug": "amitriptyline"}),
    ("drug-profile", {"drug": "amitriptyline"}),
    ("drug-profile", {"drug": "pkg:clonazepam"}),
    ("drug-profile", {"drug": "amitriptyline_pregabalin"}),
    ("drugs-by-mechanism", {"mechanism": "GABAAReceptor"}),
    ("drugs-by-mechanism", {"mechanism": "VoltageGatedCalciumChannel"}),
    ("drugs-by-mechanism", {"mechanism": "SerotoninReuptakeInhibition"}),
    ("drugs-for-condition", {"condition": "anxiety disorder"}),
    ("drugs-for-condition", {"condition": "NeuropathicPain"}),
    ("drugs-for-condition", {"condition": "pain"}),  # sources disagree on off-label use
    ("drugs-with-side-effect", {"effect": "dizziness"}),
    ("drugs-with-side-effect", {"effect": "sedation"}),
    ("drugs-with-withdrawal-symptom", {"symptom": "anxiety"}),
    ("drugs-in-class", {"class": "benzodiazepine"}),
    ("drugs-in-class", {"class": "pkg:Drug"}),
    ("evidence", {"drug": "Klonopin"}),
    ("evidence", {"drug": "pregabalin", "relation": "hasSideEffect"}),
    ("evidence", {"drug": "amitriptyline", "relation": "hasSideEffect", "object": "dizziness"}),
    ("interactions", {"drug": "alcohol"}),
    ("interactions", {"drug": "clonazepam"}),
    ("shared-side-effects", {"drug1": "amitriptyline", "drug2": "pregabalin"}),
    ("shared-side-effects", {"drug1": "Elavil", "drug2": "Lyrica"}),
    ("shared-side-effects-by-body-system", {"drug1": "Elavil", "drug2": "Lyrica"}),
    ("shared-side-effects-by-body-system",
     {"drug1": "amitriptyline", "drug2": "pregabalin", "system": "nervous system"}),
    ("shared-withdrawal-symptoms", {"drug1": "clonazepam", "drug2": "amitriptyline"}),
    ("side-effects", {"drug": "amitriptyline"}),
    ("side-effects-by-body-system", {"drug": "amitriptyline"}),
    ("side-effects", {"drug": "clonazepam"}),
    ("sources", {}),
    ("withdrawal-symptoms", {"drug": "clonazepam"}),
    ("withdrawal-symptoms", {"drug": "amitriptyline"}),
]

#: Values that would change the query if they were pasted into its text.
HOSTILE = ['x" } ; DROP ALL ; #', "x' } UNION { ?s ?p ?o } #", 'a}b{c', '"""', "\\",
           'line\nbreak # not a comment', "} } SELECT * WHERE { ?s ?p ?o", "$x ?y <z>"]


# -- helpers ------------------------------------------------------------------------------------

def canonical(result: Result) -> tuple[list[str], list[tuple[tuple, int]]]:
    """Variables and the rows as a sorted multiset; blank nodes all look alike."""
    def term(t: Term | None):
        if t is None:
            return None
        return Term.bnode("_") if t.type == "bnode" else t

    rows = Counter(tuple(term(t) for t in row) for row in result.bindings)
    return list(result.vars), sorted(rows.items(), key=repr)


XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def answers(store, result: Result, reference: Result) -> Result:
    """``result`` as compared with ``reference``. Virtuoso 7 has no boolean type in its SQL
    core: a boolean the query *computes* (``EXISTS``, ``true``) comes back as an ``xsd:integer``
    0 or 1 — a known deviation of that server, the one difference allowed here, and only in
    the columns where the reference answers booleans. (Stored booleans come back as
    ``xsd:boolean`` and are compared strictly.)"""
    if not getattr(store, "computes_booleans_as_integers", False) or not result.bindings:
        return result
    boolean_columns = {i for i, name in enumerate(reference.vars)
                       if any(row[i] is not None and row[i].datatype == XSD_BOOLEAN
                              for row in reference.bindings)}

    def fixed(i: int, t: Term | None) -> Term | None:
        if i in boolean_columns and t is not None and t.datatype == XSD_INTEGER \
                and t.value in ("0", "1"):
            return Term.literal("true" if t.value == "1" else "false", XSD_BOOLEAN)
        return t

    rows = [tuple(fixed(i, t) for i, t in enumerate(row)) for row in result.bindings]
    return Result(vars=result.vars, bindings=rows)


def canonical_triples(result: Result) -> list:
    return sorted(Counter(result.triples or []).items(), key=repr)


def kg(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(KG_BIN), *args], env=env, capture_output=True, text=True,
                          timeout=120)
    if check and done.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done


class OxigraphServer:
    """``oxigraph serve`` on a free loopback port, stopped (by its own pid) at exit."""

    def __init__(self, location: Path | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url = f"{self.base}/query"
        cmd = [str(OXIGRAPH_BIN), "serve", "--bind", f"127.0.0.1:{self.port}"]
        if location is not None:
            cmd += ["--location", str(location)]
        self.process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_until_answers(self.base + "/", self.process, 30, "oxigraph serve",
                               lambda: self.process.stderr.read().decode(errors="replace")
                               if self.process.poll() is not None else "")
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        stop_process(self.process, timeout=10)
        self.process.stderr.close()


def built_store_dir(home: Path) -> Path:
    """The query store folder of the current build in ``home``."""
    from kg.store.local import OXIGRAPH_DIR, ensure_build

    return ensure_build(home, rebuild=False) / OXIGRAPH_DIR


def pushed_triples(home: Path) -> int:
    """What ``kg push`` must report: the triples of every graph of the built store."""
    from kg.store.oxigraph import OxigraphStore

    with OxigraphStore.open(built_store_dir(home)) as built:
        return sum(nt.count(b"\n") for nt in built.graphs_ntriples().values())


def triple_count(store) -> int:
    return run_sparql(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]


def pushed_to(running, home: Path):
    """Yield a started server once ``kg push`` (the console script) has loaded the build into it
    and reported every triple; stop it afterwards."""
    try:
        done = kg("push", "--endpoint", running.query_url, env=kg_env(home))
        assert f"pushed {pushed_triples(home)} triples to {running.query_url}" in done.stdout, \
            done.stdout
        yield running
    finally:
        running.stop()


# -- fixtures -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A fresh PHARMAKG_HOME with the seed graph built by the console script."""
    folder = tmp_path_factory.mktemp("contract-home")
    kg("build", env=kg_env(folder))
    return folder


def kg_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PHARMAKG_HOME"] = str(home)
    env.pop("PHARMAKG_RESOURCES", None)
    return env


@pytest.fixture(scope="module")
def server(home, tmp_path_factory):
    """A real Oxigraph server on disk, loaded with ``kg push``."""
    if not OXIGRAPH_BIN.exists():
        pytest.fail("the `oxigraph` server binary is missing: pip install oxigraph "
                    "(the test extra has it)")
    yield from pushed_to(OxigraphServer(tmp_path_factory.mktemp("oxigraph-server") / "db"), home)


@pytest.fixture(scope="module")
def virtuoso(home, tmp_path_factory):
    """A real Virtuoso 7 server with its own database, loaded with ``kg push``."""
    from kg.store.virtuoso import VirtuosoServer

    try:
        running = VirtuosoServer(tmp_path_factory.mktemp("virtuoso-server"))
    except KGError as exc:  # not installed: fail with the message, never skip
        pytest.fail(f"{exc} (`make test` installs it)")
    yield from pushed_to(running, home)


@pytest.fixture(scope="module")
def reference(home):
    """The embedded store: the answers every backend must give."""
    with open_store("oxigraph", home=home, rebuild=False) as store:
        yield store


@pytest.fixture(scope="module", params=BACKENDS)
def store(request, home):
    """The store under test, one per backend."""
    if request.param in ("remote", "virtuoso"):
        fixture = "server" if request.param == "remote" else "virtuoso"
        endpoint = request.getfixturevalue(fixture).query_url
        with open_store("remote", endpoint=endpoint) as remote:
            remote.computes_booleans_as_integers = request.param == "virtuoso"
            yield remote
    else:
        with open_store(request.param, home=home, rebuild=False) as local:
            yield local


# -- named queries ------------------------------------------------------------------------------

def test_every_named_query_has_a_case():
    assert {name for name, _ in CASES} == set(query_names())


@pytest.mark.parametrize("name,params", CASES, ids=[f"{n}-{'-'.join(p.values()) or 'all'}"
                                                    for n, p in CASES])
def test_named_query_answers_are_identical(store, reference, name, params):
    expected = run_named_query(reference, name, params)
    assert len(expected) > 0, "choose parameters with a non-empty answer"
    actual = answers(store, run_named_query(store, name, params), expected)
    assert canonical(actual) == canonical(expected)


#: The helper queries behind empty-answer explanations (``queries/why/``), with IRIs bound.
WHY_CASES: list[tuple[str, dict[str, str]]] = [
    ("class-members", {"class_iri": "Benzodiazepine"}),
    ("class-members", {"class_iri": "Drug"}),
    ("documents-about", {"drug_iri": "clonazepam"}),
    ("drug-relation", {"drug_iri": "clonazepam", "relation_iri": "hasSideEffect"}),
    ("drug-relation", {"drug_iri": "amitriptyline", "relation_iri": "hasWithdrawalSymptom"}),
    ("term-uses", {"term_iri": "Dizziness"}),
    ("term-uses", {"term_iri": "Anxiety"}),
    ("together", {"drug1_iri": "amitriptyline", "drug2_iri": "pregabalin"}),
    ("together", {"drug1_iri": "pregabalin", "drug2_iri": "alcohol"}),
]


def test_every_why_query_has_a_case():
    assert {name for name, _ in WHY_CASES} == {p.stem for p in (REPO / "queries" / "why").glob("*.rq")}


@pytest.mark.parametrize("name,params", WHY_CASES,
                         ids=[f"{n}-{'-'.join(p.values())}" for n, p in WHY_CASES])
def test_why_query_answers_are_identical(store, reference, name, params):
    """The sentences that explain an empty answer come from the same rows on every backend."""
    from kg.query.explain_empty import why_query

    text = why_query(name).text
    bindings = {var: Term.iri(PKG_IRI + local) for var, local in params.items()}
    expected = reference.query(text, bindings)
    assert len(expected.bindings) > 0, "choose parameters with a non-empty answer"
    actual = answers(store, store.query(text, bindings), expected)
    assert canonical(actual) == canonical(expected)


def test_shared_side_effects_content(store):
    # 004 (Amitriptyline + Pregabalin) lists both drugs' side effects; four are shared.
    result = run_named_query(store, "shared-side-effects",
                             {"drug1": "amitriptyline", "drug2": "pregabalin"})
    assert sorted(result.column("effectLabel")) == [
        "blurred vision", "dizziness", "drowsiness", "weight gain"]


def test_numbers_come_back_alike(store):
    # pyoxigraph keeps literals canonical ("75.0"^^xsd:decimal → "75", nonNegativeInteger →
    # integer); the rdflib backend and kg push read that store, so every backend agrees.
    result = run_named_query(store, "dosing", {"drug": "pregabalin"})
    row = result.rows[0]
    assert (row["min"], row["max"], row["unitLabel"]) == (75, 600, "mg")
    evidence = run_named_query(store, "evidence", {"drug": "pregabalin"})
    starts = {t.datatype for t in (r[evidence.vars.index("start")] for r in evidence.bindings)}
    assert starts == {"http://www.w3.org/2001/XMLSchema#integer"}


# -- ad-hoc SPARQL ------------------------------------------------------------------------------

ADHOC_SELECT = [
    # OPTIONAL leaves cells unbound; language-tagged and plain literals
    """SELECT ?drug ?label ?brand WHERE {
         ?drug a pkg:Drug ; rdfs:label ?label .
         OPTIONAL { ?drug pkg:brandName ?brand } }""",
    # aggregates: integers, GROUP_CONCAT order-independent via COUNT/SUM
    """SELECT (COUNT(*) AS ?n) (SUM(?max) AS ?total) WHERE { ?d pkg:maxDose ?max }""",
    # property paths over the ontology, blank-node restrictions included
    """SELECT DISTINCT ?class WHERE { ?class rdfs:subClassOf+ pkg:Effect }""",
    """SELECT ?r ?p ?v WHERE { ?r a owl:Restriction ; owl:onProperty ?p ; owl:someValuesFrom ?v }""",
    # GRAPH sees the same graphs as the default graph: ontology, asserted, evidence
    """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g""",
    # FROM is overridden by the store's dataset, as default-graph-uri overrides it in the
    # SPARQL protocol: every backend counts all the triples of the union here
    """SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/pharmakg/data/graph/asserted> WHERE { ?s ?p ?o }""",
    # expressions and a declared prefix overriding nothing
    """PREFIX ex: <http://example.org/>
       SELECT ?d (STRLEN(STR(?d)) AS ?len) (LCASE(?l) AS ?low) WHERE {
         ?d a pkg:Drug ; rdfs:label ?l FILTER(LANG(?l) = "en") }""",
]


@pytest.mark.parametrize("text", ADHOC_SELECT, ids=range(len(ADHOC_SELECT)))
def test_adhoc_select(store, reference, text):
    expected = run_sparql(reference, text)
    assert len(expected) > 0
    assert canonical(run_sparql(store, text)) == canonical(expected)


def test_adhoc_ask(store):
    assert run_sparql(store, "ASK { pkg:clonazepam pkg:hasDrugClass pkg:Benzodiazepine }").boolean is True
    assert run_sparql(store, "ASK { pkg:melatonin pkg:hasDrugClass pkg:Benzodiazepine }").boolean is False
    assert run_sparql(store, "ASK { ?s ?p ?o }", inferred=True).boolean is True


def test_adhoc_construct(store, reference):
    text = """CONSTRUCT { ?d pkg:hasSideEffect ?e . ?e rdfs:label ?l }
              WHERE { ?d pkg:hasSideEffect ?e . ?e rdfs:label ?l FILTER(?d = pkg:pregabalin) }"""
    expected = run_sparql(reference, text)
    assert expected.triples and expected.boolean is None
    assert canonical_triples(run_sparql(store, text)) == canonical_triples(expected)


def test_inferred_flag_adds_only_the_inferred_graph(store, reference):
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    plain = run_sparql(store, text).rows[0]["n"]
    assert plain == triple_count(reference) > 0
    # the seed build has no saved inferred graph: --inferred changes nothing here (the
    # inferred graph itself is tested in test_inferred_graph_on_every_backend)
    assert run_sparql(store, text, inferred=True).rows[0]["n"] == plain


# -- binding safety -----------------------------------------------------------------------------

@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_literal_is_data_not_syntax(store, value):
    # Round trip: the bound value comes back exactly, as one row of one column.
    echoed = store.query("SELECT ?v WHERE { BIND(STR(?x) AS ?v) }", {"x": Term.literal(value)})
    assert echoed.vars == ["v"] and echoed.column("v") == [value]
    # As a filter value it matches nothing and leaves the data alone.
    result = store.query("SELECT ?s WHERE { ?s rdfs:label ?label }", {"label": Term.literal(value)})
    assert result.bindings == []
    lang = store.query("SELECT ?s WHERE { ?s rdfs:label ?label }",
                       {"label": Term.literal("clonazepam", lang="en")})
    assert lang.column("s") == [PKG_IRI + "clonazepam"]


@pytest.mark.parametrize("iri", ["http://e/x> } ; DROP ALL ; <http://e/y",
                                 "http://e/a b", "http://e/{x}", "http://e/x\"y"])
def test_iri_that_would_break_out_is_refused(store, iri):
    with pytest.raises(KGError, match="cannot bind"):
        store.query("SELECT ?o WHERE { ?s ?p ?o }", {"s": Term.iri(iri)})


def test_blank_node_binding_is_refused(store):
    with pytest.raises(KGError, match="cannot bind \\?c to a blank node"):
        store.query("SELECT ?d WHERE { ?d pkg:hasDrugClass ?c }", {"c": Term.bnode("b0")})


def test_named_query_parameter_cannot_inject(store):
    with pytest.raises(KGError, match="no drug|did you mean"):
        run_named_query(store, "side-effects", {"drug": 'amitriptyline> } ; DROP ALL ; #'})
    result = run_named_query(store, "evidence",
                             {"drug": "clonazepam", "relation": "pkg:hasSideEffect"})
    assert set(result.column("relation")) == {PKG_IRI + "hasSideEffect"}


def test_unused_binding_changes_nothing(store, reference):
    text = "SELECT * WHERE { ?d pkg:hasDrugClass pkg:Benzodiazepine }"
    bound = store.query(text, {"unused": Term.literal("x"), "d": Term.iri(PKG_IRI + "clonazepam")})
    assert bound.vars == ["d"] and bound.column("d") == [PKG_IRI + "clonazepam"]


# -- errors ---------------------------------------------------------------------------------------

def test_malformed_sparql_is_located(store, reference):
    text = "SELECT ?d WHERE {\n  ?d a pkg:Drug\n  FILTR(?d) }"
    with pytest.raises(KGError) as expected:
        run_sparql(reference, text)
    with pytest.raises(KGError) as caught:
        run_sparql(store, text)
    assert caught.value.line == 3 and isinstance(caught.value.column, int)
    assert caught.value.describe() == expected.value.describe()
    assert "malformed SPARQL" in caught.value.message
    with pytest.raises(KGError) as caught:
        store.query("SELECT ?d WHERE {\n ?d a pkg:Drug \n", {"d": Term.iri(PKG_IRI + "kava")})
    assert caught.value.line == 3


def test_unreachable_endpoint_names_the_url():
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(KGError, match="cannot reach the SPARQL endpoint: .*refused") as caught:
        open_store("remote", endpoint=url).query("ASK { ?s ?p ?o }")
    assert caught.value.path == url
    with pytest.raises(KGError) as caught:  # a named query's error is not blamed on its file
        run_named_query(open_store("remote", endpoint=url), "sources")
    assert caught.value.describe().startswith(f"{url}: cannot reach the SPARQL endpoint")
    with pytest.raises(KGError, match="needs an endpoint"):
        open_store("remote")
    with pytest.raises(KGError, match="http"):
        open_store("remote", endpoint="localhost:7878/query")


def test_silent_endpoint_times_out_with_a_clear_error():
    from kg.store.remote import RemoteStore

    with socket.socket() as listener:  # accepts connections (backlog), never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
        started = time.monotonic()
        with pytest.raises(KGError, match="cannot reach the SPARQL endpoint: no answer"):
            RemoteStore(url, timeout=1).query("ASK { ?s ?p ?o }")
        assert time.monotonic() - started < 10


def test_endpoint_error_status_is_reported(server):
    url = server.base + "/no-such-service"
    with pytest.raises(KGError, match="the endpoint refused the query: HTTP 404") as caught:
        open_store("remote", endpoint=url).query("ASK { ?s ?p ?o }")
    assert caught.value.path == url


# -- the inferred graph and kg push ---------------------------------------------------------------

def test_inferred_graph_on_every_backend(home, tmp_path):
    """A triple in the inferred graph is seen with inferred=True only, on every backend; a later
    ``kg push`` (here with the Graph Store Protocol) empties the stale inferred graph."""
    from kg.store.oxigraph import OxigraphStore
    from kg.store.rdflib import RdflibStore
    from kg.store.remote import RemoteStore

    extra = (f"<{PKG_IRI}kava> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
             f"<{PKG_IRI}SedatingDrug> <{GRAPH_INFERRED}> .\n").encode()
    with OxigraphStore.open(built_store_dir(home)) as built:
        data = built.dump_nquads() + extra
    ask = f"ASK {{ pkg:kava a <{PKG_IRI}SedatingDrug> }}"
    server = OxigraphServer()  # in memory: this test rewrites the server's graphs
    try:
        remote = RemoteStore(server.query_url)
        from kg.store.remote import read_nquads

        counts = remote.push(read_nquads(data))
        assert counts[GRAPH_INFERRED] == 1
        stores = [OxigraphStore.in_memory(data), RdflibStore.from_nquads(data), remote]
        for backend in stores:
            assert run_sparql(backend, ask).boolean is False, backend
            assert run_sparql(backend, ask, inferred=True).boolean is True, backend
        done = kg("push", "--endpoint", server.query_url, "--method", "gsp", env=kg_env(home))
        assert f"{GRAPH_INFERRED}: emptied" in done.stdout
        assert run_sparql(remote, ask, inferred=True).boolean is False
        with OxigraphStore.open(built_store_dir(home)) as built:
            assert triple_count(remote) == triple_count(built)
    finally:
        server.stop()


def test_push_to_unreachable_endpoint_fails_cleanly(home):
    url = f"http://127.0.0.1:{free_port()}/query"
    done = kg("push", "--endpoint", url, env=kg_env(home), check=False)
    assert done.returncode == 2
    update = url[: -len("query")] + "update"
    assert f"error: {update}: cannot reach the SPARQL endpoint" in done.stderr
    assert "Traceback" not in done.stderr


# -- the CLI against the real server ---------------------------------------------------------------

def test_cli_query_endpoint(server, home, reference):
    env = kg_env(home)
    done = kg("query", "shared-side-effects", "--param", "drug1=amitriptyline",
              "--param", "drug2=Lyrica", "--endpoint", server.query_url, "--format", "json", env=env)
    answer = json.loads(done.stdout)
    expected = run_named_query(reference, "shared-side-effects",
                               {"drug1": "amitriptyline", "drug2": "pregabalin"})
    key = lambda b: json.dumps(b, sort_keys=True)  # noqa: E731
    assert sorted(answer["results"]["bindings"], key=key) == \
        sorted(expected.to_sparql_json()["results"]["bindings"], key=key)
    done = kg("query", "--sparql", "ASK { pkg:kava a pkg:Drug }", "--endpoint", server.query_url,
              env=env)
    assert done.stdout.strip() == "yes"
    done = kg("query", "--sparql", "SELECT ?x WHERE {\n ?x a }", "--endpoint", server.query_url,
              env=env, check=False)
    assert done.returncode == 2 and "<--sparql>:2:" in done.stderr
    url = f"http://127.0.0.1:{free_port()}/query"
    done = kg("query", "sources", "--endpoint", url, env=env, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {url}: cannot reach the SPARQL endpoint:")


# -- staleness --------------------------------------------------------------------------------------

@pytest.fixture()
def resources(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped resources, pointed at with PHARMAKG_RESOURCES."""
    root = tmp_path / "resources"
    for part in ("ontology", "queries", "data"):
        shutil.copytree(REPO / part, root / part)
    monkeypatch.setenv("PHARMAKG_RESOURCES", str(root))
    return root


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_changed_input_rebuilds_never_stale(resources, tmp_path, backend):
    from kg.store import local

    home = tmp_path / "home"
    label = "SELECT ?l WHERE { pkg:Dizziness rdfs:label ?l }"
    notes: list[str] = []
    with open_store(backend, home=home, notify=notes.append) as store:
        assert run_sparql(store, label).column("l") == ["dizziness"]
    assert any("no build yet" in n for n in notes)
    notes.clear()
    with open_store(backend, home=home, notify=notes.append) as store:  # current: no rebuild
        assert run_sparql(store, label).column("l") == ["dizziness"]
    assert notes == []

    ontology = resources / "ontology" / "pharmakg.ttl"
    text = ontology.read_text(encoding="utf-8")
    assert text.count('rdfs:label "dizziness"@en') == 1
    ontology.write_text(text.replace('rdfs:label "dizziness"@en', 'rdfs:label "dizzy spells"@en'),
                        encoding="utf-8")
    assert local.staleness(home) == "the ontology, corpus or statements changed"
    with pytest.raises(KGError, match="cannot be used"):
        open_store(backend, home=home, rebuild=False)
    with open_store(backend, home=home, notify=notes.append) as store:
        assert run_sparql(store, label).column("l") == ["dizzy spells"]
        shared = run_named_query(store, "shared-side-effects",
                                 {"drug1": "amitriptyline", "drug2": "pregabalin"})
        assert "dizzy spells" in shared.column("effectLabel")
    assert any("changed" in n for n in notes)
    assert local.staleness(home) is None
