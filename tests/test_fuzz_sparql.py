"""Generated SPARQL text through every text channel: ``KnowledgeGraph.sparql``, the store's
``query``, named-query parameters, and (a few cases) the real console script. Only a result or a
KGError may come out, quickly, and nothing may connect to the loopback listener the text names.

``PHARMAKG_FUZZ_EXAMPLES`` sets the number of examples (``make bench-fuzz`` runs a long one)."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from netguard import Listener

from kg.errors import KGError

EXAMPLES = int(os.environ.get("PHARMAKG_FUZZ_EXAMPLES", "150"))
FUZZ = settings(derandomize=True, max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
PER_EXAMPLE_SECONDS = 5.0

LISTENER = Listener()  # one per module: every generated SERVICE/LOAD names it
URL = LISTENER.url

KEYWORDS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "SERVICE", "service", "SeRvIcE",
            "SILENT", "LOAD", "OPTIONAL", "GRAPH", "FILTER", "EXISTS", "NOT", "MINUS", "UNION",
            "BIND", "AS", "VALUES", "PREFIX", "BASE", "FROM", "NAMED", "LIMIT", "ORDER BY", "a",
            "*", ".", ";", ",", "|", "/", "^", "+", "-", "!", "=", "<", ">", "&&", "||"]
ATOMS = [f"<{URL}>", "<http://e/x>", "<>", "pkg:Drug", "pkg:a\\#b", "pkg:x\\'y", "pkg:x\\)y",
         "pkg:service", ":service", "service:x", "SERVICEpkg:x", "?s", "?service", "$o", "_:b",
         "'s'", '"SERVICE"', "'''x\ny'''", '"""a"""', "'\\''", "1", "1.5e3", "²", "٣", "@en",
         "^^xsd:int", "#c\n", "# SERVICE <x> {\n", "\\u0053ERVICE", "\ud800", "\x00", "\u202e",
         "\n", "\t", "(", ")", "{", "}", "[", "]", "'", '"', "<", "\\"]


def nested(depth: int, opener: str, closer: str, middle: str) -> str:
    return opener * depth + middle + closer * depth


fragments = st.one_of(st.sampled_from(KEYWORDS), st.sampled_from(ATOMS),
                      st.text(max_size=8))
grammarish = st.lists(fragments, max_size=40).map(" ".join)
deep = st.builds(nested, st.integers(0, 6000),
                 st.sampled_from(["{ ", "(", "( ", "[ <http://p> ", "{ OPTIONAL { ", "!("]),
                 st.sampled_from([" }", ")", " )", " ]", " } }", ")"]),
                 st.sampled_from(["?s ?p ?o", "1", f"SERVICE <{URL}> {{}}", ""]))
wrapped = st.builds(lambda head, body, tail: f"{head} {body} {tail}",
                    st.sampled_from(["SELECT * WHERE {", "ASK {", "CONSTRUCT WHERE {",
                                     "SELECT * { BIND(pkg:a\\#b AS ?z)", "INSERT DATA {", ""]),
                    st.one_of(grammarish, deep), st.sampled_from(["}", "", "} LIMIT 1", "}}"]))
queries = st.one_of(st.text(max_size=200), grammarish, deep, wrapped)


@pytest.fixture(scope="module")
def mini():
    from kg import KnowledgeGraph

    return KnowledgeGraph.from_resources("tests/fixtures/mini")


def only_kgerror(call) -> None:
    """Run ``call``: a result or a KGError, within the time bound, and no connection made."""
    hits = LISTENER.hits
    start = time.perf_counter()
    try:
        call()
    except KGError as exc:
        assert "Traceback" not in str(exc)
    assert time.perf_counter() - start < PER_EXAMPLE_SECONDS
    assert LISTENER.hits == hits, "a generated query made the process connect to the listener"


@FUZZ
@given(text=queries)
def test_sparql_api_takes_any_text(mini, text):
    only_kgerror(lambda: mini.sparql(text))


@FUZZ
@given(text=queries)
def test_store_query_takes_any_text(mini, text):
    only_kgerror(lambda: mini.store.query(text))


PARAM_VALUES = st.one_of(st.text(max_size=60), st.sampled_from(ATOMS),
                         st.builds(lambda a, b: f'{a}" }} SERVICE <{URL}> {{ ?s ?p ?o }} {b}',
                                   st.text(max_size=5), st.text(max_size=5)),
                         st.builds(nested, st.integers(0, 3000), st.just("("), st.just(")"),
                                   st.just("x")))


@FUZZ
@given(name=st.sampled_from(["side-effects", "withdrawal-symptoms", "interactions",
                             "shared-side-effects", "drugs-for-condition"]),
       values=st.dictionaries(st.sampled_from(["drug", "drug1", "drug2", "condition", "x"]),
                              PARAM_VALUES, max_size=3))
def test_named_query_parameters_take_any_value(mini, name, values):
    only_kgerror(lambda: mini.query(name, **values))


CLI_EXAMPLES = max(3, min(20, EXAMPLES // 8))


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory) -> dict[str, str]:
    """The console script over the mini fixture, one build for the whole module."""
    env = dict(os.environ)
    env["PHARMAKG_HOME"] = str(tmp_path_factory.mktemp("fuzz-home"))
    env["PHARMAKG_RESOURCES"] = os.path.abspath("tests/fixtures/mini")
    return env


@settings(derandomize=True, max_examples=CLI_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(text=st.one_of(wrapped, deep).filter(lambda t: "\x00" not in t and len(t) < 60_000))
def test_cli_takes_any_text(cli_env, text):
    """The real console script: exit 0 or 2, never a signal, never a traceback."""
    from conftest import KG_BIN

    hits = LISTENER.hits
    done = subprocess.run([str(KG_BIN), "query", "--sparql", text], env=cli_env,
                          capture_output=True, timeout=120)
    assert done.returncode in (0, 2), (done.returncode, done.stderr[-400:])
    assert b"Traceback" not in done.stderr
    assert LISTENER.hits == hits
