"""``kg serve --curate``: the review page's API over the curation package.

Every call needs ``Authorization: Bearer <token>`` (the rule updates follow): the page reads
the token from the URL fragment ``kg serve`` prints, so it never reaches a server log. Reads
and writes go through :mod:`kg.curation`, which locks and saves each decision as it is made.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from kg.errors import KGError

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_BODY = 64 << 10  # a decision with edits is a few hundred bytes
#: root class -> the kind shown for a term, in the order a term's kind is chosen
KIND_ROOTS = (("Drug", "drug"), ("DrugCombination", "drug combination"),
              ("Condition", "condition"), ("Effect", "effect"),
              ("MechanismOfAction", "mechanism"), ("MolecularTarget", "target"),
              ("WithdrawalManagement", "management"), ("Population", "population"),
              ("Route", "route"), ("Severity", "severity"), ("StatementContext", "context"))
QUALIFIER_CLASSES = {"severity": "Severity", "context": "StatementContext",
                     "population": "Population"}
NEW_TERM_KINDS = ("drug", "drug class", "condition", "effect", "target", "mechanism",
                  "management")


class Curation:
    """The review routes, bound to the token and the reviewer's name."""

    def __init__(self, token: str, reviewer: str) -> None:
        if not token:
            raise ValueError("curation needs a bearer token")
        self.token = token
        self.reviewer = reviewer

    def routes(self) -> list[Route]:
        return [
            Route("/curate", self.page, methods=["GET"]),
            Route("/curate/{doc}", self.page, methods=["GET"]),
            Route("/api/curate/documents", self.documents, methods=["GET"]),
            Route("/api/curate/documents/{doc}", self.document, methods=["GET"]),
            Route("/api/curate/documents/{doc}/decide", self.decide, methods=["POST"]),
            Route("/api/curate/documents/{doc}/accept-tier", self.accept_tier,
                  methods=["POST"]),
        ]

    async def page(self, request: Request) -> Response:
        return FileResponse(STATIC_DIR / "curate.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    def _authorised(self, request: Request) -> Response | None:
        from kg.server.app import check_token

        if check_token(request, self.token):
            return None
        return _json({"error": "curation needs 'Authorization: Bearer <token>' (open the URL "
                               "kg serve --curate printed)"}, 401,
                     {"WWW-Authenticate": 'Bearer realm="pharmakg curation"'})

    async def documents(self, request: Request) -> Response:
        return await self._call(request, _documents)

    async def document(self, request: Request) -> Response:
        return await self._call(request, _document, request.path_params["doc"])

    async def decide(self, request: Request) -> Response:
        return await self._post(request, _decide)

    async def accept_tier(self, request: Request) -> Response:
        return await self._post(request, _accept_tier)

    async def _post(self, request: Request, func) -> Response:
        refused = self._authorised(request)
        if refused is not None:
            return refused
        body = await _body(request)
        if isinstance(body, Response):
            return body
        return await self._call(request, func, request.path_params["doc"], body, self.reviewer)

    async def _call(self, request: Request, func, *args) -> Response:
        refused = self._authorised(request)
        if refused is not None:
            return refused
        try:
            return _json(await run_in_threadpool(func, *args))
        except KGError as exc:
            return _json({"error": exc.message}, 404 if "no review file" in exc.message
                         or "no corpus document" in exc.message else 422)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status_code=status,
                    media_type="application/json", headers=headers)


async def _body(request: Request) -> dict[str, Any] | Response:
    from kg.server.app import HTTPError, read_body

    try:
        raw = await read_body(request, MAX_BODY)
    except HTTPError as exc:
        return _json({"error": exc.message}, exc.status)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _json({"error": "the body must be a JSON object"}, 400)
    if not isinstance(data, dict):
        return _json({"error": "the body must be a JSON object"}, 400)
    return data


def _documents() -> dict[str, Any]:
    from kg.sources.corpus import load_corpus
    from kg.curation.review import ReviewFile, review_dir

    corpus = load_corpus()
    out = []
    for path in sorted(review_dir().glob("*.yaml")) if review_dir().is_dir() else []:
        if path.stem not in corpus:
            continue
        review = ReviewFile.load(path.stem)
        out.append({"id": path.stem, "title": corpus[path.stem].title,
                    "candidates": len(review.candidates),
                    "undecided": len(review.undecided())})
    return {"documents": out}


def _kind(ontology, term) -> str | None:
    from kg.vocab import TERM

    above = ontology.superclasses(term.iri) if term.is_class else ontology.classes_of(term.iri)
    for root, kind in KIND_ROOTS:
        if TERM[root] in above:
            return kind
    return None


def _vocabulary() -> dict[str, Any]:
    """What the edit form offers: statement relations, terms by kind, qualifier values."""
    from rdflib import OWL

    from kg.sources.ontology import Ontology
    from kg.statements.curated import STRUCTURAL_PROPERTIES
    from kg.vocab import TERM

    ontology = Ontology.load()
    relations, terms = [], []
    qualifiers: dict[str, list[dict[str, str]]] = {k: [] for k in QUALIFIER_CLASSES}
    for name, term in ontology.terms.items():
        if term.is_property:
            if str(term.iri) not in STRUCTURAL_PROPERTIES and \
                    OWL.AnnotationProperty not in term.kinds:
                relations.append({"id": name, "label": term.label or name})
            continue
        kind = _kind(ontology, term)
        if kind is None:
            continue
        entry = {"id": name, "label": term.label or name, "kind": kind}
        for key, cls in QUALIFIER_CLASSES.items():
            if term.is_individual and TERM[cls] in ontology.classes_of(term.iri):
                qualifiers[key].append(entry)
        terms.append(entry)
    return {"relations": relations, "terms": terms, "qualifiers": qualifiers,
            "kinds": list(NEW_TERM_KINDS)}


def _document(doc: str) -> dict[str, Any]:
    from kg.sources.corpus import load_corpus
    from kg.curation.review import ReviewFile

    corpus = load_corpus()
    if doc not in corpus:
        raise KGError(f"no corpus document {doc!r}")
    review = ReviewFile.load(doc)
    candidates = [dict(c, decision=review.decisions.get(c["id"])) for c in review.candidates]
    return {"document": {"id": doc, "title": corpus[doc].title, "url": corpus[doc].url},
            "text": corpus[doc].text, "candidates": candidates, **_vocabulary()}


def _decide(doc: str, body: dict[str, Any], reviewer: str) -> dict[str, Any]:
    from kg.curation import decide

    action = body.get("action")
    edits = body.get("edits")
    if edits is not None and not isinstance(edits, dict):
        raise KGError("edits must be an object")
    decision = decide(doc, str(body.get("candidate")), str(action), reviewer=reviewer,
                      edits=edits or None)
    return {"candidate": decision.candidate, "decision": decision.decision,
            "statement": decision.statement, "reviewer": reviewer}


def _accept_tier(doc: str, body: dict[str, Any], reviewer: str) -> dict[str, Any]:
    from kg.curation import accept_tier

    tier = body.get("tier")
    if tier not in ("A", "B", "C"):
        raise KGError("tier must be A, B or C")
    decisions, refused = accept_tier(doc, (tier,), reviewer=reviewer)
    return {"accepted": [d.candidate for d in decisions],
            "refused": [{"candidate": c, "error": e.message} for c, e in refused]}
