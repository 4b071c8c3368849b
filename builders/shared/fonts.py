"""Font files → registered ReportLab fonts, text metrics, and per-run fallback for any script.

Both builders use this: the brief to pick a font per run of text (so Chinese in an English
paragraph gets a CJK font instead of a missing-glyph box), the deck to measure text with the
real fonts' metrics before placing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from . import bidi, fontcache, fontfiles
from .theme import FontFamily, Theme

#: where parsed font metrics are kept between processes (the machine cache, ``store.machine("fonts")``);
#: see :func:`keep_metrics_in`
_metrics_folder: Path | None = None


def keep_metrics_in(folder: Path | None) -> None:
    """Keep the metrics ReportLab reads from each font file in ``folder``, so the next process
    does not parse the files again (a CJK font's tables take ~0.07 s to read). Like ReportLab's
    font registry, this holds for the whole process."""
    global _metrics_folder
    _metrics_folder = folder


def metrics_folder() -> Path | None:
    """Where this process keeps what it reads from font files (:func:`keep_metrics_in`), if anywhere."""
    return _metrics_folder


#: registered font name → SHA-256 of its file, for cache keys of things measured with it
_digests: dict[str, str] = {}
#: registered font name → its file
_files: dict[str, Path] = {}


@cache
def register(path: Path) -> str:
    """Register a TrueType file with ReportLab once; its name is the file's stem."""
    name = path.stem
    _deferred.pop(name, None)
    if name not in pdfmetrics.getRegisteredFontNames():
        _files[name] = path
        if _metrics_folder is not None:  # the digest keys the cache: without one nothing needs it yet
            _digests[name] = fontfiles.digest(path, _metrics_folder)
        pdfmetrics.registerFont(fontcache.load(name, path, _digests.get(name, ""), _metrics_folder))
    return name


def file_of(name: str) -> Path | None:
    """The file a font registered by :func:`register` was read from."""
    return _files.get(name)


def fingerprint(name: str) -> str:
    """The SHA-256 of a font registered by :func:`register` (its metrics are the file's)."""
    if name not in _digests and name in _files:
        _digests[name] = fontfiles.digest(_files[name], _metrics_folder)
    return _digests.get(name, name)


@cache
def register_family(family: FontFamily) -> str:
    """Register the four faces and map <b>/<i> for Paragraph markup; returns the regular name."""
    map_family(family)
    return register(family.file())


def map_family(family: FontFamily) -> None:
    """Map <b> and <i> in Paragraph markup to the family's faces. Registering a TrueType font
    again maps all four styles of that name to itself; calling this afterwards puts bold and
    italic back."""
    faces = {(b, i): register(family.file(b, i)) for b in (False, True) for i in (False, True)}
    regular = faces[(False, False)]
    for (bold, italic), name in faces.items():
        addMapping(regular, int(bold), int(italic), name)


#: fonts named by :func:`deferred_face` (name → file) or :func:`deferred_family` (name → the
#: family) and not read yet
_deferred: dict[str, Path | FontFamily] = {}


def deferred_face(family: FontFamily) -> str:
    """The name :func:`face_name` gives the regular face of ``family``, its file read only once
    text is set in it (:func:`runs` finds a character no font before it has): a deck's fallback
    fonts, which most decks never use (the CJK fallback's tables took a new deck process 30 ms
    to load). Until then, what it covers is read from the file's character set
    (:func:`.fontfiles.coverage`)."""
    path = family.file()
    name = path.stem
    if name not in pdfmetrics.getRegisteredFontNames():
        _deferred.setdefault(name, path)
        _files.setdefault(name, path)
    return name


def deferred_family(family: FontFamily) -> str:
    """The name :func:`register_family` gives ``family``, the family registered whole (its bold
    and italic mapped for Paragraph markup) only once text is set in it, as :func:`deferred_face`
    does for one face: a brief's fallback fonts, which most briefs never use (the CJK
    fallback's tables took a new brief process 26 ms to load, the other fallbacks 7 ms)."""
    name = family.file().stem
    if name in pdfmetrics.getRegisteredFontNames():
        return register_family(family)  # read already (its regular face, for a deck): map the rest
    _deferred[name] = family
    _files.setdefault(name, family.file())
    return name


def read(names) -> None:
    """Register each font of ``names`` that :func:`deferred_face` or :func:`deferred_family`
    named and nothing has set text in yet: what a drawing read back from a cache names
    (:func:`runs` reads a font when it sets text in it, and a kept drawing's text was set by
    another process)."""
    for name in names:
        _read(name)


def _read(name: str) -> None:
    """Register a font :func:`deferred_face` or :func:`deferred_family` named, if it is not yet."""
    found = _deferred.pop(name, None)
    if isinstance(found, FontFamily):
        register_family(found)
    elif found is not None:
        register(found)


@cache
def face_name(family: FontFamily, bold: bool = False, italic: bool = False) -> str:
    """The registered name of one face (only that face is read; :func:`register_family` maps
    all four for Paragraph markup)."""
    return register(family.file(bold, italic))


@cache
def _cmap(name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(name)
    return frozenset(font.face.charToGlyph)


@cache
def _characters(name: str) -> frozenset[str]:
    return frozenset(map(chr, _cmap(name)))


def covers(name: str, char: str) -> bool:
    found = _deferred.get(name)
    if found is not None:
        return char in fontfiles.coverage(found.file() if isinstance(found, FontFamily) else found,
                                          _metrics_folder)
    return ord(char) in _cmap(name)


def _has_all(name: str, text: str) -> bool:
    if name in _deferred:
        return all(covers(name, char) for char in text)
    return _characters(name).issuperset(text)


@dataclass(frozen=True)
class VerticalMetrics:
    """Ascent and descent as fractions of the font size."""

    ascent: float
    descent: float

    @property
    def line(self) -> float:
        return self.ascent + self.descent


@cache
def vertical_metrics(name: str) -> VerticalMetrics:
    face = pdfmetrics.getFont(name).face
    return VerticalMetrics(face.ascent / 1000, -face.descent / 1000)


_NEUTRAL = set(" \t\n\u00a0\u00ad\u2009\u202f")


@lru_cache(maxsize=65536)
def runs(text: str, primary: str, fallbacks: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Split ``text`` into ``(font name, text)`` runs: the primary font wherever it has the glyph,
    else the first fallback that has it. Spaces stay with the run they are in. (Remembered: the
    deck measures the same words again and again while it fits text.) A font named by
    :func:`deferred_face` is read once a run is set in it."""
    if _has_all(primary, text):  # most text: all of it in the primary font
        return ((primary, text),) if text else ()
    found = _runs(text, primary, fallbacks)
    for font in {font for font, _ in found}:
        _read(font)
    return found


def _runs(text: str, primary: str, fallbacks: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    if not bidi.has_rtl(text):
        return _merged(_char_runs(text, primary, fallbacks))
    # right-to-left text is shaped a word at a time, with one font: a word takes the first font
    # that has all of it (its punctuation and digits with its letters)
    out: list[tuple[str, str]] = []
    for word in _WORDS.findall(text):
        if word.isspace():
            out.append((out[-1][0] if out else primary, word))
            continue
        whole = next((f for f in (primary, *fallbacks) if _has_all(f, word)), None)
        out += [(whole, word)] if whole else _char_runs(word, primary, fallbacks)
    return _merged(out)


_WORDS = re.compile(r"\s+|\S+")


def _char_runs(text: str, primary: str, fallbacks: tuple[str, ...]) -> list[tuple[str, str]]:
    """A run per character: the primary font where it has the glyph, else the first fallback."""
    out: list[tuple[str, str]] = []
    for char in text:
        if char in _NEUTRAL or covers(primary, char):
            font = primary if not out or char not in _NEUTRAL else out[-1][0]
        else:
            font = next((f for f in fallbacks if covers(f, char)), primary)
        out.append((font, char))
    return out


def _merged(parts: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Neighbouring runs in one font as one."""
    out: list[tuple[str, str]] = []
    for font, text in parts:
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + text)
        else:
            out.append((font, text))
    return tuple(out)


def fallback_names(theme: Theme) -> tuple[str, ...]:
    """The theme's fallback fonts, each family registered whole (bold and italic mapped for
    Paragraph markup, as the brief needs) once text is set in it (:func:`deferred_family`)."""
    return tuple(deferred_family(f) for f in theme.fallback_fonts)


def fallback_faces(theme: Theme) -> tuple[str, ...]:
    """The same names as :func:`fallback_names`, only the regular faces, each read once text
    is set in it (:func:`deferred_face`): what a deck measures with."""
    return tuple(deferred_face(f) for f in theme.fallback_fonts)


def string_width(text: str, name: str, size: float, fallbacks: tuple[str, ...] = ()) -> float:
    """Width in points of ``text`` set in font ``name`` (fallback fonts measured where used)."""
    if not fallbacks:
        return pdfmetrics.stringWidth(text, name, size)
    return sum(pdfmetrics.stringWidth(part, font, size) for font, part in runs(text, name, fallbacks))


def shrink_to_fit(text: str, fits, size: float, floor: float) -> tuple[str, float]:
    """Text and size for which ``fits(text, size)`` holds: shrink by half points down to
    ``floor``, then drop words (or, for one long word, letters) from the end behind an ellipsis
    (the full text lives elsewhere: the sources slide, the cover)."""
    while size > floor and not fits(text, size):
        size -= 0.5
    words = text.split(" ")
    while len(words) > 1 and not fits(text, size):
        words = words[:-1]
        text = " ".join(words).rstrip(",;:\u00b7 ") + "\u2026"
    while len(text) > 1 and not fits(text, size):  # a single word too long: cut inside it
        text = text[:-2] + "\u2026"
    return text, size
