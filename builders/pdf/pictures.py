"""Pictures (the logo, a report's images) decoded and compressed once per version of their file
in a process, not once per brief: ReportLab reads a picture file afresh for every document,
decoding its pixels and compressing them again, which took a tenth of a one-page edition's
brief (the logo) in a batch. What a document gets is the same image object, so the same bytes.
The name ReportLab gives an image it draws (an MD5 of its pixels and mask: 2.5 ms for the
logo, a twelfth of a one-page brief) is worked out once per version of the file too."""

from __future__ import annotations

import copy
import functools
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from ..store import remember

#: (file, size, time, inode, mask) → the loaded image's attributes
_LOADED: dict[tuple, dict] = {}
#: how many pictures are kept (each holds its compressed pixels)
_MOST = 32


#: (file, size, time, inode) → the one ImageReader of that version of the file (:func:`reader`)
_READERS: dict[tuple, object] = {}


def _stamp(path: str) -> tuple | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return path, info.st_size, info.st_mtime_ns, info.st_ino


def reader(path: Path):
    """ReportLab's reader of the picture at ``path``, one per version of the file in a process
    (it keeps the pixels it decoded)."""
    from reportlab.lib.utils import ImageReader

    from ..paths import limit_pictures

    limit_pictures()
    key = _stamp(str(path))
    if key is None:
        return ImageReader(str(path))  # it says why it cannot be read
    if key not in _READERS:
        remember(_READERS, key, ImageReader(str(path)), _MOST)
    return _READERS[key]


def picture(path: Path, width: float, height: float):
    """A platypus Image of ``path`` at that size, drawn from :func:`reader`'s reader under the
    name it was drawn with before (:func:`_named`)."""
    image = _picture_class()(str(path), width=width, height=height)
    image._img = reader(path)
    return image


@functools.cache
def _picture_class():
    from reportlab.platypus import Image

    class Picture(Image):
        """An Image drawn under the name ReportLab gave its pixels the last time."""

        def draw(self) -> None:
            with _named(self._img, self._mask):
                super().draw()

    return Picture


#: (file, size, time, inode, mask) → the name ReportLab gave the image drawn from that reader
_NAMES: dict[tuple, str] = {}
#: the key in :data:`_NAMES` of the image this thread is drawing (None: not one of ours)
_DRAWING = threading.local()


@contextmanager
def _named(source: object, mask: object):
    """While ``source`` (a reader of ours) is drawn with ``mask``, ReportLab's name for it comes
    from :data:`_NAMES` (see :func:`install`)."""
    _DRAWING.key = _key(source, mask) if not isinstance(source, str) else None
    try:
        yield
    finally:
        _DRAWING.key = None


def _install_names() -> None:
    """Have ReportLab's canvas name the image drawn inside :func:`_named` as it did before: the
    digest of the same reader's pixels and mask, worked out the first time."""
    from reportlab.pdfgen import canvas

    original = canvas._digester
    if getattr(original, "briefkit", False):
        return

    def digester(data):
        key, _DRAWING.key = getattr(_DRAWING, "key", None), None  # (one name per image drawn)
        if key is None:
            return original(data)
        if key not in _NAMES:
            remember(_NAMES, key, original(data), _MOST)
        return _NAMES[key]

    digester.briefkit = True  # type: ignore[attr-defined]
    canvas._digester = digester


def _key(source: object, mask: object) -> tuple | None:
    if not isinstance(source, str):  # a reader of ours: its file's version
        found = next((k for k, r in _READERS.items() if r is source), None)
        return (*found, repr(mask)) if found is not None else None
    try:
        info = os.stat(source)
    except OSError:
        return None
    return source, info.st_size, info.st_mtime_ns, info.st_ino, repr(mask)


def install() -> None:
    """Have ReportLab's image objects loaded from a file reuse what the same file gave before,
    and its canvas name a picture it draws as before (:func:`_install_names`)."""
    from reportlab.pdfbase import pdfdoc

    _install_names()

    original = pdfdoc.PDFImageXObject.__init__
    if getattr(original, "briefkit", False):
        return

    def init(self, name, source=None, mask=None):
        key = _key(source, mask)
        seen = _LOADED.get(key) if key is not None else None
        if seen is None:
            original(self, name, source, mask)
            if key is not None:  # as loaded, before a document registers it (or its soft mask)
                loaded = {k: copy.copy(v) if k == "_smask" else v for k, v in self.__dict__.items()}
                remember(_LOADED, key, loaded, _MOST)
            return
        self.__dict__.update(seen)
        if "_smask" in seen:  # the document registers it (and the image takes a reference to it)
            self._smask = copy.copy(seen["_smask"])
        self.name = name

    init.briefkit = True  # type: ignore[attr-defined]
    pdfdoc.PDFImageXObject.__init__ = init
