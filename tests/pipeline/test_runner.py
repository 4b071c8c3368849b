"""Running builds: up-to-date skips, --jobs, --watch, and the same bytes whichever way."""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import build
from builders.cli import main
from builders.pipeline import cores, runner

from conftest import ROOTS


@pytest.fixture
def basic_copy(tmp_path) -> Path:
    folder = tmp_path / "reports" / "basic"
    shutil.copytree(ROOTS / "basic", folder)
    return folder


def _stamps(paths):
    return [p.stat().st_mtime_ns for p in paths]


def _reads_and_writes(monkeypatch) -> list[str]:
    """What the builds run from here do, in order: "read <report>" as a report is read, and
    "written" as the writers of one are done with it."""
    from builders.pipeline import build as pipeline

    events: list[str] = []
    real_load, real_run_all = pipeline.load, pipeline.run_all

    def load(report_dir, **options):
        events.append(f"read {Path(report_dir).name}")
        return real_load(report_dir, **options)

    def run_all(jobs, parallel):
        try:
            return real_run_all(jobs, parallel)
        finally:
            events.append("written")

    monkeypatch.setattr(pipeline, "load", load)
    monkeypatch.setattr(pipeline, "run_all", run_all)
    return events


def _as_built_alone(reports: Path, names, out: Path, alone: Path) -> None:
    """Each report's outputs in ``out`` are the bytes a build of it alone, in this process and
    with no cache, writes."""
    for name in names:
        for path in build(reports / name, ("pdf", "pptx"), alone, cache=False, parallel=False):
            assert path.read_bytes() == (out / path.name).read_bytes(), path.name


def test_unchanged_sources_are_not_rebuilt_and_any_change_is(basic_copy, tmp_path):
    out = tmp_path / "out"
    first = build(basic_copy, ("pdf", "pptx"), out)
    made = _stamps(first)
    time.sleep(0.01)
    assert _stamps(build(basic_copy, ("pdf", "pptx"), out)) == made, "nothing changed: nothing rewritten"
    for change in (
        lambda: (basic_copy / "report.md").write_text((basic_copy / "report.md").read_text() + "\nMore.\n"),
        lambda: (basic_copy / "data" / "events.csv").write_text(
            (basic_copy / "data" / "events.csv").read_text() + "2024-04-05,China,Khiva talks\n"
        ),
        lambda: (basic_copy / "new-picture.png").write_bytes(b"x"),
        lambda: (out / "basic.pdf").unlink(),
    ):
        time.sleep(0.01)
        change()
        again = build(basic_copy, ("pdf", "pptx"), out)
        assert _stamps(again) != made, "a change must rebuild"
        made = _stamps(again)
    assert _stamps(build(basic_copy, ("pdf", "pptx"), out, cache=False)) != made, "--no-cache always builds"


def test_jobs_build_every_report_with_the_same_bytes(tmp_path):
    for n in range(3):
        shutil.copytree(ROOTS / "basic", tmp_path / "reports" / f"brief-{n}")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "reports" / "brief-0"),
                                       str(tmp_path / "reports" / "brief-1"),
                                       str(tmp_path / "reports" / "brief-2"), "--out", str(tmp_path / "two"),
                                       "--jobs", "2"])
    assert result.exit_code == 0, result.output + result.stderr
    assert result.output.count("wrote ") == 3
    single = build(tmp_path / "reports" / "brief-1", ("pdf", "pptx"), tmp_path / "one", cache=False,
                   parallel=False)
    for path in single:
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()


COLLECTOR = """
import gc, sys
from builders import cli
from builders.pipeline import runner
real = runner.run
def run(job, **options):
    print("collector on" if gc.isenabled() else "collector off", flush=True)
    return real(job, **options)
runner.run = run
runner.COLLECT_EVERY = int(sys.argv[1])
sys.argv = ["briefkit", "build", "--quiet", "--jobs", "1", "--out", *sys.argv[2:]]
cli.entry()
"""


def test_the_cycle_collector_is_off_for_a_few_builds_and_on_between_those_of_a_batch(tmp_path):
    """A command building a few reports leaves at once (briefkit.cli.entry): garbage is never
    collected. Building more than COLLECT_EVERY in one process (a batch), it is collected
    between them."""
    import subprocess
    import sys

    for n in range(2):
        shutil.copytree(ROOTS / "basic", tmp_path / "reports" / f"brief-{n}")
    reports = [str(tmp_path / "reports" / f"brief-{n}") for n in range(2)]

    def collector(every: int, *built: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", COLLECTOR, str(every), str(tmp_path / "out"), *built],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert collector(5, reports[0]) == ["collector", "off"]
    assert collector(5, *reports) == ["collector", "off"] * 2  # a few: off throughout
    assert collector(1, *reports) == ["collector", "on"] * 2  # more than COLLECT_EVERY: a batch


def test_jobs_1_builds_everything_in_this_process(tmp_path, monkeypatch):
    import os

    for n in range(2):
        shutil.copytree(ROOTS / "basic", tmp_path / "reports" / f"brief-{n}")

    def no_fork():
        raise AssertionError("--jobs 1 forked a process")

    monkeypatch.setattr(os, "fork", no_fork)
    result = CliRunner().invoke(main, ["build", str(tmp_path / "reports"), "--out", str(tmp_path / "out"),
                                       "--jobs", "1"])
    assert result.exit_code == 0, result.output + result.stderr
    assert result.output.count("wrote ") == 2
    assert 1 <= cores.default_workers() <= 4


def test_one_report_has_its_brief_and_deck_written_side_by_side(basic_copy, tmp_path, monkeypatch):
    """A single report built with room for more processes (--jobs 2) writes its brief and deck
    at the same time, in a process of their own besides this one; with --jobs 1, in this one."""
    from builders.pipeline import processes

    forked: list[object] = []
    real_start = processes.start_child

    def start_child(write):
        forked.append(write)
        return real_start(write)

    monkeypatch.setattr(processes, "start_child", start_child)
    for jobs, processes_forked in (("2", True), ("1", False)):
        forked.clear()
        result = CliRunner().invoke(main, ["build", str(basic_copy), "--out", str(tmp_path / f"out-{jobs}"),
                                           "--jobs", jobs])
        assert result.exit_code == 0, result.output + result.stderr
        assert bool(forked) == processes_forked, (jobs, forked)
    for name in ("basic.pdf", "basic.pptx"):
        assert (tmp_path / "out-2" / name).read_bytes() == (tmp_path / "out-1" / name).read_bytes()


def test_the_default_processes_follow_what_else_is_running_now(monkeypatch):
    """One process per core (at most four) unless as many other processes are running as there
    are cores; counted now (Linux's procs_running), not over the last minute, which counts this
    user's own builds of that minute."""
    monkeypatch.setattr(cores, "cores", lambda: 2)
    for others, workers in ((0, 2), (1, 2), (2, 1), (7, 1)):
        monkeypatch.setattr(cores, "others_running", lambda others=others: others)
        assert cores.default_workers() == workers, others
    monkeypatch.undo()
    import os

    if os.path.exists("/proc/stat"):
        running = cores.others_running()
        assert isinstance(running, int) and 0 <= running < 10_000


def test_processes_are_sized_by_the_reports_to_build(tmp_path, monkeypatch):
    """Reports already up to date are answered without a process; one report to build is built
    here (its brief and deck side by side); a few, no more than --jobs, by a process per format
    that writes that format for each of them; more than --jobs by a pool of --jobs, unless
    --jobs is no more than the formats: then too by a process per format."""
    import concurrent.futures

    from builders.pipeline import processes

    for n in range(4):
        shutil.copytree(ROOTS / "basic", tmp_path / "reports" / f"brief-{n}")
    pools: list[int] = []
    served: list[str] = []
    real_pool, real_served = concurrent.futures.ProcessPoolExecutor, processes.Served.__init__

    def pool(max_workers, **options):
        pools.append(max_workers)
        return real_pool(max_workers, **options)

    def serve(self, fmt, cold=False, many=False, lanes=1):
        served.append(fmt if lanes == 1 else f"{fmt} x {lanes}")
        real_served(self, fmt, cold, many, lanes)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pool)
    monkeypatch.setattr(processes.Served, "__init__", serve)

    def rebuild(*edited: int, jobs: str = "2") -> list[str]:
        for n in edited:
            source = tmp_path / "reports" / f"brief-{n}" / "report.md"
            source.write_text(source.read_text() + f"\nEdited {n}.\n")
        pools.clear()
        served.clear()
        result = CliRunner().invoke(main, ["build", str(tmp_path / "reports"), "--out", str(tmp_path / "out"),
                                           "--jobs", jobs])
        assert result.exit_code == 0, result.output + result.stderr
        return ["up to date" if line.startswith("up to date") else line.split()[0]
                for line in result.output.splitlines() if line.strip()]

    assert rebuild(jobs="3") == ["wrote"] * 4 and pools == [3] and served == []
    assert rebuild(1) == ["up to date", "wrote", "up to date", "up to date"] and pools == [], "one: no pool"
    assert served == [], "its brief and deck side by side (a child forked from here, which has the libraries)"
    assert rebuild(0, 2) == ["wrote", "up to date", "wrote", "up to date"] and pools == []
    assert served == ["pdf", "pptx"], "two to build: a process per format for both"
    assert rebuild(0, 1, 2, 3) == ["wrote"] * 4 and pools == []
    assert served == ["pdf", "pptx"], "four to build with --jobs 2 (the formats): a process per format"
    _as_built_alone(tmp_path / "reports", [f"brief-{n}" for n in range(4)], tmp_path / "out",
                    tmp_path / "alone")


def test_a_few_editions_are_each_read_while_the_writers_write_the_one_before(tmp_path, monkeypatch):
    """Built by a process per format, every edition is read and sent to the writers at once:
    the deck's process no longer waits for the brief's to finish the first edition before it
    gets the second. Outcomes come in the editions' order; a broken edition among them is
    reported at its line, and the others are written as a build of each alone writes them."""
    for name in ("first", "second", "third"):
        shutil.copytree(ROOTS / "basic", tmp_path / "reports" / name)
    broken = tmp_path / "reports" / "second" / "report.md"
    broken.write_text(broken.read_text().replace("title:", "bogus: 1\ntitle:", 1))
    events = _reads_and_writes(monkeypatch)
    result = CliRunner().invoke(main, ["build", str(tmp_path / "reports"), "--out", str(tmp_path / "out"),
                                       "--jobs", "3"])
    assert result.exit_code == 2, result.output + result.stderr
    assert events == ["read first", "read second", "read third", "written", "written"], events
    lines = [line.split()[0] for line in result.output.splitlines() if line.startswith(("wrote", "up to"))]
    assert lines == ["wrote", "wrote"] and "second/report.md:" in result.stderr + result.output
    _as_built_alone(tmp_path / "reports", ("first", "third"), tmp_path / "out", tmp_path / "alone")


def test_a_batch_by_format_reads_a_bounded_way_ahead_and_its_writers_collect_between_editions(
        tmp_path, monkeypatch):
    """With --jobs 2 (no more processes than formats) a batch goes to a process per format too.
    The editions are read ahead of the writers, at most READ_AHEAD of them unfinished at once
    (each holds its report), and every writer collects its garbage between its editions, as a
    pool's worker does: memory stays flat over a long batch. The outputs are those of a build
    of each edition alone. What each process imported before it read or wrote its first edition
    (pandas, ReportLab, python-pptx) is frozen out of the way of its collections by then: its
    first full collection scans what the edition made, not every library's objects again."""
    import gc
    import os

    from builders.pipeline import processes

    gc.unfreeze()  # (what an earlier test froze in this process would be counted in its children)
    names = [f"brief-{n}" for n in range(runner.COLLECT_EVERY + 2)]  # more than COLLECT_EVERY: a batch
    for name in names:
        shutil.copytree(ROOTS / "basic", tmp_path / "reports" / name)
    events = _reads_and_writes(monkeypatch)
    collected = tmp_path / "collected"

    def collect(done: int) -> None:  # (in the writers too: they fork from here)
        with collected.open("a") as log:
            log.write(f"{os.getpid()} {done} {gc.get_freeze_count()}\n")

    monkeypatch.setattr(runner, "READ_AHEAD", 2)
    monkeypatch.setattr(processes, "collect", collect)
    result = CliRunner().invoke(main, ["build", str(tmp_path / "reports"), "--out", str(tmp_path / "out"),
                                       "--jobs", "2"])
    assert result.exit_code == 0, result.output + result.stderr
    reads = [event.startswith("read ") for event in events]
    ahead = [sum(reads[: i + 1]) - events[: i + 1].count("written") for i in range(len(events))]
    assert max(ahead) == 2 and events.count("written") == len(names), events
    by_process: dict[str, list[int]] = {}
    for line in collected.read_text().splitlines():
        pid, done, frozen = line.split()
        by_process.setdefault(pid, []).append(int(done))
        if done == "1":  # (the libraries imported are some 100,000 objects)
            assert int(frozen) > 50_000, line
    writers = [done for pid, done in by_process.items() if pid != str(os.getpid())]
    assert writers == [list(range(1, len(names) + 1))] * 2, by_process
    _as_built_alone(tmp_path / "reports", (names[0], names[-1]), tmp_path / "out", tmp_path / "alone")


def test_writers_import_what_charts_need_before_the_first_edition_only_if_a_source_has_one(
        tmp_path, monkeypatch):
    """A build with nothing cached has its brief's writer import matplotlib while the sources
    are read, but only when a source holds a {chart}: a batch of editions without one never
    needs it (a third of a second of CPU time before the first brief). The deck's writer,
    whose cold imports every deck needs, makes them either way."""
    from builders.pipeline import processes

    started: list[tuple[str, bool]] = []
    real_served = processes.Served.__init__

    def serve(self, fmt, cold=False, many=False, lanes=1):
        started.append((fmt, cold))
        real_served(self, fmt, cold, many, lanes)

    monkeypatch.setattr(processes.Served, "__init__", serve)
    for kind in ("charts", "plain"):
        for n in range(2):
            folder = tmp_path / kind / "reports" / f"brief-{n}"
            shutil.copytree(ROOTS / "basic", folder)
            if kind == "plain":
                source = folder / "report.md"
                source.write_text(re.sub(r"(?ms)^:::\{chart\}.*?^:::\n", "", source.read_text()))
        started.clear()
        result = CliRunner().invoke(main, ["build", str(tmp_path / kind / "reports"), "--out",
                                           str(tmp_path / kind / "out"), "--jobs", "2"])
        assert result.exit_code == 0, result.output + result.stderr
        assert ("{chart}" in (tmp_path / kind / "reports" / "brief-0" / "report.md").read_text()) == \
            (kind == "charts")
        assert started == [("pdf", kind == "charts"), ("pptx", True)], (kind, started)


def test_a_few_editions_drawing_charts_from_nothing_have_their_briefs_laid_out_side_by_side(
        tmp_path, monkeypatch):
    """A first build of a few editions that hold charts: the brief's writer, the longest to
    prepare (it imports matplotlib while the sources are read), forks once it has into a
    process per edition (lanes), and the briefs are laid out side by side; the deck's writer,
    with the workers left, writes its decks in turn. Each output is written once, in a process
    of its own, and is what a build of its edition alone writes. The command ends by letting
    its writers go, each waited for once its lanes are (none is killed, so every process's time
    is its own command's). With the charts drawn already (a rebuild with the cache), each
    writer is one process again."""
    import os

    from builders.pipeline import processes

    log = tmp_path / "writes"
    _logged_writes(monkeypatch, log)
    killed: list[int] = []
    real_kill = processes._kill
    monkeypatch.setattr(processes, "_kill", lambda pid: (killed.append(pid), real_kill(pid)))
    names = ("first", "second")
    for name in names:
        shutil.copytree(ROOTS / "basic", tmp_path / "reports" / name)
    assert "{chart}" in (tmp_path / "reports" / "first" / "report.md").read_text()

    def writers(*options: str) -> dict[str, set[str]]:
        log.unlink(missing_ok=True)
        result = CliRunner().invoke(main, ["build", str(tmp_path / "reports"), "--out", str(tmp_path / "out"),
                                           "--jobs", "2", *options])
        assert result.exit_code == 0, result.output + result.stderr
        found: dict[str, set[str]] = {}
        lines = [line.split() for line in log.read_text().splitlines()]
        assert len(lines) == 4 and len({out for _, _, out in lines}) == 4, lines
        for fmt, pid, _ in lines:
            assert pid != str(os.getpid())
            found.setdefault(fmt, set()).add(pid)
        return found

    first = writers()
    assert len(first["pdf"]) == 2 and len(first["pptx"]) == 1, first
    assert not killed, "a build that went to its end lets its writers go, not kills them"
    _as_built_alone(tmp_path / "reports", names, tmp_path / "out", tmp_path / "alone")
    again = writers("--force")
    assert len(again["pdf"]) == 1 and len(again["pptx"]) == 1, again


def _logged_writes(monkeypatch, log: Path) -> None:
    """Every output written from here on (in the writers too: they fork from here) is logged in
    ``log`` as "<format> <process> <output's name>"."""
    import os

    from builders.pipeline import formats

    real_write = formats.write

    def write(fmt, report, theme, out, **options):
        with log.open("a") as found:
            found.write(f"{fmt} {os.getpid()} {out.name}\n")
        return real_write(fmt, report, theme, out, **options)

    monkeypatch.setattr(formats, "write", write)


def test_a_writer_s_lanes_answer_in_the_order_written_to_and_stop_with_it(tmp_path, monkeypatch):
    """A writer forked into two lanes and sent four outputs writes the first and third in one
    lane and the others in the other, and answers in the order they were sent (the second,
    into a missing folder, fails and says so second); closed, it and its lanes leave. Killed
    (even with the pipes to its lanes still open), its lanes die with it."""
    import os
    import signal

    from builders.pipeline import processes
    from builders.pipeline.build import load

    log = tmp_path / "writes"
    _logged_writes(monkeypatch, log)
    report, theme = load(ROOTS / "basic")
    writer = processes.Served("pptx", lanes=2)
    outs = [tmp_path / "deck-0.pptx", tmp_path / "missing" / "deck-1.pptx", tmp_path / "deck-2.pptx",
            tmp_path / "deck-3.pptx"]
    for out in outs:
        writer.send(report, theme, out, {"cache": None})
    answers = [writer.result() for _ in outs]
    assert answers[0] == answers[2] == answers[3] == ("ok", None), answers
    assert answers[1][0] == "error" and "missing" in str(answers[1][1]), answers[1]
    writer.close()
    assert not writer.alive
    assert outs[0].read_bytes() == outs[2].read_bytes() == outs[3].read_bytes(), "whichever lane wrote it"
    by = {name: pid for _, pid, name in (line.split() for line in log.read_text().splitlines())}
    assert by["deck-0.pptx"] == by["deck-2.pptx"] != by["deck-1.pptx"] == by["deck-3.pptx"], by
    killed = processes.Served("pptx", lanes=2)
    killed.send(report, theme, tmp_path / "killed.pptx", {"cache": None})
    writer_pid = killed.child[0]
    _wait(lambda: _children(writer_pid))  # its second lane, forked once it has imported
    lanes = _children(writer_pid)
    os.kill(writer_pid, signal.SIGKILL)  # (this process still holds the lanes' pipes open)
    _wait(lambda: all(_gone(pid) for pid in lanes))
    killed.kill()
    assert not (tmp_path / "killed.pptx").exists()


def test_a_lane_that_cannot_be_forked_is_served_by_the_writer_itself(tmp_path, monkeypatch):
    """With no process to be had for a second lane (a limit on processes), the writer writes
    that lane's outputs too, in their turn: nothing fails for want of a speed-up."""
    from functools import partial

    from builders.pipeline import processes
    from builders.pipeline.build import load

    real_start = processes.start_child

    def start_child(write):
        if isinstance(write, partial) and write.func is processes._serve_lanes:
            raise OSError(11, "Resource temporarily unavailable")
        return real_start(write)

    monkeypatch.setattr(processes, "start_child", start_child)
    log = tmp_path / "writes"
    _logged_writes(monkeypatch, log)
    report, theme = load(ROOTS / "basic")
    writer = processes.Served("pptx", lanes=3)
    outs = [tmp_path / f"deck-{n}.pptx" for n in range(4)]
    for out in outs:
        writer.send(report, theme, out, {"cache": None})
    assert [writer.result() for _ in outs] == [("ok", None)] * 4
    writer.close()
    written = [line.split() for line in log.read_text().splitlines()]
    assert [name for _, _, name in written] == [out.name for out in outs], "in the order sent"
    assert len({pid for _, pid, _ in written}) == 1, written


def test_only_a_few_editions_drawing_charts_from_nothing_take_lanes():
    """How many processes each writer takes: one, but for a few editions built from nothing
    with charts, one per edition for the brief's (which imports matplotlib first) and the
    workers left for the deck's."""
    from builders.pipeline.build import lanes

    both = ("pdf", "pptx")
    cold = {"pdf": True, "pptx": True}
    assert lanes(both, 2, 2, cold) == {"pdf": 2, "pptx": 1}
    assert lanes(both, 2, 4, cold) == {"pdf": 2, "pptx": 2}
    assert lanes(both, 4, 4, cold) == {"pdf": 4, "pptx": 1}
    assert lanes(both, 3, 2, cold) == {}, "more editions than workers: a batch"
    assert lanes(both, 2, 4, {"pdf": False, "pptx": True}) == {}, "no chart to draw from nothing"
    assert lanes(("pptx",), 2, 4, cold) == {}, "the brief kept: no writer draws"


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _gone(pid: int) -> bool:
    """Whether the process ``pid`` has ended (or is a zombie no one reaped)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


HANG = """
import sys
from pathlib import Path
from builders.pipeline import runner
folders = [Path(p) for p in sys.argv[2:]]
jobs = [runner.Job(f, ("pdf", "pptx"), Path(sys.argv[1])) for f in folders]
outcomes = list(runner.run_many(jobs, workers=2))
print(" ".join("wrote" if o.written else "up-to-date" if o.up_to_date else "failed" for o in outcomes))
"""


def test_a_report_named_twice_in_a_batch_by_format_is_built_in_turn_not_waited_on_for_ever(tmp_path):
    """Editions read ahead hold their outputs' lock until written: a later job with the same
    outputs (one report given by two paths) waits for the one in hand to finish rather than for
    its own lock, which would never come. On the command line the same report named by two
    paths is one report."""
    import subprocess
    import sys

    from conftest import ROOT

    for n in range(3):
        shutil.copytree(ROOTS / "basic", tmp_path / "reports" / f"b{n}")
    first = tmp_path / "reports" / "b0"
    again = tmp_path / "reports" / ".." / "reports" / "b0"
    folders = [str(first), str(tmp_path / "reports" / "b1"), str(again), str(tmp_path / "reports" / "b2")]
    done = subprocess.run([sys.executable, "-c", HANG, str(tmp_path / "out"), *folders], cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    said = done.stdout.split()
    assert len(said) == 4 and "failed" not in said and said[:2] == ["wrote", "wrote"], done.stdout
    result = CliRunner().invoke(main, ["build", str(first), str(again), str(tmp_path / "reports" / "b1"),
                                       "--out", str(tmp_path / "cli"), "--jobs", "2"])
    assert result.exit_code == 0, result.output + result.stderr
    assert [line.split()[0] for line in result.output.splitlines() if line.strip()] == ["wrote"] * 2


def test_a_batch_stopped_early_stops_its_writers_and_leaves_no_temporary_file(tmp_path):
    """A batch by format whose outcomes stop being read (Ctrl-C, or a caller that stops) kills
    its writers rather than wait while they write the editions read ahead, and every edition
    in hand lets its temporary files go: only what was published is in the output folder."""
    for n in range(5):
        shutil.copytree(ROOTS / "basic", tmp_path / "reports" / f"b{n}")
    out = tmp_path / "out"
    jobs = [runner.Job(tmp_path / "reports" / f"b{n}", ("pdf", "pptx"), out) for n in range(5)]
    outcomes = runner.run_many(jobs, workers=2)
    first = next(outcomes)
    assert first.written
    started = time.perf_counter()
    outcomes.close()
    stopped = time.perf_counter() - started
    time.sleep(1.0)  # a writer left running would write its next edition meanwhile
    assert sorted(p.name for p in out.iterdir() if p.suffix in (".pdf", ".pptx")) == ["b0.pdf", "b0.pptx"]
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert stopped < 1.0, f"stopping waited {stopped:.2f} s for the writers"


def test_what_a_build_forks_its_writers_from_holds_no_yaml_reader():
    """A new process forks its writers once the build machinery is imported: what the reader
    alone needs (PyYAML, the theme and front-matter readers) is imported after, beside the
    writers' own imports, not before them."""
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import sys\nimport builders.cli, builders.pipeline.runner, builders.pipeline.build\n"
            "print(sorted(m for m in sys.modules if m == 'yaml' or m.startswith('builders.read.')))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded = found.stdout.strip()
    assert "'yaml'" not in loaded and "builders.read.theme" not in loaded, loaded


def test_jobs_report_each_broken_report_and_build_the_rest(tmp_path):
    shutil.copytree(ROOTS / "basic", tmp_path / "reports" / "good")
    (tmp_path / "reports" / "bad").mkdir()
    (tmp_path / "reports" / "bad" / "report.md").write_text("---\ntitle: T\nbogus: 1\n---\n")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "reports" / "bad"),
                                       str(tmp_path / "reports" / "good"),
                                       "--out", str(tmp_path / "out"), "-j", "2"])
    assert result.exit_code == 2
    assert "bad/report.md:3:1: unknown key 'bogus'" in result.stderr
    assert (tmp_path / "out" / "good.pdf").is_file()


def test_watch_rebuilds_on_change_and_reports_errors(basic_copy, tmp_path):
    outcomes = []
    stop = threading.Event()
    job = runner.Job(basic_copy, ("pdf", "pptx"), tmp_path / "out")
    thread = threading.Thread(target=runner.watch, args=([job], outcomes.append),
                              kwargs={"interval": 0.05, "stop": stop})
    thread.start()
    try:
        _wait(lambda: len(outcomes) == 1)
        assert outcomes[0].written and not outcomes[0].problems
        source = (basic_copy / "report.md").read_text()
        (basic_copy / "report.md").write_text(source.replace("Partners created formats quickly",
                                                             "Partners created formats very quickly"))
        _wait(lambda: len(outcomes) == 2)
        assert outcomes[1].written
        (basic_copy / "report.md").write_text(source.replace("title:", "titel:", 1))
        _wait(lambda: len(outcomes) == 3)
        assert outcomes[2].problems and "unknown key 'titel'" in outcomes[2].problems[0].message
    finally:
        stop.set()
        thread.join(timeout=30)
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "out" / "basic.pdf").pages)
    assert "very quickly" in text  # the last good build stays; the broken edit wrote nothing


def test_a_watch_rebuild_writes_what_a_fresh_build_writes(basic_copy, tmp_path, monkeypatch):
    import subprocess
    import sys

    from builders.pipeline import build as pipeline

    forked = []
    real_run_all = pipeline.run_all
    monkeypatch.setattr(pipeline, "run_all", lambda jobs, parallel: (
        forked.append(parallel), real_run_all(jobs, parallel)))
    out = tmp_path / "out"
    build(basic_copy, ("pdf", "pptx"), out, parallel=False)
    source = (basic_copy / "report.md").read_text()
    edits = [("Partners created formats quickly", "Partners created new formats quickly", False),
             ("**Formats multiply.**", "**Formats keep multiplying.**", True)]
    for before, after, slides_change in edits:
        source = source.replace(before, after)
        assert after in source
        (basic_copy / "report.md").write_text(source)
        forked.clear()
        incremental = build(basic_copy, ("pdf", "pptx"), out)
        # notes only: the deck's notes are touched up in this process, no second process;
        # a changed bullet: the deck is laid out again, beside the brief
        assert forked == [slides_change]
        fresh = tmp_path / f"fresh-{slides_change}"
        code = ("from pathlib import Path; from builders import build; "
                f"build(Path({str(basic_copy)!r}), ('pdf', 'pptx'), Path({str(fresh)!r}), cache=False)")
        subprocess.run([sys.executable, "-c", code], check=True)
        for path in incremental:
            assert path.read_bytes() == (fresh / path.name).read_bytes(), (path.name, after)


def test_a_new_process_that_cannot_read_the_sources_stops_the_writer_it_started(basic_copy, tmp_path):
    import subprocess
    import sys

    source = basic_copy / "report.md"
    source.write_text(source.read_text().replace("title:", "title: [unclosed", 1))
    out = tmp_path / "out"
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "builders.cli", "build", str(basic_copy), "--out",
                             str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{source}:"), result.stderr
    assert "Traceback" not in result.stderr
    assert not [p for p in out.glob("*") if p.name != ".cache"], "no output and no temporary file"
    assert time.perf_counter() - started < 30


CONCURRENT = r"""
import os, sys, threading
from pathlib import Path
import builders

barrier = threading.Barrier(2)
real_pipe, first = os.pipe, set()

def pipe():  # both builds make their first pipe before either forks: each child holds the other's
    fds = real_pipe()
    if threading.get_ident() not in first:
        first.add(threading.get_ident())
        barrier.wait(10)
    return fds

os.pipe = pipe
done = {}

def go(n):
    done[n] = builders.build(Path(sys.argv[1]), out=Path(sys.argv[2]) / str(n), force=True)

threads = [threading.Thread(target=go, args=(n,), daemon=True) for n in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join(60)
print(sorted(done), flush=True)
os._exit(0)
"""


HELD = """
import os, sys, threading, time
from pathlib import Path
import builders
from builders.pdf import charts

held = threading.Event()

def hold():  # another thread importing matplotlib when this build forks its writers
    with charts._IMPORTING:
        held.set()
        time.sleep(2)

threading.Thread(target=hold, daemon=True).start()
held.wait()
done = {}

def go():
    done[0] = builders.build(Path(sys.argv[1]), out=Path(sys.argv[2]), force=True)

thread = threading.Thread(target=go, daemon=True)
thread.start()
thread.join(60)
print("finished" if done else "hung", flush=True)
os._exit(0)
"""


def test_a_writer_forked_while_another_thread_holds_a_lock_does_not_wait_for_it_forever(basic_copy,
                                                                                          tmp_path):
    """A writer forked while another thread of the process held the lock around matplotlib's
    import (or a font table's making) had a copy of it locked for good: its first chart waited
    forever, and the build with it (CI saw two builds in two threads end with one). A fork now
    waits for the lock and the child gets it free."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", HELD, str(basic_copy), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "finished", result.stderr
    assert (tmp_path / "out" / "basic.pdf").read_bytes().startswith(b"%PDF")


def test_two_builds_in_two_threads_of_a_new_process_both_finish(basic_copy, tmp_path):
    """The pipes to and from the build processes are read one pickle at a time, never to the
    end: a process forked by another thread holds the other build's pipes open."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", CONCURRENT, str(basic_copy), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "[0, 1]", result.stderr
    for n in (0, 1):
        assert (tmp_path / "out" / str(n) / "basic.pdf").read_bytes().startswith(b"%PDF")


def test_a_crash_in_one_build_process_is_reported_as_such_beside_bad_input():
    from builders.errors import ReportError as Bad
    from builders.model import Location
    from builders.pipeline.processes import run_all

    def crash():
        raise ZeroDivisionError("a bug")

    def bad():
        raise Bad("bad input", Location(Path("report.md"), 3))

    with pytest.raises(RuntimeError, match="ZeroDivisionError: a bug"):  # crashed in the child
        run_all([crash, bad], True)
    with pytest.raises(ZeroDivisionError):  # in this process the error itself goes up
        run_all([crash, bad], False)
    with pytest.raises(Bad):  # bad input alone is bad input, from either process
        run_all([bad, lambda: None], True)


def _wait(condition, timeout: float = 60.0) -> None:
    deadline = time.time() + timeout
    while not condition():
        if time.time() > deadline:
            raise AssertionError("timed out waiting for the watcher")
        time.sleep(0.05)


def test_an_edit_saved_during_a_build_is_built_next_time(basic_copy, tmp_path, monkeypatch):
    from builders.pipeline import build as pipeline

    real_load = pipeline.load

    def load_then_edit(*args, **kwargs):
        loaded = real_load(*args, **kwargs)
        source = basic_copy / "report.md"
        time.sleep(0.01)
        source.write_text(source.read_text().replace("Partners created formats quickly",
                                                     "Edited while building"))
        return loaded

    monkeypatch.setattr(pipeline, "load", load_then_edit)
    build(basic_copy, ("pdf",), tmp_path / "out")
    monkeypatch.setattr(pipeline, "load", real_load)
    again = build(basic_copy, ("pdf",), tmp_path / "out")
    assert not again.up_to_date, "the edit made during the first build must be built"
    from pypdf import PdfReader

    assert "Edited while building" in " ".join(p.extract_text() for p in PdfReader(again[0]).pages)


def test_briefkit_s_code_is_stamped_as_the_process_found_it_at_its_first_build(tmp_path, monkeypatch):
    """The code a process runs is the code it imported: an edition built after the code was
    edited on disk is recorded with the old stamps (so the next process builds it again),
    and each build no longer stats every module again."""
    import os

    from builders.pipeline import uptodate

    code = tmp_path / "code"
    code.mkdir()
    module = code / "module.py"
    module.write_text("VALUE = 1\n")
    monkeypatch.setattr(uptodate, "_CODE", code)
    uptodate._code.cache_clear()
    try:
        first = uptodate.Inputs([tmp_path / "none"])
        seen = first.stamps[module.resolve()]
        module.write_text("VALUE = 22\n")  # edited while the process runs
        os.utime(module, ns=(seen[1] + 10**9, seen[1] + 10**9))
        assert uptodate.Inputs([tmp_path / "none"]).stamps[module.resolve()] == seen
        uptodate._code.cache_clear()  # a new process
        assert uptodate.Inputs([tmp_path / "none"]).stamps[module.resolve()] != seen
    finally:
        uptodate._code.cache_clear()


def test_pictures_anywhere_in_the_project_and_theme_edits_are_noticed(tmp_path):
    from PIL import Image

    project = tmp_path / "project"
    folder = project / "reports" / "pic"
    folder.mkdir(parents=True)
    (project / "images").mkdir()
    picture = project / "images" / "map.png"
    Image.new("RGB", (300, 200), (200, 30, 30)).save(picture)
    shutil.copy(__import__("builders").paths.ASSETS / "themes" / "default.yaml", folder / "house.yaml")
    theme = folder / "house.yaml"
    (folder / "report.md").write_text(
        "---\ntitle: A picture\ntheme: house.yaml\n---\n\n# Maps tell the story\n\n"
        '![A red map](../../images/map.png "The map")\n\nSome prose for the notes.\n'
    )
    out = tmp_path / "out"
    first = build(folder, ("pdf", "pptx"), out)
    first_pdf = first[0].read_bytes()
    time.sleep(0.01)
    Image.new("RGB", (300, 200), (30, 30, 200)).save(picture)  # the picture is replaced in place
    second = build(folder, ("pdf", "pptx"), out)
    assert not second.up_to_date and second[0].read_bytes() != first_pdf, "the brief shows the new picture"
    from pptx import Presentation

    shapes = [
        sh
        for s in Presentation(second[1]).slides
        for sh in s.shapes
        if sh.shape_type == 13 and sh.name != "Logo"
    ]
    blue = Image.open(__import__("io").BytesIO(shapes[0].image.blob)).convert("RGB").getpixel((10, 10))
    assert blue == (30, 30, 200), "the deck shows the new picture"
    time.sleep(0.01)
    theme.write_text(theme.read_text().replace('primary: "#14365D"', 'primary: "#8A1C1C"'))
    third = build(folder, ("pdf",), out)
    assert not third.up_to_date
    import pdfplumber

    with pdfplumber.open(third[0]) as pdf:
        fills = {tuple(round(c, 2) for c in r["non_stroking_color"]) for r in pdf.pages[0].rects
                 if r.get("non_stroking_color")}
    assert (round(0x8A / 255, 2), round(0x1C / 255, 2), round(0x1C / 255,
                                                              2)) in fills, "the edited theme is used"


def test_a_deck_rebuilt_in_a_new_process_has_the_same_bytes(basic_copy, tmp_path):
    import subprocess
    import sys

    first = build(basic_copy, ("pdf", "pptx"), tmp_path / "a", cache=False)
    code = ("from pathlib import Path; from builders import build; "
            f"build(Path({str(basic_copy)!r}), ('pdf', 'pptx'), Path({str(tmp_path / 'b')!r}), cache=False)")
    subprocess.run([sys.executable, "-c", code], check=True)
    for path in first:
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_numpy_is_imported_once_before_the_writers_fork_for_charts_drawn_from_nothing(basic_copy, tmp_path):
    """The reading process imports numpy with pandas, and the brief's writer with matplotlib for
    a build drawing charts from nothing: it is imported before the writers fork, once rather
    than in both (a tenth of a second of CPU on the flagship's first build)."""
    import subprocess
    import sys

    from conftest import ROOT

    command = ["build", str(basic_copy), "--out", str(tmp_path / "out"), "--jobs", "2", "--quiet"]
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "builders.cli", *command],
                            capture_output=True, text=True, timeout=300, check=False,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                 "BRIEFKIT_CACHE_DIR": os.environ["BRIEFKIT_CACHE_DIR"]})
    assert result.returncode == 0, result.stderr[-3000:]
    imports = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
               if line.startswith("import time:")]
    assert "matplotlib" in imports and "pandas" in imports  # (the build drew a chart and read data)
    assert imports.count("numpy") == 1, imports.count("numpy")
