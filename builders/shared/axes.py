"""Axis steps and label levels: the same arithmetic for the brief's matplotlib charts and the
deck's native charts, so both show the same ticks and stack timeline labels alike."""

from __future__ import annotations


def nice_step(span: float, most: int) -> int:
    """The smallest whole step of 1, 2 or 5 × 10^n that divides ``span`` into at most ``most``
    intervals: integer axes and year axes label every step."""
    step, scale = 1, 1
    while span / step > most:
        for factor in (1, 2, 5):
            step = factor * scale
            if span / step <= most:
                break
        else:
            scale *= 10
            continue
        break
    return step


def label_levels(spans: list[tuple[float, float]]) -> list[int]:
    """Stack labels that would overlap: each (start, end) span gets the lowest level where it
    meets no earlier span. Used by both timeline drawings (brief and deck)."""
    levels: list[list[tuple[float, float]]] = []
    out = []
    for start, end in spans:
        level = 0
        while level < len(levels) and any(a < end and start < b for a, b in levels[level]):
            level += 1
        if level == len(levels):
            levels.append([])
        levels[level].append((start, end))
        out.append(level)
    return out
