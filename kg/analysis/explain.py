"""How are two entities related? The shortest labelled paths between them, with evidence.

The graph searched is every asserted statement (drug → term, drug → drug) plus, optionally, the
ontology's subclass axioms, taken undirected: "clonazepam —indicatedFor→ anxiety ←indicatedFor—
amitriptyline" is a path of length 2. Each step lists every relation that links its two ends
(in the direction stated) and the quotes of the evidence records behind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.analysis.edges import EdgeTable, Quote, local
from kg.analysis.network import to_networkx
from kg.errors import KGError


@dataclass(frozen=True)
class Link:
    """One stated relation between the two ends of a step, in its stated direction."""

    subject: str
    relation: str
    object: str
    evidence: int
    quotes: tuple[Quote, ...] = ()


@dataclass
class Step:
    source: str
    target: str
    source_label: str
    target_label: str
    links: list[Link] = field(default_factory=list)

    def text(self, table: EdgeTable) -> str:
        parts = []
        for link in self.links:
            if link.subject == self.source:
                parts.append(f"—{link.relation}→")
            else:
                parts.append(f"←{link.relation}—")
        return f"{self.source_label} {' / '.join(parts)} {self.target_label}"


@dataclass
class Path:
    nodes: list[str]
    steps: list[Step]

    def text(self, table: EdgeTable) -> str:
        if not self.steps:
            return table.label(self.nodes[0])
        out = table.label(self.nodes[0])
        for step in self.steps:
            rels = []
            for link in step.links:
                rels.append(f"—{link.relation}→" if link.subject == step.source else f"←{link.relation}—")
            out += f" {'/'.join(rels)} {step.target_label}"
        return out


def explain(table: EdgeTable, a: str, b: str, limit: int = 10, subclass_edges: bool = True,
            max_length: int | None = None) -> list[Path]:
    """Up to ``limit`` shortest paths from ``a`` to ``b`` (labels or names), ordered by total
    evidence (most first), then by the labels along the path."""
    import networkx as nx

    source, target = table.resolve(a), table.resolve(b)
    multi = to_networkx(table, subclass_edges=subclass_edges)
    for node in (source, target):
        if node not in multi:
            raise KGError(f"{table.label(node)!r} has no statements to follow")
    simple = nx.Graph()
    simple.add_nodes_from(multi.nodes)
    for u, v, data in multi.edges(data=True):
        if simple.has_edge(u, v):
            simple[u][v]["links"].append((u, v, data))
        else:
            simple.add_edge(u, v, links=[(u, v, data)])
    try:
        length = nx.shortest_path_length(simple, source, target)
    except nx.NetworkXNoPath:
        return []
    if max_length is not None and length > max_length:
        return []
    paths = []
    for nodes in nx.all_shortest_paths(simple, source, target):
        steps = []
        total = 0
        for u, v in zip(nodes, nodes[1:]):
            step = Step(source=u, target=v, source_label=table.label(u),
                        target_label=table.label(v))
            for s, o, data in sorted(simple[u][v]["links"],
                                     key=lambda x: (x[2]["relation"], x[0])):
                quotes = tuple(q for q in table.quotes_for(s, data["relation"], o) if not q.negated)
                step.links.append(Link(subject=s, relation=data["relation"], object=o,
                                       evidence=data["evidence"], quotes=quotes))
                total += data["evidence"]
            steps.append(step)
        paths.append((-total, [table.label(n).casefold() for n in nodes], Path(nodes, steps)))
        if len(paths) >= 10_000:
            break
    paths.sort(key=lambda x: (x[0], x[1]))
    return [p for _t, _l, p in paths[:limit]]


def path_rows(table: EdgeTable, paths: list[Path]) -> list[dict]:
    """One row per (path, step, stated relation, quote): for tables, JSON and CSV."""
    rows = []
    for number, path in enumerate(paths, start=1):
        for step_no, step in enumerate(path.steps, start=1):
            for link in step.links:
                base = {"path": number, "step": step_no, "subject": table.label(link.subject),
                        "relation": link.relation, "object": table.label(link.object),
                        "evidence": link.evidence}
                if not link.quotes:
                    rows.append({**base, "document": "", "quote": ""})
                for quote in link.quotes:
                    rows.append({**base, "document": quote.document, "quote": quote.quote})
    return rows


__all__ = ["explain", "path_rows", "Path", "Step", "Link", "local"]
