"""``kg serve``: the SPARQL 1.1 endpoint, named-query API and browser UI (see ``app``)."""

from __future__ import annotations


def create_app(store, **options):
    """See :func:`kg.server.app.create_app` (imported lazily: Starlette is only loaded here)."""
    from kg.server.app import create_app as _create

    return _create(store, **options)
