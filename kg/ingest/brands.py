"""Brand names no lexicon knows: "Tramadol (Ultram)", "sold under brand names such as Ultram
and ConZip".

The drug lexicon lists only some brands, and a brand it lacks is otherwise lost. Pages name
brands in two fixed shapes: a capitalised name in parentheses right after the generic name (in
titles especially), and a run of capitalised names after a brand cue. A name the term index
knows as something else (a class, a condition) is not a brand.
"""

from __future__ import annotations

import re

from kg.ingest.terms import TermIndex

#: One brand: a capitalised word (inner capitals allowed: ConZip), optionally followed by a
#: short suffix word (XR, CR) or a second capitalised word.
_NAME = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[ \t]+(?:[A-Z]{1,3}|[A-Z][a-z]+))?"
_PAREN = re.compile(r"\s*\(\s*(" + _NAME + r")\s*(?:®|™)?\s*\)")
_CUE = re.compile(r"\b(?:brand(?:ed)?[ \t]+names?|sold[ \t]+(?:[a-z]+[ \t]+){0,3}?(?:as|under)|"
                  r"marketed[ \t]+(?:[a-z]+[ \t]+){0,3}?as|"
                  r"trade[ \t]+names?)\b(?:[ \t]+(?:the[ \t]+)?brand(?:ed)?[ \t]+names?)?"
                  r"(?:[ \t]+(?:such[ \t]+as|like|including|of|is|are))?[ \t]*:?[ \t]*", re.I)
_RUN = re.compile(r"(" + _NAME + r")(?:[ \t]*(?:,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+and[ \t]+|"
                  r"[ \t]+or[ \t]+)(?=[A-Z]))?")
#: Capitalised words that start a clause rather than name a brand.
_NOT_NAMES = frozenset({"The", "This", "These", "It", "Its", "In", "For", "And", "Or", "Uses",
                        "Use", "Side", "What", "How", "Brand", "Generic", "Tablets", "Capsules"})


def _known_other(name: str, index: TermIndex) -> bool:
    term = index.by_label(name)
    return term is not None and ("Drug" not in term.kinds or term.label.lower() == name.lower())


def _usable(name: str, index: TermIndex) -> bool:
    return name.split()[0] not in _NOT_NAMES and not _known_other(name, index)


def after_generic(text: str, generic_end: int, limit: int,
                  index: TermIndex) -> tuple[int, int] | None:
    """The span of "(Brand)" right after a generic drug name ending at ``generic_end``."""
    match = _PAREN.match(text, generic_end, limit)
    if match is None or not _usable(match.group(1), index):
        return None
    return match.start(1), match.end(1)


def after_cue(text: str, start: int, end: int, index: TermIndex) -> list[tuple[int, int]]:
    """Spans of the capitalised names listed right after a brand cue in ``text[start:end]``."""
    return [span for cue in _CUE.finditer(text, start, end)
            for span in listed(text, cue.end(), end, index)]


def listed(text: str, start: int, end: int, index: TermIndex) -> list[tuple[int, int]]:
    """Spans of the run of capitalised names starting at ``start`` ("Norco, Vicodin, Lortab"
    after a "Brand names:" label)."""
    found = []
    pos = start
    while pos < end:
        match = _RUN.match(text, pos, end)
        if match is None or not _usable(match.group(1), index):
            break
        found.append((match.start(1), match.end(1)))
        if match.end() == match.end(1):
            break
        pos = match.end()
    return found
