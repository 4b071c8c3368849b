"""Editions of one template built in one process share work — the template opened once, the
slides they have in common copied, blank notes slides copied, the logo's pixels compressed
once — and each writes the bytes it writes when built alone, in a process of its own."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builders import slides
from builders.pipeline import batch, runner

from conftest import ROOT

COUNTRIES = ["Kazakhstan", "Kyrgyzstan"]
QUARTERS = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The country profiles with a second parameter: 2 countries x 6 quarters, twelve editions
    whose decks share every slide but the title slide with the others of their country."""
    root = tmp_path_factory.mktemp("shared")
    report = root / "reports" / "profiles"
    shutil.copytree(ROOT / "reports" / "central-asia-profiles", report)
    shutil.copytree(ROOT / "data", root / "data")
    source = report / "report.md"
    text = source.read_text(encoding="utf-8")
    head, matrix, rest = text.partition("matrix:\n  country: [")
    assert matrix, "the profiles template changed"
    rest = rest.split("\n", 1)[1]
    text = (head.replace("params:\n  country: Kazakhstan\n",
                         "params:\n  country: Kazakhstan\n  quarter: 2025-Q1\n")
            + f"matrix:\n  country: [{', '.join(COUNTRIES)}]\n  quarter: [{', '.join(QUARTERS)}]\n" + rest)
    text = re.sub(r"(?m)^subtitle: .*$", 'subtitle: "{{ params.quarter }}: one of twelve profiles"', text,
                  count=1)
    source.write_text(text, encoding="utf-8")
    return root


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix in (".pdf", ".pptx")}


@pytest.fixture(scope="module")
def together(project) -> tuple[Path, list[dict]]:
    """The twelve editions built one after another in this process, one session, caches on; with
    how many slides each deck rendered and copied."""
    out = project / "together"
    planned = batch.plan([project / "reports" / "profiles"])
    assert len(planned) == 12
    jobs = [runner.Job(p.folder, ("pdf", "pptx"), out, edition=p.edition) for p in planned]
    tallies = []
    session = runner.Session()
    for job in jobs:
        outcome = runner.run(job, parallel=False, session=session)
        assert outcome.written and not outcome.problems and not outcome.failure, outcome
        tallies.append(dict(slides.rendered))
    return out, tallies


def test_the_editions_of_a_batch_share_their_slides(together):
    out, tallies = together
    assert len(_outputs(out)) == 24
    # each country's later editions copy every slide but the title slide from the one before
    later = [t for n, t in enumerate(tallies) if n % len(QUARTERS)]
    assert later and all(t["rendered"] == 1 and t["copied"] >= 3 for t in later), tallies


@pytest.mark.parametrize("country, quarter", [("Kazakhstan", "2026-Q2"), ("Kyrgyzstan", "2025-Q2")])
def test_an_edition_built_in_a_batch_is_the_edition_built_alone(project, together, country, quarter):
    alone = project / f"alone-{country}-{quarter}"
    result = subprocess.run(
        [sys.executable, "-m", "builders.cli", "build", "reports/profiles", "--param", f"country={country}",
         "--param", f"quarter={quarter}", "--out", str(alone), "--no-cache"],
        cwd=project, capture_output=True, text=True, timeout=300, check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
             "BRIEFKIT_CACHE_DIR": os.environ["BRIEFKIT_CACHE_DIR"]})
    assert result.returncode == 0, result.stderr
    built = _outputs(alone)
    assert sorted(built) == [f"profiles-{country.lower()}-{quarter.lower()}.{ext}" for ext in ("pdf", "pptx")]
    shared = _outputs(together[0])
    for name, data in built.items():
        assert shared[name] == data, f"{name}: built in a batch, it differs from the same edition built alone"


def test_a_process_building_many_editions_frees_the_decks_it_let_go_of(project):
    """A session keeps a bounded number of decks (the last of each report, the slides lately
    made); the decks it lets go of are freed as the batch goes on, not left for a full
    collection that a process holding the writers' libraries rarely runs."""
    script = """
import gc, sys
from pathlib import Path
from pptx.presentation import Presentation
from builders.pipeline import batch, runner

planned = batch.plan([Path("reports/profiles")])
jobs = [runner.Job(p.folder, ("pdf", "pptx"), Path(f"many-{n}"), edition=p.edition)
        for n in range(2) for p in planned]
gc.enable()
assert all(o.written and not o.failure for o in runner.run_many(jobs, 1))
print(sum(isinstance(o, Presentation) for o in gc.get_objects()))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True,
                            timeout=300, check=False,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                 "BRIEFKIT_CACHE_DIR": os.environ["BRIEFKIT_CACHE_DIR"]})
    assert result.returncode == 0, result.stderr[-3000:]
    # the session's: at most 8 last decks, 4 lately made, the template as opened; 24 were built
    assert int(result.stdout.split()[-1]) <= 13, result.stdout


def test_a_warm_pool_builds_the_same_bytes(project, together):
    """--jobs 2 on twelve editions: this process builds the first, then two workers fork from it
    warm (its template, fonts, data and slides) and build the rest."""
    result = subprocess.run([sys.executable, "-m", "builders.cli", "build", "reports/profiles", "--out",
                             "pooled", "--jobs", "2"], cwd=project, capture_output=True, text=True,
                            timeout=300, check=False,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                 "BRIEFKIT_CACHE_DIR": os.environ["BRIEFKIT_CACHE_DIR"]})
    assert result.returncode == 0, result.stderr[-3000:]
    assert _outputs(project / "pooled") == _outputs(together[0])


def test_a_notes_slide_is_named_as_python_pptx_names_it(project, monkeypatch):
    """A notes slide made from a kept blank one takes the name python-pptx's next_partname
    gives (worked out from the slides' notes, not a walk of the whole package): checked at
    every notes slide of two editions built in one session, rendered slides and copied ones."""
    from builders.slides.xml import write

    real = write._next_notes_name
    named: list[str] = []

    def checked(presentation):
        name = real(presentation)
        assert name == presentation.package.next_partname("/ppt/notesSlides/notesSlide%d.xml")
        named.append(str(name))
        return name

    monkeypatch.setattr(write, "_next_notes_name", checked)
    planned = batch.plan([project / "reports" / "profiles"])[:2]
    session = runner.Session()
    for p in planned:
        outcome = runner.run(runner.Job(p.folder, ("pptx",), project / "named", edition=p.edition),
                             parallel=False, session=session)
        assert outcome.written and not outcome.problems and not outcome.failure, outcome
    assert len(named) >= 6 and "/ppt/notesSlides/notesSlide2.xml" in named, named


def test_the_logo_is_named_once_for_the_briefs_of_a_batch(project, together, monkeypatch):
    """ReportLab names an image it draws by an MD5 of its pixels and mask (2.5 ms for the logo,
    a twelfth of a one-page brief); the briefs of a batch draw the logo under the name the
    first one worked out, and each is the bytes it is when built on its own."""
    import reportlab.lib.utils as rl_utils

    from builders.pdf import pictures

    hashed: list[int] = []
    real_md5 = rl_utils.md5

    def md5(data, **options):
        hashed.append(len(data))
        return real_md5(data, **options)

    monkeypatch.setattr(rl_utils, "md5", md5)
    monkeypatch.setattr(pictures, "_NAMES", {}, raising=False)
    out = project / "logo-named"
    session = runner.Session()
    for planned in batch.plan([project / "reports" / "profiles"])[:3]:
        job = runner.Job(planned.folder, ("pdf",), out, cache=False, edition=planned.edition)
        outcome = runner.run(job, parallel=False, session=session)
        assert outcome.written and not outcome.problems and not outcome.failure, outcome
    assert sum(size > 100_000 for size in hashed) == 1, hashed  # the logo's pixels, once
    built, shared = _outputs(out), _outputs(together[0])
    assert len(built) == 3 and all(shared[name] == data for name, data in built.items())


def _counted_run(project: Path, counting: str, fmt: str) -> list[int]:
    """Build three editions of one country (a quarter each) in one session, in a process of its
    own whose zlib ``counting`` (Python code) replaces; what it prints after each edition."""
    script = counting + f"""
from pathlib import Path
from builders.pipeline import batch, runner

session = runner.Session()
for planned in batch.plan([Path("reports/profiles")])[:3]:
    job = runner.Job(planned.folder, ("{fmt}",), Path("counted-{fmt}"), cache=False, edition=planned.edition)
    outcome = runner.run(job, parallel=False, session=session)
    assert outcome.written and not outcome.problems and not outcome.failure, outcome
    print(len(made), len(packed))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True,
                            timeout=300, check=False,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                 "BRIEFKIT_CACHE_DIR": os.environ["BRIEFKIT_CACHE_DIR"]})
    assert result.returncode == 0, result.stderr[-3000:]
    return [int(n) for n in result.stdout.split()]


def test_the_briefs_of_a_batch_subset_and_compress_their_fonts_once(project, together):
    """Three briefs of one country show the same characters in the same fonts: the font
    subsets are made, and compressed, for the first alone; the later ones compress only their
    page (the quarter on it differs). Each is the brief built alone."""
    counting = """
import zlib
from reportlab.pdfbase import pdfdoc, ttfonts

made, packed = [], []
subset = ttfonts.TTFontFile.makeSubset

def counted(self, characters):
    made.append(len(characters))
    return subset(self, characters)

class Zlib:
    def compress(self, data, *level):
        packed.append(len(data))
        return zlib.compress(data, *level)

    def __getattr__(self, name):
        return getattr(zlib, name)

ttfonts.TTFontFile.makeSubset = counted
pdfdoc.zlib = Zlib()
"""
    first_made, first_packed, *later = _counted_run(project, counting, "pdf")
    assert first_made >= 2 and first_packed >= 4, (first_made, first_packed)
    assert later == [first_made, first_packed + 1, first_made, first_packed + 2], later
    built, shared = _outputs(project / "counted-pdf"), _outputs(together[0])
    assert len(built) == 3 and all(shared[name] == data for name, data in built.items())


def test_the_decks_of_a_batch_compress_only_the_members_they_do_not_share(project, together):
    """Three decks of one country share every member of their packages (the template's masters,
    layouts and theme, their slides and notes) but the title slide: the later ones compress that
    alone. Each is the deck built alone."""
    counting = """
import zipfile
import zlib

made, packed = [], []

class Compressor:
    def __init__(self, real):
        self.real = real

    def compress(self, data):
        packed.append(len(data))
        return self.real.compress(data)

    def flush(self, *mode):
        return self.real.flush(*mode)

class Zlib:
    def compressobj(self, *options):
        return Compressor(zlib.compressobj(*options))

    def __getattr__(self, name):
        return getattr(zlib, name)

zipfile.zlib = Zlib()
"""
    counts = _counted_run(project, counting, "pptx")
    first = counts[1]
    assert first >= 20 and counts[3] - first == 1 and counts[5] - counts[3] == 1, counts
    built, shared = _outputs(project / "counted-pptx"), _outputs(together[0])
    assert len(built) == 3 and all(shared[name] == data for name, data in built.items())


def test_the_decks_of_a_batch_set_the_notes_they_share_once(project, together, monkeypatch):
    """A notes slide is kept with its text: the later decks of a country, whose slides have the
    notes of the first's, get copies of those notes slides rather than set their text through
    python-pptx again; each deck is the deck built alone."""
    from pptx.slide import NotesSlide

    real = NotesSlide.notes_text_frame
    set_in: list[int] = []
    monkeypatch.setattr(NotesSlide, "notes_text_frame",
                        property(lambda self: set_in.append(len(set_in)) or real.fget(self)))
    out = project / "notes-shared"
    session = runner.Session()
    counts = []
    for planned in batch.plan([project / "reports" / "profiles"])[:3]:
        before = len(set_in)
        outcome = runner.run(runner.Job(planned.folder, ("pptx",), out, cache=False, edition=planned.edition),
                             parallel=False, session=session)
        assert outcome.written and not outcome.problems and not outcome.failure, outcome
        counts.append(len(set_in) - before)
    assert counts[0] >= 4 and counts[1] == counts[2] == 0, counts
    built, shared = _outputs(out), _outputs(together[0])
    assert len(built) == 3 and all(shared[name] == data for name, data in built.items())
