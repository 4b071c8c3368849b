"""A small content-addressed cache in ``out/.cache/``: JSON and text only, never pickle, so a
cache folder written by someone else can hold wrong data at worst, never code. Every text
entry carries the SHA-256 of its text, so an entry damaged on disk is computed again."""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import re
import tempfile
from pathlib import Path
from typing import TypeVar

#: bump when what is cached changes shape, so old entries are not read
VERSION = "2"

T = TypeVar("T")


def fork_safe(lock: T) -> T:
    """``lock``, never held in a child this process forks: a fork waits for it to be free and
    both processes go on with it released. Two builds in two threads of one process (the API,
    a dask worker's threads) fork writers; a writer forked while the other thread held a lock
    (importing matplotlib, making a font table) had a copy of it locked for good, and its
    first chart waited forever. (No fork is made while holding one of these.)"""
    os.register_at_fork(before=lock.acquire, after_in_parent=lock.release,  # type: ignore[attr-defined]
                        after_in_child=lock.release)  # type: ignore[attr-defined]
    return lock


#: the libraries that shape the outputs, as their distributions are named
LIBRARIES = ("reportlab", "python-pptx", "matplotlib", "pyphen", "markdown-it-py", "pandas")


@functools.cache
def libraries() -> tuple[str, ...]:
    """Versions of the libraries that shape the outputs: upgrading one invalidates every cache.

    Read from the names of the installed ``*.dist-info`` folders on ``sys.path`` (one listing
    per folder); ``importlib.metadata`` answers the same but takes ~50 ms per process."""
    return versions(LIBRARIES)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def _installed() -> dict[str, str]:
    """Every distribution on ``sys.path`` with a ``*.dist-info`` folder → its version."""
    import sys

    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name[: -len(".dist-info")].partition("-")
                found.setdefault(_canonical(project), version)
    return found


@functools.cache
def versions(names: tuple[str, ...]) -> tuple[str, ...]:
    """``name==version`` of each installed distribution in ``names`` (``?`` for a missing one)."""
    found = []
    for name in names:
        installed = _installed().get(_canonical(name))
        if installed is None:  # installed some other way: ask the slow, thorough way
            from importlib import metadata

            try:
                installed = metadata.version(name)
            except metadata.PackageNotFoundError:
                installed = "?"
        found.append(f"{name}=={installed}")
    return tuple(found)


@functools.cache
def code_version() -> str:
    """A fingerprint of briefkit's own code and the libraries it draws with: a cached chart or
    dataset made by other code is never reused."""
    digest = hashlib.sha256(VERSION.encode())
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):  # all of builders/
        digest.update(path.read_bytes())
    digest.update(" ".join(libraries()).encode())
    return digest.hexdigest()


#: names the folder of the per-machine cache (see :func:`machine`)
MACHINE_VARIABLE = "BRIEFKIT_CACHE_DIR"


def machine(name: str) -> Path:
    """The folder ``name`` of the cache kept once per machine (per user), not per output folder:
    what depends only on files every project shares — the font tables ReportLab reads from
    each font file, keyed by the file's digest, pyphen's parsed hyphenation patterns and
    briefkit's parsed furniture catalogues —
    so that a fresh clone's first build does not parse them again. ``$BRIEFKIT_CACHE_DIR``,
    else ``$XDG_CACHE_HOME/briefkit``, else ``~/.cache/briefkit``. Entries are sealed and keyed
    as in ``out/.cache/`` (:func:`key`), so several checkouts and versions can share it."""
    return _machine(name, os.environ.get(MACHINE_VARIABLE), os.environ.get("XDG_CACHE_HOME"),
                    os.environ.get("HOME"))


@functools.lru_cache(maxsize=64)
def _machine(name: str, chosen: str | None, base: str | None, home: str | None) -> Path:
    """:func:`machine` for the variables it reads (asked some forty times an edition)."""
    if chosen:
        return Path(chosen) / name
    return (Path(base) if base and os.path.isabs(base) else Path.home() / ".cache") / "briefkit" / name


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


#: the first line of every text entry: the SHA-256 of the rest, so that an entry damaged on
#: disk (a changed byte, a truncated file) is not read back but computed again
_SEAL = b"sha256:"


def read_text(folder: Path | None, name: str) -> str | None:
    """A text entry written by :func:`write_text`, or None when it is missing or damaged."""
    data = read_bytes(folder, name)
    if data is None or not data.startswith(_SEAL):
        return None
    seal, _, body = data.partition(b"\n")
    if seal[len(_SEAL):] != hashlib.sha256(body).hexdigest().encode():
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_bytes(folder: Path | None, name: str) -> bytes | None:
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def write_text(folder: Path | None, name: str, text: str) -> None:
    """Write atomically, sealed with the SHA-256 of the text (see :func:`read_text`); a cache
    that cannot be written is simply not used."""
    body = text.encode("utf-8")
    write_bytes(folder, name, _SEAL + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


def through(folder: Path | None, name: str, restore, compute, store):
    """What ``restore`` makes of the text entry ``name`` in ``folder`` (None: damaged); else
    ``compute()``, kept there as the text ``store`` makes of it (None: not kept)."""
    text = read_text(folder, name)
    found = restore(text) if text is not None else None
    if found is None:
        found = compute()
        stored = store(found) if folder is not None else None
        if stored is not None:
            write_text(folder, name, stored)
    return found


def write_bytes(folder: Path | None, name: str, data: bytes) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    if folder is None:
        return
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, folder / name)
        tmp = None
    except OSError:
        return
    finally:  # a full disk, or a process stopped while it writes, leaves no half-written file behind
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def remember(mapping: dict, key: object, value: T, most: int) -> T:
    """``mapping[key] = value``, and the oldest entries (the first kept) let go while it holds
    more than ``most``: the bounded memories of work a process keeps. The value."""
    mapping[key] = value
    while len(mapping) > most:
        del mapping[next(iter(mapping))]
    return value


#: numbers the links :func:`keep_file` makes before it renames them into place
_LINKS = itertools.count()


def keep_file(folder: Path | None, name: str, source: Path, data: bytes) -> None:
    """Keep ``source``, a file just written that holds ``data``, in ``folder`` as ``name``: as a
    second name of the same file (a hard link: nothing written again, and no new file for the
    file system to find room for, which a batch of editions did twice an edition), or as a
    copy where the file system has no links (FAT) or the link cannot be made. Whoever reads
    it back checks it against a digest kept beside it: a file changed in place under one
    name is changed under the other."""
    if folder is None:
        return
    link = folder / f".{name}.{os.getpid()}.{next(_LINKS)}.link"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.link(source, link)
        os.replace(link, folder / name)
        if link.exists():  # (renaming one name of a file onto another of the same file does nothing)
            link.unlink()
        return
    except OSError:
        try:
            link.unlink(missing_ok=True)
        except OSError:
            pass
    write_bytes(folder, name, data)


class Session:
    """What one process carries from one build to the next, in memory: created by the runner
    (``builders.pipeline.runner``: one per command, per pool worker, per watch) and handed
    down to each build and from there to each writer (``session=``), never kept in a module.
    The same builds with a new session write the same bytes; a session only saves work: the
    deck last built for each report, the slides of the decks lately made, the charts converted
    to drawings, a template's layouts. It holds no file and no lock, so a forked child may
    take a copy and drop it."""

    def __init__(self) -> None:
        #: builds started with this session (the first, in a new process, starts a writer early)
        self.builds = 0
        self._kept: dict[str, dict] = {}

    def kept(self, name: str) -> dict:
        """What the part of briefkit called ``name`` keeps between builds (a dict of its own)."""
        return self._kept.setdefault(name, {})


class Recent(dict):
    """What a session keeps of work done on some content (bytes compressed, a font subset made),
    the most recently used last, within ``most`` entries and ``most_bytes`` bytes (the values and
    bytes keys): :meth:`take` what was kept for a key, :meth:`keep` it (again)."""

    def __init__(self, most: int, most_bytes: int) -> None:
        super().__init__()
        self.most, self.most_bytes, self.size = most, most_bytes, 0

    @staticmethod
    def _size(key: object, value: bytes) -> int:
        return len(value) + (len(key) if isinstance(key, bytes) else 0)

    def take(self, key: object) -> bytes | None:
        value = self.pop(key, None)
        if value is not None:
            self.size -= self._size(key, value)
        return value

    def keep(self, key: object, value: bytes) -> None:
        self.take(key)
        if self._size(key, value) > self.most_bytes:
            return
        self[key] = value
        self.size += self._size(key, value)
        while len(self) > self.most or self.size > self.most_bytes:
            oldest = next(iter(self))
            self.size -= self._size(oldest, self.pop(oldest))
