"""The Discrepancies screen says what each amount is, shows the selected discrepancy in
full, and takes the accountant to where it is mended.

The table had one "Amount" column that was an unpaid invoice's gross in one row and a
difference in the next, and the explanation (the reason the row exists) was cut short
with no way to read it but a tooltip. It now has the report's three amounts, a pane with
the whole discrepancy, and "Show in Reconcile" (or a double-click): the match holding the
discrepancy's invoice or line, or the unmatched invoice and line, selected there, even
when the Reconcile filters hid them. The real window over the in-memory services.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop_app.domain import (
    UNDOCUMENTED_STATUS,
    Discrepancy,
    DiscrepancyType,
    InvoiceStatus,
    Money,
    Reconciliation,
)
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.discrepancies import DiscrepancyModel
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from desktop_app.ui.views.discrepancy_detail import PROMPT, DiscrepancyDetail
from desktop_app.ui.views.reconcile_view import NEEDS_REVIEW
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices, ScriptedDialogs
from tests.ui.screens import reconcile_after_a_run
from tests.ui.settle import laid_out

EXPLANATION = (
    "paid £98.00 of £100.00, £2.00 short (outside the tolerance of £1.00: a fee, a "
    "discount taken, or a part payment) — a sentence longer than the column shows"
)


def _with_a_short_payment() -> Reconciliation:
    """The factories' run, plus an amount mismatch on the engine's match of invoice 1."""
    rec = f.reconciliation()
    first = rec.matches[0]
    short = Discrepancy(
        DiscrepancyType.AMOUNT_MISMATCH,
        EXPLANATION,
        invoice=first.invoices[0],
        lines=first.lines,
        invoice_amount=Money.of("100.00", "GBP"),
        paid_amount=Money.of("98.00", "GBP"),
        difference=Money.of("-2.00", "GBP"),
    )
    return replace(rec, discrepancies=(short, *rec.discrepancies))


@pytest.fixture
def services() -> MemoryServices:
    rec = _with_a_short_payment()
    return MemoryServices(
        invoices=rec.invoices, statements={"bank.csv": rec.lines}, reconciliation=rec
    )


def _cells(model: DiscrepancyModel, row: int) -> dict[str, str]:
    return {
        key: model.index(row, column_index(model.columns, key)).data()
        for key in ("type", "invoiced", "paid", "difference")
    }


def test_the_table_shows_the_reports_three_amounts(qtmodeltester) -> None:
    rec = _with_a_short_payment()
    model = DiscrepancyModel()
    model.set_items(enumerate(rec.discrepancies))
    qtmodeltester.check(model)
    unpaid = next(
        row
        for row in range(model.rowCount())
        if model.item_at(row)[1].type is DiscrepancyType.UNPAID_INVOICE
    )
    assert _cells(model, 0) == {
        "type": "AMOUNT_MISMATCH",
        "invoiced": "£100.00",
        "paid": "£98.00",
        "difference": "-£2.00",
    }
    gross = model.item_at(unpaid)[1].invoice.gross  # type: ignore[union-attr]
    assert _cells(model, unpaid) == {
        "type": "UNPAID_INVOICE",
        "invoiced": gross.format(),
        "paid": "",
        "difference": "",
    }
    unmatched = model.rowCount() - 1
    assert _cells(model, unmatched)["invoiced"] == ""
    assert _cells(model, unmatched)["paid"] == "-£600.00"


def _discrepancies_after_a_run(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    reconcile_after_a_run(qtbot, window)
    window.show_screen("discrepancies")
    return window.discrepancies


def test_the_selected_discrepancy_is_shown_in_full(qtbot, window: MainWindow) -> None:
    view = _discrepancies_after_a_run(qtbot, window)
    assert view.detail.text.text() == PROMPT
    assert not view.detail.reveal_button.isEnabled()
    view.table.selectRow(0)
    shown = view.detail.text.text()
    assert "a sentence longer than the column shows" in shown  # the whole explanation
    assert "Invoiced £100.00 · Paid £98.00 · Difference -£2.00" in shown
    line = window.session.matches[0].lines[0]
    assert f"Line {line.key}" in shown
    assert view.detail.reveal_button.isEnabled()


def test_show_in_reconcile_selects_the_match_a_filter_hid(qtbot, window: MainWindow) -> None:
    view = _discrepancies_after_a_run(qtbot, window)
    reconcile = window.reconcile
    reconcile.state_combo.setCurrentIndex(reconcile.state_combo.findText(NEEDS_REVIEW))
    engine_match = window.session.matches[0]
    assert reconcile.model.row_of(match_key(engine_match)) is None  # hidden: not for review
    view.table.selectRow(0)
    view.detail.reveal_button.click()
    assert window.current_screen() == "reconcile"
    assert reconcile.table.selected_keys() == [match_key(engine_match)]
    qtbot.waitUntil(reconcile.table.hasFocus)


def test_a_double_click_on_an_unmatched_payment_selects_its_line(qtbot, window: MainWindow) -> None:
    view = _discrepancies_after_a_run(qtbot, window)
    reconcile = window.reconcile
    reconcile.lines_panel.search.setText("no such text")
    reconcile.lines_panel.apply_filter()
    row = view.model.rowCount() - 1
    discrepancy = view.model.item_at(row)[1]
    assert discrepancy.type is DiscrepancyType.UNMATCHED_PAYMENT
    cell = view.table.visualRect(view.model.index(row, 0)).center()
    # As a mouse does it: a press and release, then the double-click (Qt's views act on
    # the double-click only after the press that began it).
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    QTest.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert window.current_screen() == "reconcile"
    assert reconcile.lines_panel.table.selected_keys() == [discrepancy.lines[0].key]
    assert reconcile.lines_panel.search.text() == ""
    assert reconcile.table.selected_keys() == []
    qtbot.waitUntil(reconcile.lines_panel.table.hasFocus)


def test_an_unpaid_invoice_is_selected_among_the_unmatched(qtbot, window: MainWindow) -> None:
    view = _discrepancies_after_a_run(qtbot, window)
    row = next(
        r
        for r in range(view.model.rowCount())
        if view.model.item_at(r)[1].type is DiscrepancyType.UNPAID_INVOICE
    )
    invoice = view.model.item_at(row)[1].invoice
    assert invoice is not None
    view.table.selectRow(row)
    view.detail.reveal_button.click()
    assert window.reconcile.invoices_panel.table.selected_keys() == [invoice.key]


def test_a_discrepancy_of_many_lines_scrolls_in_its_pane(qtbot) -> None:
    """The pane cut a duplicate payment's second line off, with no way to read it."""
    rec = f.reconciliation()
    lines = tuple(f.line(row, "-100.00") for row in range(2, 12))
    duplicate = Discrepancy(
        DiscrepancyType.DUPLICATE_PAYMENT, "paid ten times", invoice=rec.invoices[0], lines=lines
    )
    detail = DiscrepancyDetail()
    qtbot.addWidget(detail)
    detail.resize(700, 110)
    detail.show()
    qtbot.waitExposed(detail)
    detail.show_discrepancy(duplicate)
    bar = detail.text_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    assert f"Line {lines[-1].key}" in detail.text.text()


def test_show_in_reconcile_says_so_when_nothing_of_it_is_listed(qtbot, window: MainWindow) -> None:
    """The statement was taken out since matching ran: its unmatched payment has no row
    left on the Reconcile screen, and the window says so rather than select nothing."""
    view = _discrepancies_after_a_run(qtbot, window)
    row = view.model.rowCount() - 1
    discrepancy = view.model.item_at(row)[1]
    assert discrepancy.type is DiscrepancyType.UNMATCHED_PAYMENT
    window.session.remove_statement("bank.csv")
    view.table.selectRow(row)
    view.detail.reveal_button.click()
    assert window.current_screen() == "reconcile"
    assert window.reconcile.lines_panel.table.selected_keys() == []
    (banner,) = window.banners.banners()
    assert banner.title == "Not on the Reconcile screen"
    assert "run matching again" in banner.message


def test_at_1366_by_768_the_list_shows_its_amounts_and_the_detail_has_room(
    qtbot, window: MainWindow
) -> None:
    """Side by side, the types took a third of the width: the list's Difference was cut
    off at 1366x768 and the detail was three lines high. The types are now above the
    list, which has the screen's width, and the detail keeps a readable height."""
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    view = _discrepancies_after_a_run(qtbot, window)
    laid_out(window)
    table = view.table
    difference = column_index(view.model.columns, "difference")
    right_edge = table.columnViewportPosition(difference) + table.columnWidth(difference)
    assert table.columnViewportPosition(difference) >= 0
    assert right_edge <= table.viewport().width()
    assert view.detail.height() >= 150
    totals = column_index(view.groups_model.columns, "totals")
    groups = view.groups_table
    assert (
        groups.columnViewportPosition(totals) + groups.columnWidth(totals)
        <= groups.viewport().width()
    )


def _with_undocumented_statuses() -> Reconciliation:
    """The factories' run, its unpaid invoices 4 and 5 kept as providers' fetches keep an
    undocumented status word (``providers.status``): UNKNOWN, flagged, the word in
    ``status_raw`` ("" for 5, as an Elevate invoice with no ``paymentStatus``)."""
    rec = f.reconciliation()
    flagged = {
        invoice.key: replace(
            invoice,
            status=InvoiceStatus.UNKNOWN,
            status_raw=word,
            flags=frozenset({UNDOCUMENTED_STATUS}),
        )
        for invoice, word in zip(rec.invoices[3:5], ("REISSUED", ""), strict=True)
    }
    invoices = tuple(flagged.get(invoice.key, invoice) for invoice in rec.invoices)
    discrepancies = tuple(
        replace(d, invoice=flagged[d.invoice.key])
        if d.invoice is not None and d.invoice.key in flagged
        else d
        for d in rec.discrepancies
    )
    return replace(rec, invoices=invoices, discrepancies=discrepancies)


def test_the_pane_names_an_undocumented_status_by_the_providers_word(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> None:
    """The pane said "Unknown" of an invoice the Invoices screen's Status shows as its
    provider's word ("REISSUED"): the accountant had nothing to look up at the provider.
    It says the word, as the Status cell does; "Unknown" stays for one that gave none."""
    rec = _with_undocumented_statuses()
    services = MemoryServices(
        invoices=rec.invoices, statements={"bank.csv": rec.lines}, reconciliation=rec
    )
    window = MainWindow(services, ScriptedDialogs(), runner, UiState(tmp_path / "ui.ini"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    view = _discrepancies_after_a_run(qtbot, window)
    shown: dict[str, str] = {}
    for row in range(view.model.rowCount()):
        discrepancy = view.model.item_at(row)[1]
        if discrepancy.invoice is not None and discrepancy.invoice.status_raw != "open":
            view.table.selectRow(row)
            shown[discrepancy.invoice.number] = view.detail.text.text()
    word, none = shown["INV-00004"], shown["INV-00005"]
    assert word.endswith(" · REISSUED")
    assert "Unknown" not in word
    assert none.endswith(" · Unknown")
    window.close()
