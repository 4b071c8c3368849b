"""briefkit benchmark: prints a table of timings and peak memory, with the targets of issue 7.

    python benchmarks/run.py            # about three minutes on a 2-core machine
    python benchmarks/run.py --quick    # fewer repetitions

Every figure is the median of several runs in fresh processes (except the watch-mode
rebuild, which is in-process by design), and the import floor
(``python -c "import reportlab.platypus, pptx"``) is measured in the same run, in turn with
the flagship builds compared with it, so the ratios hold on a noisy machine. Peak memory is
the largest resident set of the measured process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLAGSHIP = ROOT / "reports" / "us-china-central-asia"
sys.path.insert(0, str(HERE))

import tagging  # noqa: E402

from stress import write_stress_report  # noqa: E402


class Timing(tuple):
    """(wall seconds, peak resident MB) of a command, with ``cpu``: the CPU seconds (user +
    system) of it and of every process it waited for (its workers and writers), which a
    machine loaded by other work changes far less than the wall time."""

    cpu: float = 0.0

    @classmethod
    def of(cls, seconds: float, mb: float, cpu: float) -> Timing:
        found = cls((seconds, mb))
        found.cpu = cpu
        return found


def timed(args: list[str], cwd: Path | None = None, env: dict | None = None, before=None) -> Timing:
    """Wall seconds and peak resident MB of one command run to completion, and its CPU time
    (``before`` is called first, untimed). The peak is that of its largest process."""
    if before is not None:
        before()
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(args)}\n{process.stderr.read().decode()}")
    return Timing.of(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def forget_kept_decks(out: Path) -> None:
    """Remove the decks kept for reuse, so that the next build renders every slide."""
    shutil.rmtree(out / ".cache" / "decks", ignore_errors=True)


def median_of(runs: int, measure) -> Timing:
    results = [measure() for _ in range(runs)]
    return Timing.of(statistics.median(r[0] for r in results), max(r[1] for r in results),
                     statistics.median(r.cpu for r in results))


def interleaved(runs: int, *measures) -> list[Timing]:
    """Median seconds, peak MB and median CPU seconds of each measure, taken in turn ``runs`` times."""
    results: list[list[Timing]] = [[] for _ in measures]
    for _ in range(runs):
        for result, measure in zip(results, measures):
            result.append(measure())
    return [Timing.of(statistics.median(r[0] for r in rs), max(r[1] for r in rs),
                      statistics.median(r.cpu for r in rs))
            for rs in results]


def briefkit(*args: str) -> list[str]:
    return [sys.executable, "-m", "builders.cli", "build", "--quiet", *args]


#: a sentence of the flagship that the edit benchmarks change (it is in the deck's speaker notes)
MARKER = "The authors weigh costs against gains"
#: a slide title of the flagship (a :::{slide} directive's)
SLIDE_TITLE = "Outside formats keep the five talking, but outsiders choose the topics"

WATCH = r"""
import json, statistics, sys, time
from pathlib import Path
from builders import build
report, out = Path(sys.argv[1]), Path(sys.argv[2])
source = (report / "report.md").read_text()
build(report, ("pdf", "pptx"), out, parallel=False, force=True)  # what --watch does first: a full build
times = []
for n in range(int(sys.argv[3])):
    marker = sys.argv[4]
    edited = (source.replace(marker, f"{marker} (edit {n})", 1) if marker in source
              else source + f"\n\nEdit {n}.\n")
    (report / "report.md").write_text(edited)
    started = time.perf_counter()
    build(report, ("pdf", "pptx"), out)
    times.append(time.perf_counter() - started)
(report / "report.md").write_text(source)
print(json.dumps(statistics.median(times)))
"""


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def slide_count(pptx: Path) -> int:
    from pptx import Presentation

    return len(Presentation(pptx).slides)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--scale-only", action="store_true",
                        help="only the rows of issue 28 (first builds, the 100-edition batch)")
    options = parser.parse_args()
    runs = 3 if options.quick else 9
    rows: list[tuple] = []
    started = load_average()
    figures: dict[str, float] = {}
    work = Path(tempfile.mkdtemp(prefix="briefkit-bench-"))
    # Python keeps compiled bytecode as it does for any installed package (some sandboxes set
    # PYTHONDONTWRITEBYTECODE, which would have every run compile briefkit from source)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    try:
        timed([sys.executable, "-c", "import builders.cli, builders.pdf, builders.slides"],
              env=env)  # compile once
        import scale  # the rows of issue 28, first: on a loaded machine the sooner the better

        rows += scale.rows(work, env, runs, figures)
        if options.scale_only:
            return
        project = work / "project"
        # the rows before the editions batch time the main (English) edition alone, as they always did
        main_only = shutil.ignore_patterns("report.*.md")
        shutil.copytree(ROOT / "reports", project / "reports", ignore=main_only)
        shutil.copytree(ROOT / "data", project / "data")
        out = project / "out"

        def floor_run():
            return timed([sys.executable, "-c", "import reportlab.platypus, pptx"], env=env)

        def cold_no_cache():
            shutil.rmtree(out, ignore_errors=True)
            return timed(briefkit("reports/us-china-central-asia", "--out", str(out)), cwd=project, env=env)

        cold, cold_mb = median_of(max(3, runs // 2), cold_no_cache)

        source = project / "reports" / "us-china-central-asia" / "report.md"
        original = source.read_text()
        edits = iter(range(1000))

        def edited():
            n = next(edits)  # a paragraph really changes, so both outputs are laid out and written again
            source.write_text(original.replace(MARKER, f"{MARKER} (edit {n})", 1) if MARKER in original
                              else original + f"\n\nEdit {n}.\n")
            return timed(briefkit("reports/us-china-central-asia", "--out", str(out)), cwd=project, env=env)

        # slide edits go to an output folder of their own (its caches warmed first), so that the
        # deck kept in out/ stays the one a paragraph edit can reuse
        slides_out = project / "out-slides"
        timed(briefkit("reports/us-china-central-asia", "--out", str(slides_out)), cwd=project, env=env)

        def slide_edited():
            n = next(edits)  # a slide changes: the deck cannot reuse its kept slides
            source.write_text(original.replace(SLIDE_TITLE, f"{SLIDE_TITLE} ({n})", 1))
            return timed(briefkit("reports/us-china-central-asia", "--out", str(slides_out)), cwd=project,
                         env=env)

        def unchanged():
            return timed(briefkit("reports/us-china-central-asia", "--out", str(out)), cwd=project, env=env)

        # the floor and the rows compared with it are measured in turn, run after run, so a
        # machine busy for a while slows all of them alike
        timings = interleaved(runs, floor_run, edited, unchanged, slide_edited)
        (floor, floor_mb), (cold_edit, edit_mb), (warm, warm_mb), (slide_edit, slide_mb) = timings
        cpu = [f"{t.cpu:.3f} s" for t in timings]
        source.write_text(original)
        figures.update(floor=floor, cold=cold, warm=warm, cold_edit=cold_edit, slide_edit=slide_edit)
        rows.append(("import floor: python -c 'import reportlab.platypus, pptx'", f"{floor:.3f} s",
                     f"{floor_mb:.0f} MB", cpu[0], "1.00 x floor"))
        rows.append(("flagship, cold process, empty caches (PDF + deck)", f"{cold:.3f} s",
                     f"{cold_mb:.0f} MB",
                     f"{cold / floor:.2f} x floor"))
        rows.append(("flagship, cold process, caches warm, sources unchanged (target <= 2.0 x floor)",
                     f"{warm:.3f} s", f"{warm_mb:.0f} MB", cpu[2], f"{warm / floor:.2f} x floor"))
        rows.append(
            (
                "flagship, cold process, caches warm, a paragraph edited: brief laid out, deck notes "
                "(target <= 2.0 x floor)",
                f"{cold_edit:.3f} s",
                f"{edit_mb:.0f} MB",
                cpu[1],
                f"{cold_edit / floor:.2f} x floor",
            )
        )
        rows.append(
            (
                "flagship, cold process, caches warm, a slide title edited: brief laid out, that slide "
                "rendered, "
                "the others copied from the kept deck (target <= 2.0 x floor)",
                f"{slide_edit:.3f} s",
                f"{slide_mb:.0f} MB",
                cpu[3],
                f"{slide_edit / floor:.2f} x floor, CPU {timings[3].cpu / timings[0].cpu:.2f} x floor's",
            )
        )

        result = subprocess.run([sys.executable, "-c", WATCH,
                                 str(project / "reports" / "us-china-central-asia"),
                                 str(out), str(runs), MARKER], capture_output=True, text=True, env=env,
                                 cwd=project)
        if result.returncode:
            raise SystemExit(result.stderr)
        rebuild = json.loads(result.stdout.splitlines()[-1])
        figures["rebuild"] = rebuild
        rows.append(("watch mode: rebuild after a paragraph edit (target <= 0.25 x cold build)",
                     f"{rebuild:.3f} s", "",
                     f"{rebuild / cold:.2f} x cold build, {rebuild / cold_edit:.2f} x cold rebuild"))

        stress = write_stress_report(work / "stress" / "reports" / "stress")
        stress_out = work / "stress" / "out"
        timed(briefkit(str(stress), "--out", str(stress_out)), env=env)  # draw its 20 charts once
        brief, brief_mb = median_of(max(2, runs // 3), lambda: timed(
            briefkit(str(stress), "--out", str(stress_out), "--format", "pdf", "--force"), env=env))
        pages = page_count(stress_out / "stress.pdf")
        figures["stress_pages_per_second"] = pages / brief
        figures["stress_mb"] = brief_mb
        rows.append(
            (
                f"stress brief: {pages} pages, 5,000-row table, 20 charts (target >= 40 pages/s, < 300 MB)",
                f"{brief:.3f} s",
                f"{brief_mb:.0f} MB",
                f"{pages / brief:.0f} pages/s",
            )
        )
        deck, deck_mb = median_of(max(2, runs // 3), lambda: timed(
            briefkit(str(stress), "--out", str(stress_out), "--format", "pptx", "--force"), env=env,
            before=lambda: forget_kept_decks(stress_out)))
        slides = slide_count(stress_out / "stress.pptx")
        rows.append((f"stress deck: {slides} slides, every one rendered", f"{deck:.3f} s",
                     f"{deck_mb:.0f} MB", f"{slides / deck:.0f} slides/s"))
        rows += tagging.rows(work, env, max(5, runs // 2), figures)  # tagged vs untagged, in turn

        batch = work / "batch"
        for n in range(20):
            shutil.copytree(ROOT / "reports" / "us-china-central-asia", batch / "reports" / f"brief-{n:02d}",
                            ignore=main_only)
        shutil.copytree(ROOT / "data", batch / "data")
        timed(briefkit("--out", "out", "--jobs", "2"), cwd=batch, env=env)  # warm the caches
        # every brief and deck laid out again (--force; no deck reuses its kept slides)
        (one, one_mb), (two, two_mb) = interleaved(
            3, lambda: timed(briefkit("--out", "out", "--jobs", "1", "--force"), cwd=batch, env=env,
                             before=lambda: forget_kept_decks(batch / "out")),
            lambda: timed(briefkit("--out", "out", "--jobs", "2", "--force"), cwd=batch, env=env,
                          before=lambda: forget_kept_decks(batch / "out")))
        figures["batch_speedup"] = one / two
        rows.append(("batch of 20 reports, every output laid out, --jobs 1", f"{one:.3f} s",
                     f"{one_mb:.0f} MB", ""))
        rows.append(("batch of 20 reports, every output laid out, --jobs 2 (target >= 1.7 x faster)",
                     f"{two:.3f} s", f"{two_mb:.0f} MB",
                     f"{one / two:.2f} x faster"))

        # the shipped editions: the flagship in English and Russian, the five country profiles
        editions = work / "editions"
        shutil.copytree(ROOT / "reports", editions / "reports")
        shutil.copytree(ROOT / "data", editions / "data")
        timed(briefkit("--out", "out"), cwd=editions, env=env)  # warm the caches
        count = len(list((editions / "out").glob("*.pdf")))
        (serial, serial_mb), (pooled, pooled_mb) = interleaved(
            3, lambda: timed(briefkit("--out", "out", "--jobs", "1", "--force"), cwd=editions, env=env,
                             before=lambda: forget_kept_decks(editions / "out")),
            lambda: timed(briefkit("--out", "out", "--force"), cwd=editions, env=env,
                          before=lambda: forget_kept_decks(editions / "out")))
        figures["editions_speedup"] = serial / pooled
        rows.append(
            (
                f"batch of {count} editions (flagship en + ru, 5 profiles), every output laid out, --jobs 1",
                f"{serial:.3f} s",
                f"{serial_mb:.0f} MB",
                f"{serial / count:.3f} s an edition",
            )
        )
        rows.append((f"batch of {count} editions, default --jobs ({min(os.cpu_count() or 1, 4)} processes)",
                     f"{pooled:.3f} s", f"{pooled_mb:.0f} MB", f"{serial / pooled:.2f} x faster"))

        timed(briefkit("reports/us-china-central-asia", "--out", str(out)), cwd=project,
              env=env)  # after the edits
        source.write_text(original.replace(MARKER, f"{MARKER} (checked)", 1))
        timed(briefkit("reports/us-china-central-asia", "--out", str(out)), cwd=project,
              env=env)  # the kept deck's path
        plain = work / "plain"
        timed([sys.executable, "-c", "from pathlib import Path; from builders import build; "
               f"build(Path({str(project / 'reports' / 'us-china-central-asia')!r}), ('pdf', 'pptx'), "
               f"Path({str(plain)!r}), cache=False, parallel=False)"], env=env)
        same = all(
            (plain / f"us-china-central-asia.{ext}").read_bytes()
            == (out / f"us-china-central-asia.{ext}").read_bytes()
            for ext in ("pdf", "pptx")
        )
        figures["identical"] = float(same)
        rows.append(("outputs with caches and parallelism == without", "yes" if same else "NO", "", ""))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        show(rows, runs, options, figures, started)


def load_average() -> str:
    """The load average (1, 5 and 15 minutes), and whether the machine was quiet or busy: busy
    when, over the last minute, as many processes were waiting to run as it has cores (then a
    build shares its cores, wall times mean little, and CPU times are the figures to read)."""
    try:
        loads = os.getloadavg()
    except OSError:
        return "?"
    cores = os.cpu_count() or 1
    state = f"busy: at least the {cores} cores" if loads[0] >= cores else f"quiet: under the {cores} cores"
    return f"{', '.join(f'{n:.1f}' for n in loads)} ({state})"


def show(rows: list[tuple], runs: int, options, figures: dict, started: str) -> None:
    """Print the table: wall time (median), peak memory of the largest process, CPU time
    (user + system of all the command's processes, median), and how it compares."""
    rows = [r if len(r) == 5 else (*r[:3], "", r[3]) for r in rows]
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}}  {'median':>9}  {'peak':>7}  {'CPU':>9}  ratio")
    for name, seconds, memory, cpu, ratio in rows:
        print(f"{name:<{width}}  {seconds:>9}  {memory:>7}  {cpu:>9}  {ratio}")
    print(
        f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {runs} runs where repeated;\n"
        f"load average {started} at the start,\n             {load_average()} at the end"
    )
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
