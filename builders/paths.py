"""Where things live, and the one gate through which a source may name a file."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .errors import ReportError
from .model import Location

#: the briefkit checkout (the package sits in ``builders/`` beside ``assets/``)
HOME = Path(__file__).resolve().parent.parent
#: shipped fonts, logos, templates and themes
ASSETS = Path(os.environ.get("BRIEFKIT_ASSETS", HOME / "assets")).resolve()


#: every input file let through the gate in this process (resolved): the up-to-date check stamps
#: each of them, a hidden file too, so that no file a build read can change unnoticed
OPENED: set[Path] = set()


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def gate(path: Path, location: Location, *, what: str, roots: tuple[Path, ...] = (), most: int | None = None,
         limit: str = "") -> Path:
    """The one gate every input file passes before it is opened; the file, links resolved.

    It must be a regular file (a named pipe or a device would block the build or never end),
    lie inside one of ``roots`` once symbolic links are resolved (when roots are given: a link
    never lets a report read a file outside its project) and hold at most ``most`` bytes
    (``limit`` says what to do about a larger one). FileNotFoundError is left to the caller.
    """
    try:
        resolved = path.resolve()
        info = resolved.stat()
    except FileNotFoundError:
        raise
    except (OSError, ValueError, RuntimeError) as error:  # a loop of links, a name too long
        raise ReportError(
            f"cannot read {what} {path.name[:80]!r}: {getattr(error, 'strerror', None) or error}", location
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise ReportError(
            f"{what} {path.name!r} is {_kind(info.st_mode)}, not a regular file; briefkit reads "
            "regular files only",
            location,
        )
    if roots and not any(resolved.is_relative_to(root.resolve()) for root in roots):
        raise ReportError(
            f"{what} {path.name!r} points outside the project (to {resolved}); briefkit reads only "
            "files inside the project, links resolved: copy the file into it",
            location,
        )
    if most is not None and info.st_size > most:
        raise ReportError(
            f"{what} {path.name!r} is {info.st_size:,} bytes long; at most {most:,} are supported"
            f"{': ' + limit if limit else ''}",
            location,
        )
    OPENED.add(resolved)
    return resolved


def read_input(path: Path, location: Location, *, what: str, most: int, roots: tuple[Path, ...] = (),
               limit: str = "") -> bytes:
    """The bytes of an input file that passed :func:`gate`, never more than ``most`` of them
    (a file that grew past them meanwhile is refused too)."""
    try:
        resolved = gate(path, location, what=what, roots=roots, most=most, limit=limit)
    except FileNotFoundError:
        raise ReportError(f"{what} {path.name!r} not found", location) from None
    try:
        with resolved.open("rb") as handle:
            raw = handle.read(most + 1)
    except OSError as error:
        raise ReportError(f"cannot read {what} {path.name!r}: {error.strerror or error}", location) from None
    if len(raw) > most:
        raise ReportError(
            f"{what} {path.name!r} is more than {most:,} bytes long; at most {most:,} are supported"
            f"{': ' + limit if limit else ''}",
            location,
        )
    return raw


def project_root(report_dir: Path) -> Path:
    """The project a report belongs to: the folder holding ``reports/``, else the report itself."""
    report_dir = report_dir.resolve()
    if report_dir.parent.name == "reports":
        return report_dir.parent.parent
    return report_dir


def resolve_inside(value: str, roots: tuple[Path, ...], location: Location, *, what: str) -> Path:
    """Resolve a relative path named in a source, refusing anything outside ``roots``.

    Absolute paths, URLs and paths that leave every root (by ``..`` or through a symbolic
    link) are errors: content never makes briefkit read a file elsewhere.
    """
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) and not re.match(r"^[A-Za-z]:[\\/]", value):
        raise ReportError(f"{what} must be a file inside the project, found URL {value!r}", location)
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", value) or value.startswith("~"):
        raise ReportError(f"{what} must be a relative path inside the project, found {value!r}", location)
    try:
        allowed = [root.resolve() for root in roots]
        candidates = [(base / value).resolve() for base in allowed]  # relative to each root in turn
        inside = [c for c in candidates if any(c.is_relative_to(root) for root in allowed)]
        for candidate in inside:
            if candidate.exists():
                return gate(candidate, location, what=what)
        if not inside or any(c.exists() for c in candidates):  # only a way out (a link, "..") leads to a file
            raise ReportError(f"{what} {value!r} points outside the project", location)
    except (OSError, ValueError) as error:  # a name too long, a NUL byte, a loop of links
        raise ReportError(f"{what} {value[:80]!r} cannot be used as a file name: "
                          f"{getattr(error, 'strerror', None) or error}", location) from None
    where = " or ".join(str(r) for r in roots)
    raise ReportError(f"{what} {value!r} not found (looked in {where})", location)


#: the most pixels a picture may have (a 6000 x 4000 photograph has 24 million): checked from
#: the file's header before anything is decoded, and Pillow's own limit for every later reader
#: (ReportLab, python-pptx; :func:`limit_pictures`), so a small file that unpacks to gigabytes
#: is refused unread
MAX_PIXELS = 30_000_000
#: the picture formats accepted, and the file name endings each may have
PICTURE_KINDS = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg")}


#: where verdicts on pictures are kept (the machine cache), see :func:`keep_checked_pictures_in`
_checked_folder: Path | None = None


def keep_checked_pictures_in(folder: Path | None) -> None:
    """Keep what decoding each picture found (its format and mode) in ``folder`` (the machine
    cache), keyed by the file's SHA-256, so that the next process does not decode it again:
    importing Pillow and decoding the theme's logo took a twentieth of a second in the reading
    process of every build. For the whole process, like :func:`builders.locale.furniture.keep_parsed_in`."""
    global _checked_folder
    _checked_folder = folder


def check_picture(path: Path, location: Location) -> None:
    """Builders trust pictures: only PNG and JPEG files of at most :data:`MAX_PIXELS` pixels,
    named for what they hold, that decode whole are let through."""
    import hashlib
    import json

    from . import store

    name = path.name
    folder, entry = _checked_folder, ""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
            if folder is not None:  # a verdict is kept under the file's digest (none hashed without)
                found = hashlib.sha256(head)
                for block in iter(lambda: handle.read(1 << 20), b""):
                    found.update(block)
                pillow = store.versions(("pillow",))
                entry = f"{store.key('picture', found.hexdigest(), str(MAX_PIXELS), *pillow)}.json"
    except OSError as error:
        raise ReportError(f"{name} is not a PNG or JPEG image that can be read ({error})", location) from None
    if b"<svg" in head.lower():
        raise ReportError(f"{name} is an SVG drawing; briefkit takes PNG or JPEG pictures only (an SVG "
                          "can carry scripts and links to other files): export it as PNG", location)

    def restore(text: str) -> tuple[str, str] | None:
        try:
            kind, mode = json.loads(text)
        except (ValueError, TypeError):
            return None
        return (kind, mode) if kind in PICTURE_KINDS and isinstance(mode, str) else None

    kind, mode = store.through(folder, entry, restore, lambda: _decoded(path, location), json.dumps)
    if mode.startswith(("I", "F")):  # the brief's and the deck's readers take 8 bits a channel
        raise ReportError(
            f"{name} has {'32-bit' if mode in ('I', 'F') else '16-bit'} greyscale pixels ({mode}), "
            "which the brief would show as white; save it with 8 bits a channel (as an 8-bit "
            "greyscale or RGB PNG)",
            location,
        )
    if path.suffix.lower() not in PICTURE_KINDS[str(kind)]:
        raise ReportError(f"{name} holds a {kind} image but its name ends in {path.suffix or 'nothing'!r}; "
                          f"rename it to {path.stem}{PICTURE_KINDS[str(kind)][0]}", location)


def limit_pictures(only_if_loaded: bool = False) -> None:
    """Pillow's own limit of :data:`MAX_PIXELS` for every reader of pictures in this process
    (ReportLab, python-pptx), so that a file that unpacks to gigabytes is refused unread
    (``only_if_loaded``: unless Pillow is not imported yet, and so reads nothing)."""
    import sys

    if only_if_loaded and "PIL.Image" not in sys.modules:
        return
    from PIL import Image as PILImage

    PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS


def _decoded(path: Path, location: Location) -> tuple[str, str]:
    """The format and mode of the picture at ``path``, every pixel decoded (a truncated or
    corrupt file fails), or a ReportError."""
    import warnings

    from PIL import Image as PILImage

    limit_pictures()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            # open() reads the header and refuses more than MAX_IMAGE_PIXELS before decoding
            with PILImage.open(path, formats=tuple(PICTURE_KINDS)) as picture:
                kind = picture.format
                picture.load()  # every pixel decoded: a truncated or corrupt file fails here
                return str(kind), picture.mode
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ReportError(f"{path.name} is too large a picture: more than {MAX_PIXELS:,} pixels (it would "
                          "take too much memory to draw); scale it down", location) from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:  # UnidentifiedImageError is an OSError
        detail = "" if "cannot identify" in str(error) else f" ({error})"
        raise ReportError(f"{path.name} is not a PNG or JPEG image that can be read{detail}",
                          location) from None


def check_truetype(path: Path, location: Location) -> None:
    """ReportLab embeds TrueType outlines only: a .ttf (or TrueType-flavoured .otf)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12 + 16 * 256)
            size = os.fstat(handle.fileno()).st_size
    except OSError as error:
        raise ReportError(f"cannot read font {path.name}: {error.strerror}", location) from None
    magic = head[:4]
    if magic == b"OTTO":
        raise ReportError(f"{path.name} is an OpenType font with PostScript (CFF) outlines; briefkit "
                          "needs TrueType outlines (a .ttf file)", location)
    if magic not in (b"\x00\x01\x00\x00", b"true"):
        raise ReportError(f"{path.name} is not a TrueType font file", location)
    problem = _font_tables(head, size)
    if problem:
        raise ReportError(f"{path.name} is not a TrueType font that can be read ({problem})", location)


#: the tables every TrueType font has, which ReportLab reads
_FONT_TABLES = {b"head", b"hhea", b"hmtx", b"maxp", b"cmap", b"loca", b"glyf"}


def _font_tables(head: bytes, size: int) -> str:
    """What is wrong with a TrueType font's table directory (empty when nothing): the check
    costs one small read, and a damaged font is refused where the theme names it rather than
    failing inside ReportLab."""
    import struct

    count = struct.unpack(">H", head[4:6])[0] if len(head) >= 6 else 0
    if not 0 < count <= 256 or len(head) < 12 + 16 * count:
        return f"its table directory lists {count} tables"
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", head[12 + 16 * index:28 + 16 * index])
        if offset + length > size:
            return f"table {tag.decode('latin-1')!r} runs past the end of the file"
        tables[tag] = length
    missing = sorted(t.decode() for t in _FONT_TABLES - set(tables))
    return f"it has no {', '.join(missing)} table" if missing else ""
