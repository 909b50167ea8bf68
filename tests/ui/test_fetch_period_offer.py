"""What *Fetch invoices* offers before the accountant changes it (``ui.fetch_period``)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain import FetchPeriod
from desktop_app.statements.covered import statements_range
from desktop_app.ui.fetch_period import PeriodOffer, offered_period, previous_month
from tests.ui import factories as f

TODAY = date(2025, 12, 9)
LINES = (f.line(row=2, day=date(2025, 11, 3)), f.line(row=3, day=date(2025, 11, 27)))


def test_with_statements_and_no_period_fetched_the_statements_dates_are_offered() -> None:
    offer = offered_period(statements_range(LINES, {}), None, TODAY)
    assert (offer.start, offer.end, offer.all_dates) == (
        date(2025, 11, 3),
        date(2025, 11, 27),
        False,
    )
    assert offer.source.startswith("The statements' dates (3 Nov 2025 to 27 Nov 2025)")
    assert offer.period() == FetchPeriod(date(2025, 11, 3), date(2025, 11, 27))


def test_a_period_fetched_that_takes_in_the_statements_is_offered_again() -> None:
    earlier = FetchPeriod(date(2025, 10, 15), date(2025, 11, 30))
    offer = offered_period(statements_range(LINES, {}), earlier, TODAY)
    assert offer.period() == earlier
    assert offer.source == "The period last fetched."


def test_a_period_fetched_before_a_later_statement_gives_way_to_the_statements() -> None:
    october = FetchPeriod(date(2025, 10, 1), date(2025, 10, 31))
    assert offered_period(statements_range(LINES, {}), october, TODAY).period() == FetchPeriod(
        date(2025, 11, 3), date(2025, 11, 27)
    )


def test_all_dates_fetched_is_offered_again_with_the_statements_dates_to_narrow_it() -> None:
    offer = offered_period(statements_range(LINES, {}), FetchPeriod(), TODAY)
    assert offer == PeriodOffer(
        date(2025, 11, 3), date(2025, 11, 27), True, "The period last fetched."
    )
    assert offer.period() == FetchPeriod()


def test_without_statements_the_period_last_fetched_else_last_month() -> None:
    october = FetchPeriod(date(2025, 10, 1), date(2025, 10, 31))
    assert offered_period(statements_range((), {}), october, TODAY).period() == october
    offer = offered_period(statements_range((), {}), None, TODAY)
    assert offer.period() == FetchPeriod(date(2025, 11, 1), date(2025, 11, 30))
    assert offer.source == "Last month: no statement is imported yet."


@pytest.mark.parametrize(
    ("today", "month"),
    [
        (date(2025, 1, 15), (date(2024, 12, 1), date(2024, 12, 31))),
        (date(2024, 3, 1), (date(2024, 2, 1), date(2024, 2, 29))),
    ],
)
def test_previous_month_crosses_years_and_knows_leap_days(
    today: date, month: tuple[date, date]
) -> None:
    assert previous_month(today) == month


def test_a_period_kept_in_a_workspace_reads_back_and_a_damaged_one_counts_as_none() -> None:
    period = FetchPeriod(date(2025, 8, 3), date(2025, 11, 27))
    assert FetchPeriod.from_json(period.to_json()) == period
    assert FetchPeriod.from_json(FetchPeriod().to_json()) == FetchPeriod()
    for damaged in ("2025-08", {"from": "3 Aug"}, {"from": "2025-12-01", "to": "2025-01-01"}):
        assert FetchPeriod.from_json(damaged) is None


def test_a_statement_stating_its_period_is_offered_it_and_a_stray_date_stretches_nothing() -> None:
    """``reconcile``'s default period (``statements.covered``): a CAMT stating 1 to 30
    November covers 1 November though its first movement is on the 3rd; a csv row dated
    far out of sequence (read as April) places no statement."""
    camt = (f.line(row=2, source="nov.xml", day=date(2025, 11, 3)),)
    stated = {"nov.xml": (date(2025, 11, 1), date(2025, 11, 30))}
    offer = offered_period(statements_range(camt, stated), None, TODAY)
    assert offer.period() == FetchPeriod(date(2025, 11, 1), date(2025, 11, 30))
    days = (date(2025, 11, 3), date(2025, 11, 10), date(2025, 4, 11), date(2025, 11, 24))
    csv = tuple(f.line(row=row, day=day) for row, day in enumerate(days, start=2))
    assert offered_period(statements_range(csv, {}), None, TODAY).period() == FetchPeriod(
        date(2025, 11, 3), date(2025, 11, 24)
    )
