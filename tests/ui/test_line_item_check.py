"""The Invoices screen's footer under the line items says what the engine says of them.

The audit of ``desktop-app --demo``: Content Ignite invoice 3469 showed in red "differs
from the invoice by -£5,657.61", its 20 % VAT, because the footer compared the items with
the gross alone, while the engine (LINE_ITEMS_MISMATCH) accepts items that add up to the
net and listed nothing. The footer now reads the engine's verdict and words it as an
accountant reads it; a real difference is in red and names the amount it is from.
Through Qt's model tester and the real Invoices screen.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import DiscrepancyType, Invoice, InvoiceStatus, LineItem, Money
from desktop_app.matching import reconcile
from desktop_app.ui import formatting as fmt
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.line_items import LineItemCheck, LineItemModel
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices


def _priced(
    number: int, gross: str, net: str, tax: str, *items: str, status: InvoiceStatus | None = None
) -> Invoice:
    """An invoice of ``gross`` with its net and tax, and chargeable items of ``items``
    stating no tax of their own (as Content Ignite's do)."""
    invoice = f.invoice(number, gross, items=items, status=status or InvoiceStatus.OPEN)
    return replace(invoice, net=Money.of(net, "GBP"), tax=Money.of(tax, "GBP"))


# Content Ignite 3469 of the demo: its items add up to the net, the VAT makes the gross.
NET_ITEMS = _priced(3469, "33945.68", "28288.07", "5657.61", "20000.00", "8288.07")
# Items that make neither the net nor the gross: £10.00 over the net.
OVER_NET = _priced(17, "120.00", "100.00", "20.00", "70.00", "40.00")
# Items that add up to the gross (Versori's, Elevate's without their tax).
GROSS_ITEMS = _priced(18, "120.00", "100.00", "20.00", "70.00", "50.00")
# Items stating their own tax are net: adding up to the gross leaves the tax unexplained.
OWN_TAX_TO_GROSS = replace(
    OVER_NET,
    invoice_id="ID-19",
    number="INV-00019",
    line_items=tuple(
        LineItem(f"category {k}", Money.of(a, "GBP"), tax=Money.of("10.00", "GBP"))
        for k, a in enumerate(("70.00", "50.00"))
    ),
)
VOID_OVER_NET = replace(
    OVER_NET, invoice_id="ID-20", number="INV-00020", status=InvoiceStatus.VOID, status_raw="void"
)


def _engine_mismatch(invoice: Invoice) -> Money | None:
    """The difference the engine reports for the invoice's items, None when it reports none."""
    result = reconcile([invoice], [])
    found = [d for d in result.discrepancies if d.type is DiscrepancyType.LINE_ITEMS_MISMATCH]
    return found[0].difference if found else None


def test_items_adding_up_to_the_net_agree_as_the_engine_says(qtmodeltester) -> None:
    model = LineItemModel()
    model.show_invoice(NET_ITEMS)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    check = LineItemCheck.of(NET_ITEMS)
    assert _engine_mismatch(NET_ITEMS) is None
    assert check.agrees
    assert not check.is_discrepancy
    assert check.text() == "Items £28,288.07 = net; + tax £5,657.61 = £33,945.68 ✓"


def test_items_adding_up_to_the_gross_agree() -> None:
    assert _engine_mismatch(GROSS_ITEMS) is None
    assert LineItemCheck.of(GROSS_ITEMS).text() == "Items £120.00 = gross ✓"


@pytest.mark.parametrize(
    ("invoice", "said"),
    [
        (OVER_NET, "Items £110.00 differ from the invoice's net amount £100.00 by £10.00."),
        (OWN_TAX_TO_GROSS, "Items £120.00 differ from the invoice's net amount £100.00 by £20.00."),
    ],
    ids=["neither net nor gross", "own tax, adding up to the gross"],
)
def test_a_real_difference_names_what_it_differs_from_as_the_engine_does(
    qtmodeltester, invoice: Invoice, said: str
) -> None:
    model = LineItemModel()
    model.show_invoice(invoice)
    qtmodeltester.check(model)
    check = LineItemCheck.of(invoice)
    assert check.is_discrepancy
    assert check.text() == said
    assert check.check is not None
    assert _engine_mismatch(invoice) == check.check.difference


def test_items_of_an_invoice_nobody_pays_are_said_but_not_flagged() -> None:
    """The engine does not check a void invoice's items: no red for what it never lists."""
    check = LineItemCheck.of(VOID_OVER_NET)
    assert _engine_mismatch(VOID_OVER_NET) is None
    assert not check.agrees
    assert not check.is_discrepancy
    assert check.text().endswith("by £10.00. Not a discrepancy: nobody pays this invoice.")


def test_informational_items_alone_are_not_called_missing() -> None:
    report = LineItem("usage report", Money.of("999.00", "GBP"), chargeable=False)
    invoice = replace(f.invoice(21), line_items=(report,))
    assert LineItemCheck.of(invoice).text() == (
        "No chargeable line items: the provider's items are for information."
    )
    assert LineItemCheck.of(f.invoice(22)).text() == "No line items from the provider."


@pytest.fixture
def services() -> MemoryServices:
    return MemoryServices(invoices=(NET_ITEMS, OVER_NET))


def _footer_for(qtbot, window: MainWindow, number: str) -> tuple[str, str]:
    """Fetch, find the invoice by typing its number, click its row: the footer's text and
    style."""
    with qtbot.waitSignal(window.session.invoices_changed):
        window.fetch_action.trigger()
    window.show_screen("invoices")
    view = window.invoices
    view.search.clear()
    with qtbot.waitSignal(view.search.query_changed):
        qtbot.keyClicks(view.search, number)
    assert view.model.rowCount() == 1
    qtbot.mouseClick(
        view.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.table.visualRect(view.model.index(0, 1)).center(),
    )
    assert view.table.current_item().number == number
    assert view.items_model.rowCount() == 2
    return view.items_check.text(), view.items_check.styleSheet()


def test_the_invoices_screen_shows_items_making_the_net_as_agreeing(
    qtbot, window: MainWindow
) -> None:
    text, style = _footer_for(qtbot, window, "INV-03469")
    assert text == ("INV-03469, £33,945.68. Items £28,288.07 = net; + tax £5,657.61 = £33,945.68 ✓")
    assert fmt.NEGATIVE_COLOUR not in style


def test_the_invoices_screen_shows_a_real_difference_in_red(qtbot, window: MainWindow) -> None:
    text, style = _footer_for(qtbot, window, "INV-00017")
    assert text.endswith("Items £110.00 differ from the invoice's net amount £100.00 by £10.00.")
    assert fmt.NEGATIVE_COLOUR in style
