"""User-facing errors: a message that names the problem and where it is.

The CLI turns these into a one-line report and exit status 2 instead of a traceback, because a
curator's typo in a statement file is a user mistake, not a bug.
"""

from __future__ import annotations

from pathlib import Path


class KGError(Exception):
    """A problem in the user's input, reported without a traceback."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        super().__init__(self.describe())

    def location(self) -> str:
        """``file:line:column`` as far as known, for editors that jump to it."""
        parts = [p for p in (self.path, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def describe(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class KGErrors(KGError):
    """Several problems found in one pass, so a curator fixes them all at once."""

    def __init__(self, errors: list[KGError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s)")

    def describe(self) -> str:
        return "\n".join(e.describe() for e in self.errors)
