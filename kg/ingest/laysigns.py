"""Lay phrasings of common effects and conditions that the lexicons lack as names
("pounding heart", "couldn't sleep", "heart problems", "liver disease").

People writing about their own experience name effects by what they felt, not by the clinical
term; HPO's layperson synonyms cover many ("sleepy", "memory problems", "racing heart") but not
these everyday clause-like ones. Each maps to the HPO label it means, so the lexicon adapter
proposes it with the HPO id and the ontology's term is found by that label. Kept short and
generic: phrases any patient narrative uses, not words of one page.
"""

from __future__ import annotations

import re

_PHRASES = (
    (r"(?:couldn[’']t|could not|can[’']t|cannot|unable to|hardly|barely) sleep", "insomnia"),
    (r"(?:pounding|thumping|fluttering) heart|heart (?:pounding|racing|fluttering)",
     "palpitations"),
    (r"(?:shaking|shaky|trembling) (?:hands|legs)|the shakes", "tremor"),
    (r"(?:felt|feel|feeling|feels) (?:a (?:little|bit) )?sick(?! of)|\bnauseous|\bqueasy", "nausea"),
    (r"(?:felt|feel|feeling) (?:dizzy|lightheaded|light-headed)", "dizziness"),
    # an adjective after "make you", "feel", "become": "may make you drowsy or dizzy"
    (r"(?:makes?|made|making|feel|feels|felt|feeling|become|becomes|get|gets) (?:you |people |"
     r"them |some people )?(?:\w+ )?drowsy|(?<=or )drowsy", "drowsiness"),
    (r"(?:makes?|made|making|become|becomes|get|gets) (?:you |people |them |some people )?"
     r"(?:\w+ )?dizzy|(?<=or )dizzy|(?<=drowsy or )dizzy", "dizziness"),
    (r"(?:feel|feels|felt|feeling|become|becomes|get|gets) (?:\w+ )?(?:jittery|restless)", "restlessness"),
)
_LAY = tuple((re.compile(r"\b(?:" + pattern + r")\b", re.I), label) for pattern, label in _PHRASES)


def lay_phrases(text: str) -> list[tuple[int, int, str]]:
    """(start, end, HPO label) of every lay effect phrase in ``text``."""
    found = [(m.start(), m.end(), label) for rx, label in _LAY for m in rx.finditer(text)]
    return sorted(found)


#: Lay names of the conditions leaflets ask about ("tell your doctor if you have heart
#: problems"): ICD-10-CM and HPO name them clinically ("Diabetes mellitus", "Hepatic
#: failure"), so the word matcher misses them. Each maps to the plain label a curator records;
#: the ontology's term of that label when it has one, else a proposed new condition.
_CONDITIONS = (
    (r"heart (?:problems?|trouble|issues?|diseases?|conditions?)|cardiac (?:problems?|disease)",
     "heart condition"),
    (r"heart rhythm (?:problems?|disorders?|disturbances?)|irregular heart ?(?:rhythms?|beats?)|"
     r"abnormal heart rhythms?", "irregular heartbeat"),
    (r"(?:liver|hepatic) (?:problems?|diseases?|impairment|trouble|damage)|(?:reduced|impaired|"
     r"poor|decreased) (?:liver|hepatic) function", "liver disease"),
    (r"(?:kidney|renal) (?:problems?|diseases?|impairment|trouble|damage)|(?:reduced|impaired|"
     r"poor|decreased) (?:kidney|renal) function", "kidney disease"),
    (r"(?:breathing|respiratory) (?:problems?|difficulties|trouble)", "breathing problems"),
    (r"lung (?:diseases?|problems?|trouble|conditions?)|chronic lung disease", "lung disease"),
    (r"diabetes(?: mellitus)?|diabetic", "diabetes"),
    (r"(?:drug|alcohol|substance)(?: or (?:drug|alcohol))? (?:abuse|misuse|addiction|"
     r"dependence)", "substance abuse"),
    (r"overactive thyroid|hyperthyroidism", "hyperthyroidism"),
    (r"enlarged prostate|prostate (?:problems?|enlargement)", "enlarged prostate"),
)
_LAY_CONDITIONS = tuple((re.compile(r"\b(?:" + pattern + r")\b", re.I), label)
                        for pattern, label in _CONDITIONS)


#: "reduced liver or kidney function", "liver or kidney problems": two conditions sharing words.
_BOTH_ORGANS = re.compile(r"\b((?:(?:reduced|impaired|poor|decreased) )?(?:liver|hepatic)) or "
                          r"((?:kidney|renal) (?:function|problems?|diseases?|impairment))\b", re.I)


def lay_conditions(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, plain label) of every lay condition name in ``text[start:end]``."""
    found = [(m.start(), m.end(), label) for rx, label in _LAY_CONDITIONS
             for m in rx.finditer(text, start, end)]
    for m in _BOTH_ORGANS.finditer(text, start, end):
        found = [f for f in found if f[1] <= m.start() or f[0] >= m.end()]
        found += [(m.start(1), m.end(1), "liver disease"), (m.start(2), m.end(2), "kidney disease")]
    return sorted(found)
