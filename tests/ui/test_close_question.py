"""The question closing the window asks while work runs: what it says, and its buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.ui.dialogs.close_question import KEEP, STOP, ask_stop_and_close, close_question
from desktop_app.ui.tasks import WhenClosed
from tests.ui.modal_answer import answer_when_shown

FETCH = WhenClosed("a fetch", "the invoices of the providers that have finished are saved")
EXPORT = WhenClosed("an export to report.xlsx", "report.xlsx is not written")


def test_the_question_names_what_runs_and_what_stopping_keeps() -> None:
    text, details = close_question([FETCH])
    assert text == "A fetch is running."
    assert details == (
        "Stop and close: stopped as Cancel stops it, then the window closes. The invoices "
        "of the providers that have finished are saved.\n"
        "Keep working: the window stays open and the work goes on."
    )
    text, details = close_question([FETCH, EXPORT])
    assert text == "A fetch and an export to report.xlsx are running."
    assert "as Cancel stops them" in details
    assert "Report.xlsx is not written." in details


def _press(label: str):  # type: ignore[no-untyped-def]
    def press(box: QMessageBox) -> None:
        [button] = [b for b in box.buttons() if b.text() == label]
        button.click()

    return press


def test_stop_and_close_answers_yes_keep_working_and_escape_no(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    answer_when_shown(QMessageBox, _press(STOP))
    assert ask_stop_and_close(parent, [FETCH]) is True
    shown = answer_when_shown(QMessageBox, _press(KEEP))
    assert ask_stop_and_close(parent, [FETCH]) is False
    assert shown[0].informativeText() == close_question([FETCH])[1]

    def escape(box: QMessageBox) -> None:
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    answer_when_shown(QMessageBox, escape)
    assert ask_stop_and_close(parent, [FETCH]) is False
