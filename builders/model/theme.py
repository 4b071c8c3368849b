"""A theme's values: lengths, colours, font families, the brief's and the deck's sizes.

The only place (with ``assets/themes/*.yaml``) where point sizes and colours live; the theme file
is read by ``builders/read/theme.py``. Builders ask the theme for a value by its role ("body
size", "actor colour for China"), never hard-code one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75}


@dataclass(frozen=True, order=True)
class Length:
    """A length, stored in points; written in YAML as ``10pt``, ``2.2cm``, ``1in`` or ``25mm``."""

    pt: float

    @property
    def emu(self) -> int:
        return round(self.pt * 12700)


    @classmethod
    def parse(cls, text: str) -> Length:
        match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(pt|in|cm|mm|px)\s*", text)
        if not match:
            raise ValueError(f"expected a length such as 10pt, 2cm, 1in or 25mm, found {text!r}")
        return cls(float(match.group(1)) * _UNITS[match.group(2)])

    def __mul__(self, factor: float) -> Length:
        return Length(self.pt * factor)


@dataclass(frozen=True)
class Colour:
    """An sRGB colour written ``#RRGGBB``."""

    hex: str

    @property
    def rgb(self) -> tuple[int, int, int]:
        value = self.hex.lstrip("#")
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)

    def faded(self, share: float = 0.65) -> Colour:
        """The colour mixed with white (``share`` of white): what a chart mutes to keep the
        point its title makes in front, each actor still in its own hue."""
        return Colour("#" + "".join(f"{round(c + (255 - c) * share):02X}" for c in self.rgb))



@dataclass(frozen=True)
class FontFamily:
    """Four font files of one family (bold/italic fall back to regular when absent)."""

    #: the family name applications know it by (used in the deck)
    name: str
    regular: Path
    bold: Path | None = None
    italic: Path | None = None
    bold_italic: Path | None = None

    def file(self, bold: bool = False, italic: bool = False) -> Path:
        if bold and italic and self.bold_italic:
            return self.bold_italic
        if bold and self.bold:
            return self.bold
        if italic and self.italic:
            return self.italic
        return self.regular


@dataclass(frozen=True)
class PdfStyle:
    """Sizes and choices for the brief."""

    body_size: Length = Length(10)
    leading: Length = Length(14.2)
    small_size: Length = Length(8.5)
    h1_size: Length = Length(16)
    h2_size: Length = Length(12.5)
    h3_size: Length = Length(11)
    title_size: Length = Length(26)
    subtitle_size: Length = Length(14)
    table_size: Length = Length(8.5)
    #: a table too wide at ``table_size`` is set smaller, down to this
    table_min_size: Length = Length(7.5)
    margin_top: Length = Length(64)
    margin_bottom: Length = Length(58)
    margin_inner: Length = Length(54)
    margin_outer: Length = Length(50)
    #: the column of the outer margin beside the running text: text leaves it free (a measure of
    #: 60-75 characters), tables, charts and boxes span it
    margin_column: Length = Length(125)
    #: "justify" or "left"
    align: str = "justify"
    #: hyphenate where the language allows (pyphen)
    hyphenate: bool = True
    #: text in charts, and the height of the logo on the cover
    chart_font_size: Length = Length(8)
    logo_height: Length = Length(30)
    #: ``briefkit check`` warns above these (a policy brief is read in minutes)
    max_words: int = 3000
    max_pages: int = 8


@dataclass(frozen=True)
class DeckStyle:
    """Sizes and limits for the deck."""

    title_size: Length = Length(28)
    title_min_size: Length = Length(22)
    body_size: Length = Length(20)
    body_min_size: Length = Length(18)
    #: the most a comparison's bullets grow to
    headline_size: Length = Length(24)
    table_size: Length = Length(16)
    table_min_size: Length = Length(14)
    #: the title slide's title (content slides' titles are ``title_size`` or less, one size a deck)
    cover_title_size: Length = Length(40)
    #: the title slide's subtitle, and its byline and date lines
    subtitle_size: Length = Length(20)
    byline_size: Length = Length(16)
    #: a quote slide's quotation and attribution
    quote_size: Length = Length(32)
    attribution_size: Length = Length(18)
    #: text in native charts (axes, labels, legend), and the least a crowded chart's labels shrink to
    chart_font_size: Length = Length(14)
    chart_min_size: Length = Length(14)
    #: the smallest type anywhere on a slide (a key figure's unit, a grid's labels, the
    #: preflight's floor for furniture): about the least a room can read when the deck is projected
    min_size: Length = Length(12)
    notes_size: Length = Length(12)
    source_size: Length = Length(12)
    #: the smallest a source line or footer may shrink to before it is cut short (12 pt is
    #: about the least a room can read when the deck is projected)
    source_min_size: Length = Length(12)
    #: bullets grow up to this size when the content area has room for them
    body_max_size: Length = Length(28)
    #: tables grow up to this size when the content area has room for them
    table_max_size: Length = Length(20)
    #: cards (takeaways, recommendations, comparison sides, steps): the bold lead sentence
    #: between these sizes, the supporting text at ``card_text_size`` (down to ``card_text_min_size``)
    card_head_size: Length = Length(26)
    card_head_min_size: Length = Length(18)
    card_text_size: Length = Length(18)
    card_text_min_size: Length = Length(14)
    #: the number on a numbered card
    card_number_size: Length = Length(32)
    #: a key-figures slide: the big number (it shrinks to fit its card) and its label
    figure_size: Length = Length(72)
    figure_label_size: Length = Length(20)
    max_bullets: int = 6
    max_table_rows: int = 8
    #: ``briefkit check`` warns outside these (a 20-30 minute briefing)
    min_slides: int = 10
    max_slides: int = 20
    max_bullet_words: int = 14
    max_slide_words: int = 70


#: a writer's style section (``builders/formats.py``) → the dataclass of its sizes and choices;
#: :class:`Theme` has a field of that name
STYLES: dict[str, type] = {"pdf": PdfStyle, "deck": DeckStyle}


@dataclass(frozen=True)
class Theme:
    """A complete theme."""

    name: str
    #: the file the theme was read from
    path: Path
    colours: dict[str, Colour]
    #: fixed colours for named actors (series keys), shared by every chart in both outputs
    actors: dict[str, Colour]
    #: colours handed out, in order, to series without a fixed colour
    palette: tuple[Colour, ...]
    body_font: FontFamily
    heading_font: FontFamily
    mono_font: FontFamily
    #: fonts tried, in order, for characters the main font lacks (e.g. Chinese)
    fallback_fonts: tuple[FontFamily, ...]
    pdf: PdfStyle = field(default_factory=PdfStyle)
    deck: DeckStyle = field(default_factory=DeckStyle)
    #: logo image for the brief's cover and the title slide
    logo: Path | None = None
    #: default PowerPoint template
    template: Path | None = None
    #: faces a deck's template may name (Calibri, Arial …), each with the files of a
    #: metric-compatible font (Carlito, Liberation Sans …) that the deck's text is measured with
    deck_fonts: tuple[FontFamily, ...] = ()

    def colour(self, role: str) -> Colour:
        return self.colours[role]

    def font_files(self) -> tuple[Path, ...]:
        """Every face file of the theme's font families, each once."""
        families = (self.body_font, self.heading_font, self.mono_font, *self.fallback_fonts, *self.deck_fonts)
        return tuple(dict.fromkeys(f.file(bold, italic) for f in families for bold in (False, True)
                                   for italic in (False, True)))


COLOUR_ROLES = (
    "primary", "accent", "text", "muted", "rule", "box", "box_rule",
    "table_header", "table_header_text", "zebra", "background", "title_text",
)
