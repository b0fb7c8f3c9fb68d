"""Validation: SHACL shapes over the built graph plus checks of the curated data itself.

SHACL says whether the graph has the right shape; the data checks say whether the curated files
are in the form reviewers expect (canonical, every term labelled and defined). Both end in one
readable report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDFS, SKOS, Graph, URIRef
from rdflib.namespace import SH

from kg import paths
from kg.build.graph import BuiltGraph
from kg.statements.curated import canonical_text, statement_files


@dataclass(frozen=True)
class Finding:
    """One problem: which check, where, and what is wrong."""

    check: str
    focus: str
    message: str


@dataclass
class Report:
    """All findings of one validation run."""

    findings: list[Finding] = field(default_factory=list)
    shacl_results: int = 0

    @property
    def conforms(self) -> bool:
        return not self.findings

    def render(self) -> str:
        if self.conforms:
            return "valid: SHACL shapes conform, data checks pass"
        lines = [f"{len(self.findings)} problem(s):"]
        for finding in self.findings:
            lines.append(f"  [{finding.check}] {finding.focus}: {finding.message}")
        return "\n".join(lines)


def run_shacl(data: Graph, shapes_path: Path | None = None) -> list[Finding]:
    """Validate ``data`` against the shapes; each SHACL result becomes a finding."""
    import pyshacl  # imported here: slow, and only validation needs it

    shapes = Graph().parse(shapes_path or paths.shapes_file(), format="turtle")
    _conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                                 advanced=True, allow_warnings=False)
    findings = []
    for result in sorted(results.subjects(SH.resultSeverity, None), key=str):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        where = f"{_short(focus)}" + (f" {_short(path)}" if path is not None else "")
        findings.append(Finding("shacl", where, str(message)))
    return sorted(findings, key=lambda f: (f.focus, f.message))


def _short(node: object) -> str:
    text = str(node)
    for prefix, iri in (("pkg:", "https://w3id.org/pharmakg/ontology/"),
                        ("pkgd:", "https://w3id.org/pharmakg/data/")):
        if text.startswith(iri):
            return prefix + text[len(iri):]
    return text


def check_terms(built: BuiltGraph) -> list[Finding]:
    """Every ontology term has one label and a definition."""
    findings = []
    graph = built.ontology.graph
    for name, term in built.ontology.terms.items():
        labels = list(graph.objects(term.iri, RDFS.label))
        if len(labels) != 1:
            findings.append(Finding("terms", f"pkg:{name}",
                                    f"needs exactly one rdfs:label, has {len(labels)}"))
        if (term.iri, SKOS.definition, None) not in graph:
            findings.append(Finding("terms", f"pkg:{name}", "has no skos:definition"))
    return findings


def check_canonical_files(built: BuiltGraph, statements_dir: Path | None = None) -> list[Finding]:
    """Each statements file is in canonical form (``kg fmt`` rewrites it so)."""
    findings = []
    for path in statement_files(statements_dir):
        mine = [s for s in built.statements if s.document == path.stem]
        if path.read_text(encoding="utf-8") != canonical_text(path.stem, mine):
            findings.append(Finding("canonical", path.name,
                                    "not in canonical form (run `kg fmt` to rewrite it)"))
    return findings


def check_coverage(built: BuiltGraph) -> list[Finding]:
    """Every document contributes statements, every document's drug is a known drug."""
    findings = []
    stated = {s.document for s in built.statements}
    for doc_id, doc in built.documents.items():
        if doc_id not in stated:
            findings.append(Finding("coverage", doc_id, "document has no statements"))
        for drug in doc.about:
            if built.ontology.term(drug) is None:
                findings.append(Finding("coverage", doc_id, f"'about' names unknown drug {drug!r}"))
    return findings


def validate(built: BuiltGraph, statements_dir: Path | None = None,
             shapes_path: Path | None = None) -> Report:
    """Run the SHACL shapes and every data check over a built graph."""
    shacl = run_shacl(built.union(), shapes_path)
    report = Report(shacl_results=len(shacl))
    report.findings.extend(shacl)
    report.findings.extend(check_terms(built))
    report.findings.extend(check_canonical_files(built, statements_dir))
    report.findings.extend(check_coverage(built))
    return report


__all__ = ["Finding", "Report", "validate", "run_shacl", "URIRef"]
