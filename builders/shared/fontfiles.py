"""Font files without ReportLab: their digests, and which characters each has.

The font-coverage check (see :mod:`builders.shared.coverage`) runs before any output is laid out, in
the process that reads the report; it reads each font's character set from the cache
(the machine cache, ``~/.cache/briefkit/fonts``) as ranges of code points instead of registering the fonts
with
ReportLab (importing ReportLab's font machinery and reading a CJK font's tables took a fresh
process 60-90 ms).
"""

from __future__ import annotations

import bisect
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import store as cache_store

if TYPE_CHECKING:
    from .theme import Theme

#: font file → [size, modification time, inode, change time, SHA-256], as last seen
_seen: dict[str, list] = {}
#: a font file's path as named → as resolved, the key of :data:`_seen` (resolving it walked the
#: path a component at a time, for each of a theme's faces, twice for each edition of a batch)
_resolved: dict[str, str] = {}


def theme_digests(theme: Theme) -> list[str]:
    """The digest (:func:`digest`, remembered in the machine cache) of each font file of
    ``theme``: what the kept brief and deck are made from, by their fonts."""
    return [digest(face, cache_store.machine("fonts")) for face in theme.font_files()]


def digest(path: Path, folder: Path | None) -> str:
    """The SHA-256 of a font file, remembered in ``folder`` (``digests.json``) by the file's
    size, modification time, inode and change time (a file rewritten or replaced in any way
    changes one of them; the change time cannot be set back): hashing the fonts of a theme
    took a cold build 10 ms. (Font tables read back for a digest are checked against the
    file's own table directory as well, see :func:`builders.shared.fontcache._restore`.)"""
    info = path.stat()
    where = _resolved.get(str(path))
    if where is None:  # the key of the file's entry (its digest is checked by its stamp below)
        where = _resolved[str(path)] = str(path.resolve())
    stamp = [info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns]
    if not _seen and folder is not None:
        try:
            known = json.loads(cache_store.read_text(folder, "digests.json") or "{}")
            _seen.update({k: v for k, v in known.items() if type(v) is list and len(v) == 5
                          and all(type(n) is int for n in v[:4]) and type(v[4]) is str})
        except (ValueError, AttributeError, RecursionError):
            pass
    seen = _seen.get(where)
    if seen is not None and seen[:4] == stamp:
        return seen[4]
    found = hashlib.sha256(path.read_bytes()).hexdigest()
    _seen[where] = [*stamp, found]
    if folder is not None:
        cache_store.write_text(folder, "digests.json", json.dumps(_seen))
    return found


class Coverage:
    """The code points a font file has, as sorted ``[first, last]`` ranges."""

    def __init__(self, ranges: list[list[int]]) -> None:
        self.firsts = [r[0] for r in ranges]
        self.lasts = [r[1] for r in ranges]

    def __contains__(self, char: str) -> bool:
        at = bisect.bisect_right(self.firsts, ord(char)) - 1
        return at >= 0 and ord(char) <= self.lasts[at]


def _ranges(codes) -> list[list[int]]:
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ranges


def _read(text: str) -> Coverage | None:
    try:
        ranges = json.loads(text)
        if all(type(r) is list and len(r) == 2 and all(type(n) is int for n in r) for r in ranges):
            return Coverage(ranges)
    except (ValueError, TypeError, RecursionError):
        pass
    return None


@cache
def coverage(path: Path, folder: Path | None) -> Coverage:
    """The characters font file ``path`` has (kept in ``folder`` under the file's digest)."""

    def parse() -> Coverage:
        from reportlab.pdfbase.ttfonts import TTFontFile

        return Coverage(_ranges(c for c in TTFontFile(str(path)).charToGlyph if c < 0xE000 or c > 0xF8FF))

    def write(found: Coverage) -> str:
        return json.dumps([[a, b] for a, b in zip(found.firsts, found.lasts)])

    entry = f"{cache_store.key('coverage', digest(path, folder))}.json" if folder is not None else ""
    return cache_store.through(folder, entry, _read, parse, write)
