"""Right-to-left text: which text needs the Unicode bidirectional algorithm, and its visual order.

Persian/Dari, Pashto and Uyghur are written right to left, mixed with left-to-right words and
numbers. The order in which to draw a line's pieces comes from python-bidi's implementation of
the Unicode Bidirectional Algorithm (UAX #9, run in full: explicit marks, weak and neutral
types, levels and the L1/L2 reordering); this module only reads back where each character went.
Joining letters into their contextual forms is HarfBuzz's work (through ReportLab's shaping in
the brief; PowerPoint and LibreOffice shape the deck themselves).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

#: characters of the right-to-left scripts (Hebrew, Arabic and its supplements, Syriac, Thaana,
#: N'Ko, and their presentation forms); text without any is left to right, untouched
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")

#: invisible marks that only steer the algorithm; no font needs to draw them
MARKS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter (and so needs reordering and shaping)."""
    return _RTL.search(text) is not None


def base_rtl(text: str) -> bool:
    """Whether a paragraph runs right to left: when most of its strong letters do. (UAX #9 lets a
    higher-level protocol set the direction, HL1: an English sentence that opens with a Persian
    name stays an English sentence, which the first-strong-letter rule, P2, would turn.)"""
    balance = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        balance += kind in ("R", "AL")
        balance -= kind == "L"
    return balance > 0


@dataclass(frozen=True)
class Order:
    """Where each character of a line goes."""

    #: logical index of the character drawn at each visual position, left to right (the
    #: invisible marks are left out)
    visual: tuple[int, ...]
    #: embedding level of each character, by logical index (odd: right to left)
    levels: dict[int, int]


@lru_cache(maxsize=4096)
def order(text: str, rtl: bool) -> Order:
    """The visual order of one line of ``text`` in a paragraph running right to left (``rtl``)
    or left to right."""
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"] = int(rtl)
    storage["base_dir"] = "R" if rtl else "L"
    algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    levels = {char["index"]: char["level"] for char in storage["chars"]}
    algorithm.reorder_resolved_levels(storage, False)
    visual = tuple(char["index"] for char in storage["chars"] if char["ch"] not in MARKS)
    return Order(visual, levels)


def word_order(words: Sequence[str], rtl: bool) -> list[int]:
    """The indices of ``words`` (one line, in reading order) in the order they are drawn, left
    to right."""
    starts, text = [], ""
    for word in words:
        starts.append(len(text))
        text += word + " "
    where = {logical: visual for visual, logical in enumerate(order(text.rstrip(" "), rtl).visual)}
    position = [min((where.get(i, len(text)) for i in range(start, start + len(word))), default=len(text))
                for start, word in zip(starts, words)]
    return sorted(range(len(words)), key=position.__getitem__)


def runs(text: str, rtl: bool | None = None) -> list[tuple[str, bool]]:
    """One line of ``text`` as ``(piece, right_to_left)`` pieces in drawing order, left to right;
    each piece is in reading order (a right-to-left piece is shaped, and so turned, as a whole)."""
    if not has_rtl(text):
        return [(text, False)]
    found = order(text, base_rtl(text) if rtl is None else rtl)
    pieces: list[tuple[list[int], bool]] = []
    for logical in found.visual:
        backwards = found.levels[logical] % 2 == 1
        if pieces and pieces[-1][1] == backwards and logical == pieces[-1][0][-1] + (-1 if backwards else 1):
            pieces[-1][0].append(logical)
        else:
            pieces.append(([logical], backwards))
    return [("".join(text[i] for i in sorted(indices)), backwards) for indices, backwards in pieces]
