"""pharmakg: a knowledge graph of drug information where every fact keeps its source sentence.

``from kg import KnowledgeGraph`` is the Python entry point (:mod:`kg.api`); it is imported on
first use so that ``import kg`` (and the ``kg`` command) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "__version__"]

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph


def __getattr__(name: str):
    if name == "KnowledgeGraph":
        from kg.api import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
