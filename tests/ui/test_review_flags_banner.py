"""The "decisions need review" banner follows the flags in force.

Two accepted decisions, each on its own statement, both flagged (their invoices changed at
the provider after they were decided), so the workspace opens with "2 decisions need
review". Before, the banner was said again only after a statement's removal: accepting a
decision again (which clears its flag) left it naming a decision that no longer needed
review, and clearing every flag left it up. Now it follows ``review_flags_changed``: it
names the flags it said that are still in force, goes when none is, comes back with one
an undo puts back in force, and once dismissed stays dismissed.
The real window, engine and workspace file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import Decision, DecisionKind, InvoiceKey, Match, MatchState, Money
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.reconcile_view import ALL
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import engine_window, open_and_match
from tests.ui.fakes import ScriptedDialogs

FIRST, SECOND = f.invoice(1, "150.00"), f.invoice(2, "250.00")
ON_BANK = f.line(11, "-150.00", description="Payment INV-00001")
ON_LATER = f.line(5, "-250.00", source="later.csv", description="Payment INV-00002")


@pytest.fixture
def window(qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt) -> Iterator[MainWindow]:
    """Both decisions accepted, then both invoices' amounts changed at the provider."""
    path = tmp_path / "month-end.reconcile"
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Content Ignite", (FIRST, SECOND))
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, (ON_BANK,))
        workspace.add_statement("later.csv", "1" * 64, {"format": "csv"}, (ON_LATER,))
        for invoice, paid in ((FIRST, ON_BANK), (SECOND, ON_LATER)):
            workspace.record_decision(Decision(DecisionKind.ACCEPT, (invoice.key,), (paid.key,)))
        changed = [replace(i, gross=i.gross + Money.of("5.00", "GBP")) for i in (FIRST, SECOND)]
        workspace.save_invoices("Content Ignite", changed)
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), screen="reconcile") as window:
        open_and_match(qtbot, window, path)
        yield window


def _flag_banners(window: MainWindow) -> list[tuple[str, str]]:
    return [(b.title, b.message) for b in window.banners.banners() if "review" in b.title]


def _accepted(window: MainWindow, key: InvoiceKey) -> Match:
    (row,) = [
        m
        for m in window.session.matches
        if m.state is MatchState.ACCEPTED and m.invoice_keys == (key,)
    ]
    return row


def _accept_again(qtbot, window: MainWindow, key: InvoiceKey) -> None:
    """Select the accepted row of ``key`` and press A: it still stands, confirmed again."""
    view = window.reconcile
    view.state_combo.setCurrentIndex(view.state_combo.findText(ALL))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.table.setFocus()
    view.table.select_keys([match_key(_accepted(window, key))])
    assert view.table.current_item() is not None
    qtbot.keyClick(view.table, Qt.Key.Key_A)


def _undo(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def _redo(qtbot, window: MainWindow) -> None:
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_Z, both)


def _named(window: MainWindow) -> list[tuple[str, bool, bool]]:
    """Each review banner's title, and whether it names the first and the second invoice."""
    return [
        (title, "INV-00001" in message, "INV-00002" in message)
        for title, message in _flag_banners(window)
    ]


def test_the_review_banner_follows_the_flags_as_decisions_are_made_and_undone(
    qtbot, window: MainWindow
) -> None:
    assert _named(window) == [("2 decisions need review", True, True)]

    _accept_again(qtbot, window, FIRST.key)
    assert _named(window) == [("1 decision needs review", False, True)]
    _undo(qtbot, window)  # its flag is back in force, and named again
    assert _named(window) == [("2 decisions need review", True, True)]
    _redo(qtbot, window)
    assert _named(window) == [("1 decision needs review", False, True)]

    _accept_again(qtbot, window, SECOND.key)  # no flag left: the banner goes
    assert _flag_banners(window) == []
    assert window.reconcile.review_label.text() == ""
    _undo(qtbot, window)  # a flag back in force: said again
    assert _named(window) == [("1 decision needs review", False, True)]


def test_a_dismissed_review_banner_is_not_brought_back(qtbot, window: MainWindow) -> None:
    _accept_again(qtbot, window, FIRST.key)
    ((title, _),) = _flag_banners(window)
    assert title == "1 decision needs review"
    (banner,) = [b for b in window.banners.banners() if b.title == title]

    qtbot.mouseClick(banner.close_button, Qt.MouseButton.LeftButton)
    assert _flag_banners(window) == []
    _undo(qtbot, window)  # the flags change, but the accountant has read and dismissed it
    assert _flag_banners(window) == []
    assert window.reconcile.review_label.text() == "⚠ 2 decisions need review"
    _accept_again(qtbot, window, SECOND.key)
    assert _flag_banners(window) == []
