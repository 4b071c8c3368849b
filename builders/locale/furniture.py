"""The words and number and date forms briefkit itself prints, in the edition's language.

Furniture ("Key takeaways", "Page 2 of 6", "Source:", "Table 1.", " (cont.)" …) is written in
English in the code and translated through a gettext catalogue per language,
``catalogues/<language>.po``, read with Babel; a language without a catalogue prints English.
Dates and numbers are formatted by Babel from the Unicode CLDR data of the language (English
keeps briefkit's own forms, so English outputs are as they always were): ``19 мая 2023 г.``,
``1 234,5``. Where the language groups digits with a space, the group separator is a narrow
no-break space (U+202F), the thin space of Russian and French typesetting (table cells and
chart labels are drawn as one line, so a number is never broken there).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

_LOCALES = Path(__file__).resolve().parent / "catalogues"
#: the group separator printed where a language groups digits with some kind of space
THIN_SPACE = "\u202f"


def primary(language: str) -> str:
    """The language subtag of a BCP 47 tag: ``ru`` of ``ru-RU``, ``en`` of ``en-GB``."""
    return language.replace("_", "-").split("-")[0].lower()


def is_english(language: str) -> bool:
    return primary(language) in ("en", "")


def catalogue_path(language: str) -> Path | None:
    """The catalogue an edition in ``language`` reads, whether or not it exists (None for
    English, which reads none): an input of that edition's build, and of no other's."""
    return None if is_english(language) else _LOCALES / f"{primary(language)}.po"


#: where parsed catalogues are kept between processes (see :func:`keep_parsed_in`)
_parsed_folder: Path | None = None


def keep_parsed_in(folder: Path | None) -> None:
    """Keep each catalogue Babel parses in ``folder`` (the machine cache), keyed by the file's
    digest, so that the next process reads a small JSON file instead: importing Babel's PO
    reader and parsing ``ru.po`` took a tenth of a second in each process of a build that
    prints Russian (the reader, the brief's and the deck's). For the whole process, like
    :func:`builders.shared.fonts.keep_metrics_in`."""
    global _parsed_folder
    _parsed_folder = folder


@cache
def _catalogue(language: str) -> dict[str, str]:
    """msgid → msgstr of ``catalogues/<language>.po`` (empty when there is none)."""
    path = _LOCALES / f"{language}.po"
    if not path.is_file():
        return {}
    import hashlib

    from .. import store as cache_store

    data = path.read_bytes()
    name = f"{cache_store.key('catalogue', hashlib.sha256(data).hexdigest())}.json"
    return cache_store.through(_parsed_folder, name, _restored, lambda: _parsed(data), json.dumps)


def _parsed(data: bytes) -> dict[str, str]:
    import io

    from babel.messages.pofile import read_po

    catalogue = read_po(io.BytesIO(data))
    return {str(m.id): str(m.string) for m in catalogue if m.id and m.string}


def _restored(text: str) -> dict[str, str] | None:
    """A kept catalogue, or None when ``text`` is not one (a mapping of strings to strings)."""
    try:
        found = json.loads(text)
    except ValueError:
        return None
    if not isinstance(found, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in found.items()):
        return None
    return found


def has_catalogue(language: str) -> bool:
    return is_english(language) or bool(_catalogue(primary(language)))


def tr(language: str, message: str, /, **values: object) -> str:
    """``message`` (English furniture) in ``language``, with ``{names}`` filled in from ``values``."""
    if not is_english(language):
        message = _catalogue(primary(language)).get(message, message)
    return message.format(**values) if values else message


def known_language(tag: str) -> bool:
    """Whether Babel (the Unicode CLDR) knows the language tag ``tag`` (``ru``, ``en-GB``,
    ``uz-Latn-UZ``): the dates, numbers and furniture of an edition are looked up by it."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(tag.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


#: the end of a sentence that another follows: the notes under a table or chart are several
_NEXT_SENTENCE = re.compile(r"[.!?\u2026][\u00bb\u201d\")]?\s+[\u00ab\u201c\"(]?[A-Z\u0410-\u042f\u0401\d]")


def source_parts(language: str, source: str, notes: str) -> list[tuple[str, str]]:
    """The "Source:" line under a table or chart, the same in the brief and the deck: each part's
    label and text, the source ended with a full stop unless it ends with one, "!" or "?"
    (none when there is neither a source nor notes)."""
    parts = []
    if source:
        ended = source.rstrip()
        parts.append((tr(language, "Source:"), ended if ended[-1:] in ".!?" else ended + "."))
    if notes:
        parts.append((notes_label(language, notes), notes))
    return parts


def notes_label(language: str, notes: str) -> str:
    """The label before the notes under a table or chart: "Notes:"; in a language other than
    English a single sentence is one note ("Примечание:", several: "Примечания:"). English
    keeps its one form, as its outputs always had it."""
    if not is_english(language) and not _NEXT_SENTENCE.search(notes.strip()):
        return tr(language, "Note:")
    return tr(language, "Notes:")


def _locale(language: str) -> str:
    from babel import Locale, UnknownLocaleError

    tag = language.replace("-", "_")
    try:
        Locale.parse(tag)
        return tag
    except (UnknownLocaleError, ValueError):
        return primary(language)


def format_date(value: dt.date, language: str) -> str:
    """The long date form of a non-English language: ``19 мая 2023 г.``"""
    from babel.dates import format_date as babel_date

    # CLDR puts a narrow no-break space before "г."; ReportLab's paragraphs break lines at
    # U+202F (it counts as white space there) but keep U+00A0 whole
    return babel_date(value, format="long", locale=_locale(language)).replace("\u202f", "\xa0")


def date_forms(value: dt.date, language: str) -> tuple[str, str, str]:
    """A non-English language's ways of writing ``value`` to the year, the month (a month
    standing alone and in a date: ``май 2023``, ``мая 2023``) and the day (``19 мая 2023``)."""
    from babel.dates import format_date as babel_date

    locale = _locale(language)
    return tuple(babel_date(value, format=f, locale=locale) for f in ("LLLL y", "MMMM y", "d MMMM y"))  # type: ignore[return-value]


def format_number(rounded: Decimal, decimals: int, language: str) -> str:
    """An already rounded number with the language's decimal sign and digit groups."""
    from babel.numbers import format_decimal, get_group_symbol

    locale = _locale(language)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(rounded, format=pattern, locale=locale, decimal_quantization=False)
    group = get_group_symbol(locale)
    if group.isspace():
        text = text.replace(group, THIN_SPACE)
    return text
