"""The deck's colours from the template, and the colour of every run a slide holds, each
readable (WCAG: 4.5:1, 3:1 from 18 pt) against the ground actually under it: the template's
background, band or picture, or a card, bar or table cell the deck drew."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

from ..shared import contrast
from ..shared.contrast import ink, is_dark, mix
from ..shared.theme import Colour, Theme
from .ground import Ground, colour
from .slide import Box
from .units import points


def _typical(colours) -> Colour:
    """The colour most of ``colours`` are nearest to: their mean."""
    colours = list(colours)
    return Colour("#" + "".join(f"{round(sum(c.rgb[i] for c in colours) / len(colours)):02X}" for i in range(3)))


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

_RUNS = (qn("a:r"), qn("a:fld"))


def _box(shape) -> Box | None:
    if shape.left is None or shape.width is None:
        return None
    return Box(points(shape.left), points(shape.top), points(shape.width), points(shape.height))


def _own_fill(element, colours) -> Colour | None:
    pr = element.find(qn("p:spPr"))
    fill = pr.find(qn("a:solidFill")) if pr is not None else None
    return colour(fill[0], colours) if fill is not None and len(fill) else None


def _style_colour(element, colours) -> Colour | None:
    """A run colour a list style names (lvl1 default run properties), or None."""
    if element is None:
        return None
    found = element.find(f".//{qn('a:lvl1pPr')}/{qn('a:defRPr')}/{qn('a:solidFill')}")
    return colour(found[0], colours) if found is not None and len(found) else None


def _text_area(shape, b: Box) -> Box:
    """Roughly where a shape's text lies in its box: the lines its paragraphs take (each
    character half its size wide), at the top, middle or bottom as the frame is anchored."""
    import math

    body = shape._element.find(qn("p:txBody"))
    pr = body.find(qn("a:bodyPr")) if body is not None else None
    anchor = pr.get("anchor", "t") if pr is not None else "t"
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


class Settler:
    """Sets the colour of every run on a slide made from ``layout``: the colour it was given,
    or the one the template would give it, made readable on what lies under it."""

    def __init__(self, layout, ground: Ground, text: Colour) -> None:
        self.ground = ground
        self.text = text
        master = layout.slide_master._element
        styles = master.find(qn("p:txStyles"))
        colours = ground.colours
        self.inherited: dict[Any, Colour | None] = {
            "title": _style_colour(styles.find(qn("p:titleStyle")) if styles is not None else None, colours),
            "body": _style_colour(styles.find(qn("p:bodyStyle")) if styles is not None else None, colours),
        }
        for ph in layout.placeholders:  # a layout's own placeholder styles (a footer's grey)
            found = _style_colour(ph._element.find(f".//{qn('a:lstStyle')}"), colours)
            if found is not None:
                self.inherited[ph.placeholder_format.idx] = found
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
            b = _box(shape)
            if b is None:
                continue
            element = shape._element
            fill = _own_fill(element, self.ground.colours)
            if getattr(shape, "has_table", False) and shape.has_table:
                self._table(shape, b)
                continue
            if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
                grounds = (fill,) if fill is not None else self.under(_text_area(shape, b))
                self._runs(element.find(qn("p:txBody")), grounds, self._default(shape))
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
        for cell in shape._element.iter(qn("a:tc")):
            pr = cell.find(qn("a:tcPr"))
            fill = pr.find(qn("a:solidFill")) if pr is not None else None
            found = colour(fill[0], self.ground.colours) if fill is not None and len(fill) else None
            self._runs(cell.find(qn("a:txBody")), (found,) if found else self.under(b), self.text)

    def _runs(self, body, grounds, default: Colour) -> None:
        if body is None:
            return
        for run in body.iter(*_RUNS):
            rpr = run.find(qn("a:rPr"))
            if rpr is None:
                rpr = etree.SubElement(run, qn("a:rPr"))
                run.insert(0, rpr)
            size = int(rpr.get("sz", "0")) / 100 or 12.0
            fill = rpr.find(qn("a:solidFill"))
            given = colour(fill[0], self.ground.colours) if fill is not None and len(fill) else None
            # a tenth over the rule: a rendered gradient or picture is not exactly what was sampled
            shown = ink(given or default, grounds, contrast.needed(size, rpr.get("b") == "1") * 1.1)
            _set_fill(rpr, shown)


#: what follows a:solidFill inside a:rPr (CT_TextCharacterProperties' sequence)
_AFTER_FILL = tuple(qn(t) for t in ("a:effectLst", "a:effectDag", "a:highlight", "a:uLnTx", "a:uLn", "a:uFillTx",
                                    "a:uFill", "a:latin", "a:ea", "a:cs", "a:sym", "a:hlinkClick",
                                    "a:hlinkMouseOver", "a:rtl", "a:extLst"))


def _set_fill(rpr, shown: Colour) -> None:
    for old in rpr.findall(qn("a:solidFill")) + rpr.findall(qn("a:noFill")) + rpr.findall(qn("a:gradFill")):
        rpr.remove(old)
    fill = etree.Element(qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=shown.hex.lstrip("#").upper())
    after = next((child for child in rpr if child.tag in _AFTER_FILL), None)
    if after is None:
        rpr.append(fill)
    else:
        after.addprevious(fill)


def readable_links(prs, grounds) -> None:
    """Hyperlinks take the theme's link colours (PowerPoint and LibreOffice do not take a link's
    run colour): each master's theme gets its hlink and folHlink made readable on ``grounds``."""
    done = set()
    for master in prs.slide_masters:
        part = next((r.target_part for r in master.part.rels.values() if r.reltype.endswith("/theme")), None)
        if part is None or id(part) in done:
            continue
        done.add(id(part))
        root = etree.fromstring(part.blob)
        colours: dict = {}
        changed = False
        for name in ("hlink", "folHlink"):
            node = root.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}")
            if node is None or not len(node):
                continue
            found = colour(node[0], colours or {"dk1": Colour("#000000")})
            if found is None:
                continue
            shown = ink(found, grounds, contrast.TEXT * 1.1)
            if shown != found:
                node.remove(node[0])
                etree.SubElement(node, qn("a:srgbClr"), val=shown.hex.lstrip("#"))
                changed = True
        if changed:
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
