"""Bringing the test window (over ``MemoryServices``) to a screen as an accountant would."""

from __future__ import annotations

from collections import deque
from pathlib import Path

from PySide6.QtCore import Qt

from desktop_app.domain import Match
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.session import ReviewSession
from tests.ui.fakes import ScriptedDialogs


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


def row_of(session: ReviewSession, number: int) -> Match:
    """The row of invoice ``number`` (the factories' ``INV-00001``)."""
    return next(m for m in session.matches if m.invoices[0].number == f"INV-{number:05d}")


def decide(qtbot, window: MainWindow, number: int, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """Select invoice ``number``'s row and press ``key`` (A, R, U) on the table."""
    view = window.reconcile
    view.table.setFocus()
    view.table.select_keys([match_key(row_of(window.session, number))])
    qtbot.keyClick(view.table, key)


def export_banner(qtbot, window: MainWindow, path: Path) -> str:  # type: ignore[no-untyped-def]
    """Export to ``path`` (the window's dialogs scripted); the banner it ends with."""
    dialogs = window.workflows._dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    dialogs.answers["choose_export_path"] = deque([path])
    with qtbot.waitSignal(window.workflows.message, timeout=60_000):
        window.export_action.trigger()
    banner = window.banners.banners()[-1]
    return f"{banner.title}: {banner.message}"
