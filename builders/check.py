"""``briefkit check``: validate a report and lint the brief and deck as an editor would.

Nothing is written to the output folder: the brief is laid out in a temporary folder (to
count pages and see page 1) and the deck is only planned. Each finding names the source line
it is about. Errors are bad input; warnings are editorial advice drawn from think-tank house
styles and chart style guides (docs/command-line.md says what ``check`` looks at).
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError
from .locale import furniture
from .locale.furniture import tr
from .model import (
    BulletList,
    Callout,
    Chart,
    Location,
    Paragraph,
    Quote,
    Recommendations,
    Report,
    SlideBlock,
    SlideLayout,
    Table,
    Takeaways,
    plain,
)
from .read.editions import MAIN_SOURCE, Edition, stray_sources
from .shared.theme import Theme
from .timewords import time_words

ERROR, WARNING, NOTE = "error", "warning", "note"


@dataclass(frozen=True, order=True)
class Finding:
    """One thing an editor would point out, and where."""

    location: Location
    severity: str
    message: str

    def __str__(self) -> str:
        from .errors import Problem

        return str(Problem(self.location, f"{self.severity}: {self.message}"))


# --------------------------------------------------------------------------- text of the brief


def _texts(report: Report):
    """(location, text) of every piece of running text, in document order."""
    def blocks(items):
        for block in items:
            where = block.location
            if isinstance(block, Paragraph):
                yield where, block.spans
            elif isinstance(block, BulletList):
                for item in block.items:
                    yield where, item.spans
                    for child in item.children:
                        yield where, child.spans
            elif isinstance(block, (Takeaways, Recommendations)):
                for spans in block.items:
                    yield where, spans
            elif isinstance(block, Callout):
                yield from blocks(block.blocks)
            elif isinstance(block, Quote):
                for paragraph in block.paragraphs:
                    yield where, paragraph

    yield from blocks(report.all_blocks())


def word_count(report: Report) -> int:
    return sum(len(plain(spans).split()) for _, spans in _texts(report))


# --------------------------------------------------------------------------- acronyms

_ACRONYM = re.compile(r"(?<![\w.&])([A-Z]{2,}s?)(?![\w.+&])")  # AT&T and U.S. are names
_ROMAN = re.compile(r"^[IVXLCDM]+$")
#: acronyms a reader of a policy brief knows without a spelled-out name (as the house styles of
#: the press have it); besides these, a currency's ISO code (USD, EUR, KZT) is never flagged
WELL_KNOWN = frozenset({"US", "USA", "UK", "EU", "UN", "GDP", "NATO", "OK", "TV"})


def _known(acronym: str) -> bool:
    from babel.numbers import list_currencies

    return acronym in WELL_KNOWN or (len(acronym) == 3 and acronym in list_currencies())


def _exact(source_lines: list[str], location: Location | None, needle: str) -> Location | None:
    """The line a word stands on, searching from the block's first line."""
    if location is None:
        return None
    for index in range(location.line - 1, min(location.line + 200, len(source_lines))):
        if re.search(rf"(?<![\w.]){re.escape(needle)}(?![\w])", source_lines[index]):
            return Location(location.path, index + 1)
    return Location(location.path, location.line)


def _source(report: Report) -> Path:
    """The file a report was read from: its main edition or a language edition."""
    return report.root / report.source


def _acronyms(report: Report, lines: list[str]) -> list[Finding]:
    """An acronym must be spelled out where it is first used: "Full Name (FN)" or "FN (full name)"."""
    findings = []
    seen: set[str] = set()
    for where, spans in _texts(report):
        text = plain(spans)
        for match in _ACRONYM.finditer(text):
            word = match.group(1)
            acronym = word[:-1] if word.endswith("s") and word[:-1].isupper() and len(word) > 2 else word
            if acronym in seen or _ROMAN.match(acronym) or _known(acronym):
                continue
            seen.add(acronym)
            before, after = text[: match.start()], text[match.end():]
            explained = before.rstrip().endswith("(") and after.startswith(")") or after.startswith(" (")
            if not explained:
                findings.append(Finding(_exact(lines, where, word) or Location(_source(report)),
                                        WARNING, f"acronym {acronym} is not spelled out at first use; "
                                                 f"write the full name followed by ({acronym})"))
    return findings


# --------------------------------------------------------------------------- slides

_IRREGULAR = set("""is are was were be been being has have had do does did can could should would will
may might must shall led set sets built made took gave kept saw shown came become became ran held
fell rose grew won lost chose put let met""".split())
_BASE = """lead show build make take give keep need see reclaim share rank differ fill court work cede buy
follow acknowledge mention meet run hand come become tell say grow rise fall remain want gain lose win
open close join link drive matter rely depend outpace favour prefer choose put turn stay adapt add
allow argue ask begin bring call carry cause change cost count create cut deliver deny describe
determine develop dominate enable end enter expand expect explain face find focus force form get go
happen help hold hope improve include increase invite keep know lack lag leave like limit look lower
mean move offer outweigh own pass pay play point press promise protect prove push raise reach read
reduce reflect refuse reject replace require rest return reveal rise risk seek sell send serve set
shape shift sit slow speak spend stand start stop strengthen struggle suggest support sustain take
target tend test threaten trade trust try understand undercut use vary wait weaken widen worry yield
engage compete cooperate balance invest govern export import respond emerge continue connect
integrate coordinate secure fund host outsource delegate convene recognise recognize ignore welcome
praise sign adopt launch found establish inaugurate agree decide plan propose recommend warn stress
emphasise emphasize account attract hedge pivot"""


def _forms(verb: str) -> set[str]:
    forms = {verb, verb + "s"}
    if verb.endswith(("s", "sh", "ch", "x", "o")):
        forms.add(verb + "es")
    if verb.endswith("y") and verb[-2] not in "aeiou":
        forms.add(verb[:-1] + "ies")
    return forms


_VERBS = _IRREGULAR | {form for verb in _BASE.split() for form in _forms(verb)}


def states_a_point(title: str) -> bool:
    """A rough test of an action title: four or more words with a verb after the first word
    (one of some two hundred common verbs, or a word ending in -ed)."""
    words = re.findall(r"[A-Za-z’']+", title)
    if len(words) < 4:
        return False
    return any(w.lower() in _VERBS or (w.lower().endswith("ed") and len(w) > 4) for w in words[1:])


def _deck(report: Report, theme: Theme, template: Path | None) -> list[Finding]:
    from .slides import prepare
    from .slides.slide import CONTINUED, BulletsPlan, ComparisonPlan, Kind, RowsPlan, SourcesPlan

    style = theme.deck
    source = Location(_source(report), 1)
    prepared = prepare(report, theme, template)
    plans = prepared.plans
    # which of the template's layouts each kind of slide stands on
    findings = [Finding(source, NOTE, f"{what} the template's layout {prepared.layouts.names[role]}")
                for role, what in (("title", "the cover uses"), ("content",
                                                                 "bullet, table, chart and card slides use"),
                                   ("two", "comparison slides use"), ("section", "section slides use"),
                                   ("title_only", "quote slides use"))]
    if not style.min_slides <= len(plans) <= style.max_slides:
        findings.append(Finding(source, WARNING, f"the deck has {len(plans)} slides; a briefing of 20-30 "
                                                 f"minutes has {style.min_slides}-{style.max_slides}"))
    for block in report.all_blocks():
        # as many slides as the build makes of it: the plans say where each slide comes from
        pieces = sum(1 for p in plans if block.location is not None and p.location == block.location) \
            if isinstance(block, SlideBlock) else 0
        if isinstance(block, SlideBlock) and pieces > 1:
            what = "steps" if block.layout is SlideLayout.PROCESS else "bullets"
            findings.append(Finding(block.location or source, WARNING,
                                    f"slide has {len(block.items)} {what}, "
                                                                       f"too many for one slide, so it is "
                                                                       f"split "
                                                                       f"over {pieces} slides"))
        if isinstance(block, SlideBlock):
            for item in (*block.items, *(i for side in block.sides for i in side.items)):
                text = plain(item.spans)
                if len(text.split()) > style.max_bullet_words:
                    findings.append(Finding(block.location or source, WARNING,
                                            f"bullet '{_short(text)}' has {len(text.split())} "
                                            f"words; keep bullets to about {style.max_bullet_words}"))
    exempt = {Kind.TITLE, Kind.AGENDA, Kind.SECTION, Kind.TAKEAWAYS, Kind.RECOMMENDATIONS, Kind.SOURCES}
    seen_titles = set()
    language = report.meta.language
    english = furniture.is_english(language)
    for slide in plans:
        where = slide.location or source
        bullets = slide.bullets if isinstance(slide, (BulletsPlan, RowsPlan, SourcesPlan)) else ()
        sides = slide.sides if isinstance(slide, ComparisonPlan) else ()
        words = sum(len(plain(b.spans).split()) for b in bullets) + \
            sum(len(plain(b.spans).split()) + len(side.heading.split())
                for side in sides for b in side.bullets)
        if words > style.max_slide_words and slide.kind is not Kind.SOURCES:
            findings.append(Finding(where, WARNING, f"slide '{_short(slide.title)}' carries {words} words; "
                                                    f"the room reads about {style.max_slide_words} at most"))
        cont = tr(language, CONTINUED)
        base = slide.title[:slide.title.rfind(cont[:-1])] if slide.continued and cont[:-1] in slide.title \
            else slide.title
        # the action-title test knows English verbs only: another language's titles are not judged
        if slide.kind not in exempt and base not in seen_titles and english and not states_a_point(base):
            findings.append(Finding(where, WARNING, f"slide title '{_short(base)}' names a topic; state the "
                                                    "slide's point as a sentence"))
        seen_titles.add(base)
    return findings


def _short(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 1] + "\u2026"


# --------------------------------------------------------------------------- the brief


def _brief(report: Report, theme: Theme, template: Path | None = None) -> list[Finding]:
    from pypdf import PdfReader

    from . import preflight
    from .pipeline import formats

    source = Location(_source(report), 1)
    findings = []
    words = word_count(report)
    if words > theme.pdf.max_words:
        findings.append(Finding(source, WARNING, f"the brief has {words:,} words; a policy brief has at most "
                                                 f"about {theme.pdf.max_words:,}"))
    with tempfile.TemporaryDirectory(prefix="briefkit-check-") as tmp:
        pdf, pptx = Path(tmp) / "brief.pdf", Path(tmp) / "deck.pptx"
        formats.write("pdf", report, theme, pdf)
        pages = PdfReader(pdf).pages
        first = pages[0].extract_text() or ""
        count = len(pages)
        # the preflight: the layout both writers produced, as a reader sees it
        formats.write("pptx", report, theme, pptx, template=template)
        findings += [Finding(where, WARNING, message)
                     for where, message in preflight.inspect(report, theme, {"pdf": pdf, "pptx": pptx},
                                                             template)]
    if count > theme.pdf.max_pages:
        findings.append(Finding(source, WARNING, f"the brief runs to {count} pages; the theme allows "
                                                 f"{theme.pdf.max_pages}"))
    takeaways = [b for b in report.all_blocks() if isinstance(b, Takeaways)]
    if not takeaways:
        findings.append(Finding(source, WARNING,
                                "no {takeaways}: readers expect 3-5 key takeaways on page 1"))
    flat = re.sub(r"\s+", " ", first.replace("-\n", ""))  # page 1's text, as one line
    for box in takeaways:
        if not 3 <= len(box.items) <= 5:
            findings.append(Finding(box.location or source, WARNING,
                                    f"{len(box.items)} takeaways; give 3 to 5"))
        last = plain(box.items[-1]).split()[-2:] if box.items else []
        if box.title not in flat or (last and not _on_page(last, flat)):
            findings.append(Finding(box.location or source, WARNING,
                                    "the key takeaways do not all fit on page 1"))
    for block in report.all_blocks():
        if isinstance(block, Recommendations) and len(block.items) > 3:
            findings.append(Finding(block.location or source, WARNING,
                                    f"{len(block.items)} recommendations; a brief "
                                                             "makes at most three"))
        if isinstance(block, Table) and not block.data.source:
            findings.append(Finding(block.location or source, WARNING,
                                    f"table '{_short(block.caption)}' has no source: "
                                                             f"add \"sources\" to resource "
                                                             f"'{block.data.name}'"))
        if isinstance(block, Chart) and not block.spec.source:
            findings.append(Finding(block.location or source, WARNING,
                                    f"chart '{_short(block.spec.title)}' has no source: "
                                                             "add \"sources\" to its data resource"))
    return findings


def _on_page(words: list[str], text: str) -> bool:
    """Whether ``words`` are in a page's extracted ``text``: in a row, or (right-to-left words,
    which come out as joined forms in drawing order) each on its own, in either direction."""
    if " ".join(words) in text:
        return True
    folded = unicodedata.normalize("NFKC", text)
    for word in words:
        word = unicodedata.normalize("NFKC", word).strip(".,;:!?\u060c\u061b")
        if word not in folded and word[::-1] not in folded:
            return False
    return True


def check(report_dir: Path, *, theme: str | None = None, template: Path | None = None,
          edition: Edition | None = None) -> list[Finding]:
    """Every finding for one report (or one ``edition`` of it), errors first, each located in
    the source. A language edition is also held to the main edition's sections, directives
    and footnotes (:mod:`builders.read.drift`)."""
    from .pipeline.build import load
    from .read import drift

    source = edition.source if edition else "report.md"
    drifted = [Finding(where, ERROR if error else WARNING, message)
               for where, message, error in drift.check(Path(report_dir).resolve(), source)] \
        if edition and edition.lang else []
    if source == MAIN_SOURCE:  # once per report folder
        drifted += [Finding(Location(Path(report_dir).resolve() / name, 1), WARNING,
                            f"{name} is not built: a language edition is named report.<language>.md after "
                            "a language tag, such as report.ru.md or report.en-GB.md")
                    for name in stray_sources(Path(report_dir))]
    try:
        report, theme_obj = load(report_dir, theme=theme, edition=edition)
    except ReportError as error:
        return _sorted([Finding(p.location, ERROR, p.message) for p in error.problems]
                       + _characters(report_dir, source) + drifted)
    lines = (report.root / source).read_text(encoding="utf-8-sig").split("\n")
    findings = _acronyms(report, lines) + _characters(report_dir, source) + drifted
    findings += [Finding(where, WARNING,
                         f"footnote [^{label}] is defined but never cited, so neither output shows "
                                         f"it; cite it with [^{label}] or remove it") for label,
                                         where in report.uncited]
    findings += [Finding(where, WARNING, message)
                 for where, message in time_words(report.root / source, lines, report.meta.language)]
    try:
        findings += _brief(report, theme_obj, template) + _deck(report, theme_obj, template)
    except ReportError as error:
        findings += [Finding(p.location, ERROR, p.message) for p in error.problems]
    return _sorted(findings)


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(set(findings), key=lambda f: (f.severity != ERROR, str(f.location.path), f.location.line,
                                                f.message))


def _characters(report_dir: Path, source: str = "") -> list[Finding]:
    """Control characters and bidirectional overrides in the source (its NULs are errors that
    reading it has reported already)."""
    from .read.limits import MAX_SOURCE
    from .read.report import SOURCE_NAME
    from .read.textfiles import decode, flagged, read_at_most

    path = Path(report_dir).resolve() / (source or SOURCE_NAME)
    try:
        text = decode(path, read_at_most(path, MAX_SOURCE))
    except (OSError, ReportError):  # reading the report has said what is wrong
        return []
    return [Finding(f.location, WARNING, f.message) for f in flagged(path, text) if not f.error]
