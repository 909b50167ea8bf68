"""The selected invoice's line items, and whether they add up to the invoice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.domain import Invoice, LineItem, Money
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
    """The line items' total against the invoice amount, in words for the footer."""

    total: Money | None
    difference: Money | None

    @classmethod
    def of(cls, invoice: Invoice) -> LineItemCheck:
        total = invoice.line_items_total()
        if total is None:
            return cls(None, None)
        return cls(total, total - invoice.gross)

    @property
    def agrees(self) -> bool:
        return self.difference is None or self.difference.rounded().is_zero()

    def text(self) -> str:
        if self.total is None:
            return "No line items from the provider."
        if self.agrees:
            return f"Line items total {self.total.format()}: agrees with the invoice."
        assert self.difference is not None
        return (
            f"Line items total {self.total.format()}: differs from the invoice by "
            f"{self.difference.format()}."
        )
