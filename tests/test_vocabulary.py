"""The curated clinical vocabulary: data tests on the shipped file and error tests on the loader.

The data tests keep the hand-edited file canonical (sorted, no duplicates) so diffs stay small,
and keep it consistent with the ontology so that a vocabulary term never renames or splits an
ontology term.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.ingest.vocabulary import (DEFAULT_PATH, KINDS, VocabularyTerm, load_vocabulary,
                                  surface_key)
from kg.sources.ontology import Ontology

#: Name parts that keep their capitals although they are not acronyms (eponyms, brand-like
#: letters). An addition here is a deliberate review decision.
PROPER_NAMES = frozenset({
    "Addison's", "Alzheimer's", "Brugada", "Dravet", "Gastaut", "Huntington's", "Lennox",
    "Lewy", "Johnson", "Parkinson's", "Raynaud's", "Stevens", "Tourette", "hERG",
})
#: An acronym-like part: capitals and digits only (QT, GABA, CYP3A4, 5-HT2A split at "-", II).
ACRONYM = re.compile(r"[A-Z0-9()]*[A-Z][A-Z0-9()]*|[0-9]+")

TERMS = load_vocabulary()


def sort_key(text: str) -> tuple[str, str]:
    """Canonical order: case-insensitive, ties broken by the exact string."""
    return (text.casefold(), text)


def folded(text: str) -> str:
    """A surface as the ingest matcher sees it: compared case-insensitively, one trailing "s"
    folded away (it treats "tremor" and "tremors" as one name)."""
    key = surface_key(text)
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


def first_offender(terms: tuple[VocabularyTerm, ...],
                   bad: Callable[[VocabularyTerm], object]) -> VocabularyTerm | None:
    """The first entry breaking a rule, so a failure names one entry to fix."""
    return next((t for t in terms if bad(t)), None)


def test_the_shipped_file_loads_with_hundreds_of_terms():
    assert DEFAULT_PATH.is_file()
    assert len(TERMS) >= 350
    assert load_vocabulary() is TERMS  # parsed once per process
    assert load_vocabulary(DEFAULT_PATH) == TERMS


def test_every_kind_is_known_and_every_kind_is_used():
    assert all(t.kinds and t.kinds <= KINDS for t in TERMS)
    assert set().union(*(t.kinds for t in TERMS)) == KINDS


def test_entries_are_sorted_by_label():
    for before, after in zip(TERMS, TERMS[1:]):
        assert sort_key(before.label) < sort_key(after.label), \
            f"entry {after.label!r} belongs before {before.label!r}"


def test_synonyms_are_sorted_unique_and_differ_from_the_label():
    offender = first_offender(TERMS, lambda t: list(t.synonyms) != sorted(
        set(t.synonyms), key=sort_key))
    assert offender is None, f"synonyms not sorted or repeated: {offender}"
    offender = first_offender(TERMS, lambda t: surface_key(t.label) in map(surface_key,
                                                                            t.synonyms))
    assert offender is None, f"a synonym repeats the label: {offender}"


def test_no_synonym_is_the_label_plus_a_plain_s():
    """The matcher folds a trailing "s" already; such a synonym is only noise."""
    offender = first_offender(TERMS, lambda t: any(
        surface_key(s) == surface_key(t.label) + "s" for s in t.synonyms))
    assert offender is None, f"redundant plain plural: {offender}"


def test_no_surface_is_shared_by_two_entries_even_after_folding_a_plural():
    owner: dict[str, str] = {}
    for term in TERMS:
        for surface in term.surfaces:
            key = folded(surface)
            assert owner.setdefault(key, term.label) == term.label, \
                f"{surface!r} of {term.label!r} clashes with entry {owner[key]!r}"


def test_surfaces_are_tidy_and_short():
    for term in TERMS:
        for surface in term.surfaces:
            assert surface == surface.strip() and "  " not in surface, repr(surface)
        for synonym in term.synonyms:
            assert 1 <= len(synonym.split()) <= 6, f"{term.label!r}: {synonym!r}"


def test_labels_are_lowercase_except_acronyms_and_proper_names():
    for term in TERMS:
        for part in re.split(r"[ \-/]", term.label):
            assert part == part.lower() or ACRONYM.fullmatch(part) or part in PROPER_NAMES, \
                f"label {term.label!r}: capitals in {part!r}"


def test_acronym_labels_are_spelt_out():
    """A label of capitals only (ADHD) hides the name; the spelt-out form is the label."""
    offender = first_offender(TERMS, lambda t: ACRONYM.fullmatch(t.label.replace(" ", "")))
    assert offender is None, f"acronym as label: {offender}"


@pytest.fixture(scope="module")
def ontology_labels() -> dict[str, set[str]]:
    """Every ontology label and altLabel (folded as the matcher folds) -> rdfs:label(s)."""
    index: dict[str, set[str]] = {}
    for term in Ontology.load().terms.values():
        if term.label is None:
            continue
        for name in (term.label, *term.alt_labels):
            index.setdefault(folded(name), set()).add(term.label)
    return index


def test_a_term_the_ontology_names_keeps_the_ontology_label(ontology_labels):
    """A vocabulary entry naming an ontology term must be that term under its rdfs:label, so
    its synonyms attach to the ontology term instead of creating a rival one."""
    for term in TERMS:
        for surface in term.surfaces:
            owners = ontology_labels.get(folded(surface), set())
            assert owners <= {term.label}, \
                f"entry {term.label!r}: {surface!r} names ontology term(s) {sorted(owners)}"


def test_the_overlap_rule_is_exercised(ontology_labels):
    """The rule above is not vacuous: some entries extend ontology terms, most are new."""
    extending = [t for t in TERMS if folded(t.label) in ontology_labels]
    assert 10 <= len(extending) < len(TERMS) // 2


# --- loader errors -------------------------------------------------------------------------

GOOD = """\
terms:
- label: low libido
  kinds: [Effect]
  synonyms: [low sex drive]
- label: muscle relaxant
  kinds: [DrugClass]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "vocabulary.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_small_file_loads_into_terms(tmp_path):
    terms = load_vocabulary(write(tmp_path, GOOD))
    assert terms == (
        VocabularyTerm("low libido", frozenset({"Effect"}), ("low sex drive",)),
        VocabularyTerm("muscle relaxant", frozenset({"DrugClass"}), ()),
    )


@pytest.mark.parametrize(("text", "entry", "line", "message"), [
    (GOOD + "- label: tremor\n  kinds: [Effect]\n  synonym: [shakiness]\n",
     "'tremor'", 9, "unknown key(s) 'synonym'"),
    (GOOD + "- label: tremor\n  kinds: [Symptom]\n",
     "'tremor'", 7, "unknown kind(s) 'Symptom'"),
    (GOOD + "- label: tremor\n  kinds: []\n",
     "'tremor'", 7, "'kinds' must be a non-empty list"),
    (GOOD + "- label: low sex drive\n  kinds: [Effect]\n",
     "'low sex drive'", 7, "already used by entry 'low libido'"),
    (GOOD + "- label: decreased libido\n  kinds: [Effect]\n  synonyms: [Low  Libido]\n",
     "'decreased libido'", 7, "'Low  Libido' is already used by entry 'low libido'"),
    (GOOD + "- label: muscle relaxant\n  kinds: [DrugClass]\n",
     "'muscle relaxant'", 7, "already used by entry 'muscle relaxant'"),
    (GOOD + "- label: tremor\n  kinds: [Effect]\n  synonyms: [shaking, Tremor]\n",
     "'tremor'", 7, "a name is repeated within the entry"),
    (GOOD + "- label: tremor\n  kinds: [Effect]\n  synonyms: [shaking, 3]\n",
     "'tremor'", 7, "3 is not a non-empty string"),
    (GOOD + "- label: tremor\n  kinds: [Effect]\n  synonyms: shaking\n",
     "'tremor'", 7, "'synonyms' must be a list"),
    (GOOD + "- label: ''\n  kinds: [Effect]\n",
     "#3", 7, "'label' must be a non-empty string"),
    (GOOD + "- kinds: [Effect]\n",
     "#3", 7, "'label' must be a non-empty string"),
    (GOOD + "- just a string\n",
     "#3", 7, "expected a mapping"),
])
def test_a_bad_entry_is_refused_naming_file_line_and_entry(tmp_path, text, entry, line,
                                                           message):
    path = write(tmp_path, text)
    with pytest.raises(KGError) as caught:
        load_vocabulary(path)
    error = caught.value
    assert error.path == str(path)
    assert error.line == line
    assert f"entry {entry}" in error.message
    assert message in error.message


@pytest.mark.parametrize("text", ["terms: {}\n", "- label: x\n  kinds: [Effect]\n",
                                  "terms: []\nextra: 1\n"])
def test_a_file_of_the_wrong_shape_is_refused(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(KGError) as caught:
        load_vocabulary(path)
    assert caught.value.path == str(path)


def test_a_yaml_syntax_error_is_a_kgerror_with_a_position(tmp_path):
    path = write(tmp_path, GOOD + "- label: [unclosed\n")
    with pytest.raises(KGError) as caught:
        load_vocabulary(path)
    # the parser notices the missing "]" at the end of the stream, on the line after it
    assert caught.value.path == str(path) and caught.value.line == 8
    assert "YAML syntax" in caught.value.message
