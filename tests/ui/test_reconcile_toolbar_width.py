"""The Reconcile toolbar at 1366x768 with both notes showing ("⚠ 2 decisions need review"
and what changed since matching ran): the note and the filter box used to be squeezed to
"Note …" and "Filter matches: i…". They keep a usable width now; the notes take a row of
their own when the bar is short of room. The real window, engine and workspace file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.domain import Decision, DecisionKind, Money
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import matched_window

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2, 3))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2, 3))


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    """Two accepted decisions whose invoices then changed (flagged), at 1366x768."""

    def accept_then_change(workspace: Workspace) -> None:
        for invoice, paid in zip(INVOICES[:2], LINES[:2], strict=True):
            workspace.record_decision(Decision(DecisionKind.ACCEPT, (invoice.key,), (paid.key,)))
        changed = [replace(i, gross=i.gross + Money.of("5.00", "GBP")) for i in INVOICES[:2]]
        workspace.save_invoices("Content Ignite", [*changed, INVOICES[2]])

    with matched_window(
        qtbot,
        qtmodeltester,
        runner,
        tmp_path,
        INVOICES,
        LINES,
        prepare=accept_then_change,
        size=(1366, 768),
    ) as window:
        yield window


def test_the_note_and_filter_keep_their_width_beside_both_notes(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    view = window.reconcile
    later = tmp_path / "later.csv"
    later.write_text("Date,Amount,Description\n2026-02-01,-12.00,Coffee\n", encoding="utf-8")
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.workflows.import_files([later], ColumnMapping(None, {}, currency="GBP"))
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
    QApplication.processEvents()
    assert view.review_label.text() == "⚠ 2 decisions need review"
    assert view.stale_label.text() == "later.csv imported since matching ran"
    qtbot.waitUntil(lambda: view.review_label.isVisible())

    note, search = view.note, view.search
    metrics = note.fontMetrics()
    assert note.width() >= metrics.horizontalAdvance("Note with the next decision…")
    assert search.width() >= metrics.horizontalAdvance("Filter matches: invoice, description")
    for label in (view.review_label, view.stale_label):
        assert label.width() >= label.sizeHint().width()  # said whole, not cut
