"""The condition lexicon: ICD-10-CM (the April 2026 release the ``simple-icd-10-cm`` package
ships) — every category and subcategory with its description and inclusion terms.

Several codes can share a description ("Other specified ..."); a name resolves to the least
specific code carrying it (the category before its subcategories), then the lowest code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.lexicons.stoplists import scan_worthy
from kg.lexicons.base import Lexicon, rows_of
from kg.lexicons.text import NameIndex, add_name, key

DIST = "simple-icd-10-cm"
#: Chapter 20 (V00-Y99, external causes: "Pedestrian injured in collision with ...") and the
#: 7th-character extensions (encounter, sequela) never name what a drug page talks about; left
#: out, they halve the lexicon.
EXTERNAL_CAUSES = frozenset("VWXY")
_NOS = re.compile(r",?\s+NOS$")
#: A description's trailing qualifiers that pages never write: "Myasthenia gravis without
#: (acute) exacerbation", "Panic disorder [episodic paroxysmal anxiety]", "Heart disease,
#: unspecified". The name without them is a further name of the code (ranked after the real
#: descriptions and inclusion terms, so a code named exactly so keeps it). Qualifiers that
#: narrow the meaning ("Major depressive disorder, recurrent") are kept: the bare name would
#: point at the narrower code.
_QUALIFIER = re.compile(r"(?:,?\s+(?:without|not elsewhere classified)\b.*|,\s*unspecified$|"
                        r"\s*\[[^\]]*\])$", re.IGNORECASE)
#: Descriptions too generic to be reported by ``scan`` on their own.
_VAGUE = re.compile(r"^(other|unspecified|other specified)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ConditionEntry:
    """One ICD-10-CM code (with its dot, ``F41.1``), description, inclusion terms and parent."""

    code: str
    label: str
    synonyms: tuple[str, ...] = ()
    parent: str | None = None


class ConditionLexicon(Lexicon[ConditionEntry]):
    """ICD-10-CM codes by description or inclusion term."""

    entry_type = ConditionEntry


def compile_conditions(version: str) -> ConditionLexicon:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import simple_icd_10_cm as icd
    entries: dict[str, ConditionEntry] = {}
    for code in icd.get_all_codes(with_dots=True):
        if (not icd.is_category_or_subcategory(code) or icd.is_extended_subcategory(code)
                or code[0] in EXTERNAL_CAUSES):
            continue
        terms = [_NOS.sub("", t) for t in icd.get_inclusion_term(code)]
        parent = icd.get_parent(code) or None
        entries[code] = ConditionEntry(code, icd.get_description(code),
                                       tuple(dict.fromkeys(t for t in terms if t)),
                                       parent if parent and icd.is_category_or_subcategory(parent)
                                       else None)
    codes = sorted(entries)
    position = {c: n for n, c in enumerate(codes)}
    ranked = []
    for code, entry in entries.items():
        ranked.append((0, len(code), code, entry.label))
        ranked.extend((1, len(code), code, t) for t in entry.synonyms)
        short = _QUALIFIER.sub("", entry.label).strip(" ,")
        if short and short != entry.label and len(short.split()) >= 2:
            ranked.append((2, len(code), code, short))
    index: dict[str, tuple[int, bool]] = {}
    for _, _, code, text in sorted(ranked):
        k = key(text)
        add_name(index, k, position[code], not _VAGUE.match(text) and scan_worthy(k, brand=False))
    release = "ICD-10-CM " + _release_name(icd)
    return ConditionLexicon(rows_of([entries[c] for c in codes]), NameIndex(index), version,
                            release)


def _release_name(icd_module) -> str:
    """The release of the shipped code list ("April 2026"), read from its data file name."""
    from importlib import resources

    for item in resources.files(icd_module.__name__ + ".data").iterdir():
        m = re.match(r"code-list-(\w+)-(\d{4})\.txt$", item.name)
        if m:
            return f"{m.group(1)} {m.group(2)}"
    return "(release unknown)"
