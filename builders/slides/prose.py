"""The prose of a section as speaker notes, and list items as slide bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..model import BulletList, Callout, Chart, Inline, Paragraph, Quote, SlideBlock, Span, Table, plain
from .slide import Bullet, Card


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """The stems of a text's words (their first four letters, so that "декларации" and
    "декларация", "Germany" and "German" meet). Remembered: :func:`sources_of` compares every
    source with every note, and the editions of a batch have the same ones."""
    return frozenset(w[:4] for w in re.findall(r"\w+", text.lower()) if len(w) > 2)


def same_source(text: str) -> str:
    """A source as compared with others: case, punctuation, quotation marks and spacing dropped."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def cites(note: str, source: str) -> bool:
    """Whether a note already cites a source (most of the source's word stems are in it, in
    any grammatical case), so the sources slide does not list the same work twice in two forms."""
    words = _words(source)
    return bool(words) and len(words & _words(note)) >= 0.6 * len(words)


@dataclass(frozen=True)
class Heading:
    """A sub-section's heading among its section's blocks: it goes to the speaker notes with
    the prose, so every heading of the source is in the deck."""

    title: str


def section_blocks(section) -> list:
    """A section's blocks and its sub-sections', each sub-section's opening with its :class:`Heading`."""
    out: list = []
    for part in section.walk():
        if part is not section:
            out.append(Heading(part.title))
        out.extend(part.blocks)
    return out


def is_prose(block) -> bool:
    """Text the deck says in notes or bullets: not a pull quote nor a block quote that names
    its speaker, which are quote slides."""
    return isinstance(block, (Paragraph, BulletList, Callout, Heading)) or (
        isinstance(block, Quote) and not block.pull and not block.attribution
    )


def prose_by_slide(blocks: list) -> dict[int, list[str]]:
    """Prose text for each ``{slide}`` (by block index): what comes before it since the previous
    ``{slide}``; the last ``{slide}`` also takes what follows it."""
    slides = [i for i, b in enumerate(blocks) if isinstance(b, SlideBlock)]
    owned: dict[int, list[str]] = {i: [] for i in slides}
    if not slides:
        return {}
    for index, block in enumerate(blocks):
        if is_prose(block):
            owner = next((i for i in slides if i > index), slides[-1])
            owned[owner].append(prose_text(block))
    return owned


#: a cross-reference in notes text until the slide it points at is known: anchor, then its words
_REFERENCE = re.compile("\ue000([^\ue001]*)\ue001([^\ue002]*)\ue002")
#: a reference that is a whole bracket, with the space before it: " (Table 1)"
_BRACKETED = re.compile("( ?)\\(\ue000([^\ue001]*)\ue001([^\ue002]*)\ue002\\)")


def notes_plain(spans: Inline) -> str:
    """``spans`` as speaker notes: :func:`plain`, but a ``#anchor`` link marked, for
    :func:`resolve_references` to say which slide it points at."""
    return "".join(f"\ue000{s.href[1:]}\ue001{s.text}\ue002" if s.href and s.href.startswith("#") else s.text
                   for s in spans if s.note is None)


def resolve_references(slides: list, report, say) -> list:
    """The slides with each cross-reference in their notes pointed at a slide: "(Table 1)", a
    number the deck never shows, is "(slide 5)" (``say(number)`` in the deck's language), and
    on the slide it points at it goes. A reference inside a sentence keeps its words, which
    its grammar needs ("the data in Table 1 show", "данные в табл. 1 показывают"), and the
    slide follows in brackets ("(slide 5)", or ``say(0)``: "(on this slide)"). A reference to
    anything that has no slide (a heading, a table kept out of the deck) keeps its words."""
    numbers: dict[str, int] = {}
    for block in report.all_blocks():
        name = getattr(block, "name", "")
        if name and isinstance(block, (Table, Chart)) and block.location is not None:
            found = next((n for n, s in enumerate(slides, 1) if s.location == block.location), None)
            if found is not None:
                numbers.setdefault(name, found)

    def resolved(notes: str, here: int) -> str:
        def bracketed(match: re.Match) -> str:
            space, anchor, text = match.groups()
            if anchor not in numbers:
                return f"{space}({text})"
            return "" if numbers[anchor] == here else f"{space}({say(numbers[anchor])})"

        def inline(match: re.Match) -> str:
            anchor, text = match.groups()
            if anchor not in numbers:
                return text
            return f"{text} ({say(0 if numbers[anchor] == here else numbers[anchor])})"

        notes = _BRACKETED.sub(bracketed, notes)
        return _REFERENCE.sub(inline, notes)

    return [replace(s, notes=resolved(s.notes, n)) if "\ue000" in s.notes else s for n, s in enumerate(slides,
                                                                                                       1)]


def prose_text(block) -> str:
    if isinstance(block, Heading):
        return block.title
    if isinstance(block, Paragraph):
        return notes_plain(block.spans)
    if isinstance(block, BulletList):
        return "\n".join("\u2022 " + notes_plain(i.spans) for i in block.items)
    if isinstance(block, Callout):
        return (block.title + ": " if block.title else "") + " ".join(prose_text(b) for b in block.blocks)
    if isinstance(block, Quote):
        return " ".join(plain(p) for p in block.paragraphs)
    return ""


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return (match.group(1) if match else text).strip()


def to_bullets(items, level: int = 0) -> tuple[Bullet, ...]:
    """List items as bullets, sub-items one level in (deeper ones stay at the second level)."""
    out: list[Bullet] = []
    for item in items:
        out.append(Bullet(item.spans, level, number=item.number))
        out.extend(to_bullets(item.children, min(level + 1, 1)))
    return tuple(out)


def notes_of_items(items: tuple[Inline, ...]) -> str:
    return "\n".join(f"{i}. {plain(item)}" for i, item in enumerate(items, 1))


def strip_spans(spans: Inline) -> Inline:
    """``spans`` without the white space at their start and end (what ``plain(...).strip()`` drops)."""
    out = list(spans)
    while out and out[0].note is None and not out[0].text.strip():
        out.pop(0)
    while out and out[-1].note is None and not out[-1].text.strip():
        out.pop()
    if out and out[0].note is None:
        out[0] = replace(out[0], text=out[0].text.lstrip())
    if out and out[-1].note is None:
        out[-1] = replace(out[-1], text=out[-1].text.rstrip())
    return tuple(out)


def cards_of(items: tuple[Inline, ...]) -> tuple[Card, ...]:
    """Numbered cards for takeaways or recommendations: an item that opens with a bold lead
    sentence has it as the card's head and the rest as its supporting text."""
    cards = []
    for number, item in enumerate(items, 1):
        if item and item[0].strong and len(item) > 1:
            cards.append(Card(item[0].text.strip(), plain(item[1:]).strip(), number,
                              text_spans=rich(strip_spans(item[1:]))))
        else:
            cards.append(Card(plain(item).strip(), "", number, head_spans=rich(strip_spans(item))))
    return tuple(cards)


def rich(spans: Inline) -> Inline:
    """``spans`` when they carry formatting, links or note markers to keep; else nothing (the
    card's plain text is all there is)."""
    return spans if any(s != Span(s.text) for s in spans) else ()


def split_spans(spans: Inline, at: int) -> tuple[Inline, Inline]:
    """``spans`` cut where the ``at``-th character of their plain text is, formatting kept."""
    before: list[Span] = []
    after: list[Span] = []
    used = 0
    for span in spans:
        if span.note is not None:
            (before if used < at else after).append(span)
            continue
        cut = max(0, min(len(span.text), at - used))
        if cut:
            before.append(replace(span, text=span.text[:cut]))
        if cut < len(span.text):
            after.append(replace(span, text=span.text[cut:]))
        used += len(span.text)
    return tuple(before), tuple(after)


def step(spans: Inline) -> Card:
    """A process step written "2015: what happened": the part before the colon is its head
    (each part keeping its formatting and links)."""
    text = plain(spans)
    head, colon, rest = text.partition(": ")
    if colon and len(head) <= 40:
        first, second = split_spans(spans, len(head) + len(colon))
        return Card(head.strip(), rest.strip(), head_spans=rich(strip_spans(split_spans(first,
                                                                                        len(head))[0])),
                    text_spans=rich(strip_spans(second)))
    return Card("", text.strip(), text_spans=rich(strip_spans(spans)))


def sources_of(report) -> list[Inline]:
    """The endnotes, then each data source the deck's tables, charts and key figures name
    that no endnote already cites: each once, however often it is used or written."""
    items: list[Inline] = []
    seen: set[str] = set()
    for note in report.notes:
        if same_source(plain(note.spans)) not in seen:
            seen.add(same_source(plain(note.spans)))
            items.append(note.spans)
    for block in report.all_blocks():
        source = getattr(getattr(block, "spec", None), "source", "") or \
            getattr(getattr(block, "data", None), "source", "") or \
            (block.source if isinstance(block, SlideBlock) else "")
        for part in re.split(r";\s*", source) if source else ():
            key = same_source(part)
            if key and key not in seen and not any(cites(plain(i), part) for i in items):
                seen.add(key)
                items.append((Span(part.strip()),))
    return items
