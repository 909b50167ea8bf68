"""Matching by hand an invoice partly paid before, on the real window, engine and workspace.

INV-00149 is £1,673.67; its provider says £1,480.24 is still owed, so £193.43 is the
part it records as paid. bank.csv row 16 pays exactly that part (quoting the invoice):
the engine's match, the rest still owed. Row 181 pays the £1,480.24 quoting another
number, so only the accountant can say it is the rest.

- The invoice was not offered in the Unmatched invoices panel (its part's match settled
  it), so the rest could not be matched by hand at all. It is offered, its totals
  against what is still owed (£0.00 difference, nothing asked), and matched with the
  part's line in one decision of the accountant's, which the next run and the report
  find nothing wrong with.
- The rest matched alone (the part's match rejected) said "a difference of -£193.43"
  against the gross while the workbook had no discrepancy; it says what is still owed.
- The part's line and the rest's matched together were "Difference: £0.00" in the
  window and, after the next run, "+£193.43 over: the gross, as if nothing had been paid
  before" in the window and the workbook; they agree on no difference.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind, InvoiceStatus, Match, MatchState, Money
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, matched_window
from tests.ui.fakes import ScriptedDialogs
from tests.ui.screens import export_banner

OWING = replace(
    f.invoice(149, "1673.67"),
    status=InvoiceStatus.PARTIALLY_PAID,
    status_raw="PARTIALLY_PAID",
    amount_outstanding=Money.of("1480.24", "GBP"),
)
PART = f.line(16, "-193.43", description="INV-00149 PART PAYMENT")
REST = f.line(181, "-1480.24", description="INV-00194 SUPPLIER 1026")


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, (OWING,), (PART, REST)) as shown:
        yield shown


def _rows(window: MainWindow) -> list[tuple[MatchState, tuple[int, ...]]]:
    return sorted((m.state, tuple(ln.row for ln in m.lines)) for m in window.session.matches)


def _row_of(window: MainWindow, rows: tuple[int, ...]) -> Match:
    return next(m for m in window.session.matches if tuple(ln.row for ln in m.lines) == rows)


def _who(window: MainWindow) -> str:
    """Who the window records decisions as (the account running the tests)."""
    return window.session.user or "the user"


def _cells(window: MainWindow, match: Match) -> dict[str, str]:
    """The Reconcile table's row of ``match``, as the accountant reads it."""
    model = window.reconcile.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = model.row_of(match_key(match))
    assert row is not None
    return {h: model.index(row, c).data() for c, h in enumerate(headers)}


def _select(window: MainWindow, rows: tuple[int, ...]) -> str:
    """Select the invoice and these lines in the panels below; the totals shown."""
    view = window.reconcile
    view.invoices_panel.table.select_keys([OWING.key])
    view.lines_panel.table.select_keys([ln.key for ln in (PART, REST) if ln.row in rows])
    return view.selection_totals.text()


def _match_selected(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = window.reconcile
    view.invoices_panel.table.setFocus()
    qtbot.keyClick(view.invoices_panel.table, Qt.Key.Key_M)


def _reject(qtbot, window: MainWindow, rows: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    view = window.reconcile
    view.table.setFocus()
    view.table.select_keys([match_key(_row_of(window, rows))])
    qtbot.keyClick(view.table, Qt.Key.Key_R)


def _rerun(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()


def _report_rows(qtbot, window: MainWindow, path: Path, sheet: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    export_banner(qtbot, window, path)
    book = load_workbook(path, read_only=True)
    try:
        header, *rows = [list(r) for r in book[sheet].iter_rows(values_only=True)]
    finally:
        book.close()
    return [dict(zip(header, row, strict=False)) for row in rows]


def _owing_discrepancies(window: MainWindow) -> list[str]:
    run = window.session.reconciliation
    assert run is not None
    return [d.type.value for d in run.discrepancies if OWING in d.invoices]


def test_guard_the_engine_matches_the_part_and_leaves_the_rest_open(window: MainWindow) -> None:
    assert _rows(window) == [(MatchState.AUTO, (16,))]
    assert _owing_discrepancies(window) == ["AMOUNT_MISMATCH"]  # the rest still owed


def test_the_invoice_still_owing_is_offered_and_matched_with_its_part(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    view = window.reconcile
    panel = view.invoices_panel.model
    row = panel.row_of(OWING.key)
    assert row is not None
    amount = panel.index(row, column_index(panel.columns, "amount"))
    assert amount.data() == "£1,673.67"
    assert amount.data(Qt.ItemDataRole.ToolTipRole) == "£1,480.24 still owed of £1,673.67"
    assert _select(window, (181,)).split("\n") == [
        "Σ invoices: £1,480.24 still owed",
        "Σ lines: -£1,480.24",
        "Difference: £0.00",
    ]
    _match_selected(qtbot, window)

    assert window.banners.banners() == []
    assert dialogs_of(window, ScriptedDialogs).asked == []  # nothing wrong to ask about
    # One decision pairs the invoice with the part's line and the rest's.
    (decision,) = window.workflows._services.decisions()
    assert decision.kind is DecisionKind.MANUAL_MATCH
    assert sorted(key.row for key in decision.line_keys) == [16, 181]
    assert _rows(window) == [(MatchState.MANUAL, (16, 181))]
    made = _row_of(window, (16, 181))
    assert (
        made.explanation
        == f"matched by hand by {_who(window)}; paid £1,673.67 out for £1,673.67 invoiced"
    )
    assert _cells(window, made)["Difference"] == ""
    assert view.invoices_panel.model.row_of(OWING.key) is None
    assert window.session.undo_stack.undoText() == (
        "Match INV-00149 ↔ bank.csv:16, bank.csv:181; bank.csv:16, the part of "
        "INV-00149 Content Ignite records as paid (matched automatically), pays it with them"
    )

    window.session.undo_stack.undo()  # the engine's match of the part is back
    assert _rows(window) == [(MatchState.AUTO, (16,))]
    window.session.undo_stack.redo()

    _rerun(qtbot, window)
    assert _rows(window) == [(MatchState.MANUAL, (16, 181))]
    assert _cells(window, _row_of(window, (16, 181)))["Difference"] == ""
    assert _owing_discrepancies(window) == []
    rows = _report_rows(qtbot, window, tmp_path / "report.xlsx", "Discrepancies")
    assert [r for r in rows if r["Invoice Number"] == "INV-00149"] == []


def test_the_rest_alone_by_hand_is_measured_against_what_is_still_owed(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """The part's match rejected, the rest matched alone: what it pays is what is still
    owed, no difference in the window, none in the workbook."""
    _reject(qtbot, window, (16,))
    _select(window, (181,))
    _match_selected(qtbot, window)

    made = _row_of(window, (181,))
    assert made.state is MatchState.MANUAL
    assert made.explanation == (
        f"matched by hand by {_who(window)}; paid £1,480.24 out for £1,480.24 still owed"
    )
    window.reconcile.table.select_keys([match_key(made)], match_key(made))
    assert "a difference" not in window.reconcile.detail.explanation.text()
    assert _cells(window, made)["Difference"] == ""
    rows = _report_rows(qtbot, window, tmp_path / "report.xlsx", "Discrepancies")
    assert [r for r in rows if r["Invoice Number"] == "INV-00149"] == []
    assert [(r["Type"], r["Row"]) for r in rows] == [("UNMATCHED_PAYMENT", 16)]


def test_the_part_and_the_rest_by_hand_show_no_difference_before_and_after_a_run(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    _reject(qtbot, window, (16,))
    assert _select(window, (16, 181)).endswith("Difference: £0.00")
    _match_selected(qtbot, window)
    assert _cells(window, _row_of(window, (16, 181)))["Difference"] == ""

    _rerun(qtbot, window)
    after = _row_of(window, (16, 181))
    assert after.state is MatchState.MANUAL
    assert _cells(window, after)["Difference"] == ""
    assert "pays the £193.43 of £1,673.67 Content Ignite records as paid" in after.explanation
    assert _owing_discrepancies(window) == []
    rows = _report_rows(qtbot, window, tmp_path / "report.xlsx", "Discrepancies")
    assert [r for r in rows if r["Invoice Number"] == "INV-00149"] == []
