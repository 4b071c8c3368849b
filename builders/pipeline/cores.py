"""How many processes a build may use: the cores it may run on, and one on a busy machine."""

from __future__ import annotations

import os


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_workers() -> int:
    """Processes a build uses unless told: one per core, at most four (each takes ~120 MB),
    but one on a busy machine (as many other processes running as there are cores): there a
    second process finds no idle core and only adds the CPU time of its own start (imports,
    fonts, charts drawn twice), so it would be slower than one process. ``runner.run_many``
    uses no more than it has jobs for."""
    return 1 if others_running() >= cores() else max(1, min(cores(), 4))


def others_running() -> float:
    """How many processes besides this one are running or ready to run: now, as Linux counts
    them (``procs_running`` in /proc/stat), else over the last minute (the load average). The
    load average counts this user's own builds of the minute before too: back-to-back builds
    on a quiet machine (a script, CI, a benchmark) found it busy and built in one process."""
    try:
        with open("/proc/stat", "rb") as stat:
            for line in stat:
                if line.startswith(b"procs_running "):
                    return max(0, int(line.split()[1]) - 1)
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0.0
