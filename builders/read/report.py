"""``reports/<name>/report.md`` → :class:`~builders.model.Report`.

The only module (with ``directives`` and ``inlines``) that knows the source syntax: YAML front
matter, CommonMark with footnotes, and MyST-style ``:::{name}`` colon-fence directives.
Every problem found is reported with its file, line and column, all in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from ..errors import Collector, ReportError
from ..locale.typography import typeset_report
from ..model import (
    Block,
    BulletList,
    Image,
    ListItem,
    Location,
    Meta,
    Note,
    Paragraph,
    Quote,
    Report,
    Section,
    Span,
)
from ..paths import check_picture, project_root
from . import frontmatter, limits, params, textfiles
from .data import DataPackages
from .editions import Edition
from .inlines import InlineReader, attribution_line, clean_text, merge
from .markdown import markdown, slug, strip_comments

SOURCE_NAME = "report.md"
#: anchors the brief makes for its back matter (notes use note-N and noteref-N)
RESERVED_ANCHORS = frozenset({"notes", "about-the-authors"})
#: what a Markdown block is called in messages
_BLOCK_NAMES = {"blockquote": "a block quote", "bullet_list": "a list", "ordered_list": "a list",
                "fence": "a code block", "heading": "a heading", "colon_fence": "a directive",
                "table": "a Markdown table", "hr": "a rule (---)"}


@dataclass
class _OpenSection:
    title: str
    level: int
    anchor: str
    location: Location
    blocks: list[Block] = field(default_factory=list)
    children: list[_OpenSection] = field(default_factory=list)

    def close(self) -> Section:
        return Section(self.title, self.level, self.anchor, tuple(self.blocks),
                       tuple(c.close() for c in self.children), self.location)


class SourceReader:
    """Reads one report source; holds what the pass has learnt (notes, numbers, anchors)."""

    def __init__(self, path: Path, text: str, data: DataPackages) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.text = text
        self.data = data
        self.md = markdown()
        self.env: dict = {}
        self.collector = Collector()
        self.note_defs: dict[str, Token] = {}
        self.note_numbers: dict[str, int] = {}
        self.counters = {"table": 0, "figure": 0}
        self.anchors: dict[str, Location] = {}
        self.links: list[tuple[str, Location]] = []
        self.inline = InlineReader(self._note_number, self._locate)
        #: directives the text being read is inside (each directive's body is parsed apart)
        self.depth = 0
        #: the front matter's language: furniture such as "Key takeaways" is printed in it
        self.language = "en"

    # ------------------------------------------------------------------ locations

    def at(self, line0: int, column: int = 1) -> Location:
        return Location(self.path, line0 + 1, column)

    def _locate(self, token: Token, needle: str) -> Location:
        start, end = token.map or (0, 1)
        offset = token.meta.get("line_offset", 0)
        for index in range(start + offset, min(end + offset, len(self.lines))):
            column = self.lines[index].find(needle)
            if column >= 0:
                return self.at(index, column + 1)
        return self.at(start + offset)

    # ------------------------------------------------------------------ notes and anchors

    def _note_number(self, label: str, location: Location) -> int:
        if label not in self.note_defs:
            raise ReportError(f"footnote [^{label}] is referenced but never defined", location)
        if label not in self.note_numbers:
            self.note_numbers[label] = len(self.note_numbers) + 1
        return self.note_numbers[label]

    def add_anchor(self, name: str, location: Location) -> None:
        if name in RESERVED_ANCHORS or re.fullmatch(r"note(ref)?-\d+", name):
            self.collector.add(f"name {name!r} is reserved for the brief's own notes; choose another",
                               location)
            return
        if name in self.anchors:
            first = self.anchors[name]
            self.collector.add(f"name {name!r} is used twice (first on line {first.line})", location)
        self.anchors[name] = location

    def number(self, counter: str) -> int:
        self.counters[counter] += 1
        return self.counters[counter]

    # ------------------------------------------------------------------ inline

    def spans(self, inline: SyntaxTreeNode | Token, offset: int = 0):
        """Spans of one inline token; its problems join the report's, and reading goes on."""
        token = inline.token if isinstance(inline, SyntaxTreeNode) else inline
        assert token is not None, "an inline node always holds its token"
        token.meta["line_offset"] = offset
        if "too_long" in token.meta:
            what, length, most, head = token.meta["too_long"]
            self.collector.add(limits.length_message(what, length, most), self._locate(token, head))
            return ()
        spans = self.inline.spans(token, self.collector)
        for span in spans:
            if span.href and span.href.startswith("#"):
                self.links.append((span.href[1:], self._locate(token, span.href)))
        self._undefined_notes(spans, token)
        return spans

    def inline_text(self, text: str, location: Location):
        """Spans of a one-line Markdown text given in a directive option."""
        if not text:
            return ()
        token = self.md.parseInline(text, self.env)[0]
        token.map = [location.line - 1, location.line]
        return self.spans(token)

    def _undefined_notes(self, spans, token: Token) -> None:
        for span in spans:
            for label in re.findall(r"\[\^([^\]\s]+)\]", span.text if not span.code else ""):
                self.collector.add(f"footnote [^{label}] is referenced but never defined",
                                   self._locate(token, f"[^{label}]"))

    # ------------------------------------------------------------------ blocks

    def parse(self, text: str, offset: int) -> SyntaxTreeNode:
        """Parse (part of) the source; ``offset`` is the file line of its first line (0-based)."""
        self.env["briefkit_offset"] = offset
        tokens = self.md.parse(text, self.env)
        for token in tokens:
            token.meta["line_offset"] = offset
        with self.collector.guard():
            limits.check_depth(tokens, self.depth, self.lines, offset, self.path)
        return SyntaxTreeNode(tokens)

    def blocks(self, nodes, offset: int, *, allow_headings: bool = False, where: str = ""):
        """Blocks from a sequence of tree nodes; headings are yielded as ``("heading", node)``."""
        from . import directives

        for node in nodes:
            line0 = (node.map[0] if node.map else 0) + offset
            location = self.at(line0)
            kind = node.type
            if kind == "heading":
                if allow_headings:
                    yield ("heading", node)
                else:
                    self.collector.add(f"headings are not allowed inside {where}; end the "
                                       "directive with ':::' before the heading", location)
            elif kind == "paragraph":
                block = self.paragraph(node, offset, location)
                if block is not None:
                    yield block
            elif kind in ("bullet_list", "ordered_list"):
                yield BulletList(self.list_items(node, offset), kind == "ordered_list", location)
            elif kind == "blockquote":
                yield self.blockquote(node, offset, location)
            elif kind == "colon_fence":
                with self.collector.guard():
                    block = directives.read(self, node, offset, location)
                    if block is not None:
                        yield block
            elif kind == "fence":
                code = node.content.rstrip("\n")
                if len(code) > limits.MAX_PARAGRAPH:
                    self.collector.add(limits.length_message("code block", len(code), limits.MAX_PARAGRAPH),
                                       location)
                    continue
                yield Paragraph((Span(code, code=True),), location)
            elif kind == "table":
                self.collector.add("Markdown tables are not supported: put the rows in a CSV file "
                                   "under data/ and show them with :::{table} name", location)
            elif kind in ("hr", "front_matter", "footnote_block"):
                continue
            else:  # pragma: no cover - html blocks are disabled in the parser
                self.collector.add(f"unsupported Markdown block {kind!r}", location)

    def paragraph(self, node: SyntaxTreeNode, offset: int, location: Location) -> Block | None:
        inline = node.children[0]
        kids = [c for c in (inline.children or []) if not (c.type == "text" and not c.content.strip())]
        if len(kids) == 1 and kids[0].type == "image":
            return self.image(kids[0], location)
        spans = self.spans(inline, offset)
        return Paragraph(spans, location) if spans else None

    def image(self, node: SyntaxTreeNode, location: Location) -> Image | None:
        from ..paths import resolve_inside

        src = str(node.attrs.get("src", ""))
        alt = "".join(c.content for c in node.children or []).strip()
        caption = str(node.attrs.get("title") or "")
        with self.collector.guard():
            if not alt:
                raise ReportError("image needs alternative text: ![what the picture shows](path)",
                                  location)
            roots = (self.path.parent, project_root(self.path.parent))
            path = resolve_inside(src, roots, location, what="image")
            check_picture(path, location)
            return Image(path, alt, caption, self.number("figure"), location)
        return None

    def list_items(self, node: SyntaxTreeNode, offset: int) -> tuple[ListItem, ...]:
        items = []
        start = int(str(node.attrs.get("start", 1))) if node.type == "ordered_list" else None
        for index, item in enumerate(node.children):
            spans: list[Span] = []
            children: tuple[ListItem, ...] = ()
            for part in item.children:
                if part.type == "paragraph":
                    if spans:
                        spans.append(Span(" "))
                    spans.extend(self.spans(part.children[0], offset))
                elif part.type in ("bullet_list", "ordered_list"):
                    children += self.list_items(part, offset)
                else:
                    self._refuse(part, offset, "a list item may hold text and a nested list")
            items.append(ListItem(merge(spans), children, None if start is None else start + index))
        return tuple(items)

    def _refuse(self, part: SyntaxTreeNode, offset: int, rule: str) -> None:
        """A block that may not stand where it is: an error, so that no text goes unshown."""
        line0 = (part.map[0] if part.map else 0) + offset
        self.collector.add(f"{rule}, found {_BLOCK_NAMES.get(part.type, part.type)}", self.at(line0))

    def blockquote(self, node: SyntaxTreeNode, offset: int, location: Location) -> Quote:
        for part in node.children:
            if part.type != "paragraph":
                self._refuse(part, offset, "a block quote may hold only paragraphs (the last one may be "
                                           "an attribution starting with '\u2014')")
        inlines = [p.children[0].token for p in node.children if p.type == "paragraph"]
        if inlines and inlines[-1] is not None and (split := attribution_line(inlines[-1])):
            inlines[-1:] = split  # "> Text.\n> — A Speaker": the last line is the attribution
        paragraphs = [self.spans(token, offset) for token in inlines if token is not None]
        attribution: tuple[Span, ...] = ()
        if paragraphs and paragraphs[-1] and paragraphs[-1][0].text.startswith(("\u2014", "--")):
            last = paragraphs.pop()
            first = last[0].text.lstrip("\u2014-").lstrip()
            attribution = merge([Span(first, last[0].emphasis, last[0].strong), *last[1:]])
        return Quote(tuple(paragraphs), attribution, False, location)

    # ------------------------------------------------------------------ the whole document

    def notes(self) -> None:
        """Every footnote definition of the file, by label; a label defined twice is an error."""
        for label, inline in self.env.get("briefkit_notes", []):
            where = self._locate(inline, f"[^{label}]:")
            if label in self.note_defs:
                first = self._locate(self.note_defs[label], f"[^{label}]:")
                self.collector.add(f"footnote [^{label}] is defined twice (first on line {first.line})",
                                   where)
                continue
            self.note_defs[label] = inline

    def read(self, report_dir: Path, on_meta: Callable[[Meta], None] | None = None) -> Report:
        """The report; ``on_meta`` is told its front matter as soon as it is read, before the
        body and the data it shows (which may take pandas's import)."""
        root = self.parse(self.text, 0)
        meta = self.front_matter(root)
        if on_meta is not None and not self.collector.problems:
            on_meta(meta)
        self.language = self.data.language = meta.language
        self.notes()
        preamble: list[Block] = []
        stack: list[_OpenSection] = []
        top: list[_OpenSection] = []
        headings = 0
        for item in self.blocks(root.children, 0, allow_headings=True):
            if isinstance(item, tuple):
                node = item[1]
                headings += 1
                if headings > limits.MAX_SECTIONS:
                    self.collector.add(
                        f"the report has more than {limits.MAX_SECTIONS} sections; at most "
                        f"{limits.MAX_SECTIONS} headings are supported (each is a slide of the "
                        "deck at least): split the report",
                        self.at(node.map[0]),
                    )
                    break
                level = int(node.tag[1])
                spans = self.spans(node.children[0])
                title = "".join(s.text for s in spans if s.note is None)
                if any(s.note is not None for s in spans):
                    self.collector.add("a heading cannot carry a footnote marker; cite the note in the "
                                       "text below the heading", self.at(node.map[0]))
                location = self.at(node.map[0])
                anchor = slug(title)
                n = 2
                while anchor in self.anchors or anchor in RESERVED_ANCHORS:
                    anchor = f"{slug(title)}-{n}"
                    n += 1
                self.add_anchor(anchor, location)
                section = _OpenSection(title, level, anchor, location)
                while stack and stack[-1].level >= level:
                    stack.pop()
                (stack[-1].children if stack else top).append(section)
                stack.append(section)
            elif stack:
                stack[-1].blocks.append(item)
            else:
                preamble.append(item)
        notes = self._collect_notes()
        for name, location in self.links:
            if name not in self.anchors:
                known = ", ".join(sorted(self.anchors)) or "none"
                self.collector.add(f"link to #{name}: no heading or table/chart name {name!r} "
                                   f"(known: {known})", location)
        self.collector.check()
        uncited = tuple((label, self._locate(token, f"[^{label}]:")) for label,
                        token in self.note_defs.items()
                        if label not in self.note_numbers)
        return Report(meta=meta, sections=tuple(s.close() for s in top), notes=notes,
                      root=report_dir, name=report_dir.name, preamble=tuple(preamble), uncited=uncited)

    def _collect_notes(self) -> tuple[Note, ...]:
        notes = []
        # reading a note's text may reference further notes, so loop until all are numbered
        done: set[str] = set()
        while len(done) < len(self.note_numbers):
            for label, number in list(self.note_numbers.items()):
                if label in done:
                    continue
                done.add(label)
                token = self.note_defs[label]
                notes.append(Note(number, self.spans(token, token.meta.get("line_offset", 0)), label))
        return tuple(sorted(notes, key=lambda n: n.number))

    def front_matter(self, root: SyntaxTreeNode) -> Meta:
        first = root.children[0] if root.children else None
        if first is None or first.type != "front_matter":
            raise ReportError("expected YAML front matter between '---' lines at the top of the "
                              "file, with at least a title", self.at(0, 1))
        with self.collector.guard():
            return frontmatter.read_meta(first.content, self.path)
        return Meta(title="")


def read_report(report_dir: Path, data: DataPackages | None = None, *, cache: Path | None = None,
                edition: Edition | None = None, on_meta: Callable[[Meta], None] | None = None) -> Report:
    """Read and validate ``report_dir/report.md`` (or the ``edition``'s source, with its
    parameters filled in) and the data it names (validated datasets are kept in ``cache``,
    when given, between runs; ``on_meta``: see :meth:`SourceReader.read`)."""
    report_dir = report_dir.resolve()
    path = report_dir / (edition.source if edition else SOURCE_NAME)
    try:
        raw = textfiles.read_at_most(path, limits.MAX_SOURCE)
    except FileNotFoundError:
        raise ReportError(f"no {SOURCE_NAME} here: a report folder holds one (and a folder of "
                          "report folders, such as reports/, one in each); 'briefkit new NAME' "
                          "makes a report", Location(path)) from None
    except OSError as error:
        raise ReportError(f"cannot read: {error.strerror}", Location(path)) from None
    text = textfiles.decode(path, raw)
    text = params.render(path, text, edition.params if edition else ())  # a template's {{ params }}
    if data is None:
        data = DataPackages([report_dir / "data", project_root(report_dir) / "data"], cache=cache,
                            roots=(project_root(report_dir),))
    reader = SourceReader(path, strip_comments(clean_text(text)), data)
    for found in textfiles.flagged(path, text):  # NUL; clean_text drops the rest, check warns
        if found.error:
            reader.collector.add(found.message, found.location)
    report = typeset_report(reader.read(report_dir, on_meta))  # the language's quotes and no-break spaces
    return replace(report, name=edition.stem_for(report_dir), source=edition.source) if edition else report
