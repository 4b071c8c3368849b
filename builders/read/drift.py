"""Keep language editions in step with the main one.

Each source is reduced to its skeleton: headings (by level), directives (by name; a table or
chart by its data resource too) and the footnotes each section cites. The skeletons are aligned
(difflib's longest matching blocks), and whatever the main edition has that a language
edition lacks is a located error in the language edition: where the section, directive,
citation (the paragraph of the section in the place of the main edition's) or footnote
definition should be, naming where it is in ``report.md``. What only a language edition has is a
warning. The words themselves are the translator's business and are not compared.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReportError
from ..model import Location

_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:")
_FENCE = re.compile(r"^:{3,}\{([^}]*)\}\s*(.*)$")
#: directives whose argument names data, the same in every edition
_KEYED = frozenset({"table", "chart"})


@dataclass(frozen=True)
class Item:
    """One piece of a skeleton: its key (compared), what to call it and its 1-based line."""

    key: tuple[str, ...]
    label: str
    line: int


@dataclass(frozen=True)
class Citation:
    """A footnote cited: its label, 1-based line, and the paragraph (index in
    :attr:`Skeleton.paragraphs`) it stands in."""

    label: str
    line: int
    paragraph: int


@dataclass(frozen=True)
class Skeleton:
    path: Path
    items: tuple[Item, ...]
    #: every citation, in the order of the text (a label cited but never defined too)
    citations: tuple[Citation, ...]
    #: each paragraph (list items' too) of the text: (1-based line, index of the item it follows)
    paragraphs: tuple[tuple[int, int], ...]
    #: footnote labels defined (``[^label]: …``) → line, in the order of the text
    definitions: dict[str, int]
    lines: int

    @property
    def notes(self) -> dict[str, int]:
        """Footnote label → the line it is first cited on."""
        found: dict[str, int] = {}
        for citation in self.citations:
            found.setdefault(citation.label, citation.line)
        return found


def _short(text: str, most: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "\u2026"


#: a citation markdown-it leaves as text: one whose label has no definition
_UNDEFINED = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def skeleton(path: Path, text: str) -> Skeleton:
    """The skeleton of a source's text (parsed as the reader parses it)."""
    from .markdown import markdown, strip_comments

    md = markdown()
    text = strip_comments(text)
    lines = text.split("\n")
    items: list[Item] = []
    citations: list[Citation] = []
    paragraphs: list[tuple[int, int]] = []

    def cited(label: str, line: int, end: int) -> None:
        found = line  # the line of the paragraph that holds the marker
        for number in range(line - 1, min(end, len(lines))):
            if f"[^{label}]" in lines[number]:
                found = number + 1
                break
        citations.append(Citation(label, found, len(paragraphs) - 1))

    def walk(source: str, offset: int) -> None:
        tokens = md.parse(source, {})
        in_notes = False
        for index, token in enumerate(tokens):
            line = (token.map[0] if token.map else 0) + offset + 1
            if token.type in ("footnote_block_open", "footnote_block_close"):
                in_notes = token.type == "footnote_block_open"  # the definitions: not the text
            elif in_notes:
                continue
            elif token.type == "heading_open":
                title = tokens[index + 1].content if index + 1 < len(tokens) else ""
                items.append(Item(("section", token.tag), f"section {_short(title)!r} ({token.tag})", line))
            elif token.type == "paragraph_open":
                paragraphs.append((line, len(items) - 1))
            elif token.type == "colon_fence":
                match = _FENCE.match(lines[line - 1].strip()) if line - 1 < len(lines) else None
                name = (match.group(1) if match else token.info.strip("{} ")).strip()
                argument = match.group(2).strip() if match else ""
                key = ("directive", name, argument) if name in _KEYED else ("directive", name)
                shown = f"{{{name}}}" + (f" {_short(argument)!r}" if argument else "")
                items.append(Item(key, f"directive {shown}", line))
                walk(token.content, line)  # the body starts on the line after the fence
            elif token.type == "inline" and not (index and tokens[index - 1].type == "heading_open"):
                end = (token.map[1] if token.map else line) + offset
                for child in token.children or []:
                    if child.type == "footnote_ref":
                        cited(child.meta.get("label", ""), line, end)
                    elif child.type == "text":
                        for match in _UNDEFINED.finditer(child.content):
                            cited(match.group(1), line, end)

    walk(text, 0)
    definitions: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        match = _DEFINITION.match(line)
        if match:
            definitions.setdefault(match.group(1), number)
    return Skeleton(path, tuple(items), tuple(citations), tuple(paragraphs), definitions, len(lines))


def _sections(skeleton: Skeleton, kept: set[int]) -> tuple[list[int], list[int]]:
    """For each citation and each paragraph of ``skeleton``: the index of the section it is in,
    the last heading before it among the ``kept`` item indices (-1: before the first)."""
    heads = [i for i, item in enumerate(skeleton.items) if item.key[0] == "section" and i in kept]

    def section(after: int) -> int:
        return max((h for h in heads if h <= after), default=-1)

    of_paragraph = [section(after) for _, after in skeleton.paragraphs]
    return [of_paragraph[c.paragraph] if c.paragraph >= 0 else -1 for c in skeleton.citations], of_paragraph


def compare(main: Skeleton, edition: Skeleton) -> list[tuple[Location, str, bool]]:
    """(location in the edition, message, whether it is an error) for every difference."""
    found: list[tuple[Location, str, bool]] = []
    a = [i.key for i in main.items]
    b = [i.key for i in edition.items]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    #: main item index → edition item index (for items that match)
    mapped: dict[int, int] = {}
    name = main.path.name
    end = Location(edition.path, max(edition.lines - 1, 1))

    def where(j: int) -> Location:
        """The edition's line for edition item ``j`` (its end when past the last item)."""
        if j < len(edition.items):
            return Location(edition.path, edition.items[j].line)
        return end

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            mapped.update({i1 + k: j1 + k for k in range(i2 - i1)})
            continue
        for item in main.items[i1:i2]:
            found.append((where(j1), f"this edition lacks the {item.label} of {name}:{item.line}", True))
        for j in range(j1, j2):
            item = edition.items[j]
            found.append((where(j), f"{item.label} has no counterpart in {name}", False))
    found += _citations(main, edition, mapped)
    found += _definitions(main, edition)
    return found


def _citations(main: Skeleton, edition: Skeleton, mapped: dict[int, int]) -> list[tuple[Location, str, bool]]:
    """Citations compared section by section: a section of the edition must cite what its
    counterpart in the main edition cites (a section the edition lacks counts as part of the one
    before it, in both)."""
    found: list[tuple[Location, str, bool]] = []
    name = main.path.name
    back = {j: i for i, j in mapped.items()}
    main_sections, main_paragraphs = _sections(main, set(mapped))
    edition_sections, edition_paragraphs = _sections(edition, set(back))
    # the edition's sections named by their counterparts' indices in the main edition
    edition_sections = [back.get(s, -1) for s in edition_sections]
    edition_paragraphs = [back.get(s, -1) for s in edition_paragraphs]
    cites: dict[int, set[str]] = {}
    for citation, section in zip(edition.citations, edition_sections):
        cites.setdefault(section, set()).add(citation.label)
    main_cites: dict[int, set[str]] = {}
    for citation, section in zip(main.citations, main_sections):
        main_cites.setdefault(section, set()).add(citation.label)
        if citation.label in cites.get(section, set()):
            continue
        cites.setdefault(section, set()).add(citation.label)  # reported once per section
        # the paragraph of the edition's section in the place of the main edition's paragraph
        ordinal = sum(1 for p in range(citation.paragraph) if main_paragraphs[p] == section)
        theirs = [edition.paragraphs[p][0] for p, s in enumerate(edition_paragraphs) if s == section]
        if ordinal < len(theirs):
            place = Location(edition.path, theirs[ordinal])
        elif section >= 0:
            place = Location(edition.path, edition.items[mapped[section]].line)
        else:
            place = Location(edition.path, theirs[-1] if theirs else 1)
        part = f"section {main.items[section].label.split(' ', 1)[1]}" if section >= 0 \
            else "part before the first heading"
        found.append((place, f"this {part} does not cite footnote [^{citation.label}] (cited at "
                             f"{name}:{citation.line})", True))
    cited_in_main = main.notes
    for citation, section in zip(edition.citations, edition_sections):
        if citation.label not in cited_in_main:
            found.append((Location(edition.path, citation.line),
                          f"footnote [^{citation.label}] is not cited in {name}", False))
        elif citation.label not in main_cites.get(section, set()):
            found.append((Location(edition.path, citation.line), f"footnote [^{citation.label}] is cited in "
                          f"another section of {name} ({name}:{cited_in_main[citation.label]})", False))
    return list(dict.fromkeys(found))


def _definitions(main: Skeleton, edition: Skeleton) -> list[tuple[Location, str, bool]]:
    """Every footnote the main edition defines and cites is defined in the edition, reported
    where its definition belongs: after the definition of the one before it."""
    found: list[tuple[Location, str, bool]] = []
    name = main.path.name
    order = list(main.definitions)
    cited = main.notes
    for index, (label, line) in enumerate(main.definitions.items()):
        if label in edition.definitions or label not in cited:
            continue
        before = [edition.definitions[x] for x in order[:index] if x in edition.definitions]
        after = [edition.definitions[x] for x in order[index + 1:] if x in edition.definitions]
        line_there = before[-1] + 1 if before else after[0] if after else max(edition.lines - 1, 1)
        found.append((Location(edition.path, min(line_there, max(edition.lines, 1))),
                      f"this edition does not define footnote [^{label}] (defined at {name}:{line})", True))
    return found


def check(folder: Path, source: str) -> list[tuple[Location, str, bool]]:
    """Differences between a language edition's source and the main edition (none when
    either cannot be read: reading them reports that)."""
    from .editions import MAIN_SOURCE
    from .limits import MAX_SOURCE
    from .textfiles import decode, read_at_most

    main_path, path = folder / MAIN_SOURCE, folder / source
    try:  # through the gate every source passes: bounded in size, UTF-8
        main_text = decode(main_path, read_at_most(main_path, MAX_SOURCE))
        text = decode(path, read_at_most(path, MAX_SOURCE))
    except (OSError, ReportError):
        return []
    return compare(skeleton(main_path, main_text), skeleton(path, text))
