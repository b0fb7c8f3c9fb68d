"""Mechanism phrases: "increasing the levels of serotonin and norepinephrine", "inhibiting the
reuptake of serotonin", "binds to calcium channels".

Ontology mechanism labels are nouns ("serotonin level increase") that pages never write; pages
write a verb and a list of neurotransmitters. Each (action, transmitter) pair becomes the
mechanism term with that label, or a proposed new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TRANSMITTERS = {"serotonin": "serotonin", "norepinephrine": "norepinephrine",
                "noradrenaline": "norepinephrine", "dopamine": "dopamine", "gaba": "GABA",
                "histamine": "histamine", "acetylcholine": "acetylcholine"}
_T = r"(?:serotonin|norepinephrine|noradrenaline|dopamine|GABA|histamine|acetylcholine)"
_LIST = _T + r"(?:\s*(?:,|and|or|,\s*and)\s*" + _T + r")*"
ACTIONS = (
    ("reuptake inhibition", re.compile(
        r"\b(?:inhibit\w*|block\w*|prevent\w*)\s+(?:the\s+)?reuptake\s+of\s+(?:these\s+"
        r"neurotransmitters|(?P<a>" + _LIST + r"))|\b(?P<b>" + _LIST +
        r")\s+reuptake\s+inhibit\w*", re.I)),
    ("level increase", re.compile(
        r"\b(?:increas\w*|boost\w*|rais\w*|elevat\w*|enhanc\w*)\s+(?:the\s+)?(?:levels?|"
        r"amounts?|concentrations?)\s+of\s+(?P<a>" + _LIST + r")|\b(?:increas\w*|boost\w*|"
        r"rais\w*|elevat\w*)\s+(?P<b>" + _LIST + r")\s+(?:levels?|concentrations?)", re.I)),
)


@dataclass(frozen=True)
class MechanismMatch:
    start: int
    end: int
    label: str


def find_mechanisms(text: str, start: int, end: int,
                    carried: tuple[str, ...] = ()) -> list[MechanismMatch]:
    """(action, transmitter) labels such as "serotonin reuptake inhibition" in a sentence.

    ``carried`` are transmitters named in the previous sentence, for "these neurotransmitters".
    """
    found = []
    for action, pattern in ACTIONS:
        for match in pattern.finditer(text, start, end):
            listed = match.group("a") or match.group("b")
            names = [TRANSMITTERS[w.lower()] for w in re.findall(_T, listed or "", re.I)] \
                if listed else list(carried)
            for name in dict.fromkeys(names):
                found.append(MechanismMatch(match.start(), match.end(), f"{name} {action}"))
    return found


def transmitters_in(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(TRANSMITTERS[w.lower()] for w in re.findall(_T, text, re.I)))
