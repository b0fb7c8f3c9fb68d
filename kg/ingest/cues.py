"""Cue phrases per relation and the section types they imply.

In consumer drug pages a header or bold label ("Side Effects", "Usage", "Precautions") sets the
default relation for everything under it, and a handful of verbs and phrases set it inside a
sentence. Hedges ("may cause", "if you experience") are assertions in this genre, and
imperatives are relations ("do not take with" is a contraindication); only explicit denials
negate.
"""

from __future__ import annotations

import re


#: Who a leaflet tells you to ask: "your doctor", "your healthcare provider", "your prescriber".
_DOCTOR = r"(?:doctor|pharmacist|prescriber|(?:health ?care )?provider|GP|physician|nurse)"


def _rx(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")", re.IGNORECASE)


WITHDRAWAL = _rx(r"withdraw", r"discontinu", r"stopping(?! breathing)", r"stopped(?! breathing)",
                 r"cessation", r"quitting",
                 r"quit\b", r"abrupt", r"sudden termination", r"come off", r"coming off",
                 r"rebound", r"terminat",
                 # "if you stop", "people who stop all at once", "stop taking it suddenly"
                 r"(?:if|when|after|once|who|they|you) stop\b(?! breathing)",
                 r"stop(?:s|ping)? (?:taking|using|treatment|the (?:medicine|medication|drug)|"
                 r"it (?:suddenly|abruptly|all at once)|suddenly|abruptly|all at once)")
#: "Taking these together can increase the risk of ...": the effects of a combination named
#: in the sentence before.
TAKEN_TOGETHER = re.compile(r"\b(?:these|them|both|the two)\b[^.;]{0,30}\btogether\b|"
                            r"\b(?:the|this) combination\b", re.I)
#: A sentence that goes on with the interaction the sentence before stated: "The same goes for
#: other things that sedate: ...", "The ones I check for are SSRIs, ...".
SAME_FOR = re.compile(r"\bthe same (?:goes|applies|is true|holds) for\b|\bthe ones\b[^.;]{0,40}\bare\b|"
                      r"\bthese (?:include|are)\b|\bexamples include\b", re.I)
#: Signs of the effect just named: "low sodium, which shows up as headache and confusion".
SIGNS_OF_PREVIOUS = re.compile(r"\bwhich (?:(?:can|may|might|could) )?(?:shows? up|presents?|show)"
                               r"(?: up)? as\b|"
                               r"\bsigns? (?:of (?:this|it|which)|include)\b|"
                               r"\b(?:marked|characteri[sz]ed|signalled|signaled) by\b|"
                               r"\b(?:allergic )?reactions?,?\s+with\b|"
                               r"\bsigns? of (?:an? |the )?[\w -]{0,30}?(?:\b(?:such as|like)\b|:)|"
                               r",\s*which (?:can|may|might|could) (?:cause|lead to)\b", re.I)
#: A paragraph that opens on side effects ("Side effects while taking X are usually mild").
SIDE_EFFECT_TOPIC = _rx(r"side[ -]effects?", r"adverse (?:effects?|reactions?)")
#: "Stop taking X and see a doctor at once if you notice ...": the signs of a serious side
#: effect, not of withdrawal.
STOP_AND_SEEK = re.compile(r"\bstop (?:taking|using) [^.;]{0,40}?\b(?:and|then) (?:\w+ )?(?:see|call|"
                           r"tell|contact|seek|get|go|talk)\b|\b(?:see|call|contact) (?:a|your) "
                           r"doctor[^.;]{0,30}\bstop (?:taking|using)\b", re.I)
#: A substance before "withdrawal" that is not the page's drug: "alcohol withdrawal".
OTHER_SUBSTANCE = re.compile(r"\b(?:alcohol|opioids?|opiates?|nicotine|heroin|drugs?|sedatives?|"
                             r"benzodiazepines?|cocaine)\s*(?:and\s+\w+\s+)?$", re.I)
SIDE_EFFECT = _rx(r"side[ -]effects?", r"adverse", r"may cause", r"can cause", r"could cause",
                  r"leads? to", r"(?:can|may|might|could) set off",
                  r"(?:one of )?its (?:best[- ]known |most common |main |well[- ]known )?effects",
                  r"(?:can|may|might|could) (?:also |sometimes |occasionally )?(?:prolong|trigger|"
                  r"induce|provoke|bring on|increase|raise|worsen|upset|push up)",
                  r"(?:can|may|might|could|will|often) make (?:you|people|some people|patients) ",
                  r"causes?\b", r"lead to", r"result in", r"risk of", r"reactions?\b",
                  r"if you (?:experience|notice|develop)", r"report(?:ed)?",
                  r"increases? the risk",
                  # what a mechanism explains: "which accounts for its drowsiness", "which is
                  # why it makes people sleepy", "are behind much of its sleepiness"
                  r"accounts? for", r"which is why", r"explains? why", r"(?:is|are) behind",
                  # "Rarer but serious problems include seizures", "Other common effects are"
                  r"(?:rarer?|serious|common|other)\b[^.;:]{0,20}\b(?:problems|complaints|reactions|"
                  r"effects)\s+(?:include|are)\b",
                  r"(?:main |chief )?reason (?:it|why)", r"responsible for")
INDICATION = _rx(r"treat(?!ment)", r"treatment (?:of|for)\b", r"used (?:for|to|in)", r"prescrib\w* (?:it |them )?(?:for|to)",
                 r"prescribed\b[^.;,]{0,50}?\bfor\b", r"manag",
                 r"alleviat", r"reliev", r"relief of", r"to ease\b", r"indicated",
                 r"(?<!medical )(?<!emergency )(?<!urgent )(?<!get )helps?\b", r"effective (?:in|for)",
                 r"therapy", r"prevent", r"control", r"approved", r"improv", r"reduc(?:e|es|ing)\b")
#: A treatment cue AFTER a condition ("depression is treated with ...", "insomnia, for which it
#: is approved"): the broad cues ("reduces", "helps", "control") after a term mostly speak of
#: something else ("nausea, sweating and reduced sex drive").
INDICATION_AFTER = re.compile(r"^[^.;]{0,40}?\b(?:(?:is|are|was|were|can be|may be|being) (?:often |"
                              r"usually |commonly |also )?(?:treated|managed|relieved|controlled|"
                              r"prevented|eased)\b|(?:for which|which) (?:it|they) (?:is|are) "
                              r"(?:approved|prescribed|used)|responds? (?:well )?to)", re.I)
OFF_LABEL = _rx(r"off[ -]label", r"outside (?:its|the|their) (?:approved|licensed) (?:uses?|"
               r"indications?)", r"unapproved uses?", r"outside (?:its|the|their) licen[cs]e",
               r"unlicen[cs]ed", r"not (?:listed )?on the (?:label|licen[cs]e)",
               r"beyond (?:its|the|their) (?:approved|licensed|official) uses?")
CONTRAINDICATION = _rx(r"contraindicat",
                       r"should(?: not|n[’']t) (?:be )?(?:used|taken|take|use|combine)(?! more than)",
                       r"(?:(?:is|are) not|isn[’']t|aren[’']t) (?:safe |meant |suitable )?for (?:people|"
                       r"patients|anyone|those)",
                       r"off-limits", r"(?:do not|don[’']t) breast-?feed", r"unsuitable",
                       r"(?:will|would) not (?:give|prescribe|start) (?:it|this|you)",
                       # "so do not breast-feed": the ban right before the state it bans
                       r"(?:do not|don[’']t|should not|shouldn[’']t|must not|never)\s*$",
                       r"not advised",
                       r"(?:do not|don[’']t) (?:take|use|combine|mix|drink)(?! more than)",
                       r"must not",
                       r"never (?:take|use|combine|mix)", r"never be (?:combined|mixed|taken|used)",
                       r"not (?:be )?recommended", r"should never", r"avoid",
                       r"neither [\w ]{0,20}should be (?:combined|mixed|taken|used)",
                       r"should(?:n[’']t| not) be (?:combined|mixed)",
                       r"(?:is|are|it[’']s) not (?:meant|intended|suitable) for (?:people|patients|"
                       r"anyone|those|children|use)",
                       r"(?:(?:is|are) not|isn[’']t|aren[’']t) (?:suitable|safe) (?:if|when|while|during)")
CAUTION = _rx(r"caution", r"careful(?:ly)? consider", r"careful consideration", r"monitor",
              r"use with care", r"history of", r"talk to your " + _DOCTOR + r" (?:first|before)",
              r"be (?:careful|cautious)", r"tell your " + _DOCTOR + r" first",
              r"(?:used|taken|prescribed|given) (?:carefully|cautiously|with (?:care|caution))",
              r"reluctant to (?:prescribe|use|give)", r"(?:extra|special|great) care",
              r"care is needed", r"needs? (?:extra |special |great )?care\b",
              # a doctor's own voice: "I also go carefully with", "needs a conversation too",
              # "please tell me"
              r"go (?:carefully|cautiously)", r"needs? (?:a |careful )?(?:conversation|discussion)",
              r"please tell me", r"let me know", r"use (?:it|them) (?:carefully|cautiously|with care)",
              r"(?:watched|monitored|checked) (?:closely|carefully|regularly)",
              r"talk (?:the decision|it|this) through",
              r"if you have\b[^.;]{0,60}\b(?:tell|talk to|ask) your " + _DOCTOR + r"",
              r"tell your " + _DOCTOR + r" if",
              # "Tell your doctor before starting if you have ...", "people with X need a check"
              r"(?:tell|talk to|check with|ask) your " + _DOCTOR + r"\b[^.;:]{0,60}\bif you "
              r"(?:have|are|had|ever)", r"need (?:a check|to be checked|checking|monitoring)",
              # "Make sure your doctor knows if you've had ...", "Your doctor will want to know
              # about ...", "weighed up with your doctor", "a careful discussion"
              r"(?:make sure|let) (?:your|the) " + _DOCTOR + r" knows?",
              r"(?:tell|let) us\b", r"(?:tell|talk to) (?:the|your) (?:team|clinic|key ?worker)\b",
              r"your " + _DOCTOR + r" (?:will|may|should|would) (?:also )?(?:want|need) to know",
              r"weigh(?:ed)? (?:up )?with your", r"careful (?:discussion|conversation)",
              r"conversation (?:to have )?with your", r"discuss (?:it )?with your " + _DOCTOR,
              # who needs a lower dose: "older people are usually given smaller doses"
              r"(?:given|kept on|started on|need|needs|start on) (?:a )?(?:lower|smaller|reduced) "
              r"(?:starting )?doses?", r"start(?:s|ing)? (?:you )?low\b",
              r"(?:are|is) (?:often |usually |also )?(?:more|especially|particularly) (?:sensitive|"
              r"prone|likely|vulnerable|susceptible)\b",
              # "The risk is highest ... in older adults", "a greater risk in people with"
              r"risk is (?:highest|higher|greater|increased)\b",
              r"(?:higher|greater|increased) risk (?:in|for|among)\b")
INTERACTION = _rx(r"interact", r"along with", r"combined with", r"in combination with",
                  r"together with", r"concomitant", r"mix(?:ing|ed)? (?:it )?with",
                  r"while (?:taking|on|using)\b", r"complication", r"together\b",
                  r"mix(?:ing|ed|es)? (?:\w+ )?with",
                  # "taken with NSAIDs ... raises the risk", "ketoconazole increases its level"
                  r"(?:taken|used|given) (?:together )?with",
                  r"(?:taking|using|combining) (?:it|this|them|\w+)(?: medicine| medication| drug)? "
                  r"(?:together )?with",
                  # "Alcohol will make the drowsiness worse", "be cautious with SSRIs"
                  r"makes? (?:the |your |its )?(?:\w+ ){0,2}worse", r"adds? to (?:the |its |your |that |this )",
                  # "The risk goes up if you also take", "Clozapine levels go up the same way",
                  # "can push escitalopram levels up", "smokers tend to have lower X levels"
                  r"if you also take", r"levels? (?:go|goes|went) (?:up|down)\b",
                  r"push\w* (?:\w+ )?levels? (?:up|down)", r"(?:higher|lower) (?:\w+ )?(?:blood )?levels?\b",
                  r"(?:careful|cautious|caution) (?:with|when (?:taking|using|combining))",
                  r"(?:raise|raises|increase|increases|lower|lowers|reduce|reduces|boost|boosts) "
                  r"(?:\w+ ){1,2}(?:levels?|concentrations?)\b",
                  r"(?:slow|speed)s? (?:up |down )?(?:its|the) (?:breakdown|metabolism|clearance)\b",
                  r"the enzyme that (?:clears|breaks down|removes)",
                  r"(?:slow|speed|speeds|slows|increase|increases|reduce|reduces) (?:up )?(?:the )?"
                  r"(?:breakdown|metabolism|clearance|elimination) of", r"the same effect",
                  r"(?:change|raise|increase|lower|reduce|decrease|affect|boost)s? (?:the )?"
                  r"(?:amount|levels?|concentrations?|blood levels?|effects?) of")
CLASS_MEMBERSHIP = _rx(r"is an?\b", r"are an?\b", r"[’']s an?\b", r"belongs? to", r"family",
                       r"class of",
                       r"a type of", r"known as an?\b", r"classified as", r"is one of the",
                       r"(?:often |also |sometimes |usually )?called an?\b", r"files? it under",
                       r"(?:is|are) (?:an? )?(?:kind|form) of")
#: A fact sheet's field that names the drug's class: a table row's first cell or a plain
#: "Class: ..." line ("Drug class", "Type of medicine", "Pharmacologic class").
CLASS_FIELD = re.compile(r"\s*(?:(?:drug|medicine|medication|pharmacologic(?:al)?|therapeutic|"
                         r"chemical)\s+)?(?:class|group|family|type)(?:\s+of\s+(?:drug|medicine|"
                         r"medication))?\s*", re.IGNORECASE)
CLASS_FIELD_LINE = re.compile(r"\s*[-*•]?\s*" + CLASS_FIELD.pattern + r":\s*(?:an?\s+)?"
                              r"(?:[\w -]+(?:\([^)]*\))?\s*[,;/]\s*(?:and\s+|or\s+)?(?:an?\s+)?)*$",
                              re.IGNORECASE)
CLASS_PROPERTY = re.compile(r"^\s*(?:propert|effect|action|activit)", re.IGNORECASE)
WITHDRAWAL_AID = _rx(r"reliev", r"helpful", r"help(?:s)? (?:with|to ease|ease|reduce)",
                     r"help(?:s)? (?:to )?(?:manage|cope|calm|ease|reduce|relieve)",
                     r"ease", r"alleviat",
                     # "can take the edge off", "make the days easier", "what got me through",
                     # "lower the risk of relapse", "some doctors suggest melatonin"
                     r"take the edge off", r"easier", r"help(?:s|ed)? (?:many |some |most )?"
                     r"(?:people|you|me|patients|the body)", r"calm", r"soothe", r"settle",
                     r"(?:lower|reduce)s? the (?:risk|chance|odds) of relapse",
                     r"improves? the (?:odds|chances)", r"got me through", r"suggest",
                     r"may be considered", r"matters? (?:just )?as much",
                     r"(?:all|also|really|can|may|will|often) help\b", r"relapse (?:much )?less likely")
TARGET = _rx(r"bind", r"target", r"acts? (?:on|at)", r"block", r"attach", r"receptor", r"channel", r"agonist",
             r"antagoni", r"modulat", r"stimulat", r"activat")
DEPENDENCY = _rx(r"dependen", r"depend on", r"addict", r"misus", r"turning into (?:a problem|misuse|addiction)",
                 r"getting out of (?:hand|control)",
                 r"problem(?:atic)? use")
SIGNS = _rx(r"signs?\b", r"indicat", r"symptoms of (?:dependence|addiction)")
NOT_ADMINISTERED = re.compile(
    r"\bnot\b[^.;]{0,30}\b(?:administered|given|taken|injected|used)\b", re.IGNORECASE)
NEGATION = re.compile(
    r"\b(?:(?:does|do|did|will) not|doesn[’']t|don[’']t|didn[’']t|won[’']t) (?:\w+ly )?(?:cause|lead to|"
    r"produce|result in|give|act on|bind to|work on|work through|target|affect)|"
    r"\bnot (?:known|associated|"
    r"linked|shown) (?:to cause|with)|\bno (?:known |reported )?(?:risk|evidence|reports?) of|"
    r"\bhas not been (?:linked|associated|reported)|\bnever causes?|\bis not a\b|"
    r"\bare not\b[^.]{0,20}\bside effects?|\bunlike\b[^,;]*$|\brather than\b|\binstead of\b|"
    r"\b(?:isn[’']t|is not|aren[’']t|are not) (?:a|an) (?:treatment|cure|remedy) for\b|"
    r"\bnot (?:approved|indicated|licensed) (?:for|to treat)\b",
    re.IGNORECASE)
#: An effect section's sentence that states effects by the verbs people experience them with
#: ("Some people also notice itching", "Later, people may have stomach cramps", "Symptoms
#: include ..."): as direct as "may cause" once the section says which relation it is.
EXPERIENCE = re.compile(
    r"\b(?:people|patients|you|users|some|many|others|most)\b[^.;:]{0,30}?\b(?:may |might |can |"
    r"could |often |also |sometimes )?(?:have|get|experience|notice|feel|develop|suffer)\b|"
    r"\b(?:symptoms?|effects?|signs?|complaints?)\b[^.;:]{0,30}?\b(?:include|including|are|such as|"
    r"like)\b",
    re.IGNORECASE)
#: First-person narrative ("it made me sleepy", "I felt dizzy", "I had memory problems", "I
#: couldn't sleep"): in a story the writer's experience is the assertion; so is a plain
#: "... are all common" in an effect section.
NARRATIVE = re.compile(
    r"\b(?:made|makes|make|making|left|leaves) (?:me|him|her|them|us)\b|"
    r"\b(?:I|we|he|she)\b(?:[’']ve)? (?:\w+ly |also |still |even |then )?(?:felt|feel|had|have|got|"
    r"get|was|became|started|developed|noticed|suffered|couldn[’']t|could not|can[’']t|"
    r"cannot)\b|\b(?:are|is) (?:all |also |quite |very )?(?:common|frequent)\b", re.IGNORECASE)
#: A sentence that opens a list of symptoms: "Some of these symptoms are", "Symptoms include",
#: "withdrawal symptoms such as".
SYMPTOM_LIST = re.compile(r"\b(?:symptoms?|side[ -]effects?|effects?|signs?|problems?|complaints?)"
                          r"\b[^.;:]{0,40}?\b(?:are|include|includes|including|such as|like|"
                          r"consist of)\b|\b(?:symptoms?|side[ -]effects?)\s*:", re.I)
LIST_INTRO = _rx(r"including", r"like", r"such as", r"e\.g\.", r"for example", r"especially")
COMBINED_USE = _rx(r"together", r"combin", r"with each other", r"at the same time")
COMBINED = _rx(r"together", r"combin", r"both (?:drugs|medications)", r"these (?:drugs|medications)",
               r"with each other")

FREQUENCY_WORDS = re.compile(
    r"\b(?:most common(?:ly)?|less common(?:ly)?|very common|uncommon(?:ly)?|common(?:ly)?|"
    r"in (?:rare|some|severe|extreme|few) (?:cases|patients|people|instances)|"
    r"rare(?:ly)?|sometimes|occasionally|often|frequently|some (?:individuals|people|patients)|"
    r"in some cases)\b",
    re.IGNORECASE)

#: Section types recognised from header or label words (first match wins).
SECTION_TYPES = (
    ("dependency", _rx(r"dependen", r"addict", r"signs of")),
    ("off_label", OFF_LABEL),
    ("withdrawal_management", _rx(r"withdrawal (?:treatment|management)", r"taper(?:ing)?\b",
                                  r"how to stop", r"managing withdrawal")),
    ("withdrawal", _rx(WITHDRAWAL.pattern[5:-1], r"(?:if|when) you stop")),
    ("side_effects", _rx(r"side[ -]effects?", r"adverse", r"common\b", r"serious", r"severe",
                         r"rare\b", r"uncommon\b", r"not known\b", r"very rare\b")),
    ("contraindications", _rx(r"contraindicat", r"who should not", r"do not (?:take|use)",
                              r"(?:do not|never|don[’']t) (?:combine|mix) with",
                              r"(?:should(?:n[’']t| not)|must not|cannot) (?:take|use|be (?:taken|"
                              r"used|given))", r"(?:is|are|it[’']s) not (?:suitable|safe) for")),
    ("interactions", _rx(r"interaction", r"other (?:medicines|drugs|medications)",
                         r"interacts? with", r"drugs? to avoid",
                         r"what (?:other )?medicines", r"medicines you (?:take|are taking|use)",
                         r"(?:tell|talk to|ask) your " + _DOCTOR + r"[^.]{0,30}\bif you(?:[’']re| are)? "
                         r"(?:(?:already|also|currently) )?(?:take|taking|use|using)\b",
                         # "Tell your doctor or pharmacist about everything you take, but especially:"
                         r"(?:tell|talk to|ask) your " + _DOCTOR + r"[^.]{0,40}\babout (?:everything|all "
                         r"(?:the )?(?:other )?medicines|any (?:other )?medicines) you (?:take|use|are "
                         r"taking)")),
    ("precautions", _rx(r"precaution", r"warning", r"caution", r"pregnan", r"breastfeed",
                        r"(?:talk to|tell|check with) your " + _DOCTOR + r"",
                        r"(?:talk|speak|check)(?: it through)? with your (?:doctor|pharmacist|"
                        r"prescriber|healthcare provider|health care provider|GP|physician)",
                        r"if any of these apply to you", r"be careful",
                        r"before (?:taking|you take|using|starting)")),
    ("dosage", _rx(r"dosage", r"\bdos(?:e|ing)", r"how (?:much|to take|to use)")),
    ("mechanism", _rx(r"how (?:it|does \w+) works?", r"mechanism", r"how \w+ works")),
    ("indications", _rx(r"usage", r"\buses?\b", r"indication", r"used for", r"what is \w+ used",
                        r"treats?\b", r"approved (?:for|to)",
                        r"what(?:[’']s| is) (?:it|\w+) (?:used |approved |prescribed |taken )?for")),
)


#: A list of what to seek help for: "Get medical help quickly if you notice:", "Call your
#: doctor right away if you have:" — the serious side effects, not cautions.
_SEEK_HELP = re.compile(r"\b(?:get|seek) (?:medical|emergency|urgent) (?:help|attention|care)\b[^.;:]{0,40}"
                        r"\bif you\b|\b(?:call|contact|see|tell) (?:your|a) " + _DOCTOR +
                        r" (?:right away|straight away|at once|immediately|urgently|promptly)\b"
                        r"[^.;:]{0,30}\bif you (?:notice|have|develop|get|experience)", re.I)
#: Section types that one header may combine ("Withdrawal side effects", "Signs of dependence
#: and withdrawal"); any other mix is a page title listing its contents.
_EFFECT_TOPICS = frozenset({"dependency", "withdrawal", "withdrawal_management", "side_effects"})


def section_type(text: str | None) -> str | None:
    """The kind of section a header or run-in label opens, or None."""
    if not text:
        return None
    if _SEEK_HELP.search(text):
        return "side_effects"  # "Get medical help quickly if you notice:"
    if STOP_AND_SEEK.search(text) or re.search(r"\bstop (?:taking|using)\b[^.;:]{0,30}\b(?:and|then) "
                                               r"(?:\w+ )?(?:get|seek|call|see|contact|tell)", text,
                                               re.I):
        return "side_effects"  # "Stop taking X and get medical help straight away if you have:"
    kinds = [name for name, pattern in SECTION_TYPES if pattern.search(text)]
    if "withdrawal" in kinds and {"contraindications", "interactions"} & set(kinds):
        # "Do not take any of the following while on X or for 2 weeks after stopping it:":
        # the stopping dates the ban, the list is what not to take
        kinds = [k for k in kinds if k in ("contraindications", "interactions")]
    if len(kinds) >= 2 and not set(kinds) <= _EFFECT_TOPICS and "off_label" not in kinds and \
            re.search(r",|\band\b|&|\|", text) and len(text.split()) <= 12:
        # "Buspirone: uses, side effects and warnings" titles the whole page, not one section
        return None
    return kinds[0] if kinds else None


def severity_of(text: str | None) -> tuple[str | None, str | None]:
    """(severity, frequency words) a label or sentence gives an effect list."""
    if not text:
        return None, None
    low = text.lower()
    frequency = None
    match = FREQUENCY_WORDS.search(low)
    if match:
        frequency = match.group().lower()
    if re.search(r"\b(?:serious|severe|dangerous|life-threatening)\b", low):
        return "Serious", frequency if frequency and "common" in frequency else None
    if re.search(r"\bcommon(?:ly)?\b|\bfrequent", low) and not re.search(r"\b(?:less |un)common",
                                                                        low):
        return "Common", frequency if frequency == "most common" else None
    return None, None
