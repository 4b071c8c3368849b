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

from conftest import FLAGSHIP, ROOT, require, run
from tagcheck import elements, is_brief, strays, struct_reading, struct_text

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
                           *map(str, _briefs(every_output))], capture_output=True, text=True, timeout=300,
                           check=False)
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


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalpha())


def _source_order(report: Path) -> list[tuple[str, str]]:
    """(kind, its first 40 letters) of each heading, paragraph, list item, table and chart of a
    report's source, in order (slides and notes left out: notes are numbered as cited)."""
    body = report.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    body = re.sub(r"^:::\{slide\}.*?^:::$", "", body, flags=re.S | re.M)
    found: list[tuple[str, str]] = []
    for block in re.split(r"\n\s*\n", body.strip()):
        first = block.strip().splitlines()[0]
        options = dict(re.findall(r"^:([\w-]+): (.*)$", block, re.M))
        if first.startswith(":::{chart}"):
            found.append(("Figure", options["title"]))
        elif first.startswith(":::{table}") and "caption" in options:
            found.append(("Table", options["caption"]))
        elif first.startswith(":::{takeaways}") or first.startswith(("- ", "1. ")):
            found += [("LI", line[2:]) for line in block.splitlines() if re.match(r"(- |\d+\. )", line)]
        elif first.startswith("#"):
            found.append(("H", re.sub(r"^#+\s*|\s*\{#[^}]*\}$", "", first)))
        elif not first.startswith((":::", "|", "[^")):
            found.append(("P", block))
    plain = [(kind, _letters(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"\[\^[^\]]+\]", "", text)))[:40])
             for kind, text in found]
    return [(kind, letters) for kind, letters in plain if len(letters) >= 8]


@pytest.mark.parametrize("edition", ["en", "ru"])
def test_the_structure_reads_back_in_source_order(edition, flagship, flagship_ru, every_output):
    pdf = (flagship if edition == "en" else flagship_ru)["pdf"]
    items = struct_text(pdf)
    tags = [t for t, _ in items]
    # every heading, paragraph, list item, table and chart of the source, in its order (a
    # float drawn past running text included: its structure stays where the source has it)
    read = _letters(struct_reading(pdf))
    source = FLAGSHIP / ("report.md" if edition == "en" else "report.ru.md")
    where, at = [], 0
    for kind, letters in _source_order(source):
        at = read.find(letters, at)
        where.append((kind, letters, at))
        at = max(at, 0)
    assert len(where) > 30 and all(at >= 0 for _, _, at in where), [w for w in where if w[2] < 0]
    for needed in ("P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "Caption", "Figure", "Note",
                   "Reference", "Link", "Span"):
        assert needed in tags, needed
    # a pull quote (the flagship has none since it fits 8 pages; the basic test report has one)
    assert "BlockQuote" in [t for t, _ in struct_text(every_output / "basic.pdf")]
    with pikepdf.open(pdf) as document:
        found = list(elements(document.Root.StructTreeRoot))
        figures = [e for e in found if e.S == pikepdf.Name.Figure]
        scopes = {str(e.A.Scope) for e in found if e.S == pikepdf.Name.TH}
        notes = [str(e.ID) for e in found if e.S == pikepdf.Name.Note]
        references = [e for e in found if e.S == pikepdf.Name.Reference]
        # each chart's Figure has its alt text (kind, finding) and holds its Caption
        assert figures and all(str(f.Alt).split(":")[0] in (
            "Timeline", "Presence grid", "Dot chart", "Bar chart", "Column chart", "Line chart",
            "Stacked bar chart",
            "Хронология", "Точечная диаграмма", "Сетка присутствия", "Линейчатая диаграмма", "Гистограмма",
            "График",
            "Линейчатая диаграмма с накоплением") for f in figures), [str(f.Alt)[:40] for f in figures]
        assert all(f.K[0].S == pikepdf.Name.Caption for f in figures)
        assert scopes == {"/Column"}
        # endnotes in their order, each cited through a Reference whose Link holds the annotation
        assert notes == [f"note-{n}" for n in range(1, len(notes) + 1)] and len(notes) >= 10, notes
        assert len(references) >= len(notes)
        for reference in references:
            link = reference.K[0]
            assert link.S == pikepdf.Name.Link
            assert any(isinstance(k,
                                  pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.OBJR for k in link.K)


def test_words_in_another_language_carry_their_language(every_output, flagship_ru):
    """A Kazakh, Chinese, Georgian, Armenian, Persian, Pashto or Uyghur word in an English brief
    is a Span with its /Lang (a Persian paragraph a P with /Lang); English in a Russian brief too."""

    def languages(pdf: Path) -> dict[str, list[str]]:
        spans = [t for t, _ in struct_text(pdf)]
        with pikepdf.open(pdf) as document:
            found = [e for e in elements(document.Root.StructTreeRoot) if "/Lang" in e]
            langs = [str(e.Lang) for e in found if e.S == pikepdf.Name.Span]
            whole = {str(e.Lang) for e in found if e.S != pikepdf.Name.Span and e.S != pikepdf.Name.Document}
        # pdfinfo prints the spans in the same order: pair each with its text
        texts = [text for t, text in struct_text(pdf) if t == "Span"]
        assert len(texts) == len(langs) == spans.count("Span")
        out: dict[str, list[str]] = {"": sorted(whole)}
        for lang, text in zip(langs, texts):
            out.setdefault(lang, []).append(text)
        return out

    scripts = languages(every_output / "scripts.pdf")
    expected = {"kk-KZ": "Қазақстан", "zh-CN": "西安", "ka-GE": "საქართველო", "hy-AM": "Հայաստան",
                "tk-TM": "Türkmenistanyň", "ps-AF": "وتښپ", "ug-CN": "رۇغيۇئ", "fa-IR": "لباک"}
    for lang, word in expected.items():  # right-to-left words read back in drawing order
        assert any(word in text for text in scripts.get(lang, [])), (lang, scripts.get(lang))
    assert "fa-IR" in scripts[""]  # the Persian paragraph
    assert not any("print in real glyphs" in text for texts in scripts.values() for text in texts)
    russian = languages(flagship_ru["pdf"])
    assert any("Nightingale International Intelligence" in text for text in russian.get("en", [])), (
        russian.get("en")
    )
    assert not any("Интеграция" in text for texts in russian.values() for text in texts)


#: the words as written (no NFKC): joined forms give back their letters, Uyghur ە its own
ARABIC_SCRIPT = ("افغانستان", "پښتو", "قەشقەر", "ئۇيغۇر")


def test_arabic_script_words_extract_as_written(every_output):
    pdf = every_output / "scripts.pdf"
    text = run(require("pdftotext"), str(pdf), "-").stdout
    missing = [word for word in ARABIC_SCRIPT if word not in text]
    assert not missing, missing
    forms = sorted({c for c in text if "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufeff"})
    assert not forms, forms  # no presentation form is left to fold
    import pdfplumber

    # pdfplumber reads a line left to right unless told it runs right to left (it has no bidi)
    with pdfplumber.open(pdf) as document:
        words = {w["text"].strip(".,،؛") for page in document.pages
                 for w in page.extract_words(line_dir="ttb", char_dir="rtl")}
    missing = [word for word in ARABIC_SCRIPT if word not in words]
    assert not missing, missing


def test_no_two_words_run_together_across_lines(flagship, flagship_ru):
    """Each tagged line ends in a space, so the structure's text (what a screen reader reads)
    never runs a line's last word into the next line's first ("andChinese")."""
    def words(text: str) -> set[str]:  # hyphens out: "pro-motes" broken at a line is "promotes"
        found = {w.replace("-", "") for w in re.findall(r"\w+(?:-\w+)*", text)}
        return found | {w.rstrip("0123456789") for w in found}  # "газ12": a note's number set after a word

    def unlinked(text: str) -> str:  # an address broken across lines takes no space: left out
        return re.sub(r"https?://\S+(\n+\S+)*", " ", text)

    for pdf in (flagship["pdf"], flagship_ru["pdf"]):
        # a word broken at a hyphen, or an address before one, is one word on the page
        page_words = words(run(require("pdftotext"), str(pdf), "-").stdout.replace("-\n", "").replace("\n-",
                                                                                                      "-"))
        joined = sorted(words(unlinked(struct_reading(pdf, skip=("Figure",)))) - page_words)
        assert not joined, (pdf.name, joined[:20])


def test_nothing_is_drawn_outside_marked_content_or_an_artifact(every_output):
    """Every brief of every report and test root (conftest walks those the other tests build)."""
    for brief in _briefs(every_output):
        assert is_brief(brief) and not strays(brief), (brief.name, strays(brief)[:5])


def test_a_brief_builds_to_the_same_bytes_twice(tmp_path, flagship):
    from builders import build

    again = build(ROOT / "reports" / "us-china-central-asia", ("pdf",),
                  tmp_path, cache=False)[0]
    assert again.read_bytes() == flagship["pdf"].read_bytes()
