"""The rows of ``benchmarks/run.py`` for issue 28 (fast from a fresh clone, parallel for real):
the flagship folder's first build (English and Russian) from an empty ``out/``, with the default
``--jobs`` and with ``--jobs 1``, with the machine cache (font tables, hyphenation patterns)
warm and empty; and a batch of 100 one-page editions (the profiles template with a 5 x 20
matrix) with ``--jobs 1`` and ``--jobs 2``. Each row gives wall and CPU time (user + system of
the command and the processes it waited for): on a machine loaded by other work, the CPU
time is the steadier figure."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from run import FLAGSHIP, ROOT, briefkit, interleaved, timed

#: the 20 values of the batch's second parameter
QUARTERS = [f"{year}-Q{q}" for year in range(2022, 2027) for q in range(1, 5)]


def write_batch(project: Path) -> Path:
    """The profiles template with a second parameter (quarter, 20 values): 5 x 20 editions."""
    report = project / "reports" / "profiles-by-quarter"
    shutil.copytree(ROOT / "reports" / "central-asia-profiles", report)
    shutil.copytree(ROOT / "data", project / "data")
    source = report / "report.md"
    text = source.read_text()
    for old, new in (("params:\n  country: Kazakhstan\n", "params:\n  country: Kazakhstan\n  quarter: 2022-Q1\n"),
                     ("matrix:\n  country: [Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan]\n",
                      "matrix:\n  country: [Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan]\n"
                      f"  quarter: [{', '.join(QUARTERS)}]\n")):
        assert old in text, f"the profiles template changed: {old!r}"
        text = text.replace(old, new, 1)
    text = re.sub(r"(?m)^subtitle: .*$", 'subtitle: "{{ params.quarter }}: one of a hundred profiles"', text, count=1)
    source.write_text(text)
    return report


def _row(name: str, t, floor=None, extra: str = "") -> tuple[str, str, str, str, str]:
    ratio = f"{t[0] / floor[0]:.2f} x floor, CPU {t.cpu / floor.cpu:.2f} x floor's" if floor is not None else ""
    return (name, f"{t[0]:.3f} s", f"{t[1]:.0f} MB", f"{t.cpu:.3f} s", "; ".join(x for x in (ratio, extra) if x))


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

    first()()  # the machine cache filled once, as by any earlier build on this machine
    base, default, one = interleaved(runs, floor, first(), first("--jobs", "1"))
    empty, = interleaved(max(2, runs // 2), first(machine_too=True))
    figures.update(first_default=default[0], first_one=one[0], first_default_cpu=default.cpu,
                   first_one_cpu=one.cpu, floor_cpu=base.cpu)
    found.append(_row("import floor (same run as the first builds)", base, base))
    found.append(_row("flagship folder (en + ru), first build, empty out/, default --jobs (target <= 6 x floor)",
                      default, base))
    found.append(_row("flagship folder (en + ru), first build, empty out/, --jobs 1", one, base,
                      f"default --jobs {one[0] / default[0]:.2f} x as fast"))
    found.append(_row("flagship folder, first build, empty out/ and empty machine cache, default --jobs",
                      empty, base))

    batch = work / "batch"
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
                   batch_two_mb=pooled[1])
    found.append(_row(f"batch of {count} editions (profiles, 5 x 20), brief + deck each, empty out/, --jobs 1",
                      serial, None, f"{count / serial[0]:.1f} editions/s, {serial.cpu / count * 1000:.0f} ms CPU an edition"))
    found.append(_row(f"batch of {count} editions, --jobs 2 (target >= 25 editions/s, >= 1.7 x --jobs 1, < 250 MB)",
                      pooled, None, f"{count / pooled[0]:.1f} editions/s, {serial[0] / pooled[0]:.2f} x --jobs 1, "
                                    f"{pooled.cpu / count * 1000:.0f} ms CPU an edition"))
    return found
