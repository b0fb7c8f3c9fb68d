"""Where the project's resources and build outputs live.

Resources (ontology, queries, corpus, statements) are found the same way from an installed wheel
(shipped under ``kg/_resources``) and from a source checkout (the top-level folders), so the code
never cares which it runs from.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_root() -> Path:
    """The folder holding ``ontology/``, ``queries/`` and ``data/``.

    ``$PHARMAKG_RESOURCES`` points the whole tool at another such folder (a fixture, a fork of
    the curated data) without reinstalling.
    """
    override = os.environ.get("PHARMAKG_RESOURCES")
    if override:
        return Path(override).expanduser().resolve()
    shipped = _PACKAGE_DIR / "_resources"
    if (shipped / "ontology").is_dir():
        return shipped
    checkout = _PACKAGE_DIR.parent
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(
        f"pharmakg resources not found under {shipped} or {checkout}; reinstall the package")


def ontology_dir() -> Path:
    return resource_root() / "ontology"


def ontology_file() -> Path:
    return ontology_dir() / "pharmakg.ttl"


def shapes_file() -> Path:
    """The SHACL shapes; a resource folder without its own shapes uses the project's."""
    own = ontology_dir() / "shapes.ttl"
    if own.is_file():
        return own
    return _PACKAGE_DIR / "_resources" / "ontology" / "shapes.ttl" \
        if (_PACKAGE_DIR / "_resources").is_dir() else _PACKAGE_DIR.parent / "ontology" / "shapes.ttl"


def queries_dir() -> Path:
    return resource_root() / "queries"


def corpus_dir() -> Path:
    return resource_root() / "data" / "corpus"


def statements_dir() -> Path:
    return resource_root() / "data" / "statements"


def home_dir() -> Path:
    """Where builds are written: ``$PHARMAKG_HOME``, else the user's cache folder."""
    configured = os.environ.get("PHARMAKG_HOME")
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "pharmakg"
