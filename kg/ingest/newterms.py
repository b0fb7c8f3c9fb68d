"""Proposed new terms: names in the ontology's style, list items, and lexicon matches.

A term the ontology lacks is proposed with a CamelCase local name (drugs: lower case, like
``clonazepam``), its kind and the lexicon ids that matched, so a curator can add it in one step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.ingest.terms import Mention, TermIndex, TermInfo

_SPLIT = re.compile(r"\s*(?:,\s*(?:and|or)\s+|,|;|\band\b|\bas well as\b)\s*", re.I)
_PAREN = re.compile(r"\s*\([^)]*\)")


def camel_case(label: str) -> str:
    """``"dry mouth"`` -> ``"DryMouth"`` (the ontology's class naming style)."""
    words = re.findall(r"[A-Za-z0-9]+", label)
    return "".join(w[:1].upper() + w[1:] for w in words) or "Term"


def drug_name(label: str) -> str:
    """``"Sertraline Hydrochloride"`` -> ``"sertraline_hydrochloride"`` (drug individuals)."""
    return "_".join(re.findall(r"[a-z0-9]+", label.lower())) or "drug"


def list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the items of a comma/and/or list in ``text[start:end]`` (parentheses dropped)."""
    body_end = end
    while body_end > start and text[body_end - 1] in ".;: \t":
        body_end -= 1
    items, cursor = [], start
    masked = _PAREN.sub(lambda m: " " * len(m.group()), text[start:body_end])
    for match in _SPLIT.finditer(masked):
        items.append((start + (cursor - start), start + match.start()))
        cursor = start + match.end()
    items.append((cursor, body_end))
    result = []
    for a, b in items:
        piece = masked[a - start:b - start]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            result.append((a + lead, a + trail))
    return result


def lexicon_mentions(hits: list, start: int, end: int, own: list[Mention],
                     index: TermIndex) -> list[Mention]:
    """Lexicon hits inside ``[start, end)`` that no ontology match overlaps.

    A hit whose label names an ontology term (not excluded) is that term, not a new one.
    """
    found: list[Mention] = []
    taken = [(m.start, m.end) for m in own]
    # the longest hit wins an overlap ("myasthenia gravis" over "myasthenia")
    for mention in sorted(hit_mentions(hits, start, end, index),
                          key=lambda m: (m.start - m.end, m.start)):
        if any(a < mention.end and mention.start < b for a, b in taken):
            continue
        found.append(mention)
        taken.append((mention.start, mention.end))
    return sorted(found, key=lambda m: m.start)


def hit_mentions(hits: list, start: int, end: int, index: TermIndex) -> list[Mention]:
    """Every lexicon hit inside ``[start, end)`` as a mention (ontology term when labelled so)."""
    found = []
    for hit in hits:
        if hit.start < start or hit.end > end:
            continue
        existing = index.by_label(hit.term.label)
        if existing is None and hit.source == "phenotypes":
            # a lay name the ontology lacks, whose HPO label it has ("sleepy" -> drowsiness)
            existing = next((t for t in map(index.by_label, hit.term.synonyms) if t), None)
        found.append(Mention(hit.start, hit.end, existing or hit.term,
                             "ontology" if existing else hit.source))
    return found


#: Letters the word matcher drops (it reads ``[A-Za-z0-9]`` only).
_FOREIGN_LETTER = re.compile(r"[^\W\dA-Za-z_]")


def add_vocabulary(index: TermIndex, vocabulary: Iterable[object]) -> TermIndex:
    """``index`` with the curated clinical vocabulary (:mod:`kg.ingest.vocabulary`) after the
    ontology: a vocabulary term labelled like an ontology term lends it its other names; any
    other is a proposed new term. Ontology names always win a shared surface (``add`` keeps
    the first owner), so the vocabulary only fills gaps."""
    clinical = frozenset({"Condition", "Effect"})
    for entry in vocabulary:
        label, kinds = entry.label, entry.kinds  # type: ignore[attr-defined]
        # a name with letters the word matcher drops ("δ-opioid receptor" would match every
        # "opioid receptor") is left to the curator's eye, not to the matcher
        synonyms = tuple(s for s in entry.synonyms  # type: ignore[attr-defined]
                         if not _FOREIGN_LETTER.search(s))
        known = index.by_label(label)
        if known is not None and not known.new:
            index.add(known, synonyms)
            continue
        info = TermInfo(name=camel_case(label), label=label,
                        kinds=kinds | clinical if "Effect" in kinds else kinds,
                        synonyms=synonyms, new=True)
        index.add(info, (label, *synonyms))
    return index


__all__ = ["add_vocabulary", "camel_case", "drug_name", "list_items", "lexicon_mentions",
           "TermInfo"]
