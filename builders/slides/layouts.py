"""Find a template's layouts by what placeholders they hold, never by their (translatable) names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pptx.enum.shapes import PP_PLACEHOLDER

from ..errors import ReportError
from ..model import Location
from .slide import Box, Geometry
from .units import points

_TITLE = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
_CONTENT = {PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.TABLE, PP_PLACEHOLDER.CHART}
_FURNITURE = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}


def box(shape) -> Box:
    return Box(points(shape.left), points(shape.top), points(shape.width), points(shape.height))


def _kinds(layout) -> list:
    return [ph.placeholder_format.type for ph in layout.placeholders]


def _title(layout):
    return next((ph for ph in layout.placeholders if ph.placeholder_format.type in _TITLE), None)


def contents(layout) -> list:
    """The content placeholders (text, object, table, chart) of a layout or a slide."""
    return [ph for ph in layout.placeholders if ph.placeholder_format.type in _CONTENT]


@dataclass(frozen=True)
class Layouts:
    """The template's layouts by role."""

    title: object
    content: object
    two: object | None
    section: object | None
    title_only: object
    geometry: Geometry

    def for_role(self, role: str):
        return {"title": self.title, "content": self.content, "two": self.two or self.content,
                "section": self.section or self.title_only, "title_only": self.title_only}[role]


def find_layouts(prs, template: Path) -> Layouts:
    """Pick layouts by placeholder types; a clear error names what the template lacks."""
    slide_area = prs.slide_width * prs.slide_height
    title_layout = content = two = section = title_only = None
    best_content = 0.0
    for layout in prs.slide_layouts:
        kinds = _kinds(layout)
        title = _title(layout)
        bodies = contents(layout)
        if title_layout is None and PP_PLACEHOLDER.CENTER_TITLE in kinds:
            title_layout = layout
        if title is None or title.placeholder_format.type is PP_PLACEHOLDER.CENTER_TITLE:
            continue
        areas = [ph.width * ph.height / slide_area for ph in bodies]
        if len(bodies) == 1 and areas[0] > 0.25 and areas[0] > best_content:
            content, best_content = layout, areas[0]
        elif len(bodies) == 1 and areas[0] <= 0.25 and section is None:
            section = layout
        elif len(bodies) == 2 and two is None and min(areas) > 0.12 and \
                abs(bodies[0].top - bodies[1].top) < prs.slide_height * 0.05:
            two = layout
        elif not bodies and title_only is None:
            title_only = layout
    missing = []
    if content is None:
        missing.append("a title and one large content placeholder (for bullet, table and chart slides)")
    if title_only is None:
        missing.append("a title and no content placeholder (for quote slides)")
    if missing:
        raise ReportError("the PowerPoint template has no layout with " + "; nor one with ".join(missing),
                          Location(template))
    title_layout = title_layout or content
    body = box(contents(content)[0])
    if two is not None:
        left, right = sorted((box(ph) for ph in contents(two)), key=lambda b: b.x)
    else:
        half = (body.w - 18) / 2
        left, right = Box(body.x, body.y, half, body.h), Box(body.x + half + 18, body.y, half, body.h)
    geometry = Geometry(width=points(prs.slide_width), height=points(prs.slide_height),
                        title=box(_title(content)), body=body, left=left, right=right,
                        bold_titles=_bold_titles(prs),
                        cover_title=box(_title(title_layout)) if _title(title_layout) is not None else None)
    return Layouts(title_layout, content, two, section, title_only, geometry)


def _bold_titles(prs) -> bool:
    from pptx.oxml.ns import qn

    rpr = prs.slide_master._element.find(f"{qn('p:txStyles')}/{qn('p:titleStyle')}/{qn('a:lvl1pPr')}/"
                                         f"{qn('a:defRPr')}")
    return rpr is None or rpr.get("b") != "0"  # a template that says nothing: measure as bold


def theme_fonts(prs) -> tuple[str, str]:
    """The template theme's (major, minor) Latin typefaces: titles and body text."""
    from lxml import etree

    part = next(r.target_part for r in prs.slide_master.part.rels.values() if r.reltype.endswith("/theme"))
    root = etree.fromstring(part.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    major = root.find(".//a:majorFont/a:latin", ns)
    minor = root.find(".//a:minorFont/a:latin", ns)
    return (major.get("typeface") if major is not None else "", minor.get("typeface") if minor is not None else "")


def furniture(layout) -> list:
    return [ph for ph in layout.placeholders if ph.placeholder_format.type in _FURNITURE]
