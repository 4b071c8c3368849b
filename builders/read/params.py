"""Parameterised reports: ``params:`` in the front matter, ``{{ params.NAME }}`` in the text.

A source whose front matter declares ``params:`` (names with default values) is a template.
Each line holding ``{{``, ``{%`` or ``{#`` (but the ``params:`` and ``matrix:`` entries
themselves) is rendered by Jinja2's SandboxedEnvironment, one line at a time so that every
line keeps its number and an error names its line. A line may hold only what a report needs:
``{{ params.NAME }}`` (or ``params['NAME']``), text constants, ``~``, the text filters below,
comparisons and ``{% if %}`` … ``{% endif %}``; any other construct (a call, a loop, an
attribute other than a declared parameter, arithmetic, ``{% include %}``) is refused where it
stands, before anything is evaluated, so a template can neither reach Python's objects or
files nor make text gigabytes long or run without end. The environment has no loader and no
globals besides. A parameter's value is data: it is never rendered itself (``{{ ''.__class__
}}`` given as a value prints literally), and it is escaped where it lands, so it cannot become
Markdown, a directive or YAML: in running text its punctuation is backslash-escaped, in the
front matter it must stand inside a double-quoted YAML string and is escaped for it, and in a
directive's option or argument (plain text) it is put as it is.

``matrix:`` lists values of parameters; each combination is an edition of its own
(:func:`builders.read.editions.editions`).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import Collector, ReportError
from ..model import Location
from . import limits
from . import yamlschema as ys

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: what marks a line as a template line
_MARKS = ("{{", "{%", "{#")
#: the filters a template may use: none of them makes text longer than its input several times
FILTERS = ("capitalize", "default", "lower", "string", "title", "trim", "upper")


def check_value(value: str, location: Location) -> str:
    if "\n" in value or "\r" in value:
        raise ReportError("a parameter value must be one line of text", location)
    if len(value) > limits.MAX_FIELD:
        raise ReportError(f"a parameter value takes at most {limits.MAX_FIELD} characters, found "
                          f"{len(value):,}", location)
    return value


def _value(node: yaml.Node, ctx: ys.Context) -> str:
    return check_value(ys.text(node, ctx), ctx.at(node))


def _names(node: yaml.Node, ctx: ys.Context) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and not _NAME.fullmatch(key.value):
                raise ReportError(f"parameter name {key.value!r}: expected letters, digits and '_', "
                                  "starting with a letter", ctx.at(key))


def read_params(node: yaml.Node, ctx: ys.Context) -> dict[str, str]:
    """``params:``: a mapping of parameter names to default values."""
    _names(node, ctx)
    return ys.read_mapping(node, ctx, {}, extra=_value)


def read_matrix(node: yaml.Node, ctx: ys.Context) -> dict[str, tuple[str, ...]]:
    """``matrix:``: a mapping of parameter names to the lists of values to build."""
    _names(node, ctx)
    values = ys.read_mapping(node, ctx, {}, extra=ys.list_of(_value))
    for key, value_node in node.value if isinstance(node, yaml.MappingNode) else ():
        if not values.get(key.value, True):
            raise ReportError(f"matrix: {key.value} lists no values", ctx.at(value_node))
    return values


@dataclass
class Declared:
    """What a source's front matter declares: defaults, a matrix and where they are written."""

    path: Path
    defaults: dict[str, str] = field(default_factory=dict)
    matrix: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: 0-based file lines of the ``params:`` and ``matrix:`` entries (not rendered)
    skip: set[int] = field(default_factory=set)
    #: where each key was written
    where: dict[str, Location] = field(default_factory=dict)

    def combinations(self) -> list[tuple[tuple[str, str], ...]]:
        """Every combination of the matrix's values, in the order written."""
        names = list(self.matrix)
        return [tuple(zip(names, values)) for values in itertools.product(*(self.matrix[n] for n in names))]


def _front_matter(text: str) -> tuple[str, int] | None:
    """The front matter's text and the number of its closing line (0-based). Only the file's
    start is looked at: a front matter is at most ys.MAX_TEXT long (and the reader says so)."""
    lines = text[: ys.MAX_TEXT + 2].split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index, line in enumerate(lines[1:-1], start=1):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1:index]), index
    return None


def read_declared(path: Path, text: str) -> Declared | None:
    """What ``text``'s front matter declares (None without ``params:``); problems are errors."""
    found = _front_matter(text)
    if found is None or not re.search(r"^(params|matrix)\s*:", found[0], re.M):
        return None
    ctx = ys.Context(path, line_offset=1)
    node = ys.compose(found[0], ctx, ends=True)  # (the lines the declarations span: their end marks)
    if not isinstance(node, yaml.MappingNode):
        return None
    declared = Declared(path)
    collector = Collector()
    entries = {key.value: (key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)}
    for name, (key, value) in entries.items():
        if name not in ("params", "matrix"):
            continue
        declared.where[name] = ctx.at(key)
        declared.skip.update(range(key.start_mark.line + 1, value.end_mark.line + 2))
        with collector.guard():
            if name == "params":
                declared.defaults = read_params(value, ctx)
            else:
                declared.matrix = read_matrix(value, ctx)
    collector.check()
    if declared.matrix and "params" not in entries:
        raise ReportError("matrix: needs params: with a default for each parameter it lists",
                          declared.where["matrix"])
    for name in declared.matrix:
        if name not in declared.defaults:
            raise ReportError(f"matrix: {name} is not among params: ({', '.join(declared.defaults)})",
                              declared.where["matrix"])
    return declared if "params" in entries else None


def declared(path: Path) -> Declared | None:
    """What a source's front matter declares, or None (also when it cannot be read: the build
    reports why, with its location)."""
    try:
        with path.open("rb") as handle:  # the front matter is at the top: the rest is not read
            text = handle.read(4 * (ys.MAX_TEXT + 8)).decode("utf-8-sig", errors="replace")
        return read_declared(path, text)
    except (OSError, UnicodeDecodeError, ReportError):
        return None


#: the most editions one source's matrix may make (each is a brief and a deck)
MAX_EDITIONS = 100

#: the template constructs a report line may use (Jinja2 node types)
_ALLOWED = ("Template", "Output", "TemplateData", "Name", "Getattr", "Getitem", "Const", "Filter", "If",
            "Compare", "Operand", "Not", "And", "Or", "CondExpr", "Concat")
#: ASCII punctuation, each of which CommonMark lets a backslash make literal
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: a directive's fence line or one of its ``:option:`` lines: plain text, never Markdown
_PLAIN_LINE = re.compile(r"^\s*(?::{3,}|:[A-Za-z][\w-]*:)")


#: how a refused construct is named in a message
_CALLED = {"Call": "a call", "For": "a loop", "Macro": "a macro", "Include": "{% include %}",
           "Import": "an import",
           "FromImport": "an import", "Extends": "{% extends %}", "Assign": "{% set %}",
           "Mul": "the operator *",
           "Pow": "the operator **", "Mod": "the operator %", "Div": "the operator /",
           "FloorDiv": "the operator //",
           "Add": "the operator +", "Sub": "the operator -", "Slice": "a slice", "List": "a list",
           "Dict": "a dict",
           "Tuple": "a tuple"}


def _refused(template, names: set[str]) -> str | None:
    """What in a parsed template line is not allowed (named for a message), or None."""
    from jinja2 import nodes

    for node in template.find_all(nodes.Node):
        kind = type(node).__name__
        if kind not in _ALLOWED:
            return f"{_CALLED.get(kind, kind)} is not available in a report"
        if isinstance(node, nodes.Name) and node.name != "params":
            return f"the name {node.name!r} is unknown (only params.NAME is)"
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            key = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
            if not (isinstance(node.node, nodes.Name) and node.node.name == "params" and key in names):
                return f"{key!r} is not a declared parameter (params: declares {', '.join(sorted(names))})"
        if isinstance(node, nodes.Filter) and (node.name not in FILTERS or node.dyn_args or node.dyn_kwargs):
            return f"the filter {node.name!r} is not available in a report"
        if isinstance(node, nodes.Const) and isinstance(node.value,
                                                        str) and len(node.value) > limits.MAX_FIELD:
            return f"a text constant over {limits.MAX_FIELD} characters is not available in a report"
    return None


def markdown_text(value: object) -> str:
    """A value in running text: Markdown punctuation escaped, so it prints as it is."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", str(value))


def yaml_quoted(value: object) -> str:
    """A value inside a double-quoted YAML string."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"')


@functools.lru_cache(maxsize=8)
def _declared_once(path: Path, text: str) -> Declared | None:
    """:func:`read_declared`, once per template text in a process: the editions of a batch
    render the same source (the result is only read)."""
    return read_declared(path, text)


@functools.lru_cache(maxsize=2048)
def _compiled(kind: str, line: str, names: frozenset[str]):
    """A template line parsed and checked (what in it is refused, else None) and compiled, once
    per line in a process (the editions of a batch render the same lines with other values);
    the tree checked is the one compiled, never parsed again."""
    env = _environments()[kind]
    tree = env.parse(line)
    refused = _refused(tree, set(names))
    return refused, None if refused is not None else env.from_string(tree)


@functools.cache
def _environments() -> dict:
    """The sandboxed environment of each kind of line: front matter, running text, plain text."""
    return {kind: _environment(finalize) for kind, finalize in
            (("yaml", yaml_quoted), ("markdown", markdown_text), ("plain", str))}


def _environment(finalize):
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                                        keep_trailing_newline=False,
                                        finalize=finalize)
    env.globals.clear()
    env.filters = {name: env.filters[name] for name in FILTERS}
    return env


def _outside_quotes(line: str) -> bool:
    """Whether a ``{{`` of a front matter line stands outside a double-quoted YAML string."""
    for match in re.finditer(r"\{\{", line):
        before = re.sub(r'\\.', "", line[: match.start()])
        if before.count('"') % 2 == 0:
            return True
    return False


#: brackets and "not"s inside one another in one template expression: Jinja parses and Python
#: compiles them recursively, and 3,000 of them exhausted the stack
MAX_DEPTH = 50
_NOT = re.compile(r"\bnot\b")


def _depth(line: str) -> int:
    """How deep the brackets of a line nest, or how many "not"s it holds, whichever is more
    (a line under the limit by both cannot nest past it)."""
    depth = most = 0
    for char in line:
        if char in "([{":
            depth += 1
            most = max(most, depth)
        elif char in ")]}":
            depth -= 1
    return max(most, len(_NOT.findall(line)))


def render(path: Path, text: str, given: tuple[tuple[str, str], ...] = ()) -> str:
    """``text`` with its template lines rendered (the same text without ``params:``); every
    line keeps its number. Problems are located errors."""
    declared_here = _declared_once(path, text)
    if declared_here is None:
        if given:
            raise ReportError(f"parameter {given[0][0]!r} given, but the front matter declares no params:",
                              Location(path, 1))
        return text
    values = dict(declared_here.defaults)
    for name, value in given:
        if name not in values:
            raise ReportError(f"unknown parameter {name!r}; the front matter declares: "
                              f"{', '.join(values) or 'none'}", declared_here.where.get("params",
                                                                                        Location(path, 1)))
        values[name] = check_value(value, declared_here.where["params"])
    names = frozenset(values)
    front = _front_matter(text)
    front_end = front[1] if front else 0
    collector = Collector()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index in declared_here.skip or not any(mark in line for mark in _MARKS):
            continue
        where = Location(path, index + 1, next(line.find(m) for m in _MARKS if m in line) + 1)
        if index <= front_end:
            kind = "yaml"
            if _outside_quotes(line):
                collector.add('template: in the front matter, put {{ … }} inside a double-quoted string, '
                              'e.g. title: "{{ params.country }} in brief"', where)
                continue
        else:
            kind = "plain" if _PLAIN_LINE.match(line) else "markdown"
        shown = _render_line(kind, line, values, names, collector, where)
        if shown is not None:
            lines[index] = shown
    collector.check()
    return "\n".join(lines)


def _render_line(kind: str, line: str, values: dict, names: frozenset[str], collector: Collector,
                 where: Location) -> str | None:
    """One template line of ``kind`` (see :func:`_environments`) rendered, or None with its
    problem added to ``collector``."""
    import jinja2

    depth = _depth(line)
    if depth > MAX_DEPTH:
        collector.add(f"template: an expression nested {depth} deep; at most {MAX_DEPTH} brackets or "
                      "'not's inside one another are supported", where)
        return None
    try:
        refused, template = _compiled(kind, line, names)
        if refused is not None:
            collector.add(f"template: {refused}; a line may hold {{{{ params.NAME }}}}, text, ~, the "
                          f"filters {', '.join(FILTERS)}, comparisons and {{% if %}}", where)
            return None
        shown = template.render(params=values)
    except jinja2.TemplateSyntaxError as error:
        message = error.message or "invalid template"
        if "end of template" in message:
            message += " (a {% … %} block must end on the line it starts)"
        collector.add(f"template: {message}", where)
        return None
    except jinja2.TemplateError as error:  # the sandbox's SecurityError
        collector.add(f"template: {(error.message or type(error).__name__).rstrip('.')}: refused", where)
        return None
    except (TypeError, ValueError, ArithmeticError,
            OverflowError) as error:  # params.x < 3 compares text to a number
        collector.add(f"template: {error}", where)
        return None
    except RecursionError:  # nested past what the parser follows, in a way _depth does not count
        collector.add("template: an expression nested too deeply", where)
        return None
    if "\n" in shown:
        collector.add("template: a line must render to one line", where)
        return None
    return shown
