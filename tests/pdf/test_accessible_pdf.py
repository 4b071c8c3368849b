"""Tagged, archivable briefs: every brief the tests build (the flagship in English and Russian,
the five country profiles, every test root) passes page-validation's PDF/UA-1 and PDF/A-2a
profiles, pdfua with no error and pikepdf's PDF/A-2 allowlist (less the findings it raises
against what PDF/UA-1 itself requires); its structure tree reads back in source order; no text
or path is drawn outside marked content or an artifact."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from conftest import ROOT, require, run

#: what pikepdf's PDF/A-2b allowlist says of a PDF/UA-1 file, waived by name: it does not know
#: the pdfuaid schema PDF/UA-1 asks for, nor the PDF/A extension schema that declares it, and it
#: checks level B only, where a tagged brief claims level A
WAIVED = (
    "XMP namespace pdfaExtension=http://www.aiim.org/pdfa/ns/extension/ is not permitted",
    "XMP namespace pdfaSchema=http://www.aiim.org/pdfa/ns/schema# is not permitted",
    "XMP namespace pdfaProperty=http://www.aiim.org/pdfa/ns/property# is not permitted",
    "XMP property pdfuaid:part is not permitted",
    "XMP property pdfaExtension:schemas is not permitted",
    "pdfaid:conformance is 'A', expected 'B'",
)


def _briefs(folder: Path) -> list[Path]:
    briefs = sorted(folder.glob("*.pdf"))
    names = {p.stem for p in briefs}
    assert {"us-china-central-asia", "us-china-central-asia.ru", "basic", "scripts"} <= names, names
    assert len(briefs) >= 10, names  # and the five profiles, and the editions root
    return briefs


@pytest.mark.parametrize("profile", ["ua1", "2a"])
def test_every_brief_passes_page_validation(every_output, profile):
    import page

    failed = {}
    for brief in _briefs(every_output):
        report = page.validate_pdf(brief, profile=profile)
        if report.rules.failed:
            failed[brief.name] = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert not failed, json.dumps(failed, indent=1, ensure_ascii=False)


def test_every_brief_passes_pdfua_without_an_error(every_output):
    tool = Path(sys.executable).with_name("pdfua")
    if not tool.exists():
        pytest.fail("pdfua is not installed: pip install -e '.[test]'")
    done = subprocess.run([str(tool), "check", "--format", "json",
                           *map(str, _briefs(every_output))], capture_output=True, text=True, timeout=300, check=False)
    # exit status by the worst finding: 0 none, 1 information, 2 warnings, 3 errors
    assert done.returncode in (0, 1), done.stdout[-3000:] + done.stderr[-2000:]


def test_every_brief_passes_pikepdfs_pdfa_check_but_for_the_pdfua_schema(every_output):
    import pikepdf.pdfa

    for brief in _briefs(every_output):
        with pikepdf.open(brief) as pdf:
            report = pikepdf.pdfa.check(pdf, "2b")
            left = [str(f) for f in report.findings if not any(w in str(f) for w in WAIVED)]
            assert not left, (brief.name, left)
            assert len(report.findings) == len(WAIVED), (brief.name, [str(f) for f in report.findings])


def test_metadata_names_the_brief_and_claims_pdfa_2a_and_pdfua_1(flagship):
    with pikepdf.open(flagship["pdf"]) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Integration by invitation: U.S. and Chinese approaches to Central Asia"
        assert meta.pdfa_status == "2A"
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "<rdf:li>en</rdf:li>" in xmp.replace("en-GB", "en")
        assert pdf.Root.MarkInfo.Marked and pdf.Root.ViewerPreferences.DisplayDocTitle
        assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier).startswith("sRGB")
        for page in pdf.pages:
            assert page.Tabs == pikepdf.Name.S and "/StructParents" in page
            for annot in page.get("/Annots", []):
                assert str(annot.Contents).strip() and int(annot.F) == 4


def _struct_text(pdf: Path) -> list[tuple[str, str]]:
    """(type, text) of each element pdfinfo -struct-text prints, in order."""
    out = run(require("pdfinfo"), "-struct-text", str(pdf)).stdout
    items: list[tuple[str, str]] = []
    for line in out.splitlines():
        tag = re.match(r"\s*([A-Za-z0-9]+)(?: <[^>]*>)?(?: \((?:block|inline)\)|:)?$", line)
        if tag:
            items.append((tag.group(1), ""))
        elif line.strip().startswith('"') and items:
            items[-1] = (items[-1][0], items[-1][1] + line.strip().strip('"'))
    return items


def test_the_structure_reads_back_in_source_order(flagship, every_output):
    items = _struct_text(flagship["pdf"])
    tags = [t for t, _ in items]
    headings = [text for t, text in items if t in ("H1", "H2", "H3")]
    source = (ROOT / "reports" / "us-china-central-asia" / "report.md").read_text()
    written = [m.group(2) for m in re.finditer(r"^(#{1,3}) (.+?)(?: \{#[^}]*\})?$", source, re.M)]
    # every heading of the source, in its order (lines run together where they wrapped)
    squeezed = [h.replace(" ", "") for h in headings]
    positions = [next(i for i, h in enumerate(squeezed) if w.replace(" ", "")[:25] in h) for w in written]
    assert positions == sorted(positions), list(zip(written, positions))
    for needed in ("P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "Caption", "Figure", "Note",
                   "Link"):
        assert needed in tags, needed
    # a pull quote (the flagship has none since it fits 8 pages; the basic test report has one)
    assert "BlockQuote" in [t for t, _ in _struct_text(every_output / "basic.pdf")]
    with pikepdf.open(flagship["pdf"]) as pdf:
        alts = [str(e.Alt) for e in _elements(pdf.Root.StructTreeRoot) if e.S == pikepdf.Name.Figure]
        scopes = {str(e.A.Scope) for e in _elements(pdf.Root.StructTreeRoot) if e.S == pikepdf.Name.TH}
    assert alts and all(a.split(":")[0] in ("Timeline", "Presence grid", "Dot chart", "Bar chart", "Column chart",
                                            "Line chart", "Stacked bar chart") for a in alts), alts
    assert scopes == {"/Column"}


def _elements(node):
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.StructElem:
            yield kid
            yield from _elements(kid)


_PAINT = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"}


def test_nothing_is_drawn_outside_marked_content_or_an_artifact(every_output):
    for brief in _briefs(every_output):
        with pikepdf.open(brief) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                depth = 0
                stray = []
                for _operands, operator in pikepdf.parse_content_stream(page):
                    op = str(operator)
                    if op in ("BDC", "BMC"):
                        depth += 1
                    elif op == "EMC":
                        depth -= 1
                        assert depth >= 0, (brief.name, number)
                    elif op in _PAINT and depth == 0:
                        stray.append(op)
                assert depth == 0 and not stray, (brief.name, number, stray[:5])


def test_a_brief_builds_to_the_same_bytes_twice(tmp_path, flagship):
    from builders import build

    again = build(ROOT / "reports" / "us-china-central-asia", ("pdf",),
                  tmp_path, cache=False)[0]
    assert again.read_bytes() == flagship["pdf"].read_bytes()
