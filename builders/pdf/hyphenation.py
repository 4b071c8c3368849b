"""pyphen's hyphenation kept between processes: its patterns, and the words it has split.

ReportLab hyphenates with pyphen, which parses its pattern file for a language on first use:
~0.1 s for en_US, in every process. :func:`preload` puts into pyphen's own dictionary cache a
:class:`Dictionary` that answers the words earlier builds hyphenated (their break points are
kept in the machine cache, ``~/.cache/briefkit/hyphenation/``) and reads the patterns only when a new word
comes along
(parsed once, kept as JSON keyed by the pattern file's bytes and the library versions, 12 ms to
read back); :func:`keep` stores the words a build added. A word's break points depend only on
the patterns, so the output is the same. An entry that cannot be read back, or patterns
holding anything but plain numbers, is parsed by pyphen as usual.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyphen  # (imported by ReportLab's paragraphs in any case)

from .. import store as cache_store

#: at most this many words are kept per language
_MOST_WORDS = 50_000


class Dictionary(pyphen.HyphDict):
    """pyphen's patterns for one language, read when a word not hyphenated before needs them."""

    def __init__(self, path: Path, folder: Path, key: str) -> None:
        self.source = (path, folder, key)
        self.cache = _words(cache_store.read_text(folder, f"{key}.words.json"))
        self.known = set(self.cache)

    def __getattr__(self, name: str):
        if name not in ("patterns", "maxlen"):
            raise AttributeError(name)
        found = _patterns(*self.source)
        self.patterns, self.maxlen = found.patterns, found.maxlen
        return getattr(self, name)


def preload(language: str, folder: Path | None) -> None:
    """Have pyphen's hyphenation for ``language`` (a pyphen code, '' for none) ready in this process."""
    if not language or folder is None:
        return
    path = pyphen.LANGUAGES.get(pyphen.language_fallback(language) or "")
    if path is None or path in pyphen.hdcache:
        return
    pyphen.hdcache[path] = Dictionary(path, folder, cache_store.key("pyphen", path.read_bytes()))


def keep() -> None:
    """Store the words this process hyphenated that were not kept yet."""
    for found in list(pyphen.hdcache.values()):
        if not isinstance(found, Dictionary) or found.cache.keys() <= found.known:
            continue
        _, folder, key = found.source
        # a nonstandard break (a letter changes) carries data on its numbers: not kept
        words = {word: [int(n) for n in points] for word, points in found.cache.items()
                 if all(getattr(n, "data", None) is None for n in points)}
        if len(words) <= _MOST_WORDS:
            cache_store.write_text(folder, f"{key}.words.json", json.dumps(words, ensure_ascii=False))
        found.known = set(found.cache)


def _words(text: str | None) -> dict:
    try:
        words = json.loads(text) if text is not None else {}
    except (ValueError, RecursionError):
        return {}
    if type(words) is not dict or not all(type(points) is list and all(type(n) is int for n in points)
                                          for points in words.values()):
        return {}
    return {word: [pyphen.DataInt(n) for n in points] for word, points in words.items()}


def _patterns(path: Path, folder: Path, key: str):
    """pyphen's parsed patterns, from ``folder`` when a process has stored them there."""
    return cache_store.through(folder, f"{key}.json", _restore, lambda: pyphen.HyphDict(path), _store)


def _store(patterns) -> str | None:
    if set(vars(patterns)) != {"patterns", "cache", "maxlen"} or patterns.cache:
        return None
    plain = {}
    for key, (start, values) in patterns.patterns.items():
        if type(start) is not int or not all(type(v) is int for v in values):
            return None  # a nonstandard hyphenation carries data on its numbers
        plain[key] = [start, list(values)]
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


def _restore(text: str):
    """Patterns as JSON parses them: ``{"pattern": [start, [values]]}``, which pyphen reads as
    it reads its own ``(start, (values))`` (it unpacks the pair and maps over the values)."""
    try:
        patterns = json.loads(text)
        plain = patterns and type(patterns) is dict and all(
            type(entry) is list and len(entry) == 2 and type(entry[0]) is int and type(entry[1]) is list
            for entry in patterns.values()) and all(type(n) is int for _,
                                                    values in patterns.values() for n in values)
    except (ValueError, RecursionError):
        return None
    if not plain:
        return None
    found = pyphen.HyphDict.__new__(pyphen.HyphDict)
    found.patterns, found.cache, found.maxlen = patterns, {}, max(len(key) for key in patterns)
    return found
