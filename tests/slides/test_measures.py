"""The deck's line counts kept between processes (builders.slides.measures): a deck planned
from the counts the build before kept is the deck measured afresh, and a kept file that is
damaged, or was measured with other fonts, is not read back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builders import build
from builders import store as cache_store
from builders.slides import fit, fitting, measures
from builders.store import Session

from conftest import FLAGSHIP, ROOT

#: a slide's title in the flagship ({slide} section): editing it changes one slide
TITLE = "Outside formats keep the five talking, but outsiders choose the topics"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    report = tmp_path / "reports" / FLAGSHIP.name
    shutil.copytree(FLAGSHIP, report)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return report


def _deck(report: Path, out: Path, cache: bool = True) -> bytes:
    build(report, ("pptx",), out, cache=cache, parallel=False, session=Session())
    return (out / f"{FLAGSHIP.name}.pptx").read_bytes()


def _kept(out: Path) -> list[Path]:
    """The kept line-count files (the other entries in decks/ are kept decks and slides)."""
    found = []
    for path in (out / ".cache" / "decks").glob("*.json"):
        text = cache_store.read_text(path.parent, path.name)
        if text is not None and text.startswith('{"faces":'):
            found.append(path)
    return found


def _built_and_edited(report: Path, out: Path) -> Path:
    """Build, edit one slide and build again (a first build keeps no counts); the kept file."""
    _deck(report, out)
    assert not _kept(out), "a first build (each edition of a batch) keeps no counts"
    _edit(report, 1)
    _deck(report, out)
    [kept] = _kept(out)
    return kept


def _edit(report: Path, n: int) -> None:
    source = report / "report.md"
    text = source.read_text()
    old = TITLE if n == 1 else f"{TITLE} ({n - 1})"
    assert old in text
    source.write_text(text.replace(old, f"{TITLE} ({n})", 1))


def _sizings(monkeypatch) -> list[int]:
    """A list that grows by one whenever a table's size is worked out (not read back)."""
    sized: list[int] = []
    real = fitting.Fitter._table_size
    monkeypatch.setattr(fitting.Fitter, "_table_size", lambda *a: sized.append(1) or real(*a))
    return sized


def _new_process() -> None:
    """Forget what this process measured, as a new one would not know it."""
    fit._wrap_count.cache_clear()
    fitting.TABLE_SIZES.clear()


def test_a_deck_planned_from_the_kept_counts_is_the_deck_measured_afresh(project, tmp_path):
    out = tmp_path / "out"
    kept = _built_and_edited(project, out)
    entries = json.loads(cache_store.read_text(kept.parent, kept.name))["counts"]
    assert len(entries) > 100, "every text the deck measured is kept"
    _edit(project, 2)
    _new_process()
    edited = _deck(project, out)
    assert len(fit.KNOWN) == len(entries), "the new process read the counts back"
    assert edited == _deck(project, tmp_path / "fresh", cache=False)


def test_the_kept_counts_are_what_the_deck_is_planned_from(project, tmp_path):
    """A kept count that is wrong shows in the deck: the counts read back are used (which is why
    they are sealed, and keyed by the fonts and briefkit's code)."""
    out = tmp_path / "out"
    kept = _built_and_edited(project, out)
    entries = json.loads(cache_store.read_text(kept.parent, kept.name))
    entries["counts"] = [[*e[:4], e[4] + 3] for e in entries["counts"]]
    cache_store.write_text(kept.parent, kept.name, json.dumps(entries))
    _edit(project, 2)
    _new_process()
    assert _deck(project, out) != _deck(project, tmp_path / "fresh", cache=False)


@pytest.mark.parametrize("damage", ["a byte changed", "not the counts kept", "an entry of the wrong kind",
                                    "a face of the wrong kind"])
def test_a_damaged_kept_file_is_not_read_back(project, tmp_path, damage):
    out = tmp_path / "out"
    kept = _built_and_edited(project, out)
    if damage == "a byte changed":
        data = bytearray(kept.read_bytes())
        data[-5] ^= 1
        kept.write_bytes(bytes(data))
    else:
        body = {"not the counts kept": '{"a": 1}',
                "an entry of the wrong kind": '{"faces": [["F", []]], "counts": [["t", 12, "wide", 0, 2]]}',
                "a face of the wrong kind": '{"faces": [["F", "abc"]], "counts": [["text", 12, 200, 0, 2]]}',
                }[damage]
        cache_store.write_text(kept.parent, kept.name, body)
    _edit(project, 2)
    _new_process()
    edited = _deck(project, out)
    assert not fit.KNOWN, "nothing read back"
    assert edited == _deck(project, tmp_path / "fresh", cache=False)
    assert len(_kept(out)) == 1, "measured again and kept anew"


def test_counts_kept_with_other_fonts_are_not_read_back(project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    _built_and_edited(project, out)
    real = measures.fonts.fingerprint
    monkeypatch.setattr(measures.fonts, "fingerprint", lambda name: f"{real(name)} changed")
    _edit(project, 2)
    _deck(project, out)
    assert not fit.KNOWN, "a font file that changed measures again"
    assert len(_kept(out)) == 2


def test_a_new_process_reads_the_tables_sizes_back_rather_than_work_them_out(project, tmp_path, monkeypatch):
    """Sizing a table is most of the planning of a slide edit's deck: the sizes and column
    widths the build before used are kept with the line counts and read back, and the deck is
    the deck sized afresh. A kept size that is wrong shows in the deck (they are used)."""
    out = tmp_path / "out"
    kept = _built_and_edited(project, out)
    entries = json.loads(cache_store.read_text(kept.parent, kept.name))
    assert len(entries["tables"]) >= 2, "the flagship's deck shows tables"
    sized = _sizings(monkeypatch)
    _edit(project, 2)
    _new_process()
    edited = _deck(project, out)
    assert sized == [], "every table's size was read back"
    _new_process()
    assert edited == _deck(project, tmp_path / "fresh", cache=False)
    assert len(sized) == len(entries["tables"])
    entries["tables"] = [[digest, [w * 0.9 for w in widths], size]
                         for digest, widths, size in entries["tables"]]
    cache_store.write_text(kept.parent, kept.name, json.dumps(entries))
    _edit(project, 3)
    _new_process()
    wrong = _deck(project, out)
    _new_process()
    assert wrong != _deck(project, tmp_path / "fresh-3", cache=False), "the kept sizes were not used"


def test_a_kept_table_size_of_the_wrong_kind_is_not_read_back(project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    kept = _built_and_edited(project, out)
    entries = json.loads(cache_store.read_text(kept.parent, kept.name))
    entries["tables"] = [[digest, ["wide"], size] for digest, _, size in entries["tables"]]
    cache_store.write_text(kept.parent, kept.name, json.dumps(entries))
    sized = _sizings(monkeypatch)
    _edit(project, 2)
    _new_process()
    edited = _deck(project, out)
    assert fit.KNOWN and len(sized) == len(entries["tables"]), "the counts read back, the sizes worked out"
    _new_process()
    assert edited == _deck(project, tmp_path / "fresh", cache=False)
