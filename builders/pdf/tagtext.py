"""What a tagged brief's text says beside what it shows: a space at the end of each line, a
``Span`` with ``/Lang`` around words in another language than their paragraph's, and a
``Reference`` around a note's raised number. ReportLab's text object is wrapped while a brief
is drawn (:func:`.tagging.installed`); its tagger (the canvas's ``_tagger``, a
:class:`.tagging.Tagger`) opens the marked content.
"""

from __future__ import annotations

import functools
from typing import Any

from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.textobject import PDFTextObject

from ..shared import languages
from . import rtl

_original_format_text = PDFTextObject._formatText
_original_text_out = PDFTextObject._textOut
#: what may end a line with no space after it: a hyphen or dash the line broke after, or a
#: letter of a script written without spaces
_JOINS_NEXT_LINE = frozenset("-\u00ad\u2010\u2011\u2013\u2014/")


def _joins_next_line(last: str) -> bool:
    return (
        last.isspace()
        or last in _JOINS_NEXT_LINE
        or "\u2e80" <= last <= "\u9fff"
        or "\uf900" <= last <= "\ufaff"
        or "\uff00" <= last <= "\uffef"
    )


def _text_out(self, text, TStar=0) -> None:
    """A tagged line ends in a space (drawn past its end: nothing moves), so the last word of
    one line and the first of the next never read as one ("andChinese"); not after a hyphen
    or dash, nor after Chinese."""
    tagger: Any = getattr(self._canvas, "_tagger", None)
    if TStar and text and tagger is not None and tagger.leaf is not None and not _joins_next_line(text[-1]):
        self._code.append(f"{self._formatText(text)} {self._formatText(' ')} T*")
        return
    _original_text_out(self, text, TStar)


def _format_text(self, text) -> str:
    """Text in another language than its paragraph's drawn as a ``Span`` with ``/Lang`` (a
    Kazakh name in an English brief: the paragraph's marked content is closed, the span's
    opened with an MCID of its own, and the paragraph's opened again after it)."""
    tagger: Any = getattr(self._canvas, "_tagger", None)
    leaf = tagger.leaf if tagger is not None else None
    if leaf is None or not text or leaf.tag == "Figure":
        return _original_format_text(self, text)
    if self._rise > 0 and text.isdigit():  # a note's number: its Reference
        return tagger.reference(_original_format_text(self, text), text)
    document = tagger.language
    around = leaf.lang or document
    if isinstance(text, ShapedStr):  # one shaped word: its language from its letters
        found = {lang or document for piece, lang in languages.spans(rtl.letters(text, self._fontname),
                                                                     document)
                 if languages.has_letter(piece)}
        lang = found.pop() if len(found) == 1 else around
        pieces: tuple | None = None if languages.primary(lang) == languages.primary(around) else ((text,
                                                                                                   lang),)
    elif around is document and tagger.latin and text.isascii():
        pieces = None  # the most common case: English in an English brief
    else:
        pieces = _pieces(str(text), document, around)
    if pieces is None:
        return _original_format_text(self, text)
    return " ".join(_original_format_text(self, piece) if lang is None
                    else tagger.span(lang, _original_format_text(self, piece))
                    for piece, lang in pieces)


@functools.lru_cache(maxsize=4096)
def _pieces(text: str, document: str, around: str) -> tuple[tuple[str, str | None], ...] | None:
    """``text``'s pieces, each with the language of its span (None: the paragraph's own), or
    None when all of it is in the paragraph's language (``around``)."""
    pieces = [(piece, (lang or document) if languages.has_letter(piece) else around)
              for piece, lang in languages.spans(text, document)]
    own = languages.primary(around)
    if all(languages.primary(lang) == own for _, lang in pieces):
        return None
    return tuple((piece, None if languages.primary(lang) == own else lang) for piece, lang in pieces)


def install() -> None:
    PDFTextObject._formatText = _format_text
    PDFTextObject._textOut = _text_out


def uninstall() -> None:
    PDFTextObject._formatText = _original_format_text
    PDFTextObject._textOut = _original_text_out
