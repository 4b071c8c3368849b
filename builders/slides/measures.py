"""Line counts of a deck's texts and its tables' sizes, kept in ``out/.cache/decks/`` for the
next process.

A deck is planned whole at every build: each slide's texts fitted to their boxes, a table at
each size of its scale. An edit of one slide measures again the texts the build before
measured. The line counts of the last build of a report and edition (:func:`.fit.wrap_count`),
from its first edit on, are kept under the digests of the fonts they were measured with and
briefkit's code (:func:`builders.store.key`), and the next process reads them back rather
than measure them again; so are the size and column widths of each table the deck showed
(:meth:`.fitting.Fitter.table_size`, by the digest of its cells, fonts, theme and box), which
are worked out from many such counts. They are what measuring gives, so the deck's bytes are
the same either way (``tests/slides/test_measures.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import store as cache_store
from ..shared import fonts
from . import fit, fitting

#: entries a kept file may hold (a deck of 300 slides measures a few thousand texts)
MOST = 50_000


def _faces(measurers) -> list[str]:
    faces = {name for m in measurers for name in (m.face(False), m.face(True), *m.fallbacks)}
    return sorted(f"{face}={fonts.fingerprint(face)}" for face in faces)


def _name(slot: str, measurers) -> str:
    return f"{cache_store.key('deck-line-counts', slot, *_faces(measurers))}.json"


def recall(folder: Path | None, slot: str, measurers) -> str:
    """Start a deck's measuring: the line counts kept for ``slot`` (a report and edition) in
    ``folder``, when measured with the same fonts, become known (:data:`.fit.KNOWN`). Returns
    the name to keep this deck's counts under (:func:`keep`)."""
    fit.KNOWN.clear()
    fit.USED.clear()
    fitting.TABLES_USED.clear()
    _READ_TABLES.clear()
    name = _name(slot, measurers)
    text = cache_store.read_text(folder, name) if folder is not None else None
    if text is None:
        return name
    try:
        kept = json.loads(text)
        faces = [(face, tuple(falls)) for face, falls in kept["faces"] if isinstance(face, str)
                 and isinstance(falls, list) and all(isinstance(f, str) for f in falls)]
        if len(faces) != len(kept["faces"]):
            return name
        known = {(t, s, w, *faces[f]): n for t, s, w, f, n in kept["counts"]
                 if isinstance(t, str) and type(f) is int and 0 <= f < len(faces) and type(n) is int
                 and n >= 1 and all(isinstance(x, float) or type(x) is int for x in (s, w))}
        tables = {digest: (tuple(widths), size)  # (as worked out: JSON keeps an int an int)
                  for digest, widths, size in kept.get("tables", [])[:fitting.MOST_TABLE_SIZES]
                  if isinstance(digest, str) and isinstance(widths, list) and widths
                  and all(_number(x) for x in (*widths, size))}
    except (ValueError, TypeError, KeyError, RecursionError):
        return name
    fit.KNOWN.update(known)
    for digest, found in tables.items():  # (the sizes worked out in this process stand)
        fitting.TABLE_SIZES.setdefault(digest, found)
    _READ_TABLES.update(tables)
    return name


#: the table sizes read back by :func:`recall` for the deck being planned
_READ_TABLES: dict[str, tuple[tuple[float, ...], float]] = {}


def _number(x) -> bool:
    return (isinstance(x, float) or type(x) is int) and 0 < x < 1e6


def keep(folder: Path | None, name: str, again: bool) -> None:
    """Keep the line counts this deck used under ``name`` for the next process (at most
    :data:`MOST`; not written again when they are the ones read back), when the deck was
    rendered ``again`` with slides copied from the kept deck, or counts were read back: an edit.
    A first build (each edition of a batch is one) keeps none: writing them cost a batch a
    fiftieth of its time, and the first edit measures as it did before."""
    used, tables = fit.USED, fitting.TABLES_USED
    if folder is None or not name or not used or len(used) > MOST \
            or (used == fit.KNOWN and tables == _READ_TABLES) or not (again or fit.KNOWN):
        return
    faces: dict[tuple, int] = {}
    counts = [[t, s, w, faces.setdefault((face, falls), len(faces)), n]
              for (t, s, w, face, falls), n in used.items()]
    kept = {"faces": [[face, list(falls)] for face, falls in faces], "counts": counts,
            "tables": [[digest, list(widths), size] for digest, (widths, size) in tables.items()]}
    cache_store.write_text(folder, name, json.dumps(kept, ensure_ascii=False, separators=(",", ":")))
