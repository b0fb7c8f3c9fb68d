"""Who is reviewing: a real name, never a placeholder."""

from __future__ import annotations

import os
import subprocess

from kg.errors import KGError


def reviewer_name(given: str | None = None) -> str:
    """``--reviewer``, else ``git config user.name``, else ``$USER``; a KGError if none is known,
    because a statement attributed to "unknown" would be a false record."""
    if given is not None:
        if not given.strip():
            raise KGError("--reviewer must be a name, not empty")
        return given.strip()
    try:
        answer = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True,
                                timeout=5, check=False)
        if answer.returncode == 0 and answer.stdout.strip():
            return answer.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    user = os.environ.get("USER", "").strip()
    if user:
        return user
    raise KGError("who is reviewing? give --reviewer NAME (no git user.name or $USER found)")
