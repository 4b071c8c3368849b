"""What the tags cost: the brief's writer timed in one process with and without them, in turn.

    python benchmarks/tagging.py             # the flagship and the stress brief
    python benchmarks/tagging.py --runs 9
    python benchmarks/tagging.py --only stress

``benchmarks/run.py`` prints the same rows. Each variant writes the same report, read once:
*tagged* is the brief as shipped (marked content, structure tree, PDF/UA-1 and PDF/A-2a);
*untagged* draws with no tagger and no drawing hooks and makes an untagged PDF/A-2b (the same
pikepdf pass, less the structure tree); *plain* is ReportLab's file as it comes, with no
pikepdf pass at all (what a brief was before issue 26). No variant has a cache: each draws
every chart with matplotlib again, as a first build does. The cycle collector is paused, as a
build pauses it while the writers run (with it on, the tags' 32,000 structure elements on the
stress brief made each full collection longer: a cost no build pays). Figures are CPU seconds
(this process only: the writer runs in it), the median of ``runs`` runs taken in turn. The
cost of the tags is the median of the runs' ratios of tagged to untagged (timed one after the
other in each run), with their range: on a shared machine one variant's runs scatter by more
than the difference measured, and a ratio taken within a run cancels the machine's drift.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

MEASURE = r"""
import contextlib, gc, json, statistics, sys, time
gc.disable()  # as every build runs the writer (builders.pipeline.build pauses the cycle collector)
from pathlib import Path
import builders.pdf.brief as brief
from builders import load

report, theme = load(Path(sys.argv[1]))
out, runs = Path(sys.argv[2]), int(sys.argv[3])
canvas, installed, finish = brief.numbered_canvas, brief.tagging.installed, brief.archive.finish

def variant(name):
    brief.numbered_canvas = canvas if name == "tagged" else (
        lambda furniture, date, taggers, link: canvas(furniture, date, None, link))
    brief.tagging.installed = installed if name == "tagged" else contextlib.nullcontext
    brief.archive.finish = (finish if name != "plain"
                            else (lambda data, path, tagger, **_: path.write_bytes(data)))

names = ("tagged", "untagged", "plain")
times = {name: [] for name in names}
for name in names:  # a first, untimed write of each: fonts and patterns loaded (charts drawn every time)
    variant(name)
    brief.lay_out(report, theme, out / f"{name}.pdf")
for n in range(runs):
    for name in (names if n % 2 == 0 else names[::-1]):
        variant(name)
        started = time.process_time()
        brief.lay_out(report, theme, out / f"{name}.pdf")
        times[name].append(time.process_time() - started)
found = {name: statistics.median(values) for name, values in times.items()}
# tagged and untagged are timed one after the other in each run: their ratio, run by run
found["ratios"] = sorted(t / u for t, u in zip(times["tagged"], times["untagged"]))
print(json.dumps(found))
"""


def measure(report: Path, runs: int, env: dict | None = None) -> dict:
    """Median CPU seconds of the brief's writer for ``report``: tagged, untagged and plain; and
    ``ratios``, tagged over untagged in each run (sorted)."""
    with tempfile.TemporaryDirectory(prefix="briefkit-tags-") as out:
        done = subprocess.run([sys.executable, "-c", MEASURE, str(report), out, str(runs)], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the tagging benchmark failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def rows(work: Path, env: dict | None, runs: int, figures: dict,
         only: str | None = None) -> list[tuple[str, str, str, str]]:
    """Rows of benchmarks/run.py's table: the flagship's and the stress brief's writer, tagged
    against untagged (target: at most 15% more) and against ReportLab's plain file (``only``:
    "flagship" or "stress", that one alone)."""
    from stress import write_stress_report

    out = []
    reports = {"flagship": lambda: ROOT / "reports" / "us-china-central-asia",
               "stress brief": lambda: write_stress_report(work / "tagging-stress" / "reports" / "stress")}
    for label, made in reports.items():
        if only is not None and not label.startswith(only):
            continue
        report = made()
        found = measure(report, runs, env)
        ratios = found["ratios"]
        extra = statistics.median(ratios) - 1
        figures[f"tagging_{label.split()[0]}"] = extra
        out.append(
            (
                f"{label}: the brief's writer, CPU, tagged vs untagged in one process (target <= +15%)",
                f"{found['tagged']:.3f} s",
                "",
                f"{extra:+.0%} [{'met' if extra <= 0.15 else 'NOT met'}], median of {len(ratios)} runs' "
                f"ratios ({ratios[0] - 1:+.0%} to {ratios[-1] - 1:+.0%}); medians: untagged "
                f"{found['untagged']:.3f} s, plain ReportLab {found['plain']:.3f} s",
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs of each variant (default 5)")
    parser.add_argument("--only", choices=("flagship", "stress"), help="time one report alone")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefkit-tagging-") as work:
        for row in rows(Path(work), None, options.runs, {}, options.only):
            print(f"{row[0]}\n    {row[1]}  {row[3]}")


if __name__ == "__main__":
    main()
