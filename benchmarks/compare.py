"""Before and after: the same builds timed with another checkout's code and with this one, in turn.

    git worktree add /tmp/before HEAD~5        # the code to compare against
    python benchmarks/compare.py /tmp/before   # medians of 7 runs each, interleaved
    python benchmarks/compare.py /tmp/before --runs 11 --only stress

A benchmark run on a shared machine drifts by 10% or more from one run to the next; running
the two sides one after the other, alternating which goes first, lets that drift fall on both
alike, so the ratio says what the change did. Each side builds its own copy of the reports
and of a generated stress report, in fresh processes, with Python keeping bytecode as for an
installed package.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from stress import write_stress_report  # noqa: E402

FLAGSHIP = "reports/us-china-central-asia"


def _build(code: Path, args: list[str], cwd: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(code)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "builders.cli", "build", "--quiet", *args], cwd=cwd, env=env,
                   check=True)
    return time.perf_counter() - start


def _rows(stress: Path):
    """(name, the build's arguments, what to do before it) for each measurement."""
    return [
        ("flagship, empty caches", [FLAGSHIP, "--out", "cold"], lambda p: shutil.rmtree(p / "cold",
                                                                                        ignore_errors=True)),
        ("flagship, caches warm, unchanged", [FLAGSHIP, "--out", "out"], None),
        ("flagship, caches warm, rebuilt (--force)", [FLAGSHIP, "--out", "out", "--force"], None),
        ("flagship, one process (--force --jobs 1)", [FLAGSHIP, "--out", "out", "--force", "--jobs", "1"],
         None),
        ("stress brief (--format pdf --force)", [str(stress), "--out", "sout", "--format", "pdf", "--force"],
         None),
        ("stress deck (--format pptx --force --no-cache)",
         [str(stress), "--out", "sout", "--format", "pptx", "--force", "--no-cache"], None),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path, help="a checkout of the code to compare against")
    parser.add_argument("--runs", type=int, default=7, help="builds per side and measurement (default 7)")
    parser.add_argument("--only", default="", help="only the measurements whose name starts with this")
    options = parser.parse_args()
    sides = {"before": options.before.resolve(), "after": HERE.parent}
    with tempfile.TemporaryDirectory(prefix="briefkit-compare-") as tmp:
        projects = {}
        for side, code in sides.items():
            project = Path(tmp) / side
            # the main (English) editions alone, on both sides: a language edition is a build of its own
            shutil.copytree(code / "reports", project / "reports",
                            ignore=shutil.ignore_patterns("report.*.md"))
            shutil.copytree(code / "data", project / "data")
            projects[side] = project
        stress = write_stress_report(Path(tmp) / "stress" / "reports" / "stress")
        for side, code in sides.items():  # compile, fill the caches
            _build(code, [FLAGSHIP, "--out", "out"], projects[side])
            _build(code, [str(stress), "--out", "sout"], projects[side])
        print(f"{'measurement':48s} {'before':>9s} {'after':>9s}  change")
        for name, args, before in _rows(stress):
            if not name.startswith(options.only):
                continue
            times: dict[str, list[float]] = {"before": [], "after": []}
            for n in range(options.runs):
                for side in ("before", "after") if n % 2 else ("after", "before"):
                    if before:
                        before(projects[side])
                    times[side].append(_build(sides[side], args, projects[side]))
            b, a = statistics.median(times["before"]), statistics.median(times["after"])
            print(f"{name:48s} {b:7.3f} s {a:7.3f} s  {100 * (a / b - 1):+5.1f}%", flush=True)


if __name__ == "__main__":
    main()
