"""The renderer that draws a matplotlib figure into a ReportLab Drawing (pdf/render.py): sizes,
colours, clipping, rotated and anchored text, as the brief's PDF then shows them."""

from __future__ import annotations

import math

import drawn
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from reportlab.graphics.shapes import Group, Path, String

from builders.pdf.render import figure_drawing


def _figure():
    fig = Figure(figsize=(4, 2))
    FigureCanvasSVG(fig)
    ax = fig.subplots()
    ax.plot([0, 1, 2], [0, 5, 1], color="#FF0000", linewidth=2)
    ax.set_xlim(0, 1.5)  # the line's last segment runs past the axes: clipped there
    ax.set_ylabel("Upwards")
    ax.set_title("Centred", loc="center")
    return fig, ax


def test_a_figure_is_drawn_at_its_size_with_its_colours_and_its_axes_clipping():
    fig, ax = _figure()
    drawing = figure_drawing(fig, lambda bold: "Helvetica-Bold" if bold else "Helvetica")
    assert (drawing.width, drawing.height) == (4 * 72, 2 * 72)
    red = [p for p in drawn.paths(drawing) if p.strokeColor is not None and p.strokeWidth == 2]
    assert len(red) == 1 and (red[0].strokeColor.red, red[0].strokeColor.green) == (1.0, 0.0)
    group = next(g for g in drawing.contents if isinstance(g, Group) and red[0] in g.contents)
    clip = group.contents[0]
    assert isinstance(clip, Path) and clip.isClipPath and clip.fillColor is None
    box = ax.get_window_extent()  # (the figure is at 72 units an inch once drawn)
    xs, ys = clip.points[0::2], clip.points[1::2]
    assert math.isclose(min(xs), box.x0) and math.isclose(max(xs), box.x1)
    assert math.isclose(min(ys), box.y0) and math.isclose(max(ys), box.y1)


def test_text_keeps_its_anchor_and_a_rotated_label_reads_upwards():
    fig, ax = _figure()
    drawing = figure_drawing(fig, lambda bold: "Helvetica-Bold" if bold else "Helvetica")
    title = next(s for s in drawn.strings(drawing) if s.text == "Centred")
    box = ax.get_window_extent()
    assert title.anchor == "middle" and math.isclose(title.x, box.x0 + box.width / 2, abs_tol=0.5)
    rotated = [g for g in drawing.contents if isinstance(g, Group) and any(
        isinstance(s, String) and s.text == "Upwards" for s in g.contents)]
    assert rotated, "the label is in a rotated group"
    a, b, c, d, _, _ = rotated[0].transform
    assert (round(a, 6), round(b, 6), round(c, 6), round(d, 6)) == (0, 1, -1, 0)  # 90° anticlockwise


MATPLOTLIB_IMPORT = """
import sys
from builders.pdf import charts
charts.prepare()
import matplotlib.artist as artist
from matplotlib.lines import Line2D
assert "matplotlib.figure" in sys.modules
assert Line2D.set.__doc__ is None, "made for interactive help alone: not made"
line = Line2D([0], [0])
line.set(color="red", linewidth=2)
assert (line.get_color(), line.get_linewidth()) == ("red", 2)
assert isinstance(artist.Artist.__dict__["_update_set_signature_and_docstring"], classmethod)
class Later(Line2D):
    pass
assert "linewidth" in Later.set.__doc__, "a class defined afterwards is made as matplotlib makes it"
print("ok")
"""


def test_matplotlib_is_imported_without_its_set_docstrings_and_its_artists_set_as_before():
    """A brief's first chart imports matplotlib without the ``set()`` signatures and docstrings
    it makes for interactive help (a fifth of the import); ``set()`` works as before, and a class
    defined afterwards gets its docstring (a new process: here matplotlib is imported already)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", MATPLOTLIB_IMPORT], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
