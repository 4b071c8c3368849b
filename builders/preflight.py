"""The preflight: read the layout the writers produced, as a reader sees it, and point out what
an editor would send back, each at the source line it comes from.

In the deck (python-pptx and the fonts' metrics): text that runs out of its shape or a shape
off the slide; two texts that overlap; a word broken inside because it is wider than its
shape; a content slide under 40% full; a run under the type scale's floor (14 pt, 12 pt for
source lines and furniture); an ellipsis the writer added; two slides repeating the same items.
In the brief (pdfplumber): a box split across pages; a table of up to ten rows split; a page
but the last under 60% full; two words drawn over each other (a figure's labels); a token of
the sources broken across lines and an ellipsis the writer added (:mod:`.pagecheck`).

``briefkit check`` builds both outputs in a temporary folder and runs it; ``briefkit build
--strict`` runs it on what it has just written.
"""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

from .locale.furniture import tr
from .model import Callout, Chart, Location, Recommendations, Report, Table, Takeaways
from .pagecheck import line_findings
from .shared.theme import Theme

#: the least a content slide's content reaches down its content area
SLIDE_FILL = 0.4
#: the least a page but the last reaches down its text area
PAGE_FILL = 0.6
#: no run is set under this, but source lines and furniture (under the theme's ``min_size``)
FLOOR = 14.0
#: a table of at most this many rows must not split (as :mod:`.pdf.tables` keeps it)
SHORT_TABLE = 10
_EMU = 12700.0
#: a finding: where in the source, and what a reader would see
Flag = tuple[Location, str]
_ELLIPSIS = "\u2026"


def _corpus(report: Report) -> str:
    """The sources as written: an ellipsis found in them is the author's, not the writer's."""
    texts = [(report.root / report.source).read_text(encoding="utf-8-sig")]
    data = report.root / "data"
    if data.is_dir():
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(data.glob("*.csv"))]
    return re.sub(r"\s+", " ", "\n".join(texts))


def _added_ellipsis(text: str, corpus: str) -> bool:
    """Whether ``text`` has an ellipsis its sources do not (with the word before it)."""
    for match in re.finditer(r"(\S*)\s*\u2026", text):
        word = match.group(1)[-12:]
        if not re.search(re.escape(word) + r"\s*\u2026", corpus):
            return True
    return False


# --------------------------------------------------------------------------- the deck

def _flat(shapes):
    for shape in shapes:
        if getattr(shape, "shape_type", None) == 6:  # a group
            yield from _flat(shape.shapes)
        else:
            yield shape


def _rect(shape) -> tuple[float, float, float, float]:
    return (shape.left / _EMU, shape.top / _EMU, shape.width / _EMU, shape.height / _EMU)


def _inset(value, default: float) -> float:
    return default if value is None else value / _EMU


def _paragraph_size(paragraph) -> tuple[float, bool]:
    sizes = [r.font.size.pt for r in paragraph.runs if r.font.size is not None and r.text.strip()]
    bold = any(r.font.bold for r in paragraph.runs if r.text.strip())
    return (max(sizes) if sizes else 18.0), bold


def _text_box(shape, measure) -> tuple[tuple[float, float, float, float], float, list[str]]:
    """Where the shape's text lies (x, y, w, h), how tall the shape's text area is, and the
    words too wide for a line of it."""
    x, y, w, h = _rect(shape)
    frame = shape.text_frame
    left, right = _inset(frame.margin_left, 7.2), _inset(frame.margin_right, 7.2)
    top, bottom = _inset(frame.margin_top, 3.6), _inset(frame.margin_bottom, 3.6)
    inner = max(w - left - right, 1.0)
    height, widest, broken = 0.0, 0.0, []
    for paragraph in frame.paragraphs:
        text = "".join(r.text for r in paragraph.runs)
        size, bold = _paragraph_size(paragraph)
        before = paragraph.space_before.pt if paragraph.space_before is not None and height else 0.0
        indent = 0.0
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.get("marL"):
            indent = int(ppr.get("marL")) / _EMU
        room = max(inner - indent, 1.0) if frame.word_wrap is not False else 1e6
        # runs at several sizes (a key figure's number and unit) are measured at the size that
        # gives their real width
        real = sum(measure.width(r.text, r.font.size.pt if r.font.size else size,
                                 bold) for r in paragraph.runs)
        full = measure.width(text, size, bold)
        even = size * real / full if full and real < full else size
        height += before + measure.lines(text, even, room, bold) * measure.line_height(size)
        widest = max(widest, min(room, real) + indent)
        broken += [word for word in text.split() if measure.width(word, even, bold) > room * 1.02
                   and "://" not in word and not word.startswith("www.")]  # an address wraps anywhere
    anchor = str(frame.vertical_anchor or "")
    room_h = h - top - bottom
    ty = (
        y
        + top
        + (room_h - height if "BOTTOM" in anchor else (room_h - height) / 2 if "MIDDLE" in anchor else 0)
    )
    return (x + left, max(ty, y), widest, min(height, h)), room_h - height, broken


def _overlap(a, b) -> float:
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return w * h if w > 1 and h > 1 else 0.0


def _filled(shape) -> bool:
    """A shape drawn with a fill (a card, a band), which the reader sees whole."""
    try:
        return shape.fill.type is not None and int(shape.fill.type) != 5  # 5: the background
    except (AttributeError, TypeError, NotImplementedError):
        return False


def _furniture(shape) -> bool:
    return shape.name == "Source line" or shape.name.startswith(("Footer", "Slide Number", "Date"))


class _DeckCheck:
    """The preflight of one built deck, slide by slide; what it finds in ``findings``."""

    def __init__(self, measure, body, size: tuple[float, float], corpus: str, furniture_floor: float) -> None:
        self.measure, self.body, self.size, self.corpus = measure, body, size, corpus
        self.furniture_floor = furniture_floor
        self.findings: list[Flag] = []

    def add(self, where: Location, number: int, message: str) -> None:
        self.findings.append((where, f"slide {number}: {message}"))

    def slide(self, slide, plan, where: Location, number: int) -> set[str]:
        """Check one slide; return the items it shows (for repeats across slides)."""
        from .slides.slide import Kind

        body = self.body
        texts: list[tuple[str, tuple[float, float, float, float]]] = []
        lowest = body.y
        shown: set[str] = set()
        for shape in _flat(slide.shapes):
            if shape.left is None:
                continue
            lowest = max(lowest, self._shape(slide, shape, plan, where, number))
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            box, spare, broken = _text_box(shape, self.measure)
            # (a slide number or footer a few points taller than the template's box still shows
            # whole: its line's leading overruns, not its glyphs; it had a finding on every slide)
            tall = _rect(shape)[3]
            if spare < -2 - 0.02 * tall and not (_furniture(shape) and -spare < 0.5 * tall):
                self.add(where, number, f"the text of '{shape.name}' runs {-spare:.0f} pt out of its shape")
            for word in broken[:1]:
                self.add(where, number,
                         f"the word '{word[:40]}' is wider than '{shape.name}' and breaks inside")
            if shape != slide.shapes.title and not _furniture(shape):
                texts.append((shape.name, box))
                lowest = max(lowest, box[1] + box[3])
                if shape.name.startswith(("Card", "Row", "Step", "TextBox", "Content", "Text")):
                    shown |= {re.sub(r"\W+", " ", p.text).strip().lower() for p in shape.text_frame.paragraphs
                              if len(p.text.split()) >= 3}
        for (a, ra), (b, rb) in combinations(texts, 2):
            if _overlap(ra, rb) > 4:
                self.add(where, number, f"the texts of '{a}' and '{b}' overlap")
        if plan.kind not in (Kind.TITLE, Kind.SECTION, Kind.AGENDA, Kind.SOURCES) and body.h > 0 \
                and (lowest - body.y) / body.h < SLIDE_FILL:
            self.add(where, number,
                     f"the content fills {max(lowest - body.y, 0) / body.h:.0%} of the content "
                                    f"area (at least {SLIDE_FILL:.0%})")
        return shown

    def _shape(self, slide, shape, plan, where: Location, number: int) -> float:
        """Check a shape's place and its runs' sizes and ellipses; return how far down the
        content area it reaches (its top when it is text or furniture)."""
        from .slides.slide import Kind

        body, (width, height) = self.body, self.size
        x, y, w, h = _rect(shape)
        lowest = body.y
        if x < -1 or y < -1 or x + w > width + 1 or y + h > height + 1:
            self.add(where, number, f"'{shape.name}' runs off the slide")
        if not _furniture(shape) and shape != slide.shapes.title and y < body.y + body.h and \
                (not shape.has_text_frame or _filled(shape)):  # a picture, chart, table or card
            lowest = min(y + h, body.y + body.h)
        frames = [c.text_frame for r in shape.table.rows for c in r.cells] if shape.has_table else \
            [shape.text_frame] if shape.has_text_frame else []
        small = _furniture(shape) or plan.kind is Kind.SOURCES  # a reference list: source lines
        floor = (self.furniture_floor if small else FLOOR) - 0.01
        for paragraph in (p for frame in frames for p in frame.paragraphs):
            text = "".join(r.text for r in paragraph.runs)
            low = [r.font.size.pt for r in paragraph.runs if r.font.size is not None and r.text.strip()
                   and r.font.size.pt < floor]
            if low:  # once a paragraph (a date of several runs had a finding for each)
                self.add(where, number, f"'{text.strip()[:40]}' is set at {min(low):g} pt, "
                                        "under the type scale's floor")
            if _ELLIPSIS in text and _added_ellipsis(text, self.corpus):
                self.add(where, number, f"'{text.strip()[:60]}' is cut short with an ellipsis")
        return lowest


def deck_findings(report: Report, theme: Theme, pptx: Path, template: Path | None = None) -> list[Flag]:
    """What the preflight finds in a built deck (see the module's docstring)."""
    from pptx import Presentation

    from .slides import prepare

    prepared = prepare(report, theme, template)
    deck = Presentation(str(pptx))
    check = _DeckCheck(prepared.measurer, prepared.layouts.geometry.body,
                       ((deck.slide_width or 0) / _EMU, (deck.slide_height or 0) / _EMU), _corpus(report),
                       theme.deck.min_size.pt)
    source = Location(report.root / report.source, 1)
    items: list[tuple[int, Location, set[str]]] = []
    for number, (slide, plan) in enumerate(zip(deck.slides, prepared.plans), 1):
        where = plan.location or source
        shown = check.slide(slide, plan, where, number)
        if len(shown) >= 2:
            items.append((number, where, shown))
    for (n1, _, first), (n2, where, second) in combinations(items, 2):
        same = first & second
        if len(same) >= 2 and len(same) >= 0.5 * min(len(first), len(second)):
            check.add(where, n2, f"repeats {len(same)} items of slide {n1}")
    return check.findings


# --------------------------------------------------------------------------- the brief

def _flatten(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("-\n", ""))


def brief_findings(report: Report, theme: Theme, pdf: Path) -> list[Flag]:
    """What the preflight finds in a built brief (see the module's docstring)."""
    import pdfplumber

    source = Location(report.root / report.source, 1)
    language = report.meta.language
    continued = tr(language, "(continued)")
    findings: list[Flag] = []
    pdf_style = theme.pdf
    top, bottom = pdf_style.margin_top.pt, pdf_style.margin_bottom.pt
    with pdfplumber.open(pdf) as document:
        texts = [page.extract_text() or "" for page in document.pages]
        pages = [_flatten(text) for text in texts]
        fills, overlaps = [], []
        for page in document.pages:
            words = page.extract_words()
            inside = [o["bottom"] for o in words + page.rects + page.lines
                      if o["top"] >= top - 2 and o["bottom"] <= page.height - bottom + 2]
            fills.append((max(inside, default=top) - top) / (page.height - top - bottom))
            overlaps.append(_overlapping_words(words))
    findings += line_findings(report, [text.splitlines() for text in texts])
    sections = [(s, s.title) for s in report.all_sections()]

    def owner(page: int) -> Location:
        """The section whose heading is the last on or before ``page``."""
        found = source
        for n in range(page + 1):
            for section, title in sections:
                if title in pages[n] and section.location is not None:
                    found = section.location
        return found

    for block in report.all_blocks():
        where = block.location or source
        if isinstance(block, (Callout, Recommendations, Takeaways)) and block.title:
            if any(f"{block.title} {continued}" in page for page in pages):
                findings.append((where, f"the box '{block.title[:50]}' is split across pages"))
        if isinstance(block, Table) and len(block.data.rows) <= SHORT_TABLE:
            prefix = tr(language, "Table {number}.", number=block.number)
            caption = _flatten(f"{prefix} {block.caption} {continued}")
            if any(caption in page for page in pages):
                findings.append((where, f"{prefix} has {len(block.data.rows)} rows and is split "
                                                        "across pages"))
    for n, fill in enumerate(fills[:-1]):
        if fill < PAGE_FILL:
            findings.append((owner(n + 1), f"page {n + 1} of the brief is {fill:.0%} full "
                                                           f"(at least {PAGE_FILL:.0%} before a break)"))
    charts = [b for b in report.all_blocks() if isinstance(b, Chart)]
    for n, pairs in enumerate(overlaps):
        if pairs:
            figure = next((c for c in charts if tr(language, "Figure {number}.",
                                                   number=c.number) in pages[n]), None)
            where = (figure.location if figure else None) or owner(n)
            a, b = pairs[0]
            findings.append((where, f"page {n + 1} of the brief: '{a}' and '{b}' are drawn over "
                                                    "each other"))
    return findings


def _overlapping_words(words: list[dict]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than a fifth of the smaller."""
    out = []
    ordered = sorted(words, key=lambda w: w["top"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b["top"] >= a["bottom"]:
                break
            w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            h = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            smaller = min((a["x1"] - a["x0"]) * (a["bottom"] - a["top"]),
                          (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]))
            if w > 0 and h > 0 and w * h > 0.2 * smaller:
                out.append((a["text"], b["text"]))
    return out


def inspect(report: Report, theme: Theme, outputs: dict[str, Path],
            template: Path | None = None) -> list[Flag]:
    """The preflight's findings for the built ``outputs`` (by format name: ``pdf``, ``pptx``)."""
    findings: list[Flag] = []
    if "pdf" in outputs:
        findings += brief_findings(report, theme, outputs["pdf"])
    if "pptx" in outputs:
        findings += deck_findings(report, theme, outputs["pptx"], template)
    return findings




def after_build(done, formats: tuple[str, ...], out: Path) -> list:
    """``build --strict``: the findings for each edition built (or up to date) in ``done`` (the
    runner's outcomes), as errors (:class:`builders.errors.Problem`) at their source lines."""
    from .errors import Problem
    from .pipeline.build import load
    from .read.editions import Edition

    problems = []
    for outcome in done:
        job = outcome.job
        if outcome.problems or outcome.failure or outcome.error is not None:
            continue
        report, theme = load(job.folder, theme=job.theme, edition=job.edition)
        stem = (job.edition or Edition()).stem_for(job.folder)
        outputs = {fmt: out / f"{stem}.{fmt}" for fmt in formats if (out / f"{stem}.{fmt}").is_file()}
        problems += [Problem(where, f"error: {message}") for where, message in inspect(report, theme, outputs,
                                                                                       job.template)]
    return problems
