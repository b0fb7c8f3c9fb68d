"""The drug lexicon: ~20k drugs and ~107k names (generic, brand, synonyms) from the
``drug-named-entity-recognition`` package's dictionary (MIT), with DrugBank and MeSH ids.

The package's data file is read directly (importing the package also loads helpers that go
online for structures); the compiled form is cached by :mod:`kg.lexicons.cache`.
"""

from __future__ import annotations

import bz2
import pickle
from dataclasses import dataclass
from importlib import util as importlib_util
from pathlib import Path

from kg.lexicons.base import Lexicon, rows_of
from kg.lexicons.stoplists import NEUROTRANSMITTERS, scan_worthy
from kg.lexicons.text import NameIndex, add_name, key

DIST = "drug-named-entity-recognition"
DATA_FILE = "drug_ner_dictionary.pkl.bz2"


@dataclass(frozen=True)
class DrugEntry:
    """One drug. ``name`` is the preferred generic name in lower case; ``synonyms`` include
    brand names (also listed in ``brands``). ``mesh_classes`` are the drug's MeSH tree numbers
    (D03.633.100.079.080 = benzodiazepines), which place it in MeSH's chemical classes.

    ``kind`` tells callers what is not a drug for pharmakg although the dictionary lists it:
    ``"neurotransmitter"`` (GABA, serotonin, dopamine ...), ``"class"`` (a MeSH group such as
    "benzodiazepines" or "analgesics") and ``"target"`` (a receptor, channel or enzyme such as
    "receptors, gaba-a"); everything else is ``"drug"``.
    """

    key: str
    name: str
    synonyms: tuple[str, ...]
    drugbank: str | None
    mesh: str | None
    mesh_classes: tuple[str, ...]
    brands: tuple[str, ...] = ()
    kind: str = "drug"

    @property
    def is_drug(self) -> bool:
        return self.kind == "drug"

    @property
    def neurotransmitter(self) -> bool:
        return self.kind == "neurotransmitter"


class DrugLexicon(Lexicon[DrugEntry]):
    """Drugs by generic, brand or other name."""

    entry_type = DrugEntry


def data_path() -> Path:
    spec = importlib_util.find_spec("drug_named_entity_recognition")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("drug_named_entity_recognition is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / DATA_FILE


def compile_drugs(version: str) -> DrugLexicon:
    """Build the lexicon from the package's dictionary (deterministic: sorted throughout)."""
    with bz2.open(data_path(), "rb") as handle:
        raw = pickle.load(handle)  # the package's own shipped data file
    variants: dict[str, list[str]] = raw["drug_variant_to_canonical"]
    canon_data: dict[str, dict] = raw["drug_canonical_to_data"]
    variant_data: dict[str, dict] = raw["drug_variant_to_variant_data"]
    by_canonical: dict[str, set[str]] = {}
    for variant, canonicals in variants.items():
        for canonical in canonicals:
            by_canonical.setdefault(canonical, set()).add(variant)
    tree_numbers = sorted(t for data in canon_data.values() for t in data.get("mesh_tree") or ())
    entries: list[DrugEntry] = []
    position: dict[str, int] = {}
    for canonical in sorted(set(canon_data) | set(by_canonical)):
        data = canon_data.get(canonical, {})
        name = str(data.get("name") or canonical).lower()
        names = by_canonical.get(canonical, set()) | {canonical}
        brands = sorted(v for v in names if variant_data.get(v, {}).get("is_brand"))
        position[canonical] = len(entries)
        entries.append(DrugEntry(
            key=canonical, name=name,
            synonyms=tuple(sorted(n for n in names if n != name)),
            drugbank=data.get("drugbank_id") or None, mesh=data.get("mesh_id") or None,
            mesh_classes=tuple(sorted(data.get("mesh_tree") or ())),
            brands=tuple(brands), kind=_kind(canonical, data, tree_numbers)))
    index: dict[str, tuple[int, bool]] = {}
    # generic names first, so a name that is also another drug's synonym keeps its own drug
    pairs = {(v, c) for v, cs in variants.items() for c in cs} | {(c, c) for c in position}
    for variant, canonical in sorted(pairs, key=lambda vc: (key(vc[0]) != key(vc[1]), vc)):
        number = position[canonical]
        k = key(variant)
        add_name(index, k, number, scan_worthy(k, brand=variant in entries[number].brands))
    return DrugLexicon(rows_of(entries), NameIndex(index), version,
                       f"drug-named-entity-recognition {version}")


#: MeSH tree branches that hold groups and targets rather than substances.
_ACTIONS = "D27."     # Chemical Actions and Uses: "analgesics", "antidepressive agents"
_TARGETS = ("D12.776.", "D08.")  # proteins (receptors, channels) and enzymes


def _kind(canonical: str, data: dict, tree_numbers: list[str]) -> str:
    """``drug``, ``neurotransmitter``, ``class`` or ``target`` (see :class:`DrugEntry`).

    Only entries without a DrugBank or MedlinePlus record can be a class or a target: those ids
    mark a marketed or studied substance, whatever MeSH says.
    """
    if canonical in NEUROTRANSMITTERS:
        return "neurotransmitter"
    trees = data.get("mesh_tree") or ()
    if data.get("drugbank_id") or data.get("medline_plus_id") or not trees:
        return "drug"
    if all(t.startswith(_ACTIONS) for t in trees) or any(_has_narrower(t, tree_numbers)
                                                          for t in trees):
        return "class"
    if all(t.startswith(_TARGETS) for t in trees):
        return "target"
    return "drug"


def _has_narrower(tree: str, tree_numbers: list[str]) -> bool:
    """Whether another MeSH entry sits below ``tree`` (so ``tree`` names a group)."""
    from bisect import bisect_left

    i = bisect_left(tree_numbers, tree + ".")
    return i < len(tree_numbers) and tree_numbers[i].startswith(tree + ".")
