"""HTTP content negotiation for SPARQL results and RDF graphs.

>>> pick(RESULT_OFFERS, "text/csv;q=0.9, application/sparql-results+xml")
'xml'
>>> pick(RESULT_OFFERS, "text/html,application/xhtml+xml,*/*;q=0.8")
'json'
>>> pick(GRAPH_OFFERS, "application/sparql-results+json") is None
True
"""

from __future__ import annotations

from functools import lru_cache

#: (format, media types it answers) in the server's order of preference
RESULT_OFFERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("json", ("application/sparql-results+json", "application/json")),
    ("xml", ("application/sparql-results+xml", "application/xml", "text/xml")),
    ("csv", ("text/csv",)),
    ("tsv", ("text/tab-separated-values",)),
)
GRAPH_OFFERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # N3 clients (SPARQLWrapper's N3, rdflib) read Turtle, which is N3 without its extensions
    ("turtle", ("text/turtle", "application/x-turtle", "application/turtle", "text/n3",
                "text/rdf+n3")),
    ("ntriples", ("application/n-triples", "text/plain")),
    ("jsonld", ("application/ld+json", "application/x-json+ld", "application/json")),
    ("rdfxml", ("application/rdf+xml", "application/xml", "text/xml")),
)

#: ``format=`` request parameter values (for links and downloads, where no header can be set)
FORMAT_ALIASES = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    "turtle": "turtle", "ttl": "turtle", "nt": "ntriples", "ntriples": "ntriples",
    "n-triples": "ntriples", "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml",
    "rdf": "rdfxml", "xml-rdf": "rdfxml", "rdf+xml": "rdfxml", "n3": "turtle",
}


def format_alias(value: str) -> str | None:
    """The format a ``format``/``output``/``results`` parameter names: an alias above or a
    media type we offer (``application/rdf+xml``, as SPARQLWrapper sends). ``json`` and
    ``xml`` stay ambiguous (results or graph, decided by the query form).

    >>> format_alias("application/rdf+xml"), format_alias("N3"), format_alias("text/xml")
    ('rdfxml', 'turtle', 'xml')
    """
    key = value.strip().lower()
    if key in FORMAT_ALIASES:
        return FORMAT_ALIASES[key]
    if "," in key:  # a list of media types, as SPARQLWrapper sends for JSON-LD: the first known
        return next(filter(None, (format_alias(part) for part in key.split(",") if part)), None)
    key = key.split(";")[0].strip()
    if key in ("application/json", "application/xml", "text/xml"):
        return key.rsplit("/", 1)[1]
    for offers in (RESULT_OFFERS, GRAPH_OFFERS):
        for fmt, medias in offers:
            if key in medias:
                return fmt
    return None


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``[(media range, q)]``; a missing or empty header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    out = []
    for part in header.split(","):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media + "/*"
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(b[2:])))
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range matching ``media`` (0 when none)."""
    best, best_spec = 0.0, -1
    major = media.split("/")[0]
    for rng, q in ranges:
        if rng == media:
            spec = 2
        elif rng == major + "/*":
            spec = 1
        elif rng == "*/*":
            spec = 0
        else:
            continue
        if spec > best_spec:
            best, best_spec = q, spec
    return best


def pick(offers, accept: str | None) -> str | None:
    """The offered format the client accepts best (server order breaks ties), or ``None``."""
    if accept is not None and len(accept) > 1000:  # not worth a cache slot
        return _pick(tuple(offers), accept)
    return _pick_cached(tuple(offers), accept)


def _pick(offers, accept: str | None) -> str | None:
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for fmt, medias in offers:
        q = max(_quality(m, ranges) for m in medias)
        if q > best_q:
            best, best_q = fmt, q
    return best


_pick_cached = lru_cache(maxsize=512)(_pick)  # clients send the same few Accept headers


def offered_types(offers) -> list[str]:
    return [m for _, medias in offers for m in medias]
