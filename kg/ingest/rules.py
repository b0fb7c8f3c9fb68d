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
    off_label: bool = False  # the page frames this condition as an off-label use
    item: bool = False  # the unit is a list item (bullet, item line or table row)
    #: the text between the last other drug or class named before the mention and the mention
    other_drug_before: str = ""
    #: the sentence speaks of the subject taken with another drug ("taken with warfarin raises
    #: the risk of bleeding", "taking these together"), and the subject is not that combination
    combination_effect: bool = False
    #: the mention is followed by "such as" / "like" and the page's drug ("Antidepressants such
    #: as citalopram can ...")
    subject_follows: bool = False
    #: the unit's run-in label is itself an effect or condition ("low cortisol levels: nausea,
    #: dizziness"): a bare list after it gives that state's signs
    label_names_state: bool = False


@dataclass(frozen=True)
class Decision:
    relation: str
    strength: str
    note: str = ""


#: What an overdose does is not a side effect.
_OVERDOSE = re.compile(r"\b(?:too much|overdos\w*|more than the prescribed)\b", re.I)
#: "tolerance to the sedative effect": the named effect is what tolerance blunts.
_TOLERANCE_OF = re.compile(r"\btolerance\s+(?:develops\s+)?to\s+(?:the\s+|its\s+)?(?:\w+\s+)?$",
                           re.I)
EFFECT_RELATIONS = ("hasSideEffect", "hasWithdrawalSymptom", "hasDependencySign")
_EFFECT_SECTIONS = {"side_effects": "hasSideEffect", "withdrawal": "hasWithdrawalSymptom"}
#: A cause or occasion, not a use: "pain ... after surgery or an injury".
_OCCASION = re.compile(r"\b(?:after|following)\b[^,;.]{0,40}$|\b(?:caused by|due to|brought on by|"
                       r"triggered by)\s+(?:\w+\s+){0,2}$", re.I)
#: A relative clause after the term speaks of something else ("that has not responded to other
#: treatment"): its cue words do not decide the term's relation.
_RELATIVE = re.compile(r"^[\s,]*(?:that|which|who|whose)\b", re.I)
#: A drug word that names a condition: "alcohol abuse", "opioid addiction".
#: "allergic to quetiapine or other antipsychotics": the allergen, not a drug relation.
_ALLERGEN = re.compile(r"\b(?:allerg\w*|hypersensitiv\w*)\s+to\s+(?:[\w-]+\s*(?:,|\bor\b|\band\b)\s*"
                       r"(?:to\s+)?)*"
                       r"(?:any\s+of\s+)?(?:the\s+|other\s+|any\s+|another\s+|an?\s+)?"
                       # "allergic to it or to another tricyclic medicine such as imipramine"
                       r"(?:[\w-]+\s+){0,3}?(?:(?:medicines?|drugs?|medications?)\s*)?(?:(?:such as|"
                       r"like|including|e\.g\.|\()\s*(?:[\w-]+\s*(?:,|\bor\b|\band\b)\s*)*)?$", re.I)
_DRUG_AS_CONDITION = re.compile(r"^[\s-]*(?:abuse|misuse|addiction|use disorder|dependence|"
                                r"poisoning|overdose)\b", re.I)


def own_withdrawal(sentence: str) -> bool:
    """The sentence speaks of stopping the drug itself: not "acute alcohol withdrawal" (a use)
    nor "stop taking X and see a doctor at once if you notice ..." (a serious side effect)."""
    if cues.STOP_AND_SEEK.search(sentence):
        return False
    return any(not cues.OTHER_SUBSTANCE.search(sentence[max(0, m.start() - 25):m.start()])
               for m in cues.WITHDRAWAL.finditer(sentence))


def effect(frame: Frame) -> Decision | None:
    s = frame.sentence
    if _TOLERANCE_OF.search(frame.prefix):
        return None  # "tolerance to the sedative effect": the effect tolerance wears off
    if cues.SIGNS_OF_PREVIOUS.search(frame.prefix) or _SIGN_OF_NAMED.search(frame.suffix) or \
            _LIST_NAMED_AFTER.search(frame.suffix) or (_LISTED_BEFORE.search(frame.prefix) and
                                                       _NAMED_AFTER.fullmatch(frame.suffix)):
        # "low sodium levels, which shows up as headache", "a stiff neck, fever and sensitivity
        # to light (aseptic meningitis)": the signs of another, named after them
        return None
    if frame.label_names_state and not frame.in_label and frame.item and \
            not cues.SIDE_EFFECT.search(s) and not cues.EXPERIENCE.search(s):
        return None  # "- low cortisol levels: nausea, dizziness": the signs of the label's state
    if _OVERDOSE.search(s):
        return None  # "Taking too much can cause seizures": an overdose, not a side effect
    if re.search(r"\b(?:syndrome|reaction|crisis)\s*\([^)]*$", frame.prefix, re.I):
        return None  # "serotonin syndrome (agitation, fever, ...)": the syndrome's signs
    if cues.DEPENDENCY.search(s) and cues.SIGNS.search(s):
        return Decision("hasDependencySign", "sentence")
    if own_withdrawal(s):
        return Decision("hasWithdrawalSymptom", "sentence")
    if cues.STOP_AND_SEEK.search(s):
        return Decision("hasSideEffect", "sentence")
    if cues.SIDE_EFFECT.search(s):
        # in a withdrawal section "side effect" and "can lead to" speak of the withdrawal
        relation = "hasWithdrawalSymptom" if frame.section == "withdrawal" and not \
            cues.SIDE_EFFECT_TOPIC.search(s) else "hasSideEffect"
        return Decision(relation, "sentence")
    if frame.section in _EFFECT_SECTIONS and (cues.EXPERIENCE.search(s) or
                                              cues.NARRATIVE.search(s)):
        # "Some people also notice itching", "Early symptoms include ...": the section names
        # the relation, the sentence asserts the effect
        return Decision(_EFFECT_SECTIONS[frame.section], "sentence")
    if frame.section == "dependency":
        # a list item there is a sign as a whole clause (``dependency.sign_clauses``); a term
        # inside it ("to cope with low mood") is not a sign of its own; nor is an effect a
        # sentence under "Is it addictive?" names without calling it a sign
        return None if frame.item or not cues.SIGNS.search(s) else \
            Decision("hasDependencySign", "section")
    if frame.section == "withdrawal":
        return Decision("hasWithdrawalSymptom", "section")
    if frame.section == "side_effects":
        strength = "label" if frame.label and cues.section_type(frame.label) == "side_effects" \
            else "section"
        return Decision("hasSideEffect", strength)
    if cues.WITHDRAWAL.search(frame.previous) and (re.search(r"\bsymptoms?\b", s, re.I) or
                                                   cues.NARRATIVE.search(s)):
        # "... the withdrawal hit hard. I couldn't sleep for four nights."; "... might occur
        # after cessation of X. Some of these symptoms are ...": the list names them outright
        listed = cues.SYMPTOM_LIST.search(frame.prefix)
        return Decision("hasWithdrawalSymptom", "sentence" if listed else "section")
    return None


#: Nouns that make a preceding condition word a modifier ("pain management", "pain relief").
MODIFIED = re.compile(r"^[\s-]*(?:management|relief|reliev\w*|signals?|perception|thresholds?|"
                      r"control|pathways?|intensity|medications?|modulation|clinic|"
                      r"specialists?)\b", re.I)


#: Where a cue's reach ends: a relative or causal clause starts ("..., which is why",
#: "..., so people ...", "..., because ...").
_CLAUSE_BREAK = re.compile(r",\s*(?:which|so|because|since|although|though|but|whereas|while)\b",
                           re.I)
#: Cue groups a condition mention can take its relation from; the nearest one wins.
_CONDITION_CUES = (("contra", cues.CONTRAINDICATION), ("caution", cues.CAUTION),
                   ("effect", cues.WITHDRAWAL), ("effect", cues.SIDE_EFFECT),
                   ("indication", cues.INDICATION), ("off_label", cues.OFF_LABEL))
#: Symptoms of the condition just named are not further indications ("symptoms like sadness").
SYMPTOMS_OF = re.compile(r"\bsymptoms?\s+(?:like|such as|including|of)\b(?![^,;]*\bconditions?\b)",
                         re.I)


def nearest_cue(frame: Frame, also_effect: bool) -> tuple[str, bool] | None:
    """The cue group closest before the mention (else first after it), and whether it was before.

    "Klonopin Withdrawal Klonopin is ... used to treat ... seizures": the treatment cue next to
    "seizures" decides, not the withdrawal word at the start of the sentence.
    """
    best: tuple[int, str] | None = None
    for name, pattern in _CONDITION_CUES:
        if name == "effect" and not also_effect:
            continue
        for match in pattern.finditer(frame.prefix):
            if name == "indication" and cues.WITHDRAWAL.search(
                    frame.prefix[max(0, match.start() - 30):match.start()]):
                continue  # "when stopping Klonopin treatment": the treatment being stopped
            if best is None or match.end() >= best[0]:
                best = (match.end(), name)
    if best is not None:
        if _CLAUSE_BREAK.search(frame.prefix[best[0]:]) and best[1] in (
                "indication", "contra", "caution", "off_label"):
            # "approved for GAD, which is why ... when worry and depression ...", "tell your
            # doctor first, because it can prolong the QT interval": the cue stops at the clause
            return None
        return best[1], True
    after: tuple[int, str] | None = None
    for name, pattern in _CONDITION_CUES:
        if name == "effect" and not also_effect:
            continue
        suffix = "" if _RELATIVE.match(frame.suffix) else frame.suffix
        if name == "indication":
            match = cues.INDICATION_AFTER.search(suffix)
        elif name == "off_label":
            # "... for insomnia, which is an off-label use": the use named, then framed; an
            # off-label cue further on frames a later condition ("intended for depression, ...
            # an off-label treatment for chronic pain"), and this one is no use at all
            match = re.match(r"[^.;]{0,12}\bwhich (?:is|would be) (?:an? )?(?:" +
                             cues.OFF_LABEL.pattern[5:-1] + r")|[^.;]{0,12}\b(?:is|are)\b[^.;]{0,30}?"
                             r"\b(?:" + cues.OFF_LABEL.pattern[5:-1] + r")", frame.suffix, re.I)
            if match is None and pattern.search(suffix):
                match, name = pattern.search(suffix), "off_label_later"
        else:
            match = pattern.search(suffix)
        if match and (after is None or match.start() < after[0]):
            after = (match.start(), name)
    return (after[1], False) if after is not None else None


#: Between another drug and a condition: the drug's own use ("MAOI used for", "triptans for").
_OTHER_DRUGS_USE = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:,\s*)?(?:(?:that|which) (?:is|are) )?"
                              r"(?:(?:commonly|usually|often|also|sometimes) )?"
                              r"(?:used|taken|prescribed|given)?\s*(?:for|to treat|against)\s+"
                              r"(?:\w+\s+){0,2}$", re.I)


#: "Melatonin and good sleep hygiene can help to manage the insomnia": the other drug helps.
_OTHER_DRUG_HELPS = re.compile(r"^[\w\s,'’()-]{0,40}?\b(?:(?:can|may|will|could|might)\s+)?(?:helps?\s+"
                               r"(?:\w+\s+){0,3}?(?:to\s+)?(?:manage|treat|relieve|ease|reduce|with|"
                               r"fight|calm)|ease|relieve|soothe|calm|control|takes? the edge off)\s+"
                               r"(?:the\s+|your\s+)?"
                               r"(?:[\w-]+\s+){0,2}$", re.I)


def name_of_use(frame: Frame) -> bool:
    """The condition is named right after another drug as that drug's use."""
    return bool(frame.other_drug_before) and (
        _OTHER_DRUGS_USE.match(frame.other_drug_before) is not None or
        _OTHER_DRUG_HELPS.match(frame.other_drug_before) is not None)


#: Patient states no drug is used to treat.
_STATES_NOT_USES = frozenset({"Pregnancy", "Breastfeeding"})


def condition(frame: Frame, term: TermInfo) -> Decision | None:
    if MODIFIED.match(frame.suffix):
        return None
    if _PEOPLE_WITH.search(frame.prefix):
        # "so people with a heart rhythm problem need a check first": the state to weigh
        if cues.CONTRAINDICATION.search(frame.suffix):
            return Decision("contraindicatedWith", "sentence")
        if cues.CAUTION.search(frame.suffix):
            return Decision("cautionIn", "sentence")
        if frame.section in ("side_effects", "withdrawal"):
            return None  # "mania, particularly in people with bipolar disorder": who, not what
    if "Effect" in term.kinds and (re.search(r"\b(?:can|may|might|could)\s+$", frame.prefix) or
                                   _PRONE_TO.search(frame.prefix)) \
            and frame.section != "withdrawal" and not cues.WITHDRAWAL.search(frame.sentence):
        # "it can prolong the QT interval"; "older people are more prone to confusion"
        return Decision("hasSideEffect", "sentence")
    also_effect = "Effect" in term.kinds
    symptoms = SYMPTOMS_OF.search(frame.prefix)
    if symptoms and symptoms.group().lower().endswith(" of") and cues.INDICATION.search(
            frame.prefix[max(0, symptoms.start() - 25):symptoms.start()]):
        symptoms = None  # "approved to relieve the symptoms of depression": the use
    if _COMPARED_USE.search(frame.prefix):
        return None  # "at lower doses than those used for depression"
    if symptoms and not (also_effect and (
            cues.WITHDRAWAL.search(frame.prefix[:symptoms.start()]) or
            cues.SIDE_EFFECT.search(frame.prefix[:symptoms.start()]))):
        return None  # symptoms of the condition just named; withdrawal symptoms are effects
    cue = nearest_cue(frame, also_effect)
    effect_label = cues.section_type(frame.label) in ("side_effects", "withdrawal") or \
        cues.severity_of(frame.label)[0] is not None
    if also_effect and frame.section in ("side_effects", "withdrawal", "dependency") and \
            (cue is None or cue[0] == "effect" or effect_label):
        return effect(frame)
    if cue is not None and name_of_use(frame):
        return None  # "triptans for migraine": the condition is the other drug's
    if cue is not None:
        name, before = cue
        if name == "off_label_later":
            return None
        if frame.other_drug_before and frame.section in ("withdrawal", "withdrawal_management") \
                and name in ("indication", "off_label"):
            return None  # "clonidine ... is used off-label to ease anxiety" while coming off
        if name in ("off_label", "indication") and WHO_ASIDE.search(frame.prefix):
            return None  # "off-label for chronic pain, especially in people who also have X"
        if name == "off_label":
            return Decision("usedOffLabelFor", "sentence")
        if name == "contra":
            if term.name in _STATES_NOT_USES and not re.search(
                    r"\b(?:do not|don[’']t|must not|never|contraindicat)", frame.sentence, re.I):
                return Decision("cautionIn", "sentence")  # "not recommended in pregnancy"
            if re.search(r"\bunless\b", frame.suffix, re.I):
                # "Do not take it if you are pregnant unless your doctor has told you to"
                return Decision("cautionIn", "sentence")
            return Decision("contraindicatedWith", "sentence")
        if name == "caution":
            return Decision("cautionIn", "sentence")
        if name == "effect":
            return effect(frame)
        if frame.section == "mechanism":  # "signals involved in pain and anxiety"
            return None
        if _OCCASION.search(frame.prefix):
            return None
        if term.name in _STATES_NOT_USES:
            return None  # "used for a long time during pregnancy"
        if frame.section in ("withdrawal", "withdrawal_management") and \
                not re.search(r"\btreat", frame.prefix, re.I):
            return None  # "ways to handle anxiety and sleeplessness" while coming off: no use
        approved = re.search(r"\b(?<!not )approved\b", frame.prefix[-60:], re.I)
        off_label = frame.off_label or frame.section == "off_label" or \
            cues.OFF_LABEL.search(frame.prefix) is not None  # "used off-label to ease X"
        relation = "usedOffLabelFor" if off_label and not approved else "indicatedFor"
        return Decision(relation, "sentence" if before else "section")
    # the unit's own label names the section ("| Used for | Insomnia |", "**Uses:** ..."): as
    # direct as the term sitting in the label
    labelled = frame.in_label or bool(frame.label) and \
        cues.section_type(frame.label) == frame.section
    if frame.section == "off_label":
        return Decision("usedOffLabelFor", "label" if labelled else "section")
    if frame.section == "indications":
        return Decision("usedOffLabelFor" if frame.off_label else "indicatedFor",
                        "label" if labelled else "section")
    if frame.section == "contraindications":
        return Decision("contraindicatedWith", "label" if labelled else "section")
    if frame.section == "precautions" and (term.name in ("Pregnancy", "Breastfeeding") or
                                           frame.item):
        # an item under "Talk to your doctor before taking X if you:" is a condition to weigh
        return Decision("cautionIn", "section")
    if also_effect or frame.section == "side_effects" and (frame.item or frame.label) and \
            term.name not in _STATES_NOT_USES and term.label != "elderly":
        # a disorder listed among side effects ("Not known: sleep apnoea") is one
        return effect(frame)
    return None


#: "Like other seizure medicines, ...", "As with every antidepressant, ...": the drug is one.
_LIKE_OTHER = re.compile(r"(?:^|[,;:]\s*)(?:just\s+)?(?:like|as with)\s+(?:other|all|every|any|most|"
                         r"many)\s+(?:other\s+)?(?:[\w-]+\s+)?$", re.I)


def drug(frame: Frame, term: TermInfo) -> Decision | None:
    s, prefix = frame.sentence, frame.prefix
    if _DRUG_AS_CONDITION.match(frame.suffix) or _ALLERGEN.search(prefix):
        return None
    if "DrugClass" in term.kinds and (frame.subject_follows or _LIKE_OTHER.search(prefix)):
        # "Antidepressants such as citalopram can ...", "Like other seizure medicines, it"
        return Decision("hasDrugClass", "sentence")
    blocked = cues.INTERACTION.search(prefix) or cues.CONTRAINDICATION.search(prefix) or \
        re.search(r"\bother\s*$", prefix, re.I)
    if "DrugClass" in term.kinds and not blocked:
        if cues.CLASS_FIELD.fullmatch(frame.label or "") and not frame.in_label or \
                cues.CLASS_FIELD_LINE.match(prefix):
            # "| Drug class | Benzodiazepine |", "Class: anxiolytic": the field names it
            return Decision("hasDrugClass", "label")
        if cues.CLASS_MEMBERSHIP.search(prefix) or re.match(r"\s*(?:family|class)\b",
                                                            frame.suffix, re.I) \
                or re.search(r"\bthis\s*$", prefix, re.I) \
                or re.search(r"\bacts? as an?\s*(?:\w+\s+)?$", prefix, re.I):
            return Decision("hasDrugClass", "sentence")
        if cues.CLASS_PROPERTY.match(frame.suffix) and re.search(r"\bits\s*$|\bof\s*$|'s\s*$",
                                                                 prefix, re.I):
            return Decision("hasDrugClass", "weak", "properties")
    bans = [m for m in cues.CONTRAINDICATION.finditer(s) if m.group().lower() != "avoid"]
    bans_before = [m.start() for m in bans if m.end() <= len(prefix)]
    links_before = [m.start() for m in cues.INTERACTION.finditer(prefix)]
    if bans_before and links_before and links_before[-1] > bans_before[-1] and \
            re.search(r"\b(?:and|but|while|;)\b", prefix[bans_before[-1]:links_before[-1]]):
        # "should never be combined with MAOIs, and it can interact with warfarin": the
        # clause nearest the drug speaks of it
        return Decision("interactsWith", "sentence")
    if bans or re.search(r"^\s*Q:.*\bcan i\b", frame.label or "", re.I) and \
            re.match(r"\s*A:\s*No\b", s):
        return Decision("contraindicatedWith", "sentence")
    if cues.CONTRAINDICATION.search(s):
        # "Avoid alcohol", "(avoid)" after an interaction: advice about a combination, not the
        # outright ban "do not take with" is
        return Decision("interactsWith", "sentence")
    if cues.SAME_FOR.search(prefix) and (cues.INTERACTION.search(frame.previous) or
                                         cues.TAKEN_TOGETHER.search(frame.previous) or
                                         cues.COMBINED_USE.search(frame.previous)):
        return Decision("interactsWith", "sentence")  # "The same goes for benzodiazepines"
    if cues.INTERACTION.search(s):
        # in an effect list "when mixed with X" is the effect's occasion: a lead at most
        strength = "weak" if frame.section in _EFFECT_SECTIONS else "sentence"
        return Decision("interactsWith", strength)
    aid = aid_strength(frame)
    if aid is not None:
        return Decision("hasWithdrawalAid", aid)
    if frame.section == "interactions":
        # "Interacts with: X, Y" or a table row whose first cell is the drug
        labelled = frame.label is not None and (cues.section_type(frame.label) == "interactions"
                                                or frame.in_label)
        return Decision("interactsWith", "label" if labelled else "section")
    if frame.section == "contraindications":
        return Decision("contraindicatedWith", "section")
    return None


def aid_strength(frame: Frame) -> str | None:
    """How directly the sentence says something relieves withdrawal: a relief cue with the
    withdrawal named in it (``sentence``), in the sentence before (``weak``) or by the section
    ("Ginger tea helps with the nausea." under a withdrawal header: ``section``)."""
    if not cues.WITHDRAWAL_AID.search(frame.sentence):
        return None
    if cues.WITHDRAWAL.search(frame.sentence):
        return "sentence"
    if cues.WITHDRAWAL.search(frame.previous):
        return "weak"
    return "section" if frame.section in ("withdrawal", "withdrawal_management") else None


def management(frame: Frame, term: TermInfo | None = None) -> Decision | None:
    if term is not None and "NonDrugAid" in term.kinds:
        # "Gentle exercise and a regular sleep routine can ease the symptoms": an aid, said so
        # by a relief cue in a withdrawal setting
        return Decision("hasWithdrawalAid", "sentence") if aid_strength(frame) else None
    if cues.WITHDRAWAL.search(frame.sentence):
        return Decision("hasWithdrawalManagement", "sentence")
    if frame.section in ("withdrawal", "withdrawal_management"):
        return Decision("hasWithdrawalManagement", "section")
    if cues.WITHDRAWAL.search(frame.previous):
        # a withdrawal management is about stopping by its very kind: the sentence before
        # naming the withdrawal is as good as a header
        return Decision("hasWithdrawalManagement", "section")
    return None


def target(frame: Frame) -> Decision | None:
    if frame.other_drug_before:
        return None  # "Bupropion and fluoxetine block CYP2D6, the enzyme that clears it"
    if cues.TARGET.search(frame.prefix) or frame.section == "mechanism" or \
            re.match(r"[^.;]{0,60}\b(?:are|is)\s+(?:\w+\s+)?(?:blocked|bound|activated|stimulated|"
                     r"targeted)\s+by\b", frame.suffix, re.I):
        return Decision("targets", "sentence")
    return None


def route(frame: Frame) -> Decision | None:
    if cues.NOT_ADMINISTERED.search(frame.sentence) and not frame.in_label:
        return Decision("notAdministeredBy", "sentence")
    return None


#: "more prone to confusion", "more likely to become confused, fall, or ...", "more sensitive to
#: side effects such as dizziness": what the drug is likelier to cause in these people.
_PRONE_TO = re.compile(r"\b(?:more|less|especially|particularly)\s+(?:likely|prone|liable|sensitive|"
                       r"susceptible|vulnerable)\s+to\b(?:(?!\bso\b|\bbecause\b|\bwhich\b)[^.;:]){0,70}$",
                       re.I)
#: "people with (a history of) ...", "patients who have ...": the patient's state comes next.
_PEOPLE_WITH = re.compile(r"\b(?:people|patients|those|anyone|someone|adults|children|women|men|"
                          r"individuals)\s+(?:who (?:have|had|suffer from)|with|suffering from)\s+"
                          r"(?:an?\s+|the\s+)?(?:history of\s+)?(?:[\w-]+\s+){0,3}$", re.I)


#: A use named only to compare with: "than those used for depression".
_COMPARED_USE = re.compile(r"\bthan (?:those|that|the (?:doses?|ones?)) (?:used|given|taken|"
                           r"prescribed) (?:for|in)\s+(?:the\s+)?$", re.I)
#: A mention that is the sign of a named condition: "(serotonin syndrome)" after the list,
#: "which can be signs of an acute attack of glaucoma".
_SIGN_OF_NAMED = re.compile(r"^[^.;()]*\((?:[^()]*\b(?:syndrome|glaucoma|(?:allergic|anaphylactic) "
                            r"reaction|crisis|attack|episode)\b|"
                            r"\s*(?:signs?|symptoms?) of\b)"
                            r"[^()]*\)|^[^.;]{0,60}\b(?:which|that) (?:can|may|could|might) be "
                            r"(?:an? |the )?(?:early )?signs? of\b|^[^.;]{0,80}\b(?:which|that)\b"
                            r"[^.;]{0,30}?\b(?:can|may|could|might) (?:mean|signal|indicate|point to)\b",
                            re.I)


def _patient_has(frame: Frame) -> bool:
    """An effect word named as the patient's state before treatment ("tell your doctor if you
    have high blood pressure", an item under "Do not take X if you:"): a condition to weigh."""
    if _PEOPLE_WITH.search(frame.prefix) and (cues.CAUTION.search(frame.sentence) or
                                              cues.CONTRAINDICATION.search(frame.sentence)):
        return True  # "so people with a heart rhythm problem need a check first"
    if cues.SIDE_EFFECT.search(frame.sentence) or cues.WITHDRAWAL.search(frame.sentence):
        return False
    cue = nearest_cue(frame, also_effect=False)
    if cue is not None:
        return cue[0] in ("contra", "caution")
    return frame.section == "contraindications" or frame.section == "precautions" and frame.item


#: A list closed by a short parenthesis naming what it is the signs of ("(aseptic
#: meningitis)", "(possible blood problems)"), not a frequency or population aside.
_NAMED = (r"\((?!\s*(?:e\.g|for example|such as|especially|particularly|mainly|which|in |up to|"
          r"may |affects?|(?:very )?(?:common|rare|uncommon)|rarely|often|\d))[^()]{3,40}\)")
_NAMED_AFTER = re.compile(r"\s*" + _NAMED + r"\s*[.;]?\s*", re.I)
_LIST_NAMED_AFTER = re.compile(r"^[^()]*?(?:,|\band\b|\bor\b)[^()]*" + _NAMED + r"\s*[.;]?\s*$",
                               re.I)
_LISTED_BEFORE = re.compile(r"(?:,|\band\b|\bor\b)[^()]*$", re.I)
#: An aside on who benefits most, after the use: its condition is the patients', not a use.
WHO_ASIDE = re.compile(r",\s*(?:especially|particularly|mainly|usually|often)?\s*(?:in|for|among)\s+"
                        r"(?:people|patients|those|anyone|adults|children)\b[^,;]*$", re.I)
#: A use named for a dose: "For depression (in adults), the usual dose", "the dose for panic
#: disorder", "Adults (depression):", "Adults with OCD usually start on 25 mg".
_DOSE_FOR = re.compile(r"(?:^|[\s(])(?:for|dose for|doses for)\s+(?:the\s+)?(?:treatment\s+of\s+)?$|"
                       r"\b(?:adults|children|patients)\s*\(\s*$|\b(?:adults|children)\s+with\s+$",
                       re.I)
_DOSE_NUMBER = re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|micrograms?|milligrams?)\b", re.I)
#: Reactions a drug's label lists as its own although they come of a combination: pages (and
#: curators) state serotonin syndrome as the drug's risk in its interactions.
_OWN_WHEN_COMBINED = frozenset({"serotonin syndrome"})


#: Dependence itself, not a sign of it: "not a sign of addiction", "turning into addiction".
_DEPENDENCE_ITSELF = frozenset({"addiction", "drug addiction", "dependence", "drug dependence",
                                "physical dependence", "psychological dependence"})


def decide(frame: Frame, term: TermInfo) -> Decision | None:
    """The relation a mention of ``term`` takes part in, by the kind of term it is."""
    kinds = term.kinds
    if term.label.lower() in _DEPENDENCE_ITSELF and cues.DEPENDENCY.search(frame.sentence):
        return None
    if "Drug" in kinds or "DrugClass" in kinds:
        return drug(frame, term)
    if "Mechanism" in kinds:
        return Decision("hasMechanism", "sentence")
    if "MolecularTarget" in kinds:
        return target(frame)
    if "WithdrawalManagement" in kinds:
        return management(frame, term)
    if "Route" in kinds:
        return route(frame)
    if "Condition" in kinds and _DOSE_FOR.search(frame.prefix) and _DOSE_NUMBER.search(
            frame.sentence) and not _PEOPLE_WITH.search(frame.prefix):
        # "For depression in adults, the usual dose is ...", "**Adults (depression):** 20 mg":
        # the use a dose is given for
        return Decision("indicatedFor", "section")
    if not kinds.isdisjoint({"Condition", "Effect"}) and frame.section == "dosage" and \
            frame.item and not (cues.SIDE_EFFECT.search(frame.sentence) or
                                cues.CAUTION.search(frame.sentence)):
        return None  # "| Severe liver disease | 1 mg | 2 mg |": whose dose, not an effect
    if not kinds.isdisjoint({"Condition", "Effect"}) and frame.combination_effect and \
            term.label not in _OWN_WHEN_COMBINED:
        return None  # "taken with warfarin raises the risk of bleeding": the combination's
    if "Condition" in kinds or "Effect" in kinds and _patient_has(frame):
        return condition(frame, term)
    if "Effect" in kinds:
        return effect(frame)
    return None


def negated(frame: Frame) -> bool:
    """An explicit denial before the mention in its sentence ("does not cause ...")."""
    return bool(cues.NEGATION.search(frame.prefix))
