"""The output folder: made or refused with a located message, locked per report, written atomically.

Outputs are written to temporary files beside their targets and renamed into place together,
so a failed or killed build leaves the previous outputs as they were. Two builds of one report
into one folder (two terminals, an editor's build-on-save beside ``--watch``) take turns: each
holds an exclusive lock on ``OUT/.cache/locks/<name>.lock`` from its up-to-date check until its
outputs are in place, so neither deletes the other's temporary files and both leave whole
outputs. (The lock file stays: removing it would let a third build lock a new file while the
second still waits on the old one.)
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ReportError
from ..model import Location


def _refuse(out: Path, error: OSError) -> ReportError:
    reason = error.strerror or str(error)
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        reason = "it or a folder above it is a file"
    return ReportError(f"cannot write the outputs into this folder: {reason}; name a folder that can "
                       "be written to with --out", Location(out))


#: bytes in an output's name before its suffix: the folder's name (and an edition's), which the
#: outputs and their temporary files (``.NAME.pdf.XXXXXXXX.tmp``) carry, within the 255 bytes a
#: file name may have on common file systems
MAX_NAME = 200


def check_name(stem: str, report_dir: Path) -> None:
    """An output name the output folder can hold, else a ReportError naming the report folder."""
    size = len(stem.encode("utf-8", "surrogateescape"))
    if size > MAX_NAME:
        raise ReportError(
            f"the report folder's name is {size:,} bytes long; at most {MAX_NAME} are supported, as "
            "it names the outputs (NAME.pdf, NAME.pptx): rename the folder",
            Location(report_dir),
        )


def prepare(out: Path) -> None:
    """Make the output folder (and the folders above it) unless it exists; a file in the way,
    or a folder that cannot be made, is a ReportError located at the folder."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _refuse(out, error) from None


@contextmanager
def locked(out: Path, name: str) -> Iterator[None]:
    """Hold an exclusive lock on ``out/.cache/locks/<name>.lock``: another build of the report
    into the same folder waits here until this one has finished. (A read-only descriptor
    suffices for ``flock``, so outputs up to date in a read-only folder are still found so.)"""
    try:
        import fcntl
    except ImportError:  # not POSIX: builds are not serialised
        yield
        return
    locks = out / ".cache" / "locks"
    try:
        locks.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(locks / f"{name}.lock", os.O_RDONLY | os.O_CREAT, 0o666)
    except OSError as error:
        raise _refuse(out, error) from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # released when the descriptor closes, or the process ends
        yield
    finally:
        os.close(descriptor)


def temporary(target: Path) -> Path:
    """A new temporary file beside ``target``; what a killed build left for it is cleared first
    (the lock is held, so no other build is writing it): see :func:`_left_for`."""
    try:
        for path in _left_for(target):
            Path(path).unlink(missing_ok=True)
        descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _refuse(target.parent, error) from None
    os.close(descriptor)
    return Path(name)


#: the temporary files (``.NAME.XXXXXXXX.tmp``) in each output folder this process has written
#: into, as the first look found them: by folder, then by the output (``NAME``) they were for
_LEFT: dict[str, dict[str, list[str]]] = {}


def _left_for(target: Path) -> list[str]:
    """The temporary files of ``target`` that were in its folder when this process first wrote
    into it: what builds killed before this command began left. The folder is listed once a
    process, not once an output: a batch's outputs fill it, and listing it for each of them
    grew as the square of the editions (a build killed while this one runs leaves its files
    to the next command). The names are compared as text, not through a glob (a report's name
    may hold ``[`` or ``*``, which a glob reads as a pattern)."""
    folder = str(target.parent)
    found = _LEFT.get(folder)
    if found is None:
        found = {}
        with os.scandir(folder) as entries:
            for entry in entries:
                parts = entry.name[1:].rsplit(".", 2)  # (NAME, the random part, "tmp")
                if entry.name.startswith(".") and len(parts) == 3 and parts[2] == "tmp" and parts[1]:
                    found.setdefault(parts[0], []).append(entry.path)
        _LEFT[folder] = found
    return found.pop(target.name, [])


#: why an output could not be written that is the folder's, not briefkit's: a full disk, a
#: quota, a file-size limit, a read-only file system
NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}


@contextmanager
def writing(out: Path) -> Iterator[None]:
    """Writing an output into ``out``: a full disk (or the like) is a ReportError located at the
    folder, not an internal error; the temporary file is removed by the caller, so the earlier
    outputs stay as they were."""
    try:
        yield
    except OSError as error:
        if error.errno in NO_ROOM:
            raise _refuse(out, error) from None
        raise


def publish(tmp: Path, target: Path) -> None:
    """Move a finished output into place (with the permissions a new file would have)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, target)
