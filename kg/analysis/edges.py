"""The light, fast path from a graph to the drug→term edges every analysis works on.

An :class:`EdgeTable` holds, as numpy arrays, one row per asserted statement triple
``drug relation term`` (drugs and drug combinations as subjects, ontology terms or drugs as
objects) with its number of evidence records and the highest severity any of them states, plus
node labels and kinds (drug, combination, effect, condition ...) and the subclass axioms between
terms. It is read in one pass over the triples of interest, from any of:

* a :class:`kg.build.graph.BuiltGraph` (:func:`from_built`),
* an N-Triples or N-Quads file such as ``kg synth`` writes or ``kg build`` stores
  (:func:`from_file`; split by lines, no RDF parser: ~1 s per million lines),
* a ``pyoxigraph.Store`` (:func:`from_store`), e.g. the query layer's store,
* a plain rdflib ``Graph`` (:func:`from_rdflib`).

Quotes are kept only when asked (``quotes=True``), as explanations and regimens need them and
the all-pairs analyses do not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from kg.vocab import PKG_IRI, PKGD_IRI

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"
RDF_PREDICATE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"
RDF_OBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#object"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
OA = "http://www.w3.org/ns/oa#"
DCT_TITLE = "http://purl.org/dc/terms/title"

#: Severity codes: 0 none stated, 1 ``pkg:Common``, 2 ``pkg:Serious``.
SEVERITY_CODES = {PKG_IRI + "Common": 1, PKG_IRI + "Serious": 2}
SEVERITY_NAMES = {0: "", 1: "Common", 2: "Serious"}

#: Relations that are not drug→term edges (values, literals).
_NOT_EDGES = {"hasDoseRange", "hasEliminationHalfLife", "brandName", "minDose", "maxDose",
              "doseUnit", "doseFrequency", "population", "route", "numericValue", "unit",
              "severity", "context", "frequencyWords", "negated", "fromDocument",
              "documentKind", "sha256", "oppositeOf"}

#: Short names for the relations analyses are usually asked about.
RELATION_ALIASES = {
    "side-effects": "hasSideEffect", "side-effect": "hasSideEffect", "effects": "hasSideEffect",
    "withdrawal": "hasWithdrawalSymptom", "withdrawal-symptoms": "hasWithdrawalSymptom",
    "indications": "indicatedFor", "off-label": "usedOffLabelFor",
    "mechanisms": "hasMechanism", "targets": "targets", "classes": "hasDrugClass",
    "dependency": "hasDependencySign", "interactions": "interactsWith",
    "contraindications": "contraindicatedWith", "cautions": "cautionIn",
}

#: Node kinds of the table → kinds of :mod:`kg.query.resolve`.
_RESOLVER_KINDS = {"drug": "drug", "combination": "drug", "drug class": "class",
                   "condition": "condition", "effect": "effect", "mechanism": "mechanism",
                   "target": "mechanism"}

#: Kind of a node by the top-level class above it (first match wins).
_KIND_ROOTS = [("combination", "DrugCombination"), ("drug", "Drug"),
               ("condition", "Condition"), ("effect", "Effect"),
               ("mechanism", "MechanismOfAction"), ("target", "MolecularTarget"),
               ("withdrawal management", "WithdrawalManagement"), ("route", "Route"),
               ("population", "Population")]


def relation_name(name: str) -> str:
    """``side-effects`` → ``hasSideEffect``; a local name or ``pkg:`` name passes through."""
    if name.startswith("pkg:"):
        name = name[4:]
    if name.startswith(PKG_IRI):
        name = name[len(PKG_IRI):]
    return RELATION_ALIASES.get(name, name)


def local(iri: str) -> str:
    """The ``pkg:``/``pkgd:`` local name of an IRI (else the IRI)."""
    if iri.startswith(PKG_IRI):
        return iri[len(PKG_IRI):]
    if iri.startswith(PKGD_IRI):
        return iri[len(PKGD_IRI):]
    return iri


@dataclass(frozen=True)
class Quote:
    """One evidence record: which document says it, in which words, where."""

    document: str
    quote: str
    start: int | None
    end: int | None
    severity: str = ""
    context: str = ""
    negated: bool = False
    title: str = ""


@dataclass
class EdgeTable:
    """Drug→term edges as arrays, with labels, kinds and (optionally) quotes."""

    nodes: list[str]
    labels: list[str]
    kinds: list[str]
    relations: list[str]
    src: np.ndarray
    rel: np.ndarray
    dst: np.ndarray
    evidence: np.ndarray
    severity: np.ndarray
    superclasses: dict[str, list[str]] = field(default_factory=dict)
    quotes: dict[tuple[str, str, str], list[Quote]] | None = None
    #: synonyms and brand names of nodes (for name resolution, as in ``kg query``)
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: effect → labels of the body systems it is mapped to (pkg:bodySystem, from HPO)
    systems: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _index: dict[str, int] = field(default_factory=dict, repr=False)
    _resolver: object = field(default=None, repr=False, compare=False)
    #: told once per name when a name is resolved by a fuzzy pick ("'Klonopn': using
    #: clonazepam"), as ``kg query`` tells it; set by the CLI, None elsewhere
    notify: object = field(default=None, repr=False, compare=False)
    _told: set = field(default_factory=set, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._index:
            self._index = {iri: i for i, iri in enumerate(self.nodes)}

    def __len__(self) -> int:
        return int(self.src.size)

    def index(self, iri: str) -> int:
        return self._index[iri]

    def label(self, iri: str) -> str:
        i = self._index.get(iri)
        return self.labels[i] if i is not None else local(iri)

    def kind(self, iri: str) -> str:
        i = self._index.get(iri)
        return self.kinds[i] if i is not None else "term"

    def relation_mask(self, relations: Iterable[str]) -> np.ndarray:
        wanted = {self.relations.index(r) for r in map(relation_name, relations)
                  if r in self.relations}
        return np.isin(self.rel, list(wanted)) if wanted else np.zeros(self.rel.size, bool)

    def drugs(self) -> list[str]:
        """Drugs and combinations, ordered by label."""
        found = [iri for iri, kind in zip(self.nodes, self.kinds) if kind in ("drug", "combination")]
        return sorted(found, key=lambda iri: (self.label(iri).casefold(), iri))

    def resolve(self, name: str, kind: str = "term") -> str:
        """A node IRI from what people type — label, synonym, brand name, CURIE or IRI, any
        case, with did-you-mean — by :class:`kg.query.resolve.Resolver`, the resolver ``kg query``
        uses, over this table's nodes; ``kind`` is ``drug`` or ``term``."""
        if name in self._index:
            return name
        match = self.resolver().resolve(name, kind)
        if callable(self.notify) and not match.exact and name not in self._told:
            self._told.add(name)
            self.notify(f"{name!r}: using {match.label} ({match.curie})")
        return match.iri

    def resolver(self):
        """A :class:`kg.query.resolve.Resolver` over the nodes, by kind (made once per table)."""
        from kg.query.resolve import Resolver, make_candidates

        if self._resolver is None:
            by_kind: dict[str, dict[str, tuple[str, set[str]]]] = defaultdict(dict)
            for iri, label, kinds in zip(self.nodes, self.labels, self.kinds):
                entry = (label, {label, *self.names.get(iri, ())})
                by_kind["term"][iri] = entry
                for part in kinds.split("/"):
                    kind = _RESOLVER_KINDS.get(part)
                    if kind:
                        by_kind[kind][iri] = entry
            kinds_needed = ("term", "drug", "class", "condition", "effect", "mechanism")
            self._resolver = Resolver(candidates={k: make_candidates(by_kind.get(k, {}))
                                                  for k in kinds_needed})
        return self._resolver

    def in_system(self, text: str) -> set[str]:
        """Effects mapped to a body system whose label contains ``text`` (any case)."""
        folded = text.casefold().strip()
        return {e for e, systems in self.systems.items()
                if any(folded in s.casefold() for s in systems)}

    def restricted(self, terms: set[str]) -> EdgeTable:
        """The same table with only the edges whose object is one of ``terms``."""
        keep = np.isin(self.dst, [self._index[t] for t in terms if t in self._index])
        return replace(self, src=self.src[keep], rel=self.rel[keep], dst=self.dst[keep],
                       evidence=self.evidence[keep], severity=self.severity[keep],
                       _resolver=None)

    def rows(self, relations: Iterable[str] | None = None) -> Iterator[tuple[str, str, str, int, int]]:
        """(subject, relation, object, evidence count, severity code) per edge."""
        mask = self.relation_mask(relations) if relations is not None else np.ones(len(self), bool)
        for s, r, o, n, sev in zip(self.src[mask].tolist(), self.rel[mask].tolist(),
                                   self.dst[mask].tolist(), self.evidence[mask].tolist(),
                                   self.severity[mask].tolist()):
            yield self.nodes[s], self.relations[r], self.nodes[o], n, sev

    def quotes_for(self, s: str, p: str, o: str) -> list[Quote]:
        if self.quotes is None:
            return []
        key = (s, p if p.startswith("http") else PKG_IRI + p, o)
        return self.quotes.get(key, [])


# --------------------------------------------------------------------------------- assembly
class _Collector:
    """Accumulates the triples of interest, then assembles an :class:`EdgeTable`."""

    def __init__(self, quotes: bool) -> None:
        self.want_quotes = quotes
        self.types: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, str] = {}
        self.subclass: dict[str, list[str]] = defaultdict(list)
        self.candidates: list[tuple[str, str, str]] = []
        self.ev: dict[str, dict] = defaultdict(dict)
        self.selectors: dict[str, list[str]] = defaultdict(list)
        self.targets: dict[str, str] = {}
        self.exact: dict[str, str] = {}
        self.starts: dict[str, int] = {}
        self.ends: dict[str, int] = {}
        self.titles: dict[str, str] = {}
        self.names: dict[str, set[str]] = defaultdict(set)
        self.systems: dict[str, set[str]] = defaultdict(set)

    def add(self, s: str, p: str, o: str, o_is_iri: bool) -> None:
        if p == RDF_TYPE:
            self.types[s].add(o)
        elif p == RDFS_LABEL:
            self.labels.setdefault(s, o)
        elif p == SKOS_ALT:
            self.names[s].add(o)
        elif p == RDFS_SUBCLASS:
            if o_is_iri:
                self.subclass[s].append(o)
        elif p == RDF_SUBJECT:
            self.ev[s]["s"] = o
        elif p == RDF_PREDICATE:
            self.ev[s]["p"] = o
        elif p == RDF_OBJECT:
            self.ev[s]["o"] = o
        elif p.startswith(PKG_IRI):
            name = p[len(PKG_IRI):]
            if name == "severity":
                self.ev[s]["sev"] = SEVERITY_CODES.get(o, 0)
            elif name == "negated":
                self.ev[s]["neg"] = o in ("true", "1")
            elif name == "context":
                self.ev[s]["ctx"] = local(o)
            elif name == "fromDocument":
                self.ev[s]["doc"] = o
            elif name == "brandName":
                self.names[s].add(o)
            elif name == "bodySystem":
                self.systems[s].add(o)
            elif o_is_iri and name not in _NOT_EDGES and not o.startswith(PKGD_IRI):
                self.candidates.append((s, p, o))
        elif self.want_quotes and p.startswith(OA):
            name = p[len(OA):]
            if name == "hasTarget":
                self.targets[s] = o
            elif name == "hasSelector":
                self.selectors[s].append(o)
            elif name == "exact":
                self.exact[s] = o
            elif name == "start":
                self.starts[s] = int(o)
            elif name == "end":
                self.ends[s] = int(o)
        elif self.want_quotes and p == DCT_TITLE:
            self.titles[s] = o

    def _kinds(self) -> Callable[[str], str]:
        roots = {PKG_IRI + root: kind for kind, root in _KIND_ROOTS}
        cache: dict[str, str] = {}

        def ancestors(iri: str) -> set[str]:
            seen, stack = set(), [iri]
            while stack:
                node = stack.pop()
                for parent in self.subclass.get(node, ()):
                    if parent not in seen:
                        seen.add(parent)
                        stack.append(parent)
            return seen

        def kind(iri: str) -> str:
            if iri in cache:
                return cache[iri]
            types = self.types.get(iri, set())
            found = [k for k, root in _KIND_ROOTS if PKG_IRI + root in types]
            if not found:
                above = ancestors(iri)
                if PKG_IRI + "Drug" in above:
                    found = ["drug class"]
                else:
                    found = [k for k, root in _KIND_ROOTS if PKG_IRI + root in above]
            result = "/".join(dict.fromkeys(found)) if found else (
                "drug class" if PKG_IRI + "DrugClass" in types else "term")
            cache[iri] = result
            return result

        _ = roots
        return kind

    def table(self) -> EdgeTable:
        drug_types = {PKG_IRI + "Drug", PKG_IRI + "DrugCombination"}
        drugs = {s for s, ts in self.types.items() if ts & drug_types}
        counts: dict[tuple[str, str, str], list[int]] = {}
        quotes: dict[tuple[str, str, str], list[Quote]] | None = {} if self.want_quotes else None
        quote_of: dict[str, str] = {}
        position_of: dict[str, str] = {}
        if self.want_quotes:
            for target, selectors in self.selectors.items():
                for sel in selectors:
                    if sel in self.exact:
                        quote_of[target] = sel
                    elif sel in self.starts:
                        position_of[target] = sel
        for ev_iri, ev in self.ev.items():
            if "s" not in ev or "p" not in ev or "o" not in ev:
                continue
            key = (ev["s"], ev["p"], ev["o"])
            if not ev.get("neg"):
                slot = counts.setdefault(key, [0, 0])
                slot[0] += 1
                slot[1] = max(slot[1], ev.get("sev", 0))
            if quotes is not None:
                target = self.targets.get(ev_iri)
                qsel, psel = quote_of.get(target), position_of.get(target)
                doc = ev.get("doc", "")
                quotes.setdefault(key, []).append(Quote(
                    document=local(doc).removeprefix("document/"),
                    quote=self.exact.get(qsel, ""), start=self.starts.get(psel),
                    end=self.ends.get(psel), severity=SEVERITY_NAMES[ev.get("sev", 0)],
                    context=ev.get("ctx", ""), negated=bool(ev.get("neg")),
                    title=self.titles.get(doc, "")))
        if quotes is not None:
            for key in quotes:
                quotes[key].sort(key=lambda q: (q.document, q.start or 0, q.quote))
        edges = sorted({(s, p, o) for s, p, o in self.candidates if s in drugs})
        kind = self._kinds()
        node_set = set(drugs)
        for s, _p, o in edges:
            node_set.add(o)
        # every superclass above a node, transitively: one pass over the axioms would depend
        # on the order the reader met them in (a file's lines, a store's index order)
        stack = [n for n in node_set if n in self.subclass]
        while stack:
            for parent in self.subclass.get(stack.pop(), ()):
                if parent not in node_set:
                    node_set.add(parent)
                    stack.append(parent)

        def label_of(iri: str) -> str:
            lab = self.labels.get(iri)
            return lab if lab is not None else local(iri)

        nodes = sorted(node_set, key=lambda iri: (label_of(iri).casefold(), iri))
        index = {iri: i for i, iri in enumerate(nodes)}
        relations = sorted({local(p) for _s, p, _o in edges})
        rel_index = {PKG_IRI + r: i for i, r in enumerate(relations)}
        n = len(edges)
        src = np.fromiter((index[s] for s, _p, _o in edges), np.int32, n)
        rel = np.fromiter((rel_index[p] for _s, p, _o in edges), np.int16, n)
        dst = np.fromiter((index[o] for _s, _p, o in edges), np.int32, n)
        ev_counts = np.fromiter((counts.get(e, (0, 0))[0] for e in edges), np.int32, n)
        severity = np.fromiter((counts.get(e, (0, 0))[1] for e in edges), np.int8, n)
        superclasses = {c: sorted(ps) for c, ps in self.subclass.items() if c in node_set}
        return EdgeTable(nodes=nodes, labels=[label_of(i) for i in nodes],
                         kinds=[kind(i) for i in nodes], relations=relations, src=src, rel=rel,
                         dst=dst, evidence=ev_counts, severity=severity,
                         superclasses=superclasses, quotes=quotes, _index=index,
                         names={i: tuple(sorted(self.names[i])) for i in nodes if i in self.names},
                         systems={e: tuple(sorted({label_of(s) for s in self.systems[e]}))
                                  for e in nodes if e in self.systems})


# ------------------------------------------------------------------------------------ readers
def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return (text.replace('\\"', '"').replace("\\n", "\n").replace("\\r", "\r")
            .replace("\\t", "\t").replace("\\\\", "\\"))


def _parse_object(rest: str, quads: bool) -> tuple[str, bool] | None:
    """The object of an N-Triples/N-Quads line's remainder: (value, is IRI)."""
    if rest.startswith("<"):
        end = rest.index(">")
        return rest[1:end], True
    if rest.startswith('"'):
        close = rest.rindex('"')
        return _unescape(rest[1:close]), False
    return None  # blank node


def iter_ntriples(path: Path | str, keep: Callable[[str], bool] | None = None
                  ) -> Iterator[tuple[str, str, str, bool]]:
    """(subject, predicate, object, object is IRI) for every IRI-subject line of an N-Triples or
    N-Quads file whose predicate passes ``keep`` (the graph label of a quad is ignored)."""
    path = Path(path)
    quads = path.suffix == ".nq"
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line[0] != "<":
                continue
            # IRIs hold no spaces, so the first two spaces end subject and predicate
            s, p, rest = line.split(" ", 2)
            p = p[1:-1]
            if keep is not None and not keep(p):
                continue
            parsed = _parse_object(rest, quads)
            if parsed is None:
                continue
            yield s[1:-1], p, parsed[0], parsed[1]


def _predicate_filter(quotes: bool) -> Callable[[str], bool]:
    exact = {RDF_TYPE, RDFS_LABEL, RDFS_SUBCLASS, RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT}
    if quotes:
        exact |= {DCT_TITLE}

        def keep(p: str) -> bool:
            return p in exact or p.startswith(PKG_IRI) or p.startswith(OA)
    else:
        def keep(p: str) -> bool:
            return p in exact or p.startswith(PKG_IRI)
    return keep


def from_file(path: Path | str, quotes: bool = False) -> EdgeTable:
    """Read an N-Triples (``.nt``) or N-Quads (``.nq``) file line by line; Turtle and other
    formats go through rdflib (slower)."""
    from kg.errors import KGError

    path = Path(path)
    if not path.is_file():
        raise KGError("graph file not found", path=path)
    if path.suffix in (".nt", ".nq"):
        return from_files([path], quotes=quotes)
    from rdflib import Dataset

    dataset = Dataset()
    fmt = {".ttl": "turtle", ".trig": "trig", ".jsonld": "json-ld", ".rdf": "xml",
           ".owl": "xml"}.get(path.suffix, "turtle")
    try:
        dataset.parse(path, format=fmt)
    except Exception as exc:
        raise KGError(f"cannot parse graph: {exc}", path=path) from None
    return from_rdflib(dataset, quotes=quotes)


def from_files(paths: Iterable[Path | str], quotes: bool = False) -> EdgeTable:
    """One table over several N-Triples/N-Quads files, read line by line (``kg load`` of more
    than one file builds its cached table this way while the store loads)."""
    from kg.errors import KGError

    collector = _Collector(quotes)
    keep = _predicate_filter(quotes)
    for path in map(Path, paths):
        try:
            for s, p, o, is_iri in iter_ntriples(path, keep):
                collector.add(s, p, o, is_iri)
        except ValueError as exc:
            raise KGError(f"not an N-Triples/N-Quads file: {exc}", path=path) from None
    return collector.table()


def from_rdflib(graph, quotes: bool = True) -> EdgeTable:
    """Read any rdflib Graph or Dataset (all its triples, named graphs included)."""
    from rdflib import URIRef

    collector = _Collector(quotes)
    triples = (graph.quads((None, None, None, None)) if hasattr(graph, "quads")
               else ((s, p, o, None) for s, p, o in graph))
    for s, p, o, *_rest in triples:
        if isinstance(s, URIRef):
            collector.add(str(s), str(p), str(o), isinstance(o, URIRef))
    return collector.table()


def from_built(built, quotes: bool = True) -> EdgeTable:
    """Read a :class:`kg.build.graph.BuiltGraph` (ontology, asserted and evidence graphs)."""
    from rdflib import URIRef

    collector = _Collector(quotes)
    for graph in (built.ontology_graph, built.asserted_graph, built.evidence_graph):
        for s, p, o in graph:
            if isinstance(s, URIRef):
                collector.add(str(s), str(p), str(o), isinstance(o, URIRef))
    return collector.table()


def from_store(store, quotes: bool = True) -> EdgeTable:
    """Read a ``pyoxigraph.Store`` (every named graph and the default graph but the reasoner's
    ``inferred`` one, whose relation closure would make every drug share "effect")."""
    import pyoxigraph

    from kg.vocab import GRAPH_INFERRED

    inferred = str(GRAPH_INFERRED)
    collector = _Collector(quotes)
    for quad in store.quads_for_pattern(None, None, None, None):
        if getattr(quad.graph_name, "value", None) == inferred:
            continue
        s = quad.subject
        if isinstance(s, pyoxigraph.NamedNode):
            o = quad.object
            collector.add(s.value, quad.predicate.value, o.value,
                          isinstance(o, pyoxigraph.NamedNode))
    return collector.table()


def load(source=None, quotes: bool = True) -> EdgeTable:
    """An :class:`EdgeTable` from whatever is given: a path, a BuiltGraph, a pyoxigraph Store,
    an rdflib graph, an object with ``.built``/``.store`` (the query layer's KnowledgeGraph), or
    nothing (the shipped inputs, built in memory)."""
    if source is None:
        from kg.build.graph import build

        return from_built(build(), quotes=quotes)
    if isinstance(source, EdgeTable):
        return source
    if isinstance(source, (str, Path)):
        return from_file(source, quotes=quotes)
    if hasattr(source, "asserted_graph") and hasattr(source, "evidence_graph"):
        return from_built(source, quotes=quotes)
    import pyoxigraph

    if isinstance(source, pyoxigraph.Store):
        return from_store(source, quotes=quotes)
    for attr in ("built", "store", "raw", "dataset"):  # KnowledgeGraph, then its kg.store backend
        inner = getattr(source, attr, None)
        if inner is not None and not callable(inner):
            return load(inner, quotes=quotes)
    if hasattr(source, "quads") or hasattr(source, "triples"):
        return from_rdflib(source, quotes=quotes)
    raise TypeError(f"cannot read an edge table from {type(source).__name__}")
