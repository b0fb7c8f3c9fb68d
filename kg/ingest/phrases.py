"""Noun-phrase repairs on term mentions: the whole clinical phrase, not the head word inside it.

A page writes "chronic neuropathic pain", "rebound anxiety", "increased risk of suicide" or
"thoughts of self-harm or suicide"; word matching finds only "neuropathic pain", "anxiety",
"suicide" and so asserts a *different*, broader term — a false statement a curator has to
catch. So (1) a longer lexicon phrase that contains an ontology match wins it, (2) a clinical
modifier right before a condition or effect joins it, and (3) "increased risk of X" and
"thoughts of X or Y" starting a list item are one term. The repaired phrase is the ontology
term with that label when there is one, else a proposed new term of the same kind.
"""

from __future__ import annotations

import re

from kg.ingest.laysigns import lay_conditions, lay_effects
from kg.ingest.newterms import camel_case
from kg.ingest.terms import Mention, TermIndex, TermInfo

CLINICAL = frozenset({"Condition", "Effect"})
#: Words that make a narrower clinical term of the phrase they precede.
MODIFIERS = re.compile(
    r"(?:\b(?:chronic|acute|nocturnal|rebound|persistent|recurrent|partial|focal|postherpetic|"
    r"post-herpetic|diabetic|(?:low(?:er)? )?back|tension|cluster|respiratory|breathing|CNS)"
    r"[ \t-]+)+$", re.I)
#: Heads that make "X" a different statement: the risk of X, thoughts of X.
HEADS = re.compile(r"(?:^|[,;:(]\s*|\band\s+|\*\*\s*)((?:an?\s+)?(?:increased|higher|elevated|"
                   r"raised)\s+risk\s+of\s+|thoughts?\s+(?:of|about)\s+)$", re.I)
_OR_NEXT = re.compile(r"[ \t]+or[ \t]+")
#: "allergic to quetiapine", "an allergy to any ingredient": the patient's drug hypersensitivity.
ALLERGIC_TO = re.compile(r"\b(?:allergic(?: reactions?)?|an allergy|allergies)(?=\s+to\b)", re.I)


def _phrase(text: str, start: int, end: int, base: TermInfo, index: TermIndex,
            source: str) -> Mention:
    label = " ".join(text[start:end].lower().split())
    known = index.by_label(label)
    if known is not None and not known.kinds.isdisjoint(CLINICAL):
        return Mention(start, end, known, "ontology")
    info = TermInfo(name=camel_case(label), label=label, kinds=base.kinds | CLINICAL
                    if "Condition" in base.kinds else base.kinds, new=True)
    return Mention(start, end, info, source)


def _named(text: str, start: int, end: int, index: TermIndex) -> TermInfo | None:
    """The known term (ontology or curated vocabulary) whose label is ``text[start:end]``."""
    return index.by_label(" ".join(text[start:end].lower().split()))


def prefer_longer(own: list[Mention], lexical: list[Mention]) -> list[Mention]:
    """Ontology mentions, except clinical ones strictly inside a longer clinical lexicon hit
    (and curated-vocabulary ones inside any longer lexicon hit)."""
    kept = []
    for mention in own:
        inside = any(h.start <= mention.start and mention.end <= h.end and
                     (h.end - h.start) > (mention.end - mention.start) and
                     (mention.source == "vocabulary" or  # "MAO" inside "MAO inhibitors"
                      not mention.term.kinds.isdisjoint(CLINICAL) and
                      not h.term.kinds.isdisjoint(CLINICAL)) for h in lexical)
        if not inside:
            kept.append(mention)
    return kept


def extend(text: str, mentions: list[Mention], index: TermIndex,
           start: int) -> list[Mention]:
    """Mentions with modifiers and risk/thought heads joined (see the module docstring)."""
    result: list[Mention] = []
    skip = -1
    for i, mention in enumerate(mentions):
        if i == skip:
            continue
        if mention.term.kinds.isdisjoint(CLINICAL):
            result.append(mention)
            continue
        before = text[max(start, mention.start - 60):mention.start]
        head = HEADS.search(before)
        if head and re.search(r"risk", head.group(1), re.I) and _named(
                text, mention.start - len(head.group(1)), mention.end, index) is None:
            head = None  # "increased risk of suicidal thoughts": no term of that name; the effect
        if head:
            end = mention.end
            following = mentions[i + 1] if i + 1 < len(mentions) else None
            if following is not None and not following.term.kinds.isdisjoint(CLINICAL) and \
                    _OR_NEXT.fullmatch(text[mention.end:following.start]):
                end, skip = following.end, i + 1
            result.append(_phrase(text, mention.start - len(head.group(1)), end,
                                  mention.term, index, "extended"))
            continue
        modifier = MODIFIERS.search(before)
        if modifier and re.search(r"\bback\W*$", modifier.group(), re.I) and \
                "pain" not in mention.term.label:
            modifier = None  # "back pain", but not "bring back insomnia"
        if modifier and not (result and result[-1].end > mention.start - len(modifier.group())):
            result.append(_phrase(text, mention.start - len(modifier.group()), mention.end,
                                  mention.term, index, "extended"))
            continue
        result.append(mention)
    return result


def allergy_mentions(text: str, start: int, end: int, mentions: list[Mention],
                     index: TermIndex) -> list[Mention]:
    """``mentions`` plus "allergic to ..." as the ontology's drug hypersensitivity, the
    condition a leaflet's "Do not take it if you are allergic to X" rules out."""
    hypersensitivity = index.by_label("drug hypersensitivity")
    if hypersensitivity is None:
        return mentions
    found = []
    for m in ALLERGIC_TO.finditer(text, start, end):
        inside = [x for x in mentions if x.start < m.end() and m.start() < x.end]
        if all(m.start() <= x.start and x.end <= m.end() for x in inside):
            # "an allergic reaction to fluoxetine": the hypersensitivity, not the side effect
            mentions = [x for x in mentions if x not in inside]
            found.append(Mention(m.start(), m.end(), hypersensitivity, "pattern"))
    return sorted(mentions + found, key=lambda m: m.start) if found else mentions


def lay_condition_mentions(text: str, start: int, end: int, mentions: list[Mention],
                           index: TermIndex) -> list[Mention]:
    """``mentions`` with lay condition names ("heart problems", "diabetes") as one condition
    each, and effects named by adjectives and acts ("makes you drowsy", "some throw up"): the
    ontology's term of the plain label, else a proposed new one. A lay phrase wins the shorter
    lexicon matches inside it ("liver" in "liver problems"), never an ontology one that covers
    it."""
    result = list(mentions)
    for a, b, label in lay_conditions(text, start, end) + lay_effects(text, start, end):
        inside = [m for m in result if m.start < b and a < m.end]
        if any(m.source == "ontology" and m.start <= a and b <= m.end or
               not a <= m.start <= m.end <= b for m in inside):
            continue
        known = index.by_label(label)
        term = known if known is not None and not known.kinds.isdisjoint(CLINICAL) else \
            TermInfo(name=camel_case(label), label=label, kinds=CLINICAL,
                     synonyms=(" ".join(text[a:b].lower().split()),), new=True)
        result = [m for m in result if m not in inside]
        result.append(Mention(a, b, term, "ontology" if term is known else "pattern"))
    return sorted(result, key=lambda m: m.start)


_CONJOINED = re.compile(r"^(.+?)(\s+(?:and|or|&)\s+)(.+)$", re.I)


def split_conjoined(text: str, mentions: list[Mention], index: TermIndex) -> list[Mention]:
    """A lexicon name that is two known terms joined ("nausea and vomiting", HPO's combined
    phenotype) as the two terms a curator records."""
    result = []
    for mention in mentions:
        surface = text[mention.start:mention.end]
        match = _CONJOINED.match(surface) if mention.source not in ("ontology",) else None
        first = index.by_label(match.group(1)) if match else None
        second = index.by_label(match.group(3)) if match else None
        if first is None or second is None or first.kinds.isdisjoint(CLINICAL) or \
                second.kinds.isdisjoint(CLINICAL):
            result.append(mention)
            continue
        cut = mention.start + len(match.group(1))
        result.append(Mention(mention.start, cut, first, "ontology" if not first.new
                              else "vocabulary"))
        result.append(Mention(cut + len(match.group(2)), mention.end, second,
                              "ontology" if not second.new else "vocabulary"))
    return result


_SHARED_BEFORE = re.compile(r"\b([A-Za-z][\w-]*)\s*(?:,\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+)$")


def shared_heads(text: str, start: int, end: int, mentions: list[Mention],
                 index: TermIndex) -> list[Mention]:
    """``mentions`` plus the terms two modifiers share a head noun in: "blurred or double
    vision" is blurred vision and double vision, when they are known terms."""
    result = list(mentions)
    for mention in mentions:
        words = text[mention.start:mention.end].split()
        if len(words) < 2 or mention.term.kinds.isdisjoint(CLINICAL):
            continue
        head, at = " ".join(words[1:]), mention.start
        while (before := _SHARED_BEFORE.search(text, max(start, at - 40), at)) is not None:
            if any(m.start < before.end(1) and before.start(1) < m.end for m in result):
                break
            term = index.by_label(f"{before.group(1)} {head}")
            if term is None or term.kinds.isdisjoint(CLINICAL):
                break
            result.append(Mention(before.start(1), before.end(1), term,
                                  "ontology" if not term.new else "vocabulary"))
            at = before.start(1)
    for pair in _MODIFIER_PAIR.finditer(text, start, end):
        # "vivid or frightening dreams": the first modifier's term, when only it is known
        if any(m.start < pair.end(1) and pair.start(1) < m.end for m in result):
            continue
        term = index.by_label(f"{pair.group(1)} {pair.group(2)}")
        if term is not None and not term.kinds.isdisjoint(CLINICAL):
            result.append(Mention(pair.start(1), pair.end(1), term,
                                  "ontology" if not term.new else "vocabulary"))
    return sorted(result, key=lambda m: m.start)


_MODIFIER_PAIR = re.compile(r"\b([A-Za-z][\w-]*)\s+(?:or|and)\s+[A-Za-z][\w-]*\s+([A-Za-z][\w-]*)\b")
