"""Mechanism phrases: "increasing the levels of serotonin and norepinephrine", "inhibiting the
reuptake of serotonin", "binds to calcium channels".

Ontology mechanism labels are nouns ("serotonin level increase") that pages never write; pages
write a verb and a list of neurotransmitters. Each (action, transmitter) pair becomes the
mechanism term with that label, or a proposed new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.newterms import camel_case
from kg.ingest.terms import Mention, TermIndex, TermInfo

TRANSMITTERS = {"serotonin": "serotonin", "norepinephrine": "norepinephrine",
                "noradrenaline": "norepinephrine", "dopamine": "dopamine", "gaba": "GABA",
                "histamine": "histamine", "acetylcholine": "acetylcholine"}
_T = r"(?:serotonin|norepinephrine|noradrenaline|dopamine|GABA|histamine|acetylcholine)\b"
_LIST = _T + r"(?:\s*(?:,|and|or|,\s*and)\s*" + _T + r")*"
ACTIONS = (
    ("reuptake inhibition", re.compile(
        r"\b(?:inhibit\w*|block\w*|prevent\w*|slow\w*|reduc\w*|stop\w*|limit\w*)\s+(?:the\s+)?"
        r"(?:re-?uptake|reabsorption)\s+of\s+(?:these\s+"
        r"neurotransmitters|(?P<a>" + _LIST + r"))|\b(?P<b>" + _LIST +
        r")\s+reuptake\s+inhibit\w*|"
        # "blocks the serotonin transporter (and the norepinephrine transporter)", "blocks that
        # pump, the serotonin transporter": the reuptake pump, named as a protein
        r"\b(?:inhibit\w*|block\w*)\s+(?:that\s+pump,\s+)?(?:the\s+)?(?P<c>" + _T +
        r"(?:(?:\s+transporters?)?\s*(?:,|and|,\s*and)\s*(?:the\s+)?" + _T + r")*)\s+transporters?\b|"
        # "stops nerve cells soaking back up two chemical messengers, serotonin and noradrenaline"
        r"\b(?:stop\w*|prevent\w*|block\w*)\s+(?:nerve\s+cells\s+)?(?:from\s+)?(?:soak\w*|tak\w*|"
        r"suck\w*|pull\w*)\s+(?:back\s+up|back\s+in|up\s+again)\b[^.;]{0,40}?(?P<e>" + _LIST + r")",
        re.I)),
    ("level increase", re.compile(
        r"\b(?:increas\w*|boost\w*|rais\w*|elevat\w*|enhanc\w*)\s+(?:the\s+)?(?:levels?|"
        r"amounts?|concentrations?)\s+of\s+(?P<a>" + _LIST + r")|\b(?:increas\w*|boost\w*|"
        r"rais\w*|elevat\w*)\s+(?P<b>" + _LIST + r")\s+(?:levels?|concentrations?)|"
        # "the brain releases more noradrenaline and serotonin", "so more serotonin stays in
        # the gap", "more serotonin is left"
        r"\breleas\w*\s+more\s+(?P<c>" + _LIST + r")|\bmore\s+(?P<d>" + _LIST + r")\s+(?:stays?|"
        r"is\s+left|are\s+left|remains?|is\s+available|builds?\s+up)\b|"
        # "leaving more of both messengers active": the transmitters named before
        r"\b(?:leav\w*|keep\w*)\s+more\s+(?:of\s+)?(?:(?:these|those|both|the\s+two)\s+)?"
        r"(?:[\w-]+\s+){0,2}?(?:messengers|chemicals|neurotransmitters)\b|"
        r"\bso\s+more\s+of\s+(?:them|both|these|each)\s+(?:stays?|remains?|is\s+left|are\s+left)\b",
        re.I)),
)


#: "boosting GABA", "strengthens the calming effect of GABA", "positive allosteric modulator at
#: the GABA-A receptor": what benzodiazepines and Z-drugs do, in the ontology's words.
GABA_ENHANCEMENT = re.compile(
    r"\b(?:boost\w*|enhanc\w*|strengthen\w*|increas\w*|amplif\w*|potentiat\w*|intensif\w*)\s+"
    r"(?:the\s+)?(?:(?:calming|inhibitory|natural|soothing)\s+)?(?:(?:effects?|activity|action|"
    r"actions|function)\s+of\s+)?(?:(?:a|the)\s+)?(?:(?:brain\s+)?(?:chemical|neurotransmitter|"
    r"messenger)\s+(?:called\s+|known as\s+)?)?GABA\b(?!-?\s*(?:A\b|receptor))|"
    r"\bpositive\s+allosteric\s+modulat\w*\s+(?:at|of|on)\s+(?:the\s+)?GABA[- ]?A\b|"
    # "makes GABA, the brain's main calming chemical, work more strongly"
    r"\bmak\w*\s+GABA\b[^.;]{0,60}?\bwork\s+(?:more\s+)?(?:strongly|better|harder)\b", re.I)
GABA_ENHANCEMENT_LABEL = "enhancement of GABA action"


@dataclass(frozen=True)
class MechanismMatch:
    start: int
    end: int
    label: str
    #: read off a class name ("a selective serotonin reuptake inhibitor"): implied, not stated
    from_class: bool = False


def find_mechanisms(text: str, start: int, end: int,
                    carried: tuple[str, ...] = ()) -> list[MechanismMatch]:
    """(action, transmitter) labels such as "serotonin reuptake inhibition" in a sentence.

    ``carried`` are transmitters named in the previous sentence, for "these neurotransmitters".
    """
    found = [MechanismMatch(m.start(), m.end(), GABA_ENHANCEMENT_LABEL)
             for m in GABA_ENHANCEMENT.finditer(text, start, end)]
    for action, pattern in ACTIONS:
        for match in pattern.finditer(text, start, end):
            groups = match.groupdict()
            listed = groups.get("a") or groups.get("b") or groups.get("c") or groups.get("d") or \
                groups.get("e")
            named_before = transmitters_in(text[start:match.start()])
            names = [TRANSMITTERS[w.lower()] for w in re.findall(_T, listed or "", re.I)] \
                if listed else list(named_before or carried)
            implied = re.search(r"inhibitors?$", match.group(), re.I) is not None
            for name in dict.fromkeys(names):
                found.append(MechanismMatch(match.start(), match.end(), f"{name} {action}",
                                            implied))
    return found


def transmitters_in(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(TRANSMITTERS[w.lower()] for w in re.findall(_T, text, re.I)))


#: "serotonin-norepinephrine reuptake inhibitors (SNRIs)": a drug class named by its action.
CLASS_NAME = re.compile(r"\b(?:selective\s+)?" + _T + r"(?:(?:\s*-\s*|\s+and\s+|\s*,\s*)" + _T +
                        r")*\s+reuptake\s+inhibitors?\b(?:\s*\(\s*(?P<acronym>[A-Z]{2,6}s?)\s*\))?",
                        re.I)


def class_mentions(text: str, start: int, end: int, mentions: list[Mention],
                   index: TermIndex) -> list[Mention]:
    """``mentions`` with each "<transmitters> reuptake inhibitor(s)" phrase as one class mention.

    Word matching finds only pieces of it ("norepinephrine", the acronym): the whole phrase is
    the class, the ontology's term of that label or a proposed new one with the acronym.
    """
    result = list(mentions)
    for match in CLASS_NAME.finditer(text, start, end):
        whole = [m for m in mentions if m.start == match.start() and
                 m.end >= match.end(0) - len(match.group("acronym") or "") - 3 and
                 "DrugClass" in m.term.kinds]
        if whole:
            if match.group("acronym"):  # "(SNRIs)" restates the class the words named
                a, b = match.span("acronym")
                result = [m for m in result if m in whole or m.end <= a or m.start >= b]
            continue
        name_end = match.start("acronym") if match.group("acronym") else match.end()
        label = " ".join(text[match.start():name_end].strip(" (").lower().split())
        label = re.sub(r"inhibitors$", "inhibitor", label)
        acronym = (match.group("acronym") or "").rstrip("s")
        term = index.by_label(label) or TermInfo(
            name=camel_case(label),
            label=label, kinds=frozenset({"DrugClass"}), new=True,
            synonyms=(acronym,) if acronym else ())
        result = [m for m in result if m.end <= match.start() or m.start >= match.end()]
        result.append(Mention(match.start(), match.end(), term,
                              "ontology" if not term.new else "pattern"))
    return sorted(result, key=lambda m: m.start)


#: "binds to the mu-opioid receptor": the receptor a drug is said to bind or act on.
RECEPTOR = re.compile(r"\b(?:binds?|binding|attach\w*|acts?|acting)\s+(?:to|on|at)\s+(?:the\s+)?"
                      r"(?P<name>(?:[\w-]+\s+){0,2}?[\w-]+\s+receptors?)\b", re.I)


#: A receptor named the way pages name them: "dopamine D2 receptors", "mu-opioid receptor",
#: "5-HT2A receptors", "histamine H1 receptors", "alpha-2 receptors" (known words only, so that
#: "also blocks histamine receptors" does not take the verb into the name).
_RECEPTOR_WORD = (r"(?:mu|kappa|delta|opioid|dopamine|serotonin|histamine|muscarinic|cholinergic|"
                  r"acetylcholine|adrenergic|noradrenergic|alpha|beta|alpha-?\d[a-z]?|beta-?\d|"
                  r"nmda|ampa|gaba|gaba-?[ab]|benzodiazepine|cannabinoid|melatonin|orexin|"
                  r"nicotinic|glutamate|[dhm]\d|5-?ht\d?[a-z]?|cb\d|mt\d)")
RECEPTOR_NAME = re.compile(r"\b" + _RECEPTOR_WORD + r"(?:[\s-]+" + _RECEPTOR_WORD +
                           r")*[\s-]+receptors?\b", re.I)


#: "histamine H1 and alpha-1 adrenergic receptors": two receptors sharing the head noun.
RECEPTOR_PAIR = re.compile(r"\b(" + _RECEPTOR_WORD + r"(?:[\s-]+" + _RECEPTOR_WORD + r")*)"
                           r"(?:\s*,\s*|\s+and\s+|\s+or\s+)(?=" + _RECEPTOR_WORD +
                           r"(?:[\s-]+" + _RECEPTOR_WORD + r")*[\s-]+receptors\b)", re.I)


def _receptor_spans(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, label) of each receptor named; the first of a pair ("histamine H1 and
    alpha-1 adrenergic receptors") is labelled with the shared head noun."""
    spans = [(*match.span("name"), text[slice(*match.span("name"))])
             for match in RECEPTOR.finditer(text, start, end)]
    spans += [(*match.span(), match.group()) for match in RECEPTOR_NAME.finditer(text, start, end)
              if not any(a <= match.start() < b for a, b, _ in spans)]
    spans += [(*match.span(1), match.group(1) + " receptor")
              for match in RECEPTOR_PAIR.finditer(text, start, end)
              if not any(a <= match.start() < b for a, b, _ in spans)]
    return sorted(spans)


def receptor_mentions(text: str, start: int, end: int, mentions: list[Mention],
                      index: TermIndex) -> list[Mention]:
    """``mentions`` plus receptors named after a binding verb, or by a receptor's own name,
    that no term matched."""
    result = list(mentions)
    for a, b, name in _receptor_spans(text, start, end):
        overlapping = [m for m in result if m.start < b and a < m.end]
        if any("MolecularTarget" in m.term.kinds or m.source == "ontology" and
               m.start <= a and b <= m.end or not (m.start <= a and b <= m.end or
                                                   a <= m.start <= m.end <= b)
               for m in overlapping):
            continue  # a term already names the receptor, or the phrase is cut across
        # words inside the name ("dopamine", "opioid") are the receptor's, not drugs, and a
        # drug lexicon's class "dopamine D2 receptors" (antagonists) is the receptor itself
        result = [m for m in result if m not in overlapping]
        label = re.sub(r"receptors$", "receptor", " ".join(name.split()))
        if label[1:2].islower():
            label = label[:1].lower() + label[1:]  # "Dopamine D2 receptor" opening a sentence
        term = index.by_label(label) or TermInfo(
            name=camel_case(label),
            label=label, kinds=frozenset({"MolecularTarget"}), new=True)
        result.append(Mention(a, b, term, "ontology" if not term.new else "pattern"))
    return sorted(result, key=lambda m: m.start)
