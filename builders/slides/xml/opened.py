"""A template as python-pptx opened it, copied for every deck a session makes from it."""

from __future__ import annotations

import copy
import io
import pickle

from lxml import etree


def tree(proxy):
    """The XML tree under a python-pptx proxy (a layout, a slide): what names it while it lives
    (the decks of a session share their template's layout trees, :class:`Opened`)."""
    return proxy._element


class Opened:
    """A presentation as python-pptx opened it, to make copies of: its objects pickled in
    memory (the parts, their relationships, the package: a C pickle is faster than
    ``copy.deepcopy`` of them; nothing is written anywhere), each part's XML tree apart. A copy
    gets its own tree of every part but the masters' and layouts', which the decks share:
    nothing writes to those (slides are added *over* a layout, the deck's own parts are the
    presentation, slides, notes, theme and properties), and copying them was most of a copy's
    time: 2 -> 0.3 ms an edition of a batch."""

    def __init__(self, prs) -> None:
        from pptx.parts.slide import SlideLayoutPart, SlideMasterPart

        shared = {id(part._element) for part in prs.part.package.iter_parts()
                  if isinstance(part, (SlideLayoutPart, SlideMasterPart))}
        self.trees: list = []
        trees, numbers = self.trees, {}

        class Pickler(pickle.Pickler):
            def persistent_id(self, obj):
                if not isinstance(obj, etree._Element):
                    return None
                if obj.getparent() is not None:  # a proxy kept a child: copy the whole instead
                    raise pickle.PicklingError("a part's child element")
                if id(obj) not in numbers:  # (a tree held twice, by a part and its proxy, is one tree)
                    numbers[id(obj)] = len(trees)
                    trees.append(obj)
                return numbers[id(obj)]

        #: the ids of the trees the copies share, and those trees serialised (:meth:`blob`), by
        #: their ids (the trees live as long as this, in :attr:`trees`)
        self.shared_ids = shared
        self.blobs: dict[int, bytes] = {}
        buffer = io.BytesIO()
        try:
            Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(prs)
            self.pickled: bytes | None = buffer.getvalue()
        except (pickle.PicklingError, TypeError, AttributeError):
            self.pickled, self.prs = None, prs  # copied whole (copy.deepcopy), as before

    def copy(self):
        if self.pickled is None:
            return copy.deepcopy(self.prs)
        trees, shared, copied = self.trees, self.shared_ids, {}

        class Unpickler(pickle.Unpickler):
            def persistent_load(self, n):
                if n not in copied:
                    copied[n] = trees[n] if id(trees[n]) in shared else copy.deepcopy(trees[n])
                return copied[n]

        prs = Unpickler(io.BytesIO(self.pickled)).load()
        prs.part.package.briefkit_template = self  # (its shared trees' bytes: :meth:`blob`)
        return prs

    def blob(self, part) -> bytes:
        """``part.blob``, serialised once for a tree the copies share."""
        key = id(getattr(part, "_element", None))
        if key not in self.shared_ids or self.pickled is None:
            return part.blob
        if key not in self.blobs:
            self.blobs[key] = part.blob
        return self.blobs[key]
