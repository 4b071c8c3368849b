"""Time words an editor would date: relative words ("latest", "recently", "this year") and a
month named without its year, found in a report's source for ``briefkit check``.

A brief is read long after it is written; "the latest meeting" or "in March" is true only on the
day it was written. Words inside quotation marks are the speaker's and are left alone, as are
comment lines (``%``) and the front matter's keys.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Location

#: relative time words, English and Russian, and what to write instead
_RELATIVE = {
    "en": r"latest|recent|recently|lately|currently|this year|last year|next year|so far|to date|"
          r"nowadays|these days|this month|last month",
    # «последний» alone is also "last in a list": only "the latest meeting/summit" is relative
    "ru": r"недавн\w*|последн\w*\s+(?:встреч|саммит|заседани|форум)\w*|в последнее время|в настоящее время|"
          r"сейчас|в этом году|в прошлом году|в следующем году|пока что|до сих пор|на сегодня",
}

_MONTHS = {
    "en": r"January|February|March|April|May|June|July|August|September|October|November|December",
    "ru": r"январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?|"
          r"сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе]",
}

#: a year that dates a month: "March 2024", "March 13–15, 2024", "13 марта 2024 г."
_YEAR_AFTER = re.compile(r"^(?:\s*\d{1,2}(?:\s*[-\u2013]\s*\d{1,2})?,?)?\s*[\s\u00a0](?:19|20)\d\d(?!\d)")
#: a year earlier in a month's sentence dates it too
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: quoted text on a line: “…”, «…», "…"
_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|\u00ab[^\u00bb]*\u00bb|\"[^\"]*\"")
_URL = re.compile(r"https?://\S+")


def _language(language: str) -> str:
    return "ru" if language.lower().startswith("ru") else "en"


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def time_words(path: Path, lines: list[str], language: str = "en") -> list[tuple[Location, str]]:
    """(location, message) for each relative time word and each month without a year in ``lines``
    (the source file's lines), located at line and column."""
    lang = _language(language)
    relative = re.compile(rf"(?<!\w)({_RELATIVE[lang]})(?!\w)", re.IGNORECASE)
    # English month names are capitalised ("May" the month, not "may" the verb)
    months = re.compile(rf"(?<!\w)({_MONTHS[lang]})(?!\w)", 0 if lang == "en" else re.IGNORECASE)
    found: list[tuple[Location, str]] = []
    in_front = bool(lines) and lines[0].strip() == "---"
    for number, line in enumerate(lines, 1):
        if number > 1 and in_front and line.strip() == "---":
            in_front = False
            continue
        if line.lstrip().startswith("%") or number == 1 and in_front:
            continue
        text = _URL.sub(_blank, _QUOTED.sub(_blank, line))
        if in_front:  # only a key's value is text a reader sees
            key = re.match(r"\s*-?\s*[\w-]+:\s?", text)
            text = " " * key.end() + text[key.end():] if key else text
        for match in relative.finditer(text):
            found.append(
                (
                    Location(path, number, match.start() + 1),
                    f"relative time word {match.group(1)!r}: it is true only on the day it was written; "
                    "name the date or the event (\u201cthe fifth meeting, September 2023\u201d)",
                )
            )
        for match in months.finditer(text):
            if lang == "en" and match.group(1) == "May" and not _YEAR_AFTER.match(text[match.end():]) \
                    and not re.search(r"\d\s*$", text[:match.start()]):
                continue  # "May" alone is more often the verb at a sentence's start
            sentence = re.split(r"[.!?]\s", text[:match.start()])[-1]
            if _YEAR_AFTER.match(text[match.end():]) or _YEAR.search(sentence):
                continue  # a year after it, or earlier in its sentence ("2022: ... the January protests")
            found.append((Location(path, number, match.start() + 1),
                          f"month {match.group(1)!r} without a year: add the year, which the "
                          "reader cannot infer from the publication date"))
    return found
