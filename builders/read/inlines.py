"""Inline Markdown tokens → Spans; cleaning of pasted text; link checking."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace

from markdown_it.token import Token

from ..errors import Collector, ReportError
from ..model import Inline, Location, Span

#: link schemes a source may use; ``#anchor`` links stay inside the document
ALLOWED_SCHEMES = ("http", "https", "mailto")

# Characters Word and web pages bring along: zero-width space and BOM vanish, line and
# paragraph separators become spaces (line numbers stay true), other C0/C1 controls go.
_INVISIBLE = {"\u200b": "", "\ufeff": "", "\u2028": " ", "\u2029": " ", "\u0000": ""}
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Normalise text pasted from Word or the web without changing its line structure."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for char, replacement in _INVISIBLE.items():
        text = text.replace(char, replacement)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def check_href(href: str, location: Location) -> str:
    """Return ``href`` if its scheme is allowed; internal ``#anchor`` links are allowed too."""
    if href.startswith("#"):
        return href
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", href)
    scheme = match.group(1).lower() if match else ""
    if scheme not in ALLOWED_SCHEMES:
        found = f"{scheme!r}" if scheme else "a relative link"
        raise ReportError(
            f"link {href!r}: expected an http, https or mailto URL or a #anchor, found {found}",
            location)
    return href


class InlineReader:
    """Turns one inline token's children into Spans.

    ``note_number`` maps a footnote label to its endnote number (assigned in order of first
    reference). ``locate`` finds the file location of a piece of raw source text, for errors.
    """

    def __init__(self, note_number: Callable[[str, Location], int],
                 locate: Callable[[Token, str], Location]) -> None:
        self.note_number = note_number
        self.locate = locate

    def spans(self, inline: Token, collector: Collector | None = None) -> Inline:
        own = collector or Collector()
        spans: list[Span] = []
        style = Span("")
        stack: list[Span] = []
        for child in inline.children or []:
            kind = child.type
            if kind in ("text", "html_inline", "html_block"):
                spans.append(replace(style, text=child.content))
            elif kind == "code_inline":
                spans.append(replace(style, text=child.content, code=True))
            elif kind == "softbreak":
                spans.append(replace(style, text=" "))
            elif kind == "hardbreak":
                spans.append(replace(style, text="\n"))
            elif kind in ("em_open", "strong_open", "link_open"):
                stack.append(style)
                if kind == "em_open":
                    style = replace(style, emphasis=True)
                elif kind == "strong_open":
                    style = replace(style, strong=True)
                else:
                    href = str(child.attrs.get("href", ""))
                    with own.guard():
                        style = replace(style, href=check_href(href, self.locate(inline, href)))
                        continue
                    style = replace(style, href=None)
            elif kind in ("em_close", "strong_close", "link_close"):
                style = stack.pop() if stack else Span("")
            elif kind == "footnote_ref":
                label = child.meta.get("label", "")
                with own.guard():
                    number = self.note_number(label, self.locate(inline, f"[^{label}]"))
                    spans.append(Span(str(number), note=number))
            elif kind == "image":
                own.add("images must stand alone in their own paragraph: ![alt text](path)",
                        self.locate(inline, "!["))
            else:  # pragma: no cover - every CommonMark inline type is handled above
                spans.append(replace(style, text=child.content))
        if collector is None:
            own.check()
        return merge(spans)


def merge(spans: list[Span]) -> Inline:
    """Join neighbouring spans of the same style; drop empty ones."""
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if out and span.note is None and out[-1].note is None and \
                replace(out[-1], text="") == replace(span, text=""):
            out[-1] = replace(out[-1], text=out[-1].text + span.text)
        else:
            out.append(span)
    # trim outer whitespace left by soft breaks
    if out and out[0].note is None:
        out[0] = replace(out[0], text=out[0].text.lstrip(" "))
    if out and out[-1].note is None:
        out[-1] = replace(out[-1], text=out[-1].text.rstrip(" "))
    return tuple(s for s in out if s.text)


def text_spans(text: str) -> Inline:
    """Plain text as spans (for option values such as captions)."""
    return (Span(text),) if text else ()


def attribution_line(inline: Token) -> list[Token] | None:
    """A quote paragraph whose last line starts with a dash, split into the text before it and
    that line (the attribution), or None."""
    children = inline.children or []
    for index in range(len(children) - 2, 0, -1):
        if children[index].type in ("softbreak", "hardbreak"):
            after = children[index + 1]
            if after.type == "text" and after.content.lstrip().startswith(("\u2014", "--")):
                return [inline.copy(children=children[:index]), inline.copy(children=children[index + 1:])]
            return None
    return None
