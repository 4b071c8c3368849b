"""Furniture catalogues: each translates every message briefkit prints, and a German or Kazakh
edition prints its language's furniture and quotation marks in both outputs."""

from __future__ import annotations

import ast
import shutil
import string

import pytest
from pptx import Presentation
from pypdf import PdfReader

from builders import build
from builders.locale import furniture

from conftest import ROOT, ROOTS

CATALOGUES = sorted(p.stem for p in (ROOT / "builders" / "locale" / "catalogues").glob("*.po"))


def _messages() -> set[str]:
    """Every message the code passes to ``tr`` as a literal."""
    found = set()
    for path in (ROOT / "builders").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None)
            if isinstance(node, ast.Call) and getattr(name, "id", getattr(name, "attr", "")) == "tr" \
                    and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) \
                    and isinstance(node.args[1].value, str):
                found.add(node.args[1].value)
    return found


@pytest.mark.parametrize("language", CATALOGUES)
def test_a_catalogue_translates_every_message_and_keeps_its_placeholders(language):
    messages = _messages()
    assert {"Key takeaways", "Page {page} of {total}", "Go to {target}"} <= messages
    catalogue = furniture._catalogue(language)
    assert messages <= catalogue.keys(), sorted(messages - catalogue.keys())

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for message in messages:
        assert fields(catalogue[message]) == fields(message), (message, catalogue[message])


@pytest.mark.parametrize(("language", "takeaways", "page", "source", "sources", "quoted"), [
    ("de", "Kernaussagen", "Seite {page} von {total}", "Quelle:", "Quellen", "\u201eFormats"),
    ("kk", "Негізгі тұжырымдар", "Бет {page} / {total}", "Дереккөз:", "Дереккөздер", "\u00abFormats"),
    ("uk", "Основні висновки", "Сторінка {page} з {total}", "Джерело:", "Джерела", "\u00abFormats"),
])
def test_an_edition_prints_its_languages_furniture(tmp_path, language, takeaways, page, source, sources,
                                                   quoted):
    root = tmp_path / "bericht"
    shutil.copytree(ROOTS / "basic", root)
    source_file = root / "report.md"
    source_file.write_text(source_file.read_text(encoding="utf-8").replace("language: en-GB",
                                                                           f"language: {language}", 1),
                           encoding="utf-8")
    pdf, pptx = build(root, ("pdf", "pptx"), tmp_path / "out", cache=False)
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    text = "\n".join(pages)
    assert takeaways in pages[0] and "Key takeaways" not in text
    assert any(page.format(page=n, total=len(pages)) in pages[n - 1] for n in (1, 2))
    assert source in text and "Source:" not in text
    slides = "\n".join(shape.text_frame.text for slide in Presentation(pptx).slides for shape in slide.shapes
                       if shape.has_text_frame)
    assert sources in slides and "Sources" not in slides
    assert quoted in slides, "the quote slide in the language's marks"
    large = {shape.text_frame.text for slide in Presentation(pptx).slides for shape in slide.shapes
             if shape.name == "Quotation mark"}
    assert large == {quoted[0]}, "the quote slide's large mark opens as the quotation does"
