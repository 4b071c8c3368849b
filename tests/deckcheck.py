"""Reading a rendered deck back: where LibreOffice put each word, and which shape holds it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pptx import Presentation

EMU_PER_PT = 12700
TOLERANCE = 1.5  # points


@dataclass(frozen=True)
class Rect:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    kind: str

    def holds(self, word: dict) -> bool:
        return (word["x0"] >= self.x0 - TOLERANCE and word["x1"] <= self.x1 + TOLERANCE
                and word["top"] >= self.top - TOLERANCE and word["bottom"] <= self.bottom + TOLERANCE)


def _norm(text: str) -> str:
    """Text to compare: no spaces, lower case, compatibility forms folded (the joined forms of
    Arabic letters LibreOffice draws), and no invisible direction marks or joiners."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u200c-\u200f\u202a-\u202e\u2066-\u2069]+", "", text).lower()


norm = _norm


def _flat(shapes):
    """Every shape, with those inside a group in its place (a group's children are placed in
    slide coordinates: briefkit groups keep their child offsets equal to their extents)."""
    for shape in shapes:
        if getattr(shape, "shape_type", None) == 6:  # MSO_SHAPE_TYPE.GROUP
            yield from _flat(shape.shapes)
        else:
            yield shape


def shape_rects(slide) -> list[Rect]:
    rects = []
    for shape in _flat(slide.shapes):
        if shape.left is None:
            continue
        x0, top = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
        x1, bottom = x0 + shape.width / EMU_PER_PT, top + shape.height / EMU_PER_PT
        if getattr(shape, "has_chart", False) and shape.has_chart:
            rects.append(Rect(x0, top, x1, bottom, "", "chart"))
        elif getattr(shape, "has_table", False) and shape.has_table:
            text = " ".join(c.text for row in shape.table.rows for c in row.cells)
            rects.append(Rect(x0, top, x1, bottom, _norm(text), "table"))
        elif shape.has_text_frame:
            rects.append(Rect(x0, top, x1, bottom, _norm(shape.text_frame.text), "text"))
    return rects


def words_outside_their_shapes(pptx: Path, rendered_pdf: Path) -> list[str]:
    """Every word LibreOffice drew that does not lie inside a shape holding that word."""
    deck = Presentation(pptx)
    problems = []
    with pdfplumber.open(rendered_pdf) as pdf:
        assert len(pdf.pages) == len(deck.slides), "one page per slide"
        for number, (slide, page) in enumerate(zip(deck.slides, pdf.pages), start=1):
            scale = page.width / (deck.slide_width / EMU_PER_PT)
            rects = shape_rects(slide)
            for word in page.extract_words(keep_blank_chars=False, use_text_flow=True):
                w = {k: word[k] / scale for k in ("x0", "x1", "top", "bottom")}
                token = _norm(word["text"])
                inside = [r for r in rects if r.holds(w)]
                numbering = re.fullmatch(r"[\u2022\u2013]|\d+\.|\.\d+",
                                         word["text"]) is not None  # ".4": right to left
                # right-to-left words come out of the rendering in drawing order: either way is the word
                # (a full stop after a right-to-left word at the end of a left-to-right sentence
                # is drawn after the word's letters, which come out in drawing order)
                bare = token.strip(".,;:\u2026")
                ok = any(
                    r.kind == "chart"
                    or token.strip("\u2026") in r.text
                    or token[::-1] in r.text
                    or not token
                    or (bare and bare[::-1] in r.text)
                    or (numbering and r.kind == "text")
                    for r in inside
                )
                if not ok:
                    where = "no shape" if not inside else "a shape without that text"
                    problems.append(f"slide {number}: {word['text']!r} at ({w['x0']:.0f},{w['top']:.0f})"
                                    f"-({w['x1']:.0f},{w['bottom']:.0f}) lies in {where}")
    return problems
