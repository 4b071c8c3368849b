"""pyphen's hyphenation patterns kept in JSON between processes.

ReportLab hyphenates with pyphen, which parses its pattern file for a language on first use:
~0.1 s for en_US, in every process. :func:`preload` puts the parsed patterns into pyphen's own
dictionary cache from ``out/.cache/hyphenation/`` (keyed by the pattern file's bytes and the
library versions), so ReportLab finds them already there. An entry that cannot be read back, or
patterns holding anything but plain numbers, is parsed by pyphen as usual.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import cache as cache_store


def preload(language: str, folder: Path | None) -> None:
    """Have pyphen's patterns for ``language`` (a pyphen code, '' for none) ready in this process."""
    if not language or folder is None:
        return
    import pyphen

    path = pyphen.LANGUAGES.get(pyphen.language_fallback(language) or "")
    if path is None or path in pyphen.hdcache:
        return
    name = f"{cache_store.key('pyphen', path.read_bytes())}.json"
    text = cache_store.read_text(folder, name)
    found = _restore(text) if text is not None else None
    if found is None:
        found = pyphen.HyphDict(path)
        stored = _store(found)
        if stored is not None:
            cache_store.write_text(folder, name, stored)
    pyphen.hdcache[path] = found


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
    import pyphen

    try:
        patterns = json.loads(text)
        plain = patterns and type(patterns) is dict and all(
            type(entry) is list and len(entry) == 2 and type(entry[0]) is int and type(entry[1]) is list
            for entry in patterns.values()) and all(type(n) is int for _, values in patterns.values() for n in values)
    except (ValueError, RecursionError):
        return None
    if not plain:
        return None
    found = pyphen.HyphDict.__new__(pyphen.HyphDict)
    found.patterns, found.cache, found.maxlen = patterns, {}, max(len(key) for key in patterns)
    return found
