"""NetworkX views of the graph: typed, labelled nodes and relation-labelled edges.

:func:`to_networkx` gives a ``MultiDiGraph`` with one node per drug or term (attributes
``label``, ``kind``, ``iri``) and one edge per asserted triple, keyed by relation (attributes
``relation``, ``evidence`` = number of evidence records, ``severity`` = highest stated
severity). Ontology subclass axioms can be added as ``subClassOf`` edges (evidence 0).
:func:`bipartite` gives the plain drug–term graph of some relations, the right shape for
projections and degree centrality.
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.analysis.edges import SEVERITY_NAMES, EdgeTable, local, relation_name


def _node_attrs(table: EdgeTable, iri: str) -> dict:
    return {"label": table.label(iri), "kind": table.kind(iri), "iri": iri, "name": local(iri)}


def to_networkx(table: EdgeTable, relations: Iterable[str] | None = None,
                subclass_edges: bool = False):
    """A ``networkx.MultiDiGraph`` of the chosen relations (all when ``None``)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    rels = None if relations is None else [relation_name(r) for r in relations]
    for s, p, o, n, sev in table.rows(rels):
        for node in (s, o):
            if node not in graph:
                graph.add_node(node, **_node_attrs(table, node))
        graph.add_edge(s, o, key=p, relation=p, evidence=n, severity=SEVERITY_NAMES[sev])
    if subclass_edges:
        present = list(graph.nodes)
        seen = set(present)
        stack = present
        while stack:
            child = stack.pop()
            for parent in table.superclasses.get(child, ()):
                if parent not in seen:
                    seen.add(parent)
                    graph.add_node(parent, **_node_attrs(table, parent))
                    stack.append(parent)
                graph.add_edge(child, parent, key="subClassOf", relation="subClassOf",
                               evidence=0, severity="")
    return graph


def bipartite(table: EdgeTable, relations: Iterable[str] = ("side-effects",)):
    """Undirected drug–term ``networkx.Graph`` (``bipartite`` = 0 for drugs, 1 for terms);
    edge attributes ``relations`` (set), ``evidence`` (sum)."""
    import networkx as nx

    graph = nx.Graph()
    for s, p, o, n, _sev in table.rows([relation_name(r) for r in relations]):
        if s not in graph:
            graph.add_node(s, bipartite=0, **_node_attrs(table, s))
        if o not in graph:
            graph.add_node(o, bipartite=1, **_node_attrs(table, o))
        if graph.has_edge(s, o):
            graph[s][o]["relations"].add(p)
            graph[s][o]["evidence"] += n
        else:
            graph.add_edge(s, o, relations={p}, evidence=n)
    return graph
