"""A deck's template opened for a theme: its layouts found and the fonts it measures text with
(:func:`opened`, the first step of planning every deck), and that step taken before the first
report comes (:func:`warm`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..model import Meta
from ..shared.theme import FontFamily, Theme
from . import xml
from .fit import Measurer
from .layouts import Layouts, find_layouts, theme_fonts
from .template import open_template
from .template import stamp as _stamp


def opened(template: Path, theme: Theme, memo: dict | None) -> tuple:
    """The template opened (its sample slides dropped, its links checked), its layouts, and
    the measurers of its body and title text: (presentation, layouts, body, title). ``memo``:
    a session's memory of the templates it has checked and examined (:func:`open_template`,
    :func:`find_layouts_once`)."""
    from ..shared import fonts

    xml.fast_lookups()
    prs = open_template(template, memo)
    layouts = find_layouts_once(prs, template, memo)
    major, minor = theme_fonts(prs, layouts.content.slide_master)
    fallbacks = fonts.fallback_faces(theme)
    body_family, title_family = family_of(minor, theme), family_of(major, theme)
    if body_family in theme.deck_fonts:  # what a deck font lacks, the theme's heading font may have
        fallbacks = (fonts.face_name(theme.heading_font), *fallbacks)
    return (prs, layouts, Measurer(body_family, fallbacks, stands_for=_other(body_family, minor)),
            Measurer(title_family, fallbacks, stands_for=_other(title_family, major)))


def _other(family: FontFamily, name: str) -> str:
    """``name``, the template's font, when ``family`` (what measures it) is another font; ''."""
    return name if family.name.lower() != name.lower() else ""


def warm(theme: Theme, meta: Meta, template: Path | None, memo: dict) -> None:
    """What planning any deck with ``theme`` (and ``meta``'s template, unless ``template`` is
    given) does first, done before the first report comes
    (:meth:`builders.shared.writer.Writer.warm`): the template opened and examined, its
    measurers' faces registered, Pillow's readers and the title slide's module imported."""
    from PIL import Image as PILImage

    from . import cover  # noqa: F401 - (the title slide's)

    template = template or meta.deck.template or theme.template
    if template is None:
        return
    _, _, body, title = opened(template, theme, memo)
    for measurer in (body, title):
        measurer.face(False)
        measurer.face(True)
    PILImage.preinit()


def family_of(name: str, theme: Theme) -> FontFamily:
    """The theme font family matching a template font name (a deck font measured with its
    metric-compatible files first); else the theme's heading font, whose wide Noto metrics err
    on the safe side for most sans-serif fonts."""
    for family in (*theme.deck_fonts, theme.heading_font, theme.body_font, theme.mono_font,
                   *theme.fallback_fonts):
        if family.name.lower() == name.lower():
            return family
    return theme.heading_font


def find_layouts_once(prs, template: Path, memo: dict | None) -> Layouts:
    """The template's layouts (:func:`.layouts.find_layouts`), examined once per version of the
    template file in a session (``memo``): the editions of a batch open the same template, and
    examining its layouts and what they paint took a third of each deck's time. The layouts
    found are the same ones in each opening of the file (by their place among its masters'
    layouts), and what was measured of them is the same."""
    if memo is None:
        return find_layouts(prs, template)
    every = [layout for master in prs.slide_masters for layout in master.slide_layouts]
    key = ("layouts", *_stamp(Path(template)))
    found = memo.get(key)
    if found is None:
        layouts = find_layouts(prs, template)
        place = {str(layout.part.partname): n for n, layout in enumerate(every)}
        roles = ("title", "content", "two", "section", "title_only")
        found = memo[key] = (layouts, {r: place[str(getattr(layouts, r).part.partname)] for r in roles
                                       if getattr(layouts, r) is not None})
        return layouts
    layouts, places = found
    return replace(layouts, **{role: every[n] for role, n in places.items()})
