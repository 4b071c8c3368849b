"""The start-up caches in out/.cache/ (font tables, converted charts, hyphenation patterns):
what a new process reads back is what it would have computed, and the outputs are the same bytes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.graphics import renderPDF
from reportlab.pdfbase.ttfonts import TTFont

from builders import store as cache_store
from builders.pdf import drawings, hyphenation
from builders.shared import fontcache, fontfiles
from builders.store import Session

from conftest import FLAGSHIP, ROOT, ROOTS

FONTS = ROOT / "assets" / "fonts"


@pytest.mark.parametrize("file", ["NotoSerif-Regular.ttf", "NotoSans-BoldItalic.ttf",
                                  "DroidSansFallbackFull.ttf"])
def test_a_font_read_back_from_the_cache_equals_one_parsed_from_its_file(file, tmp_path):
    path = FONTS / file
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    parsed = fontcache.load("F", path, digest, tmp_path)  # a miss: parsed and stored
    assert len(list(tmp_path.glob("*.json"))) == 1
    cached = fontcache.load("F", path, digest, tmp_path)
    fresh = TTFont("F", str(path))
    later = ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos")
    assert not set(later) & set(vars(cached.face)), "made on first use only"
    for font in (parsed, cached):
        theirs = vars(fresh.face)
        for key, value in theirs.items():
            mine = getattr(font.face, key)
            if key == "_pdfScale":
                assert mine(1234) == value(1234)
            elif key == "hmetrics" and font is cached:  # pairs made as ReportLab reads them
                assert len(mine) == len(value) and [mine[i] for i in range(len(mine))] == value
                assert all(type(a) is type(b) for pair, theirs in zip(mine, value) for a, b in zip(pair,
                                                                                                   theirs))
            else:
                assert type(mine) is type(value) and mine == value, key
        assert vars(font.face).keys() - {"_later"} == theirs.keys()
        assert {k: v for k, v in vars(font).items() if k not in ("face", "state", "encoding")} == \
            {k: v for k, v in vars(fresh).items() if k not in ("face", "state", "encoding")}
    sample = "Central Asia \u0426\u0435\u043d\u0442\u0440\u0430\u043b\u044c\u043d\u0430\u044f \u4e2d\u4e9a"
    again = fontcache.load("F", path, digest, tmp_path)
    assert again.stringWidth(sample, 11) == fresh.stringWidth(sample, 11)
    assert "glyphPos" not in vars(again.face), "measuring text reads widths only"


def test_a_font_s_digest_is_remembered_by_size_and_time(tmp_path, monkeypatch):
    font = tmp_path / "F.ttf"
    shutil.copy(FONTS / "NotoSans-Regular.ttf", font)
    truth = hashlib.sha256(font.read_bytes()).hexdigest()
    monkeypatch.setattr(fontfiles, "_seen", {})
    assert fontfiles.digest(font, tmp_path / "cache") == truth
    monkeypatch.setattr(fontfiles, "_seen", {})  # a new process: read back from digests.json
    monkeypatch.setattr(fontfiles, "hashlib", None)  # the file is not hashed again
    assert fontfiles.digest(font, tmp_path / "cache") == truth
    monkeypatch.undo()
    monkeypatch.setattr(fontfiles, "_seen", {})
    shutil.copy(FONTS / "NotoSerif-Regular.ttf", font)  # another font: new size and time
    assert fontfiles.digest(font, tmp_path / "cache") == hashlib.sha256(font.read_bytes()).hexdigest()
    cache_store.write_text(tmp_path / "cache", "digests.json", '{"x": [1, "2", 3], "y": 5}')
    monkeypatch.setattr(fontfiles, "_seen", {})
    assert fontfiles.digest(font, tmp_path / "cache") == hashlib.sha256(font.read_bytes()).hexdigest()


def test_font_tables_stored_for_another_file_are_not_used(tmp_path):
    regular, bold = FONTS / "NotoSans-Regular.ttf", FONTS / "NotoSans-Bold.ttf"
    bold_digest = hashlib.sha256(bold.read_bytes()).hexdigest()
    fontcache.load("B", bold, bold_digest, tmp_path)
    font = fontcache.load("R", regular, bold_digest, tmp_path)  # a digest remembered wrongly
    fresh = TTFont("G", str(regular))
    assert vars(font.face).keys() == vars(fresh.face).keys(), "parsed from its own file"
    assert font.stringWidth("Hello", 10) == fresh.stringWidth("Hello", 10)


def test_an_entry_damaged_on_disk_is_computed_again(tmp_path):
    path = FONTS / "NotoSans-Regular.ttf"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    fontcache.load("F", path, digest, tmp_path)
    (entry,) = tmp_path.glob("*.json")
    good = entry.read_bytes()
    at = good.index(b'"charWidths"') + 40  # inside its packed numbers: still valid JSON and base64
    flipped = good[:at] + (b"B" if good[at:at + 1] != b"B" else b"C") + good[at + 1:]
    for damage in (flipped, good[: len(good) // 2], b""):
        entry.write_bytes(damage)
        assert cache_store.read_text(tmp_path, entry.name) is None
        font = fontcache.load("F", path, digest, tmp_path)
        assert vars(font.face).keys() == vars(TTFont("G", str(path)).face).keys(), "parsed again"


def test_a_damaged_font_entry_is_parsed_again(tmp_path):
    path = FONTS / "NotoSans-Regular.ttf"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    fontcache.load("F", path, digest, tmp_path)
    (entry,) = tmp_path.glob("*.json")
    good = json.loads(cache_store.read_text(entry.parent, entry.name))
    del good["face"]["glyphPos"]
    short = json.loads(cache_store.read_text(entry.parent, entry.name))
    short["face"]["glyphToChar"]["v"]["len"] = {"i": "AQAAAA=="}  # one glyph's count for a whole map
    widths = json.loads(cache_store.read_text(entry.parent, entry.name))
    widths["face"]["charWidths"]["v"]["a"] = {"d": "AAAAAAAA8D8="}  # one width for every character
    offsets = json.loads(cache_store.read_text(entry.parent, entry.name))
    offsets["face"]["glyphPos"]["a"] = {"i": "AQA="}  # not a whole number
    for damage in ('{"font": {}, "face": {"charWidths": {"k": [1], "v": {"x": 1}}}}', "not json", "[]",
                   json.dumps(good), json.dumps(short), json.dumps(widths), json.dumps(offsets)):
        cache_store.write_text(entry.parent, entry.name, damage)  # sealed: the checks below are reached
        font = fontcache.load("F", path, digest, tmp_path)
        fresh = TTFont("G", str(path))
        assert font.face.glyphToChar == fresh.face.glyphToChar
        assert vars(font.face).keys() == vars(fresh.face).keys(), "parsed again, all of it"
        assert font.stringWidth("Hello", 10) == fresh.stringWidth("Hello", 10)


def _chart_drawings():
    """The flagship's charts as the brief draws them."""
    from builders import load
    from builders.model import Chart
    from builders.pdf import charts, figures
    from builders.shared.theme import series_colours

    report, theme = load(FLAGSHIP)
    style = charts.chart_style(theme, series_colours(theme, report.colour_keys()))
    for block in report.all_blocks():
        if isinstance(block, Chart):
            yield figures.drawing(block.spec, style, 450.0, theme)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_a_chart_read_back_from_json_draws_the_same_pdf(index, monkeypatch):
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "invariant", 1)  # no date or random ID in the PDFs compared
    original = list(_chart_drawings())[index]
    text = drawings.dump(original)
    assert text is not None
    restored = drawings.load(text)
    assert restored is not None
    assert renderPDF.drawToString(restored) == renderPDF.drawToString(original)


def test_a_cached_drawing_never_makes_an_unknown_class():
    evil = json.dumps({"o": "Drawing", "a": {"contents": {"l": [{"o": "Popen", "a": {}}]}}})
    assert drawings.load(evil) is None
    assert drawings.load('{"o": "Color", "a": {}}') is None, "not a drawing"
    assert drawings.load("[1, 2") is None
    small = drawings.shapes.Drawing(10, 10)
    small.add(drawings.shapes.Path(points=[0, 0, 5, 5], operators=[0, 1], strokeColor=drawings.Color(1, 0,
                                                                                                     0)))
    whole = json.loads(drawings.dump(small))
    assert drawings.load(json.dumps(whole)) is not None
    del whole["a"]["contents"]["l"][0]["a"]["strokeWidth"]  # a damaged entry
    assert drawings.load(json.dumps(whole)) is None


def test_hyphenation_patterns_read_back_are_pyphen_s_own(tmp_path, monkeypatch):
    import pyphen

    def preloaded():
        monkeypatch.setattr(pyphen, "hdcache", {})
        hyphenation.preload("en_GB", tmp_path)
        (found,) = pyphen.hdcache.values()
        assert isinstance(found, hyphenation.Dictionary) and "patterns" not in vars(found), "read when needed"
        return found

    assert preloaded().patterns  # a miss: parsed by pyphen and stored
    (entry,) = tmp_path.glob("*.json")
    parsed = pyphen.HyphDict(pyphen.LANGUAGES["en_GB"])
    restored = preloaded()
    assert {key: (start, tuple(values)) for key, (start,
                                                  values) in restored.patterns.items()} == parsed.patterns
    assert restored.maxlen == parsed.maxlen
    words = ["institutionalisation", "declarations", "secretariat", "multilateral"]
    assert [pyphen.Pyphen(lang="en_GB").inserted(w) for w in words] == \
        [pyphen.Pyphen(filename=pyphen.LANGUAGES["en_GB"], cache=False).inserted(w) for w in words]
    for damage in ("{}", '{"ab": [1, [1, "2"]]}', '{"ab": [1, 2]}', '{"ab": [1]}', "[]", "[1"):
        cache_store.write_text(entry.parent, entry.name, damage)  # sealed: the checks below are reached
        assert preloaded().patterns == parsed.patterns, damage  # an empty or damaged entry is not trusted


def test_words_hyphenated_before_need_no_patterns(tmp_path, monkeypatch):
    import pyphen

    def preloaded():
        monkeypatch.setattr(pyphen, "hdcache", {})
        hyphenation.preload("en_GB", tmp_path)
        return next(iter(pyphen.hdcache.values()))

    fresh = pyphen.Pyphen(filename=pyphen.LANGUAGES["en_GB"], cache=False)
    words = ["institutionalisation", "Declarations", "secretariat", "multilateral"]
    preloaded()
    assert [pyphen.Pyphen(lang="en_GB").inserted(w) for w in words] == [fresh.inserted(w) for w in words]
    hyphenation.keep()
    (kept,) = tmp_path.glob("*.words.json")
    found = preloaded()
    assert [pyphen.Pyphen(lang="en_GB").inserted(w) for w in words] == [fresh.inserted(w) for w in words]
    assert "patterns" not in vars(found), "every word was known: the patterns were not read"
    assert pyphen.Pyphen(lang="en_GB").inserted("cooperation") == fresh.inserted("cooperation")
    assert "patterns" in vars(found), "a new word: read now"
    hyphenation.keep()
    assert "cooperation" in json.loads(cache_store.read_text(kept.parent, kept.name))
    for damage in ('{"secretariat": ["3"]}', "[1, 2]", "{"):
        cache_store.write_text(kept.parent, kept.name, damage)
        found = preloaded()
        assert found.cache == {}, damage
        assert pyphen.Pyphen(lang="en_GB").inserted("secretariat") == fresh.inserted("secretariat")


def test_the_machine_cache_is_the_variable_s_folder_else_xdg_else_the_home_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_store.machine("fonts") == tmp_path / "mine" / "fonts"
    monkeypatch.delenv("BRIEFKIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_store.machine("fonts") == tmp_path / "xdg" / "briefkit" / "fonts"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # the XDG rule: a relative path is ignored
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_store.machine("hyphenation") == tmp_path / "home" / ".cache" / "briefkit" / "hyphenation"


def test_a_new_process_with_warm_caches_writes_the_bytes_a_build_without_caches_writes(tmp_path):
    report = tmp_path / "reports" / FLAGSHIP.name
    shutil.copytree(FLAGSHIP, report)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "builders.cli", "build", "--quiet", str(report), "--out", str(out)]
    subprocess.run(command, check=True)  # fills the caches
    cache = out / ".cache"
    machine = Path(os.environ["BRIEFKIT_CACHE_DIR"])  # font tables and patterns: once per machine
    assert len(list((machine / "fonts").glob("*.json"))) >= 5
    assert list((machine / "hyphenation").glob("*.json"))
    assert not (cache / "fonts").exists() and not (cache / "hyphenation").exists()
    assert len(list(cache.glob("*.json"))) == 6, "one converted drawing per chart, in English and in Russian"
    source = report / "report.md"
    source.write_text(source.read_text().replace("## ", "## Revised: ",
                                                 1))  # a real edit: both outputs change
    subprocess.run(command, check=True)  # a new process that reads every cache back
    subprocess.run([*command[:-1], str(tmp_path / "fresh"), "--no-cache"], check=True)
    for name in (f"{FLAGSHIP.name}.pdf", f"{FLAGSHIP.name}.pptx", f"{FLAGSHIP.name}.ru.pdf",
                 f"{FLAGSHIP.name}.ru.pptx"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_a_new_process_puts_new_notes_into_the_kept_deck_when_only_notes_changed(tmp_path, monkeypatch):
    from pptx import Presentation

    from builders import build, slides
    from builders.slides import render

    report = tmp_path / "reports" / FLAGSHIP.name
    shutil.copytree(FLAGSHIP, report)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    source = report / "report.md"
    rendered = []
    original = render.Renderer.add
    monkeypatch.setattr(render.Renderer, "add", lambda self, *args: rendered.append(1) or original(self,
                                                                                                   *args))

    def deck_after(edit: tuple[str, str], n: int) -> tuple[int, bytes, bytes]:
        text = source.read_text()
        assert edit[0] in text
        source.write_text(text.replace(*edit, 1))
        rendered.clear()
        build(report, ("pptx",), tmp_path / "out", parallel=False, session=Session())  # as in a new process
        count = len(rendered)
        state = dict(slides.rendered)
        build(report, ("pptx",), tmp_path / f"fresh{n}", cache=False, parallel=False)
        name = f"{FLAGSHIP.name}.pptx"
        total = len(Presentation(str(tmp_path / f"fresh{n}" / name)).slides)
        assert count == 0 or state == {"rendered": count, "copied": total - count if count < total else 0}
        return count, (tmp_path / "out" / name).read_bytes(), (tmp_path / f"fresh{n}" / name).read_bytes()

    build(report, ("pptx",), tmp_path / "out", parallel=False)
    (kept,) = (tmp_path / "out" / ".cache" / "decks").glob("*.pptx")
    marker = "The authors name three conditions"  # a sentence in the speaker notes only
    count, mine, fresh = deck_after((marker, f"{marker} (edited)"), 1)
    assert count == 0 and mine == fresh, "the kept deck took the new notes; no slide was rendered"
    # (the flagship's section titles reach the deck only in notes: a table caption heads its slides)
    count, mine, fresh = deck_after((":caption: China builds", ":caption: Revised: China builds"), 2)
    slides_in_deck = len(Presentation(str(tmp_path / "fresh2" / f"{FLAGSHIP.name}.pptx")).slides)
    assert 1 <= count <= 2 and mine == fresh, (
        "a table caption changed: only its slides rendered, the rest copied"
    )
    title = "Outside formats keep the five talking, but outsiders choose the topics"  # one slide's title
    count, mine, fresh = deck_after((title, f"{title}, for now"), 3)
    assert count == 1 and mine == fresh, "one slide changed: it alone rendered"
    kept.write_bytes(kept.read_bytes() + b"\0")  # a damaged kept deck is not used
    count, mine, fresh = deck_after(("(edited)", "(edited again)"), 4)
    assert count == slides_in_deck and mine == fresh
    count, mine, fresh = deck_after(("(edited again)", "(edited a third time)"), 5)
    assert count == 0 and mine == fresh, "the deck written after the damage is kept"


def test_a_deck_only_edit_writes_the_kept_brief_and_any_other_edit_lays_it_out(tmp_path, monkeypatch):
    from builders import build
    from builders.pdf.floats import FloatingBriefDoc

    report = tmp_path / "reports" / FLAGSHIP.name
    shutil.copytree(FLAGSHIP, report)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    source = report / "report.md"
    laid_out = []
    original = FloatingBriefDoc.build
    monkeypatch.setattr(FloatingBriefDoc, "build", lambda self, *a,
                        **k: laid_out.append(1) or original(self, *a, **k))

    def brief_after(edit: tuple[str, str], n: int) -> tuple[int, bytes, bytes]:
        text = source.read_text()
        assert edit[0] in text
        source.write_text(text.replace(*edit, 1))
        laid_out.clear()
        build(report, ("pdf",), tmp_path / "out", parallel=False)
        count = len(laid_out)
        build(report, ("pdf",), tmp_path / f"fresh{n}", cache=False, parallel=False)
        name = f"{FLAGSHIP.name}.pdf"
        return count, (tmp_path / "out" / name).read_bytes(), (tmp_path / f"fresh{n}" / name).read_bytes()

    build(report, ("pdf",), tmp_path / "out", parallel=False)
    assert len(list((tmp_path / "out" / ".cache" / "briefs").glob("*.pdf"))) == 1
    title = "Outside formats keep the five talking, but outsiders choose the topics"  # a {slide}'s title
    count, mine, fresh = brief_after((title, f"{title}, for now"), 1)
    assert count == 0 and mine == fresh, "only the deck changed: the kept brief is written"
    marker = "The authors name three conditions"  # a sentence of the brief's prose
    count, mine, fresh = brief_after((marker, f"{marker} (edited)"), 2)
    assert count == 1 and mine == fresh, "the prose changed: the brief is laid out again"
    footer = "  footer: briefkit Policy Brief No. 1"  # the front matter's deck: options
    count, mine, fresh = brief_after((footer, f"{footer} (edited)"), 3)
    assert count == 0 and mine == fresh, "the deck's options changed: the kept brief is written"


def test_the_kept_brief_and_deck_are_the_outputs_themselves_not_copies(tmp_path, monkeypatch):
    """The brief and the deck kept for the next build are second names of the outputs written
    (one file each, nothing written twice); an output changed in place changes the kept one
    too, whose digest then says so: the next build lays the brief out again, with the bytes of
    a build from nothing. Where the file system makes no links, a copy is kept."""
    from builders import build

    report = tmp_path / "reports" / "basic"
    shutil.copytree(ROOTS / "basic", report)
    out = tmp_path / "out"
    build(report, ("pdf", "pptx"), out, parallel=False)
    for kind, suffix in (("briefs", ".pdf"), ("decks", ".pptx")):
        [kept] = (out / ".cache" / kind).glob(f"*{suffix}")
        assert kept.stat().st_ino == (out / f"basic{suffix}").stat().st_ino, kind
        assert not list((out / ".cache" / kind).glob(".*")), "no link left over"
    brief = out / "basic.pdf"
    with brief.open("r+b") as handle:  # changed in place, as a careless tool might
        handle.seek(100)
        handle.write(b"#")
    build(report, ("pdf",), out, force=True, parallel=False)
    build(report, ("pdf",), tmp_path / "fresh", cache=False, parallel=False)
    assert brief.read_bytes() == (tmp_path / "fresh" / "basic.pdf").read_bytes()

    def no_links(source, target):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    cache_store.keep_file(tmp_path / "kept", "copy.pdf", brief, brief.read_bytes())
    copy = tmp_path / "kept" / "copy.pdf"
    assert copy.read_bytes() == brief.read_bytes() and copy.stat().st_ino != brief.stat().st_ino
    assert [p.name for p in (tmp_path / "kept").iterdir()] == ["copy.pdf"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="writers in processes of their own: Linux")
def test_a_build_after_a_deck_only_edit_starts_no_process_for_the_brief_and_writes_the_same_bytes(tmp_path,
                                                                                                monkeypatch):
    """The brief's process is started before the sources are read unless the last brief written
    was the kept one: then the kept brief is written in this process. A wrong guess (the prose
    changed) lays the brief out here, to the same bytes."""
    from builders import build
    from builders.pipeline import build as building
    from builders.pipeline import formats
    from builders.store import Session

    prepared: set[str] = set()
    monkeypatch.setattr(formats, "_PREPARED", prepared)
    report = tmp_path / "reports" / FLAGSHIP.name
    shutil.copytree(FLAGSHIP, report)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    source = report / "report.md"
    started: list[tuple[str, ...]] = []
    real = building.start_writers
    monkeypatch.setattr(building, "start_writers", lambda fs, cold: started.append(fs) or real(fs, cold))

    def after(edit: tuple[str, str] | None) -> list[tuple[str, ...]]:
        if edit is not None:
            text = source.read_text()
            assert edit[0] in text
            source.write_text(text.replace(*edit, 1))
        started.clear()
        prepared.clear()  # as in a new process: no writer's libraries imported yet
        build(report, ("pdf", "pptx"), tmp_path / "out", session=Session())
        return list(started)

    def same_as_fresh(n: int) -> bool:
        build(report, ("pdf",), tmp_path / f"fresh{n}", cache=False, parallel=False)
        name = f"{FLAGSHIP.name}.pdf"
        return (tmp_path / "out" / name).read_bytes() == (tmp_path / f"fresh{n}" / name).read_bytes()

    title = "Outside formats keep the five talking, but outsiders choose the topics"  # a {slide}'s title
    assert after(None) == [("pdf", "pptx")], "a first build starts both writers"
    assert after((title, f"{title} (1)")) == [("pdf", "pptx")], "the last brief was laid out"
    assert after((f"{title} (1)", f"{title} (2)")) == [("pptx",)], "the last brief was the kept one"
    assert same_as_fresh(1)
    marker = "The authors name three conditions"  # a sentence of the brief's prose: the guess is wrong
    assert after((marker, f"{marker} (edited)")) == [("pptx",)]
    assert same_as_fresh(2), "the brief laid out in this process"
    assert after((f"{title} (2)", f"{title} (3)")) == [("pdf", "pptx")], "the last brief was laid out"


def test_the_kept_deck_s_signature_covers_the_theme_s_font_files(tmp_path, monkeypatch):
    from builders import load
    from builders.slides import kept, prepare

    report, theme = load(FLAGSHIP)
    deck = prepare(report, theme)
    made = (deck.template, theme, deck.plans, deck.footer, deck.colours, report.meta.language, tmp_path)
    before = kept.signature(*made)
    assert kept.signature(*made) == before
    real = fontfiles.digest
    monkeypatch.setattr(fontfiles, "digest", lambda path,
                        folder: "another font" if path.name == "NotoSans-Regular.ttf"
                        else real(path, folder))
    assert kept.signature(*made) != before, "new metrics may size the footer differently"


def test_editions_built_in_one_process_copy_the_slides_they_share_and_write_a_render_s_bytes(tmp_path):
    from builders import build, slides
    from builders.pipeline.batch import plan

    report = tmp_path / "reports" / "profiles"
    shutil.copytree(ROOT / "reports" / "central-asia-profiles", report)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    source = report / "report.md"
    text = source.read_text()
    for old, new in (("params:\n  country: Kazakhstan\n", "params:\n  country: Kazakhstan\n  quarter: Q1\n"),
                     ("country: [Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan]\n",
                      "country: [Kazakhstan]\n  quarter: [Q1, Q2, Q3]\n")):
        assert old in text
        text = text.replace(old, new, 1)
    text = re.sub(r"(?m)^subtitle: .*$", 'subtitle: "{{ params.quarter }}: a profile"', text, count=1)
    source.write_text(text)
    planned = plan([report])
    assert len(planned) == 3
    counts = []
    session = Session()
    for edition in planned:  # one process, as a batch with --jobs 1 or a pool worker
        build(edition.folder, ("pptx",), tmp_path / "out", parallel=False, edition=edition.edition,
              session=session)
        counts.append(dict(slides.rendered))
    assert counts[0]["copied"] == 0
    assert all(c["copied"] >= 3 and c["rendered"] >= 1 for c in counts[1:]), counts  # the title slide differs
    for edition in planned:
        build(edition.folder, ("pptx",), tmp_path / "fresh", cache=False, parallel=False,
              edition=edition.edition)
    for edition in planned:
        name = f"{edition.stem}.pptx"
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_a_furniture_catalogue_read_back_is_babel_s_own_and_a_damaged_one_is_parsed_again(tmp_path,
                                                                                           monkeypatch):
    """ru.po parsed by Babel is kept in the machine cache; the next process reads the same
    messages back without Babel's PO reader; a damaged entry is parsed again."""
    import sys

    from builders.locale import furniture

    def fresh() -> dict[str, str]:
        furniture._catalogue.cache_clear()
        return furniture._catalogue("ru")

    monkeypatch.setattr(furniture, "_parsed_folder", tmp_path)
    parsed = fresh()  # a miss: parsed and kept
    assert parsed["Key takeaways"] == "Основные выводы"
    (entry,) = tmp_path.glob("*.json")
    monkeypatch.setitem(sys.modules, "babel.messages.pofile", None)  # importing the reader would fail
    assert fresh() == parsed
    for damage in ("[]", '{"a": 1}', "{", '"x"'):
        cache_store.write_text(entry.parent, entry.name, damage)
        with pytest.raises(ImportError):  # not trusted: parsed again (and the reader is needed)
            fresh()
    monkeypatch.delitem(sys.modules, "babel.messages.pofile")
    assert fresh() == parsed
    furniture._catalogue.cache_clear()


def test_a_picture_is_decoded_once_a_machine_and_a_changed_one_again(tmp_path, monkeypatch):
    """What decoding a picture found is kept by the file's digest in the machine cache: the next
    process checks the theme's logo without importing Pillow; new bytes under the same name
    (a truncated copy) are decoded again and refused."""
    from builders import paths
    from builders.errors import ReportError
    from builders.model import Location

    logo = tmp_path / "logo.png"
    logo.write_bytes((ROOT / "assets" / "logos" / "briefkit-mark.png").read_bytes())
    decoded = []
    real = paths._decoded
    monkeypatch.setattr(paths, "_decoded", lambda path, where: decoded.append(path) or real(path, where))
    monkeypatch.setattr(paths, "_checked_folder", None)
    paths.keep_checked_pictures_in(tmp_path / "machine")
    paths.check_picture(logo, Location(logo))
    paths.check_picture(logo, Location(logo))
    assert len(decoded) == 1 and len(list((tmp_path / "machine").glob("*.json"))) == 1
    logo.write_bytes(logo.read_bytes()[:2000])  # truncated: the same name, other bytes
    with pytest.raises(ReportError, match="not a PNG or JPEG image that can be read"):
        paths.check_picture(logo, Location(logo))
    assert len(decoded) == 2
    paths.keep_checked_pictures_in(None)  # --no-cache: every picture decoded
    logo.write_bytes((ROOT / "assets" / "logos" / "briefkit-mark.png").read_bytes())
    paths.check_picture(logo, Location(logo))
    assert len(decoded) == 3
    code = ("import sys\nfrom pathlib import Path\nfrom builders import paths\n"
            "from builders.model import Location\n"
            f"paths.keep_checked_pictures_in(Path({str(tmp_path / 'machine')!r}))\n"
            f"paths.check_picture(Path({str(logo)!r}), Location(Path('x')))\n"
            "print('PIL' in ' '.join(sys.modules))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert found.stdout.strip() == "False", "a new process checks a known picture without Pillow"


def test_what_a_session_keeps_of_work_on_content_stays_within_its_bounds():
    """A Recent keeps the most recently used last and lets the oldest go past its count or its
    bytes (values and bytes keys); an item larger than all it may hold is not kept."""
    kept = cache_store.Recent(3, 100)
    for n in range(4):
        kept.keep(bytes([n]) * 10, b"x" * 10)
    assert list(kept) == [bytes([n]) * 10 for n in (1, 2, 3)] and kept.size == 60
    assert kept.take(bytes([1]) * 10) == b"x" * 10 and kept.size == 40
    kept.keep(bytes([1]) * 10, b"x" * 10)  # used again: the newest
    kept.keep(("subset", 1), b"y" * 50)  # a key that is not bytes counts nothing
    assert list(kept) == [bytes([3]) * 10, bytes([1]) * 10, ("subset", 1)] and kept.size == 90
    kept.keep(b"big", b"z" * 101)
    assert b"big" not in kept and kept.size == 90
    kept.keep(b"k", b"w" * 40)  # over 100 bytes: the oldest go until it fits
    assert list(kept) == [("subset", 1), b"k"] and kept.size == 91
    assert kept.take(b"gone") is None
