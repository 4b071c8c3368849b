"""Where the brief's lines may break inside a word: web addresses, and hyphenation by rule.

**Web addresses** break only after ``/``, ``.``, ``?`` or ``&``, with no mark at the
break. ReportLab splits a URL that does not fit a line at one of its slashes, and only a word
that starts like a URL (``https://``): the rest of a long one could not be split again and ran
off the page. :func:`install` gives ReportLab's paragraphs a URL splitter that knows every URL
this process has set (:func:`remember`), so each remaining piece splits again (and a piece
too long for any line, between any two of its characters).

**Hyphenation** (:class:`Hyphenator`, a paragraph style's ``hyphenationLang``) never breaks a
capitalised word (a name: "Uzbekistan", "Zhaparov"), an acronym, a number, a URL or an email;
it leaves at least three letters on each side of the break (Russian: two before, three after),
skips a language's known bad breaks, and :func:`at_most_two_in_a_row` sets a paragraph again
without the break that made a third hyphenated line in a row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import copy

import pyphen
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
    cuts: set[int] = set()
    at = 0
    for piece in url_pieces(word):
        if len(piece) >= _LONG_PIECE:
            cuts.update(range(at + 1, at + len(piece)))
        at += len(piece)
        cuts.add(at)
    cuts.discard(len(word))
    return [(word[:cut], word[cut:]) for cut in sorted(cuts, reverse=True)]


def install() -> None:
    """Put the URL splitter in ReportLab's paragraph module, and let it offer words joined by
    a no-break space to the hyphenator (idempotent)."""
    rl_paragraph._uri_split_pairs = _url_pairs
    letters = rl_paragraph._hy_letters
    rl_paragraph._hy_letters_pat = re.compile(f"^[{letters}]+(?:\xa0[{letters}]+)*$")


#: letters kept before and after a break, by language (two-letter code); others: (3, 3)
_MINIMUM = {"ru": (2, 3), "uk": (2, 3), "be": (2, 3), "bg": (2, 3)}
#: words a language never hyphenates (known bad breaks of its patterns), lower case
EXCEPTIONS: dict[str, frozenset[str]] = {
    "en": frozenset({"therapist", "legend", "present", "record"}),
    "ru": frozenset(),
}
#: languages that capitalise every noun: a word capitalised and otherwise lower case, of at
#: least :data:`_NOUN_LETTERS` letters, may break there ("Strompreis-bremsegesetz": refused as a
#: name, a German compound stood alone on its line and the line above gaped)
_NOUNS_CAPITALISED = frozenset({"de", "lb"})
_NOUN_LETTERS = 8
#: a word that may be hyphenated: lower-case letters only (a hyphen or soft hyphen inside)
_LOWER = re.compile(r"[^\W\d_A-ZА-ЯЁ]+(?:[-\xad][^\W\d_A-ZА-ЯЁ]+)*\Z")


class Hyphenator:
    """pyphen's breaks for one language, by the rules above; ReportLab calls it with a word
    (its punctuation stripped) and takes the first ``(head, tail)`` pair that fits."""

    def __init__(self, language: str) -> None:
        #: the pyphen dictionary's code (``en_GB``, ``ru_RU``)
        self.language = language
        self.before, self.after = _MINIMUM.get(language[:2].lower(), (3, 3))
        self.exceptions = EXCEPTIONS.get(language[:2].lower(), frozenset())
        self.nouns = language[:2].lower() in _NOUNS_CAPITALISED
        #: words a paragraph must not break (a third hyphenated line in a row)
        self.refused: frozenset[str] = frozenset()
        self._pyphen: pyphen.Pyphen | None = None

    def refusing(self, words: frozenset[str]) -> Hyphenator:
        other = Hyphenator(self.language)
        other.refused, other._pyphen = words, self._pyphen
        return other

    def __call__(self, word: str):
        if "\xa0" in word:  # a short word held to this one ("в\xa0регионе"): its last part may break
            joined, _, last = word.rpartition("\xa0")
            return [(f"{joined}\xa0{h}", t) for h, t in self(last)]
        checked = word[:1].lower() + word[1:] if self.nouns and len(word) >= _NOUN_LETTERS else word
        if (not _LOWER.match(checked) or word in self.refused or word.lower() in self.exceptions
                or any(ch.isupper() for ch in checked)):
            return ()
        if self._pyphen is None:
            self._pyphen = pyphen.Pyphen(lang=self.language, left=self.before, right=self.after)
        return [(h, t) for h, t in self._pyphen.iterate(word)
                if _letters(h) >= self.before and _letters(t) >= self.after]


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _line_texts(para) -> list[str]:
    """The text of each line of a laid-out paragraph (ReportLab's ``blPara``)."""
    lines = para.blPara.lines
    if para.blPara.kind == 0:
        return [" ".join(words) for _, words in lines]
    return ["".join(getattr(f, "text", "") for f in line.words) for line in lines]


def at_most_two_in_a_row(para, rewrap: Callable[[], tuple[float, float]], first: tuple[float, float]):
    """Lay ``para`` out again (``rewrap``) until no three lines in a row end in a hyphen, each
    time refusing the word broken at the end of the third; its size as laid out last."""
    hyphenator = para.style.hyphenationLang
    if not isinstance(hyphenator, Hyphenator) or getattr(para, "_hyphenations", 0) < 3:
        return first
    size = first
    for _ in range(12):
        texts = _line_texts(para)
        run, word = 0, ""
        for i, text in enumerate(texts[:-1]):
            run = run + 1 if text.endswith("-") else 0
            if run == 3:
                head = text.split()[-1] if text.split() else ""
                tail = texts[i + 1].split()[0] if texts[i + 1].split() else ""
                word = re.sub(r"^\W+|\W+$", "", head[:-1] + tail)
                break
        if not word or word in hyphenator.refused:
            return size
        hyphenator = hyphenator.refusing(hyphenator.refused | {word})
        style = copy(para.style)
        style.hyphenationLang = hyphenator
        para.style = style
        size = rewrap()
    return size
