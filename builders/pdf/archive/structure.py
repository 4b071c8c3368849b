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
from itertools import accumulate

import pikepdf
from pikepdf import Name, String

from ..tagging import HEADER, Element, Tagger

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


def _attributes(attributes: dict) -> bytes:
    return b"".join([b" /A <<", *(b" %s %s" % (_name(k), _value(v)) for k, v in attributes.items()), b" >>"])


#: the dictionary of a table cell kept as a tuple (see ``_Objects.cells``), less its parent, MCID and page
_CELLS = {"TD": b"<< " + _head("TD") + b" /P %s /K %d /Pg %s >>",
          "TH": b"<< " + _head("TH") + b" /P %s /K %d /Pg %s" + _attributes(HEADER) + b" >>"}
_TR = _head("TR")


def _regroup(element: Element, removed: set[int]) -> None:
    """List items in a row become one L; a picture's caption goes inside the Figure after it;
    a float's elements take the place held for it; containers left empty are dropped (they and
    the places go in ``removed``, by ``id``)."""
    if Element not in map(type, element.kids):
        return  # marked content only (a paragraph, a row of plain cells): nothing to regroup
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
    """One element's dictionary (its entries); ``refs`` are its element kids' references, in
    order (and those of the rows and cells kept as tuples: see :class:`.tagging.Element`). Its other
    kids are marked content (an MCID, or a marked-content reference on another page than the
    element's) and annotations (OBJR); each MCID's element goes in ``parents``."""
    first = element.kids[0] if len(element.kids) == 1 else None
    if first is not None and not isinstance(first, Element) and first[0] == "mcid":
        # one kid stands alone (as most writers do, and as pdfua reads a heading's content)
        parents[first[1]][first[2]] = number
        body = b"%s /P %s /K %d /Pg %s" % (_head(element.tag), parent, first[2], pages[first[1]])
    elif len(refs) == len(element.kids):  # elements only (a row of cells, a list, a table)
        body = b"%s /P %s /K [%s]" % (_head(element.tag), parent, b" ".join(refs))
    else:
        kids: list[bytes] = []
        element_refs = iter(refs)
        page_of = None
        for kid in element.kids:
            if isinstance(kid, Element) or kid[0] in ("cell", "row"):
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
        entries.append(_attributes(element.attributes))
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
        #: each object's dictionary, by number
        self.objects: dict[int, bytes] = {}
        #: each page's MCIDs and the elements they belong to
        self.parents: list[dict[int, int]] = [{} for _ in pages]
        #: each Link element's number, by ``id``
        self.links: dict[int, int] = {}
        self.owners: dict[int, bytes] = {}  # a made Link's owner
        self.notes = 0

    def visit(self, element: Element, parent: bytes, extra: bytes = b"") -> int:
        """Number ``element`` and then its kids, and write their objects (``extra``: entries of
        its own dictionary that it does not say itself)."""
        number = self.next
        self.next += 1
        if element.tag == "Note":
            self.notes += 1
            extra += b" /ID " + _string(f"note-{self.notes}")
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
            elif kid[0] == "cell":
                refs += self.cells((kid,), reference)
            elif kid[0] == "row":
                refs.append(self.row(kid[1], reference))
        if element.tag == "Link":
            self.links[id(element)] = number
        body = _element(element, number, parent, refs, self.pages, self.parents)
        self.objects[number] = b"<< %s%s >>" % (body, extra)
        return number

    def row(self, cells: tuple, parent: bytes) -> bytes:
        """A row of table cells of plain text, kept by the tagger as ("row", cells): the TR
        element holding them. Its object, and a reference to it."""
        number = self.next
        self.next += 1
        reference = b"%d 0 R" % number
        kids = b" ".join(self.cells(cells, reference))
        self.objects[number] = b"<< %s /P %s /K [%s] >>" % (_TR, parent, kids)
        return reference

    def cells(self, cells: tuple, parent: bytes) -> list[bytes]:
        """Table cells of plain text, kept by the tagger as ("cell", tag, page, MCID): the
        element of that tag holding that MCID alone (a TH with its Scope), as :func:`_element`
        writes it. Their objects, and references to them."""
        refs = []
        number = self.next
        for _, tag, page, mcid in cells:
            self.parents[page][mcid] = number
            self.objects[number] = _CELLS[tag] % (parent, mcid, self.pages[page])
            refs.append(b"%d 0 R" % number)
            number += 1
        self.next = number
        return refs

    def made_links(self, made: list[Element]) -> None:
        """The made Link elements' objects, and the placeholders filled in."""
        first = self.next
        for late, link in enumerate(made):
            self.links[id(link)] = first + late
            body = _element(link, first + late, self.owners[late], [], self.pages, self.parents)
            self.objects[first + late] = b"<< %s >>" % body
        self.next += len(made)
        placeholder = re.compile(rb"\0(\d+)\0")
        for n, body in self.objects.items():
            if b"\0" in body:
                self.objects[n] = placeholder.sub(lambda m: b"%d 0 R" % (first + int(m[1])), body)


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
    written.visit(tagger.root, b"%d 0 R" % tree, b" /Lang " + _string(language))
    written.made_links(made)
    document = b"%d 0 R" % (tree + 1)
    nums = []
    for index, marked in enumerate(written.parents):
        refs = (
            [b"%d 0 R" % marked[n] if n in marked else document for n in range(max(marked) + 1)]
            if marked
            else []
        )
        nums.append(b"%d [%s]" % (index, b" ".join(refs)))
    nums += [b"%d %d 0 R" % (len(pages) + n, written.links[id(link)]) for n, (_, link) in enumerate(links)]
    objects = written.objects
    objects[tree] = (b"<< /Type /StructTreeRoot /K [%s] /ParentTree %d 0 R /ParentTreeNextKey %d >>"
                     % (document, written.next, len(pages) + len(links)))
    objects[written.next] = b"<< /Nums [%s] >>" % b" ".join(nums)
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
#: a row of the cross-reference stream: type, then offset or object stream, then index
_ROW = struct.Struct(">BIH")


def _update(data: bytes, pdf: pikepdf.Pdf, objects: dict[int, bytes]) -> bytes:
    """``data`` with ``objects`` (each one's dictionary, by number) appended as an incremental
    update: object streams, and a cross-reference stream with a trailer that names the same
    catalog, information and file identifier. qpdf drops both kinds of stream when it writes
    the file."""
    found = _START.search(data[-64:])
    if found is None:
        raise ValueError("ReportLab's file does not end in startxref and %%EOF")
    first, end = min(objects), max(objects) + 1
    if len(objects) != end - first:
        raise ValueError("the structure's objects are not numbered in one run")
    rows: list[bytes] = []  # (type 2, object stream, index) for each object, in order
    streams: list[bytes] = []  # (type 1, offset) for each object stream
    chunks, at, number = [], len(data), end  # the object streams are numbered after the objects
    for start in range(first, end, _PER_STREAM):
        group = range(start, min(start + _PER_STREAM, end))
        bodies = [objects[n] for n in group]
        offsets = accumulate([len(body) + 1 for body in bodies[:-1]], initial=0)
        head = b" ".join([b"%d %d" % pair for pair in zip(group, offsets)]) + b"\n"
        content = head + b"\n".join(bodies) + b"\n"
        rows += [_ROW.pack(2, number, index) for index in range(len(group))]
        streams.append(_ROW.pack(1, at, 0))
        chunk = (
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d >>\nstream\n%s\nendstream\nendobj\n"
            % (number, len(group), len(head), len(content), content)
        )
        chunks.append(chunk)
        at += len(chunk)
        number += 1
    streams.append(_ROW.pack(1, at, 0))  # the cross-reference stream itself
    table = b"".join(rows + streams)
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
