"""MyST-style colon-fence directives: ``:::{name} argument``, ``:option: value`` lines, a body.

Each directive has one reader here; a reader turns the fence into one model block.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from markdown_it.tree import SyntaxTreeNode

from ..errors import Collector, ReportError
from ..locale.furniture import tr
from ..locale.values import format_value
from ..model import (
    Block,
    BulletList,
    Callout,
    Chart,
    ChartKind,
    ComparisonSide,
    Dataset,
    ListItem,
    Location,
    Paragraph,
    Quote,
    Recommendations,
    SlideBlock,
    SlideLayout,
    Table,
    Takeaways,
)
from . import chartdata, keyfigures, limits
from .fences import Directive, Reader

_OPTION = re.compile(r"^:([A-Za-z][\w-]*):(?:\s+(.*))?$")
#: ``:type:barh``: an option missing its space
_GLUED = re.compile(r"^:([A-Za-z][\w-]*):(\S.*)$")
#: options printed as plain text (no Markdown in them)
PLAIN_OPTIONS = frozenset({"caption", "notes", "title", "subtitle", "value-label", "category-label"})


def _line0(node: SyntaxTreeNode) -> int:
    """The 0-based first line of a block node within the text it was parsed from."""
    return node.map[0] if node.map else 0


def split(node: SyntaxTreeNode, offset: int, reader: Reader, allowed: tuple[str, ...]) -> Directive:
    info = node.info.strip()
    match = re.fullmatch(r"\{([\w-]+)\}\s*(.*)", info)
    location = reader.at(_line0(node) + offset)
    if not match:
        raise ReportError(f"expected a directive such as :::{{table}} name, found ':::{info}'", location)
    name, argument = match.group(1), match.group(2).strip()
    lines = node.content.split("\n")
    _check_closed(node, offset, reader, name, lines, location)
    options: dict[str, str] = {}
    option_lines: dict[str, Location] = {}
    first_body = 0
    collector = Collector()
    if len(argument) > limits.MAX_OPTION:
        collector.add(limits.length_message(f"the argument of {{{name}}}", len(argument), limits.MAX_OPTION),
                      location)
    for index, line in enumerate(lines):
        where = reader.at(_line0(node) + offset + 1 + index)
        found = _OPTION.match(line.strip())
        if not found and not line.strip() and _options_go_on(lines, index):
            continue  # a % comment among the options (blanked: .markdown.strip_comments)
        if not found:
            glued = _GLUED.match(line.strip())
            if glued and index == first_body:
                raise ReportError(f"option :{glued.group(1)}: needs a space after its second colon: "
                                  f"':{glued.group(1)}: {glued.group(2)}'", where)
            break
        key = found.group(1)
        value = (found.group(2) or "").strip()
        if key in options:
            collector.add(f"option :{key}: given twice", where)
        elif key not in allowed:
            known = ", ".join(f":{a}:" for a in allowed) or "none"
            collector.add(f"unknown option :{key}: for {{{name}}}; expected one of: {known}", where)
        elif len(value) > limits.MAX_OPTION:
            collector.add(limits.length_message(f"option :{key}:", len(value), limits.MAX_OPTION), where)
        elif key in PLAIN_OPTIONS and (note := re.search(r"\[\^[^\]\s]+\]", value)):
            collector.add(f"footnote {note.group(0)} in :{key}: cannot be shown: options are plain "
                          "text; cite the source in the running text or in the data package", where)
        options[key] = value
        option_lines[key] = where
        first_body = index + 1
    collector.check()
    body = "\n".join(lines[first_body:])
    return Directive(name, argument, options, option_lines, body,
                     _line0(node) + offset + 1 + first_body, location)


def _options_go_on(lines: list[str], index: int) -> bool:
    """Whether the blank line at ``index``, among the options (every line before it is one, or
    blank), has another option next: a comment line among the options, blanked before the
    fence is read (.markdown.strip_comments), does not end them."""
    after = next((line for line in lines[index + 1:] if line.strip()), "")
    return bool(_OPTION.match(after.strip()))


def _check_closed(node: SyntaxTreeNode, offset: int, reader: Reader, name: str, lines: list[str],
                  location: Location) -> None:
    """An unclosed fence swallows the rest of the file: say so, not what its body then breaks."""
    if not node.map:
        return
    # a directive with as many colons as this one cannot nest in it: this one was left open
    # and its body ran on into the next directive (which then closed it)
    colons = len(node.markup) or 3
    later = next((i for i, line in enumerate(lines) if re.match(rf"[>\s]*:{{{colons},}}\s*\{{", line)), None)
    if later is not None:
        runs_to = f"the directive on line {_line0(node) + offset + 2 + later}"
    else:
        last = node.map[1] - 1 + offset
        closing = reader.lines[last].strip() if last < len(reader.lines) else ""
        if last > node.map[0] + offset and re.fullmatch(r"[>\s]*:{3,}", closing):
            return
        runs_to = "the end of the file"
    raise ReportError(f"{{{name}}} opened on line {location.line} is not closed: it runs on to {runs_to}; "
                      "end it with a line holding only ':::'", location)


def _body_blocks(reader: Reader, d: Directive) -> list[Block]:
    if reader.depth >= limits.MAX_NESTING:  # its body is not read: each level is a recursion
        raise ReportError(limits.nesting_message("directive", reader.depth + 1, truncated=True), d.location)
    reader.depth += 1
    try:
        tree = reader.parse(d.body, d.body_offset)
        return list(reader.blocks(tree.children, d.body_offset, where=f"{{{d.name}}}"))
    finally:
        reader.depth -= 1


def _list_items(reader: Reader, d: Directive, *, what: str):
    blocks = _body_blocks(reader, d)
    lists = [b for b in blocks if isinstance(b, BulletList)]
    if len(lists) != 1 or len(blocks) != 1:
        raise ReportError(f"{{{d.name}}} expects one list of {what} (lines starting with '- ' "
                          "or '1. ') and nothing else", d.location)
    if any(item.children for item in lists[0].items):
        raise ReportError(f"{{{d.name}}} takes a flat list: write each of the {what} as one item, "
                          "without sub-items", d.location)
    return tuple(item.spans for item in lists[0].items)


def _takeaways(reader: Reader, d: Directive) -> Block:
    return Takeaways(_list_items(reader, d, what="takeaways"), d.argument or tr(reader.language,
                                                                                "Key takeaways"),
                     d.location)


def _recommendations(reader: Reader, d: Directive) -> Block:
    return Recommendations(_list_items(reader, d, what="recommendations"),
                           d.argument or tr(reader.language, "Recommendations"), d.location)


def _callout(reader: Reader, d: Directive) -> Block:
    blocks = _body_blocks(reader, d)
    for block in blocks:
        if not isinstance(block, (Paragraph, BulletList)):
            raise ReportError("{callout} may hold paragraphs and lists only", d.location)
    if not blocks:
        raise ReportError("{callout} is empty; write its text between the ::: lines", d.location)
    return Callout(d.argument, tuple(b for b in blocks if isinstance(b, (Paragraph, BulletList))), d.location)


def _quote(reader: Reader, d: Directive) -> Block:
    blocks = _body_blocks(reader, d)
    paragraphs = tuple(b.spans for b in blocks if isinstance(b, Paragraph))
    if not paragraphs or len(paragraphs) != len(blocks):
        raise ReportError("{quote} expects the quoted text as one or more paragraphs", d.location)
    attribution = d.option("attribution")
    spans = reader.inline_text(attribution, d.option_lines.get("attribution", d.location))
    return Quote(paragraphs, spans, True, d.location)


def _dataset(reader: Reader, d: Directive) -> Dataset:
    name = d.require_argument("a data resource name")
    return reader.data.dataset(name, d.location)


def _register_name(reader: Reader, d: Directive) -> None:
    """Record a directive's ``:name:`` before reading it, so that a problem in the directive
    does not also turn every link to it into a "no such name" error."""
    name = d.option("name")
    if name:
        if not re.fullmatch(r"[A-Za-z][\w-]*", name):
            raise ReportError(f":name: expected letters, digits and '-', found {name!r}",
                              d.option_lines["name"])
        reader.add_anchor(name, d.option_lines["name"])


def _columns(d: Directive, data: Dataset) -> Dataset:
    wanted = [c.strip() for c in d.option("columns").split(",") if c.strip()]
    if not wanted:
        return data
    index = [chartdata.column_index(data, w, "columns", d.option_lines["columns"]) for w in wanted]
    return replace(data, columns=tuple(data.columns[i] for i in index),
                   rows=tuple(tuple(row[i] for i in index) for row in data.rows))


def filter_rows(d: Directive, data: Dataset) -> Dataset:
    """Rows chosen by ``:where: column = value`` (or ``!=``): a cell matches when the value is
    the cell as the table prints it or as the CSV wrote it."""
    condition = d.option("where")
    if not condition:
        return data
    match = re.fullmatch(r"\s*([\w-]+)\s*(!=|=)\s*(.*?)\s*", condition)
    where = d.option_lines["where"]
    if not match:
        raise ReportError(f":where: expected 'column = value' or 'column != value', found {condition!r}",
                          where)
    name, op, value = match.groups()
    index = chartdata.column_index(data, name, "where", where)
    column = data.columns[index]

    def matches(cell) -> bool:  # as printed in the table, or as written in the CSV
        return value in (format_value(cell, column), "" if cell is None else str(cell))

    rows = tuple(r for r in data.rows if matches(r[index]) == (op == "="))
    if not rows:
        raise ReportError(f":where: no row of {data.name!r} has {name} {op} {value!r}", where)
    return replace(data, rows=rows)


def _table(reader: Reader, d: Directive) -> Block:
    data = _columns(d, filter_rows(d, _dataset(reader, d)))
    if d.body.strip():
        raise ReportError("{table} takes options only; put the caption in :caption:", d.location)
    limits.check_table(len(data.rows), len(data.columns), max(map(_longest, data.rows), default=0),
                       d.location)
    return Table(caption=d.option("caption") or data.title, data=data, name=d.option("name"),
                 notes=d.option("notes"), in_deck=d.flag("deck", True),
                 number=reader.number("table"), location=d.location)


def _longest(row) -> int:
    return max((len(value) for value in row if isinstance(value, str)), default=0)


def _chart(reader: Reader, d: Directive) -> Block:
    data = _dataset(reader, d)
    if d.body.strip():
        raise ReportError("{chart} takes options only; put the title in :title:", d.location)
    kinds = [k.value for k in ChartKind]
    kind_text = d.option("type")
    if kind_text not in kinds:
        where = d.option_lines.get("type", d.location)
        raise ReportError(f":type: expected one of {', '.join(kinds)}, found {kind_text!r}", where)
    spec = chartdata.resolve(ChartKind(kind_text), filter_rows(d, data), d)
    if reader.language != spec.language:
        spec = replace(spec, language=reader.language)
    return Chart(spec, name=d.option("name"), in_deck=d.flag("deck", True),
                 number=reader.number("figure"), location=d.location)


def _comparison_sides(reader: Reader, d: Directive, blocks: list[Block]):
    sides = []
    heading = None
    for block in blocks:
        if isinstance(block, Paragraph) and heading is None:
            heading = block.spans
        elif isinstance(block, BulletList) and heading is not None:
            key = "".join(s.text for s in heading).strip()
            sides.append(ComparisonSide(heading, block.items, key))
            heading = None
        else:
            break
    if len(sides) != 2 or heading is not None:
        raise ReportError("a comparison slide expects two sides, each a one-line heading "
                          "paragraph followed by a list", d.location)
    return tuple(sides)


def _process_steps(d: Directive, blocks: list[Block]) -> tuple[ListItem, ...]:
    """A process slide's steps: one bulleted list of two or more items, none with sub-points
    (a strip shows one card a step, and nothing else)."""
    usage = "a process slide takes one bulleted list of steps written '- 2015: what happened'"
    for block in blocks:
        where = getattr(block, "location", None) or d.location
        if not isinstance(block, BulletList):
            raise ReportError(f"{usage}; it cannot show a {type(block).__name__.lower()}", where)
        if block.ordered:
            raise ReportError(f"{usage}; write its steps with '- ', not as a numbered list (the strip "
                              "shows them in order)", where)
        for item in block.items:
            if item.children:
                step = "".join(s.text for s in item.spans).strip()
                raise ReportError(f"{usage}; step {step[:60]!r} has sub-points, which a strip cannot show: "
                                  "fold them into the step, or use a bullets slide", where)
    if len(blocks) > 1:
        where = getattr(blocks[1], "location", None) or d.location
        raise ReportError(f"{usage}; it has {len(blocks)} lists: make them one", where)
    items = blocks[0].items if blocks and isinstance(blocks[0], BulletList) else ()
    if len(items) < 2:
        raise ReportError(f"{usage}; a process has at least 2 steps, this one {len(items)}", d.location)
    return items


def _slide(reader: Reader, d: Directive) -> Block:
    title = d.require_argument("a slide title")
    layouts = [x.value for x in SlideLayout]
    layout_text = d.option("layout", "bullets")
    if layout_text not in layouts:
        raise ReportError(f":layout: expected one of {', '.join(layouts)}, found {layout_text!r}",
                          d.option_lines["layout"])
    layout = SlideLayout(layout_text)
    if layout is SlideLayout.FIGURES or "data" in d.options:
        return keyfigures.read(reader, d, title, layout)
    blocks = _body_blocks(reader, d)
    if layout is SlideLayout.COMPARISON:
        return SlideBlock(title, layout, sides=_comparison_sides(reader, d, blocks),
                          notes=d.option("notes"), location=d.location)
    if layout is SlideLayout.PROCESS:
        return SlideBlock(title, layout, items=_process_steps(d, blocks), notes=d.option("notes"),
                          location=d.location)
    items: list[ListItem] = []
    for block in blocks:
        if isinstance(block, BulletList):
            items.extend(block.items)
        elif isinstance(block, Paragraph):
            items.append(ListItem(block.spans))
        else:
            raise ReportError("{slide} may hold a list or short paragraphs", d.location)
    if not items:
        raise ReportError("{slide} is empty: write its bullets (lines starting with '- ') before the "
                          "closing ':::'", d.location)
    if layout is SlideLayout.STATEMENT and (len(items) > 2 or any(i.children for i in items)):
        raise ReportError("a statement slide takes one statement and at most one supporting line (a "
                          f"paragraph or a list item each, without sub-points); this one has {len(items)}: "
                          "use a bullets slide", d.location)
    return SlideBlock(title, layout, items=tuple(items), notes=d.option("notes"), location=d.location)


Handler = Callable[[Reader, Directive], Block]

#: directive name → (handler, allowed options)
DIRECTIVES: dict[str, tuple[Handler, tuple[str, ...]]] = {
    "takeaways": (_takeaways, ()),
    "recommendations": (_recommendations, ()),
    "callout": (_callout, ()),
    "quote": (_quote, ("attribution",)),
    "table": (_table, ("caption", "columns", "where", "name", "notes", "deck")),
    "chart": (_chart, chartdata.OPTIONS),
    "slide": (_slide, ("layout", "notes", "data")),
}


def read(reader: Reader, node: SyntaxTreeNode, offset: int, location: Location) -> Block | None:
    """Read one colon fence into a block."""
    match = re.fullmatch(r"\{([\w-]+)\}.*", node.info.strip(), flags=re.S)
    name = match.group(1) if match else ""
    if name not in DIRECTIVES:
        known = ", ".join("{" + n + "}" for n in DIRECTIVES)
        shown = "{" + name + "}" if name else repr(node.info.strip())
        raise ReportError(f"unknown directive {shown}; expected one of: {known}", location)
    handler, allowed = DIRECTIVES[name]
    try:
        directive = split(node, offset, reader, allowed)
    except ReportError:
        _register_written_name(reader, node, offset)
        raise
    _register_name(reader, directive)
    return handler(reader, directive)


def _register_written_name(reader: Reader, node: SyntaxTreeNode, offset: int) -> None:
    """The ``:name:`` of a directive that could not be read (and of any directive its unclosed
    body swallowed), so that links to them are not reported as well."""
    for index, line in enumerate(node.content.split("\n")):
        found = re.fullmatch(r":name:\s+([A-Za-z][\w-]*)\s*", line.strip())
        if found and found.group(1) not in reader.anchors:
            reader.add_anchor(found.group(1), reader.at(_line0(node) + offset + 1 + index))
