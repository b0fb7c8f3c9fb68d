"""Words a lexicon knows but must not report when scanning prose.

Scanning consumer drug pages needs precision: a brand name that is also an everyday word
("Today", "Alert", "Wellness"), a two-letter code, or a stop word would tag half a page.
Exact look-up (``match``) is not filtered: someone who types "Alert" as a drug means it.
"""

from __future__ import annotations

#: Endogenous signalling molecules the drug dictionary lists (by its canonical key). Pages say
#: "raises serotonin" or "acts on GABA": these are not the drugs being discussed.
NEUROTRANSMITTERS: frozenset[str] = frozenset({
    "gamma-aminobutyric acid", "serotonin", "dopamine", "norepinephrine", "epinephrine",
    "acetylcholine", "glutamic acid", "glycine", "histamine", "aspartic acid", "adrenaline",
    "noradrenaline", "oxytocin", "endorphin", "beta-endorphin", "anandamide", "tryptamine",
    "tyramine", "taurine", "d-serine", "substance p",
})

#: Everyday English words (and words common on drug pages) never reported by ``scan``.
COMMON_WORDS: frozenset[str] = frozenset("""
a about above after again against all alert also always am an and any are as at be because been
before being below between both but by can care clear could did do does doing down during each
ease easy even ever every few for from further good had has have having he her here hers him his
how i if in into is it its just less life may me might more most must my no nor not now of off
often on once one only or other our out over own plan plus pro rest same she should so some such
than that the their them then there these they this those through to today too under until up
us very was we well were what when where which while who whom why will with would you your
relief comfort calm sleep night day daily active natural balance complete control focus energy
health wellness vital boost care cure help hope joy peace power pure prime max ultra extra
advance advanced simple smart clarity rapid fast quick strength total tablet tablets capsule
capsules pill pills drug drugs dose doses medicine medication water salt sugar oxygen air
alcohol coffee tea iron zinc gold silver copper lead tin sodium potassium calcium magnesium
vitamin vitamins acid base form forms use used user
""".split())


def scan_worthy(name_key: str, *, brand: bool) -> bool:
    """Whether a name (its lookup key) may be reported by ``scan``.

    Left out: keys shorter than 4 characters, stop words and everyday words, and one-word
    brand names shorter than 5 characters (brands of 3-4 letters are mostly abbreviations).

    >>> scan_worthy("alprazolam", brand=False), scan_worthy("today", brand=True)
    (True, False)
    """
    compact = name_key.replace(" ", "")
    if len(compact) < 4 or name_key in COMMON_WORDS:
        return False
    words = name_key.split(" ")
    if all(w in COMMON_WORDS or w.isdigit() for w in words):
        return False
    return not (brand and len(words) == 1 and len(compact) < 5)
