"""Keep language editions in step with the main one.

Each source is reduced to its skeleton: headings (by level), directives (by name; a table or
chart by its data resource too) and the footnotes each cites. The skeletons are aligned
(difflib's longest matching blocks), and whatever the main edition has that a language
edition lacks is a located error in the language edition: where the section, directive or
footnote should be, naming where it is in ``report.md``. What only a language edition has is a
warning. The words themselves are the translator's business and are not compared.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

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
class Skeleton:
    path: Path
    items: tuple[Item, ...]
    #: footnote label → the line it is first cited on, and the index of the item it follows
    notes: dict[str, tuple[int, int]]
    #: footnote labels defined (``[^label]: …``) → line
    definitions: dict[str, int]
    lines: int


def _short(text: str, most: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "\u2026"


def skeleton(path: Path, text: str) -> Skeleton:
    """The skeleton of a source's text (parsed as the reader parses it)."""
    from .markdown import markdown, strip_comments

    md = markdown()
    text = strip_comments(text)
    lines = text.split("\n")
    items: list[Item] = []
    notes: dict[str, tuple[int, int]] = {}

    def walk(source: str, offset: int) -> None:
        tokens = md.parse(source, {})
        for index, token in enumerate(tokens):
            line = (token.map[0] if token.map else 0) + offset + 1
            if token.type == "heading_open":
                title = tokens[index + 1].content if index + 1 < len(tokens) else ""
                items.append(Item(("section", token.tag), f"section {_short(title)!r} ({token.tag})", line))
            elif token.type == "colon_fence":
                match = _FENCE.match(lines[line - 1].strip()) if line - 1 < len(lines) else None
                name = (match.group(1) if match else token.info.strip("{} ")).strip()
                argument = match.group(2).strip() if match else ""
                key = ("directive", name, argument) if name in _KEYED else ("directive", name)
                shown = f"{{{name}}}" + (f" {_short(argument)!r}" if argument else "")
                items.append(Item(key, f"directive {shown}", line))
                walk(token.content, line)  # the body starts on the line after the fence
            elif token.type == "inline":
                for child in token.children or []:
                    if child.type == "footnote_ref":
                        label = child.meta.get("label", "")
                        found = line
                        end = (token.map[1] if token.map else line) + offset
                        for number in range(line - 1, min(end, len(lines))):
                            if f"[^{label}]" in lines[number]:
                                found = number + 1
                                break
                        notes.setdefault(label, (found, len(items) - 1))

    walk(text, 0)
    definitions: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        match = _DEFINITION.match(line)
        if match:
            definitions.setdefault(match.group(1), number)
    return Skeleton(path, tuple(items), notes, definitions, len(lines))


def compare(main: Skeleton, edition: Skeleton) -> list[tuple[Location, str, bool]]:
    """(location in the edition, message, whether it is an error) for every difference."""
    found: list[tuple[Location, str, bool]] = []
    a = [i.key for i in main.items]
    b = [i.key for i in edition.items]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    #: main item index → edition item index (for items that match)
    mapped: dict[int, int] = {}
    name = main.path.name

    def where(j: int) -> Location:
        """The edition's line for edition item ``j`` (its end when past the last item)."""
        if j < len(edition.items):
            return Location(edition.path, edition.items[j].line)
        return Location(edition.path, max(edition.lines - 1, 1))

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            mapped.update({i1 + k: j1 + k for k in range(i2 - i1)})
            continue
        for item in main.items[i1:i2]:
            found.append((where(j1), f"this edition lacks the {item.label} of {name}:{item.line}", True))
        for j in range(j1, j2):
            item = edition.items[j]
            found.append((where(j), f"{item.label} has no counterpart in {name}", False))
    for label, (line, after) in main.notes.items():
        if label in edition.notes:
            continue
        # where the note should be cited: after the edition's counterpart of what it follows
        j = max((mapped[i] for i in mapped if i <= after), default=-1)
        place = where(j) if j >= 0 else Location(edition.path, 1)
        found.append((place, f"this edition does not cite footnote [^{label}] (cited at {name}:{line})", True))
    for label, line in main.definitions.items():
        if label in main.notes and label not in edition.definitions and label in edition.notes:
            continue  # cited but undefined: reading the edition reports it
        if label not in edition.definitions and label in main.notes:
            found.append((Location(edition.path, max(edition.lines - 1, 1)),
                          f"this edition does not define footnote [^{label}] (defined at {name}:{line})", True))
    for label, (line, _) in edition.notes.items():
        if label not in main.notes:
            found.append((Location(edition.path, line), f"footnote [^{label}] is not cited in {name}", False))
    return found


def check(folder: Path, source: str) -> list[tuple[Location, str, bool]]:
    """Differences between a language edition's source and the main edition (none when
    either cannot be read: reading them reports that)."""
    from .editions import MAIN_SOURCE

    try:
        main_path, path = folder / MAIN_SOURCE, folder / source
        main_text = main_path.read_text(encoding="utf-8-sig")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    return compare(skeleton(main_path, main_text), skeleton(path, text))
