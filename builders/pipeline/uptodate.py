"""Skip a build whose inputs and outputs are unchanged since it was last made (as make does).

After a build, a manifest in ``out/.cache/builds/`` records every file the outputs depend on
(the report folder, the data folders, the theme and its fonts and logo, the template, and
briefkit's own code) and the outputs themselves, each by size and modification time. A later
build with the same options whose files all still match writes nothing: the outputs are
already what it would write. ``--no-cache`` always rebuilds.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from .. import store as cache_store

_CODE = Path(__file__).resolve().parent.parent  # all of builders/


def files(root: Path, ignore: Path | None = None) -> list[Path]:
    """Every file under ``root`` but hidden ones, ``__pycache__`` and the folder ``ignore``."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__"
                             and (ignore is None or here / d != ignore))
        found += [Path(dirpath) / n for n in sorted(filenames) if not n.startswith(".")]
    return found


def stamp(path: Path) -> list[int] | None:
    """A file's size and modification time (None when it cannot be read)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _manifest_name(report_dir: Path, formats: tuple[str, ...], options: dict) -> str:
    key = json.dumps([str(report_dir.resolve()), formats, {k: str(v) for k, v in sorted(options.items())},
                      cache_store.libraries()])
    return hashlib.sha256(key.encode()).hexdigest()[:24] + ".json"


def fresh(folder: Path | None, report_dir: Path, formats: tuple[str, ...], options: dict,
          targets: list[Path]) -> bool:
    """Whether the outputs from the last build with these options are still up to date."""
    if folder is None:
        return False
    text = cache_store.read_text(folder, _manifest_name(report_dir, formats, options))
    if text is None:
        return False
    try:
        manifest = json.loads(text)
        recorded = {Path(p): seen for p, seen in manifest["inputs"] + manifest["outputs"]}
    except (ValueError, KeyError, TypeError):
        return False
    if {str(t) for t in targets} != {p for p, _ in manifest["outputs"]}:
        return False
    return all(stamp(path) == seen for path, seen in recorded.items()) and \
        set(manifest.get("listing", [])) == set(_listing(manifest.get("roots", []), manifest.get("skip", [])))


def _listing(roots: list[str], skip: list[str] | None = None) -> list[str]:
    """Every file under the watched folders (so a new or removed file also counts as a change),
    but those in ``skip``."""
    return [str(p) for root in roots for p in files(Path(root)) if str(p) not in (skip or ())]


class Inputs:
    """The stamps of a build's inputs, taken before they are read: an edit saved while the
    build runs then leaves the recorded stamp older than the file, and the next build builds."""

    def __init__(self, roots: list[Path], skip: tuple[Path, ...] = ()) -> None:
        self.roots = [r.resolve() for r in dict.fromkeys(roots) if r.exists()]
        self.stamps: dict[Path, list[int] | None] = {}
        #: files under the roots that are not inputs (another edition's source)
        self.skip = sorted(str(p.resolve()) for p in skip)
        #: every file under the roots when the build began
        self.listing = [p for root in self.roots for p in files(root) if str(p) not in self.skip]
        for path in self.listing:  # under a resolved root, in folders os.walk went into (no links):
            resolved = path.resolve() if path.is_symlink() else path  # only a link is resolved
            self.stamps.setdefault(resolved, stamp(resolved))
        # the code; a furniture catalogue (locale/catalogues/*.po) only for its language's editions (build
        # adds it)
        for path, seen in _code().items():
            self.stamps.setdefault(path, seen)

    def add(self, *paths: Path | None) -> None:
        """Stamp more inputs (the theme, fonts, template and pictures, once the report is read)."""
        self.add_resolved(*(path.resolve() for path in paths if path is not None))

    def add_resolved(self, *paths: Path) -> None:
        """:meth:`add` for paths whose links are resolved already (those the gate let through:
        resolving each again took a tenth of what an edition's reading process does)."""
        for path in paths:
            if path not in self.stamps:
                self.stamps[path] = stamp(path)


@functools.cache
def _code() -> dict[Path, list[int] | None]:
    """briefkit's own modules (links resolved) and their stamps: the code a process runs is the
    code it started with, so it is listed and stamped once, at the process's first build (a
    batch had stamped it for every edition, and an edition built after the code was edited
    would have been recorded as built by the new code)."""
    return {path: stamp(path) for path in (p.resolve() for p in files(_CODE) if p.suffix == ".py")}


def record(folder: Path | None, report_dir: Path, formats: tuple[str, ...], options: dict,
           inputs: Inputs, targets: list[Path]) -> None:
    """Write the manifest of a build that just succeeded."""
    if folder is None:
        return
    manifest = {
        "roots": [str(r) for r in inputs.roots],
        "listing": [str(p) for p in inputs.listing],
        "skip": inputs.skip,
        # (in the order of the paths, compared part by part: by their parts, which a path keeps)
        "inputs": [[str(p), seen] for p, seen in sorted(inputs.stamps.items(), key=_parts)],
        "outputs": [[str(t), stamp(t)] for t in targets],
    }
    cache_store.write_text(folder, _manifest_name(report_dir, formats, options), json.dumps(manifest))


def _parts(item: tuple[Path, object]) -> tuple[str, ...]:
    return item[0].parts
