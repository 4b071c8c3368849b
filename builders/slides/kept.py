"""The deck last written for a report, kept in ``out/.cache/decks/`` for the next process.

Most edits to a brief's prose change only the deck's speaker notes. A process that finds the
kept deck made from the same slides — same plans apart from their notes, same template,
theme, pictures, code and library versions (:func:`signature`) — opens it with python-pptx
and puts in the new notes, rather than render every slide again (a third of a cold rebuild).
The bytes written are the same either way (tests/pipeline/test_caches.py). One deck is kept per report;
the entry records the SHA-256 of the deck, so a damaged or replaced file is never used.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .. import store as cache_store
from ..shared.theme import Theme
from .slide import ImagePlan


def _slot(report_root: Path) -> str:
    return cache_store.key("kept-deck", str(report_root.resolve()))


def _plain(plan) -> str:
    """A slide plan as text, without what may change while the slide stays the same: its
    speaker notes and where in the source it (or its picture) comes from."""
    if isinstance(plan, ImagePlan):
        plan = replace(plan, image=replace(plan.image, location=None))
    return repr(replace(plan, notes="", location=None))


def signature(template: Path, theme: Theme, plans: list, footer: str, colours: dict, language: str,
              cache: Path) -> str:
    """What every slide but its speaker notes is made from (with briefkit's code and the
    libraries' versions, which :func:`cache.key` adds): also the theme's font files, whose
    metrics size the footer and split text between fonts when slides are rendered."""
    return signatures(template, theme, plans, footer, colours, language, cache)[0]


def signatures(template: Path, theme: Theme, plans: list, footer: str, colours: dict, language: str,
               cache: Path) -> tuple[str, list[str]]:
    """The deck's :func:`signature` and each slide's: what the slide at that place is made from
    but its notes (the deck's template, theme, fonts, footer and colours, its own plan and
    picture, and its number, which the slide shows)."""
    from ..shared import fontfiles

    parts: list[bytes | str] = ["deck", template.read_bytes(), repr(theme), footer, repr(colours), language]
    parts += fontfiles.theme_digests(theme)
    base = cache_store.key(*parts)
    slides = [cache_store.key(base, str(number), _plain(plan),
                              plan.image.path.read_bytes() if isinstance(plan, ImagePlan) else b"")
              for number, plan in enumerate(plans, start=1)]
    return cache_store.key(base, *slides), slides


def find(folder: Path | None, report_root: Path, wanted: str):
    """The kept deck of this report as an open python-pptx presentation, when it was made
    from the slides ``wanted`` describes (a :func:`signature`); else None."""
    return _open(folder, report_root, lambda entry: entry.get("signature") == wanted)


def find_slides(folder: Path | None, report_root: Path, wanted: list[str]):
    """The kept deck and, for each slide ``wanted`` describes (:func:`signatures`), whether the
    kept deck has that very slide at that place; None when it has none of them."""
    same: list[bool] = []

    def usable(entry: dict) -> bool:
        slides = entry.get("slides")
        if isinstance(slides, list):
            same.extend(n < len(slides) and slides[n] == key for n, key in enumerate(wanted))
        return any(same)

    found = _open(folder, report_root, usable)
    if found is None or max(n for n, kept in enumerate(same) if kept) >= len(found.slides):
        return None
    return found, same


def _open(folder: Path | None, report_root: Path, wanted):
    if folder is None:
        return None
    slot = _slot(report_root)
    try:
        entry = json.loads(cache_store.read_text(folder, f"{slot}.json") or "null")
        if not (isinstance(entry, dict) and wanted(entry)):
            return None
        data = cache_store.read_bytes(folder, f"{slot}.pptx")
        if data is None or hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            return None
    except (ValueError, RecursionError):
        return None
    from pptx import Presentation

    try:
        return Presentation(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError):  # only a deck this module checked gets here
        return None


def keep(folder: Path | None, report_root: Path, made: str, data: bytes, written: Path,
         slides: Sequence[str] = ()) -> None:
    """Keep ``data``, the deck just written at ``written``, made from the slides ``made`` (and,
    one by one, ``slides``) describe (:func:`builders.store.keep_file`: the same file, not a
    copy, where it can)."""
    if folder is None:
        return
    slot = _slot(report_root)
    cache_store.keep_file(folder, f"{slot}.pptx", written, data)
    cache_store.write_text(folder, f"{slot}.json", json.dumps(
        {"signature": made, "slides": list(slides), "sha256": hashlib.sha256(data).hexdigest()}))


def _image_part(package, kept):
    """The deck's part holding the bytes of ``kept`` (a kept deck's image part), else a new one
    named as python-pptx names it: what ``get_or_add_image_part`` does, without opening the
    picture with Pillow to learn its format (the kept part's name and content type say it),
    which cost the first slide copied with a logo 20 ms (Pillow's PNG reader imported, the
    picture opened)."""
    from pptx.parts.image import ImagePart

    found = package._image_parts._find_by_sha1(hashlib.sha1(kept.blob).hexdigest())  # (its own lookup)
    return found or ImagePart(package.next_image_partname(kept.partname.ext), kept.content_type, package,
                              kept.blob)


def copy(prs, source):
    """Add to ``prs`` a copy of ``source``, a slide of a kept deck made from the same template:
    its XML and the parts it uses (pictures, charts and their workbooks, links), created in the
    order rendering creates them, so that the names and relationship ids — and so the bytes
    saved — are those a render of the same plan gives; its notes are left to the caller, as
    rendering leaves them last. None (and nothing added) for a slide made otherwise."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.parts.chart import ChartPart
    from pptx.parts.embeddedpackage import EmbeddedXlsxPart
    from pptx.parts.slide import SlidePart

    from . import xml

    rels = source.part.rels
    order = [f"rId{n}" for n in range(1, len(rels) + 1)]
    if sorted(rels.keys()) != sorted(order) or rels[order[0]].reltype != RT.SLIDE_LAYOUT \
            or rels[order[-1]].reltype != RT.NOTES_SLIDE:
        return None
    middle = [rels[rId] for rId in order[1:-1]]
    for rel in middle:
        if rel.is_external:
            if rel.reltype != RT.HYPERLINK:
                return None
        elif rel.reltype == RT.CHART:
            chart_rels = rel.target_part.rels
            if list(chart_rels.keys()) not in ([], ["rId1"]) or any(
                    r.reltype != RT.PACKAGE or r.is_external for r in chart_rels.values()):
                return None
        elif rel.reltype != RT.IMAGE:
            return None
    layout_name = rels[order[0]].target_part.partname
    layout = next((lay for lay in prs.slide_layouts if lay.part.partname == layout_name), None)
    if layout is None:
        return None
    package = prs.part.package
    part = SlidePart(prs.part._next_slide_partname, source.part.content_type, package,
                     xml.copied(source.part))
    part.relate_to(layout.part, RT.SLIDE_LAYOUT)
    xml.add_slide_id(prs, prs.part.relate_to(part, RT.SLIDE))  # as add_slide does, before its parts
    for expected, rel in zip(order[1:-1], middle):
        if rel.is_external:
            rId = part.relate_to(rel.target_ref, rel.reltype, is_external=True)
        elif rel.reltype == RT.IMAGE:
            rId = part.relate_to(_image_part(package, rel.target_part), RT.IMAGE)
        else:
            chart = ChartPart.load(package.next_partname(ChartPart.partname_template),
                                   rel.target_part.content_type,
                                   package, rel.target_part.blob)
            for workbook in rel.target_part.rels.values():
                chart.relate_to(EmbeddedXlsxPart.new(workbook.target_part.blob, package), RT.PACKAGE)
            rId = part.relate_to(chart, RT.CHART)
        assert rId == expected, "a copied slide's relationships are numbered as rendering numbers them"
    return part.slide
