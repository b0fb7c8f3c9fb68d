"""Positional parameter values for ``kg query NAME VALUE...``: people type
``kg query side-effects Klonopin``, so values after the name fill the query's parameters in
order (those not already given with ``-p``)."""

from __future__ import annotations

from kg.errors import KGError


def assign_positional(query, values: list[str], params: dict[str, str]) -> dict[str, str]:
    """``params`` plus ``values`` given to the parameters not yet set, in the query's order;
    too many values name the parameters and the ``-p key=value`` form."""
    if not values:
        return params
    free = [p for p in query.params if p.name not in params]
    if len(values) > len(free):
        spelled = " ".join(f"-p {p.name}=..." for p in query.params) or "no parameters"
        raise KGError(f"query {query.name!r} takes {len(query.params)} parameter"
                      f"{'' if len(query.params) == 1 else 's'} ({spelled}); "
                      f"got {len(values)} value{'' if len(values) == 1 else 's'} "
                      f"({', '.join(repr(v) for v in values)})"
                      + (f" besides {', '.join(f'-p {k}' for k in params)}" if params else ""))
    out = dict(params)
    for param, value in zip(free, values):
        out[param.name] = value
    return out
