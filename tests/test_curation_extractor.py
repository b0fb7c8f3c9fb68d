"""The loop with the real extractor: kg add runs kg.ingest on documents written for the test,
a person's recorded decisions (fixtures/curation/extractor-decisions.yaml) are applied, and the
build answers for the new drugs. Also the figures the README reports: how many proposals a
curator accepts as they are, edits, rejects."""

from __future__ import annotations

import yaml

from test_curation import (CURATION, DOCS, REVIEWER, decision_key, edits_for,
                           resources)  # noqa: F401  (fixture)


def decision_for(wanted: dict, candidate: dict):
    """The recorded decision of a candidate: by its key, or — when the extractor proposes the
    same statement from two sentences — by its key and the opening of its quote."""
    key = decision_key(candidate)
    return wanted.get(f"{key} | {candidate['quote'][:30]}", wanted.get(key))


def recorded(name: str) -> dict:
    raw = yaml.safe_load((CURATION / "extractor-decisions.yaml").read_text(encoding="utf-8"))
    return raw[name]


def test_extractor_proposals_through_review_to_the_graph(resources):
    from kg.build.graph import build
    from kg.sources.corpus import load_corpus
    from kg.curation import ReviewFile, add_document, decide

    counts = {"accepted": 0, "edited": 0, "rejected": 0}
    for name in DOCS:
        added = add_document(CURATION / f"{name}.txt")
        doc = added.document
        text = load_corpus()[doc].text
        wanted = recorded(name)
        review = ReviewFile.load(doc)
        assert review.extractor["name"] == "pharmakg-rules"
        keys = [decision_key(c) for c in review.candidates]
        assert sorted(keys) == sorted(k.split(" | ")[0] for k in wanted), \
            "the extractor changed: judge its proposals again"
        for candidate in review.candidates:
            value = decision_for(wanted, candidate)
            if value == "accept":
                result = decide(doc, candidate["id"], "accept", reviewer=REVIEWER)
            elif "reject" in value:
                result = decide(doc, candidate["id"], "reject", reviewer=REVIEWER)
            else:
                result = decide(doc, candidate["id"], "accept", reviewer=REVIEWER,
                                edits=edits_for(value["edit"], text))
            counts[result.decision] += 1
        # re-running the extraction proposes nothing already decided
        assert add_document(CURATION / f"{name}.txt").added == 0
    assert counts == {"accepted": 30, "edited": 5, "rejected": 4}
    built = build()
    subjects = {s.subject for s in built.statements}
    assert {"sertraline", "gabapentin"} <= subjects
    mechanism = [s for s in built.statements if s.relation == "hasMechanism"
                 and s.subject == "sertraline"]
    assert mechanism[0].quote.startswith("Sertraline blocks the serotonin transporter")
