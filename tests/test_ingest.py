"""kg ingest: segmentation, term matching, relation rules, quantities, candidates, CLI."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import FIXTURES, KG_BIN, REPO
from kg.errors import KGError
from kg.ingest import CANDIDATE_FIELDS, EXTRACTOR_NAME, EXTRACTOR_VERSION, Candidate, propose
from kg.ingest.cues import section_type, severity_of
from kg.ingest.newterms import camel_case, list_items
from kg.ingest.quantities import find_dose_ends, find_doses, find_half_lives
from kg.ingest.segment import segment, split_sentences
from kg.statements.curated import STATEMENT_FIELDS

CORPUS = sorted((REPO / "data" / "corpus").glob("*.txt"))
INGEST = FIXTURES / "ingest"
SCHEMA = json.loads((REPO / "docs" / "candidates.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lexicon_home(tmp_path_factory: pytest.TempPathFactory):
    """One PHARMAKG_HOME for the module: the lexicon cache is compiled once, outside the repo."""
    home = tmp_path_factory.mktemp("ingest-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PHARMAKG_HOME", str(home))
        yield home


def by(candidates: list[Candidate], relation: str) -> dict[str, Candidate]:
    return {str(c.object): c for c in candidates if c.relation == relation}


# --- segmentation -------------------------------------------------------------------------

@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_units_are_exact_spans_of_every_corpus_document(path: Path):
    text = path.read_text(encoding="utf-8")
    units = segment(text)
    assert units
    for unit in units:
        piece = text[unit.start:unit.end]
        assert piece == piece.strip() and piece
        for span in unit.sentences:
            assert unit.start <= span.start < span.end <= unit.end
        if unit.label is not None:
            assert text[unit.label.start - 2:unit.label.start] == "**"


def test_markdown_bullets_labels_and_headers():
    text = (INGEST / "sertraline_page.md").read_text(encoding="utf-8")
    units = segment(text)
    common = next(u for u in units if u.label_text == "Common")
    assert common.kind == "bullet"
    assert text[common.start:common.end].startswith("* **Common:** Nausea")
    assert common.headers[-1] == "Side Effects"
    header = next(u for u in units if u.kind == "header")
    assert text[header.start:header.end] == "Sertraline (Zoloft)"


def test_plain_text_short_lines_are_headers_and_items():
    text = "Title Of Page\n\nPrimary Uses\nTreating depression\nEasing pain\n\nA sentence. Another one.\n"
    kinds = [(u.kind, text[u.start:u.end]) for u in segment(text)]
    assert kinds == [("header", "Title Of Page"), ("header", "Primary Uses"),
                     ("item", "Treating depression"), ("item", "Easing pain"),
                     ("sentence", "A sentence."), ("sentence", "Another one.")]


def test_sentence_split_keeps_abbreviations_together():
    text = "Take it e.g. at night. Dr. Smith agrees. Then stop."
    spans = [text[s.start:s.end] for s in split_sentences(text, 0, len(text))]
    assert spans == ["Take it e.g. at night.", "Dr. Smith agrees.", "Then stop."]


def test_list_items_split_on_commas_and_final_and():
    text = "Dry mouth, swelling in the hands or feet (rare), and blurred vision."
    items = [text[a:b] for a, b in list_items(text, 0, len(text))]
    assert items == ["Dry mouth", "swelling in the hands or feet", "blurred vision"]


def test_section_typing_and_severity_labels():
    assert section_type("Side Effects") == "side_effects"
    assert section_type("Klonopin (clonazepam) withdrawal symptoms") == "withdrawal"
    assert section_type("Usage") == "indications"
    assert section_type("Precautions") == "precautions"
    assert section_type("Dosage") == "dosage"
    assert section_type("Disclaimer") is None
    assert severity_of("Less Common but Serious") == ("Serious", "less common")
    assert severity_of("Common") == ("Common", None)
    assert severity_of("Less common") == (None, None)


# --- quantities -----------------------------------------------------------------------------

def test_dose_range_with_frequency_words():
    text = "For adults, this might range from 10-150mg daily, usually taken at bedtime."
    (dose,) = find_doses(text, 0, len(text))
    assert (dose.min, dose.max, dose.unit) == (10, 150, "mg")
    assert dose.frequency == "daily, usually taken at bedtime"
    text = "Take 75 to 600 milligrams per day."
    (dose,) = find_doses(text, 0, len(text))
    assert (dose.min, dose.max, dose.unit, dose.frequency) == (75, 600, "mg", "per day")
    assert find_doses("from 600-75mg", 0, 13) == []


@pytest.mark.parametrize("sentence, expected", [
    ("The dose is raised to a usual range of 900 mg to 3,600 mg a day.", [(900, 3600)]),
    ("For nerve pain the usual target is 1,800 mg a day.", [(1800, 1800)]),
    ("- **Adults:** 20 mg once a day, with or without food. The dose may be raised to 40 mg a "
     "day after a week.", [(20, 40)]),
    ("- **Elderly (over 60):** 20 mg once a day, which is also the maximum.", [(20, 20)]),
    ("Tablets come in 10, 25 and 50 mg strengths.", []),
    ("Do not take more than 40 mg a day.", []),
])
def test_doses_with_thousands_leading_doses_and_raises(sentence: str, expected: list):
    first = sentence.split(". ")[0] + ("." if ". " in sentence else "")
    doses = find_doses(sentence, 0, len(first)) + find_dose_ends(sentence, 0, len(first))
    assert [(d.min, d.max) for d in doses] == expected


def test_half_life_patterns():
    text = "For Klonopin, the half-life period is 35 hours. Its half life: 1.5 days."
    found = find_half_lives(text, 0, len(text))
    assert [(h.value, h.unit, h.is_range) for h in found] == [(35, "h", False),
                                                               (1.5, "d", False)]
    text = "The half-life is 20 to 50 hours."
    assert find_half_lives(text, 0, len(text))[0].is_range


# --- candidates on the seed corpus --------------------------------------------------------

def test_every_candidate_quote_is_its_exact_span(lexicon_home):
    for path in CORPUS:
        text = path.read_text(encoding="utf-8")
        candidates = propose(text, path.stem)
        assert candidates, path.stem
        for c in candidates:
            assert text[c.start:c.end] == c.quote
            assert 0.0 <= c.confidence <= 1.0 and c.tier in "ABC"
            assert c.extractor == (EXTRACTOR_NAME, EXTRACTOR_VERSION)


def test_labelled_side_effect_lists_and_sections(lexicon_home):
    text = (REPO / "data/corpus/004_6b77e3cc453c13b6.txt").read_text(encoding="utf-8")
    candidates = propose(text, "004")
    pregabalin = [c for c in candidates if c.subject == "pregabalin"]
    effects = by(pregabalin, "hasSideEffect")
    assert effects["Dizziness"].severity == "Common"
    assert effects["Dizziness"].quote == ("* **Common:** Dizziness, drowsiness, weight gain, "
                                          "fatigue, blurred vision.")
    assert effects["PeripheralEdema"].severity == "Serious"
    assert effects["PeripheralEdema"].frequency == "less common"
    dose = next(c for c in pregabalin if c.relation == "hasDoseRange")
    assert dose.dose == {"min": 75, "max": 600, "unit": "mg", "population": "Adults",
                         "frequency": "daily, divided into two or three doses",
                         "route": "OralRoute"}
    assert "IntravenousRoute" in by(pregabalin, "notAdministeredBy")
    assert "MAOInhibitor" in by([c for c in candidates if c.subject == "amitriptyline"],
                                "contraindicatedWith")
    combined = [c for c in candidates if c.subject == "amitriptyline_pregabalin"]
    assert combined and all(c.context == "CombinedUseContext" for c in combined)


def test_brand_name_subject_and_half_life(lexicon_home):
    text = (REPO / "data/corpus/003_bd4c192c6f266751.txt").read_text(encoding="utf-8")
    candidates = propose(text, "003")
    assert {c.subject for c in candidates} == {"clonazepam"}
    half = next(c for c in candidates if c.relation == "hasEliminationHalfLife")
    assert half.quantity == {"value": 35, "unit": "h"}
    assert half.quote == "For Klonopin, the half-life period is 35 hours."
    text = (REPO / "data/corpus/002_ab8fb3dae1afe8d5.txt").read_text(encoding="utf-8")
    brands = [c for c in propose(text, "002") if c.relation == "brandName"]
    assert brands[0].object == "Klonopin" and brands[0].tier == "A"
    assert brands[0].quote == "Klonopin (Clonazepam) Withdrawal Symptoms"


def test_withdrawal_context_and_hedges_are_assertions(lexicon_home):
    text = ("# Examplazepam\n\nExamplazepam is a benzodiazepine.\n\n"
            "Stopping lorazepam suddenly may cause seizures. If you experience dizziness, "
            "call a doctor.\n")
    text = text.replace("Examplazepam", "Lorazepam")
    candidates = propose(text, "hedge")
    assert "Seizure" in by(candidates, "hasWithdrawalSymptom")
    assert "Dizziness" in by(candidates, "hasSideEffect")
    assert not any(c.negated for c in candidates)


def test_explicit_denial_is_negated_and_not_tier_a(lexicon_home):
    text = "# Lorazepam\n\nLorazepam does not cause weight gain. It can cause drowsiness.\n"
    effects = by(propose(text, "neg"), "hasSideEffect")
    assert effects["WeightGain"].negated and effects["WeightGain"].tier != "A"
    assert not effects["Drowsiness"].negated and effects["Drowsiness"].tier == "A"


def test_imperative_is_a_contraindication(lexicon_home):
    text = "# Lorazepam\n\nDo not take lorazepam with alcohol.\n"
    assert "alcohol" in by(propose(text, "imp"), "contraindicatedWith")


def test_new_terms_carry_lexicon_cross_references(lexicon_home):
    text = (INGEST / "sertraline_page.md").read_text(encoding="utf-8")
    candidates = propose(text, "sertraline_page")
    assert {c.subject for c in candidates} == {"sertraline"}
    assert candidates[0].subject_label == "sertraline"
    nausea = by(candidates, "hasSideEffect")["Nausea"]
    assert nausea.new_term is not None and nausea.new_term.kind == "Effect"
    assert any(x.startswith("HP:") for x in nausea.new_term.xrefs)
    assert nausea.object == nausea.new_term.id == camel_case(nausea.new_term.label)


def test_excluded_terms_are_proposed_as_new_terms(lexicon_home):
    text = "# Lorazepam\n\nCommon side effects of lorazepam include dizziness.\n"
    plain = by(propose(text, "x"), "hasSideEffect")["Dizziness"]
    assert plain.new_term is None
    hidden = propose(text, "x", exclude_terms=frozenset({"Dizziness"}))
    (effect,) = [c for c in hidden if c.relation == "hasSideEffect"]
    assert effect.new_term is not None and effect.object_label == "dizziness"
    assert "HP:0002321" in effect.new_term.xrefs


def test_no_drug_is_an_error():
    with pytest.raises(KGError, match="no drug found"):
        propose("A page about the weather. It rains.\n", "weather")


# --- candidate format ---------------------------------------------------------------------

def test_json_form_validates_and_round_trips(lexicon_home):
    text = (INGEST / "lorazepam_page.txt").read_text(encoding="utf-8")
    candidates = propose(text, "lorazepam_page")
    data = [c.to_dict() for c in candidates]
    jsonschema.validate(data, SCHEMA)
    assert all(list(d) == list(CANDIDATE_FIELDS) for d in data)
    assert [Candidate.from_dict(d) for d in json.loads(json.dumps(data))] == candidates
    assert len({d["id"] for d in data}) == len(data)


def test_yaml_records_are_statements_plus_candidate_keys(lexicon_home):
    text = (INGEST / "lorazepam_page.txt").read_text(encoding="utf-8")
    for c in propose(text, "lorazepam_page"):
        record = c.to_statement_record()
        statement_keys = [k for k in record if k in STATEMENT_FIELDS]
        assert statement_keys == [k for k in STATEMENT_FIELDS if k in record]
        assert list(record)[:len(statement_keys)] == statement_keys
        assert record["quote"] == text[record["start"]:record["end"]]


# --- the console script -------------------------------------------------------------------

def run_ingest(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PHARMAKG_HOME": str(home)}
    env.pop("PHARMAKG_RESOURCES", None)
    return subprocess.run([str(KG_BIN), "ingest", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_cli_json_yaml_and_out(lexicon_home, tmp_path):
    page = INGEST / "lorazepam_page.txt"
    result = run_ingest(str(page), "--format", "json", home=lexicon_home)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data and {d["tier"] for d in data} == {"A"}
    everything = json.loads(run_ingest(str(page), "--format", "json", "--all",
                                       home=lexicon_home).stdout)
    assert len(everything) >= len(data)
    out = tmp_path / "out"
    result = run_ingest(str(page), "--format", "yaml", "--out", str(out), home=lexicon_home)
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load((out / "lorazepam_page.yaml").read_text(encoding="utf-8"))
    assert written["document"] == "lorazepam_page" and written["statements"]
    table = run_ingest(str(page), home=lexicon_home)
    assert "hasWithdrawalSymptom" in table.stdout


@pytest.mark.parametrize("name,content,message", [
    ("empty.txt", b"  \n", "empty document"),
    ("binary.txt", b"\x89PNG\x00\x00", "binary file"),
    ("latin1.txt", "Caf\u00e9 clonazepam".encode("latin-1"), "not UTF-8"),
    ("weather.txt", b"Rain today and sun tomorrow.\n", "no drug found"),
])
def test_cli_bad_input_is_one_line_exit_2_and_no_output(lexicon_home, tmp_path, name, content,
                                                        message):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = INGEST / "lorazepam_page.txt"
    out = tmp_path / "out"
    result = run_ingest(str(good), str(bad), "--format", "json", "--out", str(out),
                        home=lexicon_home)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and message in lines[0]
    assert not out.exists() and result.stdout == ""


def test_cli_directory_and_oversized_file(lexicon_home, tmp_path):
    result = run_ingest(str(tmp_path), home=lexicon_home)
    assert result.returncode == 2 and "is a directory" in result.stderr
    big = tmp_path / "big.txt"
    big.write_bytes(b"clonazepam causes drowsiness.\n" * 180_000)
    result = run_ingest(str(big), home=lexicon_home)
    assert result.returncode == 2 and "too large" in result.stderr


# --- second pass: phrases, off-label framing, dependency clauses, tapering verbs -----------

def test_risk_and_thought_phrases_are_not_the_bare_effect(lexicon_home):
    text = ("# Lorazepam\n\n**Side Effects:**\n\n"
            "* **Less Common but Serious:** Seizures, increased risk of suicide, "
            "thoughts of self-harm or suicide.\n")
    effects = by(propose(text, "risk"), "hasSideEffect")
    assert "SuicidalIdeation" in effects  # the ontology's altLabel for the whole phrase
    assert "IncreasedSuicideRisk" in effects
    assert "SuicidalBehaviour" not in effects


def test_a_modifier_makes_the_narrower_term(lexicon_home):
    text = "# Lorazepam\n\nStopping lorazepam can cause rebound anxiety.\n"
    withdrawal = by(propose(text, "mod", exclude_terms=frozenset({"ReboundAnxiety"})),
                    "hasWithdrawalSymptom")
    assert "ReboundAnxiety" in withdrawal and "Anxiety" not in withdrawal
    assert withdrawal["ReboundAnxiety"].new_term.label == "rebound anxiety"


def test_nearest_cue_decides_between_treatment_and_withdrawal(lexicon_home):
    text = ("Lorazepam Withdrawal Lorazepam is a medicine used to treat various disorders "
            "including anxiety disorder, seizures and panic attacks.\n")
    candidates = propose(text, "near")
    assert {"Seizure", "PanicAttack"} <= set(by(candidates, "indicatedFor"))
    assert not by(candidates, "hasWithdrawalSymptom")


def test_off_label_framing_is_carried_to_later_uses(lexicon_home):
    text = ("Lorazepam for Fibromyalgia: an Off-label Use\n\n"
            "Lorazepam was first made for anxiety. Doctors now use it as an off-label "
            "treatment for fibromyalgia.\n\nResearch\n\nIn trials lorazepam helped to "
            "reduce fibromyalgia flares.\n")
    candidates = propose(text, "off")
    off = [c for c in candidates if c.relation == "usedOffLabelFor"]
    assert {c.object for c in off} == {"Fibromyalgia"}
    assert any(c.quote.startswith("In trials") for c in off)
    assert not any(c.object == "Fibromyalgia" for c in candidates
                   if c.relation == "indicatedFor")
    assert not any(c.object == "AnxietyDisorder" or c.object == "Anxiety" for c in off)


def test_symptoms_of_a_condition_are_not_indications(lexicon_home):
    text = ("# Lorazepam\n\n**Usage:**\n\n* **Major Depressive Disorder:** It helps "
            "alleviate symptoms like sadness, sleep disturbances and fatigue.\n")
    uses = by(propose(text, "sym"), "indicatedFor")
    assert "MajorDepressiveDisorder" in uses and "SleepDisorder" not in uses


def test_dependency_signs_are_clauses(lexicon_home):
    text = ("# Lorazepam dependence\n\nSigns that you may be dependent on lorazepam are "
            "cravings for the medication, needing higher doses for the same effect, and "
            "hiding pills from family.\n")
    signs = by(propose(text, "dep"), "hasDependencySign")
    assert {"DrugCraving", "DoseEscalation"} <= set(signs)
    new = [c for c in signs.values() if c.new_term is not None]
    assert [c.new_term.label for c in new] == ["hiding pills from family"]
    assert all(c.quote.startswith("Signs that") for c in signs.values())


@pytest.mark.parametrize("sentence, term", [
    ("You may be given an equivalent dose of a longer acting benzodiazepine.",
     "BenzodiazepineSubstitution"),
    ("This dose will be slowly tapered down over weeks.", "Tapering"),
    ("Your doctor will gradually reduce the dose.", "Tapering"),
])
def test_management_stated_by_verbs(lexicon_home, sentence: str, term: str):
    page = f"# Lorazepam withdrawal treatment\n\n{sentence}\n"
    managed = by(propose(page, "taper"), "hasWithdrawalManagement")
    assert managed[term].tier == "A" and managed[term].quote == sentence


def test_back_reference_is_not_tier_a(lexicon_home):
    text = ("# Lorazepam withdrawal\n\nStopping lorazepam can cause seizures. These seizures "
            "are unpleasant.\n")
    found = [c for c in propose(text, "back") if c.object == "Seizure"]
    back = [c.tier for c in found if c.quote.startswith("These")]
    assert len(back) == 1 and back[0] in ("B", "C")  # a lead, never accepted as-is
    assert [c.tier for c in found if c.quote.startswith("Stopping")] == ["A"]


# --- third pass (0.3.0): precision and recall levers on the development pages -------------

def test_brands_the_lexicon_lacks_from_their_shapes(lexicon_home):
    text = ("# Lorazepam (Lorivan) - a guide\n\nLorazepam is sold under brand names such as "
            "Lorivan and TemBrand. It is one of the benzodiazepines (BZDs).\n")
    brands = by(propose(text, "brand"), "brandName")
    assert {"Lorivan", "TemBrand"} <= set(brands) and "BZDs" not in brands
    assert all(c.tier == "A" and c.subject == "lorazepam" for c in brands.values())


def test_a_narrower_use_in_the_body_replaces_its_label(lexicon_home):
    text = ("# Pregabalin\n\n**Usage:**\n\n* **Anxiety:** Pregabalin is approved for "
            "generalized anxiety disorder.\n* **Anxiety Disorders:** It is used to treat "
            "anxiety.\n")
    uses = by(propose(text, "label"), "indicatedFor")
    assert "GeneralizedAnxietyDisorder" in uses and "AnxietyDisorder" in uses
    assert "Anxiety" not in uses  # topic label of the first, broader body word of the second


def test_off_label_list_and_relative_clause(lexicon_home):
    text = ("# Pregabalin\n\n## Off-label uses\n\nDoctors sometimes prescribe pregabalin "
            "outside its approved uses:\n\n* Insomnia that has not responded to other "
            "treatment\n")
    candidates = propose(text, "offlist")
    assert "Insomnia" in by(candidates, "usedOffLabelFor")
    assert "Insomnia" not in by(candidates, "indicatedFor")


def test_if_you_have_is_a_caution_or_contraindication_not_an_effect(lexicon_home):
    text = ("# Pregabalin\n\n## Precautions\n\n* **Glaucoma:** Tell your doctor if you have "
            "glaucoma.\n\nDo not take pregabalin if you have epilepsy.\n")
    candidates = propose(text, "ifyou")
    assert "Glaucoma" in by(candidates, "cautionIn")
    assert "Epilepsy" in by(candidates, "contraindicatedWith")
    assert not by(candidates, "hasSideEffect")


def test_drug_words_naming_conditions_and_while_on(lexicon_home):
    text = ("# Who should not take pregabalin\n\nPeople with a history of alcohol abuse "
            "should use it with caution.\n\nDrinking alcohol while on pregabalin slows "
            "breathing.\n")
    alcohol = [c for c in propose(text, "abuse") if c.object == "alcohol"]
    assert [(c.relation, c.quote[:8], c.tier) for c in alcohol] == [
        ("interactsWith", "Drinking", "A")]


def test_withdrawal_symptoms_such_as_are_effects(lexicon_home):
    text = ("# Lorazepam\n\nStopping lorazepam can cause withdrawal symptoms such as "
            "dizziness and anxiety.\n")
    withdrawal = by(propose(text, "such"), "hasWithdrawalSymptom")
    assert withdrawal["Anxiety"].tier == "A"


def test_reuptake_inhibitor_class_name_is_one_class_and_implies_no_stated_mechanism(
        lexicon_home):
    text = ("# Milnacipran\n\nMilnacipran belongs to the serotonin-norepinephrine reuptake "
            "inhibitors (SNRIs).\n")
    candidates = propose(text, "snri")
    classes = [c for c in candidates if c.relation == "hasDrugClass"]
    labels = {c.object_label for c in classes}
    assert "serotonin-norepinephrine reuptake inhibitor" in labels and "snris" not in labels
    assert all(c.tier != "A" for c in candidates if c.relation == "hasMechanism")


def test_a_denial_with_an_adverb_is_negated(lexicon_home):
    text = "# Pregabalin\n\nPregabalin does not usually cause weight gain.\n"
    gain = by(propose(text, "usually"), "hasSideEffect")["WeightGain"]
    assert gain.negated and gain.tier != "A"  # proposed as a lead, never for acceptance as is


def test_experience_verbs_and_bare_items_in_effect_sections(lexicon_home):
    text = ("# Pregabalin\n\n## Side effects\n\nSome people also notice headache.\n\n"
            "## Stopping pregabalin\n\nSymptoms can include:\n\n* Insomnia or anxiety\n")
    candidates = propose(text, "verbs")
    assert by(candidates, "hasSideEffect")["Headache"].tier == "A"
    assert {"Insomnia", "Anxiety"} <= {o for o, c in by(candidates, "hasWithdrawalSymptom")
                                        .items() if c.tier == "A"}


def test_receptors_after_binding_verbs_and_supervision(lexicon_home):
    text = ("# Pregabalin\n\nPregabalin binds to the delta-type widget receptor in the "
            "brain.\n\n## Withdrawal\n\nStopping under medical supervision is advised.\n")
    candidates = propose(text, "bind")
    target = by(candidates, "targets")["DeltaTypeWidgetReceptor"]
    assert target.new_term.kind == "MolecularTarget"
    assert "MedicalSupervision" in by(candidates, "hasWithdrawalManagement")


# --- fourth pass (0.4.0): page structure, clause subjects, fitted confidence ----------------


def test_pipe_table_rows_take_their_severity_column(lexicon_home):
    text = ("# Lorazepam leaflet\n\n## Side effects\n\n| Side effect | How common | What to do |\n"
            "|---|---|---|\n| Dizziness | Very common | Sit down until it passes |\n"
            "| Seizures | Rare | Call a doctor |\n")
    found = {c.object: c for c in propose(text, "table") if c.relation == "hasSideEffect"}
    assert found["Dizziness"].severity == "Common" and found["Dizziness"].tier == "A"
    assert found["Dizziness"].quote == "| Dizziness | Very common | Sit down until it passes |"
    # the advice column states no fact: "a doctor" is not read, and no effect comes from it
    assert set(found) == {"Dizziness", "Seizure"}


def test_plain_colon_label_sets_the_section(lexicon_home):
    text = ("# Lorazepam\n\nLorazepam is a benzodiazepine.\n"
            "Other medicines and lorazepam: tell your doctor if you take opioids.\n")
    found = propose(text, "card")
    assert any(c.relation == "interactsWith" and c.object == "Opioid" and c.tier == "A"
               for c in found)


def test_compared_drugs_each_get_their_clause(lexicon_home):
    text = ("# Pregabalin vs. Amitriptyline\n\nPregabalin is often compared with amitriptyline.\n\n"
            "Amitriptyline can cause weight gain; pregabalin causes dizziness.\n\n"
            "Both drugs are used to treat fibromyalgia.\n")
    found = {(c.subject, c.relation, c.object) for c in propose(text, "cmp") if c.tier == "A"}
    assert ("amitriptyline", "hasSideEffect", "WeightGain") in found
    assert ("pregabalin", "hasSideEffect", "Dizziness") in found
    assert ("pregabalin", "hasSideEffect", "WeightGain") not in found
    assert {("amitriptyline", "indicatedFor", "Fibromyalgia"),
            ("pregabalin", "indicatedFor", "Fibromyalgia")} <= found


def test_confidence_is_the_fitted_logistic_model():
    from kg.ingest import weights
    from kg.ingest.candidate import Candidate
    from kg.ingest.scoring import confidence_of, features, score

    base = Candidate(document="d", subject="pregabalin", subject_label="pregabalin",
                     relation="hasSideEffect", object="Dizziness", object_label="dizziness",
                     quote="q", start=0, end=1)
    strong = score(base, "sentence", "ontology", "unit")
    weak = score(base, "weak", "list", "document")
    assert strong.confidence > weak.confidence and strong.tier == "A" and weak.tier != "A"
    assert strong.confidence == round(confidence_of(features(base, "sentence", "ontology",
                                                             "unit")), 3)
    assert 0.3 <= weights.TIER_A <= 0.95
    denied = score(replace(base, negated=True), "sentence", "ontology", "unit")
    assert denied.tier != "A"


# --- fifth pass (0.5.0): lay effect names and first-person narrative ------------------------


def test_narrative_effects_in_a_story(lexicon_home):
    text = ("# My months on lorazepam\n\n## The side effects I got\n\nSadly, "
            "lorazepam made me sleepy every afternoon. I had memory problems at work.\n\n"
            "## Stopping\n\nThen I quit and the withdrawal started: my heart pounding at night."
            " I couldn't sleep for a week.\n")
    found = {(c.relation, c.object): c for c in propose(text, "story")}
    assert found[("hasSideEffect", "Drowsiness")].tier == "A"  # "sleepy" is HPO's Drowsiness
    memory = found[("hasSideEffect", "MemoryProblems")]
    assert memory.tier == "A" and "HP:0002354" in memory.new_term.xrefs
    assert "memory impairment" in memory.new_term.synonyms  # the clinical name, for a curator
    assert found[("hasWithdrawalSymptom", "Palpitations")].tier == "A"
    insomnia = found[("hasWithdrawalSymptom", "Insomnia")]
    assert insomnia.quote == "I couldn't sleep for a week." and insomnia.tier == "A"


def test_narrative_cues_need_an_effect_section(lexicon_home):
    text = ("# Lorazepam\n\nLorazepam is a benzodiazepine. I felt sick of waiting for the "
            "pharmacy, and it made me think about my anxiety.\n")
    relations = {c.relation for c in propose(text, "plain")}
    assert not relations & {"hasSideEffect", "hasWithdrawalSymptom"}


def test_fact_sheet_fields_choose_the_relation(lexicon_home):
    text = ("# Lorazepam at a glance\n\n| Fact | Details |\n|---|---|\n"
            "| Drug class | Benzodiazepine |\n| Brand name | Ativan |\n| Used for | Insomnia |\n\n"
            "Class: anxiolytic\n")
    found = {(c.relation, c.object): c for c in propose(text, "sheet") if c.tier == "A"}
    assert found[("hasDrugClass", "Benzodiazepine")].quote == "| Drug class | Benzodiazepine |"
    assert found[("hasDrugClass", "Anxiolytic")].quote == "Class: anxiolytic"
    assert found[("brandName", "Ativan")].quote == "| Brand name | Ativan |"
    assert ("indicatedFor", "Insomnia") in found
    # a class named in a field that is not a class field is no membership
    other = propose("# Lorazepam\n\nLorazepam is a benzodiazepine.\n"
                    "Other medicines and lorazepam: opioids, antihistamines\n",
                    "other")
    assert {c.relation for c in other if c.object == "Opioid"} == {"interactsWith"}


# --- sixth pass (0.6.0): leaflets, prose cues, the curated vocabulary ------------------------

def found_in(text: str, name: str = "t", tier: str | None = "A") -> dict[tuple[str, str], Candidate]:
    return {(c.relation, str(c.object)): c for c in propose(text, name)
            if tier is None or c.tier == tier}


LEAFLET = """Package leaflet: information for the user

Citalopram 20 mg tablets

1. What Citalopram is and what it is used for
Citalopram is used to treat depression.

2. What you need to know before you take Citalopram
Do not take Citalopram:
- if you are allergic to citalopram or any of the other ingredients
- if you are taking a monoamine oxidase inhibitor

Warnings and precautions
Talk to your doctor before taking Citalopram if you have:
- diabetes
- reduced liver or kidney function

3. How to take Citalopram
The recommended dose is 20 mg a day. Your doctor may increase this to a maximum of 40 mg a day.

4. Possible side effects
Very common (may affect more than 1 in 10 people): headache, dry mouth, feeling sleepy.
"""


def test_leaflet_numbered_sections_and_list_introductions(lexicon_home):
    leaflet = LEAFLET
    headers = [leaflet[u.start:u.end] for u in segment(leaflet) if u.kind == "header"]
    assert "4. Possible side effects" in headers and "1. What Citalopram is and what it is " \
        "used for" in headers
    found = found_in(leaflet, "leaflet")
    # the items under "Do not take Citalopram:" are contraindications, the allergy one the
    # ontology's drug hypersensitivity, and the drug the patient is allergic to no relation
    assert ("contraindicatedWith", "Hypersensitivity") in found
    assert ("contraindicatedWith", "MAOInhibitor") in found
    assert not any(key[1] == "citalopram" for key in found)
    # lay condition names under "Talk to your doctor ... if you have:"
    assert {("cautionIn", "Diabetes"), ("cautionIn", "LiverDisease"),
            ("cautionIn", "KidneyDisease")} <= set(found)
    assert found[("cautionIn", "Diabetes")].new_term.kind == "Condition"
    # side effects under the numbered section, not under the precautions before it
    assert {("hasSideEffect", "Headache"), ("hasSideEffect", "DryMouth"),
            ("hasSideEffect", "Drowsiness")} <= set(found)
    dose = next(c.dose for (rel, _), c in found.items() if rel == "hasDoseRange")
    assert (dose["min"], dose["max"], dose["unit"]) == (20, 40, "mg")


def test_another_drugs_use_and_a_combinations_effects_are_not_the_drugs(lexicon_home):
    text = ("# Venlafaxine\n\nDo not take venlafaxine if you are taking an MAOI used for "
            "depression, or triptans for migraine. Venlafaxine taken with warfarin raises the "
            "risk of bleeding. Taking these together can cause serotonin syndrome.\n")
    found = found_in(text, tier=None)
    assert not {k for k in found if k[1] in ("Depression", "Migraine", "Bleeding")}
    # serotonin syndrome is the exception: labels and curators state it as the drug's own risk
    assert ("hasSideEffect", "SerotoninSyndrome") in found
    assert ("contraindicatedWith", "MAOInhibitor") in found
    assert ("interactsWith", "warfarin") in found


def test_stop_and_see_a_doctor_is_a_side_effect_not_withdrawal(lexicon_home):
    text = ("# Venlafaxine\n\nStop taking venlafaxine and see a doctor at once if you notice "
            "hives or a fast heartbeat. Stopping venlafaxine suddenly can cause dizziness.\n"
            "Acute alcohol withdrawal (agitation, tremor) is not treated with it.\n")
    found = found_in(text, tier=None)
    assert ("hasSideEffect", "Hives") in found and ("hasWithdrawalSymptom", "Hives") not in found
    assert ("hasWithdrawalSymptom", "Dizziness") in found
    assert ("hasWithdrawalSymptom", "Tremor") not in found


def test_tolerance_is_its_own_dependency_sign(lexicon_home):
    text = ("# Zolpidem\n\nTaking it every night for months can lead to tolerance, so the usual "
            "dose stops working.\n\nDEPENDENCE\n- Tolerance to the sedative effect within weeks\n")
    signs = [c for c in propose(text, "tol") if c.relation == "hasDependencySign"]
    assert {c.object_label for c in signs} == {"tolerance"}
    assert len(signs) == 2 and all(c.tier == "A" for c in signs)
    assert not any(c.object == "Sedation" for c in propose(text, "tol"))


def test_brands_receptors_and_gaba_in_the_words_pages_use(lexicon_home):
    text = ("# Hydrocodone\n\n**Brand names:** Norco, Vicodin\n**Generic name:** hydrocodone"
            "\n\nHydrocodone binds to mu-opioid receptors. It also blocks histamine H1 and "
            "alpha-1 adrenergic receptors.\n")
    found = found_in(text)
    assert {("brandName", "Norco"), ("brandName", "Vicodin")} <= set(found)
    assert ("brandName", "hydrocodone") not in found
    targets = {c.object_label for c in propose(text, "t") if c.relation == "targets"}
    assert {"mu-opioid receptor", "histamine H1 receptor",
            "alpha-1 adrenergic receptor"} <= targets
    gaba = found_in("# Zolpidem\n\nZolpidem works by boosting GABA, the brain's calming "
                    "chemical.\n")
    assert ("hasMechanism", "GABAAReceptorPositiveModulation") in gaba


def test_vocabulary_terms_carry_lexicon_ids_and_win_no_longer_names(lexicon_home):
    text = ("# Mirtazapine\n\nMirtazapine may cause low sodium levels and serotonin syndrome. "
            "It should not be used with MAO inhibitors or SSRIs.\n")
    found = found_in(text, tier=None)
    sodium = next(c for (rel, _), c in found.items() if rel == "hasSideEffect" and
                  c.object_label == "hyponatremia")
    assert sodium.new_term is not None and any(x.startswith("HP:") for x in
                                               sodium.new_term.xrefs)
    assert ("contraindicatedWith", "MAOInhibitor") in found  # not the enzyme "MAO"
    assert any(rel == "contraindicatedWith" and c.object_label ==
               "selective serotonin reuptake inhibitor" for (rel, _), c in found.items())


def test_a_page_title_listing_its_topics_types_no_section(lexicon_home):
    assert section_type("Buspirone: uses, side effects and warnings") is None
    assert section_type("Withdrawal side effects") == "withdrawal"
    text = ("# Buspirone: uses, side effects and warnings\n\n## What is buspirone?\n\n"
            "Buspirone is an anti-anxiety medicine used to treat generalized anxiety disorder. "
            "It is sometimes added to an SSRI when depression does not respond fully.\n\n"
            "**Available as:** 5 mg, 10 mg, 15 mg and 30 mg tablets\n")
    found = found_in(text, tier=None)
    assert ("indicatedFor", "GeneralizedAnxietyDisorder") in found
    assert not {k for k in found if k[0] == "hasSideEffect"}
    assert not {k for k in found if k[0] == "hasDoseRange"}  # the strengths sold


def test_interaction_fields_and_rows_of_a_fact_sheet(lexicon_home):
    text = ("# Lamotrigine\n\n| Field | Details |\n|---|---|\n"
            "| Interacts with | carbamazepine, oral contraceptives |\n"
            "| Do not combine with | alcohol |\n\n## Interactions\n\n"
            "| Medicine | What happens |\n|---|---|\n| Rifampin | lowers lamotrigine levels |\n")
    found = found_in(text)
    assert found[("interactsWith", "carbamazepine")].quote.startswith("| Interacts with |")
    assert ("contraindicatedWith", "alcohol") in found
    assert found[("interactsWith", "rifampin")].quote == "| Rifampin | lowers lamotrigine levels |"


# --- seventh pass (0.7.0): what the sixth pass's held-out pages taught ------------------------

def test_leaflet_frequency_bands_and_stop_and_get_help_lists(lexicon_home):
    text = ("Oxycodone leaflet\n\n4. Possible side effects\n\nStop taking oxycodone and get "
            "medical help straight away if you have:\n- a severe allergic reaction, with "
            "wheezing or a rash\n\nUncommon (may affect up to 1 in 100 people): fainting, "
            "seeing or hearing things, sleep apnoea.\n")
    found = found_in(text, "bands")
    assert ("hasSideEffect", "AllergicReaction") in found
    assert not {k for k in found if k[0] == "hasWithdrawalSymptom"}
    assert not {k for k in found if k[1] in ("Wheezing", "Rash")}  # the reaction's signs
    labels = {c.object_label for (rel, _), c in found.items() if rel == "hasSideEffect"}
    assert {"fainting", "hallucinations", "sleep apnea"} <= labels


def test_the_title_names_the_page_drug_and_back_references_carry_relations(lexicon_home):
    text = ("# Mirtazapine: what to know\n\n## What is it prescribed for?\n\nIt is licensed for "
            "depression, but I also see it prescribed for:\n\n- trouble sleeping\n- poor "
            "appetite\n\nThose are off-label uses.\n\n## Can I drink alcohol on it?\n\n"
            "Alcohol and mirtazapine together can make you dangerously sleepy. The same goes for "
            "other things that sedate: benzodiazepines and opioid painkillers.\n\n"
            "Older people can develop low sodium, which shows up as headache and confusion.\n")
    candidates = propose(text, "blog")
    assert {c.subject for c in candidates} == {"mirtazapine"}  # never "alcohol"
    found = {(c.relation, str(c.object)) for c in candidates if c.tier == "A"}
    assert ("usedOffLabelFor", "Insomnia") in found and ("indicatedFor", "Insomnia") not in found
    assert {("interactsWith", "alcohol"), ("interactsWith", "Benzodiazepine"),
            ("interactsWith", "Opioid")} <= found
    assert not {k for k in found if k[1] in ("Headache", "Confusion")}


def test_people_with_a_condition_and_unless(lexicon_home):
    text = ("# Escitalopram\n\nEscitalopram can prolong the QT interval, so people with a heart "
            "rhythm problem need a check first. Do not take escitalopram if you are pregnant "
            "unless your doctor has told you to. It should be used carefully by people with "
            "epilepsy.\n")
    found = found_in(text, "people")
    assert ("cautionIn", "IrregularHeartbeat") in found
    assert any(rel == "hasSideEffect" and c.object_label == "QT prolongation"
               for (rel, _), c in found.items())
    assert ("cautionIn", "Pregnancy") in found and ("contraindicatedWith", "Pregnancy") \
        not in found
    assert ("cautionIn", "Epilepsy") in found


def test_what_a_drug_does_at_a_receptor_is_its_mechanism(lexicon_home):
    text = ("# Quetiapine\n\nIt blocks dopamine D2 receptors. It also attaches to the "
            "mu-opioid receptor and switches it on.\n")
    mechanisms = {c.object_label for c in propose(text, "rec") if c.relation == "hasMechanism"}
    assert {"dopamine D2 receptor antagonism", "mu-opioid receptor agonism"} <= mechanisms
    # another drug acting on an enzyme is no target of the page's drug
    other = propose("# Quetiapine\n\nBupropion and fluoxetine block CYP2D6, the enzyme that "
                    "clears it.\n", "enz")
    assert not [c for c in other if c.relation == "targets"]


def test_overdoses_allergies_and_listed_signs_are_not_side_effects(lexicon_home):
    text = ("# Imipramine\n\n## Warnings\n\nTaking too much imipramine can cause seizures. "
            "Avoid it if you have ever had an allergic reaction to imipramine. Get urgent help "
            "if you notice signs of an allergic reaction such as hives.\n\n"
            "Capsules come as tablets (10, 25 and 50 mg).\n")
    found = found_in(text, "over", tier=None)
    assert ("hasSideEffect", "Seizure") not in found
    assert ("contraindicatedWith", "Hypersensitivity") in found
    assert not {k for k in found if k[0] == "hasSideEffect" and k[1] != "AllergicReaction"}
    assert not {k for k in found if k[0] == "hasDoseRange"}


def test_help_lists_dose_tables_and_contracted_denials(lexicon_home):
    text = ("# Eszopiclone\n\nIt can raise suicidal thoughts. Get medical help quickly if you "
            "notice:\n\n- a seizure\n- thoughts of suicide\n\n## Dosage\n\n| Who | Start | "
            "Maximum |\n|---|---|---|\n| Adults | 1 mg | 3 mg |\n| Severe liver disease | 1 mg | "
            "2 mg |\n\nMost people stay on 2 mg, and the doctor can raise it to 3 mg. It doesn't "
            "cause a high or cravings.\n")
    candidates = propose(text, "help")
    found = {(c.relation, str(c.object)) for c in candidates}
    assert ("hasSideEffect", "Seizure") in found and not {k for k in found
                                                           if k[0] == "cautionIn"}
    doses = {(c.dose["min"], c.dose["max"]) for c in candidates if c.relation == "hasDoseRange"}
    assert {(1, 3), (1, 2), (2, 3)} <= doses
    assert not [c for c in candidates if c.relation == "hasSideEffect" and c.tier == "A" and
                c.object_label == "liver disease"]
    craving = [c for c in candidates if c.object == "DrugCraving"]
    assert all(c.negated and c.tier != "A" for c in craving)


def test_a_forum_thread_keeps_its_drug(lexicon_home):
    text = ("Support Forum > Medications\nThread: Coming off clobazam (Frisium) after 3 years\n\n"
            "frisium_fred\nPosted 14 March\n\nI stopped clobazam last year. The withdrawal gave "
            "me bad insomnia for a month.\n")
    candidates = propose(text, "forum")
    assert {c.subject for c in candidates} == {"clobazam"}
    assert ("hasWithdrawalSymptom", "Insomnia") in {(c.relation, c.object) for c in candidates}


def facts_of(text: str, tier: str | None = None) -> set[tuple[str, str]]:
    """(relation, object label) of the candidates proposed for ``text`` (of one tier)."""
    return {(c.relation, c.object_label or str(c.object)) for c in propose(text, "t")
            if tier is None or c.tier == tier}


def labels_of(text: str, relation: str) -> set[str]:
    """The object labels of the candidates of one relation proposed for ``text``."""
    return {c.object_label or str(c.object) for c in propose(text, "t") if c.relation == relation}


def test_effects_named_by_adjectives_acts_and_shared_heartbeats(lexicon_home):
    text = ("# Nefazodone\n\n## Side effects\n\nIn the first weeks it can make you sleepy, dizzy "
            "or queasy, and some people throw up. Others become irritable and feel low or "
            "depressed. Many put on a few pounds.\n\nGet help at once if you have a fast, pounding "
            "or uneven heartbeat.\n\n## Other medicines\n\nDrowsy antihistamines add to the "
            "effect. Do not take it if you have an anxious temperament.\n")
    effects = labels_of(text, "hasSideEffect")
    assert {"drowsiness", "dizziness", "nausea", "vomiting", "irritability", "depression",
            "weight gain", "tachycardia", "palpitations", "irregular heartbeat"} <= effects
    # an adjective that is not after a verb of feeling or becoming names no effect
    assert "anxiety" not in effects


def test_lay_condition_names_in_caution_lists(lexicon_home):
    text = ("# Nefazodone\n\n## Warnings\n\nTalk to your doctor first if you:\n\n"
            "- have problems with your liver or kidneys\n- have epilepsy or a history of fits\n"
            "- have ever misused alcohol, street drugs or prescription medicines\n"
            "- are 65 or older\n")
    found = labels_of(text, "cautionIn")
    assert {"liver disease", "kidney disease", "seizure", "substance abuse", "elderly"} <= found
    assert "alcohol" not in found


def test_brands_in_lists_after_cues_and_in_parentheses(lexicon_home):
    text = ("# Nefazodone (Serzone, Dutonin): a guide\n\nMarketed in the UK as Dutonin and Dutonin "
            "XL, and in the United States as Serzone Weekly. A liquid version called Nefadrops "
            "exists too.\n")
    brands = labels_of(text, "brandName")
    assert {"Serzone", "Dutonin", "Dutonin XL", "Serzone Weekly", "Nefadrops"} <= brands
    assert "Serzone W" not in brands


def test_contraindication_lists_reinstatement_and_taper_verbs(lexicon_home):
    text = ("# Nefazodone\n\n**You should not take nefazodone if you:**\n\n"
            "- are allergic to it or to another antidepressant such as trazodone\n"
            "- have used an MAO inhibitor such as phenelzine in the past 14 days\n\n"
            "## Stopping nefazodone\n\nYour doctor will reduce the dose step by step. If the "
            "withdrawal symptoms get hard to bear, going back to the last dose that felt fine "
            "usually settles them.\n")
    found = facts_of(text)
    assert ("contraindicatedWith", "phenelzine") in found
    assert not {k for k in found if k[1] == "trazodone"}  # an allergen's example
    assert ("hasWithdrawalManagement", "tapering") in found
    assert ("hasWithdrawalManagement", "dose reinstatement") in found


def test_who_is_more_prone_is_a_caution_and_what_they_are_prone_to_an_effect(lexicon_home):
    text = ("# Nefazodone\n\n## Warnings\n\nPeople over 65 are more prone to confusion and "
            "falls, so they are usually given smaller doses. Make sure your doctor knows if "
            "you have ever had bipolar disorder.\n")
    found = facts_of(text)
    assert {("cautionIn", "elderly"), ("hasSideEffect", "confusion"),
            ("cautionIn", "bipolar disorder")} <= found
    assert ("cautionIn", "confusion") not in found


def test_dependency_signs_named_by_their_key_words(lexicon_home):
    text = ("# Nefazodone\n\n## Signs of dependence\n\nTalk to your doctor if you notice signs "
            "of dependence:\n\n- you find it hard to think about anything other than your next "
            "dose\n- running out of your prescription early\n- you have tried to cut down and "
            "could not\n- using it to get high\n")
    signs = labels_of(text, "hasDependencySign")
    assert {"preoccupation with the next dose", "running out early",
            "repeated unsuccessful attempts to stop", "non-medical use"} <= signs


def test_mechanisms_stated_by_what_stays_in_the_synapse(lexicon_home):
    text = ("# Nefazodone\n\n## How it works\n\nIt blocks the serotonin transporter and the "
            "norepinephrine transporter, so more serotonin stays in the gap between nerve cells. "
            "It also switches on the mu-opioid receptors only part of the way.\n")
    mechanisms = labels_of(text, "hasMechanism")
    assert {"serotonin reuptake inhibition", "norepinephrine reuptake inhibition",
            "serotonin level increase", "mu-opioid receptor partial agonism"} <= mechanisms


def test_framing_sentences_denied_targets_and_signs_of_a_named_state(lexicon_home):
    text = ("# Nefazodone\n\n## Uses\n\nIt is approved for depression. Many prescriptions, though, "
            "are written off-label. Doctors commonly use it for fibromyalgia.\n\n## How it works"
            "\n\nIt does not act on GABA receptors. Morphine raises the amount of nefazodone in "
            "the blood.\n\n## Side effects\n\n- headache, confusion or feeling unsteady (signs of "
            "low sodium)\n\nBecause it has a short half-life, symptoms begin within 12 to 48 hours "
            "of the last dose.\n")
    candidates = [c for c in propose(text, "frame") if c.tier == "A"]
    found = {(c.relation, c.object_label or str(c.object)) for c in candidates}
    assert ("usedOffLabelFor", "fibromyalgia") in found and ("indicatedFor", "depression") in found
    assert not {k for k in found if k[0] in ("targets", "hasMechanism", "hasEliminationHalfLife")}
    assert not {k for k in found if k[0] == "hasSideEffect" and k[1] in ("headache", "confusion")}


def test_classes_named_around_the_drug_shared_heads_and_dependency_lists(lexicon_home):
    text = ("# Nefazodone\n\nAntidepressants such as nefazodone can raise suicidal thoughts. Like "
            "other seizure medicines, it needs care. It isn't suitable if you have had a heart "
            "attack. The risk is highest in people with lung disease.\n\n## Side effects\n\n"
            "- blurred or double vision\n\nTolerance and dependence\nTell your doctor if you "
            "notice that you:\n- need more tablets to get the same effect\n- have strong urges "
            "to take them\n")
    found = facts_of(text, "A")
    assert {("hasDrugClass", "antidepressant"), ("hasDrugClass", "anticonvulsant"),
            ("hasSideEffect", "blurred vision"), ("hasSideEffect", "double vision"),
            ("hasDependencySign", "dose escalation"), ("hasDependencySign", "drug craving"),
            ("cautionIn", "lung disease")} <= found
    assert ("contraindicatedWith", "heart attack") in found or \
        ("contraindicatedWith", "myocardial infarction") in found
    assert not {k for k in found if k[0] == "cautionIn" and k[1] in ("dose escalation",
                                                                     "drug craving")}


def test_effects_a_mechanism_explains_and_serotonin_syndrome_of_a_combination(lexicon_home):
    text = ("# Nefazodone\n\n## How it works\n\nIt also blocks histamine receptors, which accounts "
            "for its drowsiness and dry mouth.\n\n## Interactions\n\n- triptans for migraine, "
            "which together with nefazodone can rarely cause serotonin syndrome\n- warfarin, "
            "which taken together with nefazodone raises the risk of bleeding\n")
    effects = labels_of(text, "hasSideEffect")
    assert {"drowsiness", "dry mouth", "serotonin syndrome"} <= effects
    assert "bleeding" not in effects and "migraine" not in labels_of(text, "indicatedFor")


def test_lay_sleep_words_breastfeeding_bans_and_paired_modifiers(lexicon_home):
    text = ("# Nefazodone\n\n## Warnings\n\nDo not take nefazodone if you:\n\n- are under 18 years "
            "of age\n- have a blockage in your stomach or bowel\n\nIt passes into breast milk, so "
            "do not breast-feed while taking it.\n\n## If you stop taking it\n\n- trouble falling "
            "or staying asleep, with vivid or frightening dreams\n- feeling generally unwell\n")
    found = facts_of(text, "A")
    assert {("contraindicatedWith", "children"), ("contraindicatedWith", "bowel obstruction"),
            ("contraindicatedWith", "breastfeeding"), ("hasWithdrawalSymptom", "insomnia"),
            ("hasWithdrawalSymptom", "vivid dreams"), ("hasWithdrawalSymptom", "malaise")} <= found


def test_non_drug_measures_that_ease_withdrawal_are_aids(lexicon_home):
    text = ("# Nefazodone\n\n## Coping with withdrawal\n\nGentle daily exercise, a regular sleep "
            "routine and cutting back on caffeine can take the edge off many symptoms. Counseling "
            "and support groups lower the risk of relapse.\n\n## Side effects\n\nExercise is "
            "good for everyone.\n")
    candidates = propose(text, "aids")
    aids = {c.object_label for c in candidates if c.relation == "hasWithdrawalAid"}
    assert {"exercise", "sleep hygiene", "caffeine reduction", "counseling",
            "support group"} <= aids
    kinds = {c.new_term.kind for c in candidates if c.relation == "hasWithdrawalAid"}
    assert kinds == {"WithdrawalManagement"}  # the ontology's range: a drug or a management
    assert len([c for c in candidates if c.object_label == "exercise"]) == 1


def test_a_dose_given_for_a_use_names_the_use_and_off_label_framing_stays_near(lexicon_home):
    text = ("# Nefazodone\n\n## Dosage\n\nFor depression in adults, the usual dose is 200 to 400 mg "
            "a day. For people with kidney disease the dose is 100 mg a day.\n\n## Uses\n\n"
            "It is used to treat panic disorder. Doctors sometimes prescribe it off-label for "
            "chronic pain, especially in people who also have panic disorder.\n")
    found = facts_of(text)
    assert ("indicatedFor", "depression") in found
    assert not {k for k in found if k[1] == "kidney disease" and k[0] == "indicatedFor"}
    assert ("indicatedFor", "panic disorder") in found
    assert ("usedOffLabelFor", "chronic pain") in found
    assert ("usedOffLabelFor", "panic disorder") not in found


def test_list_introductions_that_date_a_ban_or_ask_about_everything_you_take(lexicon_home):
    text = ("NEFAZODONE - ORAL\n\nDRUG INTERACTIONS\n\nDo not take any of the following while on "
            "nefazodone or for 2 weeks after stopping it:\n- other MAO inhibitors, such as "
            "selegiline\n\nTell your provider about all the medicines you take. **Especially tell "
            "your provider if you take:**\n\n- triptans used to treat migraine headaches\n- NSAID "
            "pain relievers such as ibuprofen\n\nIt is mainly given to ease spasticity caused by "
            "multiple sclerosis.\n")
    found = facts_of(text)
    assert {("contraindicatedWith", "selegiline"), ("interactsWith", "triptan"),
            ("interactsWith", "ibuprofen"), ("indicatedFor", "spasticity")} <= found
    assert not {k for k in found if k[1] in ("analgesic", "migraine")}
    assert not {k for k in found if k[0] == "hasWithdrawalSymptom"}


def test_a_doctors_voice_a_named_state_after_its_signs_and_off_label_lists(lexicon_home):
    text = ("# Nefazodone\n\n## Side effects\n\n- a stiff neck, severe headache and fever (aseptic "
            "meningitis)\n- headache, nausea and dizziness (common)\n\n## Who should not take it\n\n"
            "I also go carefully with liver disease. It isn't a treatment for panic disorder.\n\n"
            "## Other medicines\n\nTell your doctor if you're taking:\n\n- antidepressants, such as "
            "amitriptyline\n\n## Other uses\n\nUsing nefazodone for insomnia is, for the most "
            "part, off-label. Doctors sometimes prescribe it off-label for migraine, as an add-on "
            "for hard-to-treat depression, and occasionally for nerve pain.\n")
    found = facts_of(text, "A")
    effects = {k[1] for k in found if k[0] == "hasSideEffect"}
    assert "fever" not in effects and {"nausea", "dizziness"} <= effects
    assert ("cautionIn", "liver disease") in found
    assert not {k for k in found if k[1] == "panic disorder"}
    assert ("interactsWith", "amitriptyline") in found
    assert {("usedOffLabelFor", "insomnia"), ("usedOffLabelFor", "migraine"),
            ("usedOffLabelFor", "neuropathic pain")} <= found


def test_a_paragraphs_bold_label_names_its_term_and_a_comparison_is_no_denial(lexicon_home):
    text = ("# Nefazodone\n\n## How to cope with side effects\n\n**Dry mouth** – chew sugar-free "
            "gum.\n\n## Other effects\n\nUnlike many of its relatives, nefazodone can cause "
            "headaches. Rarer but serious problems include seizures.\n")
    candidates = [c for c in propose(text, "label") if c.relation == "hasSideEffect"]
    dry = [c for c in candidates if c.object_label == "dry mouth"]
    assert dry and dry[0].quote.startswith("**Dry mouth**")
    assert text[dry[0].start:dry[0].end] == dry[0].quote
    assert {"headache", "seizure"} <= {c.object_label for c in candidates if not c.negated}


def test_stopped_breathing_is_no_withdrawal_and_a_labelled_state_lists_its_signs(lexicon_home):
    text = ("# Nefazodone\n\n## Side effects\n\nSlow or stopped breathing is the most serious "
            "risk.\n\n- **Liver problems:** nausea, dark urine.\n\nGet help if you have signs of "
            "an allergic reaction: hives, difficulty breathing.\n\nSexual side effects are common "
            "too, so a lower sex drive.\n")
    found = facts_of(text, "A")
    assert not {k for k in found if k[0] == "hasWithdrawalSymptom"}
    assert ("hasSideEffect", "liver disease") in found
    assert ("hasSideEffect", "nausea") not in found and ("hasSideEffect", "hives") not in found
    assert not {k for k in found if "common" in k[1]}


def test_warning_signs_of_addiction_and_a_sleep_sign_that_is_no_insomnia(lexicon_home):
    text = ("# Nefazodone\n\n### Is it addictive?\n\nIt can be. Possible warning signs:\n\n"
            "- needing a higher dose to get the same calming effect\n- craving your next tablet\n\n"
            "Many long-term users cannot sleep without their nightly dose, which is a sign the body "
            "has come to depend on it. That is not the same thing as addiction.\n")
    found = facts_of(text)
    signs = {k[1] for k in found if k[0] == "hasDependencySign"}
    assert {"dose escalation", "drug craving", "inability to sleep without the drug"} <= signs
    assert "insomnia" not in signs and "addiction" not in signs
    assert not {k for k in found if k[0] == "cautionIn"}


def test_lay_mechanism_and_effect_verbs(lexicon_home):
    text = ("# Nefazodone\n\n## How it works\n\nNefazodone stops nerve cells soaking back up two "
            "chemical messengers, serotonin and noradrenaline, so more of them stays around.\n\n"
            "## Side effects\n\nIt can slow your breathing and make your blood pressure drop. "
            "Over months your sex drive is lower, and it can blur your vision.\n")
    mechanisms = labels_of(text, "hasMechanism")
    assert {"serotonin reuptake inhibition", "norepinephrine reuptake inhibition",
            "serotonin level increase", "norepinephrine level increase"} <= mechanisms
    assert {"respiratory depression", "low blood pressure", "low libido",
            "blurred vision"} <= labels_of(text, "hasSideEffect")


def test_brands_with_digits_form_words_and_plain_brand_lists(lexicon_home):
    text = ("# Nefazodone extended-release tablets (Serzone, Dutonin)\n\nMany people still call it "
            "by its old brand name, NF118. The stronger tablets are sold as NF118 Forte, and a "
            "slow-release version called NZD Continus is taken twice a day. Older UK brands were "
            "Nefadar and Nefalin.\n")
    brands = labels_of(text, "brandName")
    assert {"Serzone", "Dutonin", "NF118", "NF118 Forte", "NZD Continus", "Nefadar",
            "Nefalin"} <= brands
    assert not {b for b in brands if b in ("UK", "Older", "The")}


def test_signs_in_a_dependence_section_and_aids_that_all_help(lexicon_home):
    text = ("# Nefazodone\n\n## Dependence\n\nWatch for warning signs such as taking more than the "
            "prescribed dose or running out of tablets early.\n\n- your usual dose no longer "
            "controls your anxiety as well as it did\n\n## Coming off nefazodone\n\nDrinking "
            "plenty of water and gentle walks all help during the worst days of withdrawal.\n")
    found = facts_of(text)
    assert {("hasDependencySign", "taking more than prescribed"),
            ("hasDependencySign", "running out early"), ("hasDependencySign", "tolerance"),
            ("hasWithdrawalAid", "hydration"), ("hasWithdrawalAid", "exercise")} <= found


def test_questions_state_nothing_and_signs_of_a_named_state_after_which(lexicon_home):
    text = ("# Nefazodone\n\n## Is nefazodone addictive?\n\nNo, but stopping can cause:\n\n"
            "- nausea, sometimes with vomiting\n\n**Q: Can I drink alcohol while taking it?**\n\n"
            "## Side effects\n\n- agitation, shivering and a high temperature, which together can "
            "point to serotonin syndrome\n\n## Uses\n\nIt is used off-label to ease hot flashes.\n")
    found = facts_of(text)
    assert not {k for k in found if k[0] == "hasDependencySign"}
    assert not {k for k in found if k[1] == "alcohol"}
    assert ("hasSideEffect", "agitation") not in found
    assert ("usedOffLabelFor", "hot flashes") in found
