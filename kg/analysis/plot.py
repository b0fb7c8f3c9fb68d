"""Pictures of analysis results: matplotlib (PNG, SVG) and pyvis (interactive HTML, offline).

Matplotlib always runs with the non-interactive Agg backend. HTML networks embed vis-network
inline (pyvis ``cdn_resources="in_line"``) and drop pyvis' external Bootstrap links, so the file
opens without network access.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import KGError

PLOT_SUFFIXES = (".png", ".svg", ".html")

KIND_COLOURS = {"drug": "#1f77b4", "combination": "#9467bd", "effect": "#d62728",
                "condition": "#2ca02c", "condition/effect": "#bcbd22", "drug class": "#8c564b",
                "mechanism": "#e377c2", "target": "#7f7f7f", "withdrawal management": "#17becf"}


def check_suffix(path: Path) -> None:
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise KGError(f"cannot plot to {path.name}: use one of {', '.join(PLOT_SUFFIXES)}",
                      path=path)


def _pyplot():
    import sys

    import matplotlib

    # Agg unless pyplot is already set up (a notebook's inline backend must stay as it is)
    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def bar_chart(labels: list[str], values: list[float], path: Path, title: str,
              xlabel: str) -> Path:
    """A horizontal bar chart, largest on top, written to ``path`` (PNG or SVG)."""
    plt = _pyplot()
    height = max(2.5, 0.32 * len(labels) + 1.2)
    fig, ax = plt.subplots(figsize=(8, height))
    ax.barh(range(len(labels))[::-1], values, color="#4477aa")
    ax.set_yticks(range(len(labels))[::-1], labels, fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def draw_network(graph, path: Path | None = None, title: str = "", ax=None, seed: int = 7):
    """Draw a NetworkX graph with node attributes ``label``/``kind`` (matplotlib), coloured by
    kind; edges labelled by ``relation`` when the graph is small. Returns the axes."""
    import networkx as nx

    plt = _pyplot()
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=(11, 8))
    if 2 < len(graph) <= 300:  # stress-based layout: spreads hubs apart, deterministic
        pos = nx.kamada_kawai_layout(nx.Graph(graph).to_undirected())
    else:
        pos = nx.spring_layout(graph, seed=seed, k=1.2 / max(1, len(graph)) ** 0.5)
    colours = [KIND_COLOURS.get(graph.nodes[n].get("kind", ""), "#999999") for n in graph]
    sizes = [min(1400, 250 + 40 * graph.degree(n)) for n in graph]
    simple = nx.Graph(graph)
    widths = [0.5 + min(4.0, float(d.get("evidence", d.get("weight", 1)) or 1) * 0.5)
              for _u, _v, d in simple.edges(data=True)]
    nx.draw_networkx_edges(simple, pos, ax=ax, width=widths, alpha=0.35)
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=colours, node_size=sizes, alpha=0.9)
    nx.draw_networkx_labels(graph, pos, ax=ax,
                            labels={n: graph.nodes[n].get("label", str(n)) for n in graph},
                            font_size=7)
    if graph.number_of_edges() <= 40:
        edge_labels = {}
        for u, v, d in graph.edges(data=True):
            rel = d.get("relation", "")
            key = (u, v)
            edge_labels[key] = (edge_labels[key] + "/" + rel) if key in edge_labels else rel
        nx.draw_networkx_edge_labels(simple, pos, edge_labels=edge_labels, ax=ax, font_size=6)
    handles = [plt.Line2D([], [], marker="o", ls="", color=c, label=k)
               for k, c in KIND_COLOURS.items()
               if any(graph.nodes[n].get("kind") == k for n in graph)]
    if handles:
        ax.legend(handles=handles, loc="best", fontsize=7)
    ax.set_title(title)
    ax.set_axis_off()
    if own and path is not None:
        fig.tight_layout()
        fig.savefig(path)
        plt.close(fig)
    return ax


def network_html(graph, path: Path, title: str = "") -> Path:
    """An interactive HTML network (pyvis) with every resource inlined: works offline."""
    from pyvis.network import Network

    net = Network(height="750px", width="100%", directed=graph.is_directed(),
                  cdn_resources="in_line", heading=title, notebook=False)
    for node, data in graph.nodes(data=True):
        kind = data.get("kind", "")
        net.add_node(str(node), label=data.get("label", str(node)), title=f"{kind}: {node}",
                     color=KIND_COLOURS.get(kind, "#999999"), size=12 + 3 * graph.degree(node))
    for u, v, data in graph.edges(data=True):
        rel = data.get("relation", "")
        ev = data.get("evidence", data.get("weight", ""))
        net.add_edge(str(u), str(v), title=f"{rel} (evidence: {ev})", label=rel,
                     value=float(ev or 1))
    html = net.generate_html()
    # pyvis links Bootstrap from a CDN even when inlining vis-network; the page does not need it
    html = re.sub(r'<link[^>]+href="https?://[^"]+"[^>]*/?>', "", html)
    html = re.sub(r'<script[^>]+src="https?://[^"]+"[^>]*>\s*</script>', "", html)
    Path(path).write_text(html, encoding="utf-8")
    return Path(path)


def save_network(graph, path: Path, title: str = "") -> Path:
    """Write a network picture: ``.html`` interactive, ``.png``/``.svg`` static."""
    path = Path(path)
    check_suffix(path)
    if path.suffix.lower() == ".html":
        return network_html(graph, path, title)
    draw_network(graph, path, title)
    return path


def pairs_graph(pairs, score: str = "shared"):
    """A drug–drug graph of ranked pairs (edge ``weight`` = the score)."""
    import networkx as nx

    graph = nx.Graph()
    for p in pairs:
        for iri, label in ((p.a, p.label_a), (p.b, p.label_b)):
            graph.add_node(iri, label=label, kind="drug")
        graph.add_edge(p.a, p.b, weight=getattr(p, score), relation=f"{score} {getattr(p, score):.3g}"
                       if isinstance(getattr(p, score), float) else f"{score} {getattr(p, score)}")
    return graph
