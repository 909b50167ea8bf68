"""Unmatch (U) is enabled only on the accountant's own decisions (accepted, matched by hand,
rejected), as Accept and Reject are only where they apply: on the engine's own rows (AUTO,
SUGGESTED) it is disabled and its key does nothing, where it used to be enabled and then
refuse with a banner. Its tooltip says what it does on the row selected. The real window
over the ``MemoryServices`` seam."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind, Match, MatchState
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from tests.ui.fakes import MemoryServices


def _matched(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.session.invoices_changed):
        window.fetch_action.trigger()
    window.session.add_lines(window.services.statements["bank.csv"], "bank.csv")  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.session.reconciliation_changed):
        window.match_action.trigger()
    window.show_screen("reconcile")


def _select(window: MainWindow, state: MatchState) -> Match:
    """Select the one row in ``state`` on the Reconcile screen, with the focus on the table."""
    view = window.reconcile
    (match,) = [m for m in window.session.matches if m.state is state]
    view.table.setFocus()
    view.table.select_keys([match_key(match)], current=match_key(match))
    assert view.table.selected_items() == [match]
    return match


def test_unmatch_is_disabled_on_the_engine_s_rows_and_u_does_nothing_there(
    qtbot, qtmodeltester, window: MainWindow, services: MemoryServices
) -> None:
    _matched(qtbot, window)
    view = window.reconcile
    qtmodeltester.check(view.model)
    for state in (MatchState.AUTO, MatchState.SUGGESTED):
        _select(window, state)
        assert not view.unmatch_action.isEnabled(), state
        assert view.accept_action.isEnabled()  # the engine's rows are accepted or rejected
        assert "The engine's own matches are not yours to unmatch: reject one" in (
            view.unmatch_action.toolTip()
        )
        qtbot.keyClick(view.table, Qt.Key.Key_U)
        assert services.recorded == []
        assert window.banners.banners() == []  # silent, as A on an accepted row is
        assert window.session.matches[0].state is MatchState.AUTO


def test_unmatch_is_enabled_on_an_accepted_row_and_says_it_unmatches_it(
    qtbot, window: MainWindow, services: MemoryServices
) -> None:
    _matched(qtbot, window)
    view = window.reconcile
    accepted = _select(window, MatchState.ACCEPTED)
    assert view.unmatch_action.isEnabled()
    assert view.unmatch_action.toolTip() == (
        "Unmatch INV-00002 ↔ bank.csv:3 (U): the pairing is free again for matching."
    )
    qtbot.keyClick(view.table, Qt.Key.Key_U)
    assert [d.kind for d in services.recorded] == [DecisionKind.UNMATCH]
    assert match_key(accepted) not in {match_key(m) for m in window.session.matches}


def test_unmatch_on_a_rejected_row_says_it_withdraws_the_rejection(
    qtbot, window: MainWindow, services: MemoryServices
) -> None:
    _matched(qtbot, window)
    view = window.reconcile
    _select(window, MatchState.SUGGESTED)
    qtbot.keyClick(view.table, Qt.Key.Key_R)
    rejected = _select(window, MatchState.REJECTED)
    assert view.unmatch_action.isEnabled()
    assert view.unmatch_action.toolTip() == (
        "Withdraw the rejection of INV-00003 ↔ bank.csv:4 (U): matching may propose it again."
    )
    qtbot.keyClick(view.table, Qt.Key.Key_U)
    assert [d.kind for d in services.recorded] == [DecisionKind.REJECT, DecisionKind.UNMATCH]
    (back,) = [m for m in window.session.matches if match_key(m) == match_key(rejected)]
    assert back.state is MatchState.SUGGESTED  # the engine's suggestion, as before


def test_a_selection_mixing_in_the_engine_s_rows_says_they_cannot_be_unmatched(
    qtbot, window: MainWindow
) -> None:
    """Enabled, as Accept is on a selection it applies to in part; pressed, the whole
    selection is refused with why (``review.unmatch``), and the tooltip says so first."""
    _matched(qtbot, window)
    view = window.reconcile
    view.table.setFocus()
    view.table.selectAll()
    assert {m.state for m in view.table.selected_items()} == {
        MatchState.AUTO,
        MatchState.ACCEPTED,
        MatchState.SUGGESTED,
    }
    assert view.unmatch_action.isEnabled()
    assert view.unmatch_action.toolTip() == (
        "Unmatch (U): unmatch 1 match. The selection also holds 2 matches of the engine's, "
        "which cannot be unmatched: select only your own."
    )
