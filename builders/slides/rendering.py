"""The deck as LibreOffice shows it: converted to PDF with the fonts the deck was measured in
(``briefkit preview``, the real-client tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ..paths import ASSETS


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
