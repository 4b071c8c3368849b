"""Choose a template's layouts by what they are: a horizontal title, the content placeholders
and their shapes, the master they belong to, the ground they paint; their (translatable)
names are only a hint. Every master of the template is considered."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pptx.enum.shapes import PP_PLACEHOLDER

from ..errors import ReportError
from ..model import Location
from ..shared import contrast
from . import xml
from .ground import Ground, free
from .slide import INSET_X, INSET_Y, Box, Geometry
from .units import points

if TYPE_CHECKING:
    from ..shared.theme import Theme
    from .fit import Measurer

_TITLE = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
_CONTENT = {PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.TABLE, PP_PLACEHOLDER.CHART}
_FURNITURE = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
_VERTICAL = {"vert", "vert270", "eaVert", "wordArtVert", "wordArtVertRtl", "mongolianVert"}
#: words in a layout's name that hint at its use (a hint only: names are translated and free)
_COVER_HINTS = ("title slide", "titre", "título da apresentação", "titel", "表紙", "タイトル スライド",
                "cover")


def box(shape) -> Box:
    return Box(points(shape.left), points(shape.top), points(shape.width), points(shape.height))


def _title(layout):
    return next((ph for ph in layout.placeholders if ph.placeholder_format.type in _TITLE), None)


def contents(layout) -> list:
    """The content placeholders (text, object, table, chart) of a layout or a slide, largest first."""
    found = [ph for ph in layout.placeholders if ph.placeholder_format.type in _CONTENT]
    return sorted(found, key=lambda ph: -(ph.width or 0) * (ph.height or 0))


def vertical(placeholder, layout) -> bool:
    """Whether a placeholder's text runs top to bottom (its own bodyPr, else its master's), or
    its box stands taller than wide as a title's never does."""
    vert = xml.read.text_direction(placeholder)
    if vert is None:
        kind = placeholder.placeholder_format.type
        inherited = next((ph for ph in layout.slide_master.placeholders
                          if ph.placeholder_format.type == kind
                          or (kind is PP_PLACEHOLDER.OBJECT
                              and ph.placeholder_format.type is PP_PLACEHOLDER.BODY)),
                         None)
        vert = xml.read.text_direction(inherited) if inherited is not None else None
    if vert in _VERTICAL:
        return True
    tall = (placeholder.height or 0) > (placeholder.width or 1)
    return placeholder.placeholder_format.type in _TITLE and tall


@dataclass
class Seen:
    """One layout as examined: its master, name, and what it is (for choices and refusals)."""

    layout: Any
    master: int
    name: str
    title: Any
    bodies: list
    what: str = ""
    ground: Any = None
    free_body: Any = None

    @property
    def where(self) -> str:
        return f"'{self.name}' (master {self.master + 1})"


@dataclass(frozen=True)
class Layouts:
    """The template's layouts by role (``title_only`` may be the content layout, its body then
    removed on the slide)."""

    title: Any
    content: Any
    two: Any
    section: Any
    title_only: Any
    geometry: Geometry
    #: role -> "'Name' (master N)": what ``briefkit check`` reports
    names: dict = field(default_factory=dict)
    #: layout part name -> its Ground (what it paints), for every layout used
    grounds: dict = field(default_factory=dict)

    def ground(self, layout) -> Ground:
        found = self.grounds.get(str(layout.part.partname))
        if found is None:
            found = self.grounds[str(layout.part.partname)] = Ground(layout, self.geometry.width,
                                                                     self.geometry.height)
        return found

    def for_role(self, role: str):
        return {"title": self.title, "content": self.content, "two": self.two or self.content,
                "section": self.section or self.title_only, "title_only": self.title_only}[role]


def _examine(prs) -> list[Seen]:
    seen = []
    for n, master in enumerate(prs.slide_masters):
        for layout in master.slide_layouts:
            title = _title(layout)
            bodies = contents(layout)
            item = Seen(layout, n, layout.name or "(unnamed)", title, bodies)
            if title is None:
                item.what = "no title placeholder"
            elif vertical(title, layout):
                item.what = "its title is vertical"
            elif any(vertical(b, layout) for b in bodies):
                item.what = "its text is vertical"
            seen.append(item)
    return seen


def _light(ground: Ground, area: Box) -> float:
    """How light the ground under ``area`` is (its darkest point's luminance)."""
    return min(contrast.luminance(c) for c in ground.under(area))


def _hinted(name: str, hints) -> bool:
    return any(h in name.lower() for h in hints)


def find_layouts(prs, template: Path) -> Layouts:
    """Pick layouts by what they hold; a clear error lists what was examined and what to add."""
    width, height = points(prs.slide_width), points(prs.slide_height)
    slide_area = width * height
    seen = _examine(prs)
    usable = [s for s in seen if not s.what]
    for s in usable:
        s.ground = Ground(s.layout, width, height)
        if s.bodies:
            s.free_body = _free(box(s.bodies[0]), s.ground)

    def area(s: Seen) -> float:
        b = s.free_body
        return b.w * b.h / slide_area if b is not None else 0.0

    def extra_small(s: Seen) -> bool:  # a corner tag or caption beside the main body
        return all(b.width * b.height < 0.25 * s.bodies[0].width * s.bodies[0].height for b in s.bodies[1:])

    candidates = [s for s in usable if s.bodies and s.title.placeholder_format.type is PP_PLACEHOLDER.TITLE
                  and area(s) > 0.2 and extra_small(s)]
    if not candidates:
        raise ReportError(_refusal(seen), Location(template))
    # light ground first (when the design has both), then a plain one (no artwork across the
    # content), then the larger free content area, then the earlier master
    content_seen = max(candidates, key=lambda s: (_light(s.ground, s.free_body) > 0.4,
                                                  -len(s.ground.under(s.free_body)), round(area(s), 2),
                                                  -s.master))
    content = content_seen.layout
    same = [s for s in usable if s.master == content_seen.master] + \
        [s for s in usable if s.master != content_seen.master]
    cover = _cover(usable, content_seen)
    title_only = next((s for s in same if not s.bodies and s is not cover and not _has(s,
                                                                                       PP_PLACEHOLDER.SUBTITLE)
                       and s.title.placeholder_format.type is PP_PLACEHOLDER.TITLE), content_seen)
    two = next((s for s in same
                if len(s.bodies) == 2 and s.title.placeholder_format.type is PP_PLACEHOLDER.TITLE
                and min(b.width * b.height for b in s.bodies) / slide_area > 0.12
                and abs(s.bodies[0].top - s.bodies[1].top) < prs.slide_height * 0.05), None)
    section = next((s for s in same if len(s.bodies) == 1 and s is not content_seen and s is not cover
                    and s.bodies[0].width * s.bodies[0].height / slide_area <= 0.25
                    and s.title.placeholder_format.type is PP_PLACEHOLDER.TITLE), None)
    body = content_seen.free_body
    title_box = _free(box(content_seen.title), content_seen.ground)
    if two is not None:
        left, right = sorted((box(ph) for ph in two.bodies[:2]), key=lambda b: b.x)
        left, right = _free(left, two.ground), _free(right, two.ground)
    else:
        half = (body.w - 18) / 2
        left, right = Box(body.x, body.y, half, body.h), Box(body.x + half + 18, body.y, half, body.h)
    geometry = Geometry(width=width, height=height, title=title_box, body=body, left=left, right=right,
                        bold_titles=xml.read.bold_titles(content.slide_master),
                        cover_title=_free(box(cover.title), cover.ground))
    chosen = {"title": cover, "content": content_seen, "two": two or content_seen,
              "section": section or title_only, "title_only": title_only}
    names = {role: s.where + ("" if s is not content_seen or role == "content" else ", its body removed")
             for role, s in chosen.items()}
    return Layouts(cover.layout, content, two.layout if two else None, section.layout if section else None,
                   title_only.layout, geometry, names,
                   {str(s.layout.part.partname): s.ground for s in chosen.values()})


def _free(area: Box, ground: Ground) -> Box:
    """``area`` less the template's own decorations in it (not those behind all of it)."""
    obstacles = [o for o in ground.obstacles()
                 if not (o.x <= area.x and o.y <= area.y and o.x + o.w >= area.x + area.w
                         and o.y + o.h >= area.y + area.h)]
    return free(area, obstacles)


def _has(s: Seen, kind) -> bool:
    return any(ph.placeholder_format.type is kind for ph in s.layout.placeholders)


def _cover(usable: list[Seen], content: Seen) -> Seen:
    """The title slide's layout: a centred title, or a title with a subtitle, or a layout named
    as a cover; the first master's first (a LibreOffice file keeps its cover artwork there);
    else the content layout."""
    ranked = [s for s in usable if _has(s, PP_PLACEHOLDER.CENTER_TITLE) or _has(s, PP_PLACEHOLDER.SUBTITLE)
              or _hinted(s.name, _COVER_HINTS)]
    if not ranked:
        return content
    return min(ranked, key=lambda s: (not (_has(s, PP_PLACEHOLDER.CENTER_TITLE) or _has(s,
                                                                                        PP_PLACEHOLDER.SUBTITLE)),
                                      s.master, not _hinted(s.name, _COVER_HINTS)))


def _refusal(seen: list[Seen]) -> str:
    lines = []
    for s in seen:
        if s.what:
            why = s.what
        elif not s.bodies:
            why = "no content placeholder"
        elif s.title.placeholder_format.type is PP_PLACEHOLDER.CENTER_TITLE:
            why = "a centred (cover) title"
        else:
            why = "its content placeholder is too small, or shares the slide with another as large"
        lines.append(f"{s.where}: {why}")
    return ("the PowerPoint template has no layout with a horizontal title and one large content placeholder "
            "(as 'Title and Content'), which every slide but the cover can use; layouts examined: "
            + "; ".join(lines) + ". Add such a layout to the template's master (in PowerPoint: View > "
            "Slide Master > Insert Layout, with a Title and a Content placeholder)")


def theme_fonts(prs, master=None) -> tuple[str, str]:
    """The template theme's (major, minor) Latin typefaces: titles and body text."""
    master = master or prs.slide_master
    part = next(r.target_part for r in master.part.rels.values() if r.reltype.endswith("/theme"))
    return xml.read.theme_fonts(part.blob)


def furniture(layout) -> list:
    return [ph for ph in layout.placeholders if ph.placeholder_format.type in _FURNITURE]


def footer_fit(text: str, placeholder, measurer: Measurer, theme: Theme, wide: float = 0.0) -> tuple[float,
                                                                                                     int]:
    """The footer's size and lines in its placeholder, never cut: one line at the source
    lines' size or smaller down to their floor, else two lines at the floor when the
    placeholder is tall enough; 0 lines when it does not fit even so. ``wide``: the width it
    may be widened to instead (:func:`footer_span`)."""
    width = (max(points(placeholder.width), wide) - 2 * INSET_X) * 0.95
    size, floor = theme.deck.source_size.pt, theme.deck.source_min_size.pt
    while size > floor and measurer.width(text, size) > width:
        size = max(size - 0.5, floor)
    if measurer.width(text, size) <= width:
        return size, 1
    room = points(placeholder.height) - 2 * INSET_Y
    return floor, 2 if measurer.lines(text, floor,
                                      width / 0.95) <= 2 and 2 * measurer.line_height(floor) <= room \
        else 0


def footer_span(placeholder, layout, body: Box) -> tuple[float, float]:
    """The widest the footer may be (points): the bottom band between the slide number and the
    content area's edges (the date's place is free: the footer carries the date)."""
    left, right = points(placeholder.left), points(placeholder.left) + points(placeholder.width)
    numbers = [p for p in furniture(layout) if p.placeholder_format.type is PP_PLACEHOLDER.SLIDE_NUMBER]
    start = max([body.x] + [points(p.left) + points(p.width) + 6 for p in numbers if points(p.left) < left])
    end = min([body.x + body.w] + [points(p.left) - 6 for p in numbers if points(p.left) > left])
    start, end = min(start, left), max(end, right)
    return start, end - start
