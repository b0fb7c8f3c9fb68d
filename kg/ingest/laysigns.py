"""Lay phrasings of common effects that HPO lacks as names ("pounding heart", "couldn't sleep").

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
    (r"(?:felt|feel|feeling) sick(?! of)", "nausea"),
    (r"(?:felt|feel|feeling) (?:dizzy|lightheaded|light-headed)", "dizziness"),
)
_LAY = tuple((re.compile(r"\b(?:" + pattern + r")\b", re.I), label) for pattern, label in _PHRASES)


def lay_phrases(text: str) -> list[tuple[int, int, str]]:
    """(start, end, HPO label) of every lay effect phrase in ``text``."""
    found = [(m.start(), m.end(), label) for rx, label in _LAY for m in rx.finditer(text)]
    return sorted(found)
