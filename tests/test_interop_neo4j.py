"""The Neo4j export against the header rules of ``neo4j-admin database import`` (Neo4j itself
cannot be installed here): field names and types, one ``:ID`` column, ``:LABEL``,
``:START_ID``/``:END_ID``/``:TYPE``, typed values that parse, arrays split by the delimiter
the documented command passes, and multi-line fields only with ``--multiline-fields=true``."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from kg.exports.rdf import export
from kg.exports.neo4j import ARRAY_DELIMITER, IMPORT_COMMAND

DOCS = Path(__file__).resolve().parents[1] / "docs" / "exports.md"
TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string",
         "point", "date", "localtime", "time", "localdatetime", "datetime", "duration"}
FIELD = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)?(?::(?P<kind>[A-Za-z_]+)(?P<array>\[\])?)?$")
PARSE = {"long": int, "int": int, "double": float, "float": float,
         "boolean": lambda v: {"true": True, "false": False}[v]}


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _check_header(header: list[str], special: set[str]) -> None:
    for field in header:
        match = FIELD.match(field)
        assert match, f"malformed header field {field!r}"
        kind = match["kind"]
        if kind and kind.upper() in special:
            assert not match["array"], field
        else:
            assert match["name"], f"property column without a name: {field!r}"
            assert kind is None or kind in TYPES, f"unknown type in {field!r}"


def _check_values(header: list[str], rows: list[list[str]]) -> None:
    for row in rows:
        assert len(row) == len(header)
        for field, value in zip(header, row):
            match = FIELD.match(field)
            kind = (match["kind"] or "string")
            if value == "" or kind not in PARSE:
                continue
            items = value.split(ARRAY_DELIMITER) if match["array"] else [value]
            for item in items:
                PARSE[kind](item)          # raises on a value the import would refuse


@pytest.fixture(scope="module")
def neo4j_dir(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("neo4j") / "neo4j"
    export(built, "neo4j", out)
    return out


def test_node_file_follows_import_rules(neo4j_dir):
    nodes = _read(neo4j_dir / "nodes.csv")
    header = nodes[0]
    _check_header(header, {"ID", "LABEL"})
    assert sum(1 for f in header if f.endswith(":ID")) == 1 and ":LABEL" in header
    _check_values(header, nodes[1:])
    ids = [row[0] for row in nodes[1:]]
    assert len(ids) == len(set(ids))
    label = header.index(":LABEL")
    assert all(row[label] and all(re.match(r"^\w+$", x) for x in row[label].split(
        ARRAY_DELIMITER)) for row in nodes[1:])
    typed = {f.split(":")[0]: f.split(":")[1] for f in header if ":" in f and f[0] != ":"}
    assert typed["maxDose"] == "double" and typed["oa_start"] == "long"
    assert typed["skos_altLabel"] == "string[]"


def test_relationship_file_follows_import_rules(neo4j_dir):
    ids = {row[0] for row in _read(neo4j_dir / "nodes.csv")[1:]}
    rels = _read(neo4j_dir / "relationships.csv")
    _check_header(rels[0], {"START_ID", "END_ID", "TYPE"})
    assert rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    _check_values(rels[0], rels[1:])
    assert all(r[0] in ids and r[1] in ids and re.match(r"^\w+$", r[2]) for r in rels[1:])


def test_documented_command_matches_the_files(neo4j_dir):
    """Fields with line breaks need --multiline-fields=true; arrays need the delimiter; the
    docs show exactly the command the module declares."""
    text = (neo4j_dir / "nodes.csv").read_text(encoding="utf-8")
    multiline = any("\n" in field for row in _read(neo4j_dir / "nodes.csv") for field in row)
    assert multiline and "--multiline-fields=true" in IMPORT_COMMAND
    assert f"--array-delimiter='{ARRAY_DELIMITER}'" in IMPORT_COMMAND
    assert IMPORT_COMMAND in DOCS.read_text(encoding="utf-8")
    assert text.startswith("iri:ID,")
