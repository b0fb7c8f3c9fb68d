"""What the three lexicons share: rows of plain tuples, a name index, match and scan.

Entries are kept as plain tuples and turned into their dataclass on access: a cache of tuples
unpickles several times faster than one of objects, which keeps warm loading quick.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from kg.lexicons.text import LexMatch, NameIndex, key

E = TypeVar("E")


class Lexicon(Generic[E]):
    """Entries by number, found by name (:meth:`match`) or in running text (:meth:`scan`)."""

    entry_type: ClassVar[type]

    def __init__(self, rows: list[tuple], index: NameIndex, version: str, release: str) -> None:
        self.rows = rows
        self.index = index
        self.version = version  # of the source package
        self.release = release  # of the source data
        self._by_id: dict[str, int] | None = None
        self._compact: dict[str, int] | None = None

    def __getstate__(self) -> tuple:
        return self.rows, self.index, self.version, self.release

    def __setstate__(self, state: tuple) -> None:
        self.rows, self.index, self.version, self.release = state
        self._by_id = self._compact = None

    def __len__(self) -> int:
        return len(self.rows)

    def entry(self, number: int) -> E:
        return self.entry_type(*self.rows[number])

    def get(self, ident: str) -> E | None:
        """The entry with this id (its first field: HPO id, ICD code, drug key)."""
        if self._by_id is None:
            self._by_id = {row[0]: n for n, row in enumerate(self.rows)}
        number = self._by_id.get(ident)
        return None if number is None else self.entry(number)

    def match(self, name: str) -> E | None:
        """The entry ``name`` names, ignoring case, punctuation and spacing
        ("co-codamol" = "cocodamol"); None if none does."""
        k = key(name)
        number = self.index.get(k)
        if number is None and k:
            if self._compact is None:  # built on the first miss only
                compact: dict[str, int] = {}
                for name_key in self.index.codes:
                    compact.setdefault(name_key.replace(" ", ""), self.index.get(name_key))
                self._compact = compact
            number = self._compact.get(k.replace(" ", ""))
        return None if number is None else self.entry(number)

    def scan(self, text: str) -> list[LexMatch]:
        """Names in ``text``: longest non-overlapping matches, everyday words left out."""
        return [LexMatch(s, e, text[s:e], self.entry(n)) for s, e, n in self.index.find(text)]

    def entries(self) -> list[E]:
        return [self.entry(n) for n in range(len(self.rows))]


def rows_of(entries: list[Any]) -> list[tuple]:
    """Dataclass entries as plain tuples (field order), for the compiled form."""
    from dataclasses import astuple

    return [astuple(e) for e in entries]
