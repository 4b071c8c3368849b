"""Editions: one report folder, several briefs and decks.

A report folder holds its main edition, ``report.md``, and may hold language editions,
``report.<language>.md`` (``report.ru.md``): the same headings, directives and footnote labels
in another language, drawing on the same data package. A source whose front matter declares
``params:`` is a template: ``{{ params.country }}`` in its text and options is filled in
(:mod:`.params`), and its ``matrix:`` (or ``--param NAME=VALUE``) makes one brief and deck per
value. Each edition is built on its own, into ``OUT/<stem>.pdf`` and ``.pptx``:

=====================================  ==================================
report.md                              <folder>.pdf
report.ru.md                           <folder>.ru.pdf
report.md, country = Kazakhstan        <folder>-kazakhstan.pdf
report.ru.md, country = Kazakhstan     <folder>-kazakhstan.ru.pdf
=====================================  ==================================
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReportError
from ..model import Location

MAIN_SOURCE = "report.md"
#: ``report.<language>.md``: a language edition
_EDITION = re.compile(r"^report\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.md$")


@dataclass(frozen=True)
class Edition:
    """One brief and deck made from a report folder."""

    #: the source file's name in the report folder
    source: str = MAIN_SOURCE
    #: the language tag of a language edition's file name ("" for the main edition)
    lang: str = ""
    #: parameter values given to a template (name, value), in the order given
    params: tuple[tuple[str, str], ...] = ()
    #: the outputs' file stem ("" for the folder's name)
    stem: str = ""

    def stem_for(self, folder: Path) -> str:
        return self.stem or folder.resolve().name


#: ``report.<anything>.md``: what a language edition's name looks like at first sight
_LOOKS_LIKE_EDITION = re.compile(r"^report\.(.+)\.md$", re.I)


def file_language(name: str) -> str:
    """The language tag in a language edition's file name (``ru`` of report.ru.md), else ""."""
    match = _EDITION.match(name)
    return match.group(1) if match else ""


def _names(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in Path(folder).iterdir() if p.is_file())
    except OSError:
        return []


def language_sources(folder: Path) -> list[tuple[str, str]]:
    """(file name, language tag) of every language edition in ``folder``, sorted by name. Two
    whose names differ only in case (report.RU.md, report.ru.md) are refused: on a file system
    that ignores case they are one file, and their outputs one file."""
    found = [(name, match.group(1)) for name in _names(folder) if (match := _EDITION.match(name))]
    seen: dict[str, str] = {}
    for name, _ in found:
        if name.lower() in seen:
            raise ReportError(
                f"{seen[name.lower()]} and {name} differ only in case: on many file systems they "
                "are one file, and so would be their outputs; keep one (report.<language>.md "
                "in lower case, such as report.ru.md)",
                Location(Path(folder) / name, 1),
            )
        seen[name.lower()] = name
    return found


def stray_sources(folder: Path) -> list[str]:
    """Files named like a language edition that are not one (report.english.md, report.ru_RU.md):
    they are not built."""
    return [name for name in _names(folder)
            if name != MAIN_SOURCE and _LOOKS_LIKE_EDITION.match(name) and not _EDITION.match(name)]


def slug(value: str) -> str:
    """A parameter value as part of a file name: lower-case words (letters and digits of any
    script) joined by '-'."""
    return "-".join(re.findall(r"[^\W_]+", value.lower()))


def stem(folder: Path, lang: str = "", params: tuple[tuple[str, str], ...] = ()) -> str:
    name = Path(folder).resolve().name
    for _, value in params:
        name += "-" + slug(value)
    return f"{name}.{lang}" if lang else name


def editions(folder: Path, given: tuple[tuple[str, str], ...] = ()) -> list[Edition]:
    """Every edition of a report folder: each language edition's source, times its matrix of
    parameter values (or the values ``given``, when any). Problems in a source's front matter
    are left for the build to report where they are."""
    found = []
    for source, lang in [(MAIN_SOURCE, ""), *language_sources(folder)]:
        declared = _declared(Path(folder) / source)
        # not a template (--param is for the reports that declare it), or one built as it is
        if declared is None or not (declared.matrix or given):
            found.append(Edition(source, lang, (), stem(folder, lang) if lang else ""))
            continue
        if not given:
            _check_matrix(folder, declared)
        for values in ([given] if given else declared.combinations()):
            found.append(Edition(source, lang, values, stem(folder, lang, values)))
    return found


def _check_matrix(folder: Path, declared) -> None:
    """A matrix makes at most MAX_EDITIONS editions, each named apart from the others (two
    values that would write one file, or a value with no letter or digit, are bad input)."""
    from .params import MAX_EDITIONS

    where = declared.where["matrix"]
    count = math.prod(len(values) for values in declared.matrix.values())
    if count > MAX_EDITIONS:
        raise ReportError(f"matrix: makes {count:,} editions (every combination of its values); at most "
                          f"{MAX_EDITIONS} are built from one source", where)
    for name, values in declared.matrix.items():
        named: dict[str, str] = {}
        for value in values:
            part = slug(value)
            if not part:
                raise ReportError(f"matrix: {name} value {value!r} has no letter or digit to name its "
                                  "outputs by", where)
            if part in named:
                raise ReportError(f"matrix: {name} values {named[part]!r} and {value!r} would both be "
                                  f"written as {stem(folder, '', ((name, value),))}.pdf", where)
            named[part] = value


#: a front matter key that makes a source a template
_TEMPLATE_KEY = re.compile(rb"^(?:params|matrix)[ \t]*:", re.M)


def _declared(path: Path):
    """What a source declares (:func:`.params.declared`); the YAML reader is not even imported
    for a source whose top has no ``params:`` or ``matrix:`` line (most reports)."""
    from ..paths import gate

    try:
        gate(path, Location(path), what="file")  # a named pipe is refused when the source is read
        with path.open("rb") as handle:
            head = handle.read(1 << 16)
    except (OSError, ReportError):
        return None
    if not _TEMPLATE_KEY.search(head):
        return None
    from . import params

    return params.declared(path)


def every_edition(
    folders: list[Path], given: tuple[tuple[str, str], ...] = ()
) -> list[tuple[Path, Edition | None]]:
    """(report folder, edition) of every edition of ``folders``, the main edition of a report
    without parameters as None (built as it always was). Two editions whose outputs would
    have one name are refused."""
    found: list[tuple[Path, Edition | None]] = []
    stems: dict[str, Path] = {}
    for folder in folders:
        for edition in editions(folder, given):
            plain = edition == Edition()
            name = edition.stem_for(folder)
            if name in stems and stems[name] != Path(folder).resolve() / edition.source:
                raise ReportError(f"two editions would both be written as {name}.pdf ({stems[name]} and "
                                  f"{edition.source}); rename a report folder or a parameter value",
                                  Location(Path(folder) / edition.source))
            stems[name] = Path(folder).resolve() / edition.source
            found.append((folder, None if plain else edition))
    if given and found and not any(edition is not None and edition.params for _, edition in found):
        names = ", ".join(sorted({Path(folder).name for folder, _ in found}))
        raise ReportError(f"{given[0][0]}={given[0][1]} is given, but no report here declares params: in "
                          f"its front matter ({names})", Path("--param"))
    return found


def parse_params(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``--param NAME=VALUE`` options as (name, value) pairs; a malformed one is bad input."""
    pairs = []
    for value in values:
        name, equals, text = value.partition("=")
        if not equals or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name.strip()):
            raise ReportError(f"--param {value!r}: expected NAME=VALUE, such as country=Kazakhstan",
                              Path("--param"))
        if not slug(text):
            raise ReportError(f"--param {value!r}: the value has no letter or digit to name the outputs by",
                              Path("--param"))
        pairs.append((name.strip(), text))
    return tuple(pairs)


def _named_folder(given: Path, root: Path) -> Path:
    """The folder a command line names: ``given`` when it exists, else ``reports/NAME`` for a
    bare NAME (as ``briefkit new NAME`` takes it); a folder that is not there is bad input, blamed
    as such before anything else (a --param, say) is looked at."""
    folder = Path(given)
    if os.path.exists(folder):  # False, not an error, for a name too long or holding a NUL
        return folder
    if len(folder.parts) == 1 and os.path.isdir(root / folder):
        return root / folder
    hint = f" (nor {root / folder})" if len(folder.parts) == 1 else ""
    known = sorted(p.name for p in root.iterdir() if (p / MAIN_SOURCE).is_file()) if root.is_dir() else []
    listed = (
        f"; the reports in {root}/ are: {', '.join(known[:10])}{' …' if len(known) > 10 else ''}"
        if known
        else ""
    )
    raise ReportError(f"no such folder{hint}{listed}", folder)


def report_dirs(given: tuple[Path, ...], root: Path = Path("reports")) -> list[Path]:
    """The reports to work on: those given (a folder holding report folders stands for them),
    or every folder in ``reports/`` with a report.md."""
    if given:
        folders = []
        for folder in map(_named_folder, given, [root] * len(given)):
            # a folder of reports (such as reports/ itself) stands for the reports in it
            inside = sorted(p for p in folder.iterdir() if (p / "report.md").is_file()) \
                if folder.is_dir() and not (folder / "report.md").exists() else []
            folders += inside or [folder]
        names: dict[str, Path] = {}
        for folder in folders:
            name = folder.resolve().name
            if name in names and names[name].resolve() != folder.resolve():
                raise ReportError(f"two reports are named {name!r} ({names[name]} and {folder}); their "
                                  "outputs would overwrite each other: build them into different --out "
                                  "folders", folder)
            names[name] = folder
        unique: dict[Path, Path] = {}  # a report named twice (reports/a and ./reports/a/) is one
        for folder in folders:
            unique.setdefault(folder.resolve(), folder)
        return list(unique.values())
    if not root.is_dir():
        raise ReportError("no reports/ folder here; run briefkit in a project folder or name a "
                          "report folder", root)
    found = sorted(p for p in root.iterdir() if (p / "report.md").is_file())
    if not found:
        raise ReportError("no report folders (with a report.md) in reports/", root)
    return found


#: at most so many sources are looked into for a chart (:func:`may_draw_charts`)
MOST_CHART_LOOKS = 20


def may_draw_charts(sources: list[Path]) -> bool:
    """Whether the report sources may hold a chart (a ``{chart}`` directive): only then does a
    writer whose cold preparation is for charts alone (``cold_for_charts`` in
    ``builders/formats.py``: the brief's, matplotlib) make it before the first edition reaches
    it. A guess about when to import and no more (a chart missed is drawn all the same, a
    source that cannot be read is the reader's to report), from at most
    :data:`MOST_CHART_LOOKS` sources, each read through the input gate within its limit."""
    from ..paths import project_root, read_input
    from .limits import MAX_SOURCE

    unique = sorted(set(sources))
    for path in unique[:MOST_CHART_LOOKS]:
        try:
            if b"{chart}" in read_input(path, Location(path), what="report source", most=MAX_SOURCE,
                                        roots=(project_root(path.parent),)):
                return True
        except ReportError:
            return True
    return len(unique) > MOST_CHART_LOOKS
