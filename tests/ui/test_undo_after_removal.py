"""Undo after Remove statement, and an undo the workspace refuses.

Removing a statement withdraws the decisions on its lines, yet until the re-run landed the
undo stack still offered them: Ctrl+Z right after the removal showed a "Decision not
saved" banner quoting the audit trail's entry numbers ("#52 was already replaced by
#53; undo that first"). The removal now clears the undo history, and says so; an undo the
workspace refuses is said without entry numbers. An export after decisions runs matching
again, which clears the undo history too once statements or invoices changed since: its
banner says so (Undo went quiet, unsaid).
The real window, engine and workspace.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import Decision, DecisionKind, MatchState
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, matched_window
from tests.ui.fakes import ScriptedDialogs

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2, 3))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2, 3))


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as window:
        yield window


def _accept_one(qtbot, window: MainWindow) -> Decision:
    """Accept the first engine match with the A key; the decision it recorded."""
    view = window.reconcile
    match = next(m for m in window.session.matches if not m.decided_by_user)
    view.table.setFocus()
    view.table.select_keys([match_key(match)])
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    assert window.session.invoice_state(match.invoices[0].key) is MatchState.ACCEPTED
    assert window.undo_action.isEnabled()
    return Decision(DecisionKind.ACCEPT, match.invoice_keys, match.line_keys)


def _banners(window: MainWindow) -> list[str]:
    return [f"{b.title}: {b.message}" for b in window.banners.banners()]


def test_undo_right_after_a_removal_has_nothing_to_undo_and_the_banner_says_so(
    qtbot, window: MainWindow
) -> None:
    _accept_one(qtbot, window)
    offered: list[bool] = []

    def press_undo_as_the_lines_go() -> None:  # before the re-run lands
        offered.append(window.undo_action.isEnabled())
        window.undo_action.trigger()

    window.session.lines_changed.connect(press_undo_as_the_lines_go)
    view = window.statements
    view.file_combo.setCurrentIndex(view.file_combo.findData("bank.csv"))
    dialogs_of(window, ScriptedDialogs).answers["confirm"] = deque([True])
    view.remove_button.click()
    qtbot.waitUntil(lambda: bool(offered) and not window.runner.active(), timeout=60_000)
    window.session.lines_changed.disconnect(press_undo_as_the_lines_go)

    assert offered == [False]
    (said,) = _banners(window)
    assert said == (
        "Removed bank.csv: 1 decision on its lines (1 accepted) was withdrawn: decide it "
        "again once the file is imported again; the audit trail keeps it. The undo history "
        "was cleared: Undo no longer reaches the decisions made before the removal."
    )


def test_an_undo_the_workspace_refuses_is_said_without_entry_numbers(
    qtbot, window: MainWindow
) -> None:
    """The accept was overruled since (here straight in the workspace, as a removal
    does): the undo is refused, in words for the accountant, and the screen keeps it."""
    accepted = _accept_one(qtbot, window)
    services = window.services
    assert isinstance(services, EngineServices)
    services.workspace.workspace.record_decision(
        Decision(DecisionKind.UNMATCH, accepted.invoice_keys, accepted.line_keys)
    )

    window.undo_action.trigger()

    (said,) = _banners(window)
    assert not re.search(r"#\d", said), said
    step = window.undo_action.text().removeprefix("Undo ")
    assert said == (
        f"Decision not saved: “Undo: {step}” was not done: it is no longer the latest "
        "decision on that match: it was withdrawn (its statement removed) or decided again "
        "since, and undoing it would undo that too. Run matching to see what is in force."
    )
    assert window.session.invoice_state(accepted.invoice_keys[0]) is MatchState.ACCEPTED


def test_an_export_that_runs_matching_again_says_it_cleared_the_undo_history(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """After decisions alone the history is kept (test_export_keeps_undo.py); a statement
    imported since changes the rows it refers to."""
    _accept_one(qtbot, window)
    window.session.add_lines([f.line(30, "-999.00", source="extra.csv")], "extra.csv")
    report = tmp_path / "report.xlsx"
    dialogs_of(window, ScriptedDialogs).answers["choose_export_path"] = deque([report])
    with qtbot.waitSignal(window.workflows.message, timeout=60_000):
        window.export_action.trigger()

    (said,) = _banners(window)
    assert said == (
        f"Report exported: {report}. Matching ran again first (1 decision and extra.csv "
        "imported since it last ran), which cleared the undo history: Undo no longer reaches "
        "the decisions made before the export."
    )
    assert not window.undo_action.isEnabled()
