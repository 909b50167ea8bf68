"""The period a set of statement lines covers.

The headless ``reconcile`` command and the demo both fetch the invoices of the
statements' period by default; one definition keeps the two from drifting apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from desktop_app.domain.statement import StatementLine


def statement_period(lines: Iterable[StatementLine]) -> tuple[dt.date, dt.date] | None:
    """First and last booking date, or None when there are no lines."""
    dates = [line.date for line in lines]
    if not dates:
        return None
    return min(dates), max(dates)
