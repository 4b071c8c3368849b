"""What every command prints and how it ends: a console, located problems, exit statuses."""

from __future__ import annotations

import os
import sys

from .errors import ReportError

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)


def print_error(error: ReportError) -> None:
    """Each problem on its own line as ``path:line:col: message``, as compilers print them."""
    err = console(stderr=True)
    for problem in error.problems:
        err.print(str(problem), markup=False, style="bold red" if err.is_terminal else None)


def run_guarded(action, debug: bool) -> int:
    """Run ``action``; turn errors into messages and exit codes (2 bad input, 1 internal)."""
    try:
        action()
    except ReportError as error:
        print_error(error)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        console(stderr=True).print("interrupted; earlier outputs are untouched")
        return 130
    except Exception as error:  # noqa: BLE001 - the one place internal failures are reported
        if debug:
            raise
        console(stderr=True).print(
            f"[bold red]internal error[/]: {type(error).__name__}: {error}\n"
            "This is a bug in briefkit; run again with --debug for the traceback.", markup=True)
        return EXIT_INTERNAL
    return 0


def print_outcome(outcome, quiet: bool, verbose: bool = False, seen: set | None = None) -> int:
    """Print what a build wrote or what was wrong; return its exit status. A problem in
    ``seen`` is not printed again (the editions of a report share its data package: a problem
    there is every edition's)."""
    if outcome.problems:
        new = [p for p in outcome.problems if seen is None or p not in seen]
        if seen is not None:
            seen.update(new)
        if new:
            print_error(ReportError(problems=new))
        return EXIT_BAD_INPUT
    if outcome.failure:
        first = outcome.failure.splitlines()[0]
        console(stderr=True).print(f"internal error building {outcome.job.label}: {first}\n"
                                    "This is a bug in briefkit; run again with --debug for the traceback.",
                                    markup=False)
        return EXIT_INTERNAL
    if not quiet:
        from rich.markup import escape

        out = console()
        names = ", ".join(str(p) for p in outcome.written)
        verb = "up to date:" if outcome.up_to_date else "wrote"
        out.print(f"{verb} {escape(names)} [dim]({outcome.seconds:.2f} s)[/]", markup=True)
        if verbose:
            from .pipeline.formats import describe

            for path in outcome.written:
                out.print(f"  {escape(str(path))}: {describe(path)}", markup=True, style="dim")
    return 0


def busy(quiet: bool, label: str):
    """A spinner while a build runs, on a terminal only (logs and pipes get plain lines)."""
    import contextlib

    # rich is imported only when there is something to show: a build that prints nothing
    # before it is done (--quiet, or output to a file or pipe) starts 10 ms sooner
    if quiet or not (sys.stdout is not None and sys.stdout.isatty() or os.environ.get("FORCE_TERMINAL")):
        return contextlib.nullcontext()
    shown = console()
    return shown.status(f"{label} \u2026", spinner="dots") if shown.is_terminal else contextlib.nullcontext()
