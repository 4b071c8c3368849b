"""Slides that say what another slide of the deck says, folded into it: an editor's two
composition rules, applied to the planned deck (docs/directives.md, "One slide for one thing").

- A **process strip whose every step is an event of a timeline** shown in the deck (its head
  names the date of one of the timeline's events, to the year, month or day) is the timeline
  told twice: the timeline, which holds more, stays.
- A **bullet slide restating a section's recommendations** (each bullet shares at least two
  words with one recommendation, and each recommendation with one bullet) is the
  recommendations told twice: the cards stay, under the bullet slide's title when theirs is
  the default "Recommendations".

The slide folded away gives the one that stays its title, items and notes, in the notes, so
every paragraph of the source is still on a slide or in its notes. Pure, like the plan.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..locale.furniture import tr
from ..locale.values import date_names, fold_date
from ..model import ChartKind, Location, plain
from .slide import BulletsPlan, CardsPlan, ChartPlan, Kind, ProcessPlan, RowsPlan, SlidePlan

#: words a restatement shares with what it restates, at the least (content words, compared
#: by their first five letters, which holds English and Russian endings alike)
SHARED_WORDS = 2
#: function words of four letters or more, which say nothing of what a bullet is about
_STOP = frozenset("""about also been before between could each from have into more most must only other
over should such than that their them then there these they this those through under very what when
where which while will with would your более будет было быть given между если когда который которые
также только чтобы через этого этот свой своей своих следует""".split())


def fold(slides: list[SlidePlan], language: str, section_of: dict[Location | None, int],
         title_size) -> list[SlidePlan]:
    """The deck with the slides that repeat another folded into it (see the module's docstring);
    ``section_of``: the top-level section each block's source location lies in; ``title_size``:
    the size a title is set at."""
    slides = list(slides)
    gone_at: set[int] = set()
    for run, target, retitle in _repeats(slides, language, section_of):
        kept, gone = slides[target], [slides[i] for i in run]
        title = gone[0].title if retitle else kept.title
        slides[target] = replace(kept, title=title, title_size=title_size(title),
                                 notes=_notes(gone, kept, run[0] < target, not retitle))
        gone_at.update(run)
    return [p for i, p in enumerate(slides) if i not in gone_at]


def _repeats(slides: list[SlidePlan], language: str, section_of: dict[Location | None, int]):
    """(indices of a slide and its "(cont.)" slides, the index of the slide they repeat,
    whether that one takes their title) for each repeat found."""
    found = []
    for start, run in _runs(slides):
        first = slides[start]
        if isinstance(first, ProcessPlan):
            heads = [c.head for i in run for c in _cards(slides[i])]
            for t, other in enumerate(slides):
                if isinstance(other, ChartPlan) and other.chart.kind is ChartKind.TIMELINE and \
                        _all_events(heads, other.chart, language):
                    found.append((run, t, False))
                    break
        elif isinstance(first, (BulletsPlan, RowsPlan)) and first.kind is Kind.BULLETS and \
                section_of.get(first.location) is not None:
            bullets = [plain(b.spans) for i in run for b in _bullets(slides[i])]
            for t, other in enumerate(slides):
                if isinstance(other,
                              CardsPlan) and other.kind is Kind.RECOMMENDATIONS and not other.continued and \
                        section_of.get(other.location) == section_of.get(first.location) and \
                        _restates(bullets, [f"{c.head} {c.text}" for c in _cards_of(slides, t)]):
                    found.append((run, t, other.title == tr(language, "Recommendations")))
                    break
    return found


def _runs(slides: list[SlidePlan]):
    """Each slide with its "(cont.)" slides: (first index, all indices)."""
    i = 0
    while i < len(slides):
        j = i + 1
        while j < len(slides) and slides[j].continued and type(slides[j]) is type(slides[i]) \
                and slides[j].kind is slides[i].kind:
            j += 1
        yield i, list(range(i, j))
        i = j


def _cards_of(slides: list[SlidePlan], start: int):
    """The cards of the slide at ``start`` and of its "(cont.)" slides."""
    for i, run in _runs(slides):
        if i == start:
            return [c for j in run for c in _cards(slides[j])]
    return []


def _cards(plan: SlidePlan) -> tuple:
    return plan.cards if isinstance(plan, (CardsPlan, ProcessPlan, RowsPlan)) else ()


def _bullets(plan: SlidePlan) -> tuple:
    return plan.bullets if isinstance(plan, (BulletsPlan, RowsPlan)) else ()


def _all_events(heads: list[str], chart, language: str) -> bool:
    """Whether every step's head names the date of one of the timeline's events."""
    named = set().union(*(date_names(e.date, language, e.year_only) for e in chart.events))
    return len(heads) >= 2 and all(fold_date(h) in named for h in heads)


def _words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"\w[\w+]*", text.casefold()) if len(w) >= 4 and w not in _STOP}


def _restates(bullets: list[str], items: list[str]) -> bool:
    """Whether each bullet shares SHARED_WORDS words with an item, and each item with a bullet."""
    if len(bullets) < 2 or not items:
        return False
    words = [_words(b) for b in bullets]
    said = [_words(i) for i in items]
    close = [[len(b & s) >= SHARED_WORDS for s in said] for b in words]
    return all(any(row) for row in close) and all(any(row[k] for row in close) for k in range(len(items)))


def _notes(gone: list[SlidePlan], kept: SlidePlan, before: bool, titled: bool) -> str:
    """The kept slide's notes with the folded slides' title (unless the kept slide now bears
    it), items and notes, in source order, no paragraph twice."""
    items = (
        [f"{c.head}: {c.text}" if c.head and c.text else c.head or c.text for p in gone for c in _cards(p)]
        if isinstance(gone[0], ProcessPlan)
        else [plain(b.spans) for p in gone for b in _bullets(p)]
    )
    own = [x for x in kept.notes.split("\n\n") if x.strip()]
    theirs = [(gone[0].title + "\n" if titled else "") + "\n".join(f"- {i}" for i in items)]
    theirs += [x for x in gone[0].notes.split("\n\n") if x.strip() and x not in own and x != gone[0].title]
    return "\n\n".join(theirs + own if before else own + theirs)
