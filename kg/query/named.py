"""Named queries: the ``queries/*.rq`` files, their grlc headers, and running them safely.

Each file holds one SPARQL query with a header in grlc's decorator convention::

    #+ summary: Side effects both drugs have
    #+ description: ...
    #+ tags:
    #+   - side effects

Parameters follow grlc's variable convention: ``?_drug_iri`` is a required IRI parameter named
``drug``, ``?__relation_iri`` an optional one, ``?_name`` (no ``_iri``) a plain string. An IRI
parameter takes what people type (label, synonym, brand name, CURIE, IRI) and is resolved by
:mod:`kg.query.resolve` to a term of the kind its name says (``drug1`` → a drug); the resolved term is
then *bound* by the store, never pasted into the text.

Rule for query authors (so that all binding mechanisms give the same answers): a parameter
variable may appear in triple patterns anywhere, but in ``FILTER``/``BIND`` expressions only in
the top-level group, and never inside a sub-``SELECT``.

>>> q = load_query("shared-side-effects")
>>> q.summary
'Side effects both drugs have'
>>> [(p.name, p.kind, p.required) for p in q.params]
[('drug1', 'drug', True), ('drug2', 'drug', True)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg import paths
from kg.errors import KGError
from kg.store.base import Result, Store, Term
from kg.store.sparqltext import check_syntax

_PARAM_VAR = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
_HEADER_LINE = re.compile(r"^#\+\s?(.*)$")

#: Parameter name (without trailing digits) → the kind of term it resolves to.
PARAM_KINDS: dict[str, str] = {
    "drug": "drug",
    "condition": "condition",
    "mechanism": "mechanism",
    "target": "mechanism",
    "class": "class",
    "effect": "effect",
    "symptom": "effect",
    "relation": "relation",
    "object": "term",
    "term": "term",
}


@dataclass(frozen=True)
class Param:
    """One query parameter, from a ``?_name_iri`` / ``?__name_iri`` / ``?_name`` variable."""

    name: str
    var: str
    iri: bool
    required: bool

    @property
    def kind(self) -> str:
        """What an IRI parameter resolves to (``drug``, ``condition``, ... or ``term``)."""
        if not self.iri:
            return "literal"
        return PARAM_KINDS.get(self.name.rstrip("0123456789"), "term")

    def describe(self) -> str:
        flag = "" if self.required else " (optional)"
        return f"{self.name}: {self.kind}{flag}"


@dataclass(frozen=True)
class NamedQuery:
    """A query file with its grlc decorators and parameters."""

    name: str
    path: Path
    text: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    decorators: dict = field(default_factory=dict, compare=False, repr=False)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_header(text: str) -> dict[str, object]:
    """The grlc ``#+`` decorators: ``key: value`` pairs and ``key:`` followed by ``- item`` lists.

    A small reader for the subset grlc uses (no YAML import on the query path).

    >>> parse_header("#+ summary: Hi\\n#+ tags:\\n#+   - a\\n#+   - b\\nSELECT ...")
    {'summary': 'Hi', 'tags': ['a', 'b']}
    """
    out: dict[str, object] = {}
    key = None
    for line in text.splitlines():
        match = _HEADER_LINE.match(line.strip())
        if not match:
            if line.strip() and not line.strip().startswith("#"):
                break
            continue
        body = match.group(1)
        item = re.match(r"^\s*-\s+(.*)$", body)
        if item and key is not None:
            value = out.get(key)
            if not isinstance(value, list):
                value = [] if value in (None, "") else [value]
                out[key] = value
            value.append(_unquote(item.group(1).strip()))
            continue
        pair = re.match(r"^\s*([A-Za-z_][\w-]*)\s*:\s*(.*)$", body)
        if pair:
            key = pair.group(1)
            out[key] = _unquote(pair.group(2).strip())
        elif key is not None and isinstance(out.get(key), str) and body.strip():
            out[key] = (str(out[key]) + " " + body.strip()).strip()  # folded continuation
    return out


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def find_params(text: str) -> tuple[Param, ...]:
    """grlc parameters in order of first use (comments, strings and IRIs are skipped)."""
    from kg.store.sparqltext import _tokens

    seen: dict[str, Param] = {}
    for _, token in _tokens(text):
        match = _PARAM_VAR.fullmatch(token)
        if not match:
            continue
        underscores, rest = match.groups()
        iri = rest.endswith("_iri")
        name = rest[: -len("_iri")] if iri else rest
        var = token[1:]
        if name not in seen:
            seen[name] = Param(name=name, var=var, iri=iri, required=underscores == "_")
    return tuple(seen.values())


def load_query_file(path: Path, name: str | None = None) -> NamedQuery:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KGError(f"cannot read query file: {exc.strerror}", path=path) from None
    except ValueError as exc:  # a NUL in the path
        raise KGError(f"cannot read query file: {exc}", path=repr(str(path))) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise KGError(f"the query file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                      path=path, line=line, column=column) from None
    header = parse_header(text)
    tags = header.get("tags") or ()
    return NamedQuery(name=name or path.stem, path=path, text=text,
                      summary=str(header.get("summary", "")),
                      description=str(header.get("description", "")),
                      tags=tuple(tags) if isinstance(tags, list) else (str(tags),),
                      params=find_params(text), decorators=header)


def query_names(directory: Path | None = None) -> list[str]:
    folder = directory or paths.queries_dir()
    return sorted(p.stem for p in folder.glob("*.rq"))


def load_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query, by name (the file name without ``.rq``)."""
    folder = directory or paths.queries_dir()
    return {p.stem: load_query_file(p) for p in sorted(folder.glob("*.rq"), key=lambda p: p.stem)}


def load_query(name: str, directory: Path | None = None) -> NamedQuery:
    """One named query; an unknown name lists the known ones."""
    folder = directory or paths.queries_dir()
    path = folder / f"{name}.rq"
    try:  # a name too long for the file system, or with a NUL, is simply not a query's name
        found = "/" not in name and "\\" not in name and path.is_file()
    except (OSError, ValueError):
        found = False
    if not found:
        names = query_names(folder)
        raise KGError(f"unknown query {name!r}; named queries are: {', '.join(names)}")
    return load_query_file(path)


Notify = Callable[[str], None]


def bind_params(query: NamedQuery, values: Mapping[str, str | Term], store: Store, *,
                resolver=None, notify: Notify | None = None,
                interface: str = "cli") -> dict[str, Term]:
    """Resolve and check the given parameter values into variable bindings.

    Unknown or missing parameters are refused with the list of expected ones. ``notify`` is told
    when a name was resolved by a fuzzy match ("amitriptylin" → amitriptyline).
    """
    known = {p.name: p for p in query.params}
    unknown = [k for k in values if k not in known]
    if unknown:
        expected = ", ".join(p.describe() for p in query.params) or "none"
        raise KGError(f"query {query.name!r} has no parameter {unknown[0]!r}; "
                      f"parameters: {expected}")
    missing = [p.name for p in query.params if p.required and p.name not in values]
    if missing:
        expected = ", ".join(p.describe() for p in query.params)
        from kg.query.resolve import param_phrase

        phrase = param_phrase(missing[0], "term", interface)
        raise KGError(f"query {query.name!r} needs {phrase}"
                      f"{'...' if phrase.endswith('=') else '=...'}; parameters: {expected}")
    bindings: dict[str, Term] = {}
    for name, raw in values.items():
        param = known[name]
        if isinstance(raw, Term):
            bindings[param.var] = raw
            continue
        if not param.iri:
            bindings[param.var] = Term.literal(str(raw))
            continue
        if resolver is None:
            from kg.query.resolve import Resolver

            resolver = Resolver(store)
        match = resolver.resolve(str(raw), param.kind, param=name, interface=interface)
        if notify and not match.exact and not match.note:
            notify(f"{name}={raw!r}: using {match.label} ({match.curie})")
        if notify and match.note:
            notify(f"{name}={raw!r}: {match.note}")
        bindings[param.var] = Term.iri(match.iri)
    return bindings


def run_named_query(store: Store, name: str | NamedQuery, params: Mapping[str, str | Term] | None = None,
                    *, inferred: bool = False, notify: Notify | None = None,
                    directory: Path | None = None, allow_service: bool = False,
                    interface: str = "cli") -> Result:
    """Run a named query with parameters as people type them; the main entry point for the CLI,
    the Python API and the HTTP server.

    ``params`` maps parameter names (``drug1``) to names, CURIEs, IRIs or ready
    :class:`~kg.store.base.Term` values. ``inferred=True`` also sees the reasoner's graph.
    ``SERVICE`` in the query text is refused unless ``allow_service``.
    """
    query = name if isinstance(name, NamedQuery) else load_query(name, directory)
    bindings = bind_params(query, params or {}, store, notify=notify, interface=interface)
    try:
        result = store.query(query.text, bindings, inferred=inferred,
                             **_service_kw(allow_service))
    except KGError as exc:
        if exc.path in (None, "<query>"):
            raise KGError(exc.message, path=query.path, line=exc.line, column=exc.column) from None
        raise
    if not result.bindings and result.boolean is None and result.triples is None:
        from kg.query.explain_empty import explain_empty  # an empty answer says why, from the graph

        result.explanation = explain_empty(store, query, bindings, inferred=inferred)
    return result


def _service_kw(allow_service: bool) -> dict[str, bool]:
    """``allow_service`` for ``Store.query`` only when set: a store class written before the
    keyword existed still works for everything else."""
    return {"allow_service": True} if allow_service else {}


def run_sparql(store: Store, text: str, *, inferred: bool = False,
               path: Path | str | None = None, allow_service: bool = False) -> Result:
    """Run ad-hoc SPARQL (ontology prefixes predeclared); malformed text → KGError with line
    and column (and ``path`` when the text came from a file). Text past the parser limits, and
    ``SERVICE`` unless ``allow_service``, are refused before anything runs."""
    check_syntax(text, path, allow_service=allow_service)
    return store.query(text, inferred=inferred, **_service_kw(allow_service))
