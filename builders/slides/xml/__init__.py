"""The deck's raw XML, the one place in ``slides/`` that touches lxml, ``pptx.oxml`` or
python-pptx's XML handles (tests/test_layout.py): ``write`` sets what python-pptx's API does not
reach, ``read`` reads a user's template (its colours, backgrounds, shapes and text styles, each
part parsed safely) into plain values. The writing functions are offered here as well
(``xml.bullet``); the reading ones under ``xml.read``."""

from __future__ import annotations

from . import read, write
from .write import (
    add_slide_id,
    behind,
    bullet,
    copied,
    describe_shape,
    drop_slides,
    fast_lookups,
    font_slot,
    mark_decorative,
    no_bullet,
    no_effect,
    notes,
    one_line,
    place_plot,
    positive_axis_ids,
    remove,
    remove_run,
    right_to_left,
    run_language,
    slide_number_field,
    text_counts,
    value_axis_crosses_max,
)

__all__ = ["add_slide_id", "behind", "bullet", "copied", "describe_shape", "drop_slides", "fast_lookups",
           "font_slot", "mark_decorative", "no_bullet", "no_effect", "notes", "one_line", "place_plot",
           "positive_axis_ids", "read", "remove", "remove_run", "right_to_left", "run_language",
           "slide_number_field", "text_counts", "value_axis_crosses_max", "write"]
