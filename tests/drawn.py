"""What a chart's Drawing (the brief's chart, as it goes into the PDF) holds: its strings where
they are drawn, and its stroked paths, read back for tests."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Path, String, mmult


@dataclass(frozen=True)
class Drawn:
    """A string of a drawing: its text, where it is anchored (page units) and how."""

    text: str
    x: float
    y: float
    anchor: str
    font: str


def strings(node, matrix=(1, 0, 0, 1, 0, 0)) -> list[Drawn]:
    """Every String of ``node``, in drawing order, placed through its groups' transforms."""
    found: list[Drawn] = []
    for child in getattr(node, "contents", ()):
        if isinstance(child, String):
            a, b, c, d, e, f = matrix
            found.append(Drawn(str(child.text), round(a * child.x + c * child.y + e, 2),
                               round(b * child.x + d * child.y + f, 2), child.textAnchor, child.fontName))
        else:
            found += strings(child, mmult(matrix, getattr(child, "transform", (1, 0, 0, 1, 0, 0))))
    return found


def paths(node) -> list[Path]:
    """Every Path of ``node`` that paints (not a clipping path), in drawing order."""
    found: list[Path] = []
    for child in getattr(node, "contents", ()):
        if isinstance(child, Path):
            if not child.isClipPath:
                found.append(child)
        else:
            found += paths(child)
    return found


def axis_labels(node, anchor: str) -> list[str]:
    """The tick labels of a value axis: the largest set of strings anchored ``anchor`` ("end"
    for a vertical axis, labels right-aligned at one x; "middle" for a horizontal one, centred
    on one y) that read as numbers, in drawing order."""
    rows: dict[float, list[str]] = {}
    for drawn in strings(node):
        if drawn.anchor == anchor and drawn.text.strip() and \
                all(ch.isdigit() or ch in ".,\u202f\xa0\u2212-" for ch in drawn.text.strip()):
            rows.setdefault(drawn.x if anchor == "end" else drawn.y, []).append(drawn.text.strip())
    return max(rows.values(), key=len, default=[])
