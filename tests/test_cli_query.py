"""``kg query`` and ``kg queries`` through the real console script, on the seed graph.

JSON output is parsed as SPARQL 1.1 Query Results JSON and checked against answers read from
the documents; user errors must exit 2 with a one-line message and no traceback.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import KG_BIN, REPO
from kg.store import Term

PKG = "https://w3id.org/pharmakg/ontology/"
XSD = "http://www.w3.org/2001/XMLSchema#"
QUERY_NAMES = sorted(p.stem for p in (REPO / "queries").glob("*.rq"))


def run(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(KG_BIN), *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    """The real resources, built once into a private PHARMAKG_HOME."""
    environ = dict(os.environ)
    environ["PHARMAKG_HOME"] = str(tmp_path_factory.mktemp("cli-query-home"))
    environ.pop("PHARMAKG_RESOURCES", None)
    built = run("build", env=environ)
    assert built.returncode == 0, built.stderr
    return environ


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def user_error(result: subprocess.CompletedProcess) -> str:
    """The one-line message of a user error (exit 2, nothing on stdout, no traceback)."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    return result.stderr


def sparql_json(result: subprocess.CompletedProcess) -> tuple[list[str], list[dict]]:
    data = json.loads(ok(result).stdout)
    assert set(data) == {"head", "results"}
    bindings = data["results"]["bindings"]
    for binding in bindings:
        for var, term in binding.items():
            assert var in data["head"]["vars"]
            assert term["type"] in ("uri", "literal", "bnode")
    return data["head"]["vars"], bindings


def value(binding: dict, var: str):
    return binding[var]["value"] if var in binding else None


# -- a fresh home --------------------------------------------------------------------------------

def test_first_query_builds_the_graph_and_keeps_stdout_clean(kg_env):
    result = run("query", "sources", "--format", "json", env=kg_env)
    assert "building the knowledge graph" in result.stderr
    _, bindings = sparql_json(result)
    # the five documents of data/corpus
    assert sorted(value(b, "identifier")[:3] for b in bindings) == ["000", "001", "002", "003", "004"]
    assert (Path(kg_env["PHARMAKG_HOME"]) / "build" / "manifest.json").is_file()
    again = ok(run("query", "sources", "--format", "json", env=kg_env))
    assert again.stderr == ""  # current build: nothing rebuilt, nothing said


# -- JSON ----------------------------------------------------------------------------------------

def test_json_is_sparql_results_json(env):
    result = run("query", "shared-side-effects", "--param", "drug1=Elavil", "-p", "drug2=Lyrica",
                 "--format", "json", env=env)
    variables, bindings = sparql_json(result)
    assert variables == ["effect", "effectLabel"]
    # 004: amitriptyline "Dry mouth, constipation, blurred vision, drowsiness, dizziness, weight
    # gain"; pregabalin "Dizziness, drowsiness, weight gain, fatigue, blurred vision"
    assert [value(b, "effectLabel") for b in bindings] == [
        "blurred vision", "dizziness", "drowsiness", "weight gain"]
    assert bindings[1] == {"effect": {"type": "uri", "value": PKG + "Dizziness"},
                           "effectLabel": {"type": "literal", "value": "dizziness", "xml:lang": "en"}}
    assert result.stderr == ""  # brand names are exact matches: no note


def test_json_typed_literals_and_unbound_variables(env):
    variables, bindings = sparql_json(run("query", "withdrawal-symptoms", "-p", "drug=klonopin",
                                          "-f", "json", env=env))
    assert variables == ["effect", "effectLabel", "severities", "documents"]
    by_effect = {value(b, "effectLabel"): b for b in bindings}
    # 002 "One of the more serious side effects that may occur during a withdrawal from Klonopin
    # are seizures."; without a severity in 002 ("can produce seizures") and 003 ("anxiety and
    # seizures"): one row, two documents
    assert by_effect["seizure"]["severities"] == {"type": "literal", "value": "serious"}
    assert by_effect["seizure"]["documents"] == {"type": "literal", "value": "2",
                                                 "datatype": XSD + "integer"}
    # 003 "This effect is identified as fatigue in some patients." (no severity): unbound, left
    # out, as the format says
    assert "severities" not in by_effect["fatigue"]


def test_evidence_json_gives_quotes_and_offsets_into_the_document(env):
    variables, bindings = sparql_json(run(
        "query", "evidence", "-p", "drug=Klonopin", "-p", "relation=has elimination half-life",
        "-f", "json", env=env))
    [binding] = bindings
    quote = value(binding, "quote")
    assert quote == "For Klonopin, the half-life period is 35 hours."  # 003
    text = (REPO / "data" / "corpus" / "003_bd4c192c6f266751.txt").read_text(encoding="utf-8")
    assert text[int(value(binding, "start")):int(value(binding, "end"))] == quote
    assert value(binding, "objectLabel") == "35 h"
    assert binding["negated"] == {"type": "literal", "value": "false", "datatype": XSD + "boolean"}


def test_rdflib_backend_answers_the_evidence_query_alike(env):
    args = ("query", "evidence", "-p", "drug=pregabalin", "-f", "json")
    _, embedded = sparql_json(run(*args, env=env))
    # about a second; before the selectors were matched by property, rdflib took over a minute
    _, in_memory = sparql_json(run(*args, "--backend", "rdflib", env=env, timeout=30))

    def key(binding):  # literals compared by value: "10"^^xsd:decimal = "10.0"^^xsd:decimal
        return sorted((var, repr(Term.from_json(term).to_python())) for var, term in binding.items())
    assert len(embedded) == 25  # the 25 pregabalin statements of 004
    assert sorted(map(key, embedded)) == sorted(map(key, in_memory))


def test_ask_and_construct(env):
    asked = ok(run("query", "--sparql", "ASK { pkg:clonazepam pkg:hasDrugClass pkg:Benzodiazepine }",
                   "-f", "json", env=env))
    assert json.loads(asked.stdout) == {"head": {}, "boolean": True}  # 003 "benzodiazepine family"
    table = ok(run("query", "--sparql", "ASK { pkg:pregabalin pkg:hasDrugClass pkg:Benzodiazepine }",
                   env=env))
    assert table.stdout == "no\n"
    built = ok(run("query", "--sparql", "CONSTRUCT { pkg:clonazepam pkg:brandName ?b } "
                   "WHERE { pkg:clonazepam pkg:brandName ?b }", "-f", "json", env=env))
    assert built.stdout == f'<{PKG}clonazepam> <{PKG}brandName> "Klonopin" .\n'  # 002


# -- table, csv, tsv -----------------------------------------------------------------------------

def test_table_shows_labels_not_iris(env):
    result = ok(run("query", "dosing", "-p", "drug=Lyrica", env=env))
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["measure", "min", "max", "value", "unit", "frequency",
                                "population", "route"]
    assert set(lines[1]) == {"-", " "}
    # 004: "Adult dosages typically range from 75-600mg daily, divided into two or three doses."
    assert lines[2].split() == ["dose", "range", "75", "600", "mg", "daily,", "divided", "into",
                                "two", "or", "three", "doses", "adults", "oral"]
    assert lines[-1] == "(1 row)"
    assert "http" not in result.stdout and "pkg:" not in result.stdout


def test_csv_and_tsv(env):
    args = ("query", "drugs-in-class", "-p", "class=anticonvulsant")
    table = list(csv.reader(io.StringIO(ok(run(*args, "-f", "csv", env=env)).stdout)))
    assert table[0] == ["drug", "drugLabel", "class", "classLabel"]
    # 002 "due to its anticonvulsant properties"; 004 "Pregabalin is an anticonvulsant ..."
    assert table[1:] == [[PKG + "clonazepam", "clonazepam", PKG + "Anticonvulsant", "anticonvulsant"],
                         [PKG + "pregabalin", "pregabalin", PKG + "Anticonvulsant", "anticonvulsant"]]
    tsv = ok(run(*args, "-f", "tsv", env=env)).stdout.splitlines()
    assert tsv[0] == "?drug\t?drugLabel\t?class\t?classLabel"
    assert tsv[1] == f'<{PKG}clonazepam>\t"clonazepam"@en\t<{PKG}Anticonvulsant>\t"anticonvulsant"@en'


# -- name resolution on the command line ---------------------------------------------------------

def test_fuzzy_name_is_reported_on_stderr(env):
    exact = ok(run("query", "side-effects", "-p", "drug=amitriptyline", "-f", "json", env=env))
    fuzzy = ok(run("query", "side-effects", "-p", "drug=amitriptylin", "-f", "json", env=env))
    assert fuzzy.stderr == "note: drug='amitriptylin': using amitriptyline (pkg:amitriptyline)\n"
    assert json.loads(fuzzy.stdout) == json.loads(exact.stdout)


def test_ambiguous_name_exits_2_with_candidates(env):
    message = user_error(run("query", "drugs-by-mechanism", "-p", "mechanism=GABA", env=env))
    assert "--param mechanism: no mechanism of action or molecular target is called 'GABA'; " \
           "did you mean" in message
    assert "pkg:GABAAReceptor)" in message and "pkg:GABAAReceptorPositiveModulation)" in message
    message = user_error(run("query", "evidence", "-p", "drug=Elavil", "-p", "object=severity", env=env))
    assert "'severity' is ambiguous" in message and "give the CURIE to choose" in message


def test_unknown_name_exits_2_with_the_known_drugs(env):
    message = user_error(run("query", "side-effects", "-p", "drug=zzzz", env=env))
    assert "no drug or drug combination is called 'zzzz'; known ones: " in message
    assert "'clonazepam' (pkg:clonazepam)" in message
    assert message.count("\n") == 1


@pytest.mark.parametrize("text", [
    'Klonopin" } UNION { ?effect ?p ?o } #',
    "https://w3id.org/pharmakg/ontology/clonazepam> } UNION { ?effect ?p ?o } #",
])
def test_injection_attempts_exit_2(env, text):
    message = user_error(run("query", "side-effects", "--param", f"drug={text}", env=env))
    assert message.startswith("error: --param drug: ")


def test_braces_and_quotes_around_a_name_change_nothing(env):
    plain = ok(run("query", "side-effects", "-p", "drug=Klonopin", "-f", "json", env=env))
    braced = ok(run("query", "side-effects", "-p", 'drug={"Klonopin"}', "-f", "json", env=env))
    assert braced.stdout == plain.stdout
    # 002: "Physical dependency to Klonopin can result in possible permanent cognitive impairment"
    assert [value(b, "effectLabel") for b in json.loads(plain.stdout)["results"]["bindings"]] \
        == ["cognitive impairment"]


# -- ad-hoc SPARQL and query files ---------------------------------------------------------------

def test_malformed_sparql_exits_2_with_line_and_column(env):
    message = user_error(run("query", "--sparql", "SELECT ?d WHERE {\n  ?d a pkg:Drug\n  FILTR(?d) }",
                             env=env))
    assert message.startswith("error: <--sparql>:3:")
    line, column = message.split(":")[2:4]
    assert line == "3" and column.isdigit()
    assert "malformed SPARQL" in message


def test_query_file_with_a_syntax_error_names_file_line_and_column(env, tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("#+ summary: broken\nSELECT ?d WHERE {\n  ?d a pkg:Drug .\n  BIND(1 AS ?d ?e) }\n")
    message = user_error(run("query", "--file", str(path), env=env))
    assert message.startswith(f"error: {path}:4:16: malformed SPARQL: unexpected '?e) }}' "
                              "(expected \")\")")
    # the line itself, with a caret under column 16
    assert message.splitlines()[1:3] == ["    BIND(1 AS ?d ?e) }", " " * 17 + "^"]
    with_param = tmp_path / "broken-param.rq"
    with_param.write_text("SELECT ?e WHERE {\n  ?_drug_iri pkg:hasSideEffect ?e\n  FILTR(?e) }\n")
    message = user_error(run("query", "--file", str(with_param), "-p", "drug=Klonopin", env=env))
    assert message.startswith(f"error: {with_param}:3:")


def test_query_file_with_grlc_parameters(env, tmp_path):
    path = tmp_path / "classes.rq"
    path.write_text("#+ summary: Drug classes of a drug\n"
                    "PREFIX pkg: <https://w3id.org/pharmakg/ontology/>\n"
                    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                    "SELECT ?class ?classLabel WHERE {\n"
                    "  ?_drug_iri pkg:hasDrugClass ?class . ?class rdfs:label ?classLabel .\n"
                    "} ORDER BY ?classLabel\n")
    _, bindings = sparql_json(run("query", "--file", str(path), "-p", "drug=Klonopin", "-f", "json",
                                  env=env))
    # 002 "anticonvulsant properties"; 003 "benzodiazepine family that acts as an excellent
    # muscle relaxant"
    assert [value(b, "classLabel") for b in bindings] == ["anticonvulsant", "benzodiazepine",
                                                          "muscle relaxant"]
    message = user_error(run("query", "--file", str(path), env=env))
    assert "needs --param drug=..." in message
    message = user_error(run("query", "--file", str(tmp_path / "missing.rq"), env=env))
    assert "cannot read query file" in message


def test_plain_string_parameter_in_a_file_is_a_literal(env, tmp_path):
    path = tmp_path / "by-label.rq"
    path.write_text("SELECT ?drug WHERE { ?drug a pkg:Drug ; rdfs:label ?l . FILTER(STR(?l) = ?_name) }\n")
    _, found = sparql_json(run("query", "--file", str(path), "-p", "name=pregabalin", "-f", "json",
                               env=env))
    assert [value(b, "drug") for b in found] == [PKG + "pregabalin"]
    _, none = sparql_json(run("query", "--file", str(path), "-p", 'name=x") || true || ("',
                              "-f", "json", env=env))
    assert none == []


# -- usage errors --------------------------------------------------------------------------------

def test_unknown_query_name_lists_the_names(env):
    message = user_error(run("query", "side-effect", "-p", "drug=Elavil", env=env))
    assert message.startswith("error: unknown query 'side-effect'; named queries are: ")
    assert message.rstrip().split("named queries are: ")[1].split(", ") == QUERY_NAMES


@pytest.mark.parametrize("args, expected", [
    (("query", "side-effects"), "query 'side-effects' needs --param drug=...; parameters: drug: drug"),
    (("query", "side-effects", "-p", "drg=Elavil"), "query 'side-effects' has no parameter 'drg'"),
    (("query", "side-effects", "-p", "drug"), "--param takes key=value, not 'drug'"),
    (("query", "side-effects", "-p", "drug=Elavil", "-p", "drug=Lyrica"), "--param drug given twice"),
    (("query", "sources", "-f", "xml"), "unknown format 'xml'; choose from table, json, csv, tsv"),
    (("query",), "give exactly one of: a query NAME, --file FILE or --sparql TEXT"),
    (("query", "sources", "--sparql", "ASK {}"), "give exactly one of"),
    (("query", "--sparql", "ASK {}", "-p", "drug=Elavil"), "--param needs a named query or --file"),
    (("query", "sources", "--backend", "jena"), "unknown backend 'jena'"),
])
def test_usage_errors_exit_2_with_a_message(env, args, expected):
    assert expected in user_error(run(*args, env=env))


# -- kg queries ----------------------------------------------------------------------------------

def test_queries_lists_every_named_query_with_summary_and_parameters(env):
    listing = ok(run("queries", env=env)).stdout
    for name in QUERY_NAMES:
        assert any(line.startswith(name + " ") for line in listing.splitlines()), name
    assert "params: drug1=<drug> drug2=<drug>" in listing
    assert "params: drug=<drug> [relation=<relation>] [object=<term>]" in listing
    data = json.loads(ok(run("queries", "--format", "json", env=env)).stdout)
    assert [q["name"] for q in data] == QUERY_NAMES
    by_name = {q["name"]: q for q in data}
    assert by_name["side-effects"]["summary"] == "Side effects of a drug with severity and the number of sources"
    assert by_name["drugs-for-condition"]["params"] == [
        {"name": "condition", "kind": "condition", "required": True}]
    assert all(q["summary"] and q["tags"] for q in data)


def test_queries_refuses_an_unknown_format(env):
    assert "unknown format 'csv'; choose from table, json" in user_error(run("queries", "-f", "csv", env=env))
