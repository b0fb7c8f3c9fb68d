"""Withdrawal management stated with verbs: "slowly tapered down", "gradually terminate",
"given an equivalent dose of a short-acting benzodiazepine".

Pages rarely write the noun "tapering"; they write what the doctor does. These phrases become
mentions of the ontology's ``Tapering`` (when it is there) or of a "<class> substitution"
(the ontology term with that label, else a proposed new withdrawal management).
"""

from __future__ import annotations

import re

from kg.ingest.newterms import camel_case
from kg.ingest.terms import Mention, TermIndex, TermInfo

TAPER = re.compile(
    r"\btaper(?:ed|ing|s)?\b(?!\s+itself|\s+for you)(?:\s+(?:down|off))?|\bgradual(?:ly)?\s+(?:\w+\s+){0,2}?"
    r"(?:reduc\w*|terminat\w*|lower\w*|decreas\w*|discontinu\w*|withdraw\w*|stop\w*)|"
    r"\b(?:reduc\w*|lower\w*|decreas\w*|cut\w*)\s+(?:\w+\s+){0,4}?(?:slowly|gradually)\b|"
    r"\bbit by bit\b|\ba little at a time\b|\bstep by step\b(?=[^.;]{0,40}\b(?:down|lower|off|"
    r"reduc|decreas|stop))|"
    # "cut the dose by about 10 mg every two weeks", "lowering the dose in small steps"
    r"\b(?:cut\w*|reduc\w*|lower\w*|decreas\w*|drop\w*)\s+(?:the\s+|your\s+)?dose\s+(?:by|in\s+"
    r"(?:small|smaller|tiny)\s+steps)\b|\b(?:tiny|small|smaller)\s+(?:reductions|steps)\b|"
    r"\bnever\s+(?:to\s+)?stop\b[^.;]{0,30}\bcold turkey\b|"
    # "the dose is usually lowered over several weeks"
    r"\b(?:reduc\w*|lower\w*|decreas\w*|cut\w*)\s+(?:\w+\s+){0,3}?over\s+(?:several|a few|a "
    r"number of|many|\d+|one|two|three|four|six)\s+(?:\w+\s+)?(?:days|weeks|months)\b|"
    # "reduce the dose step by step", "bring the dose down gradually", "come off slowly",
    # "coming down more slowly", "dropped it by 2.5 mg every two weeks", "10% cuts"
    r"\b(?:reduc\w*|lower\w*|decreas\w*|cut\w*|bring\w*|brought|drop\w*)\s+(?:the\s+|your\s+|"
    r"its\s+)?(?:dose|it|them)\s+(?:down\s+)?(?:step by step|gradually|slowly|in stages|in steps)\b|"
    r"\b(?:come|coming|came|comes)\s+(?:off|down)\s+(?:it\s+)?(?:more\s+)?(?:slowly|gradually)\b|"
    r"\b(?:dropp?\w*|cut\w*|reduc\w*|lower\w*)\s+(?:it|the dose|the daily dose)\s+by\s+(?:about\s+)?"
    r"[\d.,]+\s*(?:mg|%|percent)[^.;]{0,20}\bevery\b|"
    r"\b\d+\s*(?:%|percent)\s+(?:cuts|reductions|drops)\b|\bslow(?:ing|s)?\s+(?:down\s+)?the taper\b|"
    r"\bcut\w*\s+(?:around\s+|about\s+|roughly\s+)?\d+\s*(?:%|percent)\s+of\b",
    re.I)
#: "going back to the previous dose", "returning to the last comfortable dose", "the dose put
#: back to the last step": the reinstatement pages advise when withdrawal gets hard.
REINSTATE = re.compile(r"\b(?:go(?:ing|es)?|went)\s+back\s+(?:up\s+)?to\s+(?:the|your)\s+(?:last|"
                       r"previous|earlier)\b(?:\s+\w+){0,6}?\s+(?:dose|step)\b|\b(?:return(?:ing|s|ed)?)"
                       r"\s+to\s+(?:the|your)\s+(?:last|previous|earlier)\b(?:\s+\w+){0,3}?\s+dose\b|"
                       r"\bgo(?:ing)?\s+back\s+up\s+a\s+step\b|\bdose\s+put\s+back\b|"
                       r"\breinstat\w*\s+(?:the\s+)?(?:previous\s+|last\s+)?dose\b", re.I)
SUBSTITUTE = re.compile(r"(?:equivalent dose of|switch(?:ed|ing)?\s+(?:\w+\s+)?to|"
                        r"substitut\w*\s+(?:with\s+)?|replac\w*\s+(?:it\s+)?with)\s+"
                        r"(?:an?\s+)?(?:[\w-]+\s+){0,3}?$", re.I)

#: "under (medical) supervision", "medically supervised", "medical detox": the ontology's
#: medical supervision in the words pages use.
SUPERVISED = re.compile(r"\bunder\s+(?:(?:close|medical|close\s+medical|(?:a|your|the)\s+"
                        r"doctor[’']s)\s+)?supervision\b|"
                        r"\bmedically\s+supervised\b|\bmedical\s+detox\w*|\bspecialist\s+(?:drug\s+)?"
                        r"(?:service|clinic)\b|\b(?:drug and alcohol|addiction)\s+(?:service|team|clinic)\b|\bwith\s+(?:your|the)\s+(?:\w+\s+)?(?:team|doctor|"
                        r"clinic)[’']s\s+(?:guidance|help|supervision)\b", re.I)


#: Non-drug measures pages name as withdrawal aids beside the drugs: (label, how pages say it).
#: Proposed as withdrawal managements (``AID`` marks them) for the relation hasWithdrawalAid.
AID = "NonDrugAid"
NON_DRUG_AIDS = tuple((label, re.compile(pattern, re.I)) for label, pattern in (
    ("exercise", r"\b(?:(?:gentle|regular|daily|light)\s+)*(?:daily\s+)?exercise\b|\bgentle walk(?:s|ing)\b|"
                 r"\bphysical activity\b"),
    ("cognitive behavioural therapy", r"\bcognitive[- ]behaviou?ral therapy(?: for insomnia)?|"
                                      r"\bCBT(?:-I)?\b|\btalking therap(?:y|ies)\b"),
    ("counseling", r"\bcounsel(?:l)?ing\b"),
    ("support group", r"\b(?:peer\s+)?support groups?\b|\bNarcotics Anonymous\b"),
    ("sleep hygiene", r"\bsleep hygiene\b|\b(?:a\s+)?regular sleep routine\b|\bgood sleep habits\b"),
    ("caffeine reduction", r"\bcutting (?:back|down) on caffeine\b|\bavoiding caffeine\b"),
    ("hydration", r"\bdrinking plenty of (?:fluids|water)\b|\bstaying hydrated\b"),
    ("relaxation techniques", r"\brelaxation (?:techniques|exercises)\b|\bbreathing exercises\b|"
                              r"\bmindfulness\b|\bmeditation\b"),
))


def _aid_term(label: str, index: TermIndex) -> TermInfo:
    known = index.by_label(label)
    if known is not None and "WithdrawalManagement" in known.kinds:
        return known
    return TermInfo(name=camel_case(label), label=label,
                    kinds=frozenset({"WithdrawalManagement", AID}), new=True)


def management_mentions(text: str, start: int, end: int, mentions: list[Mention],
                        index: TermIndex) -> list[Mention]:
    """``mentions`` plus tapering verbs, with "switch to a <class>" made a substitution."""
    result = []
    for mention in mentions:
        before = text[max(start, mention.start - 60):mention.start]
        cue = SUBSTITUTE.search(before) if "DrugClass" in mention.term.kinds else None
        if cue is None:
            result.append(mention)
            continue
        label = f"{mention.term.label} substitution"
        known = index.by_label(label)
        term = known or TermInfo(name=camel_case(label), label=label,
                                 kinds=frozenset({"WithdrawalManagement"}), new=True)
        result.append(Mention(mention.start - len(cue.group()), mention.end, term,
                              "ontology" if known else "pattern"))
    supervision = index.by_label("medical supervision")
    if supervision is not None and "WithdrawalManagement" in supervision.kinds:
        for match in SUPERVISED.finditer(text, start, end):
            if not any(m.start < match.end() and match.start() < m.end for m in result):
                result.append(Mention(match.start(), match.end(), supervision, "pattern"))
    reinstatement = index.by_label("dose reinstatement") or TermInfo(
        name="DoseReinstatement", label="dose reinstatement",
        kinds=frozenset({"WithdrawalManagement"}), synonyms=("going back to the previous dose",),
        new=True)
    for match in REINSTATE.finditer(text, start, end):
        if not any(m.start < match.end() and match.start() < m.end for m in result):
            result.append(Mention(match.start(), match.end(), reinstatement, "pattern"))
    for label, pattern in NON_DRUG_AIDS:
        for match in pattern.finditer(text, start, end):
            overlapping = [m for m in result if m.start < match.end() and match.start() < m.end]
            if all(match.start() <= m.start and m.end <= match.end() for m in overlapping):
                # "cutting back on caffeine": the measure, not the drug named inside it
                result = [m for m in result if m not in overlapping]
                result.append(Mention(match.start(), match.end(), _aid_term(label, index),
                                      "pattern"))
    tapering = index.by_label("tapering")
    if tapering is not None and "WithdrawalManagement" in tapering.kinds:
        for match in TAPER.finditer(text, start, end):
            if not any(m.start < match.end() and match.start() < m.end for m in result):
                result.append(Mention(match.start(), match.end(), tapering, "pattern"))
    return sorted(result, key=lambda m: m.start)
