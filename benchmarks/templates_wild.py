"""Build the flagship deck on every template of a corpus and report, per template: built (or
the refusal), any vertical title, the cover's fields, the lowest contrast of a word on the
rendered slides (and how many words fall under the WCAG rule), and openxml-audit's errors.

    python benchmarks/templates_wild.py ../shared/templates-wild [--out /tmp/wild] [--only NAME]

Needs LibreOffice, poppler-utils, pdfplumber and openxml-audit (pip install openxml-audit).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

REPORT = ROOT / "reports" / "us-china-central-asia"


def _audit(pptx: Path) -> int | str:
    beside = Path(sys.executable).with_name("openxml-audit")  # the venv's, when not on PATH
    program = str(beside) if beside.exists() else "openxml-audit"
    run = subprocess.run([program, "-o", "json", "-m", "0", str(pptx)], capture_output=True, text=True)
    try:
        data = json.loads(run.stdout)
    except ValueError:
        return "?"
    results = data if isinstance(data, list) else [data]
    return sum(len(r.get("errors", [])) for r in results if isinstance(r, dict))


def _vertical(pptx: Path) -> int:
    from pptx import Presentation

    from builders.slides.layouts import vertical

    prs = Presentation(str(pptx))
    return sum(1 for s in prs.slides if s.shapes.title is not None and vertical(s.shapes.title,
                                                                                s.slide_layout))


def _cover(pptx: Path, meta) -> str:
    from pptx import Presentation

    prs = Presentation(str(pptx))
    text = " ".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    parts = {"title": meta.title, "subtitle": meta.subtitle,
             "authors": meta.authors[0].name if meta.authors else "",
             "date": str(meta.date.year) if meta.date else ""}
    return ",".join(k for k, v in parts.items() if v and v.split()[0] in text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/templates-wild"))
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    from rendered import deck_pdf, failures, words

    from builders.pipeline.build import load

    report, _ = load(REPORT)
    rows = []
    for template in sorted(p for p in args.corpus.iterdir() if p.suffix in (".pptx", ".potx")):
        if args.only and args.only not in template.name:
            continue
        out = args.out / template.stem
        out.mkdir(parents=True, exist_ok=True)
        run = subprocess.run([str(Path(sys.executable).parent / "briefkit"), "build", str(REPORT), "--format",
                              "pptx",
                              "--template", str(template), "--out", str(out), "--force"],
                             capture_output=True, text=True, cwd=ROOT)
        deck = out / f"{REPORT.name}.pptx"
        if run.returncode != 0 or not deck.exists():
            rows.append((template.name,
                         "refused: " + (run.stdout + run.stderr).strip().splitlines()[-1][:160],
                         "", "", "", "", ""))
            continue
        found = words(deck_pdf(deck, out))
        low = failures(found)
        rows.append((template.name, "built", str(_vertical(deck)), _cover(deck, report.meta),
                     f"{min(w.contrast for w in found):.2f}" if found else "-", f"{len(low)}/{len(found)}",
                     str(_audit(deck))))
        print(" | ".join(rows[-1]), flush=True)
        for w in low[:5]:
            print(f"    slide {w.page}: {w.text!r} {w.size:.0f} pt {w.contrast:.2f}:1", flush=True)
    print(
        "\n| template | built | vertical titles | cover shows | min contrast | words under rule | audit "
        "errors |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
