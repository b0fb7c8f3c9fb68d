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
_NAME = (r"(?:[A-Z][a-z]+(?:[A-Z][a-z]+)?|[A-Z]{2,}\d+[A-Za-z]*|[A-Z]{2,4}(?=[ \t]+[A-Z][a-z]))"
         r"(?:[ \t]+(?:[A-Z]-[A-Z][a-z]+|[A-Z]{1,3}\b|[A-Z][a-z]+))?")
_PAREN = re.compile(r"\s*\(\s*(" + _NAME + r")\s*(?:®|™)?\s*\)")
_CUE = re.compile(r"\b(?:brands?[ \t]+(?:were|are|include|included)|known[ \t]+(?:simply[ \t]+)?as|"
                  r"brand(?:ed)?[ \t]+names?|sold[ \t]+(?:[A-Za-z]+[ \t]+){0,4}?(?:as|under)|"
                  r"marketed[ \t]+(?:[A-Za-z]+[ \t]+){0,4}?as|launched[ \t]+(?:[a-z]+[ \t]+){0,2}?as|"
                  r"(?:(?:is|was|still|also|now)[ \t]+)+called|(?:version|form|formulation|product|"
                  r"tablet|capsule|film|patch|liquid)s?[ \t]+(?:is[ \t]+)?called|"
                  r"trade[ \t]+names?)\b(?:[ \t]+(?:the[ \t]+)?brand(?:ed)?[ \t]+names?)?"
                  r"(?:[ \t]+(?:such[ \t]+as|like|including|of|is|are))?[ \t]*[:,]?[ \t]*", re.I)
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


_FORM_WORDS = re.compile(r"(?:[ \t]+(?:extended-release|prolonged-release|modified-release|"
                         r"immediate-release|slow-release|oral|tablets?|capsules?|injection|patch|"
                         r"liquid|solution)){1,3}(?=[ \t]*\()", re.I)
#: "(Dolophine, Methadose)", "(Frisium here in the UK)": the names opening a parenthesis.
_PAREN_OPEN = re.compile(r"\s*\(\s*(?=[A-Z])")


def after_generic(text: str, generic_end: int, limit: int,
                  index: TermIndex) -> list[tuple[int, int]]:
    """Spans of "(Brand)" or "(Brand, Other)" right after a generic name ending at
    ``generic_end``."""
    # "Desvenlafaxine extended-release tablets (Pristiq, Khedezla)": a few product words first
    form = _FORM_WORDS.match(text, generic_end, limit)
    at = form.end() if form else generic_end
    match = _PAREN.match(text, at, limit)
    if match is not None:
        return [(match.start(1), match.end(1))] if _usable(match.group(1), index) else []
    opened = _PAREN_OPEN.match(text, at, limit)
    if opened is None:
        return []
    close = text.find(")", opened.end(), limit)
    names = listed(text, opened.end(), close if close != -1 else limit, index)
    if len(names) < 2 and not (names and re.match(r"[ \t]+(?:here|in|on|for)\b",
                                                  text[names[0][1]:])):
        return []  # one capitalised word opening a longer aside is no brand list
    return names


#: Words that say a name is a brand, as a sentence's words or a field's whole label ("Brand
#: name", "known generically as", "sold under"); ``_CUE`` above also finds where the names start.
FIELD_CUE = re.compile(r"\bbrand(?:ed)?(?: names?)?\b|\bunder the (?:brand )?names?\b|"
                       r"\bknow (?:it|them) as\b|known generically as|generic name|also known as|"
                       r"sold (?:as|under)|marketed as", re.I)


def cued(sentence: str) -> bool:
    """The sentence names brands outright ("marketed in the UK as", "is still called")."""
    return FIELD_CUE.search(sentence) is not None or _CUE.search(sentence) is not None


#: Once a sentence has a brand cue, "and as X", "and in the United States as X" go on with it.
_MORE = re.compile(r"\b(?:and|or|while|but)[ \t]+(?:in[ \t]+(?:the[ \t]+)?(?:[A-Z][A-Za-z]*[ \t]+){1,2}|"
                   r"elsewhere[ \t]+)?(?:(?:it[ \t]+is|it[’']s)[ \t]+)?as[ \t]+(?=[A-Z])")


def after_cue(text: str, start: int, end: int, index: TermIndex) -> list[tuple[int, int]]:
    """Spans of the capitalised names listed right after a brand cue in ``text[start:end]``."""
    cues = list(_CUE.finditer(text, start, end))
    if cues:
        cues += [m for m in _MORE.finditer(text, cues[0].end(), end)]
    return [span for cue in cues for span in listed(text, cue.end(), end, index)]


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
