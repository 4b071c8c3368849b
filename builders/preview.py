"""``briefkit preview``: PNG thumbnails of every page and slide, and one contact sheet per output.

Each output is first shown as a PDF by its writer (``WRITER.preview``: the brief is one; the
deck is converted by LibreOffice when it is installed), then its pages are rendered with pypdfium2.
"""

from __future__ import annotations

import importlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import formats
from .slides.rendering import deck_pdf, office

__all__ = ["Preview", "contact_sheet", "deck_pdf", "office", "preview"]

#: width of a thumbnail in pixels
THUMB_WIDTH = 640
#: columns of a contact sheet
COLUMNS = 4


@dataclass(frozen=True)
class Preview:
    """What a preview wrote for one output, or why it could not."""

    kind: str
    thumbnails: tuple[Path, ...] = ()
    sheet: Path | None = None
    note: str = ""


def _render(pdf: Path, folder: Path, prefix: str) -> list[Path]:
    import pypdfium2 as pdfium

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{prefix}-*.png"):
        old.unlink()
    written = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for number, page in enumerate(document, start=1):
            scale = THUMB_WIDTH / page.get_width()
            image = page.render(scale=scale).to_pil()
            path = folder / f"{prefix}-{number:02d}.png"
            image.save(path, optimize=True)
            written.append(path)
    finally:
        document.close()
    return written


def contact_sheet(images: list[Path], target: Path, columns: int = COLUMNS) -> Path:
    """One image with every thumbnail in a grid, on a grey ground, as a designer's proof."""
    from PIL import Image

    opened = [Image.open(p) for p in images]
    width = max(i.width for i in opened)
    height = max(i.height for i in opened)
    gap = 16
    columns = min(columns, len(opened))
    rows = -(-len(opened) // columns)
    sheet = Image.new("RGB", (columns * (width + gap) + gap, rows * (height + gap) + gap), (128, 134, 140))
    for index, image in enumerate(opened):
        x = gap + (index % columns) * (width + gap)
        y = gap + (index // columns) * (height + gap)
        sheet.paste(image.convert("RGB"), (x, y))
        image.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target, optimize=True)
    return target


def preview(outputs: list[Path], folder: Path, name: str) -> list[Preview]:
    """Thumbnails in ``folder``/``name``/ and one contact sheet per output,
    ``folder``/``name``-brief.png, -deck.png (named by each writer's label)."""
    results = []
    pages_folder = folder / name
    for output in outputs:
        fmt = formats.by_suffix(output.suffix)
        if fmt is None:
            continue
        writer = importlib.import_module(fmt.module).WRITER
        with tempfile.TemporaryDirectory(prefix="briefkit-preview-") as tmp:
            shown = writer.preview(output, Path(tmp))
            if shown is None:
                results.append(Preview(writer.label, note=writer.unshown))
                continue
            pages = _render(shown, pages_folder, writer.label)
        results.append(Preview(writer.label, tuple(pages), contact_sheet(
            pages, folder / f"{name}-{writer.label}.png", columns=writer.sheet_columns)))
    return results
