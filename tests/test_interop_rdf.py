"""Every RDF export, checked by Apache Jena (``riot --validate --strict``) and Redland
(``rapper``): any error or warning fails."""

from __future__ import annotations

import pytest

from kg.exports.rdf import FORMATS, export
from tests.interop import require, riot, run

RDF_FORMATS = [f for f, spec in FORMATS.items() if spec.rdf]
#: rapper's parser names; it has no JSON-LD parser (riot checks JSON-LD)
RAPPER = {"turtle": "turtle", "ntriples": "ntriples", "nquads": "nquads", "trig": "trig",
          "rdfxml": "rdfxml"}


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rdf")
    paths = {}
    for fmt in RDF_FORMATS:
        paths[fmt] = folder / f"pharmakg{FORMATS[fmt].suffix}"
        export(built, fmt, paths[fmt])
    return paths


#: Debian 12 ships Jena's JSON-LD 1.1 parser (Titanium) without a Jakarta JSON implementation,
#: so JSON-LD goes through Jena's JSON-LD 1.0 parser (jsonld-java); the export's context is
#: plain prefixes, valid in both versions.
SYNTAX = {"jsonld": ["--syntax=jsonld10"]}


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_jena_riot_strict(exported, fmt):
    done = run([*riot(), "--validate", "--strict", *SYNTAX.get(fmt, []), str(exported[fmt])])
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr[-3000:]


@pytest.mark.parametrize("fmt", list(RAPPER))
def test_redland_rapper(exported, fmt):
    rapper = require("rapper", "apt-get install raptor2-utils")
    done = run([rapper, "-i", RAPPER[fmt], "-c", str(exported[fmt])])
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Error" not in done.stderr and "Warning" not in done.stderr, done.stderr[-3000:]
    assert "returned" in done.stderr   # rapper -c reports "Parsing returned N triples"


def test_riot_reports_a_broken_file(tmp_path):
    """The launcher really validates: a bad IRI fails."""
    bad = tmp_path / "bad.nt"
    bad.write_text('<http://example.org/a b> <http://example.org/p> "x" .\n')
    done = run([*riot(), "--validate", "--strict", str(bad)])
    assert done.returncode != 0 and "IRI" in done.stderr
