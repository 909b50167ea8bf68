"""The workspace's file removed or replaced while the window holds it open (tester R).

On Linux and macOS the window went on "saving" each decision into the file it held after
its name was gone, said nothing, and everything decided after was lost at close. Now a
decision into it is refused, a banner names the path and what happened, *Save a copy
as…* writes a workspace that opens with every decision and the window goes on in it,
and closing first asks. The real window, engine and workspace file.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.domain import DecisionKind, Match, MatchState
from desktop_app.ui.dialogs.seam import GoneAnswer
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.banner import Banner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, matched_window
from tests.ui.fakes import ScriptedDialogs

INVOICE = f.invoice(1, "250.00")
OTHER = f.invoice(2, "40.00")
PAYMENT = f.line(11, "-250.00", description="SUPPLIER")
SPARE = f.line(12, "-40.00", description="SOMETHING ELSE")


@pytest.fixture
def window(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: Any
) -> Iterator[MainWindow]:
    with matched_window(
        qtbot, qtmodeltester, runner, tmp_path, (INVOICE, OTHER), (PAYMENT, SPARE)
    ) as shown:
        yield shown


def _path(window: MainWindow) -> Path:
    path = window.services.workspace_path()
    assert path is not None
    return path


def _match_by_hand(qtbot: Any, window: MainWindow) -> None:
    """M on INV-00002 and bank.csv:12, as the accountant does: a decision saved."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.reconcile
    view.invoices_panel.table.select_keys([OTHER.key])
    table = view.lines_panel.table
    table.select_keys([SPARE.key])
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    qtbot.keyClick(table, Qt.Key.Key_M)


def _payment_row(window: MainWindow) -> Match:
    [row] = [m for m in window.session.matches if PAYMENT.key in m.line_keys]
    return row


def _banner(window: MainWindow, title: str) -> Banner | None:
    found = [b for b in window.banners.banners() if b.title == title]
    return found[-1] if found else None


def _gone_banner(window: MainWindow) -> Banner:
    banner = _banner(window, "Workspace file gone")
    assert banner is not None
    return banner


def _in_force(path: Path) -> set[tuple[DecisionKind, tuple[str, ...]]]:
    """The decisions in force in the file at ``path``, opened as the app opens it."""
    with Workspace.open(path) as opened:
        return {
            (d.kind, tuple(k.invoice_id for k in d.invoice_keys))
            for d in opened.effective_decisions()
        }


def _answer(window: MainWindow, **answers: Any) -> ScriptedDialogs:
    dialogs = dialogs_of(window, ScriptedDialogs)
    for name, answer in answers.items():
        dialogs.answers.setdefault(name, deque()).append(answer)
    return dialogs


BOTH = {
    (DecisionKind.MANUAL_MATCH, (OTHER.key.invoice_id,)),
    (DecisionKind.ACCEPT, (INVOICE.key.invoice_id,)),
}


def test_a_removed_file_is_said_and_a_copy_keeps_every_decision(
    qtbot: Any, window: MainWindow, runner: TaskRunner
) -> None:
    path = _path(window)
    _match_by_hand(qtbot, window)
    assert _payment_row(window).state is not MatchState.ACCEPTED
    os.remove(path)

    # The next decision is refused, not "saved" into a file lost at close; said at once.
    window.session.accept([_payment_row(window)])
    assert _payment_row(window).state is not MatchState.ACCEPTED
    refused = _banner(window, "Decision not saved")
    assert refused is not None
    assert "removed or moved away" in refused.message
    gone = _gone_banner(window)
    assert gone.level == "error"
    assert f"{path} was removed or moved away while it was open" in gone.message
    assert gone.action_texts == ("Save a copy as…",)

    # Save a copy as…, at the name the file had: the window goes on in the copy.
    dialogs = _answer(window, choose_workspace_copy=path)
    gone.action_buttons[0].click()
    assert dialogs.asked[-1] == ("choose_workspace_copy", (path,))
    qtbot.waitUntil(lambda: _banner(window, "Workspace saved as a copy") is not None)
    assert _banner(window, "Workspace file gone") is None
    assert window.workspace_label.text() == f"Workspace: {path}"
    assert window.undo_action.isEnabled()  # the sitting's steps go on in the copy

    # The decision refused is made again, and saved into the copy.
    window.session.accept([_payment_row(window)])
    assert _payment_row(window).state is MatchState.ACCEPTED
    assert _banner(window, "Workspace file gone") is None
    window.close()  # nothing gone now: no question
    assert not window.isVisible()
    assert not [q for q, _ in dialogs.asked if q == "close_gone"]
    window.services.workspace.close()  # type: ignore[attr-defined]
    assert _in_force(path) == BOTH


def test_a_replaced_file_asks_on_close_and_the_copy_saved_then_holds_everything(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    path = _path(window)
    _match_by_hand(qtbot, window)
    window.session.accept([_payment_row(window)])
    other = tmp_path / "synced.reconcile"
    Workspace.create(other).close()
    os.replace(other, path)  # a sync client puts its version in place

    window.session.reject([_payment_row(window)])  # refused: noticed before it is written
    assert _payment_row(window).state is MatchState.ACCEPTED
    gone = _gone_banner(window)
    assert f"{path} was replaced by another file while it was open" in gone.message

    # Closing asks: Keep working keeps the window; Save a copy saves, then closes.
    kept = tmp_path / "kept" / "month-end.reconcile"
    kept.parent.mkdir()
    dialogs = _answer(window, close_gone=GoneAnswer.KEEP)
    window.close()
    assert window.isVisible()
    [(_, (asked,))] = [q for q in dialogs.asked if q[0] == "close_gone"]
    assert (asked.path, asked.how) == (path, "replaced by another file")
    _answer(window, close_gone=GoneAnswer.SAVE_COPY, choose_workspace_copy=kept)
    window.close()
    suggested = dialogs.asked[-1]
    assert suggested == ("choose_workspace_copy", (path.with_name("month-end (kept).reconcile"),))
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)
    window.services.workspace.close()  # type: ignore[attr-defined]
    assert _in_force(kept) == BOTH
    assert _in_force(path) == set()  # the file put in its place is left as it was


def test_closing_a_workspace_whose_file_is_gone_loses_it_only_when_told(
    qtbot: Any, window: MainWindow
) -> None:
    path = _path(window)
    os.remove(path)
    # Noticed with nothing tried: the window looks at the path every few seconds.
    qtbot.waitUntil(lambda: _banner(window, "Workspace file gone") is not None, timeout=10_000)
    dialogs = _answer(window, close_gone=GoneAnswer.SAVE_COPY, choose_workspace_copy=None)
    window.close()  # the copy's file dialog cancelled: nothing closes
    assert window.isVisible()
    _answer(window, close_gone=GoneAnswer.DISCARD)
    window.close()
    assert not window.isVisible()
    assert [q for q, _ in dialogs.asked].count("close_gone") == 2
