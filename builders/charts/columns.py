"""What every chart kind reads from its directive and dataset: the columns its options name, a
cell as a label, and the limits past which a chart is refused rather than drawn illegibly."""

from __future__ import annotations

import datetime as dt

from ..errors import ReportError
from ..model import Dataset
from ..model.text import Location
from .canvas import Options

#: the most categories a bar, stacked bar or dot chart shows (each is labelled on the axis: a
#: 20,000-category chart took minutes to draw and showed nothing), the most points of a line
#: chart, and the most events of a timeline (each labelled beside its marker)
MAX_CATEGORIES, MAX_POINTS, MAX_EVENTS = 60, 400, 40
#: the largest value a chart shows, either side of zero: every whole number up to it has a float
#: of its own (a larger one would be drawn and labelled with other digits), and axes of 1e308
#: overflow
MAX_VALUE = 2.0**53


def column_index(data: Dataset, name: str, option: str, where: Location) -> int:
    """The index of column ``name`` of ``data``, or a located error naming the columns there are."""
    names = [c.name for c in data.columns]
    if name not in names:
        raise ReportError(f":{option}: unknown column {name!r} in {data.name!r}; expected one of: "
                          f"{', '.join(names)}", where)
    return names.index(name)


def field(d: Options, data: Dataset, option: str) -> int:
    """The column an option names, which the chart type requires."""
    index = optional_field(d, data, option)
    if index is None:
        raise ReportError(f"{{chart}} of type {d.option('type')!r} needs :{option}: naming a "
                          f"column of {data.name!r} ({', '.join(c.name for c in data.columns)})",
                          d.location)
    return index


def optional_field(d: Options, data: Dataset, option: str) -> int | None:
    name = d.option(option)
    return column_index(data, name, option, d.option_lines[option]) if name else None


def label(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def check_count(count: int, most: int, what: str, d: Options, option: str) -> None:
    """Refuse a chart past one of the limits above, at the option that names the column, as
    soon as the count passes it."""
    if count > most:
        raise ReportError(
            f"the chart has more than {most} {what}; at most {most} {what} are shown legibly "
            f"in a {d.option('type') or 'bar'} chart: leave some out with :where:, or group them "
            "in the data",
            d.option_lines.get(option, d.location),
        )
