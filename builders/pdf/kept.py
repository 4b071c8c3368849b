"""The brief last written for a report, kept in ``out/.cache/briefs/`` for the next process.

An edit that changes only the deck (a ``{slide}`` directive, the front matter's ``deck:``)
leaves the brief as it was. A process that finds the kept brief made from the same inputs —
the report but its deck-only content, the theme, the fonts, logo and pictures, the edition's
words, briefkit's code and the libraries' versions (:func:`signature`) — writes the kept
bytes rather than lay out every page again. The bytes are the same either way
(tests/test_caches.py). One brief is kept per report and edition; the entry records the
SHA-256 of the brief, so a damaged or replaced file is never used.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from .. import store as cache_store
from ..locale import furniture
from ..model import Image, Report, SlideBlock
from ..model.report import DeckOptions, Section
from ..shared.theme import Theme

#: libraries that shape the brief besides those every cache key names (:func:`store.libraries`)
_ALSO = ("pikepdf", "pillow", "babel", "lxml", "fonttools", "uharfbuzz")


def _brief_only(report: Report) -> Report:
    """The report as the brief sees it: every ``{slide}`` block kept in its place but emptied
    (the brief shows none), the front matter's ``deck:`` options left out."""

    def blocks(found: tuple) -> tuple:
        return tuple(SlideBlock(title="") if isinstance(b, SlideBlock) else b for b in found)

    def section(s: Section) -> Section:
        return dataclasses.replace(s, blocks=blocks(s.blocks), children=tuple(section(c) for c in s.children))

    return dataclasses.replace(report, meta=dataclasses.replace(report.meta, deck=DeckOptions()),
                               preamble=blocks(report.preamble),
                               sections=tuple(section(s) for s in report.sections))


def signature(report: Report, theme: Theme) -> str:
    """What the brief is made from (with briefkit's code and the libraries' versions, which
    :func:`store.key` adds): the report but its deck-only content, the theme and every file it
    names (font faces by digest, the logo), the pictures shown, the edition's catalogue."""
    from ..shared import fontfiles

    parts: list[bytes | str] = ["brief", repr(_brief_only(report)), repr(theme),
                                " ".join(cache_store.versions(_ALSO))]
    parts += fontfiles.theme_digests(theme)
    catalogue = furniture.catalogue_path(report.meta.language)
    pictures = [theme.logo, catalogue, *(b.path for b in report.all_blocks() if isinstance(b, Image))]
    parts += [p.read_bytes() if p is not None and p.is_file() else b"-" for p in pictures]
    return cache_store.key(*parts)


def _slot(report: Report) -> str:
    return cache_store.key("kept-brief", str(report.root.resolve()), report.name)


def find(folder: Path | None, report: Report, wanted: str) -> bytes | None:
    """The kept brief of this report and edition when it was made from what ``wanted`` (a
    :func:`signature`) describes; else None."""
    if folder is None:
        return None
    slot = _slot(report)
    try:
        entry = json.loads(cache_store.read_text(folder, f"{slot}.json") or "null")
    except (ValueError, RecursionError):
        return None
    if not (isinstance(entry, dict) and entry.get("signature") == wanted):
        return None
    data = cache_store.read_bytes(folder, f"{slot}.pdf")
    if data is None or hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        return None
    return data


#: the entry saying whether the last brief written with this cache was a kept one
_LAST = "last-written.txt"


def note(folder: Path | None, reused: bool) -> None:
    """Record whether the brief just written was the kept one (``reused``) or laid out."""
    said = "kept" if reused else "laid out"
    if folder is not None and cache_store.read_text(folder, _LAST) != said:
        cache_store.write_text(folder, _LAST, said)


def likely(cache: Path | None) -> bool:
    """Whether the brief a build with the cache ``cache`` (``out/.cache``) writes is likely to
    be the kept one: the last brief written with it was (an edit of the deck alone is often
    followed by another). Read without importing ReportLab (``builders/formats.py``)."""
    return cache is not None and cache_store.read_text(cache / "briefs", _LAST) == "kept"


def keep(folder: Path | None, report: Report, made: str, data: bytes, written: Path) -> None:
    """Keep ``data``, the brief just written at ``written``, made from what ``made`` describes
    (:func:`builders.store.keep_file`: the same file, not a copy, where it can)."""
    if folder is None:
        return
    slot = _slot(report)
    cache_store.keep_file(folder, f"{slot}.pdf", written, data)
    cache_store.write_text(folder, f"{slot}.json",
                           json.dumps({"signature": made, "sha256": hashlib.sha256(data).hexdigest()}))
