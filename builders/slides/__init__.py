"""The PowerPoint briefing deck, built with python-pptx on a template's own layouts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from ..errors import ReportError
from ..model import Location, Meta, Report
from ..shared.theme import Theme, series_colours
from ..store import Recent, Session, remember
from . import inks, kept, measures, package, xml
from .fit import Measurer
from .layouts import Layouts
from .opening import opened
from .plan import plan
from .slide import ImagePlan
from .template import open_template as open_template  # (its home before)
from .template import stamp as _stamp

#: slides in one deck (a briefing has 10-20): past it the source is refused at the slide past it
MAX_SLIDES = 400


def _property(text: str) -> str:
    """A document property as python-pptx takes it: at most 255 characters (a long summary is
    cut), no-break spaces as plain ones (they steer line breaks, which a property has none of)."""
    text = text.replace("\xa0", " ")
    return text if len(text) <= 255 else text[:254] + "\u2026"


def _footer(report: Report, layouts, measurer: Measurer, theme: Theme) -> str:
    """The slides' footer, never cut: ``deck: footer:`` (or the short title) and the date; one
    too long for its place drops the date, then a default one the title (the title slide has
    both); a ``footer:`` that does not fit even alone at the smallest size is a located error."""
    from ..locale.values import format_date
    from .layouts import footer_fit, footer_span, furniture

    meta = report.meta
    date = format_date(meta.date, meta.language) if meta.date else ""
    given = meta.deck.footer
    named = given or meta.header_title
    places = [p for p in furniture(layouts.content) if p.placeholder_format.type is PP_PLACEHOLDER.FOOTER]
    tried = [" \u00b7 ".join(x for x in (named, date) if x), named] + ([] if given else [date])
    for chosen in tried:
        if all(footer_fit(chosen, p, measurer, theme, footer_span(p, layouts.content,
                                                                  layouts.geometry.body)[1])[1]
               for p in places):
            return chosen
    chosen = tried[0]
    source = report.root / report.source
    lines = source.read_text(encoding="utf-8").split("\n") if source.is_file() else []
    line = next((n for n, text in enumerate(lines, 1) if text.strip().startswith("footer:")), 1)
    raise ReportError(f"the deck's footer ({len(chosen)} characters with the date) does not fit its place on "
                      "the slides even at the smallest size; shorten deck: footer: in the front matter",
                      Location(source, line))


@dataclass
class _Last:
    """The deck last built for a report in this session (watch mode reuses it)."""

    stamp: tuple
    footer: str
    colours: dict
    plans: list
    prs: Any


#: how many reports' last decks a session keeps in memory (a batch of editions would otherwise
#: hold every deck it built; an edition no longer there is found in the kept deck on disk)
_MOST_LAST = 8


def _kept(session: Session) -> dict:
    """What the deck's writer keeps in a session: ``last`` (report slot → :class:`_Last`, the
    decks last built), ``decided`` (the deck planned for the build under way), ``made`` (the
    last decks made and their slides' signatures, :func:`_render`), ``templates`` (each template's
    bytes, checked, and layouts, :func:`prepare`), ``notes`` (blank notes slides, :func:`.xml.notes`),
    ``rels`` (parts' relationship items, :func:`.package.normalised`), ``deflated`` (members
    compressed lately, :func:`.package.normalised`)."""
    kept = session.kept("pptx")
    if not kept:
        kept.update(last={}, decided=None, made=[], templates={}, notes={}, rels={},
                    deflated=Recent(package.MOST_DEFLATED, package.MOST_DEFLATED_BYTES))
    return kept


def _slot(report: Report) -> str:
    """Which deck a report's last deck is kept as: one per report folder and edition."""
    root = str(report.root)
    return root if report.name == report.root.name else f"{root}#{report.name}"


def _notes_only(old: list, new: list) -> bool:
    """Whether two plans differ at most in their speaker notes."""
    return len(old) == len(new) and all(replace(a, notes="") == replace(b, notes="") for a, b in zip(old,
                                                                                                     new))


@dataclass
class Prepared:
    """A deck planned on its template, not yet rendered."""

    template: Path
    prs: Any
    layouts: Layouts
    measurer: Measurer
    colours: dict
    plans: list
    footer: str
    #: the theme with the colours the deck draws in taken from the template (:mod:`.inks`)
    theme: Theme | None = None
    #: the name its line counts are kept under (:mod:`.measures`)
    counted: str = ""


def prepare(report: Report, theme: Theme, template: Path | None = None, memo: dict | None = None,
            counts: Path | None = None) -> Prepared:
    """Open the template, find its layouts and plan every slide (``briefkit check`` stops here;
    ``memo``: a session's memory of the templates it has checked and examined, by version of
    the file, see :func:`.opening.opened`; ``counts``: where the line counts of the build
    before are kept, :mod:`.measures`)."""
    meta = report.meta
    template = template or meta.deck.template or theme.template
    if template is None:
        raise ReportError("no PowerPoint template: set deck: template: in the front matter or "
                          "template: in the theme", Location(report.root / "report.md"))
    prs, layouts, body, title = opened(template, theme, memo)
    counted = measures.recall(counts, _slot(report), (body, title))
    ground = layouts.ground(layouts.content)
    own = theme.template is not None and Path(template).resolve() == Path(theme.template).resolve()
    deck_theme = inks.deck_theme(theme, ground, layouts.geometry.body, own)
    accents = None if own else [ground.colours[f"accent{n}"] for n in range(1, 7)]
    chart_ground = (deck_theme.colours["panel"],) if "panel" in deck_theme.colours \
        else ground.under(layouts.geometry.body)
    colours = inks.series(series_colours(theme, report.colour_keys()), chart_ground, accents, theme.actors)
    plans = plan(report, theme.deck, layouts.geometry, body, title)
    if len(plans) > MAX_SLIDES:  # the deck's work stays bounded however the source is made up
        where = next((p.location for p in plans[MAX_SLIDES:] if p.location),
                     None) or Location(report.root / report.source)
        raise ReportError(f"the deck would have {len(plans):,} slides; at most {MAX_SLIDES} are supported (a "
                          "briefing runs to tens of slides): split the report, or show less of it", where)
    footer = _footer(report, layouts, body, theme)
    return Prepared(template, prs, layouts, body, colours, plans, footer, deck_theme, counted)


@dataclass
class _Decided:
    """A deck planned for one build, and whether the deck built last can take its notes."""

    report: Report
    theme: Theme
    template: Path | None
    cache: Path | None
    deck: Prepared
    stamp: tuple
    last: _Last | None


def _decide(report: Report, theme: Theme, template: Path | None, cache: Path | None,
            session: Session) -> _Decided:
    """Plan the deck once per build (``notes_only`` and ``write`` share it, through ``session``)."""
    kept_ = _kept(session)
    decided = kept_["decided"]
    if decided is None or decided.report is not report or decided.theme is not theme \
            or (decided.template, decided.cache) != (template, cache):
        deck = prepare(report, theme, template, kept_["templates"],
                       cache / "decks" if cache is not None else None)
        stamp = tuple(_stamp(p) for p in (deck.template, theme.path,
                                          *(p.image.path for p in deck.plans if isinstance(p, ImagePlan))))
        last = kept_["last"].get(_slot(report)) if cache is not None else None
        if last is not None and not ((last.stamp, last.footer, last.colours) == (stamp, deck.footer,
                                                                                 deck.colours)
                                     and _notes_only(last.plans, deck.plans)):
            last = None
        decided = kept_["decided"] = _Decided(report, theme, template, cache, deck, stamp, last)
    return decided


def notes_only(report: Report, theme: Theme, out: Path, *, cache: Path | None = None,
               template: Path | None = None, session: Session | None = None) -> bool:
    """Whether :func:`write` will only put new speaker notes into the deck this session built
    last (hundredths of a second) rather than render every slide; a build then has no reason
    to write the deck in a process of its own. A deck that cannot be planned is not (its
    writer reports why)."""
    if cache is None or session is None or _slot(report) not in _kept(session)["last"]:
        return False
    try:
        return _decide(report, theme, template, cache, session).last is not None
    except ReportError:
        return False


def write(report: Report, theme: Theme, out: Path, *, cache: Path | None = None,
          template: Path | None = None, session: Session | None = None) -> None:
    """Build the deck for ``report`` at ``out``.

    An edit that changes only speaker notes (most prose edits) updates the notes of the deck
    built last time instead of rendering every slide again, unless the template, the theme or
    a picture changed, or ``cache`` is None: in a long-running process (``briefkit build
    --watch``) the deck this ``session`` built, in a new one the deck kept in ``cache``
    (:mod:`.kept`). The bytes written are the same either way.
    """
    session = session or Session()
    meta = report.meta
    decided = _decide(report, theme, template, cache, session)
    kept_ = _kept(session)
    kept_["decided"] = None
    deck, stamp, last = decided.deck, decided.stamp, decided.last
    prs, layouts, body, colours, plans, footer = (
        deck.prs, deck.layouts, deck.measurer, deck.colours, deck.plans, deck.footer)
    kept_in = cache / "decks" if cache is not None else None
    made, again = None, False
    if last is not None:
        prs = last.prs
        for slide, old, new in zip(prs.slides, last.plans, plans):
            if old.notes != new.notes:
                slide.notes_slide.notes_text_frame.text = new.notes or new.title
    else:
        made, slide_keys = kept.signatures(deck.template, deck.theme or theme, plans, footer, colours,
                                           meta.language, cache) \
            if cache is not None else (None, [])
        kept_deck = kept.find(kept_in, Path(_slot(report)), made) if made else None
        if kept_deck is not None and len(kept_deck.slides) == len(plans):
            prs = kept_deck  # the slides are those of the deck written last: only the notes may differ
            for slide, new in zip(prs.slides, plans):
                slide.notes_slide.notes_text_frame.text = new.notes or new.title
        else:
            copied = kept.find_slides(kept_in, Path(_slot(report)), slide_keys) if made else None
            _render(prs, layouts, deck.theme or theme, body, colours, footer, meta.language, plans,
                    slide_keys, copied, kept_["made"], kept_["notes"])
            again = copied is not None
    lasts = kept_["last"]
    lasts.pop(_slot(report), None)
    remember(lasts, _slot(report), _Last(stamp, footer, colours, plans, prs), _MOST_LAST)
    when = dt.datetime.combine(meta.date or dt.date(2000, 1, 1), dt.time())
    _describe(prs, meta, when)
    data = package.normalised(prs, when, package.app_xml(prs), kept_["rels"], kept_["deflated"])
    out.write_bytes(data)
    if made is not None:
        kept.keep(kept_in, Path(_slot(report)), made, data, out, slide_keys)
    measures.keep(kept_in, deck.counted, again)


def _describe(prs, meta, when: dt.datetime) -> None:
    """The deck's document properties (dated by the report, not the build) and view settings."""
    props = prs.core_properties
    props.title = _property(meta.title)
    props.subject = _property(meta.summary or meta.subtitle)
    props.author = _property(", ".join(a.name for a in meta.authors))
    props.keywords = _property(", ".join(meta.keywords))
    props.language = meta.language
    props.last_modified_by = "briefkit"
    props.revision = 1
    props.created = props.modified = when
    props.comments = ""
    package.add_view_props(prs)


#: how many slides the last :func:`write` in this process rendered and copied (from the kept deck
#: or from a deck this session made): a tally for tests and benchmarks, which nothing reads back
rendered = {"rendered": 0, "copied": 0}
#: how many of a session's last decks are kept to copy slides from (each holds its presentation in memory)
_MOST_MADE = 4


def _render(prs, layouts: Layouts, theme: Theme, body: Measurer, colours: dict, footer: str, language: str,
            plans: list, keys: list[str], found, lately: list[tuple[Any, list[str]]], blanks: dict) -> None:
    """Render every slide into ``prs``, but copy each slide whose signature (``keys``, see
    :func:`kept.signatures`) did not change since the kept deck (``found``:
    :func:`kept.find_slides`) or is that of a slide of a deck the session made lately
    (``lately``: (presentation, slide signatures), newest last), so that an edit renders only
    the slides it touched and the editions of a template built in one process (a batch) share
    the slides they have in common (the same bytes either way); ``blanks``: the notes slides
    :func:`.xml.notes` copies."""
    rendered.update(rendered=0, copied=0)
    made = {key: slide for deck, deck_keys in lately for key, slide in zip(deck_keys, deck.slides)}
    renderer = None
    for number, slide_plan in enumerate(plans, start=1):
        source = found[0].slides[number - 1] if found and found[1][number - 1] else \
            made.get(keys[number - 1]) if keys else None
        slide = kept.copy(prs, source) if source is not None else None
        if slide is not None:
            xml.notes(slide, slide_plan.notes or slide_plan.title, blanks)
            rendered["copied"] += 1
            continue
        if renderer is None:  # imported only to render: python-pptx's chart data and xlsxwriter take 30 ms
            from .render import Renderer

            renderer = Renderer(prs, layouts, theme, body, colours, footer, language, blanks)
        renderer.add(slide_plan, number)
        rendered["rendered"] += 1
    if keys:
        lately.append((prs, keys))
        del lately[:-_MOST_MADE]


class _Deck:
    """The deck's side of the writer contract (:class:`builders.shared.writer.Writer`)."""

    name = "pptx"
    label = "deck"
    sheet_columns = 3
    unshown = ("LibreOffice is not installed, so slides were not rendered "
               "(apt-get install libreoffice-impress, or open the .pptx)")

    def write(self, report: Report, theme: Theme, out: Path, *, cache: Path | None = None,
              template: Path | None = None, session: Session | None = None, **options: object) -> None:
        write(report, theme, out, cache=cache, template=template, session=session)

    def notes_only(self, report: Report, theme: Theme, out: Path, *, cache: Path | None = None,
                   template: Path | None = None, session: Session | None = None, **options: object) -> bool:
        return notes_only(report, theme, out, cache=cache, template=template, session=session)

    def warm(self, theme: Theme, meta: Meta, *, template: Path | None = None, session: Session | None = None,
             **options: object) -> None:
        from .opening import warm

        warm(theme, meta, template, _kept(session or Session())["templates"])

    def prepare(self, cold: bool = False) -> None:
        if cold:
            from fontTools import ttLib  # noqa: F401 - the fonts' line heights (fit.line_em)

            from . import render, sheets  # noqa: F401 - and python-pptx's chart data, XlsxWriter

    def describe(self, path: Path) -> str:

        return f"{len(Presentation(str(path)).slides)} slides"

    def preview(self, path: Path, work: Path) -> Path | None:
        from .rendering import deck_pdf, office

        return deck_pdf(path, work) if office() else None


#: the deck's writer, named by ``builders/formats.py``
WRITER = _Deck()
