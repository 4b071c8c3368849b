"""The tagged brief's structure tree (the :class:`.tagging.Element` tree a
:class:`.tagging.Tagger` gathered as the brief was drawn), written into ReportLab's file as PDF
syntax in one go: every element, the tree's root and its parent tree are appended to the file as
one incremental update, which qpdf reads when the file is opened again. A stress brief's table of
5,000 rows has some 30,000 elements: made one pikepdf object at a time, they cost about as much
as the rest of the tagging together; as bytes, a tenth of that.

The objects are those :mod:`.archive` made one at a time before (the same dictionaries, direct
or indirect alike, its strings unparsed by pikepdf), so the saved file is the same, byte for
byte: qpdf numbers a file's objects afresh, in the order it meets them, when it writes it.
"""

from __future__ import annotations

import io
import re
import struct
from functools import cache

import pikepdf
from pikepdf import Name, String

from ..tagging import Element, Tagger

_START = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


@cache
def _name(tag: str) -> bytes:
    return Name("/" + tag).unparse()


@cache
def _head(tag: str) -> bytes:
    """The start of a structure element's dictionary: its type and its structure type."""
    return b"/Type /StructElem /S " + _name(tag)


@cache
def _string(text: str) -> bytes:
    """``text`` as pikepdf writes a ``String`` of it (PDFDocEncoding, else UTF-16 with a BOM)."""
    return String(text).unparse()


def _value(value) -> bytes:
    """An attribute's value: a name (``"Column"``) or an integer (a ``ColSpan``)."""
    if isinstance(value, str):
        return _name(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return b"%d" % value
    raise TypeError(f"a structure attribute of type {type(value).__name__}")


def _regroup(element: Element, removed: set[int]) -> None:
    """List items in a row become one L; a picture's caption goes inside the Figure after it;
    a float's elements take the place held for it; containers left empty are dropped (they and
    the places go in ``removed``, by ``id``)."""
    kids: list = []
    for kid in element.kids:
        if isinstance(kid, Element):
            _regroup(kid, removed)
            if not kid.kids and kid.tag not in ("TD", "TH"):
                removed.add(id(kid))
                continue
            if kid.tag == "_place":  # where a float stands in the source (tagging.hold_place)
                removed.add(id(kid))
                for moved in kid.kids:
                    moved.parent = element
                kids.extend(kid.kids)
                continue
            if kid.tag == "Figure" and kids and isinstance(kids[-1], Element) and kids[-1].tag == "Caption":
                caption = kids.pop()
                caption.parent = kid
                kid.kids.insert(0, caption)
            if kid.tag == "LI":
                if not (
                    kids and isinstance(kids[-1], Element) and kids[-1].tag == "L"
                ):  # the tagger makes no L
                    group = Element("L", element)
                    kids.append(group)
                kid.parent = kids[-1]
                kids[-1].kids.append(kid)
                continue
        kids.append(kid)
    element.kids = kids


def _links(pdf: pikepdf.Pdf, tagger: Tagger, removed: set[int]) -> tuple[list[tuple[pikepdf.Object, Element]],
                                                                       list[Element]]:
    """Each link annotation as a Link element under the element that drew it (the document when
    none did, or when that was dropped; a note's number drawn as a Link, in a Reference, takes
    it itself): the annotations and their Link elements, in the order of their StructParent
    keys, and the Link elements made here, in the order they were made."""
    found, made = [], []
    for index, page in enumerate(pdf.pages):
        annots = [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") == Name.Link]
        owners = tagger.links.get(index, [])
        for n, annot in enumerate(annots):
            owner = owners[n] if n < len(owners) and id(owners[n]) not in removed else tagger.root
            if owner.tag == "Link":
                link = owner
            else:
                link = owner.add("Link")
                made.append(link)
            link.kids.append(("annot", index, annot.objgen))
            found.append((annot, link))
    return found, made


def _element(element: Element, number: int, parent: bytes, refs: list[bytes], pages: list[bytes],
             parents: list[dict[int, int]]) -> bytes:
    """One element's dictionary; ``refs`` are its element kids' references, in order. Its other
    kids are marked content (an MCID, or a marked-content reference on another page than the
    element's) and annotations (OBJR); each MCID's element goes in ``parents``."""
    first = element.kids[0] if len(element.kids) == 1 else None
    if first is not None and not isinstance(first, Element) and first[0] == "mcid":
        # one kid stands alone (as most writers do, and as pdfua reads a heading's content)
        parents[first[1]][first[2]] = number
        body = b"%s /P %s /K %d /Pg %s" % (_head(element.tag), parent, first[2], pages[first[1]])
    else:
        kids: list[bytes] = []
        element_refs = iter(refs)
        page_of = None
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(next(element_refs))
                continue
            kind, page, n = kid
            page_of = page if page_of is None else page_of
            if kind == "annot":
                kids.append(b"<< /Type /OBJR /Obj %d %d R /Pg %s >>" % (n[0], n[1], pages[page]))
                continue
            parents[page][n] = number
            kids.append(
                b"%d" % n if page == page_of else b"<< /Type /MCR /Pg %s /MCID %d >>" % (pages[page], n)
            )
        body = b"%s /P %s /K [%s]" % (_head(element.tag), parent, b" ".join(kids))
        if page_of is not None:
            body += b" /Pg " + pages[page_of]
    if element.alt is None and not (element.actual or element.lang or element.attributes):
        return body
    entries = [body]
    if element.alt is not None:
        entries += [b" /Alt ", _string(element.alt)]
    if element.actual:
        entries += [b" /ActualText ", _string(element.actual)]
    if element.lang:
        entries += [b" /Lang ", _string(element.lang)]
    if element.attributes:
        entries += [
            b" /A <<",
            *(b" %s %s" % (_name(k), _value(v)) for k, v in element.attributes.items()),
            b" >>",
        ]
    return b"".join(entries)


class _Objects:
    """The elements' objects, numbered as pikepdf numbered them when they were made one at a
    time (the saved file depends on it: qpdf writes an object stream's objects in the order of
    their numbers): the tree's root, every element in the tree's order (parents first), the Link
    elements made for link annotations, the parent tree. A reference to a made Link is written
    as a placeholder until their numbers are known."""

    def __init__(self, tree: int, pages: list[bytes], made: list[Element]) -> None:
        self.pages, self.made = pages, {id(link): n for n, link in enumerate(made)}
        self.next = tree + 1
        self.objects: list[tuple[int, bytes]] = []
        #: each page's MCIDs and the elements they belong to
        self.parents: list[dict[int, int]] = [{} for _ in pages]
        #: each Link element's number, by ``id``
        self.links: dict[int, int] = {}
        self.owners: dict[int, bytes] = {}  # a made Link's owner
        self.notes = 0

    def visit(self, element: Element, parent: bytes) -> int:
        """Number ``element`` and then its kids, and write their objects."""
        number = self.next
        self.next += 1
        note = b""
        if element.tag == "Note":
            self.notes += 1
            note = b" /ID " + _string(f"note-{self.notes}")
        reference = b"%d 0 R" % number
        refs = []
        for kid in element.kids:
            if isinstance(kid, Element):
                late = self.made.get(id(kid))
                if late is None:
                    refs.append(b"%d 0 R" % self.visit(kid, reference))
                else:
                    refs.append(b"\0%d\0" % late)
                    self.owners[late] = reference
        if element.tag == "Link":
            self.links[id(element)] = number
        self.objects.append(
            (number, _element(element, number, parent, refs, self.pages, self.parents) + note)
        )
        return number

    def made_links(self, made: list[Element]) -> None:
        """The made Link elements' objects, and the placeholders filled in."""
        first = self.next
        for late, link in enumerate(made):
            self.links[id(link)] = first + late
            self.objects.append((first + late, _element(link, first + late, self.owners[late], [], self.pages,
                                                        self.parents)))
        self.next += len(made)
        placeholder = re.compile(rb"\0(\d+)\0")
        self.objects = [(n, placeholder.sub(lambda m: b"%d 0 R" % (first + int(m[1])), body) if b"\0" in body
                         else body) for n, body in self.objects]


def add(pdf: pikepdf.Pdf, data: bytes, tagger: Tagger, language: str) -> tuple[pikepdf.Pdf, int]:
    """``pdf`` (ReportLab's ``data``, opened) opened again with its structure tree (the
    StructTreeRoot, its ParentTree, ``/StructParents`` on each page and ``/StructParent`` and
    ``/Contents`` on each link annotation), and how many of its objects only carried the tree
    in (object and cross-reference streams, which are not written)."""
    removed: set[int] = set()
    _regroup(tagger.root, removed)
    links, made = _links(pdf, tagger, removed)
    tree = int(pdf.trailer.Size)
    pages = [b"%d %d R" % page.obj.objgen for page in pdf.pages]
    written = _Objects(tree, pages, made)
    written.visit(tagger.root, b"%d 0 R" % tree)
    written.made_links(made)
    document = b"%d 0 R" % (tree + 1)
    objects = [(n, b"<< %s%s >>" % (body, b" /Lang " + _string(language) if n == tree + 1 else b""))
               for n, body in written.objects]
    nums = []
    for index, marked in enumerate(written.parents):
        refs = (
            [b"%d 0 R" % marked[n] if n in marked else document for n in range(max(marked) + 1)]
            if marked
            else []
        )
        nums.append(b"%d [%s]" % (index, b" ".join(refs)))
    nums += [b"%d %d 0 R" % (len(pages) + n, written.links[id(link)]) for n, (_, link) in enumerate(links)]
    objects += [(tree, b"<< /Type /StructTreeRoot /K [%s] /ParentTree %d 0 R /ParentTreeNextKey %d >>"
                 % (document, written.next, len(pages) + len(links))),
                (written.next, b"<< /Nums [%s] >>" % b" ".join(nums))]
    reopened = pikepdf.open(io.BytesIO(_update(data, pdf, objects)))
    for index, page in enumerate(reopened.pages):
        page.obj.StructParents = index
    for n, (annot, _) in enumerate(links):
        annot = reopened.get_object(annot.objgen)
        if "/Contents" not in annot or not str(annot.Contents):
            annot.Contents = String(_link_text(annot))
        annot.StructParent = len(pages) + n
    reopened.Root.StructTreeRoot = reopened.get_object((tree, 0))
    return reopened, -(-len(objects) // _PER_STREAM) + 1


#: objects in each object stream of the update (qpdf reads a stream's objects in one go, three
#: times as fast as one object at a time from the file)
_PER_STREAM = 500


def _update(data: bytes, pdf: pikepdf.Pdf, objects: list[tuple[int, bytes]]) -> bytes:
    """``data`` with ``objects`` appended as an incremental update: object streams, and a
    cross-reference stream with a trailer that names the same catalog, information and file
    identifier. qpdf drops both kinds of stream when it writes the file."""
    found = _START.search(data[-64:])
    if found is None:
        raise ValueError("ReportLab's file does not end in startxref and %%EOF")
    objects.sort()
    first, number = objects[0][0], objects[-1][0] + 1
    if [n for n, _ in objects] != list(range(first, number)):
        raise ValueError("the structure's objects are not numbered in one run")
    rows = [b""] * len(objects)  # (type 2, object stream, index) for each object, in order
    chunks, at = [], len(data)
    for start in range(0, len(objects), _PER_STREAM):
        group = objects[start:start + _PER_STREAM]
        offsets, bodies, offset = [], [], 0
        for n, body in group:
            offsets.append(b"%d %d" % (n, offset))
            bodies.append(body)
            offset += len(body) + 1
        head = b" ".join(offsets) + b"\n"
        content = head + b"\n".join(bodies) + b"\n"
        for index in range(len(group)):
            rows[start + index] = struct.pack(">BIH", 2, number, index)
        rows.append(struct.pack(">BIH", 1, at, 0))
        chunk = (
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d >>\nstream\n%s\nendstream\nendobj\n"
            % (number, len(group), len(head), len(content), content)
        )
        chunks.append(chunk)
        at += len(chunk)
        number += 1
    rows.append(struct.pack(">BIH", 1, at, 0))  # the cross-reference stream itself
    table = b"".join(rows)
    trailer = pdf.trailer
    chunks.append(
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%d %d] /Prev %s /Root %d %d R /Info %d %d R"
        b" /ID %s /Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
        % (
            number,
            number + 1,
            first,
            number + 1 - first,
            found.group(1),
            *trailer.Root.objgen,
            *trailer.Info.objgen,
            trailer.ID.unparse(),
            len(table),
            table,
            at,
        )
    )
    return data + b"".join(chunks)


def _link_text(annot) -> str:
    action = annot.get("/A")
    if action is not None and "/URI" in action:
        return f"Link to {action.URI}"
    return "Link within this brief"
