"""pharmakg: a knowledge graph of drug information where every fact keeps its source sentence."""

from __future__ import annotations

__version__ = "0.1.0"
