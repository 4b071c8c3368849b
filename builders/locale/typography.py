"""Typography by the edition's language, applied once to a read report so the brief, the deck
and the charts all print the same text.

- Straight quotes become the language's curly ones (English “ ” and ‘ ’, the apostrophe ’;
  German „ “ and ‚ ‘; Russian « » with „ “ inside them; Uzbek “ ”, its ' between letters the
  letter marks ʻ and ʼ); code spans and URLs are left as written.
- A spaced dash (`` — ``, `` – ``) is held to the word before it by a no-break space, so no
  line starts with a dash.
- In every language: a no-break space between a number and a unit symbol or abbreviation
  ("5 %", "30 km", "3.3 bn", "3,3 Mio. €"), between a currency and its amount ("USD 40",
  "€ 5"), inside a number's digit groups ("1 000"), after "No.", "§" and "№", and between
  initials and a surname ("J. F. Kennedy").
- English and German: a no-break space between a day and its month ("19 May", "May 19",
  "19. Mai"; the year may start the next line, which keeps a narrow justified column from
  gaping) and before "million", "billion", "per cent" ("Millionen", "Prozent"); in English
  before a unit or time written out ("20 000 tonnes", "9 a.m.", "10 months").
- Russian: a no-break space after one- and two-letter words and the short prepositions and
  conjunctions, inside dates ("19 мая 2023 г."), between a number and its unit or noun
  ("148 стран", "30 км", "2,3 млрд"), and in "т. д.".

Every rule changes one character for one (a quote for a quote, a space for a no-break space),
so a paragraph is set as a whole and cut back into its spans by length: a quote opened in one
span and closed in the next, or a preposition before a bold word, is seen whole.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace

from ..model import Report, Span

#: (opening, closing, inner opening, inner closing) double quotes, by language
_QUOTES = {"en": ("\u201c", "\u201d", "\u2018", "\u2019"), "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
           "uk": ("\u00ab", "\u00bb", "\u201e", "\u201c"), "kk": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
           "de": ("\u201e", "\u201c", "\u201a", "\u2018"), "uz": ("\u201c", "\u201d", "\u2018", "\u2019")}
#: a single quote typed ' as the language prints it (opening, closing): German ‚ ‘; Russian
#: and Kazakh, which have no single quotes, their inner „ “. A language not listed here or in
#: _QUOTES keeps its ' as typed (it may be a letter's mark); its " become English “ ”
_SINGLES = {"en": ("\u2018", "\u2019"), "de": ("\u201a", "\u2018"), "ru": ("\u201e", "\u201c"),
            "uk": ("\u201e", "\u201c"), "kk": ("\u201e", "\u201c"), "uz": ("\u2018", "\u2019")}
#: characters after which a quote opens
_OPENS_AFTER = set(" \t\n\xa0\u202f([{<\u2014\u2013-/\u00ab\u201e\u201c\u2018")
_APOSTROPHE = "\u2019"

_NB = "\xa0"
_DASH = re.compile(r" (?=[\u2014\u2013](?:\s|$))")
_MONTHS = ("января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|"
           "январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь")
_MONTHS_EN = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTHS_DE = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
#: units and scales written after a number, abbreviated ("km", "bn", "Mio.") or as a symbol
_UNITS = (r"%|‰|°|€|\$|£|¥|₽|₸|(?:bn|mn|tn|km²?|m²|m³|kg|kW|MW|GW|kWh|MWh|GWh|TWh|ha|ft|mi|lb"
          r"|pp|m|t|k)(?!\w)|(?:Mio|Mrd|Bio|Tsd|Std|Min|Sek)\.")
_CURRENCIES = r"US\$|[€$£¥₽₸]|USD|EUR|GBP|CNY|RMB|RUB|KZT|UZS|KGS|TJS|TMT|JPY|CHF"
#: Each rule is (gate, pattern): the pattern runs only where the gate finds a digit (or a
#: currency sign) in the text, and most texts have none; one search for it is cheaper than the
#: rules. Each pattern starts with a character or a class, not a look-behind, which lets the
#: regex engine skip ahead to the places that can match.
_DIGIT = re.compile(r"\d")
_CURRENCY = re.compile(r"[€$£¥₽₸]")
#: every language's: a number held to its unit, a currency to its amount, initials to a name
_ANY = (
    (_DIGIT, re.compile(rf"\d (?=(?:{_UNITS}))")),
    (_CURRENCY, re.compile(r"(?:(?:Mio|Mrd|Bio|Tsd)\.|\b(?:bn|mn|tn)|(?<!\w)(?:млн|млрд|трлн)\.?)"
                           r" (?=[€$£¥₽₸](?!\w))")),
    (_DIGIT, re.compile(rf"(?<![\w$])(?:{_CURRENCIES}) (?=\d)")),
    (_DIGIT, re.compile(r"\d(?<![\d.,]\d)\d{0,2} (?=\d{3}(?![\d.,]?\d))")),  # 1 000, never "2023 100"
    (_DIGIT, re.compile(r"(?<!\w)(?:No\.|Nr\.|Art\.|pp?\.|№|§) (?=\d)")),
    (None, re.compile(r"\.(?<=(?<!\w)[А-ЯЁA-Z]\.) (?=[А-ЯЁA-Z])")),  # initials and a surname
)
_ENGLISH = (
    (_DIGIT, re.compile(rf"\d(?<!\d\d)\d? (?=(?:{_MONTHS_EN})\b)")),
    (_DIGIT, re.compile(rf"\b(?:{_MONTHS_EN}) (?=\d{{1,2}}\b)")),
    (_DIGIT, re.compile(r"\d (?=(?:thousand|million|billion|trillion|per ?cent|percent|[ap]\.m\."
                        r"|(?:tonne|ton|barrel|kilomet(?:re|er)|met(?:re|er)|mile|hectare|lit(?:re|er)"
                        r"|megawatt|gigawatt|second|minute|hour|day|week|month|year)s?)(?!\w))")),
)
_GERMAN = (
    (_DIGIT, re.compile(rf"\d(?<!\d\d)\d?\. (?=(?:{_MONTHS_DE})\b)")),
    (_DIGIT, re.compile(r"\d (?=(?:Millionen|Milliarden|Prozent)\b)")),
)
_RUSSIAN = (
    # one- and two-letter words, and the short prepositions and conjunctions
    (None, re.compile(
        r"(?<![\w\-.])(?:[а-яёА-ЯЁ]{1,2}|без|для|над|под|при|про|как|что|или"
        r"|Без|Для|Над|Под|При|Про|Как|Что|Или) "
        r"(?=\S)"
    )),
    # dates: 19 мая 2023 г.
    (_DIGIT, re.compile(rf"\d(?<!\d\d)\d? (?=(?:{_MONTHS})\b)")),
    (_DIGIT, re.compile(rf"\b(?:{_MONTHS}) (?=\d{{4}})")),
    (_DIGIT, re.compile(r"\d{4} (?=гг?\.)")),
    # a number and its unit or noun
    (_DIGIT, re.compile(r"\d (?=[а-яёА-ЯЁ]{2})")),
    # т. д., т. е.
    (None, re.compile(r"(?<!\w)[а-яё]{1,3}\. (?=[а-яё]{1,3}\.)")),
)
_RULES = {"en": _ANY + _ENGLISH, "de": _ANY + _GERMAN, "ru": _ANY + _RUSSIAN, "uk": _ANY + _RUSSIAN,
          "be": _ANY + _RUSSIAN}


def _base(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()


def quote_marks(language: str) -> tuple[str, str]:
    """The opening and closing double quotation marks of ``language`` (German „ “, Russian « »),
    which straight quotes become; English ones for a language without its own here."""
    opening, closing, *_ = _QUOTES.get(_base(language), _QUOTES["en"])
    return opening, closing


#: the double quotation marks a quotation opens and closes with, in the languages above
_OPENING = frozenset(m[0] for m in _QUOTES.values())
_CLOSING = frozenset(m[1] for m in _QUOTES.values())


def quoted_whole(text: str) -> bool:
    """Whether ``text`` is a quotation in marks of its own, from its first character to its last."""
    text = text.strip()
    return len(text) > 1 and text[0] in _OPENING and text[-1] in _CLOSING


def _quotes(text: str, language: str, before: str = "") -> str:
    if '"' not in text and "'" not in text:
        return text
    base = _base(language)
    opening, closing, inner_open, inner_close = _QUOTES.get(base, _QUOTES["en"])
    singles = _SINGLES.get(base)
    nested = opening != "\u201c"  # « » take „ “ inside; English alternates “ ” and ‘ ’ by the mark typed
    depth = single = 0
    out: list[str] = []
    for i, ch in enumerate(text):
        prev = out[-1] if out else before
        opens = (not prev or prev in _OPENS_AFTER) and prev not in (closing, inner_close)
        if ch == '"':
            if opens:
                out.append(inner_open if nested and depth else opening)
                depth += 1
            else:
                out.append(inner_close if nested and depth > 1 else closing)
                depth = max(depth - 1, 0)
        elif ch == "'" and singles is not None:
            following = text[i + 1:i + 4]
            if opens and not re.match(r"\d\d(?:s|\b)", following):  # ’90s keeps an apostrophe
                out.append(singles[0])
                single += 1
            elif single and not following[:1].isalpha():  # a single quote opened here closes
                out.append(singles[1])
                single -= 1
            else:
                out.append(_apostrophe(base, prev, following[:1]))
        else:
            out.append(ch)
    return "".join(out)


def _apostrophe(base: str, prev: str, following: str) -> str:
    """A ' that neither opens nor closes a quote: the apostrophe ’; in Uzbek, between letters,
    the letter marks of its Latin alphabet (oʻ and gʻ with U+02BB, the glottal stop ʼ U+02BC)."""
    if base == "uz" and prev.isalpha() and following.isalpha():
        return "\u02bb" if prev in "oOgG" else "\u02bc"
    return _APOSTROPHE


def _bound(found: re.Match) -> str:
    return found.group(0)[:-1] + _NB


def typeset(text: str, language: str, before: str = "") -> str:
    """``text`` with the language's quotes and no-break spaces (the same length); ``before``:
    the character printed just before it."""
    if not text:
        return text
    text = _quotes(text, language, before)
    text = _DASH.sub(_NB, text)
    found: dict[re.Pattern, bool] = {}  # (a rule changes spaces only: what a gate found stays)
    for gate, rule in _RULES.get(_base(language), _ANY):
        if gate is not None:
            if gate not in found:
                found[gate] = gate.search(text) is not None
            if not found[gate]:
                continue
        text = rule.sub(_bound, text)
    return text


def _literal(span: Span) -> bool:
    """Spans printed as written: code, note markers, a URL shown as itself."""
    return span.code or span.note is not None or (span.href is not None and span.text.strip() == span.href)


def typeset_spans(spans: tuple[Span, ...], language: str) -> tuple[Span, ...]:
    """A paragraph's spans set as one text, each span given back its own stretch."""
    if not spans:
        return spans
    joined = "".join(s.text for s in spans)
    done = typeset(joined, language)
    if done == joined:
        return spans
    out, at = [], 0
    for span in spans:
        end = at + len(span.text)
        text = span.text if _literal(span) else done[at:end]
        out.append(span if text == span.text else replace(span, text=text))
        at = end
    return tuple(out)


#: the text fields of each model class set by these rules (names, keys, anchors and paths are not)
_TEXT = {
    "Meta": ("title", "subtitle", "short_title", "byline", "series", "summary"),
    "Author": ("name", "affiliation", "bio"), "DeckOptions": ("footer",), "Section": ("title",),
    "Takeaways": ("title",), "Recommendations": ("title",), "Callout": ("title",),
    "Table": ("caption", "notes"), "Dataset": ("title", "description", "source"), "Column": ("title",),
    "ChartSpec": ("title", "subtitle", "value_label", "category_label", "source", "notes"),
    "Image": ("alt", "caption"), "SlideBlock": ("title", "notes", "source"), "KeyFigure": ("value", "label"),
}
# a dataset's cells, and a chart's categories, series and events, are data: printed as written


def _walk(value, language: str):
    if isinstance(value, tuple):
        if value and all(isinstance(v, Span) for v in value):
            return typeset_spans(value, language)
        items = tuple(_walk(v, language) for v in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    if not is_dataclass(value) or isinstance(value, type):
        return value
    kind = type(value).__name__
    text_fields = _TEXT.get(kind, ())
    changes: dict[str, object] = {}
    for f in fields(value):
        old = getattr(value, f.name)
        if f.name in text_fields and isinstance(old, str):
            new: object = typeset(old, language)
        elif kind == "Dataset" and f.name in ("rows", "originals"):
            continue  # data stays as written (a chart's workbook holds it; a cell may be a formula)
        elif isinstance(old, (tuple, list)) or is_dataclass(old):
            new = _walk(old, language)
        else:
            continue
        if new != old:
            changes[f.name] = new
    return replace(value, **changes) if changes else value


def typeset_report(report: Report) -> Report:
    """Every text of ``report`` set by the rules of its language."""
    return _walk(report, report.meta.language)
