"""A rough picture of an EMF+ drawing (what LibreOffice saves a design's artwork as): its filled
rectangles and paths, in their colours, on a small image; enough to know the ground under a
slide's text, not to show it. Anything else in the file is ignored."""

from __future__ import annotations

import struct

_COMMENT = 70
_OBJECT, _FILL_RECTS, _FILL_PATH, _WORLD = 0x4008, 0x400A, 0x4014, 0x402A
_PATH = 3
SIZE = (64, 48)


def _records(blob: bytes):
    """The EMF+ records held in the EMF's comment records: (type, flags, data)."""
    i = 0
    while i + 8 <= len(blob):
        kind, size = struct.unpack_from("<II", blob, i)
        if size < 8:
            return
        if kind == _COMMENT and blob[i + 12:i + 16] == b"EMF+":
            length = struct.unpack_from("<I", blob, i + 8)[0]
            data = blob[i + 16:i + 12 + length]
            j = 0
            while j + 12 <= len(data):
                rtype, flags, rsize, dsize = struct.unpack_from("<HHII", data, j)
                if rsize < 12:
                    break
                yield rtype, flags, data[j + 12:j + 12 + dsize]
                j += rsize
        i += size


def _argb(data: bytes, at: int = 0) -> tuple[int, int, int, int]:
    b, g, r, a = data[at:at + 4]
    return r, g, b, a


def raster(blob: bytes):
    """An RGBA PIL image of the drawing's fills, or None when it holds none (a plain EMF)."""
    from PIL import Image, ImageDraw

    world = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    paths: dict[int, list[tuple[float, float]]] = {}
    shapes: list[tuple[tuple[int, int, int, int], list[tuple[float, float]]]] = []

    def apply(x: float, y: float) -> tuple[float, float]:
        m11, m12, m21, m22, dx, dy = world
        return x * m11 + y * m21 + dx, x * m12 + y * m22 + dy

    try:
        for rtype, flags, data in _records(blob):
            if rtype == _WORLD and len(data) >= 24:
                world = struct.unpack_from("<6f", data, 0)
            elif rtype == _OBJECT and (flags >> 8) & 0x7F == _PATH and len(data) >= 12:
                count, point_flags = struct.unpack_from("<II", data, 4)
                if point_flags & 0x4000:
                    points = [struct.unpack_from("<hh", data, 12 + 4 * k) for k in range(count)]
                else:
                    points = [struct.unpack_from("<ff", data, 12 + 8 * k) for k in range(count)]
                paths[flags & 0xFF] = [apply(x, y) for x, y in points]
            elif rtype == _FILL_RECTS and flags & 0x8000 and len(data) >= 8:
                count = struct.unpack_from("<I", data, 4)[0]
                for k in range(count):
                    x, y, w, h = struct.unpack_from("<4f", data, 8 + 16 * k)
                    shapes.append(
                        (_argb(data), [apply(x, y), apply(x + w, y), apply(x + w, y + h), apply(x, y + h)])
                    )
            elif rtype == _FILL_PATH and flags & 0x8000 and len(data) >= 4 and (flags & 0xFF) in paths:
                shapes.append((_argb(data), paths[flags & 0xFF]))
    except struct.error:
        return None
    if not shapes:
        return None
    # the picture shows the drawing's device space within the EMF header's bounds (as
    # LibreOffice draws it): a drawing made larger than its bounds is seen in part
    left, top, right, bottom = struct.unpack_from("<iiii", blob, 8)
    x0, y0, x1, y1 = float(left), float(top), float(right + 1), float(bottom + 1)
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        return None
    image = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    sx, sy = SIZE[0] / (x1 - x0), SIZE[1] / (y1 - y0)
    for colour, pts in shapes:
        if len(pts) >= 3:
            draw.polygon([((x - x0) * sx, (y - y0) * sy) for x, y in pts], fill=colour)
    return image
