"""Time OWL reasoning (owlready2 + HermiT) on the seed graph and on synthetic graphs.

    .venv/bin/python bench/bench_reasoning.py [--drugs 1000] [--full]

Prints one table row per graph: sizes, then the time to translate the graph into OWL, to run
HermiT (through owlready2: load, save for Java, the JVM, reading results back), to collect
memberships and closure, and to build the inferred rdflib graph. "reason" = translate + HermiT
+ collect, the figure the goal (≤ 5 s at 1,000 drugs) refers to. Building the input graphs
(``kg.build.graph``, ``kg.sources.synth``) is not timed. ``--full`` also times the 1,000-drug graph without
class collapsing (slow: about a minute).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rdflib import Graph, URIRef  # noqa: E402

from kg.reasoning.hermit import HAS_SERIOUS_SIDE_EFFECT, ReasonerInput, load_defined_module, reason  # noqa: E402
from kg.sources.synth import synthesize  # noqa: E402
from kg.vocab import PKG_IRI  # noqa: E402


def synthetic_input(n_drugs: int, seed: int = 0) -> tuple[ReasonerInput, dict]:
    """The reasoner input of a SIDER-shaped synthetic graph (kg.sources.synth), serious side effects
    derived from its severity codes as the build's evidence would give them."""
    synth = synthesize(n_drugs, seed=seed)
    ontology = Graph().parse(data="\n".join(synth.ontology_lines()) + "\n", format="nt")
    asserted = []
    for graph, line in synth.data_lines("none"):
        if graph == "asserted":
            s, p, o, _dot = line.split(" ")
            asserted.append((URIRef(s[1:-1]), URIRef(p[1:-1]), URIRef(o[1:-1])))
    inp = ReasonerInput.from_graphs(ontology, asserted, None, load_defined_module())
    drugs, effects = synth.drugs, synth.effects
    for d, e, sev in zip(synth.links[0].tolist(), synth.links[1].tolist(), synth.severity.tolist()):
        if sev == 2:
            inp.derived[(URIRef(PKG_IRI + drugs[d][0]), HAS_SERIOUS_SIDE_EFFECT,
                         URIRef(PKG_IRI + effects[e][0]))] = []
    sizes = {"drugs": synth.n_drugs, "classes": len(set(ontology.subjects())),
             "asserted": len(asserted)}
    return inp, sizes


def seed_input() -> tuple[ReasonerInput, dict]:
    from kg.build.graph import build

    built = build()
    inp = ReasonerInput.from_built(built)
    drugs = {s for s, p, _o in inp.asserted}
    return inp, {"drugs": len(drugs), "classes": len(set(built.ontology_graph.subjects())),
                 "asserted": len(inp.asserted)}


def measure(name: str, inp: ReasonerInput, sizes: dict, simplify: bool | None) -> dict:
    t0 = time.perf_counter()
    result = reason(inp, simplify=simplify, explain=False)
    total = time.perf_counter() - t0
    t1 = time.perf_counter()
    graph = result.to_graph()
    to_graph = time.perf_counter() - t1
    members = sum(len(v) for v in result.memberships.values())
    return {"graph": name, **sizes, "collapsed": result.stats["collapsed"],
            "owl axioms": result.stats["axioms"], "translate s": result.timings["translate"],
            "hermit s": result.timings["hermit"], "collect s": result.timings["collect"],
            "reason s": total, "memberships": members, "closure": len(result.closure),
            "graph s": to_graph, "inferred triples": len(graph)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drugs", type=int, nargs="*", default=[3, 1000])
    parser.add_argument("--full", action="store_true", help="also run 1,000 drugs unsimplified")
    args = parser.parse_args()
    rows = []
    inp, sizes = seed_input()
    rows.append(measure("seed", inp, sizes, None))
    for n in args.drugs:
        inp, sizes = synthetic_input(n)
        rows.append(measure(f"synthetic {n}", inp, sizes, None))
        if args.full and n >= 1000:
            rows.append(measure(f"synthetic {n} unsimplified", inp, sizes, False))
    headers = list(rows[0])
    cells = [[f"{r[h]:.2f}" if isinstance(r[h], float) else str(r[h]) for h in headers] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    print("  ".join(h.rjust(w) for h, w in zip(headers, widths)))
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print("  ".join(x.rjust(w) for x, w in zip(c, widths)))


if __name__ == "__main__":
    main()
