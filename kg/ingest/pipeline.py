"""``propose``: a document's text in, candidate statements out.

Steps: segment the page into units; find terms in each unit; settle each unit's subject from
its own words, the nearest header or the document's drug; let the relation rules decide what
each mention asserts; add doses, half-lives, brand names and mechanism phrases; score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.errors import KGError
from kg.ingest import brands, cues, rules
from kg.ingest.candidate import Candidate, NewTerm
from kg.ingest.dependency import sign_clauses, sign_terms
from kg.ingest.management import management_mentions
from kg.ingest.mechanisms import (class_mentions, find_mechanisms, receptor_mentions,
                                  transmitters_in)
from kg.ingest.quantities import (find_dose_ends, find_doses, find_half_lives, find_row_range,
                                  number)
from kg.ingest.scoring import features, score
from kg.ingest.segment import Span, Unit, segment
from kg.ingest.subjects import GROUP, Subject, SubjectResolver, clause_subject
from kg.ingest.terms import Mention, TermIndex, TermInfo, tokens
from kg.ingest.newterms import camel_case, hit_mentions, lexicon_mentions, list_items
from kg.ingest.phrases import (allergy_mentions, extend, lay_condition_mentions,
                               prefer_longer, shared_heads, split_conjoined)


_BACK_REFERENCE = re.compile(r"(?:^|[.;:]\s*|\b(?:reason|when|as)\s+)(?:the|this|these|that|those)"
                             r"\s+$", re.I)


@dataclass(frozen=True)
class Found:
    """A decided statement before scoring: the evidence features scoring looks at."""

    candidate: Candidate
    strength: str
    source: str
    subject_source: str
    note: str = ""
    unit_kind: str = ""


class _Document:
    def __init__(self, text: str, document_id: str, index: TermIndex,
                 lexicons: object | None) -> None:
        self.text = text
        self.id = document_id
        self.index = index
        self.lexicons = lexicons
        self.xrefs: dict[str, TermInfo] = {}
        self.hits = lexicons.scan_document(text) if lexicons is not None else []
        self.units = segment(text)
        # a paragraph's run-in label ("**Dry mouth** – chew gum") lies before its first
        # sentence: scanned with it, so a term naming the paragraph is found
        self.mentions = _merge_aliases(text, {i: self._scan(min(u.start, u.label.start)
                                                            if u.label else u.start, u.end)
                                              for i, u in enumerate(self.units)})
        self.resolver = SubjectResolver(self.units, self.mentions, index)
        self.brands_seen: set[str] = set()
        self.topics = _paragraph_topics(text, self.units)
        self.off_label = _off_label_terms(text, self.units, self.mentions)
        self.off_label_items = _off_label_list(text, self.units)

    def _with_xrefs(self, mention: Mention) -> Mention:
        """A curated vocabulary term with the lexicons' ids for its label (once a document)."""
        term = mention.term
        if mention.source != "vocabulary" or term.xrefs or self.lexicons is None:
            return mention
        if term.name not in self.xrefs:
            xrefs = self.lexicons.xrefs_of(term.label, term.kinds)  # type: ignore[attr-defined]
            self.xrefs[term.name] = replace(term, xrefs=xrefs) if xrefs else term
        return replace(mention, term=self.xrefs[term.name])

    def _scan(self, start: int, end: int) -> list[Mention]:
        own = self.index.scan(self.text, start, end)
        own = [self._with_xrefs(m) for m in own]
        if self.hits:
            own = prefer_longer(own, hit_mentions(self.hits, start, end, self.index))
            own = sorted(own + lexicon_mentions(self.hits, start, end, own, self.index),
                         key=lambda m: m.start)
        own = split_conjoined(self.text, own, self.index)
        own = lay_condition_mentions(self.text, start, end, own, self.index)
        own = extend(self.text, own, self.index, start)
        own = shared_heads(self.text, start, end, own, self.index)
        own = class_mentions(self.text, start, end, own, self.index)
        own = receptor_mentions(self.text, start, end, own, self.index)
        own = allergy_mentions(self.text, start, end, own, self.index)
        return management_mentions(self.text, start, end, own, self.index)


def _merge_aliases(text: str, mentions: dict[int, list[Mention]]) -> dict[int, list[Mention]]:
    """A drug named in parentheses right after another ("clobazam (Frisium)") is that drug under
    another name: the lexicon may list a brand as a drug of its own, which would otherwise
    split the page's subject in two."""
    alias: dict[str, TermInfo] = {}
    for found in mentions.values():
        for first, second in zip(found, found[1:]):
            if "Drug" in first.term.kinds and "Drug" in second.term.kinds and \
                    first.term.name != second.term.name and \
                    re.fullmatch(r"\s*\(\s*", text[first.end:second.start]) and \
                    text[second.end:second.end + 1] == ")" and second.term.new:
                alias.setdefault(second.term.name, first.term)
    if not alias:
        return mentions
    return {i: [replace(m, term=alias[m.term.name]) if m.term.name in alias else m
                for m in found] for i, found in mentions.items()}


def _paragraph_topics(text: str, units: list[Unit]) -> dict[int, str]:
    """What each prose paragraph is about, from its opening sentence ("Side effects while taking
    X are usually mild. The most frequent ones are ..."): under a page titled "X Withdrawal" a
    paragraph that opens on side effects lists side effects, not withdrawal symptoms."""
    topics: dict[int, str] = {}
    seen: set[int] = set()
    for unit in units:
        if unit.block in seen:
            continue
        seen.add(unit.block)
        if unit.kind != "sentence":
            continue
        first = text[unit.start:unit.end]
        # (a paragraph opening on stopping the drug is left to the sentence-by-sentence cues:
        # its later sentences as often turn to side effects: "If you experience dizziness")
        if cues.SIDE_EFFECT_TOPIC.search(first) and not rules.own_withdrawal(first):
            topics[unit.block] = "side_effects"
    return topics


_BACK_OFF_LABEL = re.compile(r"(?:those|these|all of these|all of them|both)\b[^.\n]{0,30}"
                             r"\boff[- ]label", re.I)


def _off_label_list(text: str, units: list[Unit]) -> frozenset[int]:
    """Starts of the list items that a following "Those are off-label uses." frames."""
    found: set[int] = set()
    for i, unit in enumerate(units):
        if _BACK_OFF_LABEL.match(text, unit.start, unit.end):
            j = i - 1
            while j >= 0 and units[j].kind == "bullet":
                found.add(units[j].start)
                j -= 1
    return frozenset(found)


def _off_label_terms(text: str, units: list[Unit],
                     mentions: dict[int, list[Mention]]) -> frozenset[str]:
    """Conditions the page itself calls off-label uses ("Elavil for Chronic Pain: an Off-label
    Use", "an off-label treatment for chronic pain"): later plain "treats" of them are too."""
    found = set()
    for i, unit in enumerate(units):
        for span in unit.sentences:
            cue = cues.OFF_LABEL.search(text, span.start, span.end)
            if cue is None:
                continue
            for mention in mentions[i]:
                if span.start <= mention.start < span.end and "Condition" in mention.term.kinds:
                    # the uses the cue frames ("off-label for chronic pain, ... and nerve pain"),
                    # not the people an aside names ("especially in people who have X")
                    between = text[cue.end():mention.start]
                    if cue.end() < mention.start and not rules.WHO_ASIDE.search(between) or \
                            unit.kind == "header":
                        found.add(mention.term.name)
    return frozenset(found)


def _frames_off_label(sentence: str) -> bool:
    """A short sentence that frames what follows as off-label: "Many prescriptions, though,
    are written off-label." (a longer one names its own uses)."""
    return cues.OFF_LABEL.search(sentence) is not None and len(sentence.split()) <= 10


def _framed_off_label(doc: _Document, unit: Unit, mentions: list[Mention], mention: Mention,
                      sentence: Span, section: str | None) -> bool:
    """The page frames this use as off-label, and the unit is not under a header of uses."""
    if not doc.off_label or section == "indications":
        return False
    if mention.term.name in doc.off_label:
        return True
    earlier = [m for m in mentions if sentence.start <= m.start < mention.start and
               m.term.name in doc.off_label]
    return any(cues.LIST_INTRO.search(doc.text, m.end, mention.start) for m in earlier)


def _sentence_at(unit: Unit, pos: int) -> Span:
    for span in unit.sentences:
        if span.start <= pos < span.end:
            return span
    return Span(unit.start, unit.end)


_DOSING_COLUMNS = re.compile(r"\b(?:dose|doses|dosage|dosing|start|starting|maximum|max)\b", re.I)


#: Sections whose list a precautions-worded introduction does not retype ("Tolerance and
#: dependence" / "Tell your doctor if you notice that you:", "Common side effects" / "Talk to a
#: doctor if these side effects bother you:", "Is it addictive?" / "Possible warning signs:").
_EFFECT_HEADERS = ("dependency", "side_effects", "withdrawal")


def _section(unit: Unit, topics: dict[int, str] | None = None) -> str | None:
    """The section type a unit is under: its label, its list's introduction, its paragraph's
    opening sentence, then the nearest typed header."""
    topic = (topics or {}).get(unit.block) if unit.kind == "sentence" else None
    if unit.context and _DOSING_COLUMNS.search(unit.context) and " / " in unit.context:
        return "dosage"  # a row of a dosing table: its label cell says whose dose it is
    typed = [(text, kind) for text in reversed(unit.headers)
             for kind in [cues.section_type(text)] if kind]
    label_kind = cues.section_type(unit.label_text)
    if label_kind:
        return label_kind
    # the list introduction: the unit's own context, else an innermost header line ending ":"
    intro = cues.section_type(unit.context)
    if intro is None and typed and typed[0][0].rstrip("*").endswith(":"):
        intro, typed = typed[0][1], typed[1:] or typed
    under = typed[0][1] if typed else None
    if intro == "precautions" and under in _EFFECT_HEADERS:
        return under
    if unit.context and intro:
        return intro
    if topic:
        return topic
    return intro or under


def _quote_span(text: str, unit: Unit, sentence: Span, in_label: bool) -> Span:
    """The shortest whole sentence or list item that states the fact (with the run-in label
    when the fact's term is in it: "**Dry mouth** – chew gum")."""
    if unit.kind != "bullet":
        if in_label and unit.label and unit.label.start < unit.start:
            start = unit.label.start
            return Span(start - 2 if text.startswith("**", start - 2) else start, unit.end)
        return Span(unit.start, unit.end)
    whole = in_label or len(unit.sentences) == 1 or (unit.label_text or "").startswith("Q:") \
        or cues.severity_of(unit.label_text)[0] is not None
    return Span(unit.start, unit.end) if whole else sentence


def propose_in(text: str, document_id: str, index: TermIndex,
               lexicons: object | None = None) -> list[Candidate]:
    """Candidates for one document against a prepared term index."""
    return [c for c, _ in evidence_in(text, document_id, index, lexicons)]


def evidence_in(text: str, document_id: str, index: TermIndex,
                lexicons: object | None = None) -> list[tuple[Candidate, dict[str, float]]]:
    """Candidates with the evidence features their confidence was computed from (the
    benchmark fits the confidence model on these)."""
    doc = _Document(text, document_id, index, lexicons)
    if not doc.resolver.found:
        raise KGError("no drug found in the document (nothing to propose statements about)")
    found: list[Found] = []
    header_subjects: dict[str, Subject | None] = {}
    table_columns: list[str | None] = []
    previous_block, previous_sentence = -1, ""
    for i, unit in enumerate(doc.units):
        mentions = doc.mentions[i]
        unit_text = text[unit.start:unit.end]
        if unit.kind == "header":
            header_subjects[unit_text] = doc.resolver.of_text(unit_text, mentions)
            table_columns = _columns(unit_text)
        subject, subject_source = _subject(doc, unit, mentions, header_subjects)
        if subject is None:
            continue
        if unit.block != previous_block:
            previous_sentence = ""
        previous_block = unit.block
        marks = _drug_marks(doc, mentions, subject)
        start_of_unit = len(found)
        for subject, subject_source in _group(doc, unit, mentions, subject, subject_source):
            found.extend(_from_mentions(doc, unit, mentions, subject, subject_source,
                                        previous_sentence, table_columns, marks))
            found.extend(_from_patterns(doc, unit, subject, subject_source, previous_sentence,
                                        marks))
            found.extend(_from_lists(doc, unit, mentions, subject, subject_source,
                                     previous_sentence))
            found.extend(_dependency_signs(doc, unit, subject, subject_source))
        previous_sentence = text[unit.sentences[-1].start:unit.sentences[-1].end]
        for j in range(start_of_unit, len(found)):
            found[j] = replace(found[j], unit_kind="row" if unit_text.startswith("|")
                               else unit.kind)
    return _finish(found)


def _columns(header: str) -> list[str | None]:
    """Severities of a two-column table flattened into lines ("Common ... Severe ...")."""
    parts = re.findall(r"\b(common|severe|serious)\b", header, re.I)
    if len(parts) == 2 and re.search(r"side effects?", header, re.I):
        return [cues.severity_of(p)[0] for p in parts]
    return []


def _drug_marks(doc: _Document, mentions: list[Mention],
                subject: Subject) -> list[tuple[int, int, TermInfo]]:
    """The page's drugs named in a unit that names two or more of them (not a combination):
    each fact then goes to the drug its clause names (:func:`subjects.clause_subject`)."""
    if "DrugCombination" in subject.term.kinds:
        return []
    marks = [(m.start, m.end, m.term) for m in mentions if m.term.name in doc.resolver.main and
             "Drug" in m.term.kinds]
    return marks if len({t.name for _, _, t in marks}) >= 2 else []


def _group(doc: _Document, unit: Unit, mentions: list[Mention], subject: Subject,
           source: str) -> list[tuple[Subject, str]]:
    """Every compared drug for "Both drugs ...", "Neither drug ...", else the unit's subject."""
    main = [n for n in doc.resolver.main if "Drug" in doc.resolver.infos[n].kinds]
    if "DrugCombination" in subject.term.kinds or \
            cues.COMBINED_USE.search(doc.text, unit.start, unit.end):
        return [(subject, source)]  # "both medications together" is the combination
    if len(main) < 2 or not GROUP.search(doc.text, unit.start, unit.end) or \
            any(m.term.name in main for m in mentions):
        return [(subject, source)]
    return [(Subject(doc.resolver.infos[n]), "header") for n in main]


def _subject(doc: _Document, unit: Unit, mentions: list[Mention],
             header_subjects: dict[str, Subject | None]) -> tuple[Subject | None, str]:
    own = doc.resolver.of_text(doc.text[unit.start:unit.end], mentions)
    if own is not None:
        return own, "unit"
    if unit.context:
        # a Q&A answer's bold question ("**Can I take zolpidem with alcohol?**") or the label
        # introducing a list names the drug the way a header does
        if unit.context not in header_subjects:
            header_subjects[unit.context] = doc.resolver.of_text(
                unit.context, doc.index.scan(unit.context, 0, len(unit.context)))
        found = header_subjects[unit.context]
        if found is not None:
            return found, "header"
    for header in reversed(unit.headers):
        found = header_subjects.get(header)
        if found is not None:
            return found, "header"
    return doc.resolver.default(), "document"


def _subject_names(subject: Subject) -> set[str]:
    return {subject.term.name, *subject.components, *subject.term.components}


def _base(doc: _Document, unit: Unit, subject: Subject, relation: str, quote: Span,
          **values: object) -> Candidate:
    context = "CombinedUseContext" if "DrugCombination" in subject.term.kinds else None
    return Candidate(document=doc.id, subject=subject.term.name,
                     subject_label=subject.term.label, relation=relation,
                     quote=doc.text[quote.start:quote.end], start=quote.start, end=quote.end,
                     context=context, **values)  # type: ignore[arg-type]


#: Relations whose object is the patient's condition: a new term there is proposed as one.
_CONDITION_RELATIONS = frozenset({"indicatedFor", "usedOffLabelFor", "contraindicatedWith",
                                  "cautionIn"})


def _object_values(term: TermInfo, relation: str = "") -> dict[str, object]:
    kind = "Condition" if relation in _CONDITION_RELATIONS and "Condition" in term.kinds \
        else _kind(term)
    new = NewTerm(id=term.name, label=term.label, kind=kind, xrefs=term.xrefs,
                  synonyms=term.synonyms) if term.new else None
    return {"object": term.name, "object_label": term.label, "new_term": new}


def _kind(term: TermInfo) -> str:
    for kind in ("DrugCombination", "Drug", "DrugClass", "Mechanism", "MolecularTarget",
                 "WithdrawalManagement", "Route", "Effect", "Condition"):
        if kind in term.kinds:
            return kind
    return sorted(term.kinds)[0] if term.kinds else "Effect"


def _from_mentions(doc: _Document, unit: Unit, mentions: list[Mention], subject: Subject,
                   subject_source: str, previous: str, columns: list[str | None],
                   marks: list[tuple[int, int, TermInfo]] = ()) -> list[Found]:
    text = doc.text
    section = _section(unit, doc.topics)
    if section == "off_label" and _framing_header(doc, unit):
        section = None  # "Elavil for Chronic Pain: an Off-label Use" frames chronic pain only
    label = unit.label_text
    found = []
    unit_subject, unit_source = subject, subject_source
    label_has_terms = unit.label is not None and any(
        unit.label.start <= m.start < unit.label.end for m in mentions)
    effects_by_column = [m for m in mentions if "Effect" in m.term.kinds]
    label_effect = unit.label is not None and any(
        unit.label.start <= m.start < unit.label.end and "Effect" in m.term.kinds and
        "Condition" not in m.term.kinds or unit.label.start <= m.start < unit.label.end and
        m.term.label.endswith("syndrome") for m in mentions)
    body_uses = _body_uses(doc, unit, mentions) if label_has_terms and \
        section == "indications" else []
    label_state = unit.label is not None and text[unit.label.end:unit.label.end + 3].lstrip(
        "*").startswith(":") and any(unit.label.start <= m.start < unit.label.end and
                                     not m.term.kinds.isdisjoint({"Effect", "Condition"})
                                     for m in mentions)
    if unit.kind == "header" and cues.section_type(text[unit.start:unit.end]) is not None:
        return found  # "Interactions with other medicines and alcohol" titles a section
    framed_by_previous = _frames_off_label(previous)
    for position, mention in enumerate(mentions):
        term = mention.term
        subject, subject_source = unit_subject, unit_source
        if marks:
            span = _sentence_at(unit, mention.start)
            owner = clause_subject(text, span.start, mention.start, list(marks), span.end)
            if owner is not None:
                subject, subject_source = Subject(owner), "unit"
        names = _subject_names(subject)
        if term.name in names or (marks and term.name in doc.resolver.main):
            continue
        if _part_of_next(text, mentions, position) or _feature_of_previous(text, mentions,
                                                                            position):
            continue
        if re.search(r"\b(?:anti|non)-?\s*$", text[max(0, mention.start - 6):mention.start], re.I):
            continue  # "an anti-anxiety medicine", "a non-opioid medicine": not anxiety, opioids
        in_label = unit.label is not None and unit.label.start <= mention.start < unit.label.end
        sentence = Span(unit.label.start, unit.label.end) if in_label else \
            _sentence_at(unit, mention.start)
        if in_label and _narrowed_in_body(mention, mentions, unit):
            continue  # "**Enuresis:** ... nocturnal enuresis": the body names the use exactly
        if in_label and body_uses and "Condition" in term.kinds:
            continue  # "**Depression:** ... used to treat major depressive disorder"
        if label_has_terms and not in_label and section == "indications" and not \
                cues.LIST_INTRO.search(text[sentence.start:mention.start]) and \
                mention not in body_uses:
            continue
        if in_label and not term.kinds.isdisjoint({"Drug", "DrugClass"}):
            # "**Alcohol:** Heavy drinking while on X ...": the body says what the label drug does
            sentence = Span(unit.label.start, unit.end)
        frame = rules.Frame(
            sentence=text[sentence.start:sentence.end],
            prefix=text[sentence.start:mention.start], suffix=text[mention.end:sentence.end],
            previous=previous, label=label, section=section, in_label=in_label,
            off_label=unit.start in doc.off_label_items or
            _framed_off_label(doc, unit, mentions, mention, sentence, section) or
            framed_by_previous,
            item=unit.kind in ("bullet", "item"),
            other_drug_before=_other_drug_before(text, mentions, position, sentence, names),
            combination_effect=_combination_effect(text, mentions, sentence, subject, names,
                                                   section),
            subject_follows=_subject_follows(text, mentions, position, names),
            label_names_state=label_state)
        decision = None if _QUESTION.search(frame.sentence) else rules.decide(frame, term)
        if decision is not None and decision.relation in rules.EFFECT_RELATIONS and \
                not in_label and label_effect:
            continue  # "**Serotonin syndrome:** agitation, fever, ...": the label's signs
        if decision is None and "DrugClass" in term.kinds and _appositive(
                text, mentions, position, names):
            # "escitalopram, a selective serotonin reuptake inhibitor (SSRI), ...": the class
            # set beside the drug's name
            decision = rules.Decision("hasDrugClass", "sentence")
        if decision is None:
            continue
        if not in_label and _BACK_REFERENCE.search(frame.prefix):
            # "The anxiety experienced ...", "These seizures are ...": a back-reference to a
            # fact stated before, not its statement; a lead at most
            decision = rules.Decision(decision.relation, "weak", decision.note)
        if decision.strength == "section" and (_bare_item(text, unit, mentions) or
                                               _introduced_item(unit)):
            # "* Nausea or vomiting" under "Symptoms can include:", "- have low blood pressure"
            # under "Talk to your doctor before taking X if you:": the list structure says it
            decision = rules.Decision(decision.relation, "label", decision.note)
        values = _object_values(term, decision.relation)
        severity = frequency = None
        if decision.relation in rules.EFFECT_RELATIONS:
            severity, frequency = cues.severity_of(label)
            if severity is None and len(columns) == 2 and len(effects_by_column) == 2 \
                    and unit.kind == "item":
                severity = columns[effects_by_column.index(mention)]
            if severity is None:
                severity, frequency = cues.severity_of(frame.sentence)
        if frequency is None:
            match = cues.FREQUENCY_WORDS.search(frame.sentence)
            frequency = match.group().lower() if match and decision.relation not in (
                "hasDrugClass",) else None
        quote = _quote_span(text, unit, sentence, in_label)
        candidate = _base(doc, unit, subject, decision.relation, quote, severity=severity,
                          frequency=frequency, negated=rules.negated(frame),
                          population=_population(frame.sentence, doc.index)
                          if decision.relation in ("indicatedFor", "usedOffLabelFor") else None,
                          **values)
        found.append(Found(candidate, decision.strength, mention.source, subject_source,
                           decision.note))
        if decision.relation == "targets":
            action = _receptor_action(frame, term, doc.index)
            if action is not None:
                found.append(Found(_base(doc, unit, subject, "hasMechanism", quote,
                                         **_object_values(action)),
                                   "sentence", "ontology" if not action.new else "pattern",
                                   subject_source))
    return found


#: What a sentence says a drug does at a receptor: "blocks", "antagonist" -> antagonism;
#: "activates", "switches them on", "agonist" -> agonism.
_ANTAGONISM = re.compile(r"\b(?:block\w*|antagoni\w*|blocker)\b", re.I)
_AGONISM = re.compile(r"\b(?:agonists?|activat\w*|stimulat\w*|(?:switch|turn)\w* (?:(?:them|it) )?on)\b",
                      re.I)
#: "a partial agonist", "turns them on only part of the way"
_PARTIAL = re.compile(r"\bpartial(?:ly)?\b|\bpart of the way\b|\bonly partly\b", re.I)


def _receptor_action(frame: rules.Frame, term: TermInfo, index: TermIndex) -> TermInfo | None:
    """The mechanism "<receptor> antagonism/agonism" the sentence states with a verb, as the
    ontology's term of that label or a proposed new mechanism."""
    if not term.label.lower().endswith("receptor"):
        return None
    # the verb nearest before the receptor decides ("switches on 5-HT1A receptors and blocks
    # 5-HT3 receptors"), else the first after it
    before = [(m.end(), name) for name, rx in (("antagonism", _ANTAGONISM), ("agonism", _AGONISM))
              for m in rx.finditer(frame.prefix)]
    after = [(m.start(), name) for name, rx in (("antagonism", _ANTAGONISM), ("agonism", _AGONISM))
             for m in rx.finditer(frame.suffix[:60])]
    if before:
        action = max(before)[1]
    elif after:
        action = min(after)[1]
    else:
        return None
    if action == "agonism" and _PARTIAL.search(frame.sentence):
        action = "partial agonism"
    label = f"{term.label} {action}"
    known = index.by_label(label)
    return known if known is not None and "Mechanism" in known.kinds else TermInfo(
        name=camel_case(label), label=label, kinds=frozenset({"Mechanism"}), new=True)


def _combination_effect(text: str, mentions: list[Mention], sentence: Span, subject: Subject,
                        names: set[str], section: str | None) -> bool:
    """The sentence states what the subject does together with another drug: those effects
    belong to the combination, not to the subject alone (unless the subject is one)."""
    if "DrugCombination" in subject.term.kinds:
        return False
    words = text[sentence.start:sentence.end]
    # in an interactions list the item's drug may sit in its label ("**Thyroid medicine**, which
    # can increase the risk of heart rhythm problems"): the whole item counts
    start, end = (0, len(text)) if section == "interactions" else (sentence.start, sentence.end)
    other = any(start <= m.start < end and m.term.name not in names and
                not m.term.kinds.isdisjoint({"Drug", "DrugClass"}) for m in mentions)
    return bool(other and (cues.INTERACTION.search(words) or section == "interactions") or
                cues.TAKEN_TOGETHER.search(words))


#: A question asks, it does not state: "Q: Can I drink alcohol while taking it?"
_QUESTION = re.compile(r"\?[\s*_\"”’)]*$")


def _subject_follows(text: str, mentions: list[Mention], position: int, names: set[str]) -> bool:
    """The mention is followed by "such as" / "like" / "including" and the page's drug."""
    following = mentions[position + 1] if position + 1 < len(mentions) else None
    return following is not None and following.term.name in names and re.fullmatch(
        r"\s*,?\s*(?:such as|like|including|e\.g\.,?)\s*", text[mentions[position].end:
                                                                   following.start], re.I) is not None


def _appositive(text: str, mentions: list[Mention], position: int,
                subject_names: set[str]) -> bool:
    """The mention follows the subject's own name and a comma with an article ("X, a ...")."""
    if position == 0:
        return False
    before = mentions[position - 1]
    return before.term.name in subject_names and re.fullmatch(
        r",\s+(?:an?|the)\s+(?:\w+\s+)?", text[before.end:mentions[position].start]) is not None


def _other_drug_before(text: str, mentions: list[Mention], position: int, sentence: Span,
                       subject_names: set[str]) -> str:
    """The sentence from the last other drug or class named before the mention: in "an MAOI
    used for depression", "triptans for migraine" the use belongs to that drug."""
    for other in reversed(mentions[:position]):
        if other.start < sentence.start:
            break
        if not other.term.kinds.isdisjoint({"Drug", "DrugClass"}) and \
                other.term.name not in subject_names:
            if re.search(r"\b(?:is|are|as) (?:an?|the)\s+(?:[\w-]+\s+)?$|\bthis\s+(?:[\w-]+\s+)?$",
                         text[sentence.start:other.start], re.I):
                return ""  # "X is an anti-anxiety medicine used to treat ...": X's own class
            return text[other.end:mentions[position].start]
    return ""


#: "pain of diabetic neuropathy", "pain from osteoarthritis": the second condition is the use.
_HEAD_OF = re.compile(r"^\s+(?:of|from|due to|caused by|associated with)\s+(?:the\s+|an?\s+)?$",
                      re.I)
#: "allergic reactions with swelling of the face": the second effect describes the first.
_WITH = re.compile(r"^\s+with\s+(?:\w+\s+)?$", re.I)


def _part_of_next(text: str, mentions: list[Mention], i: int) -> bool:
    """A pain word that heads a phrase naming another condition ("pain of X", "nerve pain
    caused by diabetes"); a named condition ("spasticity caused by MS") stays itself."""
    if i + 1 >= len(mentions) or "Condition" not in mentions[i].term.kinds or \
            "pain" not in mentions[i].term.label.lower():
        return False
    following = mentions[i + 1]
    return "Condition" in following.term.kinds and \
        _HEAD_OF.match(text[mentions[i].end:following.start]) is not None


def _feature_of_previous(text: str, mentions: list[Mention], i: int) -> bool:
    """An effect that only describes the effect just before it ("X with Y"); a class word
    right after a narrower class ("NSAID pain relievers": the NSAIDs)."""
    if i > 0 and "DrugClass" in mentions[i].term.kinds and \
            "DrugClass" in mentions[i - 1].term.kinds and \
            re.fullmatch(r"[ \t]+", text[mentions[i - 1].end:mentions[i].start]):
        return True
    if i == 0 or "Effect" not in mentions[i].term.kinds:
        return False
    before = mentions[i - 1]
    return "Effect" in before.term.kinds and \
        _WITH.match(text[before.end:mentions[i].start]) is not None


def _body_uses(doc: _Document, unit: Unit, mentions: list[Mention]) -> list[Mention]:
    """Conditions the body of a labelled use bullet states with a treatment cue, each narrower
    than a label term ("**Depression:** ... used to treat major depressive disorder"): the body
    names the use exactly and the label is its topic. A broader body word ("**Anxiety
    Disorders:** ... used to treat anxiety") leaves the label the use."""
    if unit.label is None:
        return []
    labelled = [m.term for m in mentions if unit.label.start <= m.start < unit.label.end and
                "Condition" in m.term.kinds]
    body = [m for m in mentions if m.start >= unit.label.end and "Condition" in m.term.kinds]
    if not labelled or any(m.term.name in {t.name for t in labelled} for m in body):
        return []
    uses = []
    for m in body:
        prefix = doc.text[_sentence_at(unit, m.start).start:m.start]
        if all(_narrower(m.term, t) for t in labelled) and cues.INDICATION.search(prefix) \
                and not cues.LIST_INTRO.search(prefix):  # "like diabetic neuropathy": examples
            uses.append(m)
    return uses


def _narrower(term: TermInfo, than: TermInfo) -> bool:
    """``term`` is a kind of ``than``: a subclass, or a longer label holding all its words."""
    if than.name in term.parents:
        return True
    words, broader = {t for _, _, t in tokens(term.label)}, {t for _, _, t in tokens(than.label)}
    return broader < words


def _introduced_item(unit: Unit) -> bool:
    """A list item right under a line that introduces the list with its relation ("Do not take
    X if you:", "Also tell your doctor if you take:")."""
    intro = unit.context if unit.context and unit.context.endswith(":") else \
        (unit.headers[-1] if unit.headers and unit.headers[-1].endswith(":") else None)
    return unit.kind == "bullet" and intro is not None and cues.section_type(intro) is not None


BARE_ITEM_WORDS = 6


def _bare_item(text: str, unit: Unit, mentions: list[Mention]) -> bool:
    """A short unlabelled list item that starts with a term: the item is its terms."""
    if unit.kind not in ("bullet", "item") or unit.label is not None:
        return False
    body = unit.sentences[0]
    words = tokens(text, body.start, unit.end)
    return 0 < len(words) <= BARE_ITEM_WORDS and any(
        m.start <= words[0][0] < m.end for m in mentions)


def _framing_header(doc: _Document, unit: Unit) -> bool:
    """The off-label header over the unit names its condition (then only that one is)."""
    for header in reversed(unit.headers):
        if cues.section_type(header) == "off_label":
            return any("Condition" in m.term.kinds
                       for m in doc.index.scan(header, 0, len(header)))
    return False


def _narrowed_in_body(mention: Mention, mentions: list[Mention], unit: Unit) -> bool:
    """A label term the unit's body names in a narrower phrase ending in the same words."""
    label = mention.term.label.lower()
    return unit.label is not None and any(
        m.start >= unit.label.end and m.term.name != mention.term.name and
        m.term.label.lower().endswith(" " + label) for m in mentions)


def _population(sentence: str, index: TermIndex) -> str | None:
    match = re.search(r"\b(?:for|in)\s+(children|adults|adolescents|elderly|older adults|"
                      r"pediatric patients|paediatric patients)\b", sentence, re.I)
    if not match:
        return None
    term = index.by_label(match.group(1))
    return term.name if term and "Population" in term.kinds else None


def _owner(text: str, sentence: Span, pos: int, marks: list[tuple[int, int, TermInfo]],
           subject: Subject) -> Subject:
    owner = clause_subject(text, sentence.start, pos, list(marks), sentence.end) if marks \
        else None
    return Subject(owner) if owner is not None else subject


def _from_patterns(doc: _Document, unit: Unit, unit_subject: Subject, subject_source: str,
                   previous: str, marks: list[tuple[int, int, TermInfo]] = ()) -> list[Found]:
    """Doses, half-lives, brand names and mechanism phrases (not single term mentions)."""
    text, found = doc.text, []
    if "DrugCombination" in unit_subject.term.kinds:
        return found
    label = unit.label_text
    subject = unit_subject
    row_range = find_row_range(text, [(s.start, s.end) for s in unit.sentences]) \
        if text.startswith("|", unit.start) else None
    if row_range is not None:
        values = {"min": number(row_range.min), "max": number(row_range.max),
                  "unit": row_range.unit, "frequency": None,
                  "population": _dose_population(label or "", doc.index), "route": None}
        found.append(Found(_base(doc, unit, unit_subject, "hasDoseRange",
                                 Span(unit.start, unit.end), dose=values),
                           "label", "pattern", subject_source))
    for sentence in unit.sentences if row_range is None else ():
        s_text = text[sentence.start:sentence.end]
        for dose in find_doses(text, sentence.start, sentence.end) + \
                find_dose_ends(text, sentence.start, sentence.end):
            subject = _owner(text, sentence, dose.start, marks, unit_subject)
            route = _route(doc, unit, s_text)
            population = _dose_population(s_text, doc.index)
            values = {"min": number(dose.min), "max": number(dose.max), "unit": dose.unit,
                      "frequency": dose.frequency, "population": population, "route": route}
            quote = Span(unit.start, unit.end) if unit.kind == "bullet" else sentence
            found.append(Found(_base(doc, unit, subject, "hasDoseRange", quote, dose=values),
                               "sentence", "pattern", subject_source))
        # "| Half-life | about 7 hours |": the field names the quantity its cell gives
        field = label is not None and re.search(r"half[- ]?life", label, re.I) is not None
        for half in find_half_lives(text, unit.start if field else sentence.start,
                                    sentence.end):
            subject = _owner(text, sentence, half.start, marks, unit_subject)
            quantity = {"value": number(half.value), "unit": half.unit}
            found.append(Found(_base(doc, unit, subject, "hasEliminationHalfLife",
                                     Span(unit.start, unit.end) if field else sentence,
                                     quantity=quantity),
                               "sentence", "pattern",
                               subject_source))
        for mech in find_mechanisms(text, sentence.start, sentence.end,
                                    transmitters_in(previous)):
            subject = _owner(text, sentence, mech.start, marks,
                             unit_subject)
            term = doc.index.by_label(mech.label) or TermInfo(
                name=camel_case(mech.label), label=mech.label,
                kinds=frozenset({"Mechanism"}), new=True)
            found.append(Found(_base(doc, unit, subject, "hasMechanism", sentence,
                                     **_object_values(term)),
                               "weak" if mech.from_class else "sentence",
                               "pattern" if term.new else "ontology",
                               subject_source))
    found.extend(_brands(doc, unit, subject_source, label))
    found.extend(_pattern_brands(doc, unit, unit_subject, subject_source))
    return found


def _route(doc: _Document, unit: Unit, sentence: str) -> str | None:
    for piece in (unit.label_text or "", sentence):
        for mention in doc.index.scan(piece, 0, len(piece)):
            if "Route" in mention.term.kinds:
                return mention.term.name
    if re.search(r"\b(?:orally|by mouth|tablets?|capsules?)\b", sentence, re.I):
        term = doc.index.by_label("oral")
        return term.name if term else None
    return None


def _dose_population(sentence: str, index: TermIndex) -> str | None:
    for word, label in (("adult", "adults"), ("child", "children"), ("pediatric", "children")):
        if re.search(rf"\b{word}", sentence, re.I):
            term = index.by_label(label)
            return term.name if term else None
    return None


def _brands(doc: _Document, unit: Unit, subject_source: str,
            label: str | None) -> list[Found]:
    text, found = doc.text, []
    for sentence in unit.sentences:
        s_text = text[sentence.start:sentence.end]
        mentions = [m for m in doc._scan(sentence.start, sentence.end)
                    if "Drug" in m.term.kinds]
        # "| Brand name | Ativan |": the field says a lexicon's other name is the brand
        field = bool(label and brands.FIELD_CUE.fullmatch(label.strip().strip("*").strip()))
        for mention in mentions:
            surface = text[mention.start:mention.end]
            if not (_is_brand(surface, mention.term) or field and surface[:1].isupper() and
                    surface.lower() != mention.term.label.lower()):
                continue
            generic_near = any(m.term.name == mention.term.name and m is not mention and
                               not _is_brand(text[m.start:m.end], m.term) for m in mentions)
            paren = re.search(re.escape(surface) + r"\s*\(", s_text) or \
                re.search(r"\(\s*" + re.escape(surface) + r"\s*\)", s_text)
            cued = brands.cued(s_text)
            if not (cued or field or (generic_near and paren)):
                continue
            subject = Subject(mention.term)
            if mention.term.name not in doc.resolver.main and not field:
                continue  # "switch to fluoxetine (Prozac)": another drug's brand, not the page's
            suffix = _RELEASE_SUFFIX.match(text, mention.end)
            if suffix:
                surface = text[mention.start:suffix.end()]  # "Effexor XR", "Seroquel XR"
            first = surface.lower() not in doc.brands_seen
            doc.brands_seen.add(surface.lower())
            # a repeat is a lead, unless the sentence says outright that it is the brand name
            strong = first or field or cued
            found.append(Found(
                _base(doc, unit, subject, "brandName", Span(unit.start, unit.end) if field
                      else sentence, object=surface, object_label=surface),
                "sentence" if strong else "weak", mention.source, "unit"))
    return found


#: A release-form suffix that is part of a brand name: "Effexor XR", "Ambien CR".
_RELEASE_SUFFIX = re.compile(r"[ \t]+(?:XR|CR|ER|SR|XL|LA|ODT|IR|CD)\b")


def _pattern_brands(doc: _Document, unit: Unit, subject: Subject,
                    subject_source: str) -> list[Found]:
    """Brands the lexicons lack, from their fixed shapes (see :mod:`kg.ingest.brands`)."""
    if "Drug" not in subject.term.kinds:
        return []
    text, found = doc.text, []
    for sentence in unit.sentences:
        generics = [m for m in doc._scan(sentence.start, sentence.end)
                    if m.term.name == subject.term.name and
                    not _is_brand(text[m.start:m.end], m.term)]
        spans = [span for m in generics
                 for span in brands.after_generic(text, m.end, sentence.end, doc.index)]
        if generics or subject_source != "unit" or subject.term.name in doc.resolver.main:
            spans += brands.after_cue(text, sentence.start, sentence.end, doc.index)
        field = bool(unit.label_text and brands.FIELD_CUE.fullmatch(
            unit.label_text.strip().strip("*").strip().rstrip(":")) and sentence == unit.sentences[0] and
            "generic" not in unit.label_text.lower())
        if field:
            # "**Brand names:** Norco, Vicodin, Lortab": the label is the cue, the line the quote
            spans += brands.listed(text, sentence.start, sentence.end, doc.index)
        for start, end in dict.fromkeys(spans):
            surface = text[start:end]
            if surface.lower() == subject.term.label.lower():
                continue  # the generic name itself
            found.append(Found(
                _base(doc, unit, subject, "brandName", Span(unit.start, unit.end) if field
                      else sentence, object=surface, object_label=surface), "sentence",
                "pattern", "unit" if generics else subject_source))
    return found


def _is_brand(surface: str, term: TermInfo) -> bool:
    """A capitalised synonym that is not the generic name: Elavil, Klonopin."""
    if surface.lower() == term.label.lower() or not surface[:1].isupper():
        return False
    if term.new and " " not in surface and term.label.lower() not in surface.lower():
        # a drug lexicon's other name for a drug the ontology lacks ("Seroquel" for quetiapine,
        # "Lexapro" for escitalopram): its brand lists are incomplete, so a brand cue or a
        # parenthesis next to the generic name must confirm it
        return True
    return any(s.lower() == surface.lower() and (s[:1].isupper() or term.new) and " " not in s
               for s in term.synonyms)


def _dependency_signs(doc: _Document, unit: Unit, subject: Subject,
                      subject_source: str) -> list[Found]:
    """Dependency signs stated as clauses (see :mod:`kg.ingest.dependency`)."""
    found = []
    for clause, quote, strength in sign_clauses(doc.text, unit, _section(unit, doc.topics)):
        phrase = doc.text[clause.start:clause.end].rstrip(".;: ")
        for term, source in sign_terms(phrase, doc.index):
            candidate = _base(doc, unit, subject, "hasDependencySign", quote,
                              **_object_values(term))
            found.append(Found(candidate, strength, source, subject_source))
    return found


#: List items that are not effects: "and the likes", "other symptoms", "many more".
_NOT_AN_ITEM = re.compile(r"^(?:and |or )?(?:the|other|some|many|more|several|a|an|these|those|"
                          r"etc|others|similar|various|any|all|it|they|you|which|that|(?:very |less |"
                          r"more )?(?:common|uncommon|rare|frequent|usual)|also|too|so|are|is|were|"
                          r"was)\b", re.I)


def _sentence_list_items(doc: _Document, unit: Unit, mentions: list[Mention],
                         subject: Subject, subject_source: str,
                         previous: str) -> list[Found]:
    """Items no lexicon knows in a sentence that lists symptoms ("Some of these symptoms are
    acid reflux, ..., brain zaps, ..."): new effect terms, in the relation the sentence gives
    its known items."""
    found: list[Found] = []
    if unit.kind == "header" or unit.label is not None:
        return found  # a labelled item's list is the label's (its signs, its severity list)
    section = _section(unit, doc.topics)
    covered = [(m.start, m.end) for m in mentions]
    for sentence in unit.sentences:
        intro = cues.SYMPTOM_LIST.search(doc.text, sentence.start, sentence.end)
        if intro is None:
            continue
        known = [m for m in mentions if intro.end() <= m.start < sentence.end and
                 "Effect" in m.term.kinds]
        if len(known) < 2:
            continue  # a list the lexicons recognise at least twice, not a clause
        frame = rules.Frame(sentence=doc.text[sentence.start:sentence.end],
                            prefix=doc.text[sentence.start:known[0].start],
                            suffix=doc.text[known[0].end:sentence.end], previous=previous,
                            label=unit.label_text, section=section, in_label=False)
        decision = rules.effect(frame)
        if decision is None or rules.negated(frame):
            continue
        for start, end in list_items(doc.text, intro.end(), sentence.end):
            phrase = doc.text[start:end]
            words = tokens(phrase)
            if any(a < end and start < b for a, b in covered) or not 1 <= len(words) <= 3 or \
                    _NOT_AN_ITEM.match(phrase) or not re.fullmatch(r"[A-Za-z][A-Za-z' -]*", phrase):
                continue
            term = TermInfo(name=camel_case(phrase), label=phrase.lower(),
                            kinds=frozenset({"Effect"}), new=True)
            candidate = _base(doc, unit, subject, decision.relation, sentence,
                              **_object_values(term))
            found.append(Found(candidate, decision.strength, "list", subject_source))
    return found


def _from_lists(doc: _Document, unit: Unit, mentions: list[Mention], subject: Subject,
                subject_source: str, previous: str = "") -> list[Found]:
    """Items of an effect list that no lexicon knows: proposed as new effect terms."""
    label = unit.label_text
    severity, frequency = cues.severity_of(label)
    if unit.kind != "bullet" or severity is None:
        return _sentence_list_items(doc, unit, mentions, subject, subject_source, previous)
    found = []
    body = unit.sentences[0]
    covered = [(m.start, m.end) for m in mentions]
    # a table row's fact cells are its body; the advice and rank cells state nothing
    bodies = unit.sentences if doc.text.startswith("|", unit.start) else (
        Span(body.start, unit.end),)
    items = [item for cell in bodies for item in list_items(doc.text, cell.start, cell.end)]
    for start, end in items:
        if any(a < end and start < b for a, b in covered):
            continue
        phrase = doc.text[start:end]
        if len(tokens(phrase)) > 6 or not re.search(r"[a-z]{3}", phrase) or \
                re.fullmatch(r"[\d.,\s]*(?:mg|mcg|g|ml|%)?\s*", phrase, re.I):
            continue  # "1 mg" in a dosing table is no effect
        term = TermInfo(name=camel_case(phrase), label=phrase.lower(),
                        kinds=frozenset({"Effect"}), new=True)
        candidate = _base(doc, unit, subject, "hasSideEffect", Span(unit.start, unit.end),
                          severity=severity, frequency=frequency, **_object_values(term))
        found.append(Found(candidate, "label", "list", subject_source))
    return found


def _finish(found: list[Found]) -> list[tuple[Candidate, dict[str, float]]]:
    best: dict[tuple, tuple[Candidate, dict[str, float]]] = {}
    for item in found:
        names = features(item.candidate, item.strength, item.source, item.subject_source,
                         item.note, item.unit_kind)
        candidate = score(item.candidate, item.strength, item.source, item.subject_source,
                          item.note, item.unit_kind)
        key = (candidate.subject, candidate.relation, candidate.value_key(), candidate.start)
        if key not in best or candidate.confidence > best[key][0].confidence:
            best[key] = (candidate, names)
    return sorted(best.values(), key=lambda pair: (pair[0].start, pair[0].subject,
                                                   pair[0].relation, pair[0].value_key()))


__all__ = ["evidence_in", "propose_in", "replace"]
