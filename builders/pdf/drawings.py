"""A drawn chart (a ReportLab Drawing) as JSON and back, so a new process need not draw it again.

matplotlib lays out and draws the brief's three charts in ~0.3 s, every process. The Drawing is
plain data: groups, paths, strings and colours of a few known classes with number, string and
list attributes. :func:`dump` writes exactly that (anything else makes it decline, and the chart
is drawn as before) and :func:`load` builds the same objects again; no class outside the
list below is ever made from a cache file, and nothing in it is run.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from reportlab.graphics import shapes
from reportlab.lib.colors import Color

#: the classes a cached drawing may hold, by the name written in the file
_SHAPES = {cls.__name__: cls for cls in (
    shapes.Drawing, shapes.Group, shapes.Path, shapes.String, shapes.Rect, shapes.Line,
    shapes.PolyLine, shapes.Polygon, shapes.Circle, shapes.Ellipse, Color)}


#: arguments that make a blank object of a class whose constructor needs some
_BLANK_ARGS = {"String": (0, 0, ""), "Rect": (0, 0, 0, 0), "Line": (0, 0, 0, 0), "Circle": (0, 0, 0),
               "Ellipse": (0, 0, 0, 0), "Color": (0, 0, 0)}


@functools.cache
def _needed(name: str) -> frozenset[str]:
    """The attributes every object of a class has from its constructor: a cached object
    lacking one was damaged, and drawing it would fail."""
    blank = _SHAPES[name](*_BLANK_ARGS.get(name, ()))
    return frozenset(k for k in vars(blank) if k != "_attrMap")


def _name(value) -> str | None:
    kind = type(value)
    return kind.__name__ if _SHAPES.get(kind.__name__) is kind else None


def _attributes(value) -> tuple[str, dict]:
    """The class name and attributes to store."""
    name = _name(value)
    if name is None:
        raise TypeError(f"cannot store a {type(value).__name__}")
    return name, dict(vars(value))


def dump(drawing: shapes.Drawing) -> str | None:
    """The drawing as JSON, or None when it holds anything but known shapes and plain values."""
    try:
        return json.dumps(_encode(drawing), separators=(",", ":"))
    except TypeError:
        return None


def load(text: str) -> shapes.Drawing | None:
    """The drawing :func:`dump` wrote, or None when ``text`` is not one."""
    try:
        drawing = _decode(json.loads(text))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    return drawing if isinstance(drawing, shapes.Drawing) else None


def _encode(value):
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        if all(type(v) in (int, float) for v in value):
            return value
        return {"l": [_encode(v) for v in value]}
    if kind is tuple:
        return {"t": [_encode(v) for v in value]}
    name, attributes = _attributes(value)
    own_map = attributes.pop("_attrMap", None)
    if own_map is not None and set(own_map) != set(_SHAPES[name]._attrMap):
        raise TypeError(f"a {name} with attributes of its own")
    encoded: dict[str, Any] = {"o": name, "a": {k: _encode(v) for k, v in attributes.items()}}
    if own_map is not None:
        encoded["m"] = 1
    return encoded


def _decode(value):
    if not isinstance(value, dict):
        return value
    if "l" in value:
        return [_decode(v) for v in value["l"]]
    if "t" in value:
        return tuple(_decode(v) for v in value["t"])
    cls = _SHAPES[value["o"]]
    if not _needed(value["o"]) <= value["a"].keys():
        raise KeyError(f"a {value['o']} without some of its attributes")
    made = cls.__new__(cls)  # every attribute comes from the file, as the original had them
    made.__dict__.update({k: _decode(v) for k, v in value["a"].items()})
    if "m" in value:  # what Group.__init__ gives each group: its own copy of the class's map
        made.__dict__["_attrMap"] = cls._attrMap.clone()
    return made
