"""What ReportLab does not write, written with pikepdf after it: the structure tree of the
tagged brief (:mod:`.structure`), PDF/A-2 and PDF/UA-1 metadata, an sRGB output intent, and
the fixes those standards ask of ReportLab's own output (no ToUnicode entry mapping to U+0000,
a transparency group on a page that draws soft masks, printable annotations, distinct font
subset tags, an end-of-line before ``endstream``). Every date is the report's date and the file
identifier is derived from the content, so one source gives one file, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zlib
from functools import cache
from html import escape
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ...store import remember
from ..tagging import Tagger
from . import structure

#: the PDF/A conformance level claimed: "A" (accessible: tagged, Unicode text) where tagged
CONFORMANCE = "A"


@cache
def colour_profile() -> bytes:
    """An sRGB ICC profile made by LittleCMS (through Pillow): nothing to ship or license."""
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # LittleCMS stamps the profile with the time it made it: a fixed date, and the profile's
    # ID (an MD5 with the flags, intent and ID fields zeroed) worked out again
    profile[24:36] = bytes([0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])  # 2000-01-01 00:00:00
    unhashed = bytearray(profile)
    unhashed[44:48] = unhashed[64:68] = bytes(4)
    unhashed[84:100] = bytes(16)
    profile[84:100] = hashlib.md5(unhashed, usedforsecurity=False).digest()
    return bytes(profile)


def finish(data: bytes, out: Path, tagger: Tagger | None, *, title: str, author: str, subject: str,
           keywords: str, language: str, date: dt.date | None, creator: str,
           memo: dict | None = None) -> None:
    """Write ``data`` (ReportLab's PDF) to ``out`` as tagged PDF/A-2 and PDF/UA-1 (``memo``: what
    a session keeps of the ToUnicode maps fixed and the streams compressed again, see
    :func:`_fonts` and :func:`_streams_end_clean`)."""
    when = dt.datetime.combine(date or dt.date(2000, 1, 1), dt.time(), dt.timezone.utc)
    pdf = pikepdf.open(io.BytesIO(data))
    size = int(pdf.trailer.Size)  # ReportLab's objects are 1 … size - 1; the structure tree's follow
    carriers = 0
    if tagger is not None:
        pdf, carriers = structure.add(pdf, data, tagger, language)
    root = pdf.Root
    memo = {} if memo is None else memo
    _fonts(pdf, memo.setdefault("maps", {}))
    for page in pdf.pages:
        page.obj.Tabs = Name.S
        if "/Trans" in page.obj and not page.obj.Trans.keys():
            del page.obj.Trans  # ReportLab's empty page transition
        if _transparent(page.obj):
            page.obj.Group = Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceRGB)
        for annot in page.obj.get("/Annots", []):
            annot.F = 4  # printable, as PDF/A asks
    root.Lang = String(language)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    root.MarkInfo = Dictionary(Marked=True)
    icc = pdf.make_stream(zlib.compress(colour_profile(), 6))
    icc.Filter = Name.FlateDecode
    icc.N = 3
    root.OutputIntents = Array([Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
        Info=String("sRGB IEC61966-2.1"), DestOutputProfile=icc)])
    stamp = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    info = Dictionary(Title=String(title), Author=String(author), Subject=String(subject),
                      Keywords=String(keywords), Creator=String(creator), Producer=String(creator),
                      CreationDate=String(stamp), ModDate=String(stamp))
    pdf.trailer.Info = pdf.make_indirect(info)
    xmp = _xmp(title=title, author=author, subject=subject, keywords=keywords, language=language,
               when=when.strftime("%Y-%m-%dT%H:%M:%S+00:00"), creator=creator, tagged=tagger is not None)
    metadata = pdf.make_stream(xmp.encode("utf-8"))
    metadata.Type, metadata.Subtype = Name.Metadata, Name.XML
    root.Metadata = metadata
    _streams_end_clean([pdf.get_object(n, 0) for n in range(1, size)] + [icc], memo.setdefault("streams", {}))
    # an object or cross-reference stream qpdf makes can end in a carriage return too (one in
    # 256, more often in a long brief): then the file is written without object streams (at
    # once for a brief of over 10,000 objects, not counting the streams that carried the
    # structure tree in, which holds so many object streams that one nearly always does: a
    # second save of a 5,000-row table costs a quarter of a second). qpdf writes into ``out``
    # opened here: it is the build's own temporary file, and given its name pikepdf would write
    # a temporary file of its own beside it and rename that over it. (The XMP written above has
    # no pdf:PDFVersion for pikepdf to bring up to date: parsing it to look took a quarter of
    # the save of a one-page brief.)
    modes = (pikepdf.ObjectStreamMode.generate, pikepdf.ObjectStreamMode.disable)
    for mode in modes[1:] if len(pdf.objects) - carriers > 10_000 else modes:
        with out.open("wb") as stream:
            pdf.save(stream, deterministic_id=True, compress_streams=True, fix_metadata_version=False,
                     stream_decode_level=pikepdf.StreamDecodeLevel.none, object_stream_mode=mode)
        if b"\r\nendstream" not in out.read_bytes():
            break


# --------------------------------------------------------------------------- fixes


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _to_unicode(cmap: bytes) -> bytes | None:
    """The CMap without entries mapping a code to U+0000 (unused codes of a subset)."""
    if b"<0000>" not in cmap or b"beginbfrange" in cmap:
        return None
    head, _, rest = cmap.partition(b"beginbfchar")
    head = head[: head.rfind(b"\n") + 1]
    body, _, tail = rest.rpartition(b"endbfchar")
    pairs = [(a, b) for a, b in _BFCHAR.findall(body) if int(b, 16) != 0]
    blocks = []
    for start in range(0, len(pairs), 100):
        chunk = pairs[start:start + 100]
        blocks.append(
            b"%d beginbfchar\n" % len(chunk) + b"".join(b"<%s> <%s>\n" % p for p in chunk) + b"endbfchar"
        )
    return head + b"\n".join(blocks) + tail


#: how many ToUnicode maps, as fixed, a session keeps (:func:`_fonts`)
_MOST_MAPS = 64


def _fonts(pdf: pikepdf.Pdf, maps: dict) -> None:
    """Each font's ToUnicode map without entries to U+0000 (:func:`_to_unicode`), and each
    subset its own tag. A map is fixed once per map in a session (``maps``: the stream as
    ReportLab wrote it → the fixed map compressed, or None when it needs no fixing): the
    editions of a batch show the same characters in the same fonts."""
    seen: dict[tuple[int, int], None] = {}
    for page in pdf.pages:
        for font in page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary()).values():
            if font.objgen in seen:
                continue
            seen[font.objgen] = None
            if "/ToUnicode" in font:
                stream = font.ToUnicode
                key = (repr(stream.get("/Filter")), repr(stream.get("/DecodeParms")), stream.read_raw_bytes())
                if key not in maps:
                    fixed = _to_unicode(stream.read_bytes())
                    remember(maps, key, zlib.compress(fixed, 6) if fixed is not None else None, _MOST_MAPS)
                if maps[key] is not None:
                    stream.write(maps[key], filter=Name.FlateDecode)
            name = str(font.get("/BaseFont", ""))
            if re.match(r"^/[A-Z]{6}\+", name):
                # ReportLab tags every subset of a face alike; each gets a tag of its own
                digest = hashlib.sha256(f"{name}{len(seen)}".encode()).digest()
                tag = "".join(chr(65 + b % 26) for b in digest[:6])
                font.BaseFont = Name(f"/{tag}+{name[8:]}")
                if "/FontDescriptor" in font:
                    font.FontDescriptor.FontName = font.BaseFont


#: how many streams compressed again a session keeps (:func:`_streams_end_clean`)
_MOST_CLEANED = 64


def _streams_end_clean(objects: list[pikepdf.Object], memo: dict) -> None:
    """A stream whose data ends in a carriage return reads, before the end-of-line that precedes
    ``endstream``, as one byte shorter than its /Length (PDF/A checks it). Flate data ends in the
    checksum of what it holds, so such a stream is compressed again behind a PNG predictor of one
    row, whose tag byte changes the checksum (and nothing that is read). ``objects`` are those
    of ReportLab's file and the sRGB profile (the structure tree holds no stream, and the XMP is
    never compressed). What a stream becomes depends only on its filters and its bytes, so it is
    worked out once per such stream in a session (``memo``): the editions of a batch draw the same
    logo, whose pixels (a megabyte) were compressed again for every brief, a sixth of its time."""
    for obj in objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        filters = obj.get("/Filter")
        chain = [str(f) for f in filters] if isinstance(filters, Array) else [str(filters)] if filters else []
        if chain not in ([], ["/FlateDecode"], ["/ASCII85Decode", "/FlateDecode"]) or "/DecodeParms" in obj:
            continue  # a JPEG (which ends in FFD9) or a stream with a predictor: left as it is
        raw = obj.read_raw_bytes()
        if chain == ["/FlateDecode"] and not raw.endswith(b"\r"):
            continue
        key = (tuple(chain), hashlib.sha256(raw).digest())
        found = memo.get(key)
        if found is None:
            found = remember(memo, key, _cleaned(obj, chain), _MOST_CLEANED)
        packed, columns = found
        if columns is None:
            obj.write(packed, filter=Name.FlateDecode)
        else:
            obj.write(packed, filter=Name.FlateDecode,
                      decode_parms=Dictionary(Predictor=12, Colors=1, BitsPerComponent=8, Columns=columns))


def _cleaned(obj: pikepdf.Stream, chain: list[str]) -> tuple[bytes, int | None]:
    """What :func:`_streams_end_clean` writes for ``obj``: its Flate data and, when compressed
    behind a predictor, the row's length (else None)."""
    data = obj.read_bytes()
    # ReportLab's pictures and anything uncompressed: Flate alone (qpdf would recompress them
    # anyway, and its output could end in a carriage return)
    packed = obj.read_raw_bytes() if chain == ["/FlateDecode"] else zlib.compress(data, 6)
    if not packed.endswith(b"\r"):
        return packed, None
    for tag in (0, 2, 0x80):  # PNG "none", "up" (from a row of zeros: the same), then give up
        packed = zlib.compress(bytes([tag & 0x7F]) + data, 6)
        if not packed.endswith(b"\r") or tag == 0x80:
            break
    return packed, len(data)


def _transparent(page) -> bool:
    resources = page.get("/Resources", {})
    for xobject in resources.get("/XObject", {}).values():
        if "/SMask" in xobject:
            return True
    for state in resources.get("/ExtGState", {}).values():
        if state.get("/SMask", Name.None_) != Name.None_ or float(state.get("/ca", 1)) < 1 \
                or float(state.get("/CA", 1)) < 1:
            return True
    return False


# --------------------------------------------------------------------------- metadata


def _xmp(*, title: str, author: str, subject: str, keywords: str, language: str, when: str, creator: str,
         tagged: bool) -> str:
    e = escape
    conformance = CONFORMANCE if tagged else "B"
    ua = "<pdfuaid:part>1</pdfuaid:part>" if tagged else ""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{e(language)}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{e(keywords)}</pdf:Keywords>
<pdf:Producer>{e(creator)}</pdf:Producer>
<xmp:CreatorTool>{e(creator)}</xmp:CreatorTool>
<xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate>
<xmp:MetadataDate>{when}</xmp:MetadataDate>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>{conformance}</pdfaid:conformance>
{ua}
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
