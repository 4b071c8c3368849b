"""``briefkit preview``: PNG thumbnails of every page and slide, and one contact sheet per output.

PDF pages are rendered with pypdfium2. Slides are rendered by LibreOffice (the deck is
converted to PDF, then rendered like the brief) when LibreOffice is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .paths import ASSETS

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


def office() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


def deck_pdf(pptx: Path, work: Path, program: str | None = None) -> Path:
    """The deck as LibreOffice shows it, converted to PDF in ``work``, with the fonts of
    assets/fonts/ available even where they are not installed (the deck was measured in them)."""
    work.mkdir(parents=True, exist_ok=True)
    conf = work / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                    f'  <dir>{ASSETS / "fonts"}</dir>\n  <cachedir>{work / "fc-cache"}</cachedir>\n'
                    '</fontconfig>\n')
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    program = program or office()
    if program is None:
        raise RuntimeError("LibreOffice is not installed")
    subprocess.run([program, f"-env:UserInstallation=file://{work / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), str(pptx)],
                   check=True, capture_output=True, timeout=300, env=env)
    return work / f"{pptx.stem}.pdf"


def preview(pdf: Path | None, pptx: Path | None, folder: Path, name: str) -> list[Preview]:
    """Thumbnails in ``folder``/``name``/ and contact sheets ``folder``/``name``-brief.png
    and -deck.png."""
    results = []
    pages_folder = folder / name
    if pdf is not None:
        pages = _render(pdf, pages_folder, "brief")
        results.append(Preview("brief", tuple(pages), contact_sheet(pages, folder / f"{name}-brief.png")))
    if pptx is not None:
        if office() is None:
            results.append(Preview("deck", note="LibreOffice is not installed, so slides were not rendered "
                                                "(apt-get install libreoffice-impress, or open the .pptx)"))
        else:
            with tempfile.TemporaryDirectory(prefix="briefkit-preview-") as tmp:
                slides = _render(deck_pdf(pptx, Path(tmp)), pages_folder, "deck")
            results.append(Preview("deck", tuple(slides),
                                   contact_sheet(slides, folder / f"{name}-deck.png", columns=3)))
    return results
