"""Generated stress reports: long tables, many bullets, the region's scripts."""

from __future__ import annotations

import json
from pathlib import Path

#: sentences in the region's scripts, each must come out of pdftotext unchanged
SCRIPTS = {
    "Russian": "Консультативная встреча глав государств Центральной Азии проходит ежегодно.",
    "Kazakh": "Ұлттық құрылтай: әр өңірдің үні естіледі, ғылым мен һәм іс қатар жүреді.",
    "Uzbek": "Oʻzbekiston va Qozogʻiston hamkorligi — Ўзбекистон ва Қозоғистон ҳамкорлиги.",
    "Tajik": "Ҳамкории минтақавӣ ва ҷомеаи шаҳрвандӣ дар Тоҷикистон.",
    "Chinese": "中国—中亚峰会在西安举行，通过了西安宣言。",
}

_CITIES = ["Астана", "Алматы", "Бішкек", "Ташкент", "Душанбе", "Ашхабад", "Шымкент", "Өскемен"]
_ZH = ["阿斯塔纳", "阿拉木图", "比什凯克", "塔什干", "杜尚别", "阿什哈巴德", "奇姆肯特", "厄斯克门"]


def write_scripts_report(folder: Path, rows: int = 300, page_size: str = "A4") -> Path:
    """A report with a ``rows``-row table mixing Cyrillic and Chinese, and prose in five scripts."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    lines = ["id,city,city_zh,value,note"]
    for i in range(1, rows + 1):
        note = "" if i % 17 == 0 else f"Запись {i}: {_ZH[i % 8]} и {_CITIES[(i + 3) % 8]}"
        lines.append(f"{i},{_CITIES[i % 8]},{_ZH[i % 8]},{i * 1234.5:.1f},{note}")
    (data / "cities.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (data / "datapackage.json").write_text(json.dumps({"name": "scripts", "resources": [{
        "name": "cities", "path": "cities.csv", "title": "Cities", "description": "Generated rows.",
        "sources": [{"title": "Generated test data"}],
        "schema": {"fields": [
            {"name": "id", "type": "integer", "title": "Row identifier"},
            {"name": "city", "type": "string", "title": "Город"},
            {"name": "city_zh", "type": "string", "title": "城市"},
            {"name": "value", "type": "number", "title": "Value", "decimals": 1},
            {"name": "note", "type": "string", "title": "Note"},
        ]}}]}, ensure_ascii=False), encoding="utf-8")
    prose = "\n\n".join(f"{name}: {text}" for name, text in SCRIPTS.items())
    (folder / "report.md").write_text(f"""---
title: Scripts of the region — Скрипты региона — 地区文字
short_title: Scripts stress test
date: 2024-01-15
page_size: {page_size}
authors:
  - name: Тест Тестов
    affiliation: 测试研究所
---

# Prose in five scripts

{prose}

# A long table

:::{{table}} cities
:caption: Three hundred rows split across pages
:::
""", encoding="utf-8")
    return folder


def write_long_deck_report(folder: Path, bullets: int = 40, rows: int = 60) -> Path:
    """A report with ``bullets`` bullets in one slide and a ``rows``-row table."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    lines = ["n,name,description,amount"]
    for i in range(1, rows + 1):
        words = " ".join(["cooperation", "format", "meeting", "секретариат", "论坛"][: 1 + i % 5])
        lines.append(f"{i},Format number {i},{words} with partners in region {i % 7},{i * 10}")
    (data / "rows.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (data / "datapackage.json").write_text(json.dumps({"name": "long", "resources": [{
        "name": "rows", "path": "rows.csv", "title": "Rows", "description": "Generated rows.",
        "sources": [{"title": "Generated test data"}],
        "schema": {"fields": [
            {"name": "n", "type": "integer", "title": "No."},
            {"name": "name", "type": "string", "title": "Name"},
            {"name": "description", "type": "string", "title": "Description"},
            {"name": "amount", "type": "integer", "title": "Amount"},
        ]}}]}, ensure_ascii=False), encoding="utf-8")
    items = "\n".join(f"- Bullet number {i} says something about regional cooperation formats"
                      + (" and keeps going for a while to need two lines on the slide" if i % 3 == 0 else "")
                      for i in range(1, bullets + 1))
    (folder / "report.md").write_text(f"""---
title: Stress deck with a very long title that has to be fitted into the title placeholder of the slide
date: 2024-01-15
---

# Forty bullets in one section

Some prose for the notes.

:::{{slide}} Forty bullets must be split across continuation slides without overflow
{items}
:::

# A sixty-row table

:::{{table}} rows
:caption: Sixty rows continue over several slides with the header repeated
:::
""", encoding="utf-8")
    return folder


#: the default python-pptx layouts renamed as a German house template might name them
GERMAN_LAYOUTS = {
    "Title Slide": "Titelfolie", "Title and Content": "Titel und Inhalt",
    "Section Header": "Abschnittsüberschrift", "Two Content": "Zwei Inhalte",
    "Comparison": "Vergleich", "Title Only": "Nur Titel", "Blank": "Leer",
    "Content with Caption": "Inhalt mit Überschrift", "Picture with Caption": "Bild mit Überschrift",
    "Title and Vertical Text": "Titel und vertikaler Text",
    "Vertical Title and Text": "Vertikaler Titel und Text",
}


def write_house_template(path: Path, *, keep: tuple[str, ...] | None = None, serif: bool = True) -> Path:
    """A 4:3 template unlike the default: python-pptx's Office layouts renamed in German, theme
    fonts set to Noto Serif, optionally only the layouts in ``keep`` (English names)."""
    from lxml import etree
    from pptx import Presentation

    prs = Presentation()
    for layout in list(prs.slide_layouts):
        if keep is not None and layout.name not in keep:
            prs.slide_layouts.remove(layout)
    for layout in prs.slide_layouts:
        layout.name = GERMAN_LAYOUTS[layout.name]
    if serif:
        part = next(r.target_part for r in prs.slide_master.part.rels.values()
                    if r.reltype.endswith("/theme"))
        root = etree.fromstring(part.blob)
        ns = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
        for latin in root.iter(f"{ns}latin"):
            latin.set("typeface", "Noto Serif")
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    prs.save(path)
    return path
