"""One resource of a data package, as its descriptor declares it (read by :mod:`.data`, typed by
:mod:`.datatypes`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Location


@dataclass(frozen=True)
class Resource:
    """One resource of a descriptor, checked for shape but not yet read."""

    name: str
    path: Path
    title: str
    description: str
    source: str
    fields: tuple[dict[str, Any], ...]
    encoding: str
    delimiter: str
    missing: tuple[str, ...]
    #: where the resource is described (descriptor file and line)
    location: Location
    #: the title, description and sources as written: a text, or texts by language
    #: (see builders.read.datalang)
    titles: Any = None
    descriptions: Any = None
    sources: tuple = ()


#: descriptors read in this process: (path, roots) → (its size, time and inode, its resources)
_DESCRIPTORS: dict[tuple[Path, tuple[Path, ...]], tuple[tuple, dict[str, Resource]]] = {}


def described(path: Path, roots: tuple[Path, ...], read) -> dict[str, Resource]:
    """The resources of the descriptor at ``path`` (``read(path, roots)``: :func:`.data.read_descriptor`),
    read again only when the file changed (by size and time) since this process read it: a
    batch's editions share the data package (each data file is still read through the gate,
    ``DataPackages._load``)."""
    try:
        info = path.stat()
    except OSError:  # gone: reading it says so, where
        return read(path, roots)
    stamp = (info.st_size, info.st_mtime_ns, info.st_ino)
    seen = _DESCRIPTORS.get((path, roots))
    if seen is None or seen[0] != stamp:
        seen = _DESCRIPTORS[(path, roots)] = (stamp, read(path, roots))
    return seen[1]
