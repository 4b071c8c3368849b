"""ReportLab TrueType fonts whose parsed tables are kept in JSON between processes.

Registering a TrueType font makes ReportLab read the file's tables (names, metrics, the
character map, every glyph's width and position): ~0.01 s for a Noto face, ~0.07 s for the CJK
fallback, in every process. What it reads depends only on the file's bytes and ReportLab's
version, so :func:`load` keeps it in ``out/.cache/fonts/`` under a key made of both (the cache
key covers the library versions). The cache holds JSON data, never code; an entry that cannot
be read back, or a font holding a value this module cannot write as JSON, is parsed again.
"""

from __future__ import annotations

import base64
import io
import json
import sys
from array import array
from itertools import accumulate
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from . import cache as cache_store

#: the face's values that come from the file or from other values rather than from the cache
_NOT_STORED = ("_ttf_data", "filename", "_pdfScale")
#: values ReportLab reads when it measures, sets and embeds text: an entry without them is damaged
_REQUIRED = frozenset({"name", "unitsPerEm", "ascent", "descent", "capHeight", "bbox", "flags", "italicAngle",
                       "stemV", "numGlyphs", "table", "charToGlyph", "glyphToChar", "charWidths",
                       "defaultWidth", "hmetrics", "glyphPos"})


def load(name: str, path: Path, data: bytes, digest: str, folder: Path | None) -> TTFont:
    """The TrueType font ``path`` (whose bytes are ``data``, hashing to ``digest``) named ``name``,
    its tables read from ``folder`` when a process has stored them there before."""
    entry = f"{cache_store.key('ttf', digest)}.json" if folder is not None else ""
    text = cache_store.read_text(folder, entry) if entry else None
    font = _restore(name, path, data, text) if text is not None else None
    if font is None:
        handle = io.BytesIO(data)
        handle.name = str(path)  # what ReportLab would call it had it opened the file itself
        font = TTFont(name, handle)
        stored = _store(font) if entry else None
        if stored is not None:
            cache_store.write_text(folder, entry, stored)
    return font


def _scale(units_per_em: int):
    """ReportLab's font-unit → 1/1000 em scale, as ``extractInfo`` makes it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _store(font: TTFont) -> str | None:
    """The font as JSON, or None when it holds something other than plain data."""
    plain = {}
    for attribute, value in vars(font).items():
        if attribute == "face":
            continue
        if attribute == "encoding":
            if type(value) is not TTEncoding or vars(value) != vars(TTEncoding()):
                return None
        elif attribute == "state":
            if type(value) is not WeakKeyDictionary or len(value):
                return None
        elif value is None or type(value) in (bool, int, float, str):
            plain[attribute] = value
        else:
            return None
    if type(font.face) is not TTFontFace:
        return None
    try:
        face = {k: _encode(v) for k, v in vars(font.face).items() if k not in _NOT_STORED}
    except TypeError:
        return None
    return json.dumps({"font": plain, "face": face}, separators=(",", ":"))


class _Face(TTFontFace):
    """A face read back from the cache. Its glyph → characters map, which ReportLab reads only
    when it shapes text, is made on first use: for the CJK fallback it is 28,000 small lists,
    a tenth of the time the whole face takes to read back."""

    def __getattr__(self, name: str):
        runs = self.__dict__.get("_glyph_runs")
        if name != "glyphToChar" or runs is None:
            raise AttributeError(name)
        keys, flat, lengths = runs
        made = dict(zip(keys, _split(flat, lengths)))
        self.__dict__["glyphToChar"] = made
        del self.__dict__["_glyph_runs"]
        return made


def _glyph_runs(value: dict) -> tuple[list, list, list]:
    """The glyph → characters map as stored (keys, one run of characters, each glyph's count),
    checked now so that making it later cannot fail."""
    keys = _decode(value["k"])
    flat, lengths = _runs(value["v"])
    if len(keys) != len(lengths):
        raise ValueError("a damaged glyph map")
    return keys, flat, lengths


def _runs(value: dict) -> tuple[list, list]:
    """Lists of numbers stored as one run and each list's length, checked to add up."""
    flat, lengths = _numbers(value["ll"]), _numbers(value["len"])
    if sum(lengths) != len(flat) or min(lengths, default=1) < 0:
        raise ValueError("damaged runs of numbers")
    return flat, lengths


def _split(flat: list, lengths: list) -> list[list]:
    return [flat[end - length:end] for length, end in zip(lengths, accumulate(lengths))]


def _restore(name: str, path: Path, data: bytes, text: str) -> TTFont | None:
    try:
        stored = json.loads(text)
        if not _REQUIRED <= stored["face"].keys():
            return None
        face = _Face.__new__(_Face)
        face.__dict__.update({k: _decode(v) for k, v in stored["face"].items() if k != "glyphToChar"})
        glyphs = stored["face"]["glyphToChar"]
        if isinstance(glyphs, dict) and isinstance(glyphs.get("v"), dict) and "ll" in glyphs["v"]:
            face.__dict__["_glyph_runs"] = _glyph_runs(glyphs)
        else:
            face.__dict__["glyphToChar"] = _decode(glyphs)
        face.__dict__.update(_ttf_data=data, filename=str(path), _pdfScale=_scale(face.unitsPerEm))
        font = TTFont.__new__(TTFont)
        font.__dict__.update(stored["font"])
        font.__dict__.update(fontName=name, face=face, encoding=TTEncoding(), state=WeakKeyDictionary())
        return font
    except (ValueError, KeyError, TypeError, AttributeError, ZeroDivisionError, RecursionError):
        return None


_SCALARS = (bool, int, float, str)


def _pack(numbers: list) -> dict | list:
    """A list of numbers as little-endian machine values in base64 (JSON parses one string far
    faster than a hundred thousand numbers), or as it is when its values are mixed."""
    kinds = {type(n) for n in numbers}
    if kinds == {int} and -(2**31) <= min(numbers) and max(numbers) < 2**31:
        packed, tag = array("i", numbers), "i"
    elif kinds == {float}:
        packed, tag = array("d", numbers), "d"
    else:
        return numbers
    if sys.byteorder == "big":
        packed.byteswap()
    return {tag: base64.b64encode(packed.tobytes()).decode("ascii")}


def _unpack(value: dict) -> list:
    tag = "i" if "i" in value else "d"
    packed = array(tag, base64.b64decode(value[tag]))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tolist()


def _numeric(value) -> bool:
    return type(value) is list and all(type(n) in (int, float) for n in value)


def _encode(value):
    """Plain data → JSON: numbers and strings as they are, anything else as an object tagged with
    its kind, so that decoding restores tuples, int keys, name strings and number types."""
    kind = type(value)
    if value is None or kind in _SCALARS:
        return value
    if kind is TTFNameBytes:
        return {"n": value.ustr}
    if kind is bytes:
        return {"b": value.decode("latin-1")}
    if kind is tuple:
        return {"t": [_encode(v) for v in value]}
    if kind is list:
        if _numeric(value) and value:
            return {"a": _pack(value)}
        if value and all(_numeric(v) for v in value):  # lists of numbers: one run and their lengths
            return {"ll": _pack([n for v in value for n in v]), "len": _pack([len(v) for v in value])}
        if value and all(type(v) is tuple and len(v) == 2 and _numeric(list(v)) for v in value):
            return {"p": _pack([n for pair in value for n in pair])}
        return {"l": [_encode(v) for v in value]}
    if kind is dict:
        if not all(type(k) in (int, str) for k in value):
            raise TypeError("cannot store a dict with such keys")
        return {"k": _encode(list(value)), "v": _encode(list(value.values()))}
    raise TypeError(f"cannot store a {kind.__name__}")


def _numbers(value) -> list:
    return _unpack(value) if isinstance(value, dict) else value


def _decode(value):
    if not isinstance(value, dict):
        return value  # a number, a string or None
    if "a" in value:
        return _numbers(value["a"])
    if "n" in value:
        return TTFNameBytes(value["n"].encode("utf-8"))
    if "b" in value:
        return value["b"].encode("latin-1")
    if "t" in value:
        return tuple(_decode(v) for v in value["t"])
    if "ll" in value:
        return _split(*_runs(value))
    if "p" in value:
        numbers = iter(_numbers(value["p"]))
        return list(zip(numbers, numbers))
    if "l" in value:
        return [_decode(v) for v in value["l"]]
    keys, values = _decode(value["k"]), _decode(value["v"])
    if len(keys) != len(values):
        raise ValueError("a damaged mapping")
    return dict(zip(keys, values))
