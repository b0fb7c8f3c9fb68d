"""Drugs most similar to one drug over a profile of relations (effects, indications, mechanisms).

A drug's profile is the set of (relation, term) pairs it has for the chosen relations, so
"dizziness as a side effect" and "dizziness as a withdrawal symptom" count separately.
Similarity is Jaccard (default), shared count, or cosine, computed for all drugs at once as one
sparse row product.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from kg.analysis.edges import EdgeTable
from kg.analysis.shared import incidence
from kg.errors import KGError

PROFILES = {
    "effects": ("hasSideEffect",),
    "withdrawal": ("hasWithdrawalSymptom",),
    "indications": ("indicatedFor", "usedOffLabelFor"),
    "mechanisms": ("hasMechanism", "targets"),
    "classes": ("hasDrugClass",),
    "all": ("hasSideEffect", "hasWithdrawalSymptom", "indicatedFor", "usedOffLabelFor",
            "hasMechanism", "targets", "hasDrugClass"),
}
SIMILARITY = ("jaccard", "shared", "cosine")


@dataclass(frozen=True)
class Similar:
    rank: int
    drug: str
    label: str
    score: float
    shared: int
    size: int
    terms: tuple[str, ...]

    def row(self) -> dict:
        return {"rank": self.rank, "drug": self.drug, "label": self.label,
                "score": round(self.score, 6), "shared": self.shared, "size": self.size,
                "terms": "; ".join(self.terms)}


def profile_relations(profile: str | Iterable[str]) -> list[str]:
    """Relation names of a named profile (``effects``, ``indications`` ...) or a list of them."""
    names = [profile] if isinstance(profile, str) else list(profile)
    rels: list[str] = []
    for name in names:
        for part in name.split(","):
            part = part.strip()
            rels.extend(PROFILES.get(part, (part,)))
    return list(dict.fromkeys(rels))


def similar(table: EdgeTable, drug: str, profile: str | Iterable[str] = "effects",
            metric: str = "jaccard", top: int | None = 10, max_terms: int = 6) -> list[Similar]:
    """Drugs ranked by similarity to ``drug`` (a label or name); ties by label."""
    if metric not in SIMILARITY:
        raise KGError(f"unknown similarity {metric!r}; choose from {', '.join(SIMILARITY)}")
    target = table.resolve(drug, "drug")
    rels = [r for r in profile_relations(profile) if r in table.relations]
    if not rels:
        raise KGError(f"no statements for profile {profile!r} in the graph")
    inc = incidence(table, rels, drugs=[d for d in table.drugs()])
    if target not in inc.drugs:
        raise KGError(f"{table.label(target)!r} is not a drug of this graph")
    X = inc.matrix.tocsr()
    i = inc.drugs.index(target)
    row = X[i]
    shared = np.asarray((X @ row.T).todense()).ravel()
    sizes = np.diff(X.indptr).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        if metric == "jaccard":
            scores = shared / (sizes + sizes[i] - shared)
        elif metric == "cosine":
            scores = shared / np.sqrt(sizes * sizes[i])
        else:
            scores = shared.astype(np.float64)
    scores = np.nan_to_num(scores)
    candidates = [j for j in range(len(inc.drugs)) if j != i and shared[j] > 0]
    candidates.sort(key=lambda j: (-scores[j], j))
    if top:
        candidates = candidates[:top]
    mine = set(X.indices[X.indptr[i]:X.indptr[i + 1]].tolist())
    result = []
    for rank, j in enumerate(candidates, start=1):
        theirs = set(X.indices[X.indptr[j]:X.indptr[j + 1]].tolist())
        labels = sorted({table.label(inc.terms[c]) for c in mine & theirs}, key=str.casefold)
        result.append(Similar(rank=rank, drug=inc.drugs[j], label=table.label(inc.drugs[j]),
                              score=float(scores[j]), shared=int(shared[j]), size=len(theirs),
                              terms=tuple(labels[:max_terms]) + (("…",) if len(labels) > max_terms else ())))
    return result


def why_none(table: EdgeTable, drug: str, profile: str | Iterable[str] = "effects") -> str:
    """Why no drug is similar to ``drug``: its profile, and that no other drug has any of it
    (both read from the table, that is, from the graph)."""
    target = table.resolve(drug, "drug")
    rels = [r for r in profile_relations(profile) if r in table.relations]
    mine = {(r, o) for s, r, o, _n, _sev in table.rows(rels) if s == target}
    label = table.label(target)
    from kg.query.explain_empty import NOUNS

    what = " or ".join(NOUNS.get(r, (r, r))[0] for r in rels) or str(profile)
    if not mine:
        return f"{label} has no {what} statement in this graph"
    terms = sorted({table.label(o) for _r, o in mine}, key=str.casefold)
    shown = ", ".join(terms[:6]) + (", …" if len(terms) > 6 else "")
    shared = "it" if len(mine) == 1 else "any of them"
    return (f"{label} has {len(mine)} recorded {what}{'' if len(mine) == 1 else 's'} ({shown}) and no other drug in this "
            f"graph has {shared}")
