"""Which language and script a word is in: the deck tags each run with it (``lang``) and puts
the face in the slot PowerPoint and LibreOffice take for that script (latin, east Asian or
complex script), so both pick real glyphs and the right spelling and line-breaking rules.

A word's script decides its slot; its letters decide the language where a letter belongs to
one language of the region (Kazakh қ, Tajik ҷ, Pashto ښ, Uyghur ۇ, Turkmen ň, Uzbek oʻ …); a
word without one takes the language of its nearest neighbour in the same script that has one,
else its script's main language here (Persian for Arabic script, Russian for Cyrillic), and
a Latin-script word the report's own language.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import Enum


class Slot(Enum):
    """The DrawingML font slot a run's face belongs in."""

    LATIN = "a:latin"
    EAST_ASIAN = "a:ea"
    COMPLEX = "a:cs"


#: (pattern, language) in order: the first whose letters a word has names its language; one
#: ending in "*" only says which script the word is in (its script's default, see segments)
_LANGUAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), lang) for p, lang in (
    ("[ټځډړږښګڼۍ]", "ps-AF"),            # Pashto
    ("[ۇۆۈۋەېى]", "ug-CN"),               # Uyghur
    ("[پچژگکی]", "fa-IR"),                # Persian / Dari
    ("[ةيك]", "ar"),                      # Arabic (its own yeh and kaf)
    # Arabic script with no telling letter: Persian, the language of the region most quoted in it
    ("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]", "fa-IR*"),
    ("[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]", "ka-GE"),   # Georgian
    ("[\u0530-\u058f\ufb13-\ufb17]", "hy-AM"),                # Armenian
    ("[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]", "zh-CN"),
    ("[ҷӣӯҳҶӢӮҲ]", "tg-TJ"),              # Tajik
    ("[әғқұһіӘҒҚҰҺІ]", "kk-KZ"),          # Kazakh
    ("[ңҢ]", "ky-KG"),                    # Kyrgyz
    ("[өүӨҮ]", "mn-MN"),                  # Mongolian
    ("[\u0400-\u04ff]", "ru-RU*"),
    ("[ňýžäÝŇŽÄ]", "tk-TM"),              # Turkmen
    ("[ʻʼ]", "uz-Latn-UZ"),               # Uzbek
    ("[əƏ]", "az-Latn-AZ"),               # Azerbaijani
    ("[ıİğĞşŞ]", "tr-TR"),                # Turkish
))
#: the languages written in each script that has several (a word with no telling letter takes
#: the language of its nearest neighbour in the same script that has one)
_SCRIPT_OF = {"ps-AF": "arab", "ug-CN": "arab", "fa-IR": "arab", "ar": "arab",
              "tg-TJ": "cyrl", "kk-KZ": "cyrl", "ky-KG": "cyrl", "mn-MN": "cyrl", "ru-RU": "cyrl"}

_SLOTS = {"ps-AF": Slot.COMPLEX, "ug-CN": Slot.COMPLEX, "fa-IR": Slot.COMPLEX, "ar": Slot.COMPLEX,
          "zh-CN": Slot.EAST_ASIAN}
_WORD = re.compile(r"\S+\s*|\s+")


def _tagged(word: str, default: str) -> str:
    """The word's language; ending in "*" when only its script is known."""
    if word.isascii():
        return default
    return next((lang for pattern, lang in _LANGUAGES if pattern.search(word)), default)


def language(word: str, default: str) -> str:
    """The language tag of one word (``default`` when nothing in it says otherwise)."""
    return _tagged(word, default).rstrip("*")


def slot(lang: str) -> Slot:
    """The font slot for text in language ``lang``."""
    return _SLOTS.get(lang, Slot.LATIN)


@dataclass(frozen=True)
class DeckFace:
    """The face the deck names for runs in a script its own faces (Calibri) lack."""

    #: a face PowerPoint has on Windows and on macOS (named in the run's slot)
    name: str
    #: the face measured here (a fallback of the default theme, in assets/fonts/), which
    #: LibreOffice is given for ``name`` when it renders the deck here
    here: str
    #: whether ``here`` sets the script with ``name``'s advance widths; where not, the deck's
    #: lines are measured with room to spare (slides/fit.py)
    compatible: bool


_SYLFAEN_GEORGIAN = DeckFace("Sylfaen", "Noto Sans Georgian", False)
_SYLFAEN_ARMENIAN = DeckFace("Sylfaen", "Noto Sans Armenian", False)
_ARIAL_ARABIC = DeckFace("Arial", "Noto Naskh Arabic", False)
#: every ideograph and full-width punctuation mark is one em wide in both
_YAHEI = DeckFace("Microsoft YaHei", "Droid Sans Fallback", True)
#: by a language's primary subtag. Sylfaen (Georgian and Armenian) and Microsoft YaHei ship
#: with Windows and are the faces Office's own themes name for those scripts; Arial is the
#: Office theme's body face for Arabic script. PowerPoint for Mac has Microsoft YaHei (Office
#: brings it); for Sylfaen, and for Arabic letters where its Arial lacks them, it draws the
#: text in a face macOS has that covers the script (docs/accessibility.md)
DECK_FACES = {"ka": _SYLFAEN_GEORGIAN, "hy": _SYLFAEN_ARMENIAN, "zh": _YAHEI,
              **dict.fromkeys(("fa", "ps", "ug", "ar", "ur", "prs"), _ARIAL_ARABIC)}


def deck_face(lang: str) -> DeckFace | None:
    """The face the deck names for text in language ``lang``, if its script needs one."""
    return DECK_FACES.get(primary(lang))


def segments(text: str, default: str) -> list[tuple[str, str]]:
    """``text`` cut at word boundaries into ``(text, language)`` pieces, neighbouring words of one
    language together (spaces stay with the word before them)."""
    if text.isascii():
        return [(text, default)] if text else []
    words = _WORD.findall(text)
    tags = [_tagged(w, default) if w.strip() else "" for w in words]
    known = [(i, tag) for i, tag in enumerate(tags) if tag and not tag.endswith("*")]
    for i, tag in enumerate(tags):
        if tag.endswith("*"):  # the nearest word in the same script that tells its language
            script = _SCRIPT_OF[tag[:-1]]
            near = sorted((abs(j - i), lang) for j, lang in known if _SCRIPT_OF.get(lang) == script)
            tags[i] = near[0][1] if near else tag[:-1]
    out: list[tuple[str, str]] = []
    for word, lang in zip(words, tags):
        lang = lang or (out[-1][1] if out else default)
        if out and out[-1][1] == lang:
            out[-1] = (out[-1][0] + word, lang)
        else:
            out.append((word, lang))
    return out


#: the script each language not written in Latin letters is written in (by its primary subtag)
_OWN_SCRIPT = {
    "ru": "cyrl",
    "uk": "cyrl",
    "be": "cyrl",
    "kk": "cyrl",
    "ky": "cyrl",
    "tg": "cyrl",
    "mn": "cyrl",
    "fa": "arab",
    "ps": "arab",
    "ug": "arab",
    "ar": "arab",
    "ur": "arab",
    "prs": "arab",
    "zh": "hani",
    "ja": "hani",
    "ka": "geor",
    "hy": "armn",
}
_LETTER = re.compile(r"[^\W\d_]")


def has_letter(text: str) -> bool:
    """Whether ``text`` holds a letter (of any script)."""
    return _LETTER.search(text) is not None


def latin(lang: str) -> bool:
    """Whether language ``lang`` is written in Latin letters."""
    return primary(lang) not in _OWN_SCRIPT


def primary(lang: str) -> str:
    """A language tag's primary subtag: "en" for "en-GB"."""
    return lang.split("-", 1)[0].lower()


@functools.lru_cache(maxsize=4096)
def spans(text: str, language: str) -> tuple[tuple[str, str | None], ...]:
    """``text`` (in a document in ``language``) cut into pieces, each with the language it is
    in where that is not the document's, else None: a Kazakh name in an English brief is
    "kk-KZ", a Pashto word "ps-AF", an English title in a Russian brief "en". A word in the
    document's own script with no letter of another language is the document's; one with no
    letter at all (a number, a dash) goes with the word before it. The brief marks each
    piece with its language (``/Lang``); the deck uses :func:`segments`."""
    own = _OWN_SCRIPT.get(primary(language), "latn")
    latin = language if own == "latn" else "en"
    if text.isascii() and (own == "latn" or not _LETTER.search(text)):
        return ((text, None),)
    words = _WORD.findall(text)
    tags = []
    for word in words:
        if not _LETTER.search(word):
            tags.append("")
        elif word.isascii():
            tags.append(latin)
        else:
            tags.append(_tagged(word, latin))
    known = [(i, tag) for i, tag in enumerate(tags) if tag and not tag.endswith("*")]
    for i, tag in enumerate(tags):
        if tag.endswith("*"):
            script = _SCRIPT_OF[tag[:-1]]
            near = sorted((abs(j - i), lang) for j, lang in known if _SCRIPT_OF.get(lang) == script)
            tags[i] = language if script == own else near[0][1] if near else tag[:-1]
    out: list[tuple[str, str | None]] = []
    for word, tag in zip(words, tags):
        lang = (
            (out[-1][1] if out else None) if not tag else None if primary(tag) == primary(language) else tag
        )
        if out and out[-1][1] == lang:
            out[-1] = (out[-1][0] + word, lang)
        else:
            out.append((word, lang))
    return tuple(out)
