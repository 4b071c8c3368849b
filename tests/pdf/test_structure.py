"""pdf/archive/structure.py: the structure tree written as PDF syntax in one go gives the file that
making each element with pikepdf, one at a time, gives (the way it was written before), byte
for byte: the same objects, numbered in the same order (qpdf writes an object stream's objects
in the order of their numbers, so a brief small enough for object streams depends on it)."""

from __future__ import annotations

import copy
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

import builders.pdf as brief
from builders import load
from builders.pdf import archive
from builders.pdf.archive import structure
from builders.pdf.tagging import HEADER, Element, Tagger

ROOT = Path(__file__).resolve().parents[2]


def _one_at_a_time(pdf: pikepdf.Pdf, data: bytes, tagger: Tagger, language: str) -> tuple[pikepdf.Pdf, int]:
    """The structure tree made one pikepdf object at a time (the writer before issue 26's cost cut)."""
    pages = [p.obj for p in pdf.pages]
    removed: set[int] = set()
    structure._regroup(tagger.root, removed)
    tree = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    parents: dict[int, dict[int, pikepdf.Object]] = {}
    made: dict[int, pikepdf.Object] = {}
    notes: list = []

    def make(element: Element, parent: pikepdf.Object) -> pikepdf.Object:
        kids: list = []
        page_of = None
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(kid)
            else:
                _, page, mcid = kid
                page_of = page if page_of is None else page_of
                kids.append(mcid if page == page_of else Dictionary(Type=Name.MCR, Pg=pages[page], MCID=mcid))
        entries = {"/Type": Name.StructElem, "/S": Name("/" + element.tag), "/P": parent}
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
        obj.K = kids[0] if len(kids) == 1 and isinstance(kids[0], int) else Array(kids)
        return obj

    document = make(tagger.root, tree)
    document.Lang = String(language)
    tree.K = Array([document])
    annot_parents = []
    for index, page in enumerate(pages):
        owners = tagger.links.get(index, [])
        for n, annot in enumerate(a for a in page.get("/Annots", []) if a.get("/Subtype") == Name.Link):
            owner = made.get(id(owners[n])) if n < len(owners) else None
            owner = owner if owner is not None else document
            reference = Dictionary(Type=Name.OBJR, Obj=annot, Pg=page)
            if owner.S == Name.Link:
                link = owner
            else:
                link = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=owner, Pg=page))
                link.K = Array()
                owner.K = owner.K if isinstance(owner.K, Array) else Array([owner.K])
                owner.K.append(link)
            link.K = link.K if isinstance(link.K, Array) else Array([link.K])
            link.K.append(reference)
            if "/Contents" not in annot or not str(annot.Contents):
                annot.Contents = String(structure._link_text(annot))
            annot.StructParent = len(pages) + len(annot_parents)
            annot_parents.append(link)
    nums = Array()
    for index, page in enumerate(pages):
        page.StructParents = index
        marked = parents.get(index, {})
        nums.extend(
            [index, Array([marked.get(n, document) for n in range(max(marked) + 1)] if marked else [])]
        )
    for n, link in enumerate(annot_parents):
        nums.extend([len(pages) + n, link])
    tree.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    tree.ParentTreeNextKey = len(pages) + len(annot_parents)
    pdf.Root.StructTreeRoot = tree
    return pdf, 0


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> dict[str, tuple]:
    """ReportLab's file and the tagger of each brief, as the writer hands them to archive.finish."""
    found = {}
    finish = archive.finish
    for name, folder in {"flagship": ROOT / "reports" / "us-china-central-asia",
                         "scripts": ROOT / "tests" / "roots" / "scripts"}.items():
        report, theme = load(folder)
        archive.finish = lambda data, out, tagger, **kw: found.__setitem__(name, (data, tagger, kw))  # noqa: B023
        try:
            brief.write(report, theme, tmp_path_factory.mktemp("structure") / "brief.pdf")
        finally:
            archive.finish = finish
    return found


def _fresh(tagger: Tagger) -> Tagger:
    """A copy of the tagger's elements and links (writing the tree regroups them)."""
    fresh = copy.copy(tagger)
    fresh.root, fresh.links = copy.deepcopy((tagger.root, tagger.links))
    return fresh


def _cells_as_elements(element: Element) -> int:
    """Each table row and cell the tagger kept as a tuple, ("row", cells) and ("cell", tag,
    page, MCID), made the element it stands for (a TR; a TH with its Scope, or a TD holding that
    MCID): how many there were."""
    count = 0
    for index, kid in enumerate(element.kids):
        if isinstance(kid, Element):
            count += _cells_as_elements(kid)
        elif kid[0] == "row":
            element.kids[index] = Element("TR", element, list(kid[1]))
            count += 1 + _cells_as_elements(element.kids[index])
        elif kid[0] == "cell":
            _, tag, page, mcid = kid
            element.kids[index] = Element(tag, element, [("mcid", page, mcid)],
                                          attributes=HEADER if tag == "TH" else None)
            count += 1
    return count


@pytest.mark.parametrize("name", ["flagship", "scripts"])
def test_the_tree_written_as_bytes_is_the_tree_made_one_object_at_a_time(drawn, name, tmp_path, monkeypatch):
    data, tagger, options = drawn[name]
    if name == "flagship":
        assert tagger.links, "the brief has link annotations (Link elements made for them are numbered last)"
    archive.finish(data, tmp_path / "bytes.pdf", _fresh(tagger), **options)
    monkeypatch.setattr(structure, "add", _one_at_a_time)
    as_elements = _fresh(tagger)
    assert _cells_as_elements(as_elements.root) > 10, "the brief's tables' cells are kept as tuples"
    archive.finish(data, tmp_path / "objects.pdf", as_elements, **options)
    written, made = (tmp_path / "bytes.pdf").read_bytes(), (tmp_path / "objects.pdf").read_bytes()
    assert b"/ObjStm" in written, "small enough for object streams: the objects' order shows"
    assert written == made
    with pikepdf.open(tmp_path / "bytes.pdf") as pdf:
        assert not pdf.get_warnings()
        tree = pdf.Root.StructTreeRoot
        assert tree.K[0].S == Name.Document and tree.K[0].Lang == options["language"]


@pytest.mark.parametrize("name", ["flagship", "scripts"])
def test_the_brief_is_saved_without_pikepdf_s_look_at_its_xmp_which_has_nothing_to_bring_up_to_date(
        drawn, name, tmp_path, monkeypatch):
    """archive.finish saves without pikepdf's look for a pdf:PDFVersion to bring up to date in
    the XMP (parsing and writing it again took a quarter of a one-page brief's save): the XMP
    written has none, so the packet stays as written, with the properties a save that looks
    gives it."""
    data, tagger, options = drawn[name]
    archive.finish(data, tmp_path / "fast.pdf", _fresh(tagger), **options)
    save = pikepdf.Pdf.save

    def looking(self, *args, **kwargs):
        kwargs.pop("fix_metadata_version")
        return save(self, *args, fix_metadata_version=True, **kwargs)

    monkeypatch.setattr(pikepdf.Pdf, "save", looking)
    archive.finish(data, tmp_path / "looked.pdf", _fresh(tagger), **options)
    with pikepdf.open(tmp_path / "fast.pdf") as fast, pikepdf.open(tmp_path / "looked.pdf") as looked:
        when = f"{options['date'] or '2000-01-01'}T00:00:00+00:00"
        written = archive._xmp(when=when, tagged=True, **{k: options[k] for k in (
            "title", "author", "subject", "keywords", "language", "creator")})
        assert fast.Root.Metadata.read_bytes() == written.encode("utf-8")
        with fast.open_metadata() as kept, looked.open_metadata() as rewritten:
            assert "pdf:PDFVersion" not in kept and kept["dc:title"]
            assert dict(kept) == dict(rewritten)
