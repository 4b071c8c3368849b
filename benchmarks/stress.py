"""The stress report of the benchmark: about 200 pages, a 5,000-row table, 20 charts, a
150-slide deck. Generated (deterministically) rather than committed."""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = ("region cooperation format summit secretariat partners forum declaration priorities security "
         "energy trade connectivity institutions integration agenda ministers business leaders "
         "infrastructure dialogue investment logistics climate water education culture").split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def write_stress_report(folder: Path, sections: int = 20, rows: int = 5000) -> Path:
    rng = random.Random(7)
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    lines = ["id,format,partner,year,meetings"]
    partners = ["China", "United States", "Central Asia", "European Union", "Germany", "Russia"]
    for i in range(1, rows + 1):
        lines.append(
            f"{i},Format {i} {rng.choice(WORDS)},{rng.choice(partners)},{2000 + i % 25},{rng.randint(1, 40)}"
        )
    (data / "formats.csv").write_text("\n".join(lines) + "\n")
    series = ["year,partner,value"] + [
        f"{y},{p},{rng.randint(1, 30)}" for y in range(2015, 2025) for p in partners[:3]
    ]
    (data / "series.csv").write_text("\n".join(series) + "\n")
    (data / "datapackage.json").write_text(json.dumps({"resources": [
        {"name": "formats", "path": "formats.csv", "title": "Formats", "description": "Generated rows.",
         "sources": [{"title": "Generated benchmark data"}],
         "schema": {"fields": [{"name": "id", "type": "integer", "title": "No."},
                               {"name": "format", "title": "Format"}, {"name": "partner", "title": "Partner"},
                               {"name": "year", "type": "year", "title": "Year"},
                               {"name": "meetings", "type": "integer", "title": "Meetings"}]}},
        {"name": "series", "path": "series.csv", "title": "Series", "description": "Generated series.",
         "sources": [{"title": "Generated benchmark data"}],
         "schema": {"fields": [{"name": "year", "type": "year"}, {"name": "partner"},
                               {"name": "value", "type": "integer"}]}}]}))
    body = ["---", "title: Stress report for the benchmark", "date: 2024-01-01", "---", "",
            ":::{takeaways}", *(f"- **Point {n}.** {_sentence(rng, 14)}" for n in range(1, 5)), ":::", ""]
    kinds = ["line", "bar", "dot", "stacked"]
    for s in range(1, sections + 1):
        body += [f"# Section {s} states a finding about the region", ""]
        for p in range(6):
            body += [" ".join(_sentence(rng, rng.randint(12, 24)) for _ in range(16)), ""]
            body += [f":::{{slide}} Slide {s}.{p + 1} states one point about the region",
                     *(f"- {_sentence(rng, 8)}" for _ in range(4)), ":::", ""]
        kind = kinds[s % len(kinds)]
        body += [":::{chart} series", f":type: {kind}", ":x: year", ":y: value", ":series: partner",
                 ":aggregate: sum", f":title: Chart {s} shows a finding", ":subtitle: Generated values",
                 ":::", ""]
        if s == sections // 2:
            body += [":::{table} formats", ":caption: Five thousand formats, every one listed", ":::", ""]
    (folder / "report.md").write_text("\n".join(body))
    return folder
