"""Hostile files, not just hostile text: picture bombs, broken pictures, SVG, lying names, and
more. Each case is built by the command line in a process of its own: exit code 2, a message
that starts with the file's path and line, no traceback, earlier outputs untouched, and the
process stays under 300 MB and 30 s."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from test_bad_input import GOOD_FRONT, R, write_case

from conftest import briefkit

PREVIOUS = {"pdf": b"%PDF-previous good brief", "pptx": b"previous good deck"}
PICTURE = GOOD_FRONT + "\n# H\n\n![A map](map.png)\n"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(side: int = 30_000) -> bytes:
    """A valid black-and-white PNG of side x side pixels: about 110 kB on disk, 900 million
    pixels (about a gigabyte) once decoded."""
    row = zlib.compressobj(9)
    data = b"".join(row.compress(bytes(1 + side // 8)) for _ in range(side)) + row.flush()
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
            + _chunk(b"IDAT", data) + _chunk(b"IEND", b""))


def picture(kind: str, size: tuple[int, int] = (400, 300)) -> bytes:
    """A real picture with detail in it (so a cut-off file misses pixels)."""
    from PIL import Image

    image = Image.effect_noise(size, 60).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


SVG = ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       '<script>alert(1)</script><image href="file:///etc/hostname"/></svg>\n')

CASES = [
    ("picture-bomb", {"report.md": PICTURE, "map.png": png_bomb},
     f"{R}:8:1:", "map.png is too large a picture: more than 30,000,000 pixels"),
    ("picture-truncated", {"report.md": PICTURE, "map.png": lambda: picture("PNG")[:9000]},
     f"{R}:8:1:", "map.png is not a PNG or JPEG image that can be read (image file is truncated"),
    ("picture-corrupt", {"report.md": PICTURE, "map.png": lambda: picture("PNG")[:200] + bytes(5000)},
     f"{R}:8:1:", "map.png is not a PNG or JPEG image that can be read ("),
    ("picture-jpeg-truncated", {"report.md": PICTURE.replace("map.png", "map.jpg"),
                                "map.jpg": lambda: picture("JPEG")[:3000]},
     f"{R}:8:1:", "map.jpg is not a PNG or JPEG image that can be read (image file is truncated"),
    ("picture-svg", {"report.md": PICTURE.replace("map.png", "map.svg"), "map.svg": SVG},
     f"{R}:8:1:", "map.svg is an SVG drawing; briefkit takes PNG or JPEG pictures only"),
    ("picture-svg-named-png", {"report.md": PICTURE, "map.png": SVG},
     f"{R}:8:1:", "map.png is an SVG drawing"),
    ("picture-lying-extension", {"report.md": PICTURE, "map.png": lambda: picture("JPEG")},
     f"{R}:8:1:", "map.png holds a JPEG image but its name ends in '.png'; rename it to map.jpg"),
    ("picture-gif", {"report.md": PICTURE.replace("map.png", "map.gif"), "map.gif": lambda: picture("GIF")},
     f"{R}:8:1:", "map.gif is not a PNG or JPEG image that can be read"),
    ("logo-bomb", {"report.md": "---\ntitle: T\ntheme: house.yaml\n---\n\n# H\n\nText.\n",
                   "house.yaml": None, "logo.png": png_bomb},
     "reports/case/house.yaml:", "logo.png is too large a picture"),
]


@pytest.mark.parametrize("name, files, where, words", CASES, ids=[c[0] for c in CASES])
def test_hostile_file_gives_located_message_exit_2_in_bounded_memory_and_time(tmp_path, name, files, where,
                                                                               words):
    write_case(tmp_path, {path: content() if callable(content) else content for path, content in files.items()})
    (tmp_path / "out").mkdir()
    for ext, blob in PREVIOUS.items():
        (tmp_path / "out" / f"case.{ext}").write_bytes(blob)
    result = briefkit("build", "reports/case", "--out", "out", cwd=tmp_path)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(where), f"expected the message to start with {where!r}, got {first!r}"
    assert words in first, result.stderr
    for ext, blob in PREVIOUS.items():
        assert (tmp_path / "out" / f"case.{ext}").read_bytes() == blob, f"{ext} output changed"
    assert result.peak_mb < 300, f"peak memory {result.peak_mb:.0f} MB"
    assert result.seconds < 30, f"took {result.seconds:.1f} s"


def test_good_pictures_of_both_kinds_are_taken(tmp_path):
    source = GOOD_FRONT + "\n# H\n\n![A map](map.png)\n\n![A photo](photo.jpeg)\n"
    write_case(tmp_path, {"report.md": source, "map.png": picture("PNG"), "photo.jpeg": picture("JPEG")})
    result = briefkit("build", "reports/case", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "case.pdf").stat().st_size > 0 and (tmp_path / "out" / "case.pptx").stat().st_size > 0
