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

from lxml import etree

from ..errors import ReportError
from ..model import Location
from ..paths import gate

#: the most a template may unpack to, in bytes (the shipped ones: 90 kB)
MAX_UNPACKED = 64 * 2**20
#: the most parts (files) a template may hold
MAX_PARTS = 2000
#: what in a part's name or content type marks macros or ActiveX controls
_ACTIVE = ("vbaproject", "vbadata", "activex", "macroenabled")
#: parses a part without loading a DTD, resolving an entity or touching the network
_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


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
            raise _refuse(path, f"it would unpack to {sum(p.file_size for p in parts):,} bytes in {len(parts):,} "
                                f"parts; a template may hold at most {MAX_UNPACKED // 2**20} MB in "
                                f"{MAX_PARTS:,} parts (a zip bomb?)")
        for part in parts:
            _check_part(path, part.filename, package.read(part) if part.filename.endswith((".xml", ".rels"))
                        else None)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise _refuse(path, f"not a PowerPoint file that can be read ({error})") from None
    return data


def _check_part(path: Path, name: str, xml: bytes | None) -> None:
    """Refuse a part that is or holds active content, or XML with a document type declaration."""
    if any(marker in name.lower() for marker in _ACTIVE):
        raise _refuse(path, f"it holds macros or ActiveX controls ({name}); save it as a .pptx without them")
    if xml is None:
        return
    try:
        tree = etree.fromstring(xml, _PARSER).getroottree()
    except etree.XMLSyntaxError as error:
        raise _refuse(path, f"part {name} is not well-formed XML ({error})") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _refuse(path, f"part {name} declares a document type (<!DOCTYPE>, entities): PowerPoint "
                            "files never need one, and its entities could read other files")
    if name == "[Content_Types].xml" and any(m in xml.lower().decode("utf-8", "replace") for m in _ACTIVE):
        raise _refuse(path, "it is a macro-enabled presentation (.pptm); save the template as .pptx or .potx")


def check_links(prs, path: Path) -> None:
    """Refuse a template whose kept parts (masters, layouts, theme, media) link outside it."""
    for rel in prs.part.package.iter_rels():
        if rel.is_external:
            raise _refuse(path, f"it links to an outside resource {rel.target_ref[:120]!r}; briefkit follows "
                                "no links out of a template: remove the link from the master or layout")
