"""Signs of dependence: clauses, not terms.

Pages list them as what the person does or feels ("taking it more frequently than prescribed",
"needing higher doses", "cravings for the medication"), after a cue sentence ("Signs that you
may be dependent on X are ...") or as the items of a dependence section. Each clause becomes
the ontology's sign when a few stable key words say which one it is, else a proposed new term
labelled with the clause itself, for the curator to name.
"""

from __future__ import annotations

import re

from kg.ingest import cues
from kg.ingest.newterms import camel_case, list_items
from kg.ingest.segment import Span, Unit
from kg.ingest.terms import TermIndex, TermInfo, tokens

#: The signs pages describe in many words: (term name, plain label, key words). The ontology's
#: term when it has that name; else a proposed new term with the label curators give it.
KNOWN_SIGNS = (
    ("Tolerance", "tolerance", TOLERANCE := re.compile(
        r"\btolerance\b|\b(?:usual )?dose no longer (?:works|controls|helps|has)\b|\bworks less well\b",
        re.I)),
    ("DrugCraving", "drug craving", re.compile(
        r"\bcrav(?:e|es|ing|ings)\b|\b(?:strong|overwhelming) (?:desires?|urges?) to (?:take|use)\b",
        re.I)),
    ("TakingDrugMoreOftenThanPrescribed", "taking the drug more often than prescribed", re.compile(
        r"\bmore (?:often|frequently) than (?:prescribed|you should|directed|your doctor)|"
        r"\bearlier than (?:prescribed|directed|you should)|"
        r"\bdoses more often\b|\bcloser together than\b", re.I)),
    ("TakingMoreThanPrescribed", "taking more than prescribed", re.compile(
        r"\btak\w*\s+(?:(?:it|them)\s+)?(?:more\s+(?:tablets\s+|pills\s+|of it\s+|doses\s+)?than\s+"
        r"(?:your\s+|the\s+)?(?:(?:doctor\s+)?prescribed|prescribed dose|dose you were prescribed|"
        r"you should|dose on the label)|extra\s+(?:doses?|pills?|tablets?))", re.I)),
    ("PreoccupationWithNextDose", "preoccupation with the next dose", re.compile(
        r"\bnext (?:dose|pill|tablet)\b", re.I)),
    ("InabilityToSleepWithoutDrug", "inability to sleep without the drug", re.compile(
        r"\b(?:sleep|fall asleep)\b[^,;]{0,25}\bwithout\b|\bneed\w* (?:the|a|your) (?:pill|tablet|"
        r"medicine) to (?:fall asleep|sleep)\b", re.I)),
    ("PerceivedInabilityToFunctionWithoutDrug", "feeling unable to function without the drug",
     re.compile(r"\b(?:get through the day|function|cope|manage|feel normal)\b[^,;]{0,15}"
                r"\bwithout (?:it|them|the (?:drug|medicine|pills?|tablets?)|[a-z]+)\b", re.I)),
    ("DoseEscalation", "dose escalation", re.compile(
        r"\b(?:higher|larger|bigger|more|increas\w*|up)\b[^,;]{0,12}\bdos(?:e|es|age|ages)\b|"
        r"\bneed\w* (?:more and more|more of it|more of them|ever more|more (?:tablets|pills|"
        r"capsules))\b|\braise the dose (?:yourself|on your own)\b", re.I)),
    ("NonMedicalUse", "non-medical use", re.compile(
        r"\bto get high\b|\breasons other than\b|\brather than for (?:pain|the reason)|"
        r"\brecreational(?:ly)?\b", re.I)),
    ("RunningOutOfPillsEarly", "running out early", re.compile(r"\brun(?:ning|s)? out\b", re.I)),
    ("UnsuccessfulAttemptsToQuit", "repeated unsuccessful attempts to stop", re.compile(
        r"\btried to (?:cut down|stop|quit|come off)\b", re.I)),
    ("DoctorShopping", "doctor shopping", re.compile(
        r"\b(?:several|more than one|multiple|different) (?:doctors|prescribers)\b|"
        r"\bdoctor shopping\b", re.I)),
    ("BuyingOnTheStreet", "buying the drug on the street", re.compile(
        r"\b(?:on|from|off) the street\b", re.I)),
    ("TakingLongerThanPrescribed", "taking it for longer than prescribed", re.compile(
        r"\blonger than (?:prescribed|your doctor|you were told|directed)", re.I)),
)
TOLERANCE_TERM = TermInfo(name="Tolerance", label="tolerance", kinds=frozenset({"Effect"}),
                          synonyms=("drug tolerance",), new=True)
#: "tolerance builds", "can lead to tolerance", "develop tolerance": stated outright.
TOLERANCE_STATED = re.compile(r"\btolerance\b(?!\s+(?:is|was)\s+(?:not|un))", re.I)
_INTRO = re.compile(r"\b(?:are|include|includes|including|such as|like)\b\s*:?\s*|:\s*", re.I)
#: Longer than this, a clause with no known sign is a sentence, not a sign.
MAX_WORDS = 12
#: A list item that says what a person does or feels.
_DOES = re.compile(r"[-*•\s]*(?:\w+ing\b|you\b|your\b|feel\w*\b|find\w*\b|need\w*\b)", re.I)
#: A sign named before the words that call it one.
_SIGN_AFTER = re.compile(r",?\s*which (?:\w+ ){0,3}?(?:is|are|was|were) (?:a |another |the |all )?signs?\b",
                         re.I)


def sign_terms(phrase: str, index: TermIndex) -> list[tuple[TermInfo, str]]:
    """The signs a clause names ("taking more than prescribed or running out early" names two)
    and where each name came from: the ontology's term (``ontology``), a sign read off its
    fixed key words (``pattern``: as sure as a pattern), else one new term labelled with the
    clause itself (``list``: for the curator to name)."""
    found: list[tuple[TermInfo, str]] = []
    for name, label, pattern in KNOWN_SIGNS:
        if not pattern.search(phrase):
            continue
        known = index.terms.get(name) or index.by_label(label)
        if known is not None:
            found.append((known, "ontology"))
        else:
            found.append((TOLERANCE_TERM if name == "Tolerance" else
                          TermInfo(name=name, label=label, kinds=frozenset({"Effect"}), new=True),
                          "pattern"))
    if found:
        # one clause, one sign, unless it joins clauses ("... or running out early")
        return found if re.search(r",|\bor\b|\band\b", phrase) else found[:1]
    label = " ".join(phrase.lower().split())
    return [(TermInfo(name=camel_case(label), label=label, kinds=frozenset({"Effect"}),
                      new=True), "list")]


def known_sign(phrase: str) -> bool:
    """The clause names one of the signs pages describe in many words."""
    return any(pattern.search(phrase) for _, _, pattern in KNOWN_SIGNS)


def sign_clauses(text: str, unit: Unit, section: str | None) -> list[tuple[Span, Span, str]]:
    """(clause, quote, strength) for each dependency sign the unit states."""
    found = []
    for sentence in unit.sentences:
        s_text = text[sentence.start:sentence.end]
        tolerance = TOLERANCE_STATED.search(s_text)
        if tolerance and not cues.NEGATION.search(s_text) and unit.kind != "header":
            clause = Span(sentence.start + tolerance.start(), sentence.start + tolerance.end())
            found.append((clause, Span(unit.start, unit.end) if unit.kind == "bullet" else
                          sentence, "sentence"))
        if not ((cues.DEPENDENCY.search(s_text) or section == "dependency") and
                cues.SIGNS.search(s_text)):
            continue
        after = _SIGN_AFTER.search(s_text)
        if after is not None:
            # "... cannot sleep without their nightly dose, which is a sign the body has come
            # to depend on it": the clause before names the sign
            found.append((Span(sentence.start, sentence.start + after.start()), sentence,
                          "sentence"))
            continue
        signs = cues.SIGNS.search(s_text)
        intro = _INTRO.search(text, sentence.start + signs.end(), sentence.end)
        if intro is None or intro.end() >= sentence.end:
            continue
        for start, end in list_items(text, intro.end(), sentence.end):
            found.append((Span(start, end), sentence, "sentence"))
    if not found and section == "dependency" and unit.kind in ("bullet", "item") and \
            unit.label is None and (_DOES.match(text, unit.sentences[0].start) or
                                    known_sign(text[unit.start:unit.end])):
        # an item that says what a person does or feels ("needing ...", "you take ..."), not
        # a symptom list a page about stopping puts under "Is it addictive?"
        body = unit.sentences[0]
        found.append((Span(body.start, body.end), Span(unit.start, unit.end), "section"))
    return [(clause, quote, strength) for clause, quote, strength in found
            if 0 < len(tokens(text, clause.start, clause.end)) <= MAX_WORDS or
            known_sign(text[clause.start:clause.end])]
