"""Reading curated files: YAML that remembers line numbers, and strictly decoded text.

Curated files are edited by hand; every complaint about them must say which line to fix. They
are also input from outside, so reading is bounded: a size limit, no anchors or aliases (a
"billion laughs" file expands exponentially; curated files never need them), no tags (no
``!!python/object``, no ``!!binary``), a nesting limit checked *before* objects are built, text
keys only, no control characters, numbers of bounded length. Every refusal is a
:class:`KGError` naming file, line and column.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError

#: Largest curated YAML file read (the biggest shipped one is ~25 kB).
MAX_YAML_BYTES = 1 << 20
#: Deepest nesting of mappings and sequences (statements need 4).
MAX_DEPTH = 32
#: Longest number literal (digits, sign, point, exponent) a curated file may hold.
MAX_NUMBER_CHARS = 40
#: Control characters and lone surrogates: never part of curated text (tab, LF, CR are).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_MERGE_TAG = "tag:yaml.org,2002:merge"


class LineDict(dict):
    """A mapping that knows the line it starts on and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):
    """A sequence that knows the line it starts on and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


def _where(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``data``."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    line_start = data.rfind(newline, 0, offset) + 1
    head = data[line_start:offset]
    column = len(head.decode("utf-8", "replace") if isinstance(head, bytes) else head) + 1
    return data.count(newline, 0, offset) + 1, column


def read_utf8(path: Path, *, max_bytes: int, what: str = "file") -> str:
    """The text of ``path``: at most ``max_bytes``, valid UTF-8, no control characters (other
    than tab and line ends) — else a :class:`KGError` at the offending line and column."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise KGError(f"{what} is {size} bytes, more than the {max_bytes} allowed", path=path)
        data = path.read_bytes()
    except OSError as exc:
        raise KGError(f"cannot read {what}: {exc.strerror or exc}", path=path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _where(data, exc.start)
        raise KGError(f"{what} is not valid UTF-8 (byte 0x{data[exc.start]:02x})", path=path,
                      line=line, column=column) from None
    bad = CONTROL.search(text)
    if bad:
        line, column = _where(text, bad.start())
        raise KGError(f"{what} contains the control character U+{ord(bad.group()):04X}",
                      path=path, line=line, column=column)
    return text


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_QUOTED = re.compile(r"'(?:[^'\\]|\\.){60,}'|\"(?:[^\"\\]|\\.){60,}\"")


def bounded(message: str, limit: int = 500) -> str:
    """``message`` with every quoted value over 60 characters shortened, and at most ``limit``
    characters: a complaint about a 3,000-character name must not be 3,000 characters long."""
    message = _QUOTED.sub(lambda m: m.group()[:50] + "..." + m.group()[-1], message)
    return message if len(message) <= limit else message[:limit - 3] + "..."


class _LineLoader(yaml.SafeLoader):
    """SafeLoader with line-aware mappings and sequences and the limits above."""

    depth = 0

    def _refuse(self, message: str, mark: yaml.Mark | None) -> KGError:
        return KGError(message, path=self.name, line=mark.line + 1 if mark else None,
                       column=mark.column + 1 if mark else None)

    def compose_node(self, parent: Any, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise self._refuse("YAML anchors and aliases (&name, *name) are not allowed in "
                               "curated files", event.start_mark)
        if getattr(event, "tag", None) is not None:
            raise self._refuse(f"YAML tags ({event.tag}) are not allowed in curated files",
                               event.start_mark)
        opens = isinstance(event, yaml.CollectionStartEvent)
        if opens:
            if self.depth >= MAX_DEPTH:
                raise self._refuse(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            if opens:
                self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Any value the YAML library cannot turn into an object (``2020-13-45``, a number too
        long for ``int``) is refused at its place instead of escaping as a Python error."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise self._refuse(f"cannot read the value {_short(node.value)}: {exc}",
                               node.start_mark) from None


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            raise loader._refuse("merge keys (<<) are not allowed in curated files",
                                 key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise loader._refuse(f"a key must be text, got {_short(key)}", key_node.start_mark)
        if key in mapping:
            raise loader._refuse(f"duplicate key {_short(key)}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    sequence = LineList(loader.construct_object(child, deep=True) for child in node.value)
    sequence.line = node.start_mark.line + 1
    sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
    return sequence


def _construct_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    """Text without control characters or lone surrogates, which escapes such as ``"\\0"`` or
    ``"\\ud800"`` in a double-quoted string would otherwise smuggle past the file check."""
    value = loader.construct_scalar(node)
    bad = CONTROL.search(value)
    if bad:
        raise loader._refuse(f"text contains the control character or lone surrogate "
                             f"U+{ord(bad.group()):04X}", node.start_mark)
    return value


def _bounded(construct: Any) -> Any:
    def read_number(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
        if len(node.value) > MAX_NUMBER_CHARS:
            raise loader._refuse(f"number {_short(node.value)} is longer than "
                                 f"{MAX_NUMBER_CHARS} characters", node.start_mark)
        return construct(loader, node)
    return read_number


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
                            _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_text)
for _tag, _construct in (("int", yaml.SafeLoader.construct_yaml_int),
                         ("float", yaml.SafeLoader.construct_yaml_float)):
    _LineLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _bounded(_construct))


def load_yaml(path: Path) -> Any:
    """Parse ``path``; a syntax error or a refused feature becomes a :class:`KGError` with its
    line and column."""
    text = read_utf8(path, max_bytes=MAX_YAML_BYTES, what="YAML file")
    loader = None
    try:
        loader = _LineLoader(text)  # the reader checks the characters here already
        loader.name = str(path)
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise KGError(f"YAML syntax: {exc.problem or exc.context}", path=path,
                      line=mark.line + 1 if mark else None,
                      column=mark.column + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:
        line, column = _where(text, exc.position)
        raise KGError(f"YAML: the character U+{exc.character:04X} is not allowed"
                      if isinstance(exc.character, int) else f"YAML: {exc.reason}",
                      path=path, line=line, column=column) from None
    except yaml.YAMLError as exc:  # anything else the parser refuses, without a mark
        raise KGError(f"YAML: {exc}", path=path) from None
    finally:
        if loader is not None:
            loader.dispose()
