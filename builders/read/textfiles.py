"""What a source file's bytes and characters say about it before it is read: a UTF-16 or UTF-32
file named as such, and characters a reader would want pointed out (NUL, other control
characters, bidirectional overrides, embeddings and isolates).

Right-to-left text needs none of the flagged characters: the marks U+200E and U+200F, which
Persian and Hebrew text legitimately carries, are not flagged.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReportError, location_at
from ..model import Location

_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32 (little-endian, with a byte-order mark)"),
         (codecs.BOM_UTF32_BE, "UTF-32 (big-endian, with a byte-order mark)"),
         (codecs.BOM_UTF16_LE, "UTF-16 (little-endian, with a byte-order mark)"),
         (codecs.BOM_UTF16_BE, "UTF-16 (big-endian, with a byte-order mark)"))
#: without a byte-order mark: the unit size and the one non-zero byte of an ASCII character
_ASCII_UNITS = (("UTF-32 (little-endian)", 4, 0), ("UTF-32 (big-endian)", 4, 3),
                ("UTF-16 (little-endian)", 2, 0), ("UTF-16 (big-endian)", 2, 1))


def wide_encoding(raw: bytes) -> str | None:
    """The name of the UTF-16 or UTF-32 form ``raw`` is in, or None. A byte-order mark decides;
    without one, the zero bytes that ASCII characters (newlines, spaces, YAML keys) bring."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    head = raw[:400]
    head = head[: len(head) - len(head) % 4]
    if b"\x00" not in head:
        return None
    for name, width, byte in _ASCII_UNITS:
        units = [head[i:i + width] for i in range(0, len(head), width)]
        ascii_units = sum(unit[byte] != 0 and unit.count(0) == width - 1 for unit in units)
        if ascii_units >= len(units) / 2:
            return name
    return None


def read_at_most(path: Path, most: int) -> bytes:
    """The bytes of a file of at most ``most`` bytes; a larger one is refused where it passes
    that size, having read no more of it. It must be a regular file (see :func:`builders.paths.gate`;
    a missing one raises FileNotFoundError for the caller to explain)."""
    from ..paths import gate

    gate(path, Location(path), what="file")
    with path.open("rb") as file:
        raw = file.read(most + 1)
        if len(raw) <= most:
            return raw
        size = os.fstat(file.fileno()).st_size
    raise ReportError(f"the file is {size:,} bytes long; at most {most:,} are supported, a size it passes "
                      "here: split the report", location_at(path, raw, most))


def decode(path: Path, raw: bytes) -> str:
    """The text of a UTF-8 file (a byte-order mark is skipped); other encodings are errors."""
    wide = wide_encoding(raw)
    if wide:
        raise ReportError(f"the file is in {wide}, not UTF-8; save it as UTF-8", Location(path, 1, 1))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReportError(f"not valid UTF-8 (byte 0x{raw[error.start]:02X}); save the file as UTF-8",
                          location_at(path, raw, error.start)) from None


#: NUL, the other C0 and C1 controls except tab, line feed and carriage return, and the
#: explicit bidirectional embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069)
_FLAGGED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: findings per file at most: a damaged file can hold millions of them
MOST = 20


@dataclass(frozen=True)
class Flagged:
    """A character worth pointing out, where it stands, and whether it is an error."""

    location: Location
    message: str
    error: bool


def flagged(path: Path, text: str) -> Iterator[Flagged]:
    """The first flagged character of each line (of the first :data:`MOST` such lines)."""
    line, line_start, last_line = 1, 0, 0
    position = 0
    found = 0
    for match in _FLAGGED.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if line == last_line:
            continue
        line_start = text.rfind("\n", 0, position) + 1
        last_line = line
        yield Flagged(Location(path, line, position - line_start + 1), *_describe(match.group()))
        found += 1
        if found == MOST:
            return


def _describe(char: str) -> tuple[str, bool]:
    code = f"U+{ord(char):04X}"
    if char == "\x00":
        return (f"NUL character ({code}): a text file holds none, so the file may be damaged or "
                "not text; remove it", True)
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return (f"bidirectional control {code} ({unicodedata.name(char)}) changes the order in which "
                "the text after it is shown; remove it unless you mean it (right-to-left script "
                "needs none)", False)
    return f"control character {code} is not printed: it is dropped from the text", False


def declared_encoding(name: str, entry: dict, where: Callable[[], Location]) -> str:
    """The text encoding a data package gives resource ``name`` (``entry``), checked to be one
    (``where``: the location of its "encoding", for the error)."""
    encoding = entry.get("encoding", "utf-8")
    if not isinstance(encoding, str):
        raise ReportError(f'resource {name!r}: expected "encoding" to be a name such as "utf-8" or "cp1252", '
                          f"found {json.dumps(encoding)}", where())
    try:  # a codec that is no text encoding (rot13, base64) or refuses all input ("undefined")
        info = codecs.lookup(encoding)
        b"ab".decode(info.name)
    except (LookupError, UnicodeError):
        raise ReportError(f"resource {name!r}: unknown encoding {encoding!r}; expected a text encoding "
                          f"such as "
                          '"utf-8" or "cp1252"', where()) from None
    return encoding
