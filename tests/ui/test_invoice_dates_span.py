"""The Invoices screen's "Issued between" starts out spanning the invoices fetched.

Its dates defaulted to 1 January of this year through today: closing last year's books,
ticking the box hid every invoice. Until the accountant sets them, the dates follow what
was fetched; once the box is ticked, a new fetch leaves the accountant's dates alone.
"""

from __future__ import annotations

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
