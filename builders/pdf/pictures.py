"""Pictures (the logo, a report's images) decoded and compressed once per version of their file
in a process, not once per brief: ReportLab reads a picture file afresh for every document,
decoding its pixels and compressing them again, which took a tenth of a one-page edition's
brief (the logo) in a batch. What a document gets is the same image object, so the same bytes."""

from __future__ import annotations

import copy
import os

#: (file, size, time, inode, mask) → the loaded image's attributes
_LOADED: dict[tuple, dict] = {}
#: how many pictures are kept (each holds its compressed pixels)
_MOST = 32


def _key(source: object, mask: object) -> tuple | None:
    if not isinstance(source, str):
        return None
    try:
        info = os.stat(source)
    except OSError:
        return None
    return source, info.st_size, info.st_mtime_ns, info.st_ino, repr(mask)


def install() -> None:
    """Have ReportLab's image objects loaded from a file reuse what the same file gave before."""
    from reportlab.pdfbase import pdfdoc

    original = pdfdoc.PDFImageXObject.__init__
    if getattr(original, "briefkit", False):
        return

    def init(self, name, source=None, mask=None):
        key = _key(source, mask)
        seen = _LOADED.get(key) if key is not None else None
        if seen is None:
            original(self, name, source, mask)
            if key is not None:
                _LOADED[key] = dict(self.__dict__)
                while len(_LOADED) > _MOST:
                    del _LOADED[next(iter(_LOADED))]
            return
        self.__dict__.update(seen)
        if "_smask" in seen:  # the document registers it (and the image takes a reference to it)
            self._smask = copy.copy(seen["_smask"])
        self.name = name

    init.briefkit = True  # type: ignore[attr-defined]
    pdfdoc.PDFImageXObject.__init__ = init
