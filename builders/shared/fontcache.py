"""ReportLab TrueType fonts whose parsed tables are kept in JSON between processes.

Registering a TrueType font makes ReportLab read the file's tables (names, metrics, the
character map, every glyph's width and position): ~0.01 s for a Noto face, ~0.07 s for the CJK
fallback, in every process. What it reads depends only on the file's bytes and ReportLab's
version, so :func:`load` keeps it in the machine cache (``~/.cache/briefkit/fonts/``) under a key made of
both (the cache
key covers the library versions). The cache holds JSON data, never code; an entry that cannot
be read back, or a font holding a value this module cannot write as JSON, is parsed again.
"""

from __future__ import annotations

import base64
import io
import json
import struct
import sys
import threading
from array import array
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from .. import store as cache_store

#: the face's values that come from the file or from other values rather than from the cache
_NOT_STORED = ("_ttf_data", "filename", "_pdfScale")
#: values ReportLab reads when it measures, sets and embeds text: an entry without them is damaged
_REQUIRED = frozenset({"name", "unitsPerEm", "ascent", "descent", "capHeight", "bbox", "flags", "italicAngle",
                       "stemV", "numGlyphs", "table", "charToGlyph", "glyphToChar", "charWidths",
                       "defaultWidth", "hmetrics", "glyphPos"})


def load(name: str, path: Path, digest: str, folder: Path | None) -> TTFont:
    """The TrueType font ``path`` (whose bytes hash to ``digest``) named ``name``, its tables
    read from ``folder`` when a process has stored them there before."""
    data = path.read_bytes()

    def parse() -> TTFont:
        handle = io.BytesIO(data)
        handle.name = str(path)  # what ReportLab would call it had it opened the file itself
        return TTFont(name, handle)

    entry = f"{cache_store.key('ttf', digest)}.json" if folder is not None else ""
    return cache_store.through(folder, entry, lambda text: _restore(name, path, data, text), parse, _store)


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
    """A face read back from the cache. Its large tables (the character and glyph maps, the
    widths, the glyph metrics and offsets) are checked when it is read back but made into
    Python objects on first use: a face a document never sets (most bold italics, the mono
    font) costs little more than reading its entry, and ReportLab reads glyph offsets only when
    it embeds the font."""

    def __getattr__(self, name: str):
        # one thread at a time: two builds in two threads of a process share the registered
        # fonts, and one must not find a table gone from ``_later`` and not yet made
        with _MAKING:
            if name in self.__dict__:
                return self.__dict__[name]
            later = self.__dict__.get("_later", {})
            if name not in later:
                raise AttributeError(name)
            made = later[name]()
            self.__dict__[name] = made
            del later[name]
            return made


_MAKING = cache_store.fork_safe(threading.RLock())


#: the face's values made on first use (see :class:`_Face`)
_LATER = frozenset({"charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos"})


def _later(value):
    """A function making what :func:`_decode` makes of ``value``: packed numbers are read and
    counted now (what could fail), the Python objects made when the function is called."""
    if isinstance(value, dict) and "k" in value and isinstance(value.get("v"), dict) and "ll" in value["v"]:
        keys, flat, lengths = _glyph_runs(value)
        return lambda: dict(zip(keys, _split(flat, lengths)))
    if isinstance(value, dict) and _packed(value.get("k")) and _packed(value.get("v")):
        (count, keys), (counted, values) = _sequence(value["k"]["a"]), _sequence(value["v"]["a"])
        if count != counted:
            raise ValueError("a damaged mapping")
        return lambda: dict(zip(keys(), values()))
    if isinstance(value, dict) and isinstance(value.get("p"), dict):
        count, flat = _sequence(value["p"])
        if count % 2:
            raise ValueError("damaged pairs")
        return lambda: _Pairs(flat())
    if _packed(value):
        numbers = _sequence(value["a"])[1]
        return lambda: list(numbers())
    made = _decode(value)
    return lambda: made


class _Pairs(Sequence):
    """A list of number pairs (a face's glyph metrics: ReportLab reads the pairs of the glyphs
    it embeds, by index) kept as one flat run and paired on access."""

    def __init__(self, flat) -> None:
        self.flat = flat

    def __len__(self) -> int:
        return len(self.flat) // 2

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("pair index out of range")
        return self.flat[2 * index], self.flat[2 * index + 1]

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def _packed(value) -> bool:
    """Whether ``value`` is a list of numbers stored packed (see :func:`_pack`)."""
    return isinstance(value, dict) and isinstance(value.get("a"), dict)


def _sequence(value: dict):
    """A packed list of numbers (see :func:`_pack`), read and checked: its length, and a
    function giving its numbers (an array, or the list when ints and floats are mixed)."""
    if "mix" not in value:
        numbers = _array(value)
        return len(numbers), lambda: numbers
    ints, where, floats = (_array({tag: text}) for tag, text in zip("iid", value["mix"]))
    if len(where) != len(floats) or (where and (min(where) < 0 or max(where) >= len(ints))):
        raise ValueError("damaged mixed numbers")

    def made() -> list:
        numbers = ints.tolist()
        for at, number in zip(where, floats):
            numbers[at] = number
        return numbers

    return len(ints), made


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


def _directory(data: bytes) -> list[dict]:
    """The table directory of a TrueType file (of its first font, in a collection), as
    ReportLab reads it into ``tables``: each table's tag, checksum, offset and length."""
    start = 0
    if data[:4] == b"ttcf":
        (start,) = struct.unpack(">L", data[12:16])
    (count,) = struct.unpack(">H", data[start + 4:start + 6])
    records = []
    for at in range(start + 12, start + 12 + 16 * count, 16):
        tag, checksum, offset, length = struct.unpack(">4sLLL", data[at:at + 16])
        records.append({"tag": tag.decode("latin-1"), "checksum": checksum, "offset": offset,
                        "length": length})
    return records


def _restore(name: str, path: Path, data: bytes, text: str) -> TTFont | None:
    try:
        stored = json.loads(text)
        if not _REQUIRED <= stored["face"].keys():
            return None
        face = _Face.__new__(_Face)
        face.__dict__.update({k: _decode(v) for k, v in stored["face"].items() if k not in _LATER})
        # the tables are this file's: its own directory lists the same tables with the same
        # checksums (a digest remembered wrongly cannot pair one font's tables with another's bytes)
        if face.tables != _directory(data):
            return None
        face.__dict__["_later"] = {k: _later(v) for k, v in stored["face"].items() if k in _LATER}
        face.__dict__.update(_ttf_data=data, filename=str(path), _pdfScale=_scale(face.unitsPerEm))
        font = TTFont.__new__(TTFont)
        font.__dict__.update(stored["font"])
        font.__dict__.update(fontName=name, face=face, encoding=TTEncoding(), state=WeakKeyDictionary())
        return font
    except (ValueError, KeyError, TypeError, AttributeError, ZeroDivisionError, RecursionError, struct.error):
        return None


_SCALARS = (bool, int, float, str)


def _pack(numbers: list) -> dict | list:
    """A list of numbers as little-endian machine values in base64 (JSON parses one string far
    faster than a hundred thousand numbers); ints and floats mixed as the ints, where the floats
    go and the floats; anything else (or ints beyond 32 bits) as it is."""
    kinds = {type(n) for n in numbers}
    ints = [n for n in numbers if type(n) is int]
    if ints and not -(2**31) <= min(ints) <= max(ints) < 2**31:
        return numbers
    if kinds == {int}:
        return {"i": _base64(array("i", numbers))}
    if kinds == {float}:
        return {"d": _base64(array("d", numbers))}
    if kinds == {int, float}:  # (a CJK face's advance widths): the ints, where the floats go, the floats
        where = [at for at, n in enumerate(numbers) if type(n) is float]
        return {"mix": [_base64(array("i", [n if type(n) is int else 0 for n in numbers])),
                        _base64(array("i", where)), _base64(array("d", [numbers[at] for at in where]))]}
    return numbers


def _base64(packed: array) -> str:
    if sys.byteorder == "big":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")


def _array(value: dict) -> array:
    tag = "i" if "i" in value else "d"
    packed = array(tag, base64.b64decode(value[tag]))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed


def _unpack(value: dict) -> list:
    return _sequence(value)[1]() if "mix" in value else _array(value).tolist()


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
