"""A key-figures slide (``{slide}`` with ``:layout: figures``): 2-4 big numbers from a data resource.

The resource named in ``:data:`` holds one row per figure: a ``value`` column (printed as a
table prints it, so its field type and ``decimals`` apply) and a ``label`` column saying what
the number counts. The slide's source line is the resource's sources, like a table's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ReportError
from ..locale.values import format_value
from ..model import KeyFigure, SlideBlock, SlideLayout

if TYPE_CHECKING:
    from .fences import Directive, Reader

#: how many figures one slide shows
FEWEST, MOST = 2, 4


def read(reader: Reader, d: Directive, title: str, layout: SlideLayout) -> SlideBlock:
    """The key-figures slide a ``{slide}`` directive describes, or a located error."""
    if layout is not SlideLayout.FIGURES:
        raise ReportError(f":data: goes with :layout: figures, not {layout.value}", d.option_lines["data"])
    if "data" not in d.options:
        raise ReportError("a figures slide needs :data: naming a data resource with a value and a label "
                          "column, one row per figure", d.location)
    if d.body.strip():
        raise ReportError("a figures slide takes its numbers from :data:; leave its body empty", d.location)
    where = d.option_lines["data"]
    data = reader.data.dataset(d.options["data"], where)
    names = [c.name for c in data.columns]
    missing = [n for n in ("value", "label") if n not in names]
    if missing:
        raise ReportError(f"a figures slide needs columns 'value' and 'label' in {data.name!r}; "
                          f"it has {', '.join(names)}", where)
    if not FEWEST <= len(data.rows) <= MOST:
        raise ReportError(f"a figures slide shows {FEWEST} to {MOST} numbers; {data.name!r} has "
                          f"{len(data.rows)} rows", where)
    value, label = names.index("value"), names.index("label")
    for number, row in enumerate(data.rows, 1):
        for index, what in ((value, "value"), (label, "label")):
            if row[index] is None or not str(row[index]).strip():
                raise ReportError(
                    f"a figures slide shows a value and a label for each figure; row {number} of "
                    f"{data.name!r} has no {what}",
                    where,
                )
    figures = tuple(KeyFigure(format_value(row[value], data.columns[value]),
                              format_value(row[label], data.columns[label])) for row in data.rows)
    return SlideBlock(title, layout, notes=d.option("notes"), location=d.location, figures=figures,
                      source=data.source)
