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
    # (not "can't sleep without it": a sign of dependence, not insomnia)
    (r"(?:couldn[’']t|could not|can[’']t|cannot|unable to|hardly|barely) sleep"
     r"(?!\s+(?:at all\s+)?without)", "insomnia"),
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
    (r"fits|(?:had|have|having|has) (?:a |any )?fit|prone to fits", "seizure"),
    (r"under (?:the age of )?18(?: years(?: of age| old)?)?|younger than 18", "children"),
    (r"blockage in (?:the|your) (?:stomach or )?(?:bowel|gut|intestines?)", "bowel obstruction"),
    (r"(?:problems?|trouble) with (?:alcohol|drinking) or (?:drugs|medicines)", "substance abuse"),
    (r"(?:aged )?6[05] (?:years )?(?:or|and) (?:older|over|above)|over (?:the age of )?6[05]",
     "elderly"),
    (r"breast-?feed(?:s|ing)?|breast-?fed", "breastfeeding"),
    (r"(?:problems?|trouble) with (?:alcohol|drinking)|drinking problem", "alcoholism"),
    (r"(?:misused|abused|misuse|abuse|(?:been )?addicted to|dependent on) (?:alcohol|drugs|"
     r"street drugs|illegal drugs|prescription (?:medicines|drugs|medications)|medicines|"
     r"substances)(?:(?:\s*,\s*|\s+or\s+|\s+and\s+|\s*,\s*or\s+)(?:alcohol|drugs|"
     r"street drugs|illegal drugs|prescription (?:medicines|drugs|medications)|medicines|"
     r"substances))*", "substance abuse"),
)
_LAY_CONDITIONS = tuple((re.compile(r"\b(?:" + pattern + r")\b", re.I), label)
                        for pattern, label in _CONDITIONS)


#: "reduced liver or kidney function", "liver or kidney problems": two conditions sharing words.
_BOTH_ORGANS = re.compile(r"\b((?:(?:reduced|impaired|poor|decreased) )?(?:liver|hepatic)) or "
                          r"((?:kidney|renal) (?:function|problems?|diseases?|impairment))\b", re.I)
#: "kidney or liver problems" (the other order) and "problems with your liver or kidneys".
_BOTH_REVERSED = re.compile(r"\b((?:(?:reduced|impaired|poor|decreased) )?(?:kidney|renal)) or "
                            r"((?:liver|hepatic) (?:function|problems?|diseases?|impairment))\b",
                            re.I)
_PROBLEMS_WITH = re.compile(r"\b(?:problems?|trouble|disease) with (?:your |their |the )?"
                            r"(liver|kidneys?)(?: or (?:your |their |the )?(liver|kidneys?))?\b",
                            re.I)


def lay_conditions(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, plain label) of every lay condition name in ``text[start:end]``."""
    found = [(m.start(), m.end(), label) for rx, label in _LAY_CONDITIONS
             for m in rx.finditer(text, start, end)]
    for m in _BOTH_ORGANS.finditer(text, start, end):
        found = [f for f in found if f[1] <= m.start() or f[0] >= m.end()]
        found += [(m.start(1), m.end(1), "liver disease"), (m.start(2), m.end(2), "kidney disease")]
    for m in _BOTH_REVERSED.finditer(text, start, end):
        found = [f for f in found if f[1] <= m.start() or f[0] >= m.end()]
        found += [(m.start(1), m.end(1), "kidney disease"), (m.start(2), m.end(2), "liver disease")]
    for m in _PROBLEMS_WITH.finditer(text, start, end):
        found = [f for f in found if f[1] <= m.start() or f[0] >= m.end()]
        found += [(m.start(g), m.end(g), "liver disease" if m.group(g).lower() == "liver" else
                   "kidney disease") for g in (1, 2) if m.group(g)]
    return sorted(found)


#: Effects named by the adjective a person feels ("makes you drowsy, dizzy or confused", "I got
#: really irritable and aggressive", "people over 65 are more likely to become confused"): each
#: adjective maps to the plain label of its effect. Only after a verb of feeling or becoming (or
#: "makes you"), so "a drowsy antihistamine" or "the anxious patient" are not effects.
_ADJECTIVES = {
    "drowsy": "drowsiness", "sleepy": "drowsiness", "groggy": "drowsiness",
    "dizzy": "dizziness", "light-headed": "dizziness", "lightheaded": "dizziness",
    "confused": "confusion", "disoriented": "confusion", "disorientated": "confusion",
    "constipated": "constipation", "irritable": "irritability", "snappy": "irritability",
    "cranky": "irritability", "grumpy": "irritability", "anxious": "anxiety",
    "nervous": "nervousness", "agitated": "agitation", "restless": "restlessness",
    "jittery": "jitteriness", "jumpy": "jitteriness", "aggressive": "aggression",
    "hostile": "aggression", "depressed": "depression", "unsteady": "ataxia",
    "wobbly": "ataxia", "tired": "fatigue", "exhausted": "fatigue", "weary": "fatigue",
    "queasy": "nausea", "nauseous": "nausea", "nauseated": "nausea", "faint": "fainting",
    "hungry": "increased appetite", "hungrier": "increased appetite", "shaky": "tremor",
    "trembly": "tremor", "foggy": "brain fog", "euphoric": "euphoria", "itchy": "itching",
    "sweaty": "sweating", "forgetful": "memory problems", "weak": "weakness", "numb": "numbness",
    "bloated": "bloating", "breathless": "shortness of breath", "paranoid": "paranoia",
    "suicidal": "suicidal thoughts", "sedated": "sedation",
}
#: Adjectives that name an effect only straight after "feel" ("feel low", "feeling sick").
_FEEL_ONLY = {"low": "depression", "down": "depression", "sick": "nausea"}
_FEEL = r"(?:feel|feels|felt|feeling)"
_STATE_VERB = (r"(?:" + _FEEL + r"|become|becomes|became|becoming|get|gets|got|getting|grow|grows|"
               r"grew|seem|seems|seemed|turn|turns|turned|go|goes|went|was|were|is|are|be|been|"
               r"being|am|[’']m|[’']re)")
_CAUSE_VERB = (r"(?:make|makes|made|making|leave|leaves|left|leaving|keep|keeps|kept|render|"
               r"renders)\s+(?:you|me|him|her|them|us|people|some people|patients|someone|"
               r"a person|the (?:child|baby|patient|person))")
_ADVERB = (r"(?:(?:a (?:little|bit|lot)|a bit more|very|really|quite|so|too|extremely|"
           r"dangerously|unusually|oddly|slightly|more|less|overly|pretty|rather|somewhat|even|"
           r"increasingly|all|sometimes|often|also|easily|mildly|very much|abnormally|"
           r"excessively|generally|more and more)\s+)*")
_ADJ = r"(" + "|".join(sorted(map(re.escape, _ADJECTIVES), key=len, reverse=True)) + r")\b"
_JOIN = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|and/or)\s+)"
#: Words that may follow an adjective before the list goes on ("unsteady on my feet").
_AFTER = r"(?:\s+(?:on (?:my|your|his|her|their|our) feet|at first|at times|all the time|the next "
_AFTER += r"day|in the mornings?|during the day|at night))?"
_ADJ_START = re.compile(r"\b(?:" + _STATE_VERB + r"|" + _CAUSE_VERB + r")\s+" + _ADVERB + _ADJ +
                        _AFTER, re.I)
_ADJ_NEXT = re.compile(_JOIN + r"(?:to\s+|" + _STATE_VERB + r"\s+)?" + _ADVERB + _ADJ + _AFTER,
                       re.I)
_FEEL_LOW = re.compile(r"\b" + _FEEL + r"\s+(?:(?:a (?:little|bit)|very|really|quite|so|pretty)\s+)?"
                       r"(low|down|sick)\b(?!\s+(?:of|to|about|dose|doses|in|and tired))", re.I)

#: Effects named by what a person does ("some throw up", "more likely to fall", "put on a few
#: pounds", "bleed or bruise more easily"): (pattern, label, group holding the name).
_ACTS = (
    (r"\b(?:throw(?:s|ing)?|threw) up\b", "vomiting", 0),
    (r"\bfeel(?:ing)? or (being sick)\b", "vomiting", 1),
    (r"\b(?:likely|prone|liable) to\b[^.;:]{0,60}?\b(fall)\b(?!\s+(?:asleep|pregnant|behind))",
     "falls", 1),
    (r"\bfall over\b|\b(?:have|had|having) (?:a )?falls?\b", "falls", 0),
    (r"\b(?:you|they|I|he|she|people|some people|patients)\s+(?:may |might |could |can |also )?"
     r"(faint|fainted|pass out|passed out)\b", "fainting", 1),
    (r"\bor (pass(?:ed)? out)\b", "fainting", 1),
    (r"\b(?:gain(?:s|ed|ing)?|put(?:s|ting)? on|pil(?:e|es|ed|ing) on)\s+(?:some\s+|a\s+(?:little|"
     r"few|bit of|lot of)\s+|extra\s+|a few extra\s+)?(?:weight|pounds|kilos|kilograms|lbs)\b",
     "weight gain", 0),
    (r"\blos(?:e|es|t|ing)\s+(?:some\s+|a\s+(?:little|few|bit of)\s+)?(?:weight|pounds|kilos)\b",
     "weight loss", 0),
    (r"\b(bleed)(?: or bruise)? (?:more )?easily\b", "bleeding", 1),
    (r"\b(?:bleed or )?(bruise) (?:more )?easily\b", "bruising", 1),
    (r"\bdrool(?:s|ed|ing)?\b", "drooling", 0),
    (r"\byawn(?:s|ed|ing)?\b(?: a lot)?", "yawning", 0),
    (r"\bkeeps? (?:you|me|people|them) (?:up|awake)\b", "insomnia", 0),
    (r"\b(?:trouble|difficulty|problems?) (?:falling|getting|staying) (?:or (?:staying|falling) )?"
     r"asleep\b|\b(?:wouldn[’']t|won[’']t|couldn[’']t|can[’']t|cannot|could not) (?:fall|get to|stay) "
     r"a?sleep\b(?!\s+(?:at all\s+)?without)|\bhardly any sleep\b|\bbroken sleep\b|"
     r"\bfalling asleep becomes hard\b|\bsleep (?:badly|poorly)\b", "insomnia", 0),
    (r"\b(?:hands?|legs?) (?:shook|shake|shaking|were shaking|trembled|trembling)\b", "tremor", 0),
    (r"\b(?:see|seeing|saw|hear|hearing|heard)(?: or (?:see|seeing|hear|hearing))? things "
     r"(?:that )?(?:are not|aren[’']t|were not|weren[’']t|nobody else|no one else|others can[’']t)"
     r"(?: there| hear| see)?", "hallucinations", 0),
    (r"\b(?:problems?|trouble|difficulty|difficulties) (?:passing urine|urinating|peeing|emptying "
     r"(?:your|the|their) bladder)\b|\b(?:cannot|can[’']t|unable to) pass urine\b",
     "urinary retention", 0),
    # "can slow your breathing", "make your blood pressure drop", "your sex drive is lower",
    # "can blur your vision", "trouble concentrating", "a change in taste", "sweat more"
    (r"\bslow(?:s|ed|ing)? (?:down )?(?:your |their |the )?breathing\b", "respiratory depression", 0),
    (r"\bblood pressure (?:to )?(?:drop|drops|dropped|fall|falls|fell)\b", "low blood pressure", 0),
    (r"\bsex drive (?:is |was |becomes |gets )?lower\b|\b(?:lower|reduced|drop in|loss of) sex drive\b",
     "low libido", 0),
    (r"\bblur(?:s|red)? (?:your |their |the )?vision\b", "blurred vision", 0),
    (r"\b(?:trouble|difficulty|hard to) concentrat(?:e|ing)\b", "poor concentration", 0),
    (r"\b(?:a )?change in (?:your )?taste\b", "taste disturbance", 0),
    (r"\bsweat(?:s|ing)? more(?: than usual)?\b", "sweating", 0),
)
_ACT_PATTERNS = tuple((re.compile(p, re.I), label, group) for p, label, group in _ACTS)
#: "a fast, pounding or uneven heartbeat": each adjective its own effect.
_BEAT_WORDS = {"fast": "tachycardia", "racing": "tachycardia", "rapid": "tachycardia",
               "quick": "tachycardia", "pounding": "palpitations", "thumping": "palpitations",
               "fluttering": "palpitations", "uneven": "irregular heartbeat",
               "irregular": "irregular heartbeat", "skipping": "irregular heartbeat"}
_BEAT_WORD = r"(?:" + "|".join(_BEAT_WORDS) + r")"
_BEAT = re.compile(r"\b(" + _BEAT_WORD + r"(?:(?:\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+)" +
                   _BEAT_WORD + r")+)\s+(?:heart ?beats?|heart rate|pulse)\b", re.I)


def _adjectives_after(text: str, at: int, end: int) -> list[tuple[int, int, str]]:
    """The adjectives a list goes on with after its first one ("drowsy, dizzy or queasy")."""
    found = []
    while (nxt := _ADJ_NEXT.match(text, at, end)) is not None:
        found.append((nxt.start(1), nxt.end(1), _ADJECTIVES[nxt.group(1).lower()]))
        at = nxt.end()
    return found


def lay_effects(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, plain label) of effects named by adjectives after a verb of feeling or
    becoming, by acts ("throw up", "more likely to fall") and by the adjectives of a shared
    "heartbeat", inside ``text[start:end]``."""
    found: list[tuple[int, int, str]] = []
    for first, names in ((_ADJ_START, _ADJECTIVES), (_FEEL_LOW, _FEEL_ONLY)):
        for m in first.finditer(text, start, end):
            found.append((m.start(1), m.end(1), names[m.group(1).lower()]))
            found += _adjectives_after(text, m.end(), end)  # "feel low or depressed"
    for rx, label, group in _ACT_PATTERNS:
        found += [(m.start(group), m.end(group), label) for m in rx.finditer(text, start, end)]
    for m in _BEAT.finditer(text, start, end):
        words = [w for w in re.finditer(r"\w+", m.group(1)) if w.group().lower() in _BEAT_WORDS]
        found += [(m.start(1) + w.start(), m.end() if w is words[-1] else m.start(1) + w.end(),
                   _BEAT_WORDS[w.group().lower()]) for w in words]
    return sorted(set(found))
