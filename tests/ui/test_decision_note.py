"""The note an accountant types beside Accept and Reject goes with the next decision, into
the workspace's audit trail (and so the report's Audit sheet, Reason), then clears.

The trail and the sheet always had a Reason column; the window never filled it, so why a
payment was rejected or matched by hand was lost. The real window, engine and
workspace."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, matched_window
from tests.ui.fakes import ScriptedDialogs
from tests.ui.screens import decide, row_of

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2, 3, 4))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2, 3))
EXTRA = f.line(20, "-999.00", description="TRANSFER")


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    lines = (*LINES, EXTRA)
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, lines) as shown:
        yield shown


def _reasons(window: MainWindow) -> list[tuple[DecisionKind, str]]:
    return [(d.kind, d.reason) for d in window.workflows._services.decisions()]


def test_a_note_goes_with_the_next_decision_only(qtbot, window: MainWindow) -> None:
    view = window.reconcile
    qtbot.keyClicks(view.note, "refund, not a payment")

    decide(qtbot, window, 1, Qt.Key.Key_R)
    assert view.note.text() == ""  # said with that decision
    decide(qtbot, window, 2, Qt.Key.Key_R)

    assert _reasons(window) == [
        (DecisionKind.REJECT, "refund, not a payment"),
        (DecisionKind.REJECT, ""),
    ]


def test_a_match_by_hand_keeps_its_note(qtbot, window: MainWindow) -> None:
    view = window.reconcile
    view.note.setText("paid by the parent company")
    view.invoices_panel.table.select_keys([INVOICES[3].key])
    view.lines_panel.table.select_keys([EXTRA.key])
    dialogs_of(window, ScriptedDialogs).answers["confirm"] = deque([True])  # beyond tolerance

    view.match_button.click()

    assert _reasons(window) == [(DecisionKind.MANUAL_MATCH, "paid by the parent company")]
    assert view.note.text() == ""


def test_a_refused_action_keeps_the_note_for_the_next_try(qtbot, window: MainWindow) -> None:
    view = window.reconcile
    view.note.setText("checked with the bank")
    said: list[str] = []
    view.refused.connect(lambda _title, message: said.append(message))
    view.table.select_keys([match_key(row_of(window.session, 1))])

    view.unmatch_selected()  # the engine's own match: refused, reject it instead

    [refusal] = said
    assert "reject it instead" in refusal
    assert view.note.text() == "checked with the bank"
    assert _reasons(window) == []


def test_a_note_typed_for_one_row_goes_with_no_decision_on_another(
    qtbot, window: MainWindow
) -> None:
    """Typed with INV-00001's row selected, the note is about that row: R on another
    goes without it, the note greyed and said to be INV-00001's; back on its row, A takes
    it. It used to go silently with whichever decision came next."""
    view = window.reconcile
    view.table.setFocus()
    view.table.select_keys([match_key(row_of(window.session, 1))])
    qtbot.keyClicks(view.note, "customer quoted 00194 in error")

    decide(qtbot, window, 2, Qt.Key.Key_R)

    assert _reasons(window) == [(DecisionKind.REJECT, "")]
    assert view.note.text() == "customer quoted 00194 in error"
    assert view.note_owner_label.isVisible()
    assert view.note_owner_label.text().startswith(
        "Your note is for INV-00001 ↔ bank.csv:11: a decision on the matches selected now "
        "goes without it."
    )
    decide(qtbot, window, 1, Qt.Key.Key_A)
    assert _reasons(window) == [
        (DecisionKind.REJECT, ""),
        (DecisionKind.ACCEPT, "customer quoted 00194 in error"),
    ]
    assert view.note.text() == ""
    assert not view.note_owner_label.isVisible()


def test_a_note_tried_with_nothing_selected_goes_with_no_row_selected_after(
    qtbot, window: MainWindow
) -> None:
    """A pressed with no row selected (the filter hid it) is refused, "Nothing to
    accept": the note was for that decision, which did not happen, so R on the row
    selected next goes without it. Typing in the note makes it that row's."""
    view = window.reconcile
    view.table.setFocus()
    view.table.clearSelection()
    qtbot.keyClicks(view.note, "short-paid, agreed to settle in December")
    view.table.setFocus()
    said: list[str] = []
    view.refused.connect(lambda title, _message: said.append(title))

    qtbot.keyClick(view.table, Qt.Key.Key_A)
    assert said == ["Nothing to accept"]
    decide(qtbot, window, 2, Qt.Key.Key_R)

    assert _reasons(window) == [(DecisionKind.REJECT, "")]
    assert "Your note is for the action refused with no match selected" in (
        view.note_owner_label.text()
    )
    qtbot.keyClicks(view.note, ".")  # edited with the rejected row selected: its own now
    assert view.note_owner_label.text() == ""
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_U)
    withdrawal = window.workflows._services.audit_trail()[-1].decision
    assert (withdrawal.kind, withdrawal.reason) == (
        DecisionKind.UNMATCH,
        "short-paid, agreed to settle in December.",
    )
