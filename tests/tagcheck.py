"""Checks of a tagged brief that read the file itself: what its content streams draw outside
marked content, its structure tree's elements, and what ``pdfinfo -struct-text`` reads back."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf

from conftest import require, run

#: operators that paint: text showing, path painting, XObjects and shadings
_PAINT = frozenset({"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"})


def is_brief(pdf: Path) -> bool:
    """Whether ``pdf`` is a brief briefkit wrote (not a deck LibreOffice converted, say)."""
    try:
        with pikepdf.open(pdf) as document:
            return str(document.docinfo.get("/Creator", "")) == "briefkit"
    except pikepdf.PdfError:
        return False


def strays(pdf: Path) -> list[tuple[int, str]]:
    """(page, operator) of everything painted outside marked content (tagged or an artifact),
    and of a marked-content sequence left unbalanced on a page."""
    found: list[tuple[int, str]] = []
    with pikepdf.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            depth = 0
            for _operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    depth += 1
                elif op == "EMC":
                    depth -= 1
                    if depth < 0:
                        found.append((number, "EMC without BDC"))
                        depth = 0
                elif op in _PAINT and depth == 0:
                    found.append((number, op))
            if depth:
                found.append((number, f"{depth} sequence(s) left open"))
    return found


def elements(node):
    """Every structure element under ``node`` (a pikepdf object), depth first, in order."""
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.StructElem:
            yield kid
            yield from elements(kid)


def struct_text(pdf: Path) -> list[tuple[str, str]]:
    """(type, text) of each element ``pdfinfo -struct-text`` prints, in order; the text an
    element holds itself (its marked content, around any child element) joined."""
    out = run(require("pdfinfo"), "-struct-text", str(pdf)).stdout
    items: list[tuple[str, str]] = []
    owners: dict[int, int] = {}  # indentation → the element last printed at it
    for line in out.splitlines():
        indent = len(line) - len(line.lstrip())
        tag = re.match(r"\s*([A-Za-z0-9]+)(?: <[^>]*>)?(?: \((?:block|inline)\)|:)?$", line)
        if tag:
            owners[indent] = len(items)
            items.append((tag.group(1), ""))
        elif line.strip().startswith('"') and indent - 2 in owners:
            n = owners[indent - 2]
            items[n] = (items[n][0], items[n][1] + line.strip()[1:-1])
    return items


def struct_reading(pdf: Path, skip: tuple[str, ...] = ()) -> str:
    """All the text ``pdfinfo -struct-text`` prints, in the order it prints it (the order a
    screen reader reads the structure in), a line for each piece of marked content, less what
    elements of the types in ``skip`` hold themselves (a Figure's drawn labels, which its alt
    text stands for)."""
    out = run(require("pdfinfo"), "-struct-text", str(pdf)).stdout
    owners: dict[int, str] = {}
    kept = []
    for line in out.splitlines():
        indent = len(line) - len(line.lstrip())
        tag = re.match(r"\s*([A-Za-z0-9]+)(?: <[^>]*>)?(?: \((?:block|inline)\)|:)?$", line)
        if tag:
            owners[indent] = tag.group(1)
        elif line.strip().startswith('"') and owners.get(indent - 2) not in skip:
            kept.append(line.strip()[1:-1])
    return "\n".join(kept)
