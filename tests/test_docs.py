"""The README is a front page and docs/ the reference, checked against the code: every key,
option and module the code knows has its line in docs/, and every link goes somewhere."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import click
import pytest

from builders import cli
from builders.read import chartdata, directives, fields, frontmatter, theme

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"


def _doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _missing(names, text: str) -> list[str]:
    """The names that ``text`` never shows as code: `name`, `name: value` or "name" (in JSON)."""
    return sorted(n for n in set(names) if not re.search(rf"[`\"]{re.escape(n)}[`\":]", text))


def test_the_readme_is_a_front_page():
    text = README.read_text(encoding="utf-8")
    assert len(text) < 8000, f"README is {len(text)} characters"
    first_screen = "\n".join(text.splitlines()[:40])
    assert "pip install -e . && .venv/bin/briefkit build" in first_screen
    assert 'pip install -e ".[test]" && .venv/bin/pytest' in first_screen
    # the test command is the one CI runs
    assert 'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/pytest' in \
        (ROOT / ".ci" / "run").read_text()
    for page in sorted(DOCS.glob("*.md")):
        assert f"(docs/{page.name})" in text, f"README does not link docs/{page.name}"


def _anchors(text: str) -> set[str]:
    """GitHub's anchors for a page's headings."""
    found = set()
    for heading in re.findall(r"(?m)^#+ (.+)$", text):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", "")).replace(" ", "-")
        found.add(slug)
    return found


@pytest.mark.parametrize("page", [README, *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name)
def test_every_link_to_a_file_or_heading_arrives(page: Path):
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"(?s)```.*?```|`[^`\n]*`", "", text)  # code shows syntax, it links nowhere
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):  # a web address, or an example anchor
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve()
        if not file.exists():
            broken.append(target)
        elif anchor and anchor not in _anchors(file.read_text(encoding="utf-8")):
            broken.append(target)
    assert broken == []


def test_every_front_matter_key_is_documented():
    keys = [*frontmatter.SCHEMA, *frontmatter.DECK, *frontmatter.AUTHOR]
    assert _missing(keys, _doc("source-format.md")) == []


def test_every_directive_and_option_is_documented():
    text = _doc("directives.md")
    assert _missing([f"{{{name}}}" for name in directives.DIRECTIVES], text) == []
    options = {option for _, allowed in directives.DIRECTIVES.values() for option in allowed}
    assert set(chartdata.OPTIONS) <= options
    assert _missing(options, text) == []


def test_every_data_package_property_is_documented():
    text = _doc("data-package.md")
    assert _missing([*fields._FIELD_CHECKS, "decimals", "name", "path", "schema", "fields", "sources",
                     "dialect", "encoding", "missingValues"], text) == []


def test_every_theme_key_is_documented():
    from builders.shared.theme import DeckStyle, PdfStyle

    keys = [*theme.SCHEMA, *theme.FONTS, *theme.FAMILY, *theme.COLOUR_ROLES,
            *(f.name for f in dataclasses.fields(PdfStyle)), *(f.name for f in dataclasses.fields(DeckStyle))]
    assert _missing(keys, _doc("themes-and-templates.md")) == []


def test_every_command_line_option_is_documented():
    text = _doc("command-line.md")
    missing = []
    assert isinstance(cli.main, click.Group)
    for name, command in cli.main.commands.items():
        if f"briefkit {name}" not in text:
            missing.append(f"briefkit {name}")
        for param in command.params:
            if isinstance(param, click.Option):
                long = [o for o in param.opts if o.startswith("--")]
                missing += [o for o in long if f"`{o}" not in text]
    assert missing == []


def test_the_layout_page_names_every_module():
    text = _doc("layout.md")
    package = ROOT / "builders"
    missing = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        if relative.endswith("/__init__.py") and f"`builders/{relative[:-len('__init__.py')]}`" in text:
            continue  # a package is named by its folder
        if f"`{relative}`" not in text and f"`builders/{relative}`" not in text:
            missing.append(relative)
    assert missing == []


def test_the_checks_fail_on_what_they_look_for(tmp_path):
    """The helpers find a missing line and a broken anchor."""
    assert _missing(["toc", "title", "name", "bareNumber"],
                    '| `title` | "name": | `bareNumber: no`') == ["toc"]
    assert "the-body" in _anchors("## The body\n")
    assert "limits-and-sizes" in _anchors("### Limits, and `sizes`\n")


def test_the_theme_defaults_documented_are_the_code_defaults():
    from builders.shared.theme import DeckStyle, PdfStyle

    text = _doc("themes-and-templates.md")
    pdf_part, _, deck_part = text.partition("`deck:` keys")
    pdf_part = pdf_part.partition("`pdf:` keys")[2]
    wrong = []
    for part, style in ((pdf_part, PdfStyle()), (deck_part, DeckStyle())):
        for field in dataclasses.fields(style):
            value = getattr(style, field.name)
            shown = f"{value.pt:g}pt" if hasattr(value, "pt") else str(value).lower() if isinstance(value,
                                                                                                    bool) \
                else str(value)
            if f"| `{field.name}` | `{shown}` |" not in part:
                wrong.append(f"{field.name}: {shown}")
    assert wrong == []


def test_the_limits_documented_are_the_code_limits():
    from builders.read import limits

    text = _doc("source-format.md")
    table = {name: f"| {value:,} " for name, value in (
        ("MAX_SOURCE", limits.MAX_SOURCE), ("MAX_PARAGRAPH", limits.MAX_PARAGRAPH),
        ("MAX_OPTION", limits.MAX_OPTION), ("MAX_FIELD", limits.MAX_FIELD),
        ("MAX_TABLE_CELLS", limits.MAX_TABLE_CELLS), ("MAX_NESTING", limits.MAX_NESTING))}
    missing = [name for name, cell in table.items() if cell not in text]
    assert missing == []
