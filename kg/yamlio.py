"""YAML reading that remembers line numbers and refuses duplicate keys.

Curated files are edited by hand; every complaint about them must say which line to fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError


class LineDict(dict):
    """A mapping that knows the line it starts on and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are :class:`LineDict` and that rejects duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise KGError(f"duplicate key {key!r}", path=loader.name,
                          line=key_node.start_mark.line + 1)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    """Parse ``path``; a syntax error becomes a :class:`KGError` with its line and column."""
    text = path.read_text(encoding="utf-8")
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise KGError(f"YAML syntax: {exc.problem or exc.context}", path=path,
                      line=mark.line + 1 if mark else None,
                      column=mark.column + 1 if mark else None) from None
    finally:
        loader.dispose()
