"""What ReportLab makes again for every document though what it is made from is the same: the
subset of a font for the same characters, and zlib's compression of the same stream (a font
subset, a ToUnicode map). In a batch the editions of one template show the same characters in
the same fonts, and making and compressing those subsets again was a twelfth of a one-page
edition's brief. Each is kept in the process (:class:`builders.store.Recent`) and given back as
made: the same bytes."""

from __future__ import annotations

import threading
from collections.abc import Callable

from ..store import Recent, fork_safe

#: the font subsets, and the compressed streams, a process keeps (entries and bytes)
_SUBSETS = Recent(64, 16 << 20)
_DEFLATED = Recent(64, 16 << 20)
_LOCK = fork_safe(threading.Lock())


def _kept(memo: Recent, key: object, make: Callable[[], bytes]) -> bytes:
    with _LOCK:
        found = memo.take(key)
    if found is None:
        found = make()
    with _LOCK:
        memo.keep(key, found)
    return found


def install() -> None:
    """Have ReportLab's font subsets (``TTFontFile.makeSubset``: a face and its characters, in
    order) and Flate-compressed streams (``PDFStreamFilterZCompress.encode``) kept as above."""
    from reportlab.pdfbase import pdfdoc, ttfonts

    subset = ttfonts.TTFontFile.makeSubset
    if getattr(subset, "briefkit", False):
        return
    encode = pdfdoc.PDFStreamFilterZCompress.encode

    def makeSubset(self, characters):  # noqa: N802 - ReportLab's name
        # the face itself is in the key: registered once, it lives as long as the process
        return _kept(_SUBSETS, (self, tuple(characters)), lambda: subset(self, characters))

    def compressed(self, text):
        if isinstance(text, str):
            text = text.encode("utf8")  # (as ReportLab does)
        return _kept(_DEFLATED, text, lambda: encode(self, text))

    makeSubset.briefkit = True  # type: ignore[attr-defined]
    ttfonts.TTFontFile.makeSubset = makeSubset
    pdfdoc.PDFStreamFilterZCompress.encode = compressed
