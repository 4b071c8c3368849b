"""Typed, located reading of YAML (front matter, themes): safe, strict and schema-driven.

PyYAML's safe composer gives nodes with positions; this module turns them into Python values
following a small schema, so that values keep the type the schema says (a title ``NO`` stays
the string ``"NO"``), duplicate and unknown keys are errors, and every error names the line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import Collector, ReportError
from ..model import Location

Converter = Callable[[yaml.Node, "Context"], Any]


@dataclass(frozen=True)
class Context:
    """Where the YAML text sits: its file and the file line of the text's first line."""

    path: Path
    line_offset: int = 0

    def at(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1 + self.line_offset, mark.column + 1)


#: the most YAML text read, in characters: front matter and themes take a few thousand, and
#: PyYAML reads about a megabyte a second
MAX_TEXT = 64 * 1024
#: lists and mappings nested deeper than this are located when Python's stack runs out
_DEEP = 50
_OPENS = (yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken, yaml.FlowSequenceStartToken,
          yaml.FlowMappingStartToken)
_CLOSES = (yaml.BlockEndToken, yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)


class _Loader(yaml.SafeLoader):
    """The safe loader without aliases: ``*name`` repeats the node anchored as ``&name``, and a
    few lines of them nested ("billion laughs") stand for gigabytes of text."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not accepted: write the "
                                              "value out", self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _nested(tokens):
    """Each of a scanner's ``tokens`` with the depth of lists and mappings it leaves open."""
    depth = 0
    for token in tokens:
        depth += isinstance(token, _OPENS) - isinstance(token, _CLOSES)
        yield token, depth


def _too_deep(text: str, ctx: Context) -> Location:
    """Where the nesting of ``text`` first goes deeper than :data:`_DEEP` levels (by PyYAML's
    scanner, which keeps no stack)."""
    try:
        for token, depth in _nested(yaml.scan(text, Loader=yaml.SafeLoader)):
            if depth > _DEEP:
                mark = token.start_mark
                return Location(ctx.path, mark.line + 1 + ctx.line_offset, mark.column + 1)
    except yaml.YAMLError:
        pass
    return Location(ctx.path, ctx.line_offset + 1)


#: what :func:`_compose_in_c` returns for text it leaves to the Python loader
_DECLINED = object()


def _compose_in_c(text: str):
    """The node tree of ``text`` as libyaml (PyYAML's C parser, with the same safe resolver)
    composes it, in about a tenth of the Python loader's time (5 ms a front matter: a batch
    reads one an edition); or :data:`_DECLINED` when there is no libyaml, or ``text`` holds an
    alias, nests deeper than :data:`_DEEP` or does not parse. The Python loader then composes
    it, refusing and locating what is wrong exactly as it always has."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:  # pragma: no cover - PyYAML's wheels ship libyaml
        return _DECLINED
    try:
        for token, depth in _nested(yaml.scan(text, Loader=loader)):
            if isinstance(token, yaml.AliasToken) or depth > _DEEP:
                return _DECLINED
        node = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return _DECLINED
    _plain_as_python(node)
    return node


def _plain_as_python(node) -> None:
    """libyaml marks a plain scalar's style "", the Python loader None (which tells a plain
    ``null`` from a quoted one, see :func:`_scalar`): made None, so the trees are the same."""
    if isinstance(node, yaml.ScalarNode):
        if node.style == "":
            node.style = None
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _plain_as_python(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _plain_as_python(key)
            _plain_as_python(value)


def compose(text: str, ctx: Context, *, ends: bool = False) -> yaml.Node | None:
    """Parse YAML text into a node tree with the safe loader (no tags run, no objects built),
    refusing aliases, text longer than :data:`MAX_TEXT` and nesting Python cannot follow.
    With ``ends``, the Python loader's end marks of lists and mappings (libyaml ends a block
    at the next line's start, the Python loader at its last character: the same start marks,
    scalars and structure)."""
    if len(text) > MAX_TEXT:
        raise ReportError(
            f"YAML of {len(text):,} characters; at most {MAX_TEXT:,} are read (front matter "
            "and themes are short: long text belongs in the body)",
            Location(ctx.path, ctx.line_offset + 1),
        )
    fast = _DECLINED if ends else _compose_in_c(text)
    if fast is not _DECLINED:
        return fast
    try:
        return yaml.compose(text, Loader=_Loader)
    except RecursionError:
        raise ReportError("lists or mappings nested too deeply", _too_deep(text, ctx)) from None
    except yaml.MarkedYAMLError as error:
        # "while scanning a quoted scalar" marks where the trouble began (an unclosed quote);
        # the problem mark is often only where the parser gave up (the end of the text)
        mark = error.context_mark or error.problem_mark
        line = mark.line + 1 + ctx.line_offset if mark else 0
        column = mark.column + 1 if mark else 0
        problem = error.problem or "invalid YAML"
        if error.context:
            problem += f" {error.context}"
        raise ReportError(f"invalid YAML: {problem}", Location(ctx.path, line, column)) from None
    except yaml.YAMLError as error:  # pragma: no cover - reader errors without marks
        raise ReportError(f"invalid YAML: {error}", Location(ctx.path, ctx.line_offset + 1)) from None


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"{node.value!r}"


def _scalar(node: yaml.Node, ctx: Context, expected: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise ReportError(f"expected {expected}, found {_kind(node)}", ctx.at(node))
    if node.tag == "tag:yaml.org,2002:null" and node.style is None and node.value in ("", "~", "null"):
        raise ReportError(f"expected {expected}, found nothing", ctx.at(node))
    return node.value


#: the longest text value, in characters (a long disclaimer takes about a thousand)
MAX_VALUE = 4000


def text(node: yaml.Node, ctx: Context) -> str:
    """Any scalar, kept as the string written (so ``NO`` and ``1.10`` stay text)."""
    value = _scalar(node, ctx, "text").strip()
    if len(value) > MAX_VALUE:
        raise ReportError(f"text of {len(value):,} characters; at most {MAX_VALUE:,} (long text belongs "
                          "in the body)", ctx.at(node))
    return value


def text_up_to(most: int) -> Converter:
    """Text of at most ``most`` characters (a field that a file format or a layout bounds)."""

    def convert(node: yaml.Node, ctx: Context) -> str:
        value = text(node, ctx)
        if len(value) > most:
            raise ReportError(f"expected text of at most {most:,} characters, found {len(value):,}",
                              ctx.at(node))
        return value

    return convert


def boolean(node: yaml.Node, ctx: Context) -> bool:
    value = _scalar(node, ctx, "true or false").strip().lower()
    if value in ("true", "yes", "on"):
        return True
    if value in ("false", "no", "off"):
        return False
    raise ReportError(f"expected true or false, found {node.value!r}", ctx.at(node))


def integer(node: yaml.Node, ctx: Context) -> int:
    value = _scalar(node, ctx, "a whole number").strip()
    if not re.fullmatch(r"[+-]?\d+", value):
        raise ReportError(f"expected a whole number, found {value!r}", ctx.at(node))
    return int(value)


def date(node: yaml.Node, ctx: Context) -> dt.date:
    value = _scalar(node, ctx, "a date (YYYY-MM-DD)").strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ReportError(f"expected a date as YYYY-MM-DD, found {value!r}", ctx.at(node)) from None


def one_of(*choices: str, fold: bool = True) -> Converter:
    """A scalar that must be one of ``choices`` (case-insensitive by default)."""

    def convert(node: yaml.Node, ctx: Context) -> str:
        value = _scalar(node, ctx, "one of " + ", ".join(choices)).strip()
        for choice in choices:
            if value == choice or (fold and value.lower() == choice.lower()):
                return choice
        raise ReportError(f"expected one of {', '.join(choices)}, found {value!r}", ctx.at(node))

    return convert


def list_of(item: Converter, *, allow_scalar: bool = False) -> Converter:
    """A YAML list whose items each pass ``item``; a lone scalar counts as a list of one if allowed."""

    def convert(node: yaml.Node, ctx: Context) -> tuple:
        if allow_scalar and isinstance(node, yaml.ScalarNode):
            return tuple(part.strip() for part in text(node, ctx).split(",") if part.strip())
        if not isinstance(node, yaml.SequenceNode):
            raise ReportError(f"expected a list, found {_kind(node)}", ctx.at(node))
        collector = Collector()
        values = []
        for child in node.value:
            with collector.guard():
                values.append(item(child, ctx))
        collector.check()
        return tuple(values)

    return convert


def mapping(schema: Mapping[str, Converter], *, required: tuple[str, ...] = (),
            extra: Converter | None = None) -> Converter:
    """A YAML mapping with known keys (``schema``); other keys are errors unless ``extra`` is set."""

    def convert(node: yaml.Node, ctx: Context) -> dict[str, Any]:
        return read_mapping(node, ctx, schema, required=required, extra=extra)

    return convert


def read_mapping(node: yaml.Node | None, ctx: Context, schema: Mapping[str, Converter], *,
                 required: tuple[str, ...] = (), extra: Converter | None = None,
                 what: str = "") -> dict[str, Any]:
    """Read a mapping node, collecting every problem (duplicates, unknown keys, bad values)."""
    if node is None:  # an empty document: every required key is missing, reported at its start
        start = yaml.Mark("", 0, 0, 0, None, None)
        node = yaml.MappingNode("tag:yaml.org,2002:map", [], start, start)
    if not isinstance(node, yaml.MappingNode):
        raise ReportError(f"expected a mapping of keys to values, found {_kind(node)}", ctx.at(node))
    collector = Collector()
    seen: dict[str, yaml.Node] = {}
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            collector.add("expected a key name, found " + _kind(key_node), ctx.at(key_node))
            continue
        key = key_node.value
        if key in seen:
            first = ctx.at(seen[key])
            collector.add(f"duplicate key {key!r} (first given on line {first.line})", ctx.at(key_node))
            continue
        seen[key] = key_node
        converter = schema.get(key, extra)
        if converter is None:
            known = ", ".join(sorted(schema))
            collector.add(f"unknown key {key!r}; expected one of: {known}", ctx.at(key_node))
            continue
        with collector.guard():
            result[key] = converter(value_node, ctx)
    for key in required:
        if key not in seen:
            where = f" in {what}" if what else ""
            collector.add(f"missing required key {key!r}{where}", ctx.at(node))
    collector.check()
    return result
