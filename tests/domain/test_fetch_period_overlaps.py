"""``FetchPeriod.overlaps``: whether two periods share a day, open ends reaching any.

It decides which invoices left out of a fetch a review of a period is short of
(``provider_fetch.left_out_of``); its edges (a period ending on the other's first day,
one beginning the day after) and open ends are pinned here.
"""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain import FetchPeriod

OCTOBER = FetchPeriod(date(2025, 10, 1), date(2025, 10, 31))


@pytest.mark.parametrize(
    ("period", "shares_a_day"),
    [
        (FetchPeriod(date(2025, 9, 1), date(2025, 10, 1)), True),  # ends on its first day
        (FetchPeriod(date(2025, 10, 31), date(2025, 11, 30)), True),  # begins on its last
        (FetchPeriod(date(2025, 9, 1), date(2025, 9, 30)), False),  # ends the day before
        (FetchPeriod(date(2025, 11, 1), None), False),  # begins the day after
        (FetchPeriod(None, date(2025, 10, 1)), True),
        (FetchPeriod(None, date(2025, 9, 30)), False),
        (FetchPeriod(date(2025, 10, 15), None), True),
        (FetchPeriod(), True),  # every date
    ],
)
def test_two_periods_overlap_where_they_share_a_day(
    period: FetchPeriod, shares_a_day: bool
) -> None:
    assert OCTOBER.overlaps(period) is shares_a_day
    assert period.overlaps(OCTOBER) is shares_a_day  # either way round
