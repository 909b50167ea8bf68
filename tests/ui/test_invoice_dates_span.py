"""The Invoices screen's "Dated between" (it was "Issued between") starts out spanning the invoices fetched.

Its dates defaulted to 1 January of this year through today: closing last year's books,
ticking the box hid every invoice. Until the accountant sets them, the dates follow what
was fetched; once the box is ticked, a new fetch leaves the accountant's dates alone.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QDate

from desktop_app.ui.main_window import MainWindow
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices

ISSUED = (date(2025, 8, 30), date(2025, 9, 1), date(2025, 11, 14))


@pytest.fixture
def services() -> MemoryServices:
    invoices = tuple(f.invoice(n, issued=day) for n, day in enumerate(ISSUED, start=1))
    return MemoryServices(invoices=invoices, statements={}, reconciliation=None)


def _fetch(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.session.invoices_changed):
        window.fetch_action.trigger()


def test_ticking_issued_between_keeps_every_invoice_fetched(qtbot, window: MainWindow) -> None:
    _fetch(qtbot, window)
    view = window.invoices
    assert (view.date_from.date(), view.date_to.date()) == (QDate(2025, 8, 30), QDate(2025, 11, 14))
    view.dates_check.setChecked(True)
    assert view.model.rowCount() == len(ISSUED)


def test_dates_the_accountant_set_survive_a_new_fetch(qtbot, window: MainWindow) -> None:
    _fetch(qtbot, window)
    view = window.invoices
    view.dates_check.setChecked(True)
    view.date_from.setDate(QDate(2025, 9, 1))
    view.date_to.setDate(QDate(2025, 9, 30))
    assert view.model.rowCount() == 1
    _fetch(qtbot, window)
    assert (view.date_from.date(), view.date_to.date()) == (QDate(2025, 9, 1), QDate(2025, 9, 30))
    assert view.model.rowCount() == 1


def test_an_invoice_of_no_issue_date_is_dated_by_its_period_and_the_filter_says_so(
    qtbot, window: MainWindow
) -> None:
    """A Versori invoice billed for a period states no issue date: the filter keeps it by
    its period's end, which the box's name and tooltip say. It was "Issued between", and
    listed invoices whose Issued column is blank (an exploratory test found it)."""
    services: MemoryServices = window.services  # type: ignore[assignment]
    billed = replace(
        f.invoice(9), issue_date=None, period_start=date(2025, 8, 15), period_end=date(2025, 9, 14)
    )
    services.invoices = (*services.invoices, billed)
    _fetch(qtbot, window)
    view = window.invoices
    assert view.dates_check.text() == "Dated between"
    assert "by the end of its period" in view.dates_check.toolTip()
    view.dates_check.setChecked(True)
    view.date_from.setDate(QDate(2025, 9, 1))
    view.date_to.setDate(QDate(2025, 9, 30))
    kept = [view.model.item_at(row).number for row in range(view.model.rowCount())]
    assert kept == ["INV-00002", "INV-00009"]
