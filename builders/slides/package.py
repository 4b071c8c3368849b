"""Package parts a deck writes itself rather than keep from its template: a fresh
``docProps/app.xml`` (a 2007 template's says AppVersion 12 and counts its own slides), a
``viewProps`` part where the template has none (LibreOffice writes none; PowerPoint then offers
to repair), and a ``val`` on every boolean element of a chart (``<c:delete/>`` means "deleted"
by the schema's default, which PowerPoint 2007 read the other way); and the deck zipped so that
the same deck gives the same bytes (fixed timestamps, fixed dates inside embedded workbooks)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI

from ..store import Recent, remember
from . import xml

_VIEW_PROPS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<p:viewPr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
               b'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
               b'<p:normalViewPr><p:restoredLeft sz="15620"/><p:restoredTop sz="94660"/></p:normalViewPr>'
               b'<p:gridSpacing cx="76200" cy="76200"/></p:viewPr>')
_VIEW_PROPS_CT = "application/vnd.openxmlformats-officedocument.presentationml.viewProps+xml"
#: chart elements of type CT_Boolean (their val defaults to true when left out)
_BOOLEANS = ("delete", "autoTitleDeleted", "varyColors", "smooth", "invertIfNegative", "showLegendKey",
             "showVal", "showCatName", "showSerName", "showPercent", "showBubbleSize", "noMultiLvlLbl",
             "roundedCorners", "auto", "overlay", "plotVisOnly", "showDLblsOverMax", "bubble3D", "date1904",
             "applyToFront", "applyToSides", "applyToEnd", "showHorzBorder", "showVertBorder", "showOutline",
             "showKeys", "wireframe", "dispRSqr", "dispEq")
_BARE = re.compile(rb"<c:(" + b"|".join(n.encode() for n in _BOOLEANS) + rb")\s*/>")


def explicit_booleans(blob: bytes) -> bytes:
    """A chart part with ``val="1"`` written on each bare boolean element (what it means)."""
    return _BARE.sub(rb'<c:\1 val="1"/>', blob)


def add_view_props(prs) -> None:
    """Give the presentation a viewProps part when its template had none."""
    if any(rel.reltype == RT.VIEW_PROPS for rel in prs.part.rels.values()):
        return
    part = Part(PackURI("/ppt/viewProps.xml"), _VIEW_PROPS_CT, prs.part.package, _VIEW_PROPS)
    prs.part.relate_to(part, RT.VIEW_PROPS)


def app_xml(prs) -> bytes:
    """Extended properties describing this deck, not the template it was made on."""
    slides = len(prs.slides)
    notes = sum(1 for s in prs.slides if s.has_notes_slide)
    # what python-pptx's shapes, text frames, paragraphs and runs count, read from the XML (a
    # tenth of a slide edit's time through its proxies)
    counts = [xml.text_counts(slide) for slide in prs.slides]
    paragraphs, words = sum(c[0] for c in counts), sum(c[1] for c in counts)
    ratio = prs.slide_width / prs.slide_height if prs.slide_height else 0
    shape = (
        "Widescreen"
        if abs(ratio - 16 / 9) < 0.02
        else "On-screen Show (4:3)"
        if abs(ratio - 4 / 3) < 0.02
        else "Custom"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<TotalTime>0</TotalTime><Words>{words}</Words><Application>Microsoft Office "
        f"PowerPoint</Application>"
        f"<PresentationFormat>{escape(shape)}</PresentationFormat><Paragraphs>{paragraphs}</Paragraphs>"
        f"<Slides>{slides}</Slides><Notes>{notes}</Notes><HiddenSlides>0</HiddenSlides><MMClips>0</MMClips>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>"
    ).encode()


_FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_TEMPLATE_CT = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_CT = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def _rewrite_zip(data: bytes, change) -> bytes:
    """The zip package ``data`` with each part passed through ``change(name, blob)``, every
    entry given the same fixed timestamp and mode (so equal content gives equal bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return _zip(((info.filename, source.read(info.filename)) for info in source.infolist()), change)


def _zip(entries, change, deflated: Recent | None = None) -> bytes:
    """A zip of ``entries`` ((name, blob), in order), each blob passed through ``change(name,
    blob)``, every entry given the same fixed timestamp and mode; ``deflated``: a session's
    members compressed lately (:func:`_write_deflated`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in entries:
            fixed = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            data = change(name, blob)
            if deflated is None:
                target.writestr(fixed, data)
            else:
                _write_deflated(target, fixed, data, deflated)
    return out.getvalue()


#: how many members, and bytes, a session keeps compressed (:func:`_write_deflated`)
MOST_DEFLATED, MOST_DEFLATED_BYTES = 512, 32 << 20


class _Replayed:
    """A compressor that gives back what zlib made of the same bytes before."""

    def __init__(self, made: bytes) -> None:
        self.made = made

    def compress(self, data: bytes) -> bytes:
        return b""

    def flush(self) -> bytes:
        return self.made


class _Recorded:
    """zlib's compressor, keeping what it makes."""

    def __init__(self, real) -> None:
        self.real = real
        self.made: list[bytes] = []

    def compress(self, data: bytes) -> bytes:
        self.made.append(self.real.compress(data))
        return self.made[-1]

    def flush(self) -> bytes:
        self.made.append(self.real.flush())
        return self.made[-1]


def _write_deflated(target: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes, deflated: Recent) -> None:
    """``target.writestr(info, data)``, but a member whose bytes were compressed lately in this
    session (``deflated``: bytes → what zlib made of them) is not compressed again: zipfile's
    compressor for it is swapped for one that gives back what zlib made (the same bytes;
    zipfile still reckons its CRC and sizes). The editions of a batch share most of their
    members (the template's masters, layouts and theme, the slides they have in common):
    compressing them again was nearly a tenth of a one-page edition's deck."""
    info.file_size = len(data)  # (as writestr sets it, before the member is opened)
    made = deflated.take(data)
    with target.open(info, "w") as opened:
        member: Any = opened  # zipfile's _ZipWriteFile
        swapped = hasattr(member, "_compressor")  # (zipfile's own name for it, 3.6 to 3.13)
        if swapped:
            member._compressor = _Replayed(made) if made is not None else _Recorded(member._compressor)
        member.write(data)
        compressor = member._compressor if swapped else None
    if made is None and isinstance(compressor, _Recorded):
        made = b"".join(compressor.made)
    if made is not None:
        deflated.keep(data, made)


#: how many parts' relationship items a session keeps (:func:`_rels_xml`)
_MOST_RELS = 1024


def _rels_xml(part, memo: dict) -> bytes:
    """``part.rels.xml``, python-pptx's relationship item of a part, made once per set of
    relationships (their ids, types, targets and modes, from the part's name) in a session
    (``memo``): every deck of a batch has its template's masters, layouts and theme, and
    python-pptx builds each item's XML a relationship at a time."""
    rels = part.rels
    key = (str(part.partname), tuple((rId, rel.reltype, rel.is_external,
                                      rel.target_ref if rel.is_external else str(rel.target_partname))
                                     for rId, rel in rels.items()))
    found = memo.get(key)
    if found is None:
        found = remember(memo, key, rels.xml, _MOST_RELS)
    return found


def _blob(part, template) -> bytes:
    """``part.blob``; a master's or a layout's serialised once per tree in a session, by the
    template the deck copied (``template``: a :class:`.xml.opened.Opened`, or None): the decks
    of a session share those trees and nothing writes to them, and serialising them again was
    1.4 ms of a one-page edition's 21 ms deck."""
    return template.blob(part) if template is not None else part.blob


def _entries(prs, memo: dict | None = None) -> list[tuple[str, bytes]]:
    """The members python-pptx's ``save`` writes for ``prs``, in its order, as (name, blob), not
    compressed: the deck is zipped once, by :func:`normalised` (saving it first, to unzip and
    zip it again, took a fifth of a one-page edition's deck); ``memo``: the relationship items
    made so far (:func:`_rels_xml`)."""
    from pptx.opc.serialized import PackageWriter

    class Members:
        def __init__(self) -> None:
            self.found: list[tuple[str, bytes]] = []

        def write(self, uri, blob: bytes) -> None:
            self.found.append((uri.membername, blob))

    package = prs.part.package
    writer = PackageWriter(io.BytesIO(), package._rels, tuple(package.iter_parts()))
    members: Any = Members()  # what PackageWriter writes to: only write(uri, blob) is used
    # PackageWriter._write, but into a list (the same three steps, in its order; the last,
    # _write_parts, with each part's relationship item from the memo)
    writer._write_content_types_stream(members)
    writer._write_pkg_rels(members)
    memo = {} if memo is None else memo
    template = getattr(package, "briefkit_template", None)  # (set by the template's copy)
    for part in writer._parts:
        members.write(part.partname, _blob(part, template))
        if part._rels:
            members.write(part.partname.rels_uri, _rels_xml(part, memo))
    return members.found


def retype(data: bytes) -> bytes:
    """A .potx read as the presentation it describes: only its main content type differs."""
    return _rewrite_zip(data, lambda name, blob: blob.replace(_TEMPLATE_CT, _PRESENTATION_CT)
                        if name == "[Content_Types].xml" else blob)


def normalise_zip(data: bytes, when: dt.datetime, app: bytes | None = None) -> bytes:
    """Same input, same bytes: fixed zip timestamps, and fixed dates inside embedded workbooks;
    with ``app``, a fresh ``docProps/app.xml`` (not the template's), and every boolean element
    of a chart given its ``val`` (:func:`.explicit_booleans`)."""
    return _rewrite_zip(data, _normaliser(when, app))


def normalised(prs, when: dt.datetime, app: bytes, memo: dict | None = None,
               deflated: Recent | None = None) -> bytes:
    """The deck's bytes: what ``normalise_zip`` makes of ``prs.save``'s, zipped once (``memo``:
    a session's relationship items, :func:`_rels_xml`; ``deflated``: its members compressed
    lately, :func:`_write_deflated`)."""
    return _zip(_entries(prs, memo), _normaliser(when, app), deflated)


def _normaliser(when: dt.datetime, app: bytes | None):
    """What :func:`normalise_zip` does to each member: ``change(name, blob)``."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def change(name: str, blob: bytes) -> bytes:
        if name.endswith(".xlsx"):
            return normalise_zip(blob, when)
        if app is not None and name == "docProps/app.xml":
            return app
        if name.startswith("ppt/charts/chart") and name.endswith(".xml"):
            return explicit_booleans(blob)
        if name.endswith("core.xml"):
            return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, blob)
        return blob

    return change
