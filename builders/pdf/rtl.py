"""Right-to-left text in the brief: paragraphs laid out line by line in visual order, joined
letter forms from HarfBuzz, and text a reader can copy back.

ReportLab shapes words with HarfBuzz (``reportlab[shaping]``, i.e. uharfbuzz) when a paragraph
style asks for it; its own bidirectional layout needs ``rlbidi``, which is not published where
packages come from here, so the reordering is done around it: a paragraph holding Arabic-script
text is first broken into lines in reading order (ReportLab's line breaking, with the shaped
widths), then each line's words are put in the visual order :mod:`builders.shared.bidi` gives, and the
lines are set again with a forced break after each. Paragraphs without right-to-left text are
ReportLab's own, untouched.
"""

from __future__ import annotations

import html
import re
import unicodedata
from copy import copy
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph as rl_paragraph

from ..shared import bidi, fonts
from . import breaks as line_breaks

#: ReportLab's word separators (a no-break space is not one), so words split as its lines do
_SPACE = re.compile(f"[{re.escape(rl_paragraph._wsc)}]+")
_TOKEN = re.compile(r"<[^>]*>|[^<]+")
_BREAK = re.compile(r"<br\s*/>")
_ANCHOR = re.compile(r'<a name="([^"]*)"\s*/>')
_TAG_NAME = re.compile(r"</?\s*([A-Za-z]+)")


def _words(markup: str) -> tuple[list[str], list[str], set[int]]:
    """Split paragraph markup (written by :mod:`.markup`: escaped text, balanced tags) into
    self-contained words, each carrying the tags open around it; also each word's plain text,
    and the indices of words a forced line break follows."""
    words: list[list[str]] = [[]]
    plain: list[str] = [""]
    breaks: set[int] = set()
    open_tags: list[str] = []

    def next_word() -> None:
        if not plain[-1]:  # nothing but tags so far: they stay with the next word
            return
        words[-1].extend(f"</{_TAG_NAME.match(tag).group(1)}>" for tag in reversed(open_tags))  # type: ignore[union-attr]
        words.append(list(open_tags))
        plain.append("")

    for token in _TOKEN.findall(markup):
        if token.startswith("<"):
            if _BREAK.fullmatch(token):
                if plain[-1]:
                    breaks.add(len(plain) - 1)
                next_word()
            elif token.startswith("</"):
                open_tags.pop()
                words[-1].append(token)
            else:
                words[-1].append(token)
                if not token.endswith("/>"):
                    open_tags.append(token)
            continue
        for n, piece in enumerate(_SPACE.split(token)):
            if n:
                next_word()
            if piece:
                words[-1].append(piece)
                plain[-1] += html.unescape(piece)
    if not plain[-1] and len(words) > 1:
        words[-2].extend(words.pop())  # trailing tags (an anchor) end the last word
        plain.pop()
    return ["".join(w) for w in words], plain, breaks


class Paragraph(rl_paragraph.Paragraph):
    """ReportLab's Paragraph; one holding right-to-left text is set line by line in visual order."""

    #: names of the link targets (``<a name>``) a right-to-left paragraph sets at its start
    _anchors: list[str] = []

    def __init__(self, text, style=None, bulletText=None, frags=None, **kwargs) -> None:
        self._bidi: tuple[list[str], list[str], set[int], bool] | None = None
        if frags is None and isinstance(text, str) and bidi.has_rtl(text):
            # ReportLab cannot shape a word holding an anchor: anchors are set where the paragraph starts
            self._anchors = _ANCHOR.findall(text)
            words, plain, breaks = _words(_ANCHOR.sub("", text))
            #: the words as written (a tagged brief's ActualText: what extraction reads)
            self.logical_text = " ".join(plain)
            rtl = bidi.base_rtl(" ".join(plain))
            _turn_end_punctuation(words, plain, rtl)
            words, plain, breaks = _without_marks(words, plain, breaks)
            self._bidi = (words, plain, breaks, rtl)
            self._bidi_width: float | None = None
            style = _shaped_style(style, rtl)
            text = _joined([list(range(len(words)))], words, breaks)
        elif isinstance(text, str):
            text = unmarked(text)  # with no right-to-left letter the marks steer nothing
        super().__init__(text, style, bulletText, frags, **kwargs)

    def wrap(self, availWidth, availHeight):
        if self._bidi is not None and self._bidi_width != availWidth:
            self._bidi_width = availWidth
            words, plain, breaks, rtl = self._bidi
            self._setup(_joined([list(range(len(words)))], words, breaks), self.style, self.bulletText,
                        None, rl_paragraph.cleanBlockQuotedText)
            super().wrap(availWidth, availHeight)
            counts: list[Any] = [getattr(line, "wordCount", None) for line in self.blPara.lines]
            if self.blPara.kind == 0:
                counts = [len(line[1]) for line in self.blPara.lines]
            if None not in counts and sum(counts) == len(words):  # else: a word was split; keep reading order
                lines, start = [], 0
                for count in counts:
                    indices = list(range(start, start + count))
                    lines.append([indices[i] for i in bidi.word_order([plain[i] for i in indices], rtl)])
                    start += count
                self._setup(_joined(lines, words, set()), self.style, self.bulletText, None,
                            rl_paragraph.cleanBlockQuotedText)
        size = super().wrap(availWidth, availHeight)
        return line_breaks.at_most_two_in_a_row(self, lambda: super(Paragraph, self).wrap(availWidth,
                                                                                          availHeight), size)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if parts and self._anchors:
            parts[0]._anchors = self._anchors
        return parts

    def draw(self):
        super().draw()
        for name in self._anchors:
            self.canv.bookmarkHorizontal(html.unescape(name), 0, self.height)


_END_PUNCTUATION = re.compile("[.,;:!?\u060c\u061b]+$")
_CLOSERS = re.compile(r"((?:</[A-Za-z]+>)*)$")
_OPENERS = re.compile(r"(?:<[^/][^>]*[^/]>)*")


def _turn_end_punctuation(words: list[str], plain: list[str], rtl: bool) -> None:
    """A word is shaped, and so turned, as a whole: punctuation ending a word that runs against
    the paragraph ("كابل," in an English sentence) belongs on the other side of it (UAX #9 gives
    it the paragraph's direction), so it is moved to the word's start, where shaping puts it
    right."""
    text = " ".join(plain)
    levels = bidi.order(text, rtl).levels
    start = 0
    for i, word in enumerate(plain):
        end = _END_PUNCTUATION.search(word)
        if end and end.start() > 0 and levels.get(start + end.start() - 1,
                                                  0) % 2 != levels.get(start + end.start(), 0) % 2:
            markup = words[i]
            closers = _CLOSERS.search(markup).group(1)  # type: ignore[union-attr]
            escaped = end.group().replace("&", "&amp;")
            if markup[: len(markup) - len(closers)].endswith(escaped):
                body = markup[: len(markup) - len(closers) - len(escaped)] + closers
                lead = _OPENERS.match(body).end()  # type: ignore[union-attr]
                words[i] = body[:lead] + escaped + body[lead:]
                plain[i] = end.group() + word[: end.start()]
        start += len(word) + 1


_MARKS = {ord(mark): None for mark in bidi.MARKS}


def unmarked(text: str) -> str:
    """``text`` without the invisible direction marks (LRM, RLM, the Arabic letter mark,
    embeddings and isolates): they steer the order of a line, and no font draws them (a face
    without one would draw a box, and HarfBuzz another glyph)."""
    return text.translate(_MARKS)


def _without_marks(words: list[str], plain: list[str],
                   breaks: set[int]) -> tuple[list[str], list[str], set[int]]:
    """The words as drawn: marks taken out (once the order they steer is known from ``plain``,
    which keeps them), and a word that was nothing but marks left out (each word carries its own
    tags, so none is lost with it)."""
    kept_words: list[str] = []
    kept_plain: list[str] = []
    kept_breaks: set[int] = set()
    for index, word in enumerate(words):
        if unmarked(plain[index]):
            kept_words.append(unmarked(word))
            kept_plain.append(plain[index])
        if index in breaks and kept_words:
            kept_breaks.add(len(kept_words) - 1)
    return kept_words, kept_plain, kept_breaks


def _joined(lines: list[list[int]], words: list[str], breaks: set[int]) -> str:
    """Words in the given lines (each in drawing order), a forced break between lines and after
    the words in ``breaks``."""
    out = []
    for n, line in enumerate(lines):
        for k, index in enumerate(line):
            out.append(words[index])
            if k < len(line) - 1:
                out.append("<br/>" if index in breaks else " ")
        if n < len(lines) - 1:
            out.append("<br/>")
    return "".join(out)


def _shaped_style(style, rtl: bool):
    """The style with HarfBuzz shaping on, no hyphenation (a word's halves would be reordered
    apart), justified lines kept justified though each now ends in a break, and right-to-left
    paragraphs set flush right."""
    shaped = copy(style)
    shaped.shaping = 1
    shaped.hyphenationLang = ""
    shaped.justifyBreaks = 1 if style.alignment == TA_JUSTIFY and not rtl else 0
    if rtl and style.alignment != TA_CENTER:
        shaped.alignment = TA_RIGHT
    return shaped


def pieces(text: str, primary: str, fallbacks: tuple[str, ...]) -> list[tuple[str, str]]:
    """``(font, text)`` pieces of one label in drawing order, left to right; a right-to-left
    piece is in reading order, shaped (and so turned) when drawn (see :func:`drawn`)."""
    out: list[tuple[str, str]] = []
    for piece, backwards in bidi.runs(text):
        parts = fonts.runs(piece, primary, fallbacks)
        out += reversed(parts) if backwards else parts
    return out


def drawn(text: str, font: str, size: float) -> tuple[str, float]:
    """One piece of a line (see :func:`pieces`) as it is drawn, and its width: HarfBuzz's glyphs
    in drawing order when it runs right to left, else the text itself."""
    text = unmarked(text)
    if not bidi.has_rtl(text):
        return text, pdfmetrics.stringWidth(text, font, size)
    shaped = ttfonts.shapeStr(text, font, size)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:  # HarfBuzz changed nothing (a single letter)
        return shaped, pdfmetrics.stringWidth(text, font, size)
    return shaped, sum(d.x_advance for d in data) * size / 1000


def line_width(text: str, primary: str, fallbacks: tuple[str, ...], size: float) -> float:
    """Width of one line of ``text`` as its pieces are drawn."""
    return sum(drawn(part, font, size)[1] for font, part in pieces(text, primary, fallbacks))


# ------------------------------------------------------------------ text a reader copies back
#: ReportLab's ToUnicode writer, wrapped by :func:`keep_text_extractable`
_TO_UNICODE = ttfonts.makeToUnicodeCMap
_TATWEEL = "\u0640"


_SHAPE_FRAG_WORD = ttfonts.shapeFragWord
#: per font face, the private code drawing a glyph for a letter other than the one its own code
#: names (Uyghur ە drawn with the glyph of ه's final form), and that letter
_LETTERS: dict[str, dict[int, str]] = {}


def keep_text_extractable() -> None:
    """Have the PDF say which letter each contextual form stands for, as written.

    HarfBuzz gives joined forms as glyphs, which ReportLab draws through the code the font's
    character map gives the glyph: a presentation form (U+FE8E for ا at a word's end), which
    text extraction gives back as such, or a private-use code for a form without one (Pashto's
    ټ at a word's start), which it gives back as nothing. The font's ToUnicode map names the
    letter instead (see :func:`_forms`, and NFKC for a presentation form), so ``pdftotext`` and
    ``pdfplumber`` give "افغانستان" as written, not as forms. A glyph two letters share (ە and
    ه both end a word with one glyph in Noto Naskh) is drawn, for the letter its code does not
    name, through a private code of its own that names that letter (:func:`_shape_frag_word`).
    Fonts drawn without shaping have no such codes, and their maps are ReportLab's own."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    ttfonts.shapeFragWord = rl_paragraph.shapeFragWord = _shape_frag_word


def _shape_frag_word(w, *args, **kwargs):
    shaped = _SHAPE_FRAG_WORD(w, *args, **kwargs)
    if shaped is w or len(shaped) < 2:
        return shaped
    text = "".join(s for f, s in w[1:] if not hasattr(f, "cbDefn"))
    if not bidi.has_rtl(text):
        return shaped
    for n, piece in enumerate(shaped[1:], 1):
        frag, drawn_text = piece[0], piece[1]
        data = getattr(drawn_text, "__shapeData__", None)
        if data is None:
            continue
        font = pdfmetrics.getFont(frag.fontName)
        fixed = [_code_for(font, code, text[d.cluster]) if 0 <= d.cluster < len(text) else code
                 for code, d in zip(drawn_text, data)]
        if fixed != list(drawn_text):
            shaped[n] = type(piece)((frag, ttfonts.ShapedStr("".join(fixed), shapeData=data)))
    return shaped


def _code_for(font, code: str, letter: str) -> str:
    """The code that draws ``code``'s glyph and names ``letter`` (``code`` itself when it does)."""
    if not 0x0600 <= ord(letter) <= 0x08FF or _letter_of(font, ord(code)) in (letter, None):
        return code
    private = _LETTERS.setdefault(font.face.name if isinstance(font.face.name,
                                                               str) else font.face.name.decode(), {})
    glyph = font.face.charToGlyph[ord(code)]
    found = next((c for c, named in private.items() if named == letter and font.face.charToGlyph[c] == glyph),
                 None)
    if found is None:
        if not hasattr(font, "hbAddPrivate"):  # ReportLab sets it when it first shapes with the font:
            font.hbFont()  # a word shaped elsewhere (a digit U+06F5 amid Latin letters) comes first
        found = font.hbAddPrivate(f"briefkit.{glyph}.{ord(letter):04X}", glyph,
                                  font.face.charWidths[ord(code)])
        private[found] = letter
    return chr(found)


def letters(text: str, font_name: str) -> str:
    """The letters a shaped run's codes name (as its ToUnicode map gives them), in drawing order."""
    font = pdfmetrics.getFont(font_name)
    face = font.face.name if isinstance(font.face.name, str) else font.face.name.decode()
    private = _LETTERS.get(face, {})
    return "".join(private.get(ord(c)) or _letter_of(font, ord(c)) or c for c in text)


def _letter_of(font, code: int) -> str | None:
    """The letter the ToUnicode map names for ``code`` of a shaped font (None: not a form)."""
    if 0xE000 <= code <= 0xF8FF:
        return _forms(font.fontName).get(font.face.charToGlyph.get(code, -1))
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        letter = unicodedata.normalize("NFKC", chr(code))
        return letter if len(letter) == 1 else None
    return chr(code)


def _to_unicode_cmap(fontname: str, subset) -> str:
    cmap = _TO_UNICODE(fontname, subset)
    forms = [(i, v) for i, v in enumerate(subset) if 0xE000 <= v <= 0xF8FF or 0xFB50 <= v <= 0xFDFF
             or 0xFE70 <= v <= 0xFEFF]
    font = _font_named(fontname.split("+", 1)[-1]) if forms else None
    if font is None:
        return cmap
    face = font.face.name if isinstance(font.face.name, str) else font.face.name.decode()
    private = _LETTERS.get(face, {})
    for i, v in forms:
        letter = private.get(v) or _letter_of(font, v)
        if letter and letter != chr(v):
            cmap = cmap.replace(f"<{i:02X}> <{v:04X}>",
                                f"<{i:02X}> <{letter.encode('utf-16-be').hex().upper()}>")
    return cmap


def _font_named(face_name: str):
    for name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(name)
        if getattr(getattr(font, "face", None), "name", None) in (face_name, face_name.encode()):
            return font
    return None


_FORMS: dict[str, dict[int, str]] = {}


def _forms(name: str) -> dict[int, str]:
    """Glyph → the letter it is a form of, for every Arabic-script letter of font ``name``:
    HarfBuzz shapes each letter alone, first, in the middle and last in a word (between
    tatweels), and the glyph in the letter's place is that letter's form."""
    if name not in _FORMS:
        import uharfbuzz

        font = pdfmetrics.getFont(name)
        shaper = font.hbFont(10)
        found: dict[int, str] = {}
        for code in sorted(c for c in font.face.charToGlyph if 0x0600 <= c <= 0x08FF):
            letter = chr(code)
            for sample in (letter, letter + _TATWEEL, _TATWEEL + letter + _TATWEEL, _TATWEEL + letter):
                buffer = uharfbuzz.Buffer()
                buffer.add_str(sample)
                buffer.guess_segment_properties()
                uharfbuzz.shape(shaper, buffer, {})
                at = sample.index(letter)
                glyphs = [info.codepoint for info in buffer.glyph_infos if info.cluster == at]
                if glyphs:
                    found.setdefault(glyphs[0], letter)
        _FORMS[name] = found
    return _FORMS[name]
