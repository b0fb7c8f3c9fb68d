"""Dose ranges and elimination half-lives stated in text.

Doses in this genre read "this might range from 10-150mg daily, usually taken at bedtime" or
"75 to 600 mg per day, divided into two doses"; half-lives read "the half-life ... is 35 hours".
Units are normalised to the project's unit codes (``kg.vocab.UNITS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

#: A number as pages write it: "20", "0.5", "3,600" (a thousands comma, never "10, 25").
_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
DOSE = re.compile(_NUM + r"\s*(mg|mcg|µg|g|milligrams?|micrograms?)?\s*(?:-|–|—|to|and)\s*"
                  + _NUM + r"\s*(mg|mcg|µg|g|milligrams?|micrograms?)\b", re.IGNORECASE)
_MG = r"\s*(mg|mcg|µg|milligrams?|micrograms?)\b"
#: "starting dose is 75 mg ... up to a maximum of 225 mg": a range written as its two ends.
START_TO_MAX = re.compile(
    r"\b(?:start\w*|initial\w*|begin\w*|first)\b[^.;]{0,40}?\b" + _NUM + _MG +
    r"[^.;]{0,100}?\b(?:up to|maximum(?: dose)? of|max(?:imum)?(?: is)?|as (?:much|high) as|"
    r"no more than)\s+(?:about\s+|around\s+)?" + _NUM + _MG, re.IGNORECASE)
#: "the usual dose is 20 mg once a day", "adults take 50 mg twice daily": one dose, said to be
#: the dose (not a tablet strength, nor a step "by 10 mg").
SINGLE_DOSE = re.compile(
    r"\b(?:dose (?:(?:for|in) [\w ]{1,20}? )?(?:is|of)|takes?|taking|start(?:s|ing)? (?:on|at|with)|"
    r"stay(?:s)? on|kept on|maintained on|"
    r"prescribed at|dosed at|"
    r"usually|typically|normally|(?:do|does|did) (?:fine|well) on|target is)\b[^.;\d]{0,30}?(?<!by )" +
    _NUM + _MG + r"(?!\s*(?:-|–|to|or|and)\s*\d)(?!\s*(?:tablets?|capsules?|pills?|strength))",
    re.IGNORECASE)
#: "**Elderly (over 60):** 20 mg once a day": a dose with how often, opening a labelled item.
LEADING_DOSE = re.compile(r"[ \t]*(?:[-*•][ \t]+)?(?:\*\*[^*\n]{1,60}\*\*[ \t]*)?" + _NUM + _MG +
                          r"(?=[ \t]+(?:once|twice|three times|a day|daily|per day|each day|at "
                          r"bedtime|at night|every))", re.IGNORECASE)
#: The next sentence raising the dose to its maximum ("... may increase this to a maximum of
#: 40 mg a day"), in the same paragraph.
_MAXIMUM_NEXT = re.compile(r"[ \t]*[^.;\n]{0,80}?\b(?:increas\w*|rais\w*|go(?:es)? up|adjust\w*)\b"
                           r"[^.;\n\d]{0,40}?\b(?:up to|maximum(?: dose)? of|max(?:imum)?(?: of)?|to)"
                           r"\s+(?:about\s+)?" + _NUM + _MG, re.IGNORECASE)
#: "150 mg a day to start, up to 400 mg": the maximum later in the same sentence.
_MAXIMUM_SAME = re.compile(r"\b(?:(?:up to|maximum(?: dose)? of|max(?:imum)?(?: of)?)\s+(?:about\s+)?|"
                           r"(?:raised|raise|increased|increase|stepped up|go up)\b[^.;\d]{0,20}?\bto\s+"
                           r"(?:\d+(?:\.\d+)?\s*(?:mg)?\s*(?:or|,)\s*)*)" + _NUM + _MG, re.IGNORECASE)
#: "half-life ... about 12 hours"; not a time to something else ("a short half-life, so
#: symptoms begin within 12 to 48 hours of the last dose").
HALF_LIFE = re.compile(r"half[- ]?life(?:(?!\b(?:within|after|begins?|starts?|appears?|symptoms?|"
                       r"withdrawal|until|before)\b)[^.;]){0,60}?\b" + _NUM +
                       r"(?:\s*(?:-|–|to)\s*" + _NUM + r")?\s*(hours?|hrs?|h|days?)\b",
                       re.IGNORECASE)
_UNIT = {"mg": "mg", "milligram": "mg", "milligrams": "mg", "mcg": "mcg", "µg": "mcg",
         "microgram": "mcg", "micrograms": "mcg", "g": "g"}
_TIME_UNIT = {"hour": "h", "hours": "h", "hr": "h", "hrs": "h", "h": "h", "day": "d",
              "days": "d"}


#: A list of strengths: "10 mg, 25 mg and 50 mg tablets".
_STRENGTHS = re.compile(r"\d\s*(?:mg|mcg)?\s*,\s*$", re.I)
_STRENGTH_AFTER = re.compile(r"\s*(?:tablets?|capsules?|pills?|strengths?)\b", re.I)


@dataclass(frozen=True)
class DoseMatch:
    start: int
    end: int
    min: Decimal
    max: Decimal
    unit: str
    frequency: str | None


@dataclass(frozen=True)
class HalfLifeMatch:
    start: int
    end: int
    value: Decimal
    unit: str
    is_range: bool


def _decimal(written: str) -> Decimal:
    return Decimal(written.replace(",", ""))


def number(value: Decimal) -> int | float:
    """A Decimal as the plain JSON/YAML number a curator would write."""
    return int(value) if value == value.to_integral_value() else float(value)


def find_doses(text: str, start: int, end: int) -> list[DoseMatch]:
    """Dose ranges in ``text[start:end]``; frequency is the rest of the clause after the unit."""
    found = []
    for match in DOSE.finditer(text, start, end):
        low, high = _decimal(match.group(1)), _decimal(match.group(3))
        if low > high or _STRENGTHS.search(text, max(start, match.start() - 12),
                                           match.start()) or \
                re.search(r"\bby\s+(?:about\s+)?$", text[max(start, match.start() - 12):
                                                          match.start()]) or \
                _STRENGTH_AFTER.match(text, match.end()):
            continue  # "5 mg, 10 mg, 15 mg and 30 mg tablets": the strengths sold, not a dose
        unit = _UNIT[match.group(4).lower()]
        tail_end = end
        stop = re.search(r"[.;]\s|[.;]$", text[match.end():end])
        if stop:
            tail_end = match.end() + stop.start()
        frequency = text[match.end():tail_end].strip(" ,\t")
        found.append(DoseMatch(match.start(), match.end(), low, high, unit, frequency or None))
    return found


#: A sentence about coming down: its single doses are taper steps.
_TAPER_STEP = re.compile(r"\b(?:reduc\w*|taper\w*|wean\w*|cut\w* down|step\w* down|before stopping|"
                         r"when stopping|com(?:e|ing) off)\b", re.I)


def find_dose_ends(text: str, start: int, end: int) -> list[DoseMatch]:
    """Ranges given by their start and maximum, else one stated dose, in a sentence that holds
    no plain "X to Y mg" range (:func:`find_doses` reads those)."""
    if DOSE.search(text, start, end):
        return []
    found = []
    for match in START_TO_MAX.finditer(text, start, end):
        low, high = _decimal(match.group(1)), _decimal(match.group(3))
        unit = _UNIT[match.group(2).lower()]
        if low < high and _UNIT[(match.group(4) or match.group(2)).lower()] == unit:
            found.append(DoseMatch(match.start(), match.end(), low, high, unit, None))
    if found:
        return found
    leading = LEADING_DOSE.match(text, start, end)
    if _TAPER_STEP.search(text, start, end):
        return found  # "reduce your dose gradually, for example by taking 3.75 mg": a step
    for match in [*SINGLE_DOSE.finditer(text, start, end), *([leading] if leading else [])]:
        if re.search(r"\b(?:more than|maximum|max|exceed\w*|over|at least|less than)\s*$",
                     text[match.start():match.start(1)], re.I):
            continue  # a limit, not the dose
        value = _decimal(match.group(1))
        tail = re.split(r",\s*(?:and|but)\b", re.match(r"[^.;]*", text[match.end():end]).group()
                        )[0].strip(" ,\t")
        upper = _MAXIMUM_SAME.search(text, match.end(), end) or _MAXIMUM_NEXT.match(text, end)
        if upper and _decimal(upper.group(1)) > value and \
                _UNIT[upper.group(2).lower()] == _UNIT[match.group(2).lower()]:
            # "The recommended dose is 20 mg a day. Your doctor may increase this to a maximum
            # of 40 mg a day.": the range, told in two sentences
            found.append(DoseMatch(match.start(1), match.end(), value, _decimal(upper.group(1)),
                                   _UNIT[match.group(2).lower()], tail or None))
            break
        found.append(DoseMatch(match.start(1), match.end(), value, value,
                               _UNIT[match.group(2).lower()], tail or None))
    return found[:1]


def find_half_lives(text: str, start: int, end: int) -> list[HalfLifeMatch]:
    """Elimination half-lives in ``text[start:end]``."""
    found = []
    for match in HALF_LIFE.finditer(text, start, end):
        unit = _TIME_UNIT[match.group(3).lower()]
        found.append(HalfLifeMatch(match.start(), match.end(), _decimal(match.group(1)), unit,
                                   match.group(2) is not None))
    return found


_CELL_DOSE = re.compile(_NUM + _MG, re.IGNORECASE)


def find_row_range(text: str, cells: list[tuple[int, int]]) -> DoseMatch | None:
    """A dosing table row whose cells give one dose each ("| Adults | 1 mg | 3 mg |"): the
    start and the maximum, read as the range the row states."""
    doses = [m for start, end in cells for m in [_CELL_DOSE.fullmatch(text[start:end].strip())]
             if m]
    if len(doses) != 2 or len(doses) != len(cells):
        return None
    low, high = _decimal(doses[0].group(1)), _decimal(doses[1].group(1))
    unit = _UNIT[doses[0].group(2).lower()]
    if not low < high or _UNIT[doses[1].group(2).lower()] != unit:
        return None
    return DoseMatch(cells[0][0], cells[-1][1], low, high, unit, None)
