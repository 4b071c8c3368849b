"""The ``briefkit`` command line: a thin layer over :func:`builders.build`."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .errors import ReportError

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)


def report_dirs(given: tuple[Path, ...], root: Path = Path("reports")) -> list[Path]:
    """The reports to work on: those given, or every folder in ``reports/`` with a report.md."""
    if given:
        return [Path(p) for p in given]
    if not root.is_dir():
        raise ReportError("no reports/ folder here; run briefkit in a project folder or name a "
                          "report folder", root)
    found = sorted(p for p in root.iterdir() if (p / "report.md").is_file())
    if not found:
        raise ReportError("no report folders (with a report.md) in reports/", root)
    return found


def print_error(error: ReportError) -> None:
    """Each problem on its own line as ``path:line:col: message``, as compilers print them."""
    console = _console(stderr=True)
    for problem in error.problems:
        console.print(str(problem), markup=False, style="bold red" if console.is_terminal else None)


def run_guarded(action, debug: bool) -> int:
    """Run ``action``; turn errors into messages and exit codes (2 bad input, 1 internal)."""
    try:
        action()
    except ReportError as error:
        print_error(error)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _console(stderr=True).print("interrupted; earlier outputs are untouched")
        return 130
    except Exception as error:  # noqa: BLE001 - the one place internal failures are reported
        if debug:
            raise
        _console(stderr=True).print(
            f"[bold red]internal error[/]: {type(error).__name__}: {error}\n"
            "This is a bug in briefkit; run again with --debug for the traceback.", markup=True)
        return EXIT_INTERNAL
    return 0


def _formats(value: str) -> tuple[str, ...]:
    parts = tuple(p.strip().lower() for p in value.split(",") if p.strip())
    from .formats import FORMATS

    for part in parts:
        if part not in FORMATS:
            raise click.BadParameter(f"expected pdf, pptx or pdf,pptx, found {part!r}")
    return parts


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="briefkit")
def main() -> None:
    """briefkit: one report source -> a PDF policy brief and a PowerPoint briefing deck.

    \b
    Examples:
      briefkit build                          build every report in reports/ into out/
      briefkit build reports/my-brief --format pdf
    """


@main.command()
@click.argument("reports", nargs=-1, type=click.Path(path_type=Path, file_okay=False))
@click.option("--out", "-o", "out", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out"), show_default=True, help="Folder for the outputs.")
@click.option("--format", "-f", "formats", default="pdf,pptx", show_default=True,
              help="Outputs to build, comma-separated: pdf, pptx.")
@click.option("--theme", help="Theme name in assets/themes/ (overrides the front matter).")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="A .pptx or .potx PowerPoint template for the deck.")
@click.option("--no-cache", is_flag=True, help="Redraw every chart instead of using out/.cache/.")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@click.option("--debug", is_flag=True, help="Show the traceback of internal errors.")
def build(reports: tuple[Path, ...], out: Path, formats: str, theme: str | None,
          template: Path | None, no_cache: bool, quiet: bool, debug: bool) -> None:
    """Build reports into OUT/<name>.pdf and OUT/<name>.pptx.

    REPORTS are report folders (each holding a report.md); with none, every folder in
    reports/ is built. A report with errors is reported and skipped; the others are built.
    Exit status: 0 all built, 2 bad input, 1 internal error.

    \b
    Examples:
      briefkit build
      briefkit build reports/us-china-central-asia --out dist
      briefkit build reports/my-brief --format pptx --template house.potx
    """
    from . import build as build_report

    chosen = _formats(formats)
    status = 0
    console = _console()

    def each() -> None:
        nonlocal status
        for folder in report_dirs(reports):
            started = time.perf_counter()

            def one(folder=folder, started=started) -> None:
                written = build_report(folder, chosen, out, theme=theme, template=template,
                                       cache=not no_cache)
                if not quiet:
                    took = time.perf_counter() - started
                    names = ", ".join(str(p) for p in written)
                    console.print(f"wrote {names} [dim]({took:.1f} s)[/]", markup=True)

            code = run_guarded(one, debug)
            status = max(status, code)

    code = run_guarded(each, debug)
    sys.exit(max(status, code))


if __name__ == "__main__":  # pragma: no cover
    main()
