"""The deck last written for a report, kept in ``out/.cache/decks/`` for the next process.

Most edits to a brief's prose change only the deck's speaker notes. A process that finds the
kept deck made from the same slides — same plans apart from their notes, same template,
theme, pictures, code and library versions (:func:`signature`) — opens it with python-pptx
and puts in the new notes, rather than render every slide again (a third of a cold rebuild).
The bytes written are the same either way (tests/test_caches.py). One deck is kept per report;
the entry records the SHA-256 of the deck, so a damaged or replaced file is never used.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

from .. import store as cache_store
from ..shared.theme import Theme


def _slot(report_root: Path) -> str:
    return cache_store.key("kept-deck", str(report_root.resolve()))


def _plain(plan) -> str:
    """A slide plan as text, without what may change while the slide stays the same: its
    speaker notes and where in the source it (or its picture) comes from."""
    image = replace(plan.image, location=None) if plan.image is not None else None
    return repr(replace(plan, notes="", location=None, image=image))


def signature(template: Path, theme: Theme, plans: list, footer: str, colours: dict, language: str,
              cache: Path) -> str:
    """What every slide but its speaker notes is made from (with briefkit's code and the
    libraries' versions, which :func:`cache.key` adds): also the theme's font files, whose
    metrics size the footer and split text between fonts when slides are rendered."""
    from ..shared import fontfiles

    parts: list[bytes | str] = ["deck", template.read_bytes(), repr(theme), footer, repr(colours), language]
    parts += [fontfiles.digest(face, cache_store.machine("fonts")) for face in theme.font_files()]
    parts += [_plain(plan) for plan in plans]
    parts += [plan.image.path.read_bytes() for plan in plans if plan.image is not None]
    return cache_store.key(*parts)


def find(folder: Path | None, report_root: Path, wanted: str):
    """The kept deck of this report as an open python-pptx presentation, when it was made
    from the slides ``wanted`` describes (a :func:`signature`); else None."""
    if folder is None:
        return None
    slot = _slot(report_root)
    try:
        entry = json.loads(cache_store.read_text(folder, f"{slot}.json") or "null")
        if not (isinstance(entry, dict) and entry.get("signature") == wanted):
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


def keep(folder: Path | None, report_root: Path, made: str, data: bytes) -> None:
    """Keep ``data``, the deck just written, made from the slides ``made`` describes."""
    if folder is None:
        return
    slot = _slot(report_root)
    cache_store.write_bytes(folder, f"{slot}.pptx", data)
    cache_store.write_text(folder, f"{slot}.json",
                           json.dumps({"signature": made, "sha256": hashlib.sha256(data).hexdigest()}))
