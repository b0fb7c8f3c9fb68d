"""Tokens, normalised names and the longest-match scanner shared by every lexicon.

A name is matched as a sequence of lower-case alphanumeric tokens, so case, punctuation and
spacing never matter ("GABA-A receptor" = "gaba a receptor"); a key without spaces is kept too,
so "co-codamol" also finds "cocodamol".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Case- and accent-folded text (offsets of ``[^\\W_]+`` runs are kept when lengths match)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of ``text`` with their character offsets in ``text``.

    >>> tokens("Xanax (alprazolam)")
    [(0, 5, 'xanax'), (7, 17, 'alprazolam')]
    """
    out = []
    for m in _TOKEN.finditer(text):
        out.append((m.start(), m.end(), fold(m.group())))
    return out


def key(text: str) -> str:
    """The lookup key of a name: its folded tokens joined by single spaces.

    >>> key("  GABA-A  Receptor! ")
    'gaba a receptor'
    """
    return " ".join(fold(m.group()) for m in _TOKEN.finditer(text))


@dataclass(frozen=True)
class LexMatch:
    """A name found in a text: ``text[start:end] == surface``, naming ``entry``."""

    start: int
    end: int
    surface: str
    entry: Any


class NameIndex:
    """Names (lookup keys) → entry number, and which of them ``scan`` may report.

    One dict holds both (``number * 2 + 1`` for a scan-worthy name), plus, per first token, the
    longest name starting with it, so scanning needs no prefix table. Plain dicts pickle small
    and load fast.
    """

    def __init__(self, names: dict[str, tuple[int, bool]]) -> None:
        self.codes = {k: n * 2 + int(worthy) for k, (n, worthy) in names.items()}
        starts: dict[str, int] = {}
        for k, (_, worthy) in names.items():
            if worthy:
                parts = k.split(" ")
                starts[parts[0]] = max(starts.get(parts[0], 0), len(parts))
        self.starts = starts

    def __getstate__(self) -> tuple:
        return self.codes, self.starts

    def __setstate__(self, state: tuple) -> None:
        self.codes, self.starts = state

    def __len__(self) -> int:
        return len(self.codes)

    def get(self, name_key: str) -> int | None:
        code = self.codes.get(name_key)
        return None if code is None else code >> 1

    def find(self, text: str) -> Iterable[tuple[int, int, int]]:
        """``(start, end, entry number)`` of the longest scan-worthy names in ``text``, left to
        right, never overlapping."""
        toks = tokens(text)
        i = 0
        while i < len(toks):
            longest = self.starts.get(toks[i][2], 0)
            best = None
            phrase = ""
            for j in range(i, min(len(toks), i + longest)):
                if j > i and _breaks(text, toks[j - 1], toks[j]):
                    break  # a name never runs across a line, a list or a sentence end
                phrase = toks[j][2] if j == i else phrase + " " + toks[j][2]
                code = self.codes.get(phrase)
                if code is not None and code & 1:
                    best = (j, code >> 1)
            if best is None:
                i += 1
                continue
            j, hit = best
            yield toks[i][0], toks[j][1], hit
            i = j + 1


_HARD_BREAK = re.compile(r"[\n;:!?|()\[\]]")


def _breaks(text: str, before: tuple, after: tuple) -> bool:
    """The gap between two tokens ends a phrase: a line break, a list or clause mark, or a
    full stop after a word longer than an abbreviation ("St. John's wort" stays whole)."""
    gap = text[before[1]:after[0]]
    if _HARD_BREAK.search(gap):
        return True
    return "." in gap and before[1] - before[0] > 3


def add_name(names: dict[str, tuple[int, bool]], name_key: str, number: int, worthy: bool) -> None:
    """Record a name for entry ``number`` unless an earlier (preferred) entry has it already."""
    if name_key and name_key not in names:
        names[name_key] = (number, worthy)
