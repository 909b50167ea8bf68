"""An export after review decisions keeps the undo history, and writes what a run would.

The export ran matching again after decisions and showed that run, which cleared the undo
history (the banner said so). The run is needed: the workbook is the engine's, and a
decision changes more than its own row there (a rejected match's invoice is reported
unpaid and its line unmatched; an accepted row's explanation says "accepted"). But when
the run pairs what the screen shows in the states it shows them, its rows now take the
places of those shown, in the undo history too, and Undo goes on working. The workbook is
the one a run and an export write, cell by cell. The real window, engine and workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop_app.domain import MatchState
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import matched_window
from tests.ui.screens import decide, export_banner, row_of

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2, 3))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2, 3))


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as window:
        yield window


def _cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cells, the time it was written left out."""
    book = load_workbook(path)
    return {
        sheet.title: [
            row for row in sheet.iter_rows(values_only=True) if row[:1] != ("Generated at",)
        ]
        for sheet in book.worksheets
    }


def test_an_export_after_decisions_keeps_the_undo_history(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    decide(qtbot, window, 1, Qt.Key.Key_A)
    decide(qtbot, window, 2, Qt.Key.Key_R)
    report = tmp_path / "report.xlsx"

    assert export_banner(qtbot, window, report) == f"Report exported: {report}"
    session = window.session
    assert not session.is_stale()  # the screen shows the export's run
    assert session.undo_stack.count() == 2
    assert row_of(window.session, 1).explanation.startswith("accepted; ")  # the run's row
    assert [d.type.value for d in session.reconciliation.discrepancies] == [  # type: ignore[union-attr]
        "UNPAID_INVOICE",
        "UNMATCHED_PAYMENT",
    ]

    window.undo_action.trigger()  # the rejection
    assert row_of(window.session, 2).state is MatchState.AUTO
    window.undo_action.trigger()  # the accept
    assert row_of(window.session, 1).state is MatchState.AUTO
    assert not window.undo_action.isEnabled()
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert (row_of(window.session, 1).state, row_of(window.session, 2).state) == (
        MatchState.ACCEPTED,
        MatchState.REJECTED,
    )
    # Nothing refused; the report lacks the undos and redos (its Audit sheet would list them).
    assert [b.title for b in window.banners.banners()] == ["report.xlsx is out of date"]


def test_the_workbook_is_the_one_a_run_then_an_export_writes(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    decide(qtbot, window, 1, Qt.Key.Key_A)
    decide(qtbot, window, 2, Qt.Key.Key_R)
    kept = tmp_path / "kept.xlsx"
    export_banner(qtbot, window, kept)
    assert window.session.undo_stack.count() == 2

    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()  # the other way: a run shown, then the export
    assert window.session.undo_stack.count() == 2  # it pairs what is shown: kept too
    rerun = tmp_path / "rerun.xlsx"
    export_banner(qtbot, window, rerun)

    written, expected = _cells(kept), _cells(rerun)
    assert list(written) == list(expected)
    for sheet, rows in expected.items():
        assert written[sheet] == rows, sheet
    assert any(str(cell).startswith("accepted; ") for row in written["Matches"] for cell in row)


def test_a_run_that_differs_from_the_screen_clears_the_history_and_says_why(
    qtbot, fake_window: MainWindow, tmp_path: Path
) -> None:
    window = fake_window
    assert row_of(window.session, 3).state is MatchState.SUGGESTED
    decide(qtbot, window, 3, Qt.Key.Key_A)
    report = tmp_path / "report.xlsx"
    assert export_banner(qtbot, window, report) == (
        f"Report exported: {report}. Matching ran again first (1 decision since it last "
        "ran) and its matches differ from those shown, which cleared the undo history: Undo "
        "no longer reaches the decisions made before the export."
    )
    assert window.session.undo_stack.count() == 0
    assert row_of(window.session, 3).state is MatchState.SUGGESTED  # the run's, as the workbook's
