"""The ``briefkit`` command line: a thin layer over :func:`builders.build`."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from . import formats as registry
from .terminal import EXIT_BAD_INPUT, busy, print_outcome, run_guarded
from .terminal import console as _console

#: the formats, as --help lists them
_FORMAT_HELP = "; ".join(f"{f.name} ({f.description})" for f in registry.FORMATS)


#: --param NAME=VALUE, for build, check and preview
PARAM = click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
                     help="A parameterised report (params: in its front matter) for this value only, "
                          "instead of its matrix: OUT/<name>-<value>.pdf. Repeat for more parameters.")


def _editions(reports: tuple[Path, ...], params: tuple[str, ...]):
    """(report folder, edition) of every edition of the reports named (see builders.read.editions)."""
    from .read.editions import every_edition, parse_params, report_dirs

    return every_edition(report_dirs(reports), parse_params(params))


def _formats(value: str) -> tuple[str, ...]:
    parts = tuple(dict.fromkeys(p.strip().lower() for p in value.split(",") if p.strip()))
    if not parts:
        raise click.BadParameter(f"expected one or more of {', '.join(registry.names())}, comma-separated, "
                                 f"found {value!r}", param_hint="'--format'")
    for part in parts:
        if part not in registry.names():
            raise click.BadParameter(
                f"expected one or more of {', '.join(registry.names())}, comma-separated, found {part!r}",
                param_hint="'--format'",
            )
    return parts


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="briefkit")
def main() -> None:
    """briefkit: one report source -> a PDF policy brief and a PowerPoint briefing deck.

    Run it in a project folder: reports/<name>/report.md are the reports, data/ their data,
    out/ the outputs. "briefkit COMMAND --help" explains each command.

    \b
    Examples:
      briefkit new my-brief             start a report in reports/my-brief/
      briefkit build                    build every report into out/
      briefkit build my-brief --watch   rebuild reports/my-brief on every save
      briefkit check my-brief --strict  lint it as an editor would
      briefkit preview my-brief         thumbnails and contact sheets in out/preview/
    """


@main.command()
@click.argument("reports", nargs=-1, type=click.Path(path_type=Path, file_okay=False))
@click.option("--out", "-o", "out", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out"), show_default=True, help="Folder for the outputs.")
@click.option("--format", "-f", "formats", default=",".join(registry.names()), show_default=True,
              help=f"Outputs to build, comma-separated: {_FORMAT_HELP}.")
@click.option("--theme", help="Theme name in assets/themes/ (overrides the front matter).")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="A .pptx or .potx PowerPoint template for the deck (without macros or links "
                   "to outside files: such templates are refused).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes to build with (default: one per core, at most 4; 1 when as many other processes "
    "are running as there are cores). "
    "Several reports: a process per format writing that format for each (a few reports, or N no "
    "more than the formats; a few with charts built from nothing: the brief's forks into a process "
    "per report once it has imported), else N processes building reports in turn. One report: its brief and "
    "deck at the same time "
    "(after edits of the deck alone, the kept brief is written here, with no process of its own). "
    "1: everything in this process, one output after another.",
)
@PARAM
@click.option("--watch", "-w", is_flag=True,
              help="Keep running: rebuild a report whenever its sources, data or assets change.")
@click.option("--force", is_flag=True, help="Build even reports whose outputs are up to date.")
@click.option("--shard", metavar="K/N",
              help="Build only the K-th of N equal shares of the editions (by output "
              "name), for N machines; each writes OUT/manifest.K-of-N.json (see docs/editions.md).")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Use nothing from OUT/.cache/ or the machine cache: redraw charts, re-read data, fonts and "
         "pictures, render every slide, rebuild everything.",
)
@click.option("--strict", is_flag=True,
              help="After building, run the preflight on the outputs and fail (exit 2) on any finding.")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@click.option("--verbose", "-v", is_flag=True, help="Also print each output's pages or slides and size.")
@click.option("--debug", is_flag=True, help="Show the traceback of internal errors.")
def build(reports: tuple[Path, ...], out: Path, formats: str, theme: str | None, template: Path | None,
          jobs: int | None, params: tuple[str, ...], watch: bool, force: bool, shard: str | None,
          no_cache: bool, strict: bool, quiet: bool, verbose: bool, debug: bool) -> None:
    """Build reports into OUT/<name>.pdf and OUT/<name>.pptx.

    Every edition of a report is built: report.md into OUT/<name>.pdf and .pptx, a language
    edition report.<lang>.md into OUT/<name>.<lang>.pdf and .pptx, and a parameterised
    report (params: and matrix: in its front matter) once per value, into
    OUT/<name>-<value>.pdf (--param NAME=VALUE builds one value instead). Editions are built
    by --jobs processes (see --jobs), each left as it is when up to date.

    REPORTS are report folders (each holding a report.md), or folders of them such as reports/;
    a bare NAME is reports/NAME; with none, every folder in reports/ is built. A report with
    errors is reported and skipped; the others are built. Outputs are replaced only when a build
    succeeds, and a report whose sources, data, theme, template and fonts are unchanged since
    its outputs were made is not built again (--force builds it anyway). OUT/manifest.json lists
    every output with its SHA-256 ("briefkit manifest verify OUT" checks it). Two builds of one
    report into one OUT take turns. OUT is made if missing; one that is a file or cannot be
    written is bad input. A source past a limit (blocks nested over 20 deep, text over 100,000
    characters, a title over 255: see docs/source-format.md) is bad input. --strict then reads
    the outputs as a reader sees them (the preflight that check runs: text out of its shape or
    overlapping, a word broken, a split box or short table, an under-filled page or slide, a run
    under the type scale's floor, an added ellipsis, repeated slides) and prints each finding as
    an error at its source line.
    Exit status: 0 all built, 2 bad input (or a finding with --strict), 1 internal error.

    \b
    Examples:
      briefkit build
      briefkit build reports/us-china-central-asia --strict
      briefkit build reports/us-china-central-asia --out dist
      briefkit build central-asia-profiles --format pptx --template assets/templates/civic.pptx
      briefkit build --jobs 2            a batch: one process writes the briefs, one the decks
      briefkit build --jobs 1            all in this one process (least memory)
      briefkit build --shard 1/2         half the editions (the other machine: --shard 2/2)
      briefkit build reports/central-asia-profiles --watch
      briefkit build reports/central-asia-profiles --param country=Kazakhstan
    """
    from .pipeline import batch, cores, runner

    chosen = _formats(formats)
    status = 0

    def each() -> None:
        nonlocal status
        share = batch.parse_shard(shard) if shard else None
        editions = [(p.folder, p.edition) for p in batch.shard(batch.plan(reports, params), *share)] \
            if share else _editions(reports, params)
        todo = [runner.Job(folder, chosen, out, theme, template, not no_cache, force, edition)
                for folder, edition in editions]
        if watch or len(todo) > runner.COLLECT_EVERY:  # a batch: collect between its builds (a few
            gc.enable()  # editions leave a megabyte or two of cycles each, freed at exit)
        if watch:
            _watch(todo, quiet, verbose, debug)
            return
        status = _build_all(todo, jobs or cores.default_workers(), out, share, strict, chosen,
                            quiet=quiet, verbose=verbose, debug=debug)

    code = run_guarded(each, debug)
    sys.exit(max(status, code))


def _watch(todo: list, quiet: bool, verbose: bool, debug: bool) -> None:
    """``build --watch``: each rebuild's outcome printed as it comes, until Ctrl-C."""
    from .pipeline import runner

    def report(outcome) -> None:
        if debug and outcome.error is not None:
            raise outcome.error
        print_outcome(outcome, quiet, verbose)

    if not quiet:
        _console().print("watching for changes; press Ctrl-C to stop", style="dim")
    runner.watch(todo, report)


def _build_all(todo: list, workers: int, out: Path, share, strict: bool, chosen, *, quiet: bool,
               verbose: bool,
               debug: bool) -> int:
    """Every job built ``workers`` at a time, each outcome printed, the manifest written and,
    with ``--strict``, the preflight run; the exit status."""
    from .pipeline import manifest, runner

    status = 0
    results = runner.run_many(todo, workers)
    seen: set = set()
    done = []
    made = manifest.Entries()  # (each outcome's outputs hashed as it comes)
    for job in todo:  # one outcome per job
        label = (f"building {job.label}" if workers == 1 or len(todo) == 1
                 else f"building {len(todo)} reports, {min(workers, len(todo))} at a time")
        with busy(quiet, label):
            outcome = next(results)
        if debug and outcome.error is not None:
            raise outcome.error
        status = max(status, print_outcome(outcome, quiet, verbose, seen))
        done.append(outcome)
        made.add(outcome)
    for _ in results:  # (none left: the runner lets its writer processes go, each waited for)
        pass
    if any(o.written for o in done):
        manifest.write(out, done, share, made)
    if strict:
        status = max(status, _preflight(done, chosen, out))
    return status


def _preflight(done, chosen, out: Path) -> int:
    """``build --strict``: every preflight finding printed as an error; EXIT_BAD_INPUT if any."""
    from .preflight import after_build

    console = _console()
    problems = after_build(done, chosen, out)
    for problem in problems:
        console.print(str(problem), markup=False, style="bold red" if console.is_terminal else None)
    return EXIT_BAD_INPUT if problems else 0


@main.command()
@click.argument("reports", nargs=-1, type=click.Path(path_type=Path, file_okay=False))
@click.option("--strict", is_flag=True, help="Fail (exit 2) on warnings too, not only on errors.")
@click.option("--theme", help="Theme name in assets/themes/ (overrides the front matter).")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="A .pptx or .potx PowerPoint template for the deck (without macros or links "
                   "to outside files: such templates are refused).")
@PARAM
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, no summary.")
@click.option("--debug", is_flag=True, help="Show the traceback of internal errors.")
def check(reports: tuple[Path, ...], strict: bool, theme: str | None, template: Path | None,
          params: tuple[str, ...], quiet: bool, debug: bool) -> None:
    """Validate reports and lint them as an editor would, writing nothing.

    Each finding is printed as PATH:LINE: error|warning: message. Errors are bad input (the
    build would fail); warnings are editorial: brief length in words and pages, key takeaways
    on page 1, at most three recommendations, acronyms spelled out at first use, a source for
    every table and chart, deck length, bullets and words per slide, slide titles that state
    a point, control characters and bidirectional overrides in the source. The limits come
    from the theme. Every edition is checked (each language edition, each value of a
    parameterised report), and a language edition report.<lang>.md that lacks a section, a
    directive or a footnote of report.md is an error at the line where it should be.
    Exit status: 0 clean, 2 errors (or warnings with --strict), 1 internal error.

    \b
    Examples:
      briefkit check
      briefkit check reports/us-china-central-asia --strict
    """
    gc.enable()  # one report after another (see entry)
    from .check import ERROR
    from .check import check as check_report

    console = _console()
    counts = {"error": 0, "warning": 0, "note": 0}

    def each() -> None:
        seen: set = set()
        for folder, edition in _editions(reports, params):
            for finding in check_report(folder, theme=theme, template=template, edition=edition):
                if finding in seen:  # a template's findings, the same for each of its values
                    continue
                seen.add(finding)
                counts[finding.severity] += 1
                console.print(
                    str(finding),
                    markup=False,
                    style=("bold red" if finding.severity == ERROR else "yellow")
                    if console.is_terminal
                    else None,
                )

    code = run_guarded(each, debug)
    if not quiet and code == 0:
        console.print(f"{counts['error']} errors, {counts['warning']} warnings", style="dim")
    if code == 0 and (counts["error"] or (strict and counts["warning"])):
        code = EXIT_BAD_INPUT
    sys.exit(code)


@main.command()
@click.argument("reports", nargs=-1, type=click.Path(path_type=Path, file_okay=False))
@click.option("--out", "-o", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
              show_default=True, help="Output folder; previews go to OUT/preview/.")
@click.option("--format", "-f", "formats", default=",".join(registry.names()), show_default=True,
              help=f"Outputs to preview, comma-separated: {_FORMAT_HELP}.")
@click.option("--theme", help="Theme name in assets/themes/ (overrides the front matter).")
@PARAM
@click.option("--debug", is_flag=True, help="Show the traceback of internal errors.")
def preview(reports: tuple[Path, ...], out: Path, formats: str, theme: str | None, params: tuple[str, ...],
            debug: bool) -> None:
    """Write PNG thumbnails of every page and slide, and one contact sheet per output.

    Each report (each of its editions) is built first (or left as it is when up to date).
    Pages are rendered with pypdfium2; slides through LibreOffice when it is installed, with a
    note when it is not. Thumbnails go to OUT/preview/NAME/, contact sheets to
    OUT/preview/NAME-brief.png and -deck.png (NAME: the outputs' name, e.g. my-brief.ru).

    \b
    Examples:
      briefkit preview
      briefkit preview central-asia-profiles --param country=Kazakhstan --format pdf
    """
    gc.enable()  # one report after another (see entry)
    from .pipeline import runner
    from .preview import preview as make_preview

    chosen = _formats(formats)
    console = _console()
    status = 0

    def each() -> None:
        nonlocal status
        seen: set = set()
        for folder, edition in _editions(reports, params):
            outcome = runner.run(runner.Job(folder, chosen, out, theme, edition=edition))
            status = max(status, print_outcome(outcome, quiet=True, seen=seen))
            if outcome.problems or outcome.failure:
                continue
            name = edition.stem_for(folder) if edition else folder.resolve().name
            for result in make_preview(list(outcome.written), out / "preview", name):
                if result.note:
                    console.print(f"{result.kind}: {result.note}", markup=False)
                else:
                    console.print(f"{result.kind}: {len(result.thumbnails)} thumbnails in "
                                  f"{result.thumbnails[0].parent}/, contact sheet {result.sheet}",
                                  markup=False)

    code = run_guarded(each, debug)
    sys.exit(max(status, code))


@main.command()
@click.argument("name")
@click.option("--reports", "root", type=click.Path(path_type=Path, file_okay=False), default=Path("reports"),
              show_default=True, help="Folder that holds the report folders.")
def new(name: str, root: Path) -> None:
    """Start a report: reports/NAME/ with a commented report.md using every block type and a
    small data resource. It builds at once: briefkit build reports/NAME

    \b
    Example:
      briefkit new my-brief && briefkit build reports/my-brief
    """
    from .scaffold import NAME, create

    if not NAME.fullmatch(name):
        _console(stderr=True).print(f"{name}: expected a folder name of lower-case letters, digits and '-'",
                                    markup=False)
        sys.exit(EXIT_BAD_INPUT)
    target = root / name
    if target.exists():
        _console(stderr=True).print(f"{target}: already exists; choose another name", markup=False)
        sys.exit(EXIT_BAD_INPUT)
    source = create(name, root)
    console = _console()
    console.print(f"created {target}/ (report.md and data/)")
    console.print(f"next: edit {source}, then run: briefkit build {target}", style="dim")


from .manifestcmd import manifest as _manifest_group  # noqa: E402 - registered after main

main.add_command(_manifest_group)


def entry() -> None:
    """The ``briefkit`` command: :func:`main`, then leave at once.

    Click ends every command with SystemExit. Once a command is done, every output is renamed
    into place, worker pools are shut down and files are closed (all inside the commands), so
    the process flushes its output and exits without tearing down each imported module and
    object, which takes about a tenth of a second after a build. For the same reason Python's
    cycle collector starts off (:func:`builders.build` pauses it while it builds; turning it
    back on after the build set off a 15 ms collection of objects about to be dropped anyway);
    a command that goes on to a batch (more builds than
    :data:`.pipeline.runner.COLLECT_EVERY`) or watches turns it back on."""
    gc.disable()
    try:
        main()
        code: object = 0
    except SystemExit as done:
        code = done.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what Python does with a SystemExit message
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    entry()
