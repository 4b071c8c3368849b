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
