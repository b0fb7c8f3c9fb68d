"""``kg analyze ...`` (whole-graph analysis) and ``kg synth`` (SIDER-shaped synthetic graphs)."""

from __future__ import annotations

import sys

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app

analyze_app = typer.Typer(
    name="analyze",
    help="Whole-graph analysis: shared effects, similarity, centrality, explanations, regimens.",
    no_args_is_help=True,
)
app.add_typer(analyze_app, name="analyze")


@app.command()
def synth(
    drugs: Annotated[int, typer.Option("--drugs", "-n", help="Number of drugs (SIDER 4.1: 1430).")] = 1430,
    out: Annotated[Path, typer.Option("--out", "-o", dir_okay=False,
                                      help="File to write: .nq (named graphs like a build) or .nt.")] = Path("synth.nt"),
    seed: Annotated[int, typer.Option("--seed", help="Random seed; same seed, same graph.")] = 0,
    evidence: Annotated[str, typer.Option("--evidence", help="full (as the build writes it) or none.")] = "full",
    effects: Annotated[int | None, typer.Option("--effects", help="Number of side effects (default 5868).")] = None,
) -> None:
    """Write a synthetic graph shaped like SIDER 4.1 in pharmakg's vocabulary.

    Drugs, side effects (power-law popularity: the most common effect is listed for about half
    the drugs), withdrawal symptoms, indications, classes, mechanisms and interactions, each
    triple with evidence records like the real ones. Read it with `kg analyze ... --graph FILE`.
    """
    import time

    from kg.errors import KGError
    from kg.sources.synth import EVIDENCE_LEVELS, synthesize

    if evidence not in EVIDENCE_LEVELS:
        raise KGError(f"unknown evidence level {evidence!r}; choose from {', '.join(EVIDENCE_LEVELS)}")
    if drugs < 2:
        raise KGError("--drugs must be at least 2")
    started = time.perf_counter()
    graph = synthesize(drugs, seed, n_effects=effects)
    count = graph.write(out, evidence=evidence)
    typer.echo(f"wrote {out}: {graph.n_drugs} drugs, {graph.n_effects} side effects, "
               f"{graph.n_links} drug–side-effect links, {count} triples "
               f"({time.perf_counter() - started:.1f} s)", err=True)


# ------------------------------------------------------------------------------ kg analyze
GRAPH_HELP = ("Analyse this graph file (.nt/.nq read line by line, e.g. from `kg synth`; .ttl/.trig "
              "via rdflib) instead of the project's own graph.")
FORMAT_HELP = "Output: table, json or csv."
PLOT_HELP = "Also draw the result: .png/.svg (matplotlib) or .html (interactive, offline)."

GraphOpt = Annotated[Path | None, typer.Option("--graph", "-g", help=GRAPH_HELP, dir_okay=False)]
StoreOpt = Annotated[str | None, typer.Option("--store", help="Analyse the named store loaded by "
                                              "`kg load FILE... --name NAME` instead.")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)]
PlotOpt = Annotated[Path | None, typer.Option("--plot", help=PLOT_HELP, dir_okay=False)]
TopOpt = Annotated[int, typer.Option("--top", "-k", help="How many rows (0: all).")]


def _table(graph: Path | None, quotes: bool, store: str | None = None):
    """The edge table of ``--graph``, of a named store or of the built graph; a store's table
    is computed once per store generation and kept beside it (kg.analysis.edgecache)."""
    from kg.analysis import edgecache, edges

    if graph is not None:
        if store is not None:
            from kg.errors import KGError

            raise KGError("give --graph FILE or --store NAME, not both")
        return edges.from_file(graph, quotes=quotes)

    def note(message: str) -> None:
        print(f"note: {message}", file=sys.stderr)

    if store is not None:
        from kg.store.named import store_generation

        table = edgecache.cached_table(store_generation(store), quotes, notify=note)
    else:
        from kg.store.local import ensure_build  # (re)built first when missing or stale

        table = edgecache.cached_table(ensure_build(notify=note), quotes)  # small: no note
    table.notify = note  # a fuzzy pick of a name is said, as `kg query` says it
    return table


def _check(fmt: str, plot: Path | None) -> None:
    from kg.analysis.output import FORMATS
    from kg.analysis.plot import check_suffix
    from kg.errors import KGError

    if fmt not in FORMATS:
        raise KGError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if plot is not None:
        check_suffix(plot)


def _emit(rows, fmt: str, columns: list[str] | None = None) -> None:
    from kg.analysis.output import render

    typer.echo(render(rows, fmt, columns))


def _plotted(plot: Path | None) -> None:
    if plot is not None:
        typer.echo(f"wrote {plot}", err=True)


@analyze_app.command("shared-effects")
def shared_effects(
    relation: Annotated[str, typer.Option("--relation", "-r", help="side-effects, withdrawal, indications (or any relation name).")] = "side-effects",
    metric: Annotated[str, typer.Option("--metric", "-m", help="shared (count), jaccard or severity.")] = "shared",
    top: TopOpt = 20,
    method: Annotated[str, typer.Option("--method", help="sparse (fast) or networkx (same ranking).")] = "sparse",
    body_system: Annotated[str | None, typer.Option("--body-system", "-b", help="Only terms mapped to a body system whose name contains this (HPO, e.g. \"nervous system\").")] = None,
    graph: GraphOpt = None,
    store: StoreOpt = None,
    fmt: FormatOpt = "table",
    plot: PlotOpt = None,
) -> None:
    """Every drug pair ranked by the side effects (or withdrawal symptoms, indications) they share."""
    from kg.analysis.shared import shared_pairs

    _check(fmt, plot)
    table = _table(graph, quotes=False, store=store)
    if body_system is not None:
        table = _in_body_system(table, body_system)
    pairs = shared_pairs(table, relation, metric, top or None, method)
    rows = [p.row() for p in pairs]
    if not rows and body_system is not None:
        typer.echo(f"why: no two drugs share a {relation} term in body systems matching "
                   f"{body_system!r}", err=fmt != "table")
    columns = ["rank", "label_a", "label_b", "shared", "jaccard", "severity", "n_a", "n_b", "terms"]
    if fmt != "table":
        columns = ["rank", "a", "b", *columns[1:]]
    _emit(rows, fmt, columns)
    if plot is not None:
        from kg.analysis.plot import bar_chart, pairs_graph, save_network

        if plot.suffix.lower() == ".html":
            save_network(pairs_graph(pairs, metric), plot, f"drug pairs by {metric} {relation}")
        else:
            bar_chart([f"{p.label_a} + {p.label_b}" for p in pairs],
                      [getattr(p, metric) for p in pairs], plot,
                      f"Drug pairs by {metric} {relation}", metric)
        _plotted(plot)


def _in_body_system(table, text: str):
    """The table cut to the terms mapped to a body system whose label contains ``text``; a
    text that matches no system lists the systems there are."""
    from kg.errors import KGError

    terms = table.in_system(text)
    if not terms:
        known = sorted({s for systems in table.systems.values() for s in systems})
        raise KGError(f"--body-system: no body system of this graph's effects contains "
                      f"{text!r}; known: {', '.join(known) or 'none (no effect is mapped)'}")
    return table.restricted(terms)


@analyze_app.command()
def similar(
    drug: Annotated[str, typer.Argument(help="Drug label or name, e.g. clonazepam.")],
    profile: Annotated[str, typer.Option("--profile", "-p", help="effects, withdrawal, indications, mechanisms, classes, all (comma-separated).")] = "effects",
    metric: Annotated[str, typer.Option("--metric", "-m", help="jaccard, shared or cosine.")] = "jaccard",
    top: TopOpt = 10,
    graph: GraphOpt = None,
    store: StoreOpt = None,
    fmt: FormatOpt = "table",
    plot: PlotOpt = None,
) -> None:
    """Drugs most similar to DRUG over a profile of relations."""
    from kg.analysis.similar import similar as run, why_none

    _check(fmt, plot)
    table = _table(graph, quotes=False, store=store)
    result = run(table, drug, profile, metric, top or None)
    rows = [r.row() for r in result]
    _emit(rows, fmt, None if fmt != "table" else ["rank", "label", "score", "shared", "size", "terms"])
    if not result:  # an empty ranking says why
        typer.echo(f"why: {why_none(table, drug, profile)}", err=fmt != "table")
    if plot is not None:
        from kg.analysis.plot import bar_chart, save_network

        if plot.suffix.lower() == ".html":
            import networkx as nx

            g = nx.Graph()
            center = table.resolve(drug, "drug")
            g.add_node(center, label=table.label(center), kind=table.kind(center))
            for r in result:
                g.add_node(r.drug, label=r.label, kind=table.kind(r.drug))
                g.add_edge(center, r.drug, relation=f"{metric} {r.score:.3g}", weight=r.score)
            save_network(g, plot, f"drugs similar to {table.label(center)}")
        else:
            bar_chart([r.label for r in result], [r.score for r in result], plot,
                      f"Similar to {drug} ({profile})", metric)
        _plotted(plot)


@analyze_app.command("central-effects")
def central_effects(
    relation: Annotated[str, typer.Option("--relation", "-r", help="Relation(s) of the bipartite graph, comma-separated.")] = "side-effects",
    top: TopOpt = 20,
    graph: GraphOpt = None,
    store: StoreOpt = None,
    fmt: FormatOpt = "table",
    plot: PlotOpt = None,
) -> None:
    """Effects shared by the most drugs, and effects that are a side effect of one drug and a
    withdrawal symptom of another."""
    from kg.analysis.central import central_terms, cross_effects

    _check(fmt, plot)
    table = _table(graph, quotes=False, store=store)
    central = central_terms(table, [r.strip() for r in relation.split(",")], top or None)
    cross = cross_effects(table)
    if top:
        cross = cross[:top]
    sections = {"central_effects": [c.row() for c in central],
                "side_effect_and_withdrawal_symptom": [c.row() for c in cross]}
    if fmt == "table":
        for c in sections["central_effects"]:
            c.pop("term")
        for c in sections["side_effect_and_withdrawal_symptom"]:
            c.pop("effect")
    _emit(sections, fmt)
    if plot is not None:
        from kg.analysis.plot import bar_chart, save_network

        if plot.suffix.lower() == ".html":
            from kg.analysis.network import bipartite

            sub = bipartite(table, [r.strip() for r in relation.split(",")])
            keep = {c.term for c in central}
            keep |= {d for t in keep for d in sub.neighbors(t)}
            save_network(sub.subgraph(keep).copy(), plot, "central effects")
        else:
            bar_chart([c.label for c in central], [c.degree for c in central], plot,
                      f"Effects by number of drugs ({relation})", "drugs")
        _plotted(plot)


@analyze_app.command()
def explain(
    a: Annotated[str, typer.Argument(help="First entity (label or name).")],
    b: Annotated[str, typer.Argument(help="Second entity (label or name).")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many paths at most.")] = 10,
    no_subclass: Annotated[bool, typer.Option("--no-subclass", help="Do not follow subclass axioms.")] = False,
    graph: GraphOpt = None,
    store: StoreOpt = None,
    fmt: FormatOpt = "table",
    plot: PlotOpt = None,
) -> None:
    """The shortest labelled paths connecting A and B, each step with its evidence quotes."""
    from kg.analysis.explain import explain as run, path_rows

    _check(fmt, plot)
    table = _table(graph, quotes=True, store=store)
    paths = run(table, a, b, limit=limit, subclass_edges=not no_subclass)
    if not paths:
        typer.echo(f"no path between {a} and {b}")
    elif fmt == "table":
        for number, path in enumerate(paths, start=1):
            typer.echo(f"{number}. {path.text(table)}")
            for step in path.steps:
                for link in step.links:
                    typer.echo(f"     {table.label(link.subject)} {link.relation} "
                               f"{table.label(link.object)}  (evidence: {link.evidence})")
                    for q in link.quotes:
                        typer.echo(f"       [{q.document}] \"{q.quote}\"")
    else:
        _emit(path_rows(table, paths), fmt)
    if plot is not None and paths:
        import networkx as nx

        from kg.analysis.plot import save_network

        g = nx.MultiDiGraph()
        for path in paths:
            for node in path.nodes:
                g.add_node(node, label=table.label(node), kind=table.kind(node))
            for step in path.steps:
                for link in step.links:
                    g.add_edge(link.subject, link.object, key=link.relation,
                               relation=link.relation, evidence=link.evidence)
        save_network(g, plot, f"{a} – {b}")
        _plotted(plot)


@analyze_app.command()
def regimen(
    drugs: Annotated[list[str], typer.Argument(help="Two or more drugs taken together.")],
    graph: GraphOpt = None,
    store: StoreOpt = None,
    fmt: FormatOpt = "table",
    plot: PlotOpt = None,
) -> None:
    """Drugs taken together: side effects that add up, stated interactions and
    contraindications among them, and what the sources say about the combination, with quotes."""
    from kg.analysis.regimen import regimen as run

    _check(fmt, plot)
    table = _table(graph, quotes=True, store=store)
    result = run(table, drugs)
    typer.echo(render_regimen(result, fmt))
    if plot is not None:
        import networkx as nx

        from kg.analysis.plot import save_network

        g = nx.MultiDiGraph()
        for iri in result.drugs:
            g.add_node(iri, label=table.label(iri), kind=table.kind(iri))
        for add in result.additive:
            g.add_node(add.effect, label=add.label, kind="effect")
            for iri in result.drugs:
                if table.label(iri) in add.drugs:
                    g.add_edge(iri, add.effect, key="hasSideEffect", relation="hasSideEffect",
                               evidence=sum(1 for d, _q in add.quotes if d == table.label(iri)))
        save_network(g, plot, "regimen: " + " + ".join(result.labels))
        _plotted(plot)


def render_regimen(result, fmt: str) -> str:
    from kg.analysis.output import render

    sections = result.sections()
    if fmt == "json":
        return render({"drugs": [{"drug": d, "label": lab} for d, lab in zip(result.drugs, result.labels)],
                       **sections}, "json")
    return "regimen: " + " + ".join(result.labels) + "\n\n" + render(sections, fmt)
