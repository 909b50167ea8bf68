"""The Discrepancies screen's Paid column for a line in no currency that no invoice
explains: the line's own amount, as the exported workbook's Paid Amount shows it.

The workbook was changed to show such a line's amount (the money that moved, a bare
number as its statement gives no currency) while the window's Paid column stayed blank
for the same row. Both now read ``Discrepancy.unstated_paid``, one rule.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from desktop_app.domain import DiscrepancyType
from desktop_app.export.discrepancies_sheet import rows
from desktop_app.matching import reconcile
from desktop_app.ui.models.columns import Role, column_index
from desktop_app.ui.models.discrepancies import DiscrepancyModel
from tests.ui import factories as f

UNSTATED = f.line(5, "-17.50", currency=None, description="CARD FEE")
STATED = f.line(6, "-3.00", description="BANK CHARGE")
# More paid out than UNSTATED, so sorted before it by amount; by the column's text it
# would come after it ("-17.50" before "-£20.00"), and a line with no sort value last.
LARGER = f.line(7, "-20.00", description="TRANSFER")


def test_the_paid_column_shows_a_line_in_no_currency_as_the_workbook_does(qtmodeltester) -> None:
    result = reconcile([f.invoice(1, "250.00")], [UNSTATED, STATED, LARGER])
    unmatched = [d for d in result.discrepancies if d.type is DiscrepancyType.UNMATCHED_PAYMENT]
    model = DiscrepancyModel()
    qtmodeltester.check(model)
    model.set_items(enumerate(unmatched))
    paid = column_index(model.columns, "paid")
    shown = {
        model.index(row, 0).data(Role.ITEM)[1].lines[0].row: model.index(row, paid).data()
        for row in range(model.rowCount())
    }
    assert shown == {5: "-17.50", 6: "-£3.00", 7: "-£20.00"}
    # the exported workbook's Paid Amount of the same row, the same amount
    [row] = [r for r in rows(result) if r.line == UNSTATED]
    assert row.paid_amount == Decimal("-17.50")
    model.sort(paid, Qt.SortOrder.AscendingOrder)  # sorted by it, beside amounts in money
    assert [model.index(r, paid).data() for r in range(model.rowCount())] == [
        "-£20.00",
        "-17.50",
        "-£3.00",
    ]
