"""The selected invoice's line items, and whether they add up to the invoice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.domain import Invoice, LineItem, Money
from desktop_app.matching.line_items import ItemsBasis, LineItemsCheck, check_line_items
from desktop_app.matching.prepare import Pool, invoice_pool
from desktop_app.ui import formatting as fmt
from desktop_app.ui.models.columns import RIGHT, ColumnSpec
from desktop_app.ui.models.table_model import DomainTableModel

# Line items have no identity of their own: their position in the invoice is their key.
IndexedItem = tuple[int, LineItem]

LINE_ITEM_COLUMNS: tuple[ColumnSpec[IndexedItem], ...] = (
    ColumnSpec(
        "position", "#", lambda p: str(p[0] + 1), sort_key=lambda p: p[0], align=RIGHT, width=40
    ),
    ColumnSpec("description", "Description", lambda p: p[1].description, width=320),
    ColumnSpec(
        "quantity",
        "Quantity",
        lambda p: "" if p[1].quantity is None else f"{p[1].quantity:,}",
        sort_key=lambda p: p[1].quantity,
        align=RIGHT,
        width=80,
    ),
    ColumnSpec(
        "unit",
        "Unit price",
        lambda p: fmt.money(p[1].unit_amount),
        sort_key=lambda p: None if p[1].unit_amount is None else p[1].unit_amount.amount,
        align=RIGHT,
        width=110,
    ),
    ColumnSpec(
        "tax",
        "Tax",
        lambda p: fmt.money(p[1].tax),
        sort_key=lambda p: None if p[1].tax is None else p[1].tax.amount,
        align=RIGHT,
        width=100,
    ),
    ColumnSpec(
        "amount",
        "Amount",
        lambda p: fmt.money(p[1].amount),
        sort_key=lambda p: p[1].amount.amount,
        align=RIGHT,
        width=110,
    ),
    ColumnSpec("chargeable", "Chargeable", lambda p: "yes" if p[1].chargeable else "no", width=80),
)


class LineItemModel(DomainTableModel[IndexedItem]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(LINE_ITEM_COLUMNS, lambda p: p[0], lambda p: p[1].description, parent)

    def show_invoice(self, invoice: Invoice | None) -> None:
        self.set_items(enumerate(invoice.line_items) if invoice is not None else ())


@dataclass(frozen=True, slots=True)
class LineItemCheck:
    """The line items against the invoice's amounts, in an accountant's words for the
    footer under them.

    The verdict is the engine's (``check_line_items``), never a second rule: the footer
    compared the items with the gross alone, and showed Content Ignite's VAT as a
    difference ("differs from the invoice by -£5,657.61") on items that add up to the net,
    which the engine accepts and the report never lists. So an agreement says which amount
    the items make and how the tax brings them to the gross; a difference says which amount
    it is from, as the report's LINE_ITEMS_MISMATCH row does.
    """

    invoice: Invoice
    check: LineItemsCheck | None  # None: no chargeable item

    @classmethod
    def of(cls, invoice: Invoice) -> LineItemCheck:
        return cls(invoice, check_line_items(invoice))

    @property
    def agrees(self) -> bool:
        """Whether there is nothing to point out: items that add up (or none to add)."""
        return self.check is None or self.check.agrees

    @property
    def is_discrepancy(self) -> bool:
        """Whether the engine reports these items (LINE_ITEMS_MISMATCH): the footer shows
        it in red. Items that add up to nothing on an invoice nobody pays are said, not
        flagged, as the report does not list them."""
        return not self.agrees and self.checked

    @property
    def checked(self) -> bool:
        """Whether the engine checks this invoice's items at all: not for one nobody pays
        (a draft, an UPCOMING preview, a void invoice), whatever they add up to."""
        return invoice_pool(self.invoice) is Pool.LIVE

    def text(self) -> str:
        check = self.check
        if check is None:
            if self.invoice.line_items:
                return "No chargeable line items: the provider's items are for information."
            return "No line items from the provider."
        if check.foreign:
            said = (
                f"Items are in {', '.join(check.foreign)}, the invoice in {self.invoice.currency}."
            )
        elif check.agrees_with is not None:
            said = _agreement(check.rounded_total, self.invoice, check.agrees_with)
        else:
            said = (
                f"Items {check.rounded_total.format()} differ from the invoice's "
                f"{check.compared_label} {check.compared.format()} by "
                f"{check.difference.format()}."
            )
        if not check.agrees and not self.checked:
            said += " Not a discrepancy: nobody pays this invoice."
        return said


def _agreement(total: Money, invoice: Invoice, basis: ItemsBasis) -> str:
    """'Items £28,288.07 = net; + tax £5,657.61 = £33,945.68 ✓': the amount the items make,
    and from the net, how the tax makes the gross (where the provider's tax does)."""
    gross = invoice.gross.rounded()
    if basis is ItemsBasis.GROSS:
        return f"Items {total.format()} = gross ✓"
    tax = invoice.tax
    if tax is not None and total + tax.rounded() == gross:
        return f"Items {total.format()} = net; + tax {tax.format()} = {gross.format()} ✓"
    if total == gross:
        return f"Items {total.format()} = net = gross ✓"
    return f"Items {total.format()} = net ✓ (gross {gross.format()})"
