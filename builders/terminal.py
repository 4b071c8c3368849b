"""What every command prints and how it ends: a console, located problems, exit statuses."""

from __future__ import annotations

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
