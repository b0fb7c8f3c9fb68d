"""Issue 14, item 9: the named queries work on what a third party loads the exports into.

A plain ``pyoxigraph.Store()`` (its default graph is just its default graph, no union of the
named graphs) loaded from one single-graph export written by ``kg export -o`` (Turtle,
N-Triples) must give the built store's answers to every named query, for the parameter sets of
``tests/test_store_contract.py`` and compared the same way. The N-Quads export keeps the data
in named graphs, so the same plain store sees an empty default graph and no answers: such a
store needs its union-default-graph option (``docs/exports.md``).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query.named import run_named_query
from kg.store import open_store
from kg.store.base import dataset_graphs
from kg.store.oxigraph import OxigraphStore
from tests.interop import PlainOxigraph
from tests.test_store_contract import CASES, canonical, kg
from tests.test_store_contract import kg_env as env_for

SINGLE_GRAPH = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A PHARMAKG_HOME built by the console script, as a user's would be."""
    folder = tmp_path_factory.mktemp("interop-queries-home")
    kg("build", env=env_for(folder))
    return folder


@pytest.fixture(scope="module")
def reference(home):
    """The built store: the answers the exports must reproduce."""
    with open_store("oxigraph", home=home, rebuild=False) as store:
        yield store


def exported(home: Path, suffix: str) -> Path:
    """``kg export -o pharmakg.<suffix>`` (format from the extension, ``--scope all``)."""
    out = home.parent / f"pharmakg.{suffix}"
    if not out.exists():
        kg("export", "-o", str(out), env=env_for(home))
    return out


@pytest.fixture(scope="module", params=sorted(SINGLE_GRAPH))
def plain(request, home) -> PlainOxigraph:
    """A plain store loaded from one single-graph export."""
    return PlainOxigraph(exported(home, request.param), SINGLE_GRAPH[request.param])


@pytest.mark.parametrize("name,params", CASES, ids=[f"{n}-{'-'.join(p.values()) or 'all'}"
                                                    for n, p in CASES])
def test_named_query_on_plain_store_from_single_graph_export(plain, reference, name, params):
    expected = run_named_query(reference, name, params)
    assert len(expected) > 0, "choose parameters with a non-empty answer"
    assert canonical(run_named_query(plain, name, params)) == canonical(expected)


def test_single_graph_export_is_all_in_the_default_graph(plain, reference):
    assert plain.graph_names() == []
    assert plain.default_graph_size() == len(plain) > 0


def test_nquads_export_needs_a_union_default_graph(home, reference):
    nquads = exported(home, "nq")
    plain = PlainOxigraph(nquads, ox.RdfFormat.N_QUADS)
    assert plain.default_graph_size() == 0
    assert plain.graph_names() == sorted(dataset_graphs(False))
    for name, params in (("sources", {}), ("conflicts", {})):
        assert len(run_named_query(reference, name, params)) > 0
        assert len(run_named_query(plain, name, params)) == 0
        # the same file with the default graph as the union of its named graphs answers alike
        union = OxigraphStore.in_memory(nquads)
        assert canonical(run_named_query(union, name, params)) == \
            canonical(run_named_query(reference, name, params))
