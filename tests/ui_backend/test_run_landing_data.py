"""What a run's worker makes ready for the screens (``RunRows.landed``) is what the screens
worked out themselves as the run landed, on the GUI thread: the same rows of the
Unmatched panels (the very objects, in the order held), the same discrepancy list and
groups, the same Overview tiles and chart figures for every choice of the pickers, on the
real engine's run of a month with decisions of every kind."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import pytest

from desktop_app.domain import Direction, Match, MatchState, Reconciliation
from desktop_app.ui.review import MatchIndex, RunRows
from desktop_app.ui.summaries import (
    Headline,
    OverviewFigures,
    group_discrepancies,
    monthly_figures,
    paid_in_other_currencies,
)
from tests.ui_backend.landing_world import World, world

HELD = 7


@pytest.fixture(scope="module")
def month() -> World:
    return world()


@pytest.fixture(scope="module")
def landed(month: World) -> RunRows:
    return RunRows.of(month.run, month.decisions).landed(month.invoices, month.lines, HELD)


def _open_lines(index: MatchIndex, month: World) -> list[int]:
    """The Unmatched lines panel's rows as the screen filtered them: each line held
    whose matches include none that reconciles (by identity)."""
    return [
        id(line)
        for line in month.lines
        if not any(m.state.reconciles for m in index.for_line(line.key))
    ]


def _offered(index: MatchIndex, month: World) -> list[int]:
    """The Unmatched invoices panel's: unsettled, or settled only in the part recorded."""
    return [
        id(invoice)
        for invoice in month.invoices
        if not any(m.state.reconciles for m in index.for_invoice(invoice.key))
        or index.still_owes(invoice.key) is not None
    ]


def test_the_world_has_what_the_screens_show(month: World, landed: RunRows) -> None:
    """A guard: the run holds every state the review makes, several currencies,
    providers and directions, and money paid in a currency not agreed."""
    states = Counter(row.state for row in landed.rows)
    assert {MatchState.AUTO, MatchState.ACCEPTED, MatchState.MANUAL, MatchState.REJECTED} <= set(
        states
    )
    assert {i.currency for i in month.invoices} == {"GBP", "EUR"}
    assert {i.direction for i in month.invoices} == set(Direction)
    assert len({i.provider for i in month.invoices}) >= 4
    assert len(month.run.discrepancies) > 1_000
    assert landed.landing is not None
    assert landed.landing.overview.chart("EUR", "Versori", Direction.PAYABLE).elsewhere


def test_the_panels_rows_are_those_the_panels_filtered(month: World, landed: RunRows) -> None:
    landing = landed.landing
    assert landing is not None
    assert landing.held == HELD
    assert [id(line) for line in landing.open_lines] == _open_lines(landed.index, month)
    assert [id(i) for i in landing.offered_invoices] == _offered(landed.index, month)
    assert 0 < len(landing.open_lines) < len(month.lines)
    assert 0 < len(landing.offered_invoices) < len(month.invoices)


def test_the_discrepancies_are_listed_and_grouped_as_the_screen_did(
    month: World, landed: RunRows
) -> None:
    assert landed.landing is not None
    listed = landed.landing.discrepancies
    discrepancies = month.run.discrepancies
    assert listed.rows == tuple(enumerate(discrepancies))
    assert all(row[1] is d for row, d in zip(listed.rows, discrepancies, strict=True))
    assert listed.keys == tuple((d.type, d.side) for d in discrepancies)
    assert list(listed.groups) == group_discrepancies(discrepancies)
    counts = Counter((d.type, d.side) for d in discrepancies)
    assert {group.key: group.count for group in listed.groups} == counts


def assert_overview(
    figures: OverviewFigures, month: World, run: Reconciliation, rows: Sequence[Match]
) -> None:
    """``figures`` are the Overview's tiles and, for every choice of its pickers, its
    chart and totals, as the screen worked them out of the rows shown."""
    assert figures.headline == Headline.of(replace(run, matches=tuple(rows)))
    reviewed = Reconciliation(month.invoices, (), tuple(rows), ())
    currencies = {i.currency for i in month.invoices} | {"USD"}
    providers = [None, *{i.provider for i in month.invoices}]
    charted = 0
    for currency, provider, direction in itertools.product(currencies, providers, Direction):
        chart = figures.chart(currency, provider, direction)
        months = monthly_figures(reviewed, currency, provider, direction)
        assert list(chart.months) == months, (currency, provider, direction)
        elsewhere = paid_in_other_currencies(reviewed, currency, provider, direction)
        assert chart.elsewhere_totals() == elsewhere, (currency, provider, direction)
        charted += bool(months)
    assert charted >= 8


def test_the_overview_is_what_the_screen_worked_out(month: World, landed: RunRows) -> None:
    assert landed.landing is not None
    assert_overview(landed.landing.overview, month, month.run, landed.rows)


def test_without_a_run_the_chart_is_of_the_invoices_alone(month: World) -> None:
    figures = OverviewFigures.of(None, month.invoices, ())
    assert figures.headline is None
    gbp = figures.chart("GBP", None, Direction.RECEIVABLE)
    unmatched = Reconciliation(month.invoices, (), (), ())
    assert list(gbp.months) == monthly_figures(unmatched, "GBP", None, Direction.RECEIVABLE)
    assert gbp.months
    assert not any(figure.matched for figure in gbp.months)
