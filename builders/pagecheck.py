"""The preflight's reading of the brief's lines (used by :mod:`.preflight`): a token of the
sources broken across two lines (a number such as 1,195, a name, any word set in pieces
because it was wider than its line), and an ellipsis the writer added (a cell or running head
cut short). Each is located at the source line that holds the token or, for an ellipsis, at
the line whose text was cut."""

from __future__ import annotations

import re
from pathlib import Path

from .model import Location, Report

#: punctuation around a token that is not part of it
_EDGES = ".,;:!?()[]{}\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u2014\u2013*_`"
#: a number's digit groups, joined by a comma, a full stop or a (no-break, thin) space
_GROUPED = re.compile(r"\d{1,3}(?:[,.\u202f\u00a0\u2009 ]\d{3})+(?:[.,]\d+)?")
_ELLIPSIS = "\u2026"


def _sources(report: Report) -> list[tuple[Path, list[str]]]:
    """The report's source and its data files, line by line."""
    files = [report.root / report.source]
    data = report.root / "data"
    if data.is_dir():
        files += sorted(data.glob("*.csv"))
    return [(path, path.read_text(encoding="utf-8-sig", errors="replace").splitlines()) for path in files]


def _token(text: str) -> str:
    return text.strip(_EDGES)


def _is_address(token: str) -> bool:
    return "/" in token or "@" in token or token.startswith("www.")


def _tick(text: str) -> bool:
    """A chart axis's tick label: a short number and nothing else."""
    return bool(re.fullmatch(r"[-\u2212]?\d{1,3}(?:[.,]\d+)?%?", text))


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


class Tokens:
    """The tokens of the sources (white space never inside one) and the numbers written with
    digit groups, each with where it is first found."""

    def __init__(self, report: Report) -> None:
        self.words: dict[str, Location] = {}
        self.numbers: dict[str, Location] = {}
        self.texts: list[tuple[Path, list[str]]] = _sources(report)
        self.pairs: set[tuple[str, str]] = set()
        for path, lines in self.texts:
            for n, line in enumerate(lines, 1):
                tokens = [_token(t) for t in re.split(r"[\s,;|]+", line) if _token(t)]
                for t in tokens:
                    self.words.setdefault(t, Location(path, n, line.find(t) + 1))
                self.pairs.update(zip(tokens, tokens[1:]))
                for found in _GROUPED.finditer(line):
                    self.numbers.setdefault(_digits(found.group()), Location(path, n, found.start() + 1))

    def split(self, end: str, start: str) -> tuple[str, Location] | None:
        """The token broken between a line ending in ``end`` and the next starting with
        ``start`` (and where it is), or None when the break falls between two tokens."""
        a, b = end.lstrip(_EDGES), start.rstrip(_EDGES)
        if not a or not b or _is_address(a) or _is_address(b):
            return None
        number = re.search(r"[\d,.\u00a0]*\d[,.]?$", a)
        head = re.match(r"\d[\d,.\u00a0]*", b)
        if number and head and len(_digits(number.group()) + _digits(head.group())) >= 4:
            joined = _digits(number.group()) + _digits(head.group())
            if joined in self.numbers and (a.rstrip(_EDGES), b.strip(_EDGES)) not in self.pairs:
                return number.group() + head.group(), self.numbers[joined]
        if a.endswith("-") and len(a) > 1:
            word = a[:-1] + b
            # a hyphen the writer added: only where the joined word is a source token; a name,
            # a number or an acronym is never hyphenated
            if word in self.words and (word[0].isupper() or any(c.isdigit() for c in word)):
                return word, self.words[word]
            return None
        word = a + b
        if (a, b) in self.pairs or a.rstrip(_EDGES) in self.words and b in self.words:
            return None  # two tokens of the source, broken where it has a space
        if word in self.words:
            return word, self.words[word]
        if len(a) >= 8 and len(b) >= 8:  # the middle of a token set in three or more pieces
            for token, where in self.words.items():
                if word in token and not _is_address(token):
                    return token, where
        return None

    def cut(self, text: str) -> Location | None:
        """Where the text ``text`` ending in an ellipsis the sources do not have comes from
        (the source line holding the words before it); None when the sources have it."""
        for found in re.finditer(r"(\S{1,12})\s*\u2026", text):
            before = found.group(1)
            if any(re.search(re.escape(before) + r"\s*\u2026", " ".join(lines)) for _, lines in self.texts):
                return None
            words = text[:found.end(1)].split()
            for length in (3, 2, 1):  # the line holding the most words before the cut
                phrase = " ".join(words[-length:])
                for path, lines in self.texts:
                    for n, line in enumerate(lines, 1):
                        if phrase in " ".join(line.split()):
                            return Location(path, n, 1)
            return Location(self.texts[0][0], 1, 1)
        return None


def line_findings(report: Report, pages: list[list[str]]) -> list[tuple[Location, str]]:
    """Tokens broken across lines and ellipses the writer added, in the brief's ``pages`` (each
    a list of its text lines, as pdfplumber reads them)."""
    tokens = Tokens(report)
    findings: list[tuple[Location, str]] = []
    for number, lines in enumerate(pages, 1):
        for line, following in zip(lines, lines[1:]):
            end, start = line.split(), following.split()
            if not end or not start or len(end) == len(start) == 1 and _tick(end[0]) and _tick(start[0]):
                continue  # two lines of one short number each: a chart's axis ticks ("20", "10"), not "2010"
            broken = tokens.split(end[-1], start[0])
            if broken is not None:
                token, where = broken
                findings.append((where,
                                 f"page {number} of the brief: '{token[:40]}' is broken across two lines "
                                        f"('{end[-1][-20:]}' | '{start[0][:20]}')"))
        for line in lines:
            if _ELLIPSIS in line:
                cut = tokens.cut(line)
                if cut is not None:
                    findings.append((cut, f"page {number} of the brief: '{line.strip()[:60]}' is cut short "
                                            "with an ellipsis"))
    return findings
