"""Bringing the test window (over ``MemoryServices``) to a screen as an accountant would."""

from __future__ import annotations

from desktop_app.ui.main_window import MainWindow


def reconcile_after_a_run(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Fetch, add the statement, run matching, show the Reconcile screen with the window
    active (key presses reach it only then)."""
    with qtbot.waitSignal(window.session.invoices_changed):
        window.fetch_action.trigger()
    window.session.add_lines(window.services.statements["bank.csv"], "bank.csv")  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.session.reconciliation_changed):
        window.match_action.trigger()
    window.show_screen("reconcile")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
