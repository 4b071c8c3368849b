"""Text measurement for the deck: how many lines a text takes in a box, with the real fonts.

PowerPoint's "shrink text on overflow" only acts when someone edits the text, so briefkit
decides sizes and splits itself, from the glyph widths and vertical metrics of the font files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..shared import fonts, languages
from ..shared.theme import FontFamily

#: line pitch as a multiple of the font's ascent + descent (PowerPoint and LibreOffice use 1.0
#: at single spacing; a little headroom absorbs rounding between renderers)
LINE_FACTOR = 1.02
#: share of the width kept free, for kerning and renderer differences
WIDTH_SLACK = 0.96
#: a run in a fallback face may be drawn in a wider font the renderer has (DejaVu Sans sets
#: Armenian a tenth wider than Noto Sans Armenian): one whose deck face (languages.DeckFace)
#: is not metric-compatible with the face measured here, or that has none, is counted this
#: many times as wide
FALLBACK_SLACK = 1.12


@dataclass(frozen=True)
class Measurer:
    """Measures text set in one font family (plus fallbacks for other scripts)."""

    family: FontFamily
    fallbacks: tuple[str, ...]
    #: the template's font that ``family`` is measured for when the theme has none of that name
    #: (wider Noto metrics, on the safe side): said in an error about room
    stands_for: str = field(default="", repr=False, compare=False)
    #: the registered name of the regular and the bold face (looked up for every text measured)
    _faces: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def face(self, bold: bool) -> str:
        found = self._faces.get(bold)
        if found is None:
            found = self._faces[bold] = fonts.face_name(self.family, bold=bold)
        return found

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return _width(text, self.face(bold), size, self.fallbacks)

    def piece_width(self, text: str, size: float, bold: bool = False) -> float:
        """Width of a piece no line may break (runs in a fallback face with room to spare)."""
        return _width(text, self.face(bold), size, self.fallbacks)

    def line_height(self, size: float) -> float:
        return line_em(self.family.file()) * size * LINE_FACTOR

    def lines(self, text: str, size: float, width: float, bold: bool = False) -> int:
        """Lines that ``text`` wraps to in a box ``width`` points wide (hard breaks kept)."""
        return sum(wrap_count(part, size, width * WIDTH_SLACK, self.face(bold), self.fallbacks)
                   for part in text.split("\n"))

    def pitch(self, text: str, size: float, bold: bool = False) -> float:
        """The line pitch of ``text``: the line height of the tallest font it is set in (a line
        with Arabic letters is taller than one in Calibri alone)."""
        return _pitch(text, size, self.face(bold), self.fallbacks, self.family.file())

    def height(self, text: str, size: float, width: float, bold: bool = False) -> float:
        """Height of ``text`` wrapped to ``width``: its lines at its :meth:`pitch`."""
        return self.lines(text, size, width, bold) * self.pitch(text, size, bold)


@lru_cache(maxsize=20000)
def _width(text: str, face: str, size: float, fallbacks: tuple[str, ...]) -> float:
    """Width in points of ``text`` set in ``face``, a run in a fallback face counted
    ``FALLBACK_SLACK`` times as wide unless the face the deck names for it has its metrics (the
    presentation program draws Georgian in Sylfaen, measured here in Noto Sans Georgian).
    Remembered, as :func:`_wrap_count` is: a table is fitted at each size of the scale, the
    same cells measured at each, and the editions of a batch fit the same tables."""
    if not fallbacks:
        return fonts.string_width(text, face, size)
    return sum(
        fonts.string_width(part, font, size) * (1.0 if font == face or _compatible(part) else FALLBACK_SLACK)
        for font, part in fonts.runs(text, face, fallbacks)
    )


@lru_cache(maxsize=20000)
def _pitch(text: str, size: float, face: str, fallbacks: tuple[str, ...], regular: Path) -> float:
    """:meth:`Measurer.pitch` of ``text`` set in ``face`` of the family whose regular face is
    the file ``regular`` (remembered: a table's rows are measured at each size it is tried at)."""
    tallest = line_em(regular) * size * LINE_FACTOR
    for font, _ in fonts.runs(text, face, fallbacks):
        path = fonts.file_of(font)
        if font != face and path is not None:
            tallest = max(tallest, line_em(path) * size * LINE_FACTOR)
    return tallest


@lru_cache(maxsize=4096)
def _compatible(run: str) -> bool:
    face = languages.deck_face(languages.language(run, ""))
    return face is not None and face.compatible


@lru_cache(maxsize=64)
def line_em(path: Path) -> float:
    """A single-spaced line of the font at ``path``, in ems, as presentation programs space it:
    the largest of the ascent, descent and line gap its tables give (hhea, OS/2 typographic)
    and of its Windows ascent and descent. ReportLab reads the typographic ascent and descent
    alone, which for Calibri's metrics (Carlito) is a fifth short of the line PowerPoint sets.
    Kept where the process keeps font metrics (the machine cache), by the file's digest, so a
    new process reads no font table for it (nor imports fontTools)."""
    from .. import store as cache_store
    from ..shared import fontfiles

    folder = fonts.metrics_folder()
    if folder is None:
        return _line_em(path)
    name = f"{cache_store.key('line-em', fontfiles.digest(path, folder))}.txt"
    return cache_store.through(folder, name, _number, lambda: _line_em(path), repr)


def _number(text: str) -> float | None:
    try:
        found = float(text)
    except ValueError:
        return None
    return found if 0 < found < 10 else None


def _line_em(path: Path) -> float:
    import logging

    from fontTools.ttLib import TTFont

    head_log = logging.getLogger("fontTools.ttLib.tables._h_e_a_d")  # warns of old font dates
    level = head_log.level
    head_log.setLevel(logging.ERROR)
    try:
        with TTFont(path, lazy=True) as font:
            hhea, units = font["hhea"], font["head"].unitsPerEm
            heights = [hhea.ascent - hhea.descent + hhea.lineGap]
            if "OS/2" in font:  # optional in a TrueType font (required only for Windows and OpenType)
                os2 = font["OS/2"]
                heights += [os2.sTypoAscender - os2.sTypoDescender + os2.sTypoLineGap,
                            os2.usWinAscent + os2.usWinDescent]
    finally:
        head_log.setLevel(level)
    return max(heights) / units


#: where a presentation program breaks a line: white space but the no-break spaces
_BREAK = re.compile(r"[^\S\xa0\u2007\u202f]+")


def unbreakable(text: str) -> list[str]:
    """The pieces of ``text`` a line never breaks inside: words, and words held together by
    no-break spaces ("19 сентября 2023" is one)."""
    return [w for w in _BREAK.split(text.strip()) if w]


#: line counts read back from the build before (:mod:`.measures`), by :func:`wrap_count`'s arguments
KNOWN: dict[tuple, int] = {}
#: the line counts this deck has used, to keep for the next build
USED: dict[tuple, int] = {}


def wrap_count(text: str, size: float, width: float, face: str, fallbacks: tuple[str, ...]) -> int:
    """:func:`_wrap_count`, or the count the build before kept (:mod:`.measures`)."""
    key = (text, size, width, face, fallbacks)
    found = KNOWN.get(key)
    if found is None:
        found = _wrap_count(text, size, width, face, fallbacks)
    USED[key] = found
    return found


@lru_cache(maxsize=20000)
def _wrap_count(text: str, size: float, width: float, face: str, fallbacks: tuple[str, ...]) -> int:
    """Greedy word wrap as presentation programs do it; words longer than a line break anywhere."""
    if not text.strip():
        return 1
    space = _width(" ", face, size, fallbacks)
    lines, used = 1, 0.0
    for word in _BREAK.split(text.strip()):
        w = _width(word, face, size, fallbacks)
        if used and used + space + w <= width:
            used += space + w
            continue
        if used:
            lines += 1
            used = 0.0
        while w > width:  # a word wider than the line is broken character by character
            taken = 0.0
            cut = 0
            for i, char in enumerate(word):
                cw = _width(char, face, size, fallbacks)
                if taken + cw > width and i:
                    break
                taken += cw
                cut = i + 1
            word = word[cut:]
            w = _width(word, face, size, fallbacks)
            lines += 1
        used = w
        if not word:
            lines -= 1
    return max(lines, 1)
