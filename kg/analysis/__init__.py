"""Whole-graph analysis of pharmakg: NetworkX views, shared effects, similarity, explanations.

One concern per module:

* :mod:`kg.analysis.edges` — the light, fast path from a graph (built dataset, N-Triples/N-Quads
  file, pyoxigraph store) to an :class:`~kg.analysis.edges.EdgeTable` of drug→term edges with
  labels, node kinds, evidence counts and severity weights;
* :mod:`kg.analysis.network` — NetworkX conversion (typed, labelled nodes; relation-labelled
  edges with evidence counts);
* :mod:`kg.analysis.shared` — all drug pairs ranked by shared terms (count, Jaccard, severity);
  a scipy sparse/BLAS path and a NetworkX bipartite-projection path with identical rankings;
* :mod:`kg.analysis.similar`, :mod:`kg.analysis.central`, :mod:`kg.analysis.explain`,
  :mod:`kg.analysis.regimen` — the other questions of ``kg analyze``;
* :mod:`kg.analysis.plot` — matplotlib and pyvis pictures.
"""
