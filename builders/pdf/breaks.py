"""Where the brief's lines may break inside a word: web addresses, and hyphenation by rule.

**Web addresses** break only after ``/``, ``.``, ``?`` or ``&``, with no mark at the
break. ReportLab splits a URL that does not fit a line at one of its slashes, and only a word
that starts like a URL (``https://``): the rest of a long one could not be split again and ran
off the page. :func:`install` gives ReportLab's paragraphs a URL splitter that knows every URL
this process has set (:func:`remember`), so each remaining piece splits again (and a piece
too long for any line, between any two of its characters).
"""

from __future__ import annotations

import re

from reportlab.platypus import paragraph as rl_paragraph

from ..shared.tablefit import is_url, url_pieces

#: a URL in running text or a cell
_URL_WORD = re.compile(r"(?:[A-Za-z][\w.+-]*://|www\.)[^\s\xa0]+")
#: the URLs this process has set, so the rest of one split at a line end is known as a URL too
_URLS: set[str] = set()


def remember(text: str) -> None:
    """Note the URLs in ``text`` (a paragraph's plain text)."""
    for found in _URL_WORD.finditer(text):
        _URLS.add(found.group().rstrip(".,;:!?)]}\u2019\u201d\u00bb"))


#: a piece of a URL this long (a token, a hash) may break between any two characters
_LONG_PIECE = 30


def _url_pairs(word: str):
    """ReportLab's ``_uri_split_pairs``: ``(head, tail)`` pairs, longest head first, for a URL
    or the rest of one; None for any other word. A piece of ``_LONG_PIECE`` characters or more
    may also break inside, so no part of a URL runs off the page."""
    if not word or not (is_url(word) or any(url.endswith(word) for url in _URLS)):
        return None
    cuts, at = set(), 0
    for piece in url_pieces(word):
        if len(piece) >= _LONG_PIECE:
            cuts.update(range(at + 1, at + len(piece)))
        at += len(piece)
        cuts.add(at)
    cuts.discard(len(word))
    return [(word[:cut], word[cut:]) for cut in sorted(cuts, reverse=True)]


def install() -> None:
    """Put the URL splitter in ReportLab's paragraph module (idempotent)."""
    rl_paragraph._uri_split_pairs = _url_pairs
