"""Chart data whose embedded workbook holds every text as text: no formula, no live link.

python-pptx writes a native chart's data with XlsxWriter's ``write()``, which by default
turns a string starting with ``=`` into a formula and a URL-like string into a hyperlink.
A category or series name taken from a CSV (``=HYPERLINK("http://evil.example","x")``) would
then run in the reader's spreadsheet when they choose "Edit data" (CSV/formula injection,
CWE-1236). These chart data classes open the workbook with both conversions off, so every
string is written as a string cell and numbers stay numbers.
"""

from __future__ import annotations

from contextlib import contextmanager

from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.util import lazyproperty
from xlsxwriter import Workbook

#: XlsxWriter options: strings are never read as formulas, URLs or numbers
OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
           "strings_to_numbers": False}


class _LiteralStrings:
    """Opens the chart's worksheet with :data:`OPTIONS` (python-pptx's own opener, but for them)."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(xlsx_file, OPTIONS)
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class _CategoryWriter(_LiteralStrings, CategoryWorkbookWriter):
    pass


class _XyWriter(_LiteralStrings, XyWorkbookWriter):
    pass


class CategoryData(CategoryChartData):
    """CategoryChartData whose workbook writes categories and series names as plain strings."""

    @lazyproperty
    def _workbook_writer(self):
        return _CategoryWriter(self)


class XyData(XyChartData):
    """XyChartData whose workbook writes series names as plain strings."""

    @lazyproperty
    def _workbook_writer(self):
        return _XyWriter(self)
