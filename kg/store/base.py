"""The store interface every backend implements, and the backend-neutral query result.

A backend answers SPARQL 1.1 queries over the *default dataset* of pharmakg: the union of the
named graphs ``ontology``, ``asserted`` and ``evidence`` (plus ``inferred`` when asked). Terms
come back as :class:`Term`, a plain value object shaped like a binding of the SPARQL 1.1 Query
Results JSON format, so answers from pyoxigraph, rdflib and a remote endpoint compare equal.

This module imports nothing heavy (no rdflib, no pandas; ``decimal`` and ``csv`` only when a
value or a CSV answer needs them): the ``kg query`` path goes through it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

PKG_IRI = "https://w3id.org/pharmakg/ontology/"
PKGD_IRI = "https://w3id.org/pharmakg/data/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

GRAPH_ONTOLOGY = PKGD_IRI + "graph/ontology"
GRAPH_ASSERTED = PKGD_IRI + "graph/asserted"
GRAPH_EVIDENCE = PKGD_IRI + "graph/evidence"
GRAPH_INFERRED = PKGD_IRI + "graph/inferred"

#: The graphs a query sees by default; ``inferred=True`` adds :data:`GRAPH_INFERRED`.
EXPLICIT_GRAPHS: tuple[str, ...] = (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_EVIDENCE)

#: Prefixes predeclared for ad-hoc SPARQL. Kept equal to ``kg.vocab.PREFIXES`` (a test checks)
#: but repeated here because ``kg.vocab`` imports rdflib.
PREFIXES: dict[str, str] = {
    "pkg": PKG_IRI,
    "pkgd": PKGD_IRI,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "schema": "http://schema.org/",
    "biolink": "https://w3id.org/biolink/vocab/",
    "unit": "http://qudt.org/vocab/unit/",
    "obo": "http://purl.obolibrary.org/obo/",
}


def dataset_graphs(inferred: bool = False) -> list[str]:
    """The named graphs whose union is the query default graph."""
    return list(EXPLICIT_GRAPHS) + ([GRAPH_INFERRED] if inferred else [])


def curie(iri: str) -> str:
    """``pkg:Dizziness`` for a pharmakg IRI, the IRI itself when no prefix fits.

    >>> curie("https://w3id.org/pharmakg/ontology/Dizziness")
    'pkg:Dizziness'
    >>> curie("http://example.org/x")
    'http://example.org/x'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        local = iri[len(PREFIXES[best]):]
        if local and all(c.isalnum() or c in "_-." for c in local):
            return f"{best}:{local}"
    return iri


@dataclass(frozen=True, slots=True)
class Term:
    """An RDF term as the SPARQL JSON results format writes it.

    ``type`` is ``uri``, ``literal`` or ``bnode``. Simple literals carry no datatype (it is
    ``xsd:string``) and language-tagged ones carry only ``lang``, so equal terms compare equal
    whichever backend produced them.

    >>> Term.literal("35.0", XSD + "decimal").to_python()
    Decimal('35.0')
    >>> Term.iri(PKG_IRI + "amitriptyline").n3()
    '<https://w3id.org/pharmakg/ontology/amitriptyline>'
    """

    type: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("uri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        if lang:
            return cls("literal", value, None, lang.lower())
        if datatype in (XSD + "string", RDF_LANGSTRING):
            datatype = None
        return cls("literal", value, datatype, None)

    @classmethod
    def bnode(cls, value: str) -> Term:
        return cls("bnode", value)

    @classmethod
    def from_json(cls, data: Mapping[str, str]) -> Term:
        """From one binding of SPARQL 1.1 Query Results JSON."""
        kind = data["type"]
        if kind in ("literal", "typed-literal"):
            return cls.literal(data["value"], data.get("datatype"), data.get("xml:lang"))
        return cls("uri" if kind == "uri" else "bnode", data["value"])

    def to_json(self) -> dict[str, str]:
        out = {"type": self.type, "value": self.value}
        if self.datatype:
            out["datatype"] = self.datatype
        if self.lang:
            out["xml:lang"] = self.lang
        return out

    def to_oxigraph(self):
        """The pyoxigraph term; raises ValueError for an invalid IRI or language tag."""
        import pyoxigraph as ox

        if self.type == "uri":
            return ox.NamedNode(self.value)
        if self.type == "bnode":
            return ox.BlankNode(self.value)
        if self.lang:
            return ox.Literal(self.value, language=self.lang)
        if self.datatype:
            return ox.Literal(self.value, datatype=ox.NamedNode(self.datatype))
        return ox.Literal(self.value)

    def n3(self) -> str:
        """N-Triples / SPARQL syntax for the term, written by pyoxigraph's serialiser (so quotes,
        backslashes and newlines in a value are escaped, never pasted)."""
        return str(self.to_oxigraph())

    def to_python(self) -> Any:
        """IRIs and strings as ``str``; integers, decimals, doubles and booleans as numbers."""
        if self.type != "literal" or not self.datatype:
            return self.value
        from decimal import Decimal, InvalidOperation

        local = self.datatype[len(XSD):] if self.datatype.startswith(XSD) else ""
        try:
            if local in ("integer", "int", "long", "short", "nonNegativeInteger",
                         "positiveInteger", "nonPositiveInteger", "negativeInteger",
                         "unsignedInt", "unsignedLong"):
                return int(self.value)
            if local == "decimal":
                return Decimal(self.value)
            if local in ("double", "float"):
                return float(self.value)
            if local == "boolean":
                return self.value in ("true", "1")
        except (ValueError, InvalidOperation):
            pass
        return self.value

    def display(self) -> str:
        """Short human form: a CURIE for IRIs, the lexical form for literals."""
        if self.type == "uri":
            return curie(self.value)
        if self.type == "bnode":
            return "_:" + self.value
        return self.value

    def __str__(self) -> str:
        return self.display()


Row = tuple  # tuple[Term | None, ...], aligned with Result.vars


@dataclass
class Result:
    """The answer to one query: SELECT rows, an ASK boolean or CONSTRUCT/DESCRIBE triples.

    ``vars`` and ``bindings`` mirror SPARQL JSON; :attr:`rows` gives plain Python values.
    """

    vars: list[str] = field(default_factory=list)
    bindings: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] | None = None
    #: for a named question with no rows: why, in one sentence from the graph (kg.query.explain_empty)
    explanation: str | None = None

    # -- reading ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.bindings)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.boolean is not None else bool(self.bindings or self.triples)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Each solution as ``{var: python value}``; unbound variables are left out."""
        return [{v: t.to_python() for v, t in zip(self.vars, row) if t is not None}
                for row in self.bindings]

    def column(self, var: str) -> list[Any]:
        """The Python values of one column (``None`` where unbound)."""
        i = self.vars.index(var)
        return [row[i].to_python() if row[i] is not None else None for row in self.bindings]

    def to_dataframe(self):
        """A pandas DataFrame, one column per variable (pandas is imported only here)."""
        import pandas as pd

        return pd.DataFrame([[t.to_python() if t is not None else None for t in row]
                             for row in self.bindings], columns=self.vars)

    @property
    def df(self):
        return self.to_dataframe()

    # -- writing ---------------------------------------------------------------------------
    def to_sparql_json(self) -> dict:
        """SPARQL 1.1 Query Results JSON (ASK and SELECT)."""
        if self.boolean is not None:
            return {"head": {}, "boolean": self.boolean}
        return {"head": {"vars": list(self.vars)},
                "results": {"bindings": [
                    {v: t.to_json() for v, t in zip(self.vars, row) if t is not None}
                    for row in self.bindings]}}

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV: plain values, unbound as empty."""
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if self.boolean is not None:
            writer.writerow(["boolean"])
            writer.writerow(["true" if self.boolean else "false"])
            return out.getvalue()
        writer.writerow(self.vars)
        for row in self.bindings:
            writer.writerow(["" if t is None else ("_:" + t.value if t.type == "bnode" else t.value)
                             for t in row])
        return out.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV: terms in SPARQL syntax, unbound as empty."""
        if self.boolean is not None:
            return "?boolean\n" + ("true" if self.boolean else "false") + "\n"
        lines = ["\t".join("?" + v for v in self.vars)]
        for row in self.bindings:
            lines.append("\t".join("" if t is None else _tsv_term(t) for t in row))
        return "\n".join(lines) + "\n"

    def to_ntriples(self) -> str:
        return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in self.triples or [])

    def to_table(self, max_width: int = 60) -> str:
        """A readable table. A column ``x`` is shown by its label when ``xLabel`` exists."""
        if self.boolean is not None:
            return "yes" if self.boolean else "no"
        if self.triples is not None:
            return self.to_ntriples().rstrip("\n")
        shown: list[tuple[str, int]] = []
        for i, var in enumerate(self.vars):
            if var + "Label" in self.vars:
                continue  # the label column stands for it
            header = var[:-5] if var.endswith("Label") and var[:-5] in self.vars else var
            shown.append((header, i))
        if not shown:
            return "(no columns)"
        cells = [[_clip(row[i].display() if row[i] is not None else "", max_width)
                  for _, i in shown] for row in self.bindings]
        headers = [h for h, _ in shown]
        widths = [max([len(h)] + [len(r[k]) for r in cells]) for k, h in enumerate(headers)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip(),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
        lines.append(f"({len(self.bindings)} row{'s' if len(self.bindings) != 1 else ''})")
        return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _tsv_term(term: Term) -> str:
    text = term.n3()
    return text.replace("\t", "\\t")


class Store(ABC):
    """A SPARQL 1.1 store holding the pharmakg dataset.

    Implementations: :class:`kg.store.oxigraph.OxigraphStore` (embedded, the default),
    :class:`kg.store.rdflib.RdflibStore` (in memory) and :class:`kg.store.remote.RemoteStore`
    (any SPARQL 1.1 endpoint).
    """

    #: short backend name: ``oxigraph``, ``rdflib`` or ``remote``
    backend: str = ""

    @abstractmethod
    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
              inferred: bool = False, allow_service: bool = False) -> Result:
        """Run a query over the default dataset.

        ``bindings`` maps variable names (without ``?``) to terms; each backend binds them
        without pasting text (see ``docs/store-interface.md``). The ontology prefixes are
        predeclared. ``inferred=True`` adds the ``inferred`` named graph to the union.
        Raises :class:`kg.errors.KGError` for malformed SPARQL, for text past the parser limits
        and for ``SERVICE`` unless ``allow_service`` (see :mod:`kg.query.sparqlguard`).
        """

    def close(self) -> None:
        """Release files or connections; the store is unusable afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} backend={self.backend}>"


def check_binding_names(bindings: Mapping[str, Term] | None) -> Sequence[tuple[str, Term]]:
    """Validated ``(name, term)`` pairs: names must be plain SPARQL variable names."""
    pairs = []
    for name, term in (bindings or {}).items():
        name = name.lstrip("?$")
        if not name or not all(c.isalnum() or c == "_" for c in name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
        if not isinstance(term, Term):
            raise TypeError(f"binding for ?{name} must be a kg.store.Term, not {type(term).__name__}")
        pairs.append((name, term))
    return pairs
