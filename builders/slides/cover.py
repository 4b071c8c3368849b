"""The title slide: the template's own placeholders filled (subtitle, then the byline and date in
its other text placeholders, top to bottom); what has no placeholder drawn under the title,
in the free part of the slide."""

from __future__ import annotations

from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR

from ..model import Span
from . import xml
from .ground import free
from .slide import INSET_X, INSET_Y, Box
from .units import emu, points

_TEXT = {PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}


def _box(shape) -> Box:
    return Box(points(shape.left), points(shape.top), points(shape.width), points(shape.height))


def fill(r, slide, lines: list[str]) -> None:
    """Write ``lines`` (subtitle, byline, date: those the report has) onto the cover."""
    if not lines:
        return
    holders = sorted((p for p in slide.placeholders if p.placeholder_format.type in _TEXT),
                     key=lambda p: (p.placeholder_format.type is not PP_PLACEHOLDER.SUBTITLE, p.top, p.left))
    style = r.theme.deck
    sizes = [style.subtitle_size.pt] + [style.byline_size.pt] * (len(lines) - 1)
    groups: list[tuple[Any, list[int]]] = []
    if holders:
        for n, holder in enumerate(holders[:len(lines)]):
            last = n == min(len(holders), len(lines)) - 1
            groups.append((holder, list(range(n, len(lines))) if last else [n]))
    else:
        groups.append((None, list(range(len(lines)))))
    for holder, indexes in groups:
        if holder is None:
            area = _below_title(r, slide)
            shape = slide.shapes.add_textbox(emu(area.x), emu(area.y), emu(area.w), emu(area.h))
            shape.name = "Cover lines"
            box, frame = area, shape.text_frame
        else:
            box = _placed(r, slide, holder)
            frame = holder.text_frame
        frame.clear()
        r._frame(frame, MSO_ANCHOR.TOP)
        chosen = [lines[i] for i in indexes]
        wanted = [sizes[i] for i in indexes]
        shrink = _fit(r, chosen, wanted, box)
        if holder is not None and _over(r, chosen, wanted, shrink, box):  # too little even at the floor
            grown = _grown(r, slide, holder, box, _used(r, chosen, wanted, box) + 2 * INSET_Y)
            if grown.y < box.y:  # grown up, away from the title under it: the lines stay by the title
                frame.vertical_anchor = MSO_ANCHOR.BOTTOM
            box = grown
            shrink = _fit(r, chosen, wanted, box)
        if _over(r, chosen, wanted, shrink, box):  # no room to grow into: under the floor, not out of the box
            shrink = _fit(r, chosen, wanted, box, floor=10.0)
        for k, (line, i) in enumerate(zip(chosen, indexes)):
            paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
            r._spacing(paragraph, 0 if k == 0 else 6)
            xml.no_bullet(paragraph)
            r._runs(paragraph, (Span(line),), sizes[i] * shrink)


def _over(r, lines: list[str], sizes: list[float], factor: float, box: Box) -> bool:
    """Whether ``lines`` at ``sizes`` times ``factor`` run out of ``box``."""
    return _used(r, lines, [size * factor for size in sizes], box) > box.h - 2 * INSET_Y + 1


def _used(r, lines: list[str], sizes: list[float], box: Box) -> float:
    """The height ``lines`` take at ``sizes`` in ``box``'s width, with the space between them."""
    return sum(r.measurer.height(line, size, box.w - 2 * INSET_X) + 6 for line, size in zip(lines, sizes))


#: the cover's lines are slide text: never under the type scale's floor (.preflight.FLOOR)
_FLOOR = 14.0


def _fit(r, lines: list[str], sizes: list[float], box: Box, floor: float | None = None) -> float:
    """The factor (down to 0.6 of the theme's sizes, never under the type scale's floor or
    ``floor``) at which ``lines`` fit ``box`` (the smallest allowed, when they fit at none)."""
    floor = max(_FLOOR, r.theme.deck.min_size.pt) if floor is None else floor
    factor = 1.0
    while factor > 0.6 and min(sizes) * (factor - 0.05) >= floor - 1e-9 and \
            _used(r, lines, [size * factor for size in sizes], box) > box.h - 2 * INSET_Y:
        factor -= 0.05
    return factor


def _grown(r, slide, holder, box: Box, needed: float) -> Box:
    """``box`` made ``needed`` points tall where the slide has room, away from the title: up
    when it stands above the title (down to 24 pt from the top), else down to the footer band
    (a template's one-line subtitle box took a subtitle, byline and date at 9.6 pt, which still
    ran out of it); the template's own pictures and shapes stay clear."""
    g = r.layouts.geometry
    title = g.cover_title or g.title
    others = [_box(p) for p in slide.placeholders if p is not holder and p.left is not None]
    others = [o for o in others if o.x < box.x + box.w and box.x < o.x + o.w]  # (in its column)
    if box.y + box.h <= title.y + 1:
        top = max([24.0] + [o.y + o.h + 6 for o in others if o.y + o.h <= box.y + 1])
        top = max(top, box.y + box.h - needed)
        area = Box(box.x, top, box.w, box.y + box.h - top)
    else:
        bottom = min([g.height * 0.92] + [o.y - 6 for o in others if o.y >= box.y + box.h - 1])
        area = Box(box.x, box.y, box.w, min(needed, bottom - box.y))
    area = free(area, r.layouts.ground(slide.slide_layout).obstacles())
    if area.h <= box.h or area.w < box.w * 0.9:
        return box
    holder.left, holder.top, holder.width, holder.height = (emu(v) for v in (area.x, area.y, area.w, area.h))
    return area


def _below_title(r, slide) -> Box:
    """The free area under the cover's title, down to the footer band."""
    g = r.layouts.geometry
    title = g.cover_title or g.title
    top = title.y + title.h + 6
    area = Box(title.x, top, title.w, max(48.0, g.height * 0.92 - top))
    if area.y + area.h > g.height:  # a title at the foot of the slide: the lines go above it
        area = Box(title.x, max(12.0, title.y - 120), title.w, min(114.0, title.y - 12))
    ground = r.layouts.ground(slide.slide_layout)
    return free(area, ground.obstacles())


def _placed(r, slide, holder) -> Box:
    """Put ``holder`` where its layout's placeholder of its kind is (a LibreOffice layout's
    placeholders share index 0, so the slide's would sit on the title), below the title."""
    kind = holder.placeholder_format.type
    same = [p for p in slide.slide_layout.placeholders if p.placeholder_format.type is kind]
    ours = [p for p in slide.placeholders if p.placeholder_format.type is kind]
    source = same[ours.index(holder)] if holder in ours and ours.index(holder) < len(same) else holder
    box = _box(source)
    title = r.layouts.geometry.cover_title
    if title is not None and box.y < title.y + title.h and title.y < box.y + box.h:
        below = title.y + title.h + 6
        if box.y + box.h - below > 36:
            box = Box(box.x, below, box.w, box.y + box.h - below)
    holder.left, holder.top, holder.width, holder.height = (emu(v) for v in (box.x, box.y, box.w, box.h))
    return box
