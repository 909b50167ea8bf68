"""*Fetch invoices*' question as the window asks it: ``FetchPeriodDialog.ask`` opens the
real dialog modally, and its answer is the offer as the accountant changed it.

The window's other tests answer the question through a stand-in for ``ask`` (the real
dialog, opened without ``exec``); here ``ask`` itself runs, the dialog filled in through
its widgets while it waits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from desktop_app.domain import FetchPeriod
from desktop_app.ui.dialogs.fetch_period_dialog import FetchPeriodDialog
from desktop_app.ui.fetch_period import PeriodOffer
from tests.ui.modal_answer import answer_when_shown

OFFER = PeriodOffer(date(2025, 8, 3), date(2025, 11, 27), False, "The statements' dates.")
FETCH = QDialogButtonBox.StandardButton.Ok
CANCEL = QDialogButtonBox.StandardButton.Cancel


def _ask(qtbot, offer: PeriodOffer, answer: Callable[[FetchPeriodDialog], None]):
    """``ask`` on a parent window, ``answer`` acting on the dialog once it is shown; the
    answer and the dialog asked with (gone once ``ask`` returns)."""
    parent = QWidget()
    qtbot.addWidget(parent)
    shown = answer_when_shown(FetchPeriodDialog, answer)
    result = FetchPeriodDialog.ask(parent, offer)
    assert shown, "ask did not show the dialog"
    (dialog,) = shown
    assert dialog.parent() is parent
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # ask leaves no dialog behind
    return result


def _press(qtbot, dialog: FetchPeriodDialog, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)


def test_ask_fetches_the_period_set_in_the_dialog(qtbot) -> None:
    def answer(dialog: FetchPeriodDialog) -> None:
        assert dialog.from_edit.text() == "2025-08-03"
        dialog.from_edit.setDate(QDate(2025, 7, 1))
        dialog.to_edit.setDate(QDate(2025, 6, 30))  # before the start: no Fetch yet
        assert not dialog.fetch_button.isEnabled()
        assert (
            dialog.problem_label.text()
            == OFFER.changed(date(2025, 7, 1), date(2025, 6, 30), False).problem()
        )
        dialog.to_edit.setDate(QDate(2025, 7, 31))
        _press(qtbot, dialog, FETCH)

    assert _ask(qtbot, OFFER, answer) == FetchPeriod(date(2025, 7, 1), date(2025, 7, 31))


def test_ask_fetches_every_date_when_all_dates_is_chosen(qtbot) -> None:
    def answer(dialog: FetchPeriodDialog) -> None:
        dialog.to_edit.setDate(QDate(2025, 8, 1))  # dates that cannot be fetched...
        dialog.all_dates_button.click()  # ...do not count for every date
        _press(qtbot, dialog, FETCH)

    assert _ask(qtbot, OFFER, answer) == FetchPeriod()


def test_ask_fetches_nothing_when_cancelled(qtbot) -> None:
    def answer(dialog: FetchPeriodDialog) -> None:
        dialog.from_edit.setDate(QDate(2025, 1, 1))
        _press(qtbot, dialog, CANCEL)

    assert _ask(qtbot, OFFER, answer) is None


def test_the_answer_is_the_offer_as_changed_and_says_why_it_cannot_be_fetched() -> None:
    """What the dialog fetches and refuses is the offer's to say, as for the offer
    taken as it is: one rule, the domain's (``FetchPeriod.can_span``)."""
    backwards = OFFER.changed(date(2025, 8, 3), date(2025, 8, 2), False)
    assert backwards.source == OFFER.source
    assert backwards.problem() == (
        "The period ends before it starts: set the first day before the last."
    )
    assert OFFER.problem() is None
    assert OFFER.changed(date(2025, 8, 3), date(2025, 8, 3), False).period() == FetchPeriod(
        date(2025, 8, 3), date(2025, 8, 3)
    )
    every = backwards.changed(backwards.start, backwards.end, True)
    assert every.problem() is None
    assert every.period() == FetchPeriod()
    assert FetchPeriod.can_span(date(2025, 8, 3), None)
    assert not FetchPeriod.can_span(date(2025, 8, 3), date(2025, 8, 2))
