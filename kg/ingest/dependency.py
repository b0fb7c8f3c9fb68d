"""Signs of dependence: clauses, not terms.

Pages list them as what the person does or feels ("taking it more frequently than prescribed",
"needing higher doses", "cravings for the medication"), after a cue sentence ("Signs that you
may be dependent on X are ...") or as the items of a dependence section. Each clause becomes
the ontology's sign when a few stable key words say which one it is, else a proposed new term
labelled with the clause itself, for the curator to name.
"""

from __future__ import annotations

import re

from kg.ingest import cues
from kg.ingest.newterms import camel_case, list_items
from kg.ingest.segment import Span, Unit
from kg.ingest.terms import TermIndex, TermInfo, tokens

#: (ontology term, key words) for the signs pages describe in many words.
KNOWN_SIGNS = (
    ("Tolerance", TOLERANCE := re.compile(r"\btolerance\b", re.I)),
    ("DrugCraving", re.compile(r"\bcrav(?:e|es|ing|ings)\b", re.I)),
    ("DoseEscalation", re.compile(r"\b(?:higher|larger|bigger|more|increas\w*|up)\b[^,;]{0,12}"
                                  r"\bdos(?:e|es|age|ages)\b", re.I)),
    ("TakingDrugMoreOftenThanPrescribed", re.compile(
        r"\bmore (?:often|frequently) than prescribed\b", re.I)),
)
TOLERANCE_TERM = TermInfo(name="Tolerance", label="tolerance", kinds=frozenset({"Effect"}),
                          synonyms=("drug tolerance",), new=True)
#: "tolerance builds", "can lead to tolerance", "develop tolerance": stated outright.
TOLERANCE_STATED = re.compile(r"\btolerance\b(?!\s+(?:is|was)\s+(?:not|un))", re.I)
_INTRO = re.compile(r"\b(?:are|include|includes|including|such as|like)\b\s*:?\s*|:\s*", re.I)
MAX_WORDS = 12


def sign_term(phrase: str, index: TermIndex) -> tuple[TermInfo, str]:
    """The sign a clause names and where its name came from: the ontology's term
    (``ontology``), tolerance read off its fixed name (``pattern``: as sure as a pattern),
    else a new term labelled with the clause itself (``list``: for the curator to name)."""
    for name, pattern in KNOWN_SIGNS:
        if pattern.search(phrase) and name in index.terms:
            return index.terms[name], "ontology"
        if pattern.search(phrase) and name == "Tolerance":
            # the drug's effect wearing off with use: named "tolerance" by every curator, a
            # sign of its own (not "dose escalation", what a person may do about it)
            known = index.by_label("tolerance")
            return (known, "ontology") if known else (TOLERANCE_TERM, "pattern")
    label = " ".join(phrase.lower().split())
    return TermInfo(name=camel_case(label), label=label, kinds=frozenset({"Effect"}),
                    new=True), "list"


def sign_clauses(text: str, unit: Unit, section: str | None) -> list[tuple[Span, Span, str]]:
    """(clause, quote, strength) for each dependency sign the unit states."""
    found = []
    for sentence in unit.sentences:
        s_text = text[sentence.start:sentence.end]
        tolerance = TOLERANCE_STATED.search(s_text)
        if tolerance and not cues.NEGATION.search(s_text) and unit.kind != "header":
            clause = Span(sentence.start + tolerance.start(), sentence.start + tolerance.end())
            found.append((clause, Span(unit.start, unit.end) if unit.kind == "bullet" else
                          sentence, "sentence"))
        if not (cues.DEPENDENCY.search(s_text) and cues.SIGNS.search(s_text)):
            continue
        signs = cues.SIGNS.search(s_text)
        intro = _INTRO.search(text, sentence.start + signs.end(), sentence.end)
        if intro is None or intro.end() >= sentence.end:
            continue
        for start, end in list_items(text, intro.end(), sentence.end):
            found.append((Span(start, end), sentence, "sentence"))
    if not found and section == "dependency" and unit.kind in ("bullet", "item") and \
            unit.label is None:
        body = unit.sentences[0]
        found.append((Span(body.start, body.end), Span(unit.start, unit.end), "section"))
    return [(clause, quote, strength) for clause, quote, strength in found
            if 0 < len(tokens(text, clause.start, clause.end)) <= MAX_WORDS]
