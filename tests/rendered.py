"""Contrast measured on rendered pixels: each word's box (pdfplumber) on the page rendered by
pdftoppm, its ink the pixel inside that stands out most from the pixels around the box.

Used by the template tests and by ``benchmarks/templates_wild.py``; decks are turned into PDF
with LibreOffice first (:func:`deck_pdf`)."""

from __future__ import annotations

import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from builders.shared.contrast import ratio
from builders.shared.theme import Colour


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    size: float
    contrast: float

    @property
    def large(self) -> bool:
        return self.size >= 17.5

    @property
    def passes(self) -> bool:
        return self.contrast >= (3.0 if self.large else 4.5)


def deck_pdf(pptx: Path, out: Path) -> Path:
    """The deck converted by LibreOffice (headless) into ``out``."""
    subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(pptx)],
                   check=True, capture_output=True, timeout=300)
    return out / (pptx.stem + ".pdf")


def _colour(pixel) -> Colour:
    return Colour("#{:02X}{:02X}{:02X}".format(*pixel[:3]))


def words(pdf: Path, dpi: int = 200) -> list[Word]:
    """Every word of every page with its size and measured contrast."""
    import pdfplumber
    from PIL import Image

    found = []
    with tempfile.TemporaryDirectory() as tmp, pdfplumber.open(pdf) as doc:
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), f"{tmp}/p"], check=True, timeout=300)
        pngs = sorted(Path(tmp).glob("p-*.png"))
        for number, (page, png) in enumerate(zip(doc.pages, pngs), 1):
            image = Image.open(png).convert("RGB")
            scale = image.width / float(page.width)
            for word in page.extract_words(extra_attrs=["size"], keep_blank_chars=False):
                x0, x1 = word["x0"] * scale, word["x1"] * scale
                y0, y1 = word["top"] * scale, word["bottom"] * scale
                if x1 - x0 < 2 or y1 - y0 < 2 or not any(c.isalnum() for c in word["text"]):
                    continue
                pad = max(2, int((y1 - y0) * 0.25))
                inside = image.crop((int(x0), int(y0), int(x1) + 1, int(y1) + 1))
                around = [image.getpixel((x, y)) for x in range(max(0, int(x0) - pad), min(image.width,
                                                                                           int(x1) + pad))
                          for y in (max(0, int(y0) - pad), min(image.height - 1, int(y1) + pad))]
                around += [image.getpixel((x, y)) for y in range(max(0, int(y0)), min(image.height, int(y1)))
                           for x in (max(0, int(x0) - pad), min(image.width - 1, int(x1) + pad))]
                if not around:
                    continue
                ground = _colour(Counter(around).most_common(1)[0][0])
                pixels = Counter(
                    inside.get_flattened_data() if hasattr(inside, "get_flattened_data") else inside.getdata()
                )
                # the ink: where the pixels most unlike the ground begin (the 97th percentile
                # of contrast), so that a stray anti-aliased pixel does not count and a thin
                # stroke does
                ranked = sorted(((ratio(_colour(p), ground), n) for p, n in pixels.items()), reverse=True)
                total, seen, ink = sum(pixels.values()), 0, 1.0
                for value, n in ranked:
                    seen += n
                    ink = value
                    if seen >= 0.03 * total:
                        break
                found.append(Word(number, word["text"], float(word["size"]), ink))
    return found


def failures(found: list[Word]) -> list[Word]:
    return [w for w in found if not w.passes]
