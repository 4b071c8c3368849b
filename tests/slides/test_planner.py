"""The deck's planner as a unit: a read report in, slide plans out (``slides.prepare``: which
slides, in which order, at what sizes), checked without rendering a deck; and the renderer's one
table covering every kind the planner may make."""

from __future__ import annotations

import typing

import pytest

from builders.model import Chart, Table
from builders.pipeline.build import load
from builders.slides import prepare
from builders.slides.render import RENDERERS
from builders.slides.slide import Kind, SlidePlan

from conftest import ROOTS


@pytest.fixture(scope="module")
def planned():
    report, theme = load(ROOTS / "basic")
    return report, theme, prepare(report, theme)


def _blocks(report, kind):
    return [b for b in report.all_blocks() if isinstance(b, kind)]


def test_the_deck_opens_with_its_title_and_takeaways_and_ends_with_its_sources(planned):
    report, _, prepared = planned
    kinds = [p.kind for p in prepared.plans]
    assert kinds[0] is Kind.TITLE and prepared.plans[0].title == report.meta.title
    assert kinds[1] is Kind.TAKEAWAYS and kinds[-1] is Kind.SOURCES
    assert Kind.RECOMMENDATIONS in kinds and Kind.QUOTE in kinds


def test_each_chart_in_the_deck_is_one_chart_slide_in_source_order_with_its_source_line(planned):
    report, _, prepared = planned
    shown = [b.spec for b in _blocks(report, Chart) if b.in_deck]
    plans = [p for p in prepared.plans if p.kind is Kind.CHART]
    assert [p.chart for p in plans] == shown and len(shown) == 3
    assert all(p.source is not None and p.source.text.startswith("Source: ") for p in plans)


def test_a_table_slide_holds_the_header_and_rows_it_has_room_for_at_the_type_scale(planned):
    report, theme, prepared = planned
    table = _blocks(report, Table)[0]
    chunks = [p for p in prepared.plans if p.kind is Kind.TABLE]
    assert chunks and all(p.table.header == chunks[0].table.header for p in chunks)
    assert sum(len(p.table.rows) for p in chunks) == len(table.data.rows)
    body = prepared.layouts.geometry.body
    for plan in chunks:
        assert theme.deck.table_min_size.pt <= plan.body_size <= theme.deck.table_max_size.pt
        assert sum(plan.table.widths) <= body.w + 0.5
        assert sum(plan.table.row_heights) <= body.h


def test_every_title_fits_the_type_scale_and_no_two_slides_share_one(planned):
    _, theme, prepared = planned
    titles = [p.title for p in prepared.plans]
    assert len(set(titles)) == len(titles)
    assert all(theme.deck.title_min_size.pt <= p.title_size <= theme.deck.cover_title_size.pt
               for p in prepared.plans)


def test_every_plan_type_has_one_renderer_and_every_kind_a_plan_type():
    types = set(typing.get_args(SlidePlan))
    assert set(RENDERERS) == types and len(types) == 14
    assert {t.kind for t in types if isinstance(t.__dict__.get("kind"), Kind)} | {Kind.AGENDA,
                                                                                  Kind.RECOMMENDATIONS} \
        == set(Kind)
