"""Readable SPARQL syntax errors (issue 15, item 6): the whole message, the word that is wrong,
a did-you-mean for a misspelt keyword, the unknown prefix named, and the line with a caret — the
same explanation in the Python API, the CLI and the server."""

from __future__ import annotations

import os
import subprocess

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KGError
from kg.query.sparqlerrors import explain
from kg.store.sparqltext import check_syntax

EXAMPLES = int(os.environ.get("PHARMAKG_FUZZ_EXAMPLES", "150"))

#: (query, line, column, the message after "malformed SPARQL: ")
CASES = [
    ("SELEC ?s WHERE { ?s ?p ?o }", 1, 10,
     "'SELEC' is not a SPARQL keyword: did you mean SELECT? (expected CONSTRUCT)"),
    ("SELECT ?s WHERE {\n  ?s a pkg:Drug \n  FILTR(?s) }", 3, 11,
     "'FILTR' is not a SPARQL keyword: did you mean FILTER? (expected OPTIONAL)"),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMT 5", 1, 36,
     "'LIMT' is not a SPARQL keyword: did you mean LIMIT? "
     "(expected one of HAVING, OFFSET, OPTIONAL, VALUES)"),
    ("SELECT ?s WHERE { ?s ?p ?o ", 1, 28,
     'the query ends too early (expected one of ",", ".", ";", "{", "{|", "}", "~")'),
    ("SELECT (COUNT(?s) AS ?n WHERE { ?s ?p ?o }", 1, 25,
     "unexpected 'WHERE { ?s ?p ?o }' (expected \")\")"),
]


def pyoxigraph_error(text: str) -> str:
    try:
        pyoxigraph.Store().query(text, prefixes={"pkg": "https://w3id.org/pharmakg/ontology/"})
    except SyntaxError as exc:
        return str(exc)
    raise AssertionError(f"{text!r} parsed")


@pytest.mark.parametrize("text,line,column,message", CASES)
def test_explanations(text, line, column, message):
    with pytest.raises(KGError) as caught:
        check_syntax(text)
    error = caught.value
    assert (error.line, error.column) == (line, column)
    first, source, caret = error.message.split("\n")
    assert first == f"malformed SPARQL: {message}"
    # the caret sits under the column of the line shown
    assert source == "  " + text.split("\n")[line - 1]
    assert caret.index("^") - 2 == column - 1


def test_unknown_prefix_is_named_with_the_predeclared_ones():
    with pytest.raises(KGError) as caught:
        check_syntax("SELECT ?s WHERE { ?s foo:bar ?o }")
    message = caught.value.message.split("\n")[0]
    assert message.startswith("malformed SPARQL: unknown prefix 'foo:' (declare it with PREFIX "
                              "foo: <...>; predeclared: ")
    assert " pkg," in message and " rdfs," in message


def test_pyoxigraph_character_classes_never_reach_people():
    # "Prefix not found, ['%'], ['-' | '0' ..= '9' | '\u{00B7}' ...": none of that is shown
    error = pyoxigraph_error("SELECT ?s WHERE { ?s foo:bar ?o }")
    assert "..=" in error
    assert "..=" not in explain(error, "SELECT ?s WHERE { ?s foo:bar ?o }").message


def test_cli_prints_the_explanation_and_the_caret(kg_env):
    from conftest import KG_BIN

    done = subprocess.run([str(KG_BIN), "query", "--sparql", "SELEC ?s WHERE { ?s ?p ?o }"],
                          capture_output=True, text=True, env=kg_env, timeout=120)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "error: <--sparql>:1:10: malformed SPARQL: 'SELEC' is not a SPARQL keyword: did you "
        "mean SELECT? (expected CONSTRUCT)",
        "  SELEC ?s WHERE { ?s ?p ?o }",
        "           ^"]


def test_server_answers_400_with_the_same_explanation(built):
    from starlette.testclient import TestClient

    from kg.exports.rdf import to_nquads
    from kg.server.app import PHARMAKG_DEFAULT_GRAPHS, create_app

    store = pyoxigraph.Store()
    store.bulk_load(to_nquads(built), format=pyoxigraph.RdfFormat.N_QUADS)
    app = create_app(store, default_graphs=PHARMAKG_DEFAULT_GRAPHS, workers=1)
    with TestClient(app) as client:
        answer = client.get("/sparql", params={"query": "SELECT ?s WHERE {\n  ?s ?p ?o . FILTR(?s) }"})
    assert answer.status_code == 400
    assert answer.text.splitlines()[0] == (
        "malformed SPARQL at line 2, column 22: 'FILTR' is not a SPARQL keyword: did you mean "
        "FILTER? (expected OPTIONAL)")
    assert answer.text.splitlines()[1] == "    ?s ?p ?o . FILTR(?s) }"


SPARQLISH = st.lists(st.sampled_from(
    ["SELECT", "SELEC", "*", "?s", "?p", "?o", "WHERE", "{", "}", "(", ")", ".", ";", "FILTR",
     "FILTER", "pkg:Drug", "foo:bar", "'a'", '"b"', "<http://x/>", "#c\n", "\n", "OPTINAL",
     "LIMIT", "LIMT", "1", "AS", "COUNT", "é", "\t", "\\", ":", "@en", "GROUP BY"]),
    max_size=25).map(" ".join)


@settings(derandomize=True, max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(SPARQLISH, st.text(max_size=80)))
def test_any_parser_error_gets_an_explanation(text):
    """Whatever pyoxigraph refuses, the explanation keeps its position, says something, never
    shows a character class, and its excerpt never fails."""
    try:
        pyoxigraph.Store().query(text)
    except SyntaxError as exc:
        problem = explain(str(exc), text, ["pkg"])
        assert problem.message and "..=" not in problem.message
        if str(exc).startswith("error at "):
            position = str(exc)[len("error at "):].split(":")[:2]
            assert (problem.line, problem.column) == tuple(int(n) for n in position)
        problem.excerpt(text)
    except (ValueError, OSError):
        pass  # not a syntax error (e.g. a query that needs a SERVICE): not explained here
