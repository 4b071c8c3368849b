"""The deck's colours from the template, and the colour of every run a slide holds, each
readable (WCAG: 4.5:1, 3:1 from 18 pt) against the ground actually under it: the template's
background, band or picture, or a card, bar or table cell the deck drew."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..shared import contrast
from ..shared.contrast import ink, is_dark, mix
from ..shared.theme import Colour, Theme
from ..store import remember
from . import xml
from .ground import Ground, colour
from .slide import Box
from .units import points
from .xml.opened import tree


def _typical(colours) -> Colour:
    """The colour most of ``colours`` are nearest to: their mean."""
    colours = list(colours)
    return Colour(
        "#" + "".join(f"{round(sum(c.rgb[i] for c in colours) / len(colours)):02X}" for i in range(3))
    )


def deck_theme(theme: Theme, ground: Ground, body: Box, own: bool) -> Theme:
    """``theme`` with the colours the deck draws in taken from the template: its text colour,
    its accents for bars, numbers and table heads (unless the template is the theme's ``own``),
    its ground for cards; each readable on the ground under the content area."""
    grounds = ground.under(body)
    base = _typical(grounds)
    dark = is_dark(base)
    c = dict(theme.colours)
    s = ground.colours
    if not own:
        text = s["tx1"] if contrast.worst(s["tx1"], grounds) >= 4.5 else (s["lt1"] if dark else s["dk1"])
        marks = [s[k] for k in ("dk2", "accent1", "accent2", "accent5", "tx1")]
        primary = next((m for m in marks if contrast.worst(m, grounds) >= 4.5), text)
        accent = next((m for m in (s["accent2"], s["accent1"], s["accent3"]) if m != primary
                       and contrast.worst(m, grounds) >= 3), primary)
        c.update(text=text, primary=primary, accent=accent, box_rule=primary, table_header=primary)
    # a tenth over the rule (4.5:1, 3:1), as the runs are (:class:`Settler`): chart text is set here
    c["text"] = ink(c["text"], grounds, 7.0 if not dark else 4.95)
    c["primary"] = ink(c["primary"], grounds, 4.95)
    c["accent"] = ink(c["accent"], grounds, 3.3)
    # a mid-tone ground (red, say) on which neither black nor white reads well: cards, table
    # rows and a panel behind each chart a pale tint of it, for small text to stand on
    hard = max(contrast.ratio(base, contrast.BLACK), contrast.ratio(base, contrast.WHITE)) < 5.5
    if hard:
        c["box"] = mix(base, contrast.WHITE, 0.88)
        # chart text stands on the panel (the runs on the slide are settled on their own ground)
        c["text"] = ink(c["text"], (c["box"],), 7.0)
        c["zebra"] = mix(base, contrast.WHITE, 0.78)
        c["background"] = c["panel"] = c["box"]
        c["rule"] = mix(base, contrast.WHITE, 0.5)
        c["muted"] = mix(c["text"], c["box"], 0.3)
    elif dark or not own:
        c["box"] = mix(base, c["text"], 0.08)
        c["zebra"] = mix(base, c["text"], 0.12)
        c["background"] = base
        c["rule"] = mix(base, c["text"], 0.3)
        c["muted"] = mix(c["text"], base, 0.3)
    c["muted"] = ink(c["muted"], (*grounds, c["box"]), 4.95)
    c["title_text"] = ink(c["title_text"], (c["primary"],), 4.95)
    c["table_header_text"] = ink(c["table_header_text"], (c["table_header"],), 4.95)
    return replace(theme, colours=c)


def series(colours: dict[str, Colour], grounds, accents: list[Colour] | None, actors) -> dict[str, Colour]:
    """Series colours readable as chart marks (3:1) on ``grounds``; those the theme does not fix
    (an actor's) taken from the template's ``accents`` in turn when given."""
    out, n = {}, 0
    for key, value in colours.items():
        if accents and key not in actors:
            value = accents[n % len(accents)]
            n += 1
        out[key] = ink(value, grounds, contrast.LARGE)
    return out


# ------------------------------------------------------------------ the pass over a slide

def _box(shape, inherited: dict) -> Box | None:
    """Where a shape is, in points; a placeholder that gives none of it takes its layout's
    (asked of python-pptx once per layout and placeholder: ``inherited``, each lookup walks the
    layout's shapes)."""
    left, top, width, height = xml.read.extent(shape)
    if None in (left, top, width, height) and shape.is_placeholder:
        if (left, top, width, height) == (None, None, None, None):
            idx = shape.placeholder_format.idx
            if idx not in inherited:
                inherited[idx] = (shape.left, shape.top, shape.width, shape.height)
            left, top, width, height = inherited[idx]
        else:
            left, top, width, height = shape.left, shape.top, shape.width, shape.height
    if left is None or top is None or width is None or height is None:
        return None
    return Box(points(left), points(top), points(width), points(height))


def _text_area(shape, b: Box) -> Box:
    """Roughly where a shape's text lies in its box: the lines its paragraphs take (each
    character half its size wide), at the top, middle or bottom as the frame is anchored."""
    import math

    anchor = xml.read.anchor(shape)
    width = max(b.w - 14.4, 1.0)
    height = 7.2
    for paragraph in shape.text_frame.paragraphs:
        sizes = [r.font.size.pt for r in paragraph.runs if r.font.size is not None] or [18.0]
        size = max(sizes)
        text = "".join(r.text for r in paragraph.runs)
        height += size * 1.2 * max(1, math.ceil(len(text) * size * 0.5 / width))
    height = min(height, b.h)
    top = b.y if anchor == "t" else b.y + b.h - height if anchor == "b" else b.y + (b.h - height) / 2
    return Box(b.x, top, b.w, height)


#: the run colours a layout gives (:func:`_inherited`), by its XML tree: (the tree, the ground's
#: colours, the run colours); the decks of a session share their template's layout trees
_INHERITED: dict[int, tuple] = {}
#: how many layouts' run colours are kept
_MOST_INHERITED = 64


def _inherited(layout, colours: dict[str, Colour]) -> dict[Any, Colour | None]:
    """The colours ``layout`` gives runs by default: its master's text styles' ("title", "body"
    …) and its own placeholders' (by idx: a footer's grey), on ``colours`` (the ground's scheme).
    Worked out once per layout tree and scheme: every slide rendered asks (a tenth of a title
    slide's time)."""
    element = tree(layout)
    found = _INHERITED.get(id(element))
    if found is not None and found[0] is element and found[1] == colours:
        return found[2]
    styles = xml.read.text_style_colours(layout.slide_master)
    inherited: dict[Any, Colour | None] = {key: colour(named, colours) for key, named in styles.items()}
    for ph in layout.placeholders:  # a layout's own placeholder styles (a footer's grey)
        own = colour(xml.read.placeholder_colour(ph), colours)
        if own is not None:
            inherited[ph.placeholder_format.idx] = own
    remember(_INHERITED, id(element), (element, dict(colours), inherited), _MOST_INHERITED)
    return inherited


class Settler:
    """Sets the colour of every run on a slide made from ``layout``: the colour it was given,
    or the one the template would give it, made readable on what lies under it."""

    def __init__(self, layout, ground: Ground, text: Colour, inherited: dict | None = None) -> None:
        self.ground = ground
        #: where the layout's placeholders are, by idx (shared by the slides of one layout)
        self.boxes: dict = {} if inherited is None else inherited
        self.text = text
        self.inherited = _inherited(layout, ground.colours)
        self.painted: list[tuple[Box, Colour]] = []

    def at(self, x: float, y: float) -> Colour:
        for b, fill in reversed(self.painted):
            if b.x <= x <= b.x + b.w and b.y <= y <= b.y + b.h:
                return fill
        return self.ground.at(x, y)

    def under(self, b: Box, steps: int = 4) -> tuple[Colour, ...]:
        return tuple(dict.fromkeys(self.at(b.x + b.w * (i + 0.5) / steps, b.y + b.h * (j + 0.5) / steps)
                                   for i in range(steps) for j in range(steps)))

    def settle(self, slide) -> None:
        self._shapes(slide.shapes)

    def _shapes(self, shapes) -> None:
        for shape in shapes:
            if shape.shape_type is not None and shape.shape_type == 6:  # a group: its own shapes
                self._shapes(shape.shapes)
                continue
            b = _box(shape, self.boxes)
            if b is None:
                continue
            fill = colour(xml.read.solid_fill(shape), self.ground.colours)
            if getattr(shape, "has_table", False) and shape.has_table:
                self._table(shape, b)
                continue
            if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
                grounds = (fill,) if fill is not None else self.under(_text_area(shape, b))
                self._runs(xml.read.text_runs(shape), grounds, self._default(shape))
            if fill is not None:
                self.painted.append((b, fill))

    def _default(self, shape) -> Colour:
        if not shape.is_placeholder:
            return self.text
        kind = shape.placeholder_format
        found = self.inherited.get(kind.idx)
        if found is not None:
            return found
        name = str(kind.type)
        if "TITLE" in name and "SUB" not in name:
            return self.inherited["title"] or self.ground.colours["tx1"]
        return self.inherited.get("body") or self.ground.colours["tx1"]

    def _table(self, shape, b: Box) -> None:
        for named, runs in xml.read.table_cells(shape):
            found = colour(named, self.ground.colours)
            self._runs(runs, (found,) if found else self.under(b), self.text)

    def _runs(self, runs: list[xml.read.Run], grounds, default: Colour) -> None:
        for run in runs:
            size = run.size or 12.0
            given = colour(run.colour, self.ground.colours)
            # a tenth over the rule: a rendered gradient or picture is not exactly what was sampled
            shown = ink(given or default, grounds, contrast.needed(size, run.bold) * 1.1)
            xml.write.run_colour(run.element, shown.hex.lstrip("#").upper())


def readable_links(prs, grounds) -> None:
    """Hyperlinks take the theme's link colours (PowerPoint and LibreOffice do not take a link's
    run colour): each master's theme gets its hlink and folHlink made readable on ``grounds``."""
    done = set()
    for master in prs.slide_masters:
        part = xml.read.theme_part(master)
        if part is None or id(part) in done:
            continue
        done.add(id(part))
        changed = {}
        for name, named in xml.read.link_colours(part).items():
            found = colour(named, {"dk1": Colour("#000000")})
            if found is None:
                continue
            shown = ink(found, grounds, contrast.TEXT * 1.1)
            if shown != found:
                changed[name] = shown.hex.lstrip("#")
        if changed:
            xml.write.link_colours(part, changed)
