"""A decision on many selected matches that the workspace refuses is one banner.

Accepting 50 selected matches when the workspace could not be written showed a banner per
decision: fifty identical errors, of which the banner area kept the last five. The step's
refusals are now said once: which step, how many decisions, why. So too for its undo.
The real window and its Reconcile screen, its models checked by Qt's model tester.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import Decision, MatchState, Reconciliation
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ServiceError
from desktop_app.ui.views.reconcile_view import ReconcileView
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices
from tests.ui.landed import landed
from tests.ui.screens import reconcile_after_a_run

N = 50
FULL = "the disk holding the workspace is full: free some space, then try again"


class RefusingServices(MemoryServices):
    """A workspace that refuses to save (``full``; alone, the decisions ``refused``
    picks), or to undo (``undo_refusal``)."""

    full = False
    refused: Callable[[Decision], bool] | None = None
    undo_refusal: Exception | None = None

    def record_decision(self, decision: Decision) -> int:
        if self.refused is not None and self.refused(decision):
            raise OSError("locked by another program")
        if self.full and self.refused is None:
            raise OSError(FULL)
        return super().record_decision(decision)

    def record_decisions(self, decisions: Sequence[Decision]) -> list[int]:
        if self.full:
            raise OSError(FULL)
        return super().record_decisions(decisions)

    def undo_decision(self, entry_id: int) -> Mapping[int, int]:
        if self.undo_refusal is not None:
            raise self.undo_refusal
        return super().undo_decision(entry_id)

    def undo_decisions(self, entry_ids: Sequence[int]) -> Mapping[int, int]:
        if self.undo_refusal is not None:
            raise self.undo_refusal
        return super().undo_decisions(entry_ids)


def _reconciliation() -> Reconciliation:
    invoices = tuple(f.invoice(i, f"{i}.50") for i in range(1, N + 1))
    lines = tuple(f.line(i + 1, f"-{i}.50") for i in range(1, N + 1))
    matches = tuple(
        f.match(invoice, line, state=MatchState.SUGGESTED)
        for invoice, line in zip(invoices, lines, strict=True)
    )
    return Reconciliation(invoices, lines, matches, ())


@pytest.fixture
def services() -> RefusingServices:
    rec = _reconciliation()
    return RefusingServices(
        invoices=rec.invoices, statements={"bank.csv": rec.lines}, reconciliation=rec
    )


@pytest.fixture
def view(qtbot, qtmodeltester, window: MainWindow) -> ReconcileView:
    view = window.reconcile
    qtmodeltester.check(view.model)
    reconcile_after_a_run(qtbot, window)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(view.table.selected_items()) == N
    return view


def _said(window: MainWindow) -> list[str]:
    return [f"{banner.title}: {banner.message}" for banner in window.banners.banners()]


def test_accepting_many_matches_the_workspace_refuses_is_one_banner(
    qtbot, window: MainWindow, view: ReconcileView, services: RefusingServices
) -> None:
    services.full = True
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    landed(qtbot, window)
    assert _said(window) == [
        (
            f"Decision not saved: could not save “Accept {N} matches” (its {N} decisions), "
            f"so it is not applied: {FULL}"
        )
    ]
    assert {match.state for match in window.session.matches} == {MatchState.SUGGESTED}
    assert window.session.undo_stack.count() == 0

    services.full = False  # space freed: the same keys save them all, and say nothing
    # The error banner leaves the offscreen window inactive once events are delivered
    # (waiting for the save delivers them), where a shortcut does nothing: activate it.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    landed(qtbot, window)
    assert {match.state for match in window.session.matches} == {MatchState.ACCEPTED}
    assert len(window.banners.banners()) == 1

    window.undo_action.trigger()
    landed(qtbot, window)
    services.full = True  # its redo refused: one banner more
    window.redo_action.trigger()
    landed(qtbot, window)
    assert _said(window)[1:] == [
        (
            f"Decision not saved: could not save “Redo: Accept {N} matches” (its {N} decisions), "
            f"so it is not applied: {FULL}"
        )
    ]
    assert {match.state for match in window.session.matches} == {MatchState.SUGGESTED}


def test_undoing_many_decisions_the_workspace_refuses_is_one_banner(
    qtbot, window: MainWindow, view: ReconcileView, services: RefusingServices
) -> None:
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    landed(qtbot, window)
    services.undo_refusal = OSError(FULL)
    window.undo_action.trigger()
    landed(qtbot, window)
    assert _said(window) == [
        (
            f"Decision not saved: could not save “Undo: Accept {N} matches” for its {N} "
            f"decisions, so they still stand and the next run and the export apply them; "
            f"undo it again once it can be saved. {FULL}"
        )
    ]
    assert {match.state for match in window.session.matches} == {MatchState.ACCEPTED}

    services.undo_refusal = ServiceError("it is no longer the latest decision on it")
    window.undo_action.trigger()
    landed(qtbot, window)
    assert len(window.banners.banners()) == 2
    assert _said(window)[-1] == (
        f"Decision not saved: “Undo: Accept {N} matches” was not done for it: "
        "it is no longer the latest decision on it."
    )


def test_some_of_the_decisions_refused_are_named_and_counted(
    qtbot, window: MainWindow, view: ReconcileView, services: RefusingServices
) -> None:
    """Refused together, each is tried alone: those saved are applied, and the banner
    names the first few refused, counts them and says why."""
    services.full = True  # the commit of all of them together fails
    services.refused = lambda decision: decision.invoice_keys[0].invoice_id.endswith("0")
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    landed(qtbot, window)
    (said,) = _said(window)
    assert said.startswith(f"Decision not saved: could not save 5 of its {N} decisions (Accept ")
    assert said.endswith(
        f" and 2 more) of “Accept {N} matches”, so those are not applied (the other 45 are): "
        "locked by another program"
    )
    states = [match.state for match in window.session.matches]
    assert (states.count(MatchState.ACCEPTED), states.count(MatchState.SUGGESTED)) == (45, 5)
