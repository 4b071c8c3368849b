"""What ReportLab does not write, written with pikepdf after it: the structure tree of the
tagged brief (:mod:`.tagging`), PDF/A-2 and PDF/UA-1 metadata, an sRGB output intent, and
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

from .tagging import Element, Tagger

#: the PDF/A conformance level claimed: "A" (accessible: tagged, Unicode text) where tagged
CONFORMANCE = "A"


@cache
def _srgb_profile() -> bytes:
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
           keywords: str, language: str, date: dt.date | None, creator: str) -> None:
    """Write ``data`` (ReportLab's PDF) to ``out`` as tagged PDF/A-2 and PDF/UA-1."""
    when = dt.datetime.combine(date or dt.date(2000, 1, 1), dt.time(), dt.timezone.utc)
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root
    if tagger is not None:
        _structure(pdf, tagger, language)
    _fonts(pdf)
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
    icc = pdf.make_stream(zlib.compress(_srgb_profile(), 6))
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
    _streams_end_clean(pdf)
    # an object or cross-reference stream qpdf makes can end in a carriage return too (one in
    # 256, more often in a long brief): then the file is written without object streams (at
    # once for a brief of over 10,000 objects, which holds so many object streams that one
    # nearly always does: a second save of a 5,000-row table costs a quarter of a second)
    modes = (pikepdf.ObjectStreamMode.generate, pikepdf.ObjectStreamMode.disable)
    for mode in modes[1:] if len(pdf.objects) > 10_000 else modes:
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True, compress_streams=True,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none, object_stream_mode=mode)
        if b"\r\nendstream" not in buffer.getvalue():
            break
    out.write_bytes(buffer.getvalue())


# --------------------------------------------------------------------------- structure


def _regroup(element: Element) -> None:
    """List items in a row become one L; a picture's caption goes inside the Figure after it;
    a float's elements take the place held for it; containers left empty are dropped."""
    kids: list = []
    for kid in element.kids:
        if isinstance(kid, Element):
            _regroup(kid)
            if not kid.kids and kid.tag not in ("TD", "TH"):
                continue
            if kid.tag == "_place":  # where a float stands in the source (tagging.hold_place)
                for moved in kid.kids:
                    moved.parent = element
                kids.extend(kid.kids)
                continue
            if kid.tag == "Figure" and kids and isinstance(kids[-1], Element) and kids[-1].tag == "Caption":
                caption = kids.pop()
                caption.parent = kid
                kid.kids.insert(0, caption)
            if kid.tag == "LI":
                if not (kids and isinstance(kids[-1],
                                            Element) and kids[-1].tag == "L"):  # the tagger makes no L
                    group = Element("L", element)
                    kids.append(group)
                kid.parent = kids[-1]
                kids[-1].kids.append(kid)
                continue
        kids.append(kid)
    element.kids = kids


def _structure(pdf: pikepdf.Pdf, tagger: Tagger, language: str) -> None:
    pages = [p.obj for p in pdf.pages]
    _regroup(tagger.root)
    tree = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    parents: dict[int, dict[int, pikepdf.Object]] = {}
    links = {page: list(elements) for page, elements in tagger.links.items()}
    made: dict[int, pikepdf.Object] = {}
    notes: list[pikepdf.Object] = []

    names: dict[str, Name] = {}
    struct_elem = Name.StructElem

    def make(element: Element, parent: pikepdf.Object) -> pikepdf.Object:
        """The element, its kids made first (a table of 10,000 rows has 30,000 cells)."""
        kids: list = []
        page_of = None
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(kid)
            else:
                _, page, mcid = kid
                page_of = page if page_of is None else page_of
                # an MCID on the element's page is a number; on another, a marked-content reference
                kids.append(mcid if page == page_of else Dictionary(Type=Name.MCR, Pg=pages[page], MCID=mcid))
        tag = names.get(element.tag) or names.setdefault(element.tag, Name("/" + element.tag))
        entries = {"/Type": struct_elem, "/S": tag, "/P": parent}
        if page_of is not None:
            entries["/Pg"] = pages[page_of]
        if element.alt is not None:
            entries["/Alt"] = String(element.alt)
        if element.actual:
            entries["/ActualText"] = String(element.actual)
        if element.lang:
            entries["/Lang"] = String(element.lang)
        if element.attributes:
            entries["/A"] = Dictionary({f"/{k}": (Name("/" + v) if isinstance(v, str) else v)
                                        for k, v in element.attributes.items()})
        if element.tag == "Note":
            entries["/ID"] = String(f"note-{len(notes) + 1}")
        obj = pdf.make_indirect(Dictionary(entries))
        if element.tag == "Note":
            notes.append(obj)
        made[id(element)] = obj
        for kid in element.kids:
            if not isinstance(kid, Element):
                parents.setdefault(kid[1], {})[kid[2]] = obj
        kids = [make(k, obj) if isinstance(k, Element) else k for k in kids]
        # one kid stands alone (as most writers do, and as pdfua reads a heading's content)
        obj.K = kids[0] if len(kids) == 1 and isinstance(kids[0], int) else Array(kids)
        return obj

    document = make(tagger.root, tree)
    document.Lang = String(language)
    tree.K = Array([document])
    annot_parents = _tag_links(pdf, pages, links, made, document)
    _parent_tree(pdf, tree, pages, parents, annot_parents, document)
    pdf.Root.StructTreeRoot = tree


def _parent_tree(pdf: pikepdf.Pdf, tree: pikepdf.Object, pages: list, parents: dict[int, dict[int,
                                                                                              pikepdf.Object]],
                 annot_parents: list[pikepdf.Object], document: pikepdf.Object) -> None:
    """Each page's marked content and each link annotation mapped to the element it belongs to."""
    nums = Array()
    for index, page in enumerate(pages):
        page.StructParents = index
        marked = parents.get(index, {})
        nums.append(index)
        nums.append(Array([marked.get(n, document) for n in range(max(marked) + 1)] if marked else []))
    for n, link_element in enumerate(annot_parents):
        nums.append(len(pages) + n)
        nums.append(link_element)
    tree.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    tree.ParentTreeNextKey = len(pages) + len(annot_parents)


def _tag_links(pdf: pikepdf.Pdf, pages: list, links: dict, made: dict[int, pikepdf.Object],
               document: pikepdf.Object) -> list[pikepdf.Object]:
    """Each link annotation as a Link element under the element that drew it (the document when
    none did), with its text; the Link elements, in the order of their StructParent keys."""
    annot_parents: list[pikepdf.Object] = []
    for index, page in enumerate(pages):
        annots = [a for a in page.get("/Annots", []) if a.get("/Subtype") == Name.Link]
        owners = links.get(index, [])
        for n, annot in enumerate(annots):
            owner = made.get(id(owners[n])) if n < len(owners) else None
            owner = owner if owner is not None else document
            reference = Dictionary(Type=Name.OBJR, Obj=annot, Pg=page)
            if (
                owner.S == Name.Link
            ):  # a note's number drawn as a Link (in a Reference): it takes the annotation
                link = owner
            else:
                link = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=owner, Pg=page))
                link.K = Array()
                owner.K = owner.K if isinstance(owner.K, Array) else Array([owner.K])
                owner.K.append(link)
            link.K = link.K if isinstance(link.K, Array) else Array([link.K])
            link.K.append(reference)
            if "/Contents" not in annot or not str(annot.Contents):
                annot.Contents = String(_link_text(annot))
            annot.StructParent = len(pages) + len(annot_parents)
            annot_parents.append(link)
    return annot_parents


def _link_text(annot) -> str:
    action = annot.get("/A")
    if action is not None and "/URI" in action:
        return f"Link to {action.URI}"
    return "Link within this brief"


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


def _fonts(pdf: pikepdf.Pdf) -> None:
    seen: dict[tuple[int, int], None] = {}
    for page in pdf.pages:
        for font in page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary()).values():
            if font.objgen in seen:
                continue
            seen[font.objgen] = None
            if "/ToUnicode" in font:
                fixed = _to_unicode(font.ToUnicode.read_bytes())
                if fixed is not None:
                    font.ToUnicode.write(zlib.compress(fixed, 6), filter=Name.FlateDecode)
            name = str(font.get("/BaseFont", ""))
            if re.match(r"^/[A-Z]{6}\+", name):
                # ReportLab tags every subset of a face alike; each gets a tag of its own
                digest = hashlib.sha256(f"{name}{len(seen)}".encode()).digest()
                tag = "".join(chr(65 + b % 26) for b in digest[:6])
                font.BaseFont = Name(f"/{tag}+{name[8:]}")
                if "/FontDescriptor" in font:
                    font.FontDescriptor.FontName = font.BaseFont


def _streams_end_clean(pdf: pikepdf.Pdf) -> None:
    """A stream whose data ends in a carriage return reads, before the end-of-line that precedes
    ``endstream``, as one byte shorter than its /Length (PDF/A checks it). Flate data ends in the
    checksum of what it holds, so such a stream is compressed again behind a PNG predictor of one
    row, whose tag byte changes the checksum (and nothing that is read)."""
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Type") == Name.Metadata:
            continue
        filters = obj.get("/Filter")
        chain = [str(f) for f in filters] if isinstance(filters, Array) else [str(filters)] if filters else []
        if chain not in ([], ["/FlateDecode"], ["/ASCII85Decode", "/FlateDecode"]) or "/DecodeParms" in obj:
            continue  # a JPEG (which ends in FFD9) or a stream with a predictor: left as it is
        if chain != ["/FlateDecode"]:
            # ReportLab's pictures and anything uncompressed: Flate alone (qpdf would
            # recompress them anyway, and its output could end in a carriage return)
            obj.write(zlib.compress(obj.read_bytes(), 6), filter=Name.FlateDecode)
        if obj.read_raw_bytes().endswith(b"\r"):
            data = obj.read_bytes()
            for tag in (0, 2, 0x80):  # PNG "none", "up" (from a row of zeros: the same), then give up
                packed = zlib.compress(bytes([tag & 0x7F]) + data, 6)
                if not packed.endswith(b"\r") or tag == 0x80:
                    break
            obj.write(packed, filter=Name.FlateDecode,
                      decode_parms=Dictionary(Predictor=12, Colors=1, BitsPerComponent=8, Columns=len(data)))


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
