"""A template is a file from anyone: it is opened only when it is a plain PowerPoint package.

Refused, with a message naming the template and the part: a file that is not a zip package or
is damaged; one that would unpack to more than :data:`MAX_UNPACKED` bytes or holds more than
:data:`MAX_PARTS` parts (a zip bomb); macros or ActiveX controls (a ``.pptm``, a
``vbaProject.bin``); an XML part with a document type declaration (its entities could read
files or expand to gigabytes, and OOXML never needs one); and a master, layout or theme that
links outside the file (``TargetMode="External"``). The sample slides are dropped before the
links are looked at, so their hyperlinks and text never reach the deck.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import ReportError
from ..model import Location
from ..paths import gate
from . import package, xml
from .xml.opened import Opened

#: the most a template may unpack to, in bytes (the shipped ones: 90 kB)
MAX_UNPACKED = 64 * 2**20
#: the most parts (files) a template may hold
MAX_PARTS = 2000
#: what in a part's name or content type marks macros or ActiveX controls
_ACTIVE = ("vbaproject", "vbadata", "activex", "macroenabled")


def _refuse(path: Path, message: str) -> ReportError:
    return ReportError(f"template refused: {message}", Location(path))


def read_checked(path: Path) -> bytes:
    """The template's bytes, once the package has passed every check above but the links."""
    if path.suffix.lower() in (".pptm", ".potm"):
        raise _refuse(path, f"a {path.suffix} file holds macros; save the template as .pptx or .potx")
    try:
        gate(path, Location(path), what="template")
        if path.stat().st_size > MAX_UNPACKED:
            raise _refuse(path, f"the file is larger than {MAX_UNPACKED // 2**20} MB")
        data = path.read_bytes()
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = package.infolist()
        if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED:
            raise _refuse(path,
                          f"it would unpack to {sum(p.file_size for p in parts):,} bytes in {len(parts):,} "
                                f"parts; a template may hold at most {MAX_UNPACKED // 2**20} MB in "
                                f"{MAX_PARTS:,} parts (a zip bomb?)")
        for part in parts:
            _check_part(path, part.filename, package.read(part) if part.filename.endswith((".xml", ".rels"))
                        else None)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise _refuse(path, f"not a PowerPoint file that can be read ({error})") from None
    return data


def _check_part(path: Path, name: str, data: bytes | None) -> None:
    """Refuse a part that is or holds active content, or XML with a document type declaration."""
    if any(marker in name.lower() for marker in _ACTIVE):
        raise _refuse(path, f"it holds macros or ActiveX controls ({name}); save it as a .pptx without them")
    if data is None:
        return
    part = xml.read.untrusted(data)
    if part.error is not None:
        raise _refuse(path, f"part {name} is not well-formed XML ({part.error})")
    if part.doctype:
        raise _refuse(path, f"part {name} declares a document type (<!DOCTYPE>, entities): PowerPoint "
                            "files never need one, and its entities could read other files")
    if name == "ppt/presentation.xml":
        _check_presentation(path, xml.read.presentation(part.root))
    if name == "[Content_Types].xml" and any(m in data.lower().decode("utf-8", "replace") for m in _ACTIVE):
        raise _refuse(path, "it is a macro-enabled presentation (.pptm); save the template as .pptx or .potx")


#: the slide shapes a deck is laid out on: landscape, from 4:3 to 16:9 (a little either side),
#: at least 9 inches wide (the layout's type sizes are set for a slide that size)
ASPECTS, LEAST_WIDTH_IN = (1.3, 1.8), 9.0


def _check_presentation(path: Path, presentation: xml.read.Presentation) -> None:
    """A template has a slide master to lay the slides out on, and a slide size they fit."""
    if not presentation.master:
        raise _refuse(path,
                      "it has no slide master (ppt/presentation.xml lists none); save it from PowerPoint "
                            "with its master and layouts")
    size = presentation.size
    try:
        width, height = (int(size[0]) / 914400, int(size[1]) / 914400) if size is not None \
            else (10.0, 7.5)  # no size given: PowerPoint's 4:3 default
    except ValueError:
        raise _refuse(path, "its slide size (p:sldSz) is not a number of EMUs") from None
    if height <= 0 or not ASPECTS[0] <= width / height <= ASPECTS[1] or width < LEAST_WIDTH_IN:
        shape = "portrait" if width < height else "landscape"
        raise _refuse(
            path,
            f"its slides are {width:.2f} x {height:.2f} in ({shape}); briefkit lays decks out on "
            f"landscape slides from 4:3 to 16:9, at least {LEAST_WIDTH_IN:.0f} in wide: set the "
            "template's slide size to Widescreen (13.33 x 7.5 in) or Standard (10 x 7.5 in)",
        )


def check_links(prs, path: Path) -> None:
    """Refuse a template whose kept parts (masters, layouts, theme, media) link outside it."""
    for rel in prs.part.package.iter_rels():
        if rel.is_external:
            raise _refuse(path, f"it links to an outside resource {rel.target_ref[:120]!r}; briefkit follows "
                                "no links out of a template: remove the link from the master or layout")


def stamp(path: Path) -> tuple:
    """A file's version: its path, size and modification time."""
    info = path.stat()
    return str(path), info.st_size, info.st_mtime_ns


def open_template(path: Path, memo: dict | None = None):
    """Open a .pptx or .potx template (a .potx is read as the presentation it describes) that
    passes :func:`.template.read_checked`, its sample slides dropped and then its links checked
    (:func:`check_links`); checked and opened once per version of the file in a session
    (``memo``, see :func:`prepare`): each deck then starts from a copy of the presentation as
    opened (:class:`.xml.opened.Opened`: a tenth of the time of opening it again; the editions
    of a batch each opened the template)."""
    version = stamp(Path(path)) if memo is not None else ()
    opened = memo.get(("opened",) + version) if memo is not None else None
    if opened is not None:
        return opened.copy()
    key = ("checked", *version)
    data = memo.get(key) if memo is not None else None
    if data is None:
        data = read_checked(path)
        if memo is not None:
            memo[key] = data
    from pptx import Presentation

    try:
        if path.suffix.lower() == ".potx":
            data = package.retype(data)
        prs = Presentation(io.BytesIO(data))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ReportError(f"cannot open PowerPoint template: {error}", Location(path)) from None
    xml.drop_slides(prs)  # (the deck starts from the layouts only)
    check_links(prs, path)
    if memo is None:
        return prs
    # python-pptx's proxies (a presentation's slides …) keep child elements once asked for, and a
    # copy of those would be detached from the copied tree: the one kept is never handed out
    memo[("opened",) + version] = Opened(prs)
    return memo[("opened",) + version].copy()
