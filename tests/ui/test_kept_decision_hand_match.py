"""Matching by hand a line an accountant's kept decision holds.

A decision naming an invoice its provider no longer returns is kept
(``matching.decisions.Kept``): its lines are matched to nothing else while it stands, and
Review ▸ Flagged decisions… asks the accountant to keep or withdraw it. The window let
such a line be matched by hand to another invoice all the same: the new match silently
replaced the kept decision in the workspace, never reviewed. A confirmed match is refused
until it is unmatched ("already matched: ...; unmatch first"); a kept decision is refused
alike, naming it by its invoice's number and where to keep or withdraw it. Withdrawn
there, the line is free; the withdrawal undone, it is held again. The real window, engine
and workspace file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionButton

from desktop_app.domain import Decision, DecisionKind
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.dialogs.flagged_dialog import FlaggedDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import matched_window

DELETED = f.invoice(1, "250.00")  # INV-00001, which Content Ignite then stops returning
OTHER = f.invoice(2, "250.00")  # INV-00002, left for the accountant
PAYMENT = f.line(11, "-250.00", description="SUPPLIER")
SPARE = f.line(12, "-17.00", description="SOMETHING ELSE")

REFUSED = (
    "Cannot match INV-00002 by hand",
    (
        "bank.csv:11 is held by a decision in force: ann accepted it as the payment of "
        "INV-00001, which Content Ignite no longer returns; keep or withdraw that decision "
        "in Review ▸ Flagged decisions… first"
    ),
)


def _accepted_then_deleted(workspace: Workspace) -> None:
    workspace.record_decision(
        Decision(DecisionKind.ACCEPT, (DELETED.key,), (PAYMENT.key,), user="ann")
    )
    workspace.save_invoices("Content Ignite", [OTHER])  # INV-00001 no longer returned


@pytest.fixture
def window(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: Any
) -> Iterator[MainWindow]:
    with matched_window(
        qtbot,
        qtmodeltester,
        runner,
        tmp_path,
        (DELETED, OTHER),
        (PAYMENT, SPARE),
        prepare=_accepted_then_deleted,
    ) as shown:
        shown.activateWindow()
        qtbot.waitUntil(shown.isActiveWindow)
        yield shown


def _trail(window: MainWindow) -> list[tuple[DecisionKind, bool]]:
    services = window.services
    assert isinstance(services, EngineServices)
    return [
        (entry.decision.kind, entry.in_force)
        for entry in services.workspace.workspace.audit()
        if entry.decision.kind is not DecisionKind.ENGINE_MATCH
    ]


def _refusals(window: MainWindow) -> list[tuple[str, str]]:
    return [(b.title, b.message) for b in window.banners.banners() if b.title.startswith("Cannot")]


def _press_m(qtbot: Any, window: MainWindow) -> None:
    """OTHER and PAYMENT selected, then M pressed in the lines' table."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.reconcile
    view.invoices_panel.table.select_keys([OTHER.key])
    table = view.lines_panel.table
    table.select_keys([PAYMENT.key])
    assert table.selected_keys() == [PAYMENT.key]
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    qtbot.keyClick(table, Qt.Key.Key_M)


def _flagged_dialog(qtbot: Any, window: MainWindow) -> FlaggedDialog:
    window.flagged_action.trigger()
    dialog = window.flagged_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_a_line_a_kept_decision_holds_is_not_matched_by_hand_to_another_invoice(
    qtbot: Any, window: MainWindow
) -> None:
    _press_m(qtbot, window)

    assert _refusals(window) == [REFUSED]
    assert _trail(window) == [(DecisionKind.ACCEPT, True)]  # the kept decision stands
    assert window.session.undo_stack.count() == 0
    assert window.reconcile.lines_panel.table.selected_keys() == [PAYMENT.key]  # still to hand


def test_withdrawn_in_flagged_decisions_the_line_is_free_and_undone_it_is_held_again(
    qtbot: Any, window: MainWindow, qtlog: Any
) -> None:
    dialog = _flagged_dialog(qtbot, window)
    tester = QAbstractItemModelTester(
        dialog.model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    (flagged,) = dialog.model.all_items()
    dialog.table.select_keys([flagged.pairing])
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_W)
    assert _trail(window) == [(DecisionKind.ACCEPT, False), (DecisionKind.UNMATCH, False)]
    dialog.close()
    qtbot.waitUntil(lambda: window.flagged_dialog is None)

    _press_m(qtbot, window)  # free now: matched by hand
    assert _refusals(window) == []
    assert window.session.undo_stack.count() == 2
    assert [kind for kind, in_force in _trail(window) if in_force] == [DecisionKind.MANUAL_MATCH]

    window.undo_action.trigger()  # the match
    window.undo_action.trigger()  # the withdrawal: the kept decision stands again
    assert [kind for kind, in_force in _trail(window) if in_force] == [DecisionKind.ACCEPT]
    _press_m(qtbot, window)
    assert _refusals(window) == [REFUSED]
    assert window.session.undo_stack.index() == 0
    del tester
    assert [r.message for r in qtlog.records if "FAIL" in r.message] == []


def test_a_kept_decision_reviewed_and_kept_still_holds_its_line(
    qtbot: Any, window: MainWindow
) -> None:
    dialog = _flagged_dialog(qtbot, window)
    (flagged,) = dialog.model.all_items()
    dialog.table.select_keys([flagged.pairing])
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    dialog.close()
    qtbot.waitUntil(lambda: window.flagged_dialog is None)

    _press_m(qtbot, window)

    ((title, message),) = _refusals(window)
    assert title == REFUSED[0]
    assert message.startswith("bank.csv:11 is held by a decision in force: ann accepted it as ")
    assert message.endswith(
        "INV-00001, which Content Ignite no longer returns; it was reviewed and kept; "
        "withdraw it in Review ▸ Flagged decisions… (Show decisions reviewed and kept too) "
        "first"
    )
    assert [kind for kind, in_force in _trail(window) if in_force] == [DecisionKind.ACCEPT]


THIRD = f.invoice(3, "100.00")  # INV-00003, paid with INV-00001 by one payment


def _matched_both_then_one_deleted(workspace: Workspace) -> None:
    workspace.record_decision(
        Decision(DecisionKind.MANUAL_MATCH, (DELETED.key, THIRD.key), (PAYMENT.key,), user="ann")
    )
    workspace.save_invoices("Content Ignite", [OTHER, THIRD])  # INV-00001 no longer returned


def test_an_invoice_a_kept_decision_holds_is_not_matched_by_hand_to_another_line(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: Any
) -> None:
    """The kept decision's invoice the provider still returns is held as its line is."""
    with matched_window(
        qtbot,
        qtmodeltester,
        runner,
        tmp_path,
        (DELETED, OTHER, THIRD),
        (PAYMENT, SPARE),
        prepare=_matched_both_then_one_deleted,
    ) as window:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        view = window.reconcile
        view.lines_panel.table.select_keys([SPARE.key])
        table = view.invoices_panel.table
        table.select_keys([THIRD.key])
        table.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
        qtbot.keyClick(table, Qt.Key.Key_M)

        said = (
            "INV-00003 is held by a decision in force: ann matched bank.csv:11 by hand as "
            "the payment of INV-00001 and INV-00003, of which Content Ignite no longer "
            "returns INV-00001; keep or withdraw that decision in Review ▸ Flagged "
            "decisions… first"
        )
        assert _refusals(window) == [("Cannot match INV-00003 by hand", said)]
        assert _trail(window) == [(DecisionKind.MANUAL_MATCH, True)]
        assert window.session.undo_stack.count() == 0


# September's invoice, outside January's period under review: paid with INV-00001 by one
# payment. Known to Content Ignite by its id "ID-4", to the accountant by its number.
SEPTEMBER = f.invoice(4, "100.00", issued=date(2025, 9, 30))


def _matched_with_septembers_then_one_deleted(workspace: Workspace) -> None:
    workspace.record_decision(
        Decision(DecisionKind.ACCEPT, (DELETED.key, SEPTEMBER.key), (PAYMENT.key,), user="ann")
    )
    # January fetched again: INV-00001 no longer returned; September's is not asked about,
    # so it stays held as it was, and out of the invoices under review.
    workspace.save_fetch(
        {"Content Ignite": [OTHER]}, date_from=date(2026, 1, 1), date_to=date(2026, 1, 31)
    )


def test_a_kept_decisions_invoice_outside_the_period_is_named_by_its_number(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: Any
) -> None:
    """An invoice of the kept decision that the run lacks, neither under review nor gone
    (outside the period, held by the workspace), is named as the run's rows name it (by
    its number, as last held), not by the provider's id of it: the window takes the
    names the engine gave, rather than naming the decision again by a rule of its own."""
    with matched_window(
        qtbot,
        qtmodeltester,
        runner,
        tmp_path,
        (DELETED, OTHER, SEPTEMBER),
        (PAYMENT, SPARE),
        prepare=_matched_with_septembers_then_one_deleted,
    ) as window:
        assert [i.key for i in window.session.invoices] == [OTHER.key]
        _press_m(qtbot, window)

        said = (
            "bank.csv:11 is held by a decision in force: ann accepted it as the payment of "
            "INV-00001 and INV-00004, of which Content Ignite no longer returns INV-00001; "
            "keep or withdraw that decision in Review ▸ Flagged decisions… first"
        )
        assert _refusals(window) == [(REFUSED[0], said)]
        assert _trail(window) == [(DecisionKind.ACCEPT, True)]
        assert window.session.undo_stack.count() == 0


def _tick(qtbot: Any, dialog: FlaggedDialog) -> None:
    """Show decisions reviewed and kept too, clicked on its box (the check box spans the
    dialog: its middle may be past its text)."""
    box = dialog.show_kept
    option = QStyleOptionButton()
    box.initStyleOption(option)
    where = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=where.center())


def _keep_the_flagged(qtbot: Any, dialog: FlaggedDialog) -> None:
    (flagged,) = dialog.model.all_items()
    dialog.table.select_keys([flagged.pairing])
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 0  # reviewed: no longer flagged


def _withdrawal(window: MainWindow) -> list[Decision]:
    services = window.services
    assert isinstance(services, EngineServices)
    return [
        entry.decision
        for entry in services.workspace.workspace.audit()
        if entry.decision.kind is DecisionKind.UNMATCH
    ]


def test_a_kept_decision_reviewed_and_kept_is_withdrawn_in_flagged_decisions(
    qtbot: Any, window: MainWindow, qtlog: Any
) -> None:
    """Reviewed and kept, the decision has no flag and no row: Flagged decisions lists it
    again on request, and withdrawn there its line is free to match by hand; undone, the
    decision stands and holds the line again."""
    dialog = _flagged_dialog(qtbot, window)
    tester = QAbstractItemModelTester(
        dialog.model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    _keep_the_flagged(qtbot, dialog)
    assert not dialog.show_kept.isChecked()  # the list is of what needs review

    _tick(qtbot, dialog)
    assert dialog.show_kept.isChecked()
    (kept,) = dialog.model.all_items()
    model = dialog.model
    shown = [model.data(model.index(0, column)) for column in range(model.columnCount())]
    assert shown[:4] == [
        "Content Ignite INV-00001",
        "Content Ignite",
        "accepted",
        "no longer returned by its provider (reviewed and kept)",
    ]
    assert "1 decision you reviewed and kept" in dialog.summary.text()
    dialog.table.select_keys([kept.pairing])
    assert not dialog.keep_button.isEnabled()  # kept already: only withdrawn
    assert dialog.withdraw_button.isEnabled()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_W)

    assert dialog.model.rowCount() == 0
    (withdrawn,) = _withdrawal(window)  # the audit trail records the withdrawal
    assert (withdrawn.invoice_keys, withdrawn.line_keys) == ((DELETED.key,), (PAYMENT.key,))
    assert [kind for kind, in_force in _trail(window) if in_force] == []
    dialog.close()
    qtbot.waitUntil(lambda: window.flagged_dialog is None)

    _press_m(qtbot, window)  # the line is free: matched by hand to the other invoice
    assert _refusals(window) == []
    assert [kind for kind, in_force in _trail(window) if in_force] == [DecisionKind.MANUAL_MATCH]
    assert window.session.undo_stack.count() == 3  # keep, withdraw, match

    window.undo_action.trigger()  # the match
    window.undo_action.trigger()  # the withdrawal: the decision stands and holds again
    assert [kind for kind, in_force in _trail(window) if in_force] == [DecisionKind.ACCEPT]
    dialog = _flagged_dialog(qtbot, window)
    _tick(qtbot, dialog)
    assert [f.decision.kind for f in dialog.model.all_items()] == [DecisionKind.ACCEPT]
    dialog.close()
    qtbot.waitUntil(lambda: window.flagged_dialog is None)
    _press_m(qtbot, window)
    ((title, message),) = _refusals(window)
    assert title == REFUSED[0]
    assert "it was reviewed and kept; withdraw it in Review ▸ Flagged decisions…" in message
    del tester
    assert [r.message for r in qtlog.records if "FAIL" in r.message] == []


def test_a_kept_decision_listed_again_shows_and_hides_with_its_withdrawal_undone(
    qtbot: Any, window: MainWindow, qtlog: Any
) -> None:
    """The list follows the step and its undo while open (no flag changes with them)."""
    dialog = _flagged_dialog(qtbot, window)
    tester = QAbstractItemModelTester(
        dialog.model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    _keep_the_flagged(qtbot, dialog)
    _tick(qtbot, dialog)
    (kept,) = dialog.model.all_items()
    dialog.table.select_keys([kept.pairing])
    qtbot.mouseClick(dialog.withdraw_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 0
    window.session.undo_stack.undo()
    assert [f.pairing for f in dialog.model.all_items()] == [kept.pairing]
    window.session.undo_stack.redo()
    assert dialog.model.rowCount() == 0
    _tick(qtbot, dialog)  # off again
    window.session.undo_stack.undo()
    assert dialog.model.rowCount() == 0  # listed only on request
    del tester
    assert [r.message for r in qtlog.records if "FAIL" in r.message] == []
