"""Relation rules: given a term mention in a unit, which relation (if any) the page asserts.

Each rule returns the relation and how strong its evidence is: ``sentence`` (a cue in the same
sentence), ``label`` (a bold run-in label), ``section`` (a header or introducing paragraph) or
``weak``. Scoring turns that strength into a confidence; nothing here knows about tiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest import cues
from kg.ingest.terms import TermInfo


@dataclass(frozen=True)
class Frame:
    """The text around one mention that rules look at."""

    sentence: str       # the sentence holding the mention
    prefix: str         # the sentence up to the mention
    suffix: str         # the sentence after the mention
    previous: str       # the sentence before, in the same block (for carried context)
    label: str | None   # the unit's own bold run-in label
    section: str | None  # section type from label, introducing paragraph or headers
    in_label: bool      # the mention is inside the label


@dataclass(frozen=True)
class Decision:
    relation: str
    strength: str
    note: str = ""


EFFECT_RELATIONS = ("hasSideEffect", "hasWithdrawalSymptom", "hasDependencySign")


def effect(frame: Frame) -> Decision | None:
    s = frame.sentence
    if cues.DEPENDENCY.search(s) and cues.SIGNS.search(s):
        return Decision("hasDependencySign", "sentence")
    if cues.WITHDRAWAL.search(s):
        return Decision("hasWithdrawalSymptom", "sentence")
    if cues.SIDE_EFFECT.search(s):
        return Decision("hasSideEffect", "sentence")
    if frame.section == "dependency":
        return Decision("hasDependencySign", "section")
    if frame.section == "withdrawal":
        return Decision("hasWithdrawalSymptom", "section")
    if frame.section == "side_effects":
        strength = "label" if frame.label and cues.section_type(frame.label) == "side_effects" \
            else "section"
        return Decision("hasSideEffect", strength)
    if cues.WITHDRAWAL.search(frame.previous) and re.search(r"\bsymptoms?\b", s, re.I):
        return Decision("hasWithdrawalSymptom", "section")
    return None


#: Nouns that make a preceding condition word a modifier ("pain management", "pain relief").
MODIFIED = re.compile(r"^[\s-]*(?:management|relief|reliev\w*|signals?|perception|thresholds?|"
                      r"control|pathways?|intensity|medications?|modulation|clinic|"
                      r"specialists?)\b", re.I)


def condition(frame: Frame, term: TermInfo) -> Decision | None:
    s = frame.sentence
    if MODIFIED.match(frame.suffix):
        return None
    if cues.OFF_LABEL.search(s):
        return Decision("usedOffLabelFor", "sentence")
    if cues.CONTRAINDICATION.search(s):
        return Decision("contraindicatedWith", "sentence")
    if cues.CAUTION.search(s):
        return Decision("cautionIn", "sentence")
    also_effect = "Effect" in term.kinds
    if also_effect and (cues.WITHDRAWAL.search(s) or cues.SIDE_EFFECT.search(s)):
        return effect(frame)
    if re.search(r"symptoms? (?:like|such as|including)\s*$", frame.prefix, re.I):
        return None
    if cues.INDICATION.search(s):
        return Decision("indicatedFor", "sentence")
    if frame.section == "indications":
        return Decision("indicatedFor", "label" if frame.in_label else "section")
    if frame.section == "contraindications":
        return Decision("contraindicatedWith", "section")
    if frame.section == "precautions" and term.name in ("Pregnancy", "Breastfeeding"):
        return Decision("cautionIn", "section")
    if also_effect:
        return effect(frame)
    return None


def drug(frame: Frame, term: TermInfo) -> Decision | None:
    s, prefix = frame.sentence, frame.prefix
    blocked = cues.INTERACTION.search(prefix) or cues.CONTRAINDICATION.search(prefix) or \
        re.search(r"\bother\s*$", prefix, re.I)
    if "DrugClass" in term.kinds and not blocked:
        if cues.CLASS_MEMBERSHIP.search(prefix) or re.match(r"\s*(?:family|class)\b",
                                                            frame.suffix, re.I) \
                or re.search(r"\bacts? as an?\s*(?:\w+\s+)?$", prefix, re.I):
            return Decision("hasDrugClass", "sentence")
        if cues.CLASS_PROPERTY.match(frame.suffix) and re.search(r"\bits\s*$|\bof\s*$|'s\s*$",
                                                                 prefix, re.I):
            return Decision("hasDrugClass", "weak", "properties")
    if cues.CONTRAINDICATION.search(s) or re.search(r"^\s*Q:.*\bcan i\b", frame.label or "",
                                                     re.I) and re.match(r"\s*A:\s*No\b", s):
        return Decision("contraindicatedWith", "sentence")
    if cues.INTERACTION.search(s):
        return Decision("interactsWith", "sentence")
    if (cues.WITHDRAWAL_AID.search(s)) and (cues.WITHDRAWAL.search(s) or
                                            cues.WITHDRAWAL.search(frame.previous)):
        return Decision("hasWithdrawalAid", "sentence" if cues.WITHDRAWAL.search(s) else "weak")
    if frame.section == "interactions":
        return Decision("interactsWith", "section")
    if frame.section == "contraindications":
        return Decision("contraindicatedWith", "section")
    return None


def management(frame: Frame) -> Decision | None:
    if cues.WITHDRAWAL.search(frame.sentence):
        return Decision("hasWithdrawalManagement", "sentence")
    if frame.section in ("withdrawal", "withdrawal_management"):
        return Decision("hasWithdrawalManagement", "section")
    if cues.WITHDRAWAL.search(frame.previous):
        return Decision("hasWithdrawalManagement", "weak")
    return None


def target(frame: Frame) -> Decision | None:
    if cues.TARGET.search(frame.prefix) or frame.section == "mechanism":
        return Decision("targets", "sentence")
    return None


def route(frame: Frame) -> Decision | None:
    if cues.NOT_ADMINISTERED.search(frame.sentence) and not frame.in_label:
        return Decision("notAdministeredBy", "sentence")
    return None


def decide(frame: Frame, term: TermInfo) -> Decision | None:
    """The relation a mention of ``term`` takes part in, by the kind of term it is."""
    kinds = term.kinds
    if "Drug" in kinds or "DrugClass" in kinds:
        return drug(frame, term)
    if "Mechanism" in kinds:
        return Decision("hasMechanism", "sentence")
    if "MolecularTarget" in kinds:
        return target(frame)
    if "WithdrawalManagement" in kinds:
        return management(frame)
    if "Route" in kinds:
        return route(frame)
    if "Condition" in kinds:
        return condition(frame, term)
    if "Effect" in kinds:
        return effect(frame)
    return None


def negated(frame: Frame) -> bool:
    """An explicit denial before the mention in its sentence ("does not cause ...")."""
    return bool(cues.NEGATION.search(frame.prefix))
