"""W3C SPARQL 1.1 Protocol (and Service Description) tests against a running ``kg serve``.

    .venv/bin/python tests/conformance/protocol_runner.py [--markdown]

Reads ``protocol-manifest.ttl`` and ``service-description-manifest.ttl`` from
``tests/conformance/w3c-sparql11-protocol/`` (vendored from w3c/rdf-tests) (``$SPARQL_PROTOCOL_TESTS`` overrides), loads
the manifest's data files into named graphs of a temporary dataset, starts ``kg serve --data``
on a free loopback port twice, read-only and with ``--allow-update --token``, and runs:

- read-only: every query test, every ``bad_*`` test (a refused update is a 4xx too) and the
  service description tests; the ``update_*`` tests are not applicable (the service refuses
  updates by design);
- updates enabled: every test of the manifest, the update requests carrying the bearer token.

Each ``ht:Request`` is sent as written (method, path, headers, body in its declared character
encoding) with ``http.client``, which adds no headers of its own beyond Host and
Content-Length; the response is checked against ``mf:expectedStatus`` (2xx/3xx/4xx),
``mf:expectedFormat`` (boolean / tabular / RDF, by media type and by parsing the body) and
``mf:expectedBoolean``. Before every test with ``ut:graphData`` the update server's dataset is
reset to the test data (update tests clear it).
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
HT = "http://www.w3.org/2011/http#"
HTS = "http://www.w3.org/2011/http-statusCodes#"
CNT = "http://www.w3.org/2011/content#"
UT = "http://www.w3.org/2009/sparql/tests/test-update#"
SD = "http://www.w3.org/ns/sparql-service-description#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TOKEN = "conformance-token"

RESULT_TYPES = {"boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
                "tabular": ("application/sparql-results+json", "application/sparql-results+xml",
                            "text/csv", "text/tab-separated-values"),
                "RDF": ("text/turtle", "application/n-triples", "application/rdf+xml",
                        "application/ld+json")}


def suite_dir() -> Path:
    configured = os.environ.get("SPARQL_PROTOCOL_TESTS")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent / "w3c-sparql11-protocol"  # vendored, see SOURCE.txt


@dataclass
class Request:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    statuses: set[str]
    expected_format: str | None = None
    expected_boolean: bool | None = None


@dataclass
class Case:
    id: str
    name: str
    requests: list[Request]
    graph_data: list[tuple[str, str]] = field(default_factory=list)  # (file, graph IRI)
    kind: str = "protocol"  # protocol | service-description

    @property
    def is_update(self) -> bool:
        return self.id.startswith("update_")

    def applies(self, updates: bool) -> bool:
        return updates or not self.is_update


def load_cases(folder: Path | None = None) -> list[Case]:
    import rdflib
    from rdflib.collection import Collection

    folder = folder or suite_dir()
    g = rdflib.Graph()
    g.parse(folder / "protocol-manifest.ttl", format="turtle",
            publicID="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest")
    U = rdflib.URIRef
    manifest = next(g.subjects(U(MF + "entries"), None))
    entries = Collection(g, g.value(manifest, U(MF + "entries")))
    cases = []
    for entry in entries:
        ident = str(entry).rsplit("#", 1)[-1]
        action = g.value(entry, U(MF + "action"))
        requests = []
        for req in Collection(g, g.value(action, U(HT + "requests"))):
            headers = []
            hnode = g.value(req, U(HT + "headers"))
            if hnode is not None:
                for h in Collection(g, hnode):
                    headers.append((str(g.value(h, U(HT + "fieldName"))),
                                    str(g.value(h, U(HT + "fieldValue")))))
            body = None
            bnode = g.value(req, U(HT + "body"))
            if bnode is not None:
                encoding = str(g.value(bnode, U(CNT + "characterEncoding")) or "UTF-8")
                body = str(g.value(bnode, U(CNT + "chars"))).encode(encoding.lower())
            resp = g.value(req, U(HT + "resp"))
            statuses = {str(s).rsplit("#", 1)[-1] for s in g.objects(resp, U(MF + "expectedStatus"))}
            fmt = g.value(resp, U(MF + "expectedFormat"))
            boolean = g.value(resp, U(MF + "expectedBoolean"))
            requests.append(Request(str(g.value(req, U(HT + "methodName"))),
                                    str(g.value(req, U(HT + "absolutePath"))), headers, body,
                                    statuses, str(fmt) if fmt is not None else None,
                                    boolean.toPython() if boolean is not None else None))
        data = []
        for gd in g.objects(entry, U(UT + "graphData")):
            data.append((str(g.value(gd, U(UT + "graph"))).rsplit("/", 1)[-1],
                         str(g.value(gd, U(RDFS + "label")))))
        cases.append(Case(ident, str(g.value(entry, U(MF + "name"))), requests, sorted(data)))
    sd = rdflib.Graph()
    sd.parse(folder / "service-description-manifest.ttl", format="turtle",
             publicID="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/service-description/manifest")
    sd_manifest = next(sd.subjects(U(MF + "entries"), None))
    for entry in Collection(sd, sd.value(sd_manifest, U(MF + "entries"))):
        cases.append(Case(str(entry).rsplit("#", 1)[-1], str(sd.value(entry, U(MF + "name"))),
                          [], kind="service-description"))
    return cases


def all_graph_data(cases: list[Case]) -> list[tuple[str, str]]:
    return sorted({d for c in cases for d in c.graph_data})


def dataset_nquads(folder: Path, graph_data: list[tuple[str, str]]) -> str:
    """The data files as N-Quads, each in its named graph (``data1.nt`` is ``protocol-data1.nt``)."""
    lines = []
    for name, graph in graph_data:
        path = folder / name
        if not path.exists():
            path = folder / f"protocol-{name}"
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                lines.append(line.rstrip(".").rstrip() + f" <{graph}> .")
    return "\n".join(lines) + "\n"


# -- running --------------------------------------------------------------------------------

def send(base: str, method: str, path: str, headers: list[tuple[str, str]], body: bytes | None,
         token: str | None = None) -> tuple[int, str, bytes]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers:
            conn.putheader(name, value)
        if token:
            conn.putheader("Authorization", f"Bearer {token}")
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        conn.close()


def status_class(status: int) -> str:
    return f"StatusCode{status // 100}xx"


def parse_boolean(content_type: str, body: bytes) -> bool | None:
    media = content_type.split(";")[0].strip()
    if media in ("application/sparql-results+json", "application/json"):
        value = json.loads(body).get("boolean")
        return value if isinstance(value, bool) else None
    if media in ("application/sparql-results+xml", "application/xml", "text/xml"):
        import xml.etree.ElementTree as ET

        node = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
        return None if node is None else node.text.strip() == "true"
    return None


def check_request(req: Request, status: int, content_type: str, body: bytes) -> str | None:
    """``None`` when the response is as expected, else what differs."""
    if status_class(status) not in req.statuses:
        return f"status {status}, expected {'/'.join(sorted(req.statuses))}: {body[:200]!r}"
    media = content_type.split(";")[0].strip()
    if req.expected_format:
        if media not in RESULT_TYPES[req.expected_format]:
            return f"media type {media!r} is not {req.expected_format}"
        if req.expected_format == "RDF":
            import pyoxigraph as ox

            try:
                list(ox.parse(body, format=ox.RdfFormat.from_media_type(media)))
            except SyntaxError as exc:
                return f"unparseable RDF: {exc}"
        elif req.expected_format == "tabular" and media.endswith("json"):
            data = json.loads(body)
            if "results" not in data:
                return "JSON results without 'results'"
        elif req.expected_format == "boolean" and parse_boolean(content_type, body) is None:
            return "no boolean in the results"
    if req.expected_boolean is not None:
        got = parse_boolean(content_type, body)
        if got != req.expected_boolean:
            return f"boolean {got}, expected {req.expected_boolean}"
    return None


def reset_data(base: str, nquads: str) -> None:
    """Replace the update server's dataset by the test data (DROP ALL + INSERT DATA)."""
    quads = []
    for line in nquads.splitlines():
        s, p, rest = line.split(" ", 2)
        o, g = rest.rsplit(" ", 2)[0], rest.rsplit(" ", 2)[1]
        quads.append(f"GRAPH {g} {{ {s} {p} {o} }}")
    update = "DROP ALL ; INSERT DATA { " + " ".join(quads) + " }"
    status, _, body = send(base, "POST", "/sparql",
                           [("Content-Type", "application/sparql-update")], update.encode(), TOKEN)
    if status // 100 != 2:
        raise RuntimeError(f"could not reset the data: {status} {body[:200]!r}")


def run_service_description(case: Case, base: str) -> str | None:
    import pyoxigraph as ox

    status, content_type, body = send(base, "GET", "/sparql", [("Accept", "text/turtle")], None)
    if status != 200:
        return f"status {status}"
    media = content_type.split(";")[0].strip()
    try:
        fmt = ox.RdfFormat.from_media_type(media)
        triples = list(ox.parse(body, format=fmt, base_iri=base + "/sparql"))
    except (SyntaxError, ValueError, TypeError) as exc:
        return f"not RDF ({media}): {exc}"
    if case.id == "returns-rdf":
        return None if triples else "empty description"
    store = ox.Store()
    store.extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples])
    P = f"PREFIX sd: <{SD}> "
    if case.id == "has-endpoint-triple":
        ok = store.query(P + f"ASK {{ ?s a sd:Service ; sd:endpoint <{base}/sparql> }}")
        return None if bool(ok) else f"no sd:endpoint <{base}/sparql>"
    # conforms-to-schema: one service, known languages, result formats, a well-typed dataset
    services = list(store.query(P + "SELECT ?s { ?s a sd:Service }"))
    if len(services) != 1:
        return f"{len(services)} sd:Service nodes"
    languages = {r["l"].value for r in store.query(P + "SELECT ?l { ?s sd:supportedLanguage ?l }")}
    allowed = {SD + "SPARQL10Query", SD + "SPARQL11Query", SD + "SPARQL11Update"}
    if not languages or not languages <= allowed:
        return f"supported languages {sorted(languages)}"
    bad = list(store.query(P + """SELECT ?x { { ?s sd:resultFormat ?x FILTER(!isIRI(?x)) }
        UNION { ?s sd:defaultDataset ?x FILTER NOT EXISTS { ?x a sd:Dataset } }
        UNION { ?d sd:defaultGraph ?x FILTER NOT EXISTS { ?x a sd:Graph } }
        UNION { ?d sd:namedGraph ?x FILTER NOT EXISTS { ?x sd:name ?n } }
        UNION { ?s sd:feature ?x FILTER(!isIRI(?x)) } }"""))
    return None if not bad else f"{len(bad)} ill-typed description nodes"


@dataclass
class Outcome:
    case: Case
    mode: str
    error: str | None

    @property
    def passed(self) -> bool:
        return self.error is None


def run_case(case: Case, base: str, *, updates: bool, nquads: str) -> str | None:
    if case.kind == "service-description":
        return run_service_description(case, base)
    if updates and case.graph_data:
        reset_data(base, nquads)
    for i, req in enumerate(case.requests):
        status, content_type, body = send(base, req.method, req.path, req.headers, req.body,
                                          TOKEN if updates else None)
        problem = check_request(req, status, content_type, body)
        if problem:
            return f"request {i + 1}: {problem}"
    return None


class Servers:
    """The two ``kg serve`` processes (read-only and updates enabled) over the test data."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or suite_dir()
        self.cases = load_cases(self.folder)
        self.nquads = dataset_nquads(self.folder, all_graph_data(self.cases))
        self._tmp = tempfile.TemporaryDirectory(prefix="sparql-protocol-")
        self.data = Path(self._tmp.name) / "protocol-data.nq"
        self.data.write_text(self.nquads, encoding="utf-8")
        self.processes = {}

    def start(self, mode: str):
        from kg.server.process import ServeProcess

        if mode not in self.processes:
            args = ["--data", str(self.data), "--timeout", "20"]
            if mode == "update":
                args += ["--allow-update", "--token", TOKEN]
            env = dict(os.environ, PHARMAKG_HOME=str(Path(self._tmp.name) / "home"))
            self.processes[mode] = ServeProcess(args, env=env).start()
        return self.processes[mode]

    def run(self, case: Case, mode: str) -> Outcome:
        server = self.start(mode)
        return Outcome(case, mode, run_case(case, server.url, updates=mode == "update",
                                            nquads=self.nquads))

    def close(self) -> None:
        for p in self.processes.values():
            p.stop()
        self.processes.clear()
        self._tmp.cleanup()


def run_all(folder: Path | None = None) -> list[Outcome]:
    servers = Servers(folder)
    try:
        outcomes = []
        for mode in ("read-only", "update"):
            for case in servers.cases:
                if case.applies(mode == "update"):
                    outcomes.append(servers.run(case, mode))
        return outcomes
    finally:
        servers.close()


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    outcomes = run_all()
    if args.markdown:
        print("| test | name | read-only | updates enabled |")
        print("|---|---|---|---|")
        by_case: dict[str, dict[str, Outcome]] = {}
        for o in outcomes:
            by_case.setdefault(o.case.id, {})[o.mode] = o
        for ident, modes in by_case.items():
            case = next(iter(modes.values())).case

            def cell(mode: str) -> str:
                o = modes.get(mode)
                return "n/a" if o is None else ("pass" if o.passed else "FAIL: " + o.error)
            print(f"| `{ident}` | {case.name} | {cell('read-only')} | {cell('update')} |")
    else:
        for o in outcomes:
            print(f"{'PASS' if o.passed else 'FAIL'}  {o.mode:9}  {o.case.id}"
                  + ("" if o.passed else f"  -- {o.error}"))
    for mode in ("read-only", "update"):
        mine = [o for o in outcomes if o.mode == mode]
        print(f"{mode}: {sum(o.passed for o in mine)} passed, "
              f"{sum(not o.passed for o in mine)} failed")
    sys.exit(0 if all(o.passed for o in outcomes) else 1)


if __name__ == "__main__":
    main()
