"""Spans → ReportLab paragraph markup. Every character of content is escaped here.

ReportLab's Paragraph reads a small XML dialect; content must never become markup, so text
is escaped run by run, and tags are only those this module writes itself.
"""

from __future__ import annotations

import html

from reportlab.lib.fonts import tt2ps

from ..locale.furniture import source_parts
from ..model import Inline, Span
from ..shared import fonts
from . import breaks


def escape(value: str) -> str:
    """``&``, ``<`` and ``>`` as entities (html.escape: xml.sax.saxutils would import urllib
    and http.client, 20 ms of every build)."""
    return html.escape(value, quote=False)


def quoteattr(value: str) -> str:
    """An attribute value in double quotes, every special character an entity (ReportLab's
    parser turns them back)."""
    return f'"{html.escape(value)}"'

#: a narrow no-break space (a number's digit groups, ``1\u202f234,5``, or a date's ``2023\u202fг.``):
#: ReportLab's paragraphs break lines at U+202F (it is white space to them) and keep only U+00A0
#: whole, so every U+202F is set as U+00A0 in the brief
_NARROW_NO_BREAK = "\u202f"


def text(value: str, primary: str, fallbacks: tuple[str, ...], *, bold: bool = False,
         italic: bool = False) -> str:
    """Escaped text, with runs the primary font cannot show wrapped in a fallback font (its bold
    or italic face named outright: ReportLab does not apply an enclosing <b> to a <font face>)."""
    breaks.remember(value)  # a long URL breaks only after / . - ? & (see .breaks)
    value = value.replace(_NARROW_NO_BREAK, "\xa0")
    out = []
    for font, run in fonts.runs(value, primary, fallbacks):
        escaped = escape(run).replace("\n", "<br/>")
        face = tt2ps(font, int(bold), int(italic)) if bold or italic else font
        out.append(escaped if font == primary else f"<font face={quoteattr(face)}>{escaped}</font>")
    return "".join(out)


class Markup:
    """Turns spans into markup for one document: knows its fonts, link colour and notes."""

    def __init__(self, mono: str, fallbacks: tuple[str, ...], link_colour: str) -> None:
        self.mono = mono
        self.fallbacks = fallbacks
        self.link_colour = link_colour
        #: endnote numbers whose first marker has been written (it carries the back-link target)
        self.cited: set[int] = set()

    def span(self, span: Span, primary: str) -> str:
        if span.note is not None:
            anchor = ""
            if span.note not in self.cited:
                self.cited.add(span.note)
                anchor = f"<a name={quoteattr(f'noteref-{span.note}')}/>"
            return (f"{anchor}<super><a href={quoteattr(f'#note-{span.note}')}>{span.note}</a></super>")
        font = self.mono if span.code else primary
        body = text(span.text, font, self.fallbacks, bold=span.strong, italic=span.emphasis)
        if span.code:
            body = f"<font face={quoteattr(self.mono)}>{body}</font>"
        if span.strong:
            body = f"<b>{body}</b>"
        if span.emphasis:
            body = f"<i>{body}</i>"
        if span.href:
            body = f"<a href={quoteattr(span.href)} color={quoteattr(self.link_colour)}>{body}</a>"
        return body

    def inline(self, spans: Inline, primary: str) -> str:
        out = []
        for i, span in enumerate(spans):
            if span.note is not None and i and spans[i - 1].note is not None:
                out.append("<super>,</super>")  # neighbouring note markers read "6,7"
            out.append(self.span(span, primary))
        return "".join(out)

    def plain(self, value: str, primary: str) -> str:
        return text(value, primary, self.fallbacks)

    def source_line(self, source: str, notes: str, primary: str, language: str = "en") -> str:
        """ "<b>Source:</b> … <b>Notes:</b> …" under a table or figure ('' when neither)."""
        return " ".join(f"<b>{self.plain(label, primary)}</b> {self.plain(text, primary)}"
                        for label, text in source_parts(language, source, notes))
