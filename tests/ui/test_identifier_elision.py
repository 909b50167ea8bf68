"""Long invoice identifiers keep their start where they are cut, and tables give them whole.

An accountant reads an invoice number from its start (and types its start into the
filter). A Versori invoice is labelled by its billing period ("period 2025-07-08 to
2025-08-07") and known to Versori by its hosted link; cut in the middle to 28 characters,
the Flagged decisions list named it "Versori period 2025-0…25-08-07", its dates gone.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt

from desktop_app.domain import Decision, DecisionKind, Discrepancy, DiscrepancyType, Invoice
from desktop_app.ui.formatting import short
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.discrepancies import DiscrepancyModel
from desktop_app.ui.models.flagged import FlaggedModel
from desktop_app.ui.models.invoices import InvoiceTableModel
from desktop_app.ui.models.matches import MatchTableModel
from desktop_app.ui.review_flags import ReviewFlags, flagged_decisions
from desktop_app.ui.services import ReviewFlag
from desktop_app.ui.views.table_view import DomainTableView
from desktop_app.workspace.records import ReviewCause
from tests.ui.factories import invoice, line, match

LINK = "https://invoice.stripe.com/i/acct_1Nv0FGQ9RKHgCVdK/live_YWNjdF8xTnYwRkdROVJLSGdDVmRLLF9QVkx2?s=ap"
PERIOD = "period 2025-07-08 to 2025-08-07"


def versori_invoice() -> Invoice:
    """As the Versori provider maps one: its link is its id and number, no issue date."""
    return replace(
        invoice(1, "446.00", provider="Versori"),
        invoice_id=LINK,
        number=LINK,
        document_url=LINK,
        issue_date=None,
        period_start=date(2025, 7, 8),
        period_end=date(2025, 8, 7),
    )


def test_running_text_keeps_the_start_of_a_long_identifier() -> None:
    assert short(PERIOD) == PERIOD  # a Versori label is read whole
    cut = short(LINK)
    assert cut.startswith("https://invoice.stripe.com/i/")
    # and the end of its path, which is the invoice's own (its start is the account's)
    assert cut.endswith("…" + LINK.split("?")[0][-10:])
    assert len(cut) <= 40


def test_the_flagged_list_names_a_versori_invoice_by_its_whole_period(qtmodeltester) -> None:
    versori = versori_invoice()
    decision = Decision(DecisionKind.ACCEPT, (versori.key,), (line(4).key,), "", "ann")
    flag = ReviewFlag(1, decision, versori.key, "amount changed", (ReviewCause.AMOUNT,), id=1)
    model = FlaggedModel()
    qtmodeltester.check(model)
    model.set_items(flagged_decisions(ReviewFlags([flag]), {versori.key: versori}.get))
    shown = model.index(0, column_index(model.columns, "invoice")).data()
    assert shown == f"Versori {PERIOD}"


def test_identifier_cells_say_the_whole_in_their_tooltip(qtbot, qtmodeltester) -> None:
    """Where a column is too narrow, the cell keeps its start (elided at the right) and
    its tooltip has every invoice whole, with the provider's id (Versori's link)."""
    versori, other = versori_invoice(), invoice(2)
    paid = (line(4, description="VERSORI LTD DD"), line(9))
    matches = MatchTableModel()
    qtmodeltester.check(matches)
    matches.set_items([match((versori, other), paid)])
    tip = matches.index(0, column_index(matches.columns, "invoices")).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert tip == f"Versori {PERIOD} (id {LINK})\nContent Ignite INV-00002 (id ID-2)"
    lines_tip = matches.index(0, column_index(matches.columns, "lines")).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert lines_tip == "bank.csv:4\nbank.csv:9"

    invoices = InvoiceTableModel()
    qtmodeltester.check(invoices)
    invoices.set_items([versori])
    number = invoices.index(0, column_index(invoices.columns, "number"))
    assert number.data() == PERIOD
    assert number.data(Qt.ItemDataRole.ToolTipRole) == f"Versori {PERIOD} (id {LINK})"

    discrepancies = DiscrepancyModel()
    qtmodeltester.check(discrepancies)
    unpaid = Discrepancy(DiscrepancyType.UNPAID_INVOICE, "no payment", invoice=versori)
    discrepancies.set_items(enumerate([unpaid]))
    cell = discrepancies.index(0, column_index(discrepancies.columns, "invoice"))
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == f"Versori {PERIOD} (id {LINK})"

    view = DomainTableView(invoices, "invoices table")
    qtbot.addWidget(view)
    assert view.textElideMode() == Qt.TextElideMode.ElideRight
