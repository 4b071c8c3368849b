"""The rows of ``benchmarks/run.py`` for issue 28 (fast from a fresh clone, parallel for real):
the flagship folder's first build (English and Russian) from an empty ``out/``, with the default
``--jobs`` and with ``--jobs 1``, with the machine cache (font tables, hyphenation patterns)
warm and empty; an edit of one slide's title (a new process, caches warm); and a batch of 100
one-page editions (the profiles template with a 5 x 20 matrix) with ``--jobs 1`` and
``--jobs 2``. Each row gives wall and CPU time (user + system of the command and the processes
it waited for): on a machine loaded by other work, the CPU time is the steadier figure. Each
row with a target says whether it was met, by wall time (the issue's measure) and by CPU time."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from run import FLAGSHIP, ROOT, SLIDE_TITLE, briefkit, interleaved, timed

#: a sentence of the flagship's prose (in the brief), edited after slide edits
PROSE = "The region does have a format of its own, the Consultative Meetings of Central Asian Leaders."

#: the 20 values of the batch's second parameter
QUARTERS = [f"{year}-Q{q}" for year in range(2022, 2027) for q in range(1, 5)]


def write_batch(project: Path) -> Path:
    """The profiles template with a second parameter (quarter, 20 values): 5 x 20 editions."""
    report = project / "reports" / "profiles-by-quarter"
    shutil.copytree(ROOT / "reports" / "central-asia-profiles", report)
    shutil.copytree(ROOT / "data", project / "data")
    source = report / "report.md"
    text = source.read_text()
    for old, new in (("params:\n  country: Kazakhstan\n",
                      "params:\n  country: Kazakhstan\n  quarter: 2022-Q1\n"),
                     ("matrix:\n  country: [Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan]\n",
                      "matrix:\n  country: [Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan]\n"
                      f"  quarter: [{', '.join(QUARTERS)}]\n")):
        assert old in text, f"the profiles template changed: {old!r}"
        text = text.replace(old, new, 1)
    text = re.sub(r"(?m)^subtitle: .*$", 'subtitle: "{{ params.quarter }}: one of a hundred profiles"', text,
                  count=1)
    source.write_text(text)
    return report


def _row(name: str, t, floor=None, extra: str = "", most: float | None = None) -> tuple[str, str, str, str,
                                                                                        str]:
    """A row of the table; with ``most``, whether its wall time (and its CPU time, each against
    the floor's) is at most that many times the floor."""
    ratio = (
        f"{t[0] / floor[0]:.2f} x floor, CPU {t.cpu / floor.cpu:.2f} x floor's" if floor is not None else ""
    )
    if most is not None and floor is not None:
        ratio += f" [{_met(t[0] / floor[0] <= most)}; by CPU {_met(t.cpu / floor.cpu <= most)}]"
    return (name, f"{t[0]:.3f} s", f"{t[1]:.0f} MB", f"{t.cpu:.3f} s", "; ".join(x for x in (ratio,
                                                                                             extra) if x))


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def rows(work: Path, env: dict, runs: int, figures: dict) -> list[tuple[str, str, str, str, str]]:
    found = []
    machine = work / "machine-cache"
    env = {**env, "BRIEFKIT_CACHE_DIR": str(machine)}
    project = work / "fresh"
    shutil.copytree(FLAGSHIP, project / "reports" / FLAGSHIP.name)
    shutil.copytree(ROOT / "data", project / "data")
    out = project / "out"

    def floor():
        return timed([sys.executable, "-c", "import reportlab.platypus, pptx"], env=env)

    def first(*jobs: str, machine_too: bool = False):
        def measure():
            shutil.rmtree(out, ignore_errors=True)
            if machine_too:
                shutil.rmtree(machine, ignore_errors=True)
            return timed(briefkit(f"reports/{FLAGSHIP.name}", "--out", str(out), *jobs), cwd=project, env=env)
        return measure

    source = project / "reports" / FLAGSHIP.name / "report.md"
    original = source.read_text()
    edits = iter(range(1000))

    def slide_edited(prose: str = ""):
        n = next(edits)  # one slide's title changes: that slide is rendered, the brief is the kept one
        text = original.replace(SLIDE_TITLE, f"{SLIDE_TITLE} ({n})", 1)
        source.write_text(text.replace(PROSE, PROSE + prose, 1))
        return timed(briefkit(f"reports/{FLAGSHIP.name}", "--out", str(project / "out-edits")), cwd=project,
                     env=env)

    def prose_after_slides():
        """A sentence of the brief edited right after two edits of a slide alone: the build
        guesses the kept brief again (no process started for it early) and guesses wrong."""
        slide_edited()
        slide_edited()
        return slide_edited(prose=" (edited)")

    first()()  # the machine cache filled once, as by any earlier build on this machine
    slide_edited()  # the caches of out-edits/ filled: a first build,
    slide_edited()  # and an edit, as a user editing has made (the deck's line counts are kept from then on)
    base, default, one, edit = interleaved(runs, floor, first(), first("--jobs", "1"), slide_edited)
    wrong, = interleaved(max(2, runs // 2), prose_after_slides)
    source.write_text(original)
    empty, = interleaved(max(2, runs // 2), first(machine_too=True))
    figures.update(first_default=default[0], first_one=one[0], first_default_cpu=default.cpu,
                   first_one_cpu=one.cpu, floor_cpu=base.cpu, slide_edit=edit[0], slide_edit_cpu=edit.cpu)
    found.append(_row("import floor (same run as the first builds)", base, base))
    found.append(
        _row(
            "flagship folder (en + ru), first build, empty out/, default --jobs (target <= 6 x floor)",
            default,
            base,
            most=6,
        )
    )
    faster = one[0] / default[0]
    found.append(
        _row(
            "flagship folder (en + ru), first build, empty out/, --jobs 1 (target: default never slower)",
            one,
            base,
            f"default --jobs {faster:.2f} x as fast [{_met(faster >= 1)}; "
            f"by CPU {_met(default.cpu <= one.cpu * 1.05)}]",
        )
    )
    found.append(_row("flagship folder, first build, empty out/ and empty machine cache, default --jobs",
                      empty, base))
    found.append(_row("flagship, one slide's title edited, a new process, caches warm (target <= 2 x floor)",
                      edit, base, most=2))
    found.append(_row("flagship, a sentence edited after two slide edits (the kept brief guessed wrongly)",
                      wrong, base))

    batch = work / "editions-batch"  # not run.py's "batch" of 20 reports
    report = write_batch(batch)
    batch_out = batch / "out"

    def build_batch(jobs: str):
        def measure():
            shutil.rmtree(batch_out, ignore_errors=True)
            return timed(briefkit(str(report), "--out", str(batch_out), "--jobs", jobs), cwd=batch, env=env)
        return measure

    count = 5 * len(QUARTERS)
    serial, pooled = interleaved(max(2, runs // 3), build_batch("1"), build_batch("2"))
    figures.update(batch_one=count / serial[0], batch_two=count / pooled[0], batch_one_mb=serial[1],
                   batch_two_mb=pooled[1], batch_one_cpu=serial.cpu, batch_two_cpu=pooled.cpu)
    found.append(
        _row(
            f"batch of {count} editions (profiles, 5 x 20), brief + deck each, empty out/, --jobs 1 "
            "(target < 250 MB)",
            serial,
            None,
            f"{count / serial[0]:.1f} editions/s, {serial.cpu / count * 1000:.0f} ms CPU an edition "
            f"[{_met(serial[1] < 250)}]",
        )
    )
    # on two idle cores --jobs 2 would take the CPU time of its busier process: about half its total
    found.append(
        _row(
            f"batch of {count} editions, --jobs 2 (target >= 25 editions/s, >= 1.7 x --jobs 1, < 250 MB)",
            pooled,
            None,
            f"{count / pooled[0]:.1f} editions/s [{_met(count / pooled[0] >= 25)}; by CPU, "
            f"on two idle cores, {2 * count / pooled.cpu:.1f} {_met(2 * count / pooled.cpu >= 25)}], "
            f"{serial[0] / pooled[0]:.2f} x --jobs 1 [{_met(serial[0] / pooled[0] >= 1.7)}], "
            f"{pooled.cpu / count * 1000:.0f} ms CPU an edition [{_met(pooled[1] < 250)}]",
        )
    )
    return found
