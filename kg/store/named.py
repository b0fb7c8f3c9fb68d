"""Named stores: a large graph loaded once (``kg load FILE... --name NAME``), then queried,
analysed and served like the seed build (decision 0011).

A named store lives in ``$PHARMAKG_HOME/stores/NAME/`` with exactly the seed build's layout and
machinery (decision 0008): generation folders under ``builds/``, the current one named by the
``build`` symlink, swapped atomically by :func:`kg.build.buildstore.write_generation` once the new
generation is complete. A generation holds the pyoxigraph store (``oxigraph/``), the analysis
edge table (``edges.npz``, :mod:`kg.analysis.edgecache`), answers to the name-listing queries
of name resolution (``answers/``, :class:`NamedStore`) and ``manifest.json`` (written last).
The input files are not copied: the store is the data.

Triples files (N-Triples, Turtle, RDF/XML) go into the asserted graph ``pkgd:graph/asserted``,
so that every query sees them in its default graph; quads files (N-Quads, TriG) keep their
graphs (``kg synth -o x.nq`` and ``kg build``'s N-Quads use the pharmakg graphs).
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
import secrets
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from kg import paths
from kg.errors import KGError
from kg.store.base import Result, Term
from kg.store.local import MANIFEST, OXIGRAPH_DIR, current_generation
from kg.store.oxigraph import OxigraphStore

STORES = "stores"
KIND = "named-store"
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
#: file extension -> (pyoxigraph format name, holds named graphs)
FORMATS = {".nt": ("N_TRIPLES", False), ".nq": ("N_QUADS", True), ".ttl": ("TURTLE", False),
           ".trig": ("TRIG", True), ".rdf": ("RDF_XML", False), ".owl": ("RDF_XML", False),
           ".xml": ("RDF_XML", False)}
#: formats the analysis edge table can read line by line while the store loads
LINE_FORMATS = {".nt", ".nq"}
ANSWERS_DIR = "answers"  # kept SELECT answers of a generation (NamedStore.cached_select)
#: kinds of names resolved when loading, so the first `kg query --store` does not pay for them
PRELOADED_KINDS = ("drug",)


class NamedStore(OxigraphStore):
    """The pyoxigraph store of a named-store generation. A generation never changes, so a
    SELECT asked again and again — the resolver's list of every drug's names, ~0.2 s at 1,430
    drugs and ~0.8 s at 10,000 — is answered once and kept beside it as SPARQL results JSON."""

    def __init__(self, store, path: Path | None, generation: Path) -> None:
        super().__init__(store, path)
        self.generation = generation

    @classmethod
    def open_generation(cls, generation: Path) -> NamedStore:
        """Open a generation's store read-only."""
        opened = OxigraphStore.open(generation / OXIGRAPH_DIR)
        return cls(opened.raw, opened.path, generation)

    def cached_select(self, sparql: str, *, inferred: bool = False) -> Result:
        """The answer of a parameterless SELECT, from the generation's ``answers/`` when it was
        asked before (the key is a hash of the text), else evaluated and kept."""
        digest = hashlib.sha256(f"{inferred}\n{sparql}".encode()).hexdigest()[:40]
        path = self.generation / ANSWERS_DIR / f"{digest}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            names = data["head"]["vars"]
            return Result(vars=names, bindings=[
                tuple(Term.from_json(row[v]) if v in row else None for v in names)
                for row in data["results"]["bindings"]])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        result = self.query(sparql, inferred=inferred)
        if result.vars is not None:
            from kg.atomic import write_bytes_atomic

            try:
                path.parent.mkdir(exist_ok=True)
                write_bytes_atomic(path, json.dumps(result.to_sparql_json()).encode("utf-8"))
            except OSError:
                pass  # a read-only home: answer anyway
        return result


def stores_dir(home: Path | str | None = None) -> Path:
    """Where named stores live: ``$PHARMAKG_HOME/stores``."""
    return (Path(home) if home is not None else paths.home_dir()) / STORES


def check_name(name: str) -> str:
    """A store name is a plain file name (letters, digits, ``._-``), so it can be a folder."""
    if not NAME_RE.fullmatch(name or ""):
        raise KGError(f"bad store name {name!r}: use letters, digits, '.', '_' or '-' "
                      "(at most 64, starting with a letter or digit)")
    return name


def store_home(name: str, home: Path | str | None = None) -> Path:
    """The folder of store ``name`` (its ``build`` link, its ``builds/`` generations)."""
    return stores_dir(home) / check_name(name)


def store_names(home: Path | str | None = None) -> list[str]:
    """Names of the stores that have a complete generation, sorted."""
    folder = stores_dir(home)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir()
                  if NAME_RE.fullmatch(p.name) and current_generation(p) is not None)


def store_generation(name: str, home: Path | str | None = None) -> Path:
    """The current generation folder of store ``name``, resolved once (so a reader opens one
    whole generation even if a load swaps the link meanwhile)."""
    found = current_generation(store_home(name, home))
    if found is None or not (found / MANIFEST).is_file():
        known = ", ".join(store_names(home)) or "none yet"
        raise KGError(f"no store named {name!r} (stores: {known}); "
                      f"load one with `kg load FILE... --name {name}`")
    return found


def read_store_manifest(generation: Path) -> dict:
    """The manifest of a store generation (written last, so present means complete)."""
    try:
        return json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KGError(f"cannot read the store manifest: {exc}", path=generation / MANIFEST) from None


def _format_of(path: Path):
    import pyoxigraph as ox

    spec = FORMATS.get(path.suffix.lower())
    if spec is None:
        raise KGError(f"unknown RDF format {path.suffix or '(no extension)'!r}; use one of "
                      f"{', '.join(sorted(FORMATS))}", path=path)
    return getattr(ox.RdfFormat, spec[0]), spec[1]


def _checked_files(files: Sequence[Path | str]) -> list[Path]:
    if not files:
        raise KGError("kg load needs at least one RDF file")
    out = []
    for file in map(Path, files):
        if not file.is_file():
            raise KGError("no such file" if not file.exists() else "not a file", path=file)
        _format_of(file)
        out.append(file.resolve())
    return out


def _bulk_load(store, file: Path) -> None:
    """One file into the store; a parse error becomes a KGError at the parser's file:line:col."""
    import pyoxigraph as ox

    from kg.store.base import GRAPH_ASSERTED

    fmt, has_graphs = _format_of(file)
    try:
        if has_graphs:
            store.bulk_load(path=str(file), format=fmt)
        else:
            store.bulk_load(path=str(file), format=fmt, to_graph=ox.NamedNode(GRAPH_ASSERTED))
    except SyntaxError as exc:
        # the position is in the KGError; keep only what went wrong
        detail = re.sub(r"^Parser error (?:at|between) [^:]*: ", "", str(exc.msg or exc))
        raise KGError(f"not valid {file.suffix[1:]}: {detail}", path=file, line=exc.lineno,
                      column=exc.offset) from None
    except OSError as exc:
        raise KGError(f"cannot load: {exc}", path=file) from None


class _LineTable(threading.Thread):
    """The analysis edge table read line by line from N-Triples/N-Quads files, in a thread
    beside the bulk load (pyoxigraph releases the GIL while it loads)."""

    def __init__(self, files: list[Path]) -> None:
        super().__init__(daemon=True)
        self.files = files
        self.table = None

    def run(self) -> None:
        from kg.analysis.edges import from_files

        try:
            self.table = from_files(self.files, quotes=False)
        except Exception:  # a malformed file: the bulk load reports it, located
            self.table = None


def _keep_answers(store, folder: Path) -> None:
    """Resolve the kinds of names most queries need once, keeping the answers in the new
    generation (the wrapper goes out of scope here, so the store can be closed after)."""
    from kg.query.resolve import Resolver

    resolver = Resolver(NamedStore(store, None, folder))
    for kind in PRELOADED_KINDS:
        resolver.candidates(kind)


def _fill(folder: Path, files: list[Path], name: str,
          notify: Callable[[str], None] | None) -> None:
    """Write a complete store generation into ``folder``: the store, the edge table, the
    manifest last."""
    import pyoxigraph as ox

    from kg.analysis import edgecache
    from kg.atomic import write_bytes_atomic

    generation_id = secrets.token_hex(8)
    reader = _LineTable(files) if all(f.suffix.lower() in LINE_FORMATS for f in files) else None
    if reader is not None:
        reader.start()
    store = ox.Store(str(folder / OXIGRAPH_DIR))
    for file in files:
        if notify:
            notify(f"loading {file} ...")
        _bulk_load(store, file)
    store.flush()
    quads = len(store)
    _keep_answers(store, folder)
    table = None
    if reader is not None:
        reader.join()
        table = reader.table
    if table is None:
        from kg.analysis.edges import from_store

        table = from_store(store, quotes=False)
    del store
    gc.collect()  # pyoxigraph closes the folder when the store object is freed
    edgecache.save(table, folder, generation_id, quotes=False)
    manifest = {"kind": KIND, "name": name, "generation_id": generation_id,
                "oxigraph": OXIGRAPH_DIR, "quads": quads,
                "files": [{"path": str(f), "bytes": f.stat().st_size} for f in files]}
    write_bytes_atomic(folder / MANIFEST,
                       (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())


def load_store(files: Sequence[Path | str], name: str, home: Path | str | None = None,
               notify: Callable[[str], None] | None = None) -> Path:
    """Load RDF ``files`` into a new generation of store ``name`` and make it current; return
    the new generation folder. A bad file raises a located :class:`KGError` and leaves the
    previous generation (if any) exactly as it was."""
    from kg.build.buildstore import write_generation

    checked = _checked_files(files)
    target = store_home(name, home)
    target.mkdir(parents=True, exist_ok=True)
    write_generation(target, name[:16], lambda folder, _previous: _fill(folder, checked, name,
                                                                        notify))
    return store_generation(name, home)
