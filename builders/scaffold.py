"""``briefkit new``: a report folder made from ``assets/scaffold/``, titled after its name."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from .paths import ASSETS

#: a report folder's name, as ``new`` takes it
NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
#: words a title keeps in lower case (but the first)
_SMALL = frozenset("a an and as at by for from in into of on or the to vs with".split())
#: acronyms of policy writing that are not two letters long; two-letter words that are not in
#: _SMALL (eu, us, uk, un) are taken for acronyms too
_ACRONYMS = frozenset("asean brics cis csto eaeu imf nato oecd opec osce sco usa ussr wto".split())
#: two-letter words that are words, not acronyms
_WORDS = frozenset("be do go he if is it me my no ok so up we".split())


def title_from_name(name: str) -> str:
    """A first title from a folder name: ``eu-russia-south-caucasus`` → "EU Russia South Caucasus".
    Acronyms (two-letter words, words with a digit, the common ones) are upper case, small
    words lower case, the rest capitalised: a start the writer replaces with the finding."""
    words = []
    for index, word in enumerate(w for w in name.split("-") if w):
        if word in _ACRONYMS or re.search(r"\d", word) or (len(word) == 2 and word not in _SMALL | _WORDS):
            words.append(word.upper())
        elif word in _SMALL and index:
            words.append(word)
        else:
            words.append(word.capitalize())
    return " ".join(words)


def create(name: str, root: Path) -> Path:
    """``root/name/`` from the scaffold, its title and date filled in; returns its report.md."""
    target = root / name
    shutil.copytree(ASSETS / "scaffold", target)
    source = target / "report.md"
    title = title_from_name(name).replace('"', "'")
    source.write_text(source.read_text(encoding="utf-8").replace("{title}", title)
                      .replace("{date}", dt.date.today().isoformat()), encoding="utf-8")
    return source
