"""The deck as LibreOffice shows it: converted to PDF with the fonts the deck was measured in
(``briefkit preview``, the real-client tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
from html import escape
from pathlib import Path

from ..paths import ASSETS
from ..shared import languages


def office() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


def _aliases() -> str:
    """The faces the deck names for Georgian, Armenian, Arabic script and Chinese (Sylfaen …),
    drawn in the faces measured here. (LibreOffice puts its own stand-in for Arial, Liberation
    Sans, first, and draws the Arabic letters that lacks in a face fontconfig offers: Noto
    Naskh Arabic, or DejaVu Sans.)"""
    heres: dict[str, list[str]] = {}
    for face in languages.DECK_FACES.values():
        if face.here not in heres.setdefault(face.name, []):
            heres[face.name].append(face.here)
    return "".join(f"  <alias><family>{escape(name)}</family><prefer>"
                   + "".join(f"<family>{escape(here)}</family>" for here in families) + "</prefer></alias>\n"
                   for name, families in heres.items())


def deck_pdf(pptx: Path, work: Path, program: str | None = None, keep: Path | None = None) -> Path:
    """The deck as LibreOffice shows it, converted to PDF in ``work``, with the fonts of
    assets/fonts/ available even where they are not installed (the deck was measured in them),
    and given for the faces the deck names for other scripts (:func:`_aliases`). LibreOffice's
    profile and font cache go to ``keep`` when given (kept for the next call, which starts a
    few seconds sooner; one call at a time), else to ``work``."""
    work.mkdir(parents=True, exist_ok=True)
    state = keep or work
    conf = work / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                    f'  <dir>{ASSETS / "fonts"}</dir>\n  <cachedir>{state / "fc-cache"}</cachedir>\n'
                    f'{_aliases()}</fontconfig>\n')
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    program = program or office()
    if program is None:
        raise RuntimeError("LibreOffice is not installed")
    subprocess.run([program, f"-env:UserInstallation=file://{state / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), str(pptx)],
                   check=True, capture_output=True, timeout=300, env=env)
    return work / f"{pptx.stem}.pdf"
