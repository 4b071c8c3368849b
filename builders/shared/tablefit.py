"""Column widths that fit a table to a width, and the pieces of a cell no line may break:
shared by the brief and the deck."""

from __future__ import annotations

import re

#: where a line may break between words: white space but the no-break spaces (U+00A0, the
#: figure space and the narrow no-break space that group a number's digits and join a date)
_BREAKABLE = re.compile(r"[^\S\xa0\u2007\u202f]+")
#: a web address: broken only after ``/ . ? &`` (see :func:`url_pieces`)
_URL = re.compile(r"(?:[A-Za-z][\w.+-]*://|www\.)\S+\Z")
_URL_BREAK = re.compile(r"(?<=[/.?&])(?=[^/.?&])")


def is_url(word: str) -> bool:
    return bool(_URL.match(word))


def url_pieces(url: str) -> list[str]:
    """A URL cut after every ``/``, ``.``, ``?`` and ``&`` (a run of them stays with what it
    ends: ``https://`` is one piece). Not after ``-``: a line ending on a hyphen reads as a
    hyphenated word, and ReportLab drops such a hyphen when it sets a split paragraph again."""
    return [p for p in _URL_BREAK.split(url) if p]


#: Chinese, Japanese and Korean characters: a line may break between any two (as PowerPoint,
#: LibreOffice and ReportLab's long-word split do), so each is a piece of its own
_CJK_RANGES = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_CJK = re.compile(f"[{_CJK_RANGES}]")
_CJK_PIECES = re.compile(f"[{_CJK_RANGES}]|[^{_CJK_RANGES}]+")


def tokens(text: str) -> list[str]:
    """The pieces of a cell a line never breaks: a number with its sign, digit groups, decimals
    and unit, a date's parts joined by no-break spaces, a word of a name, an acronym, a word;
    a URL breaks only after ``/ . ? &``; Chinese (Japanese, Korean) one character at a time
    (a 14-character name in brackets had been one piece, which no slide's column could hold)."""
    out: list[str] = []
    for word in _BREAKABLE.split(text):
        if not word:
            continue
        if is_url(word):
            out.extend(url_pieces(word))
        elif _CJK.search(word):
            out.extend(_CJK_PIECES.findall(word))
        else:
            out.append(word)
    return out


def column_widths(natural: list[float], minimum: list[float], width: float,
                  stretch: float | None = None) -> list[float]:
    """A table's column widths, in the brief and the deck alike: each column's ``natural`` width
    (its widest cell, padded) and ``minimum`` (its longest unbreakable piece, padded) in, widths
    summing to ``width`` out (:func:`fit_widths`); with ``stretch``, a table whose content fits
    is sized to it, its columns grown by at most that factor, rather than stretched to the width."""
    if stretch is not None and sum(natural) <= width:
        return [w * min(stretch, width / sum(natural)) for w in natural]
    return fit_widths(natural, minimum, width)


def fit_widths(natural: list[float], minimum: list[float], width: float) -> list[float]:
    """Widths summing to ``width``.

    When everything fits, each column gets its natural width plus a share of the spare room.
    When it does not, every column keeps at least its ``minimum`` (its longest unbreakable
    piece); then the columns that want little more than that get all they want (so "United
    States" does not wrap to save a few points), and the long-text columns share what is left.
    The caller makes sure the minimums fit (smaller type, or a "cannot fit" error).
    """
    if sum(natural) <= width:
        extra = width - sum(natural)
        total = sum(natural) or 1.0
        return [w + extra * w / total for w in natural]
    if sum(minimum) >= width:
        total = sum(minimum) or 1.0
        return [width * m / total for m in minimum]
    widths = list(minimum)
    want = {i: max(n - m, 0.0) for i, (n, m) in enumerate(zip(natural, minimum))}
    spare = width - sum(minimum)
    for i in sorted(want, key=lambda column: want[column]):
        fair = spare / len(want)
        if want[i] > fair:
            break
        widths[i] += want.pop(i)
        spare -= widths[i] - minimum[i]
    total = sum(want.values()) or 1.0
    for i, w in want.items():
        widths[i] += spare * w / total
    return widths
