"""Discrepancies: a summary per type (count, totals per currency) and the list itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop_app.domain import Discrepancy, DiscrepancyType, Money, Severity, Side, format_amount
from desktop_app.matching.discrepancies import decided_text
from desktop_app.ui import formatting as fmt
from desktop_app.ui.models.columns import CENTER, RIGHT, ColumnSpec
from desktop_app.ui.models.filtering import amount_text, money_text
from desktop_app.ui.models.table_model import DomainTableModel
from desktop_app.ui.summaries import DiscrepancyGroup, format_totals

SEVERITY_COLOURS = {Severity.HIGH: "#c62828", Severity.MEDIUM: "#b26a00", Severity.LOW: "#546e7a"}
_SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}
_TYPE_ORDER = {kind: position for position, kind in enumerate(DiscrepancyType)}
_SIDE_MEANING = {
    Side.RECEIVABLE: "invoices we issued: money owed to us",
    Side.PAYABLE: "bills we received: money we owe",
    Side.BOTH: "invoices of both directions matched together by hand",
    Side.MONEY_IN: "money that came in with no invoice to explain it",
    Side.MONEY_OUT: "money that went out with no invoice to explain it",
}

GROUP_COLUMNS: tuple[ColumnSpec[DiscrepancyGroup], ...] = (
    ColumnSpec(
        "type",
        "Type",
        lambda g: g.type.value,
        sort_key=lambda g: _TYPE_ORDER[g.type],
        tooltip=lambda g: g.type.meaning,
        width=190,
    ),
    ColumnSpec(
        "direction",
        "Direction",
        lambda g: g.side.label,
        sort_key=lambda g: g.side.rank,
        tooltip=lambda g: _SIDE_MEANING[g.side],
        width=190,
    ),
    ColumnSpec(
        "severity",
        "Severity",
        lambda g: g.type.severity.value,
        sort_key=lambda g: _SEVERITY_ORDER[g.type.severity],
        foreground=lambda g: SEVERITY_COLOURS[g.type.severity],
        align=CENTER,
        width=75,
    ),
    ColumnSpec(
        "count", "Count", lambda g: str(g.count), sort_key=lambda g: g.count, align=RIGHT, width=60
    ),
    ColumnSpec("totals", "Totals", lambda g: format_totals(g.totals), align=RIGHT, width=220),
)


class DiscrepancyGroupModel(DomainTableModel[DiscrepancyGroup]):
    def __init__(self, parent: Any = None) -> None:
        # a type is a row per side (whose money it is about): its type alone is no key
        super().__init__(GROUP_COLUMNS, lambda g: g.key, _group_text, parent)


def _group_text(group: DiscrepancyGroup) -> str:
    return f"{group.type.value} {group.side.label}"


IndexedDiscrepancy = tuple[int, Discrepancy]


def _money_column(key: str, header: str, amount: Callable[[Discrepancy], Money | None]) -> Any:
    """One of the report's three amounts (Invoice Amount, Paid Amount, Difference), with
    the report's meaning: a single "Amount" mixed them (an unpaid invoice's gross in one
    row, a difference in the next) and left the accountant to guess which."""

    def key_of(pair: IndexedDiscrepancy) -> Any:
        value = amount(pair[1])
        return None if value is None else (value.amount, value.currency)

    return ColumnSpec(
        key,
        header,
        lambda p: fmt.money(amount(p[1])),
        sort_key=key_of,
        align=RIGHT,
        width=105,
    )


def _paid_column() -> Any:
    """The report's Paid Amount. Paid in several currencies (an invoice paid partly in
    euros, partly in pounds), each currency's total is shown, "£150.00 + €150.00": no rate
    adds them up, and showing one would hide the other. Sorted by the first (the invoice's
    currency), as a row with one amount."""

    def key_of(pair: IndexedDiscrepancy) -> Any:
        paid = pair[1].paid_totals
        if paid:
            return (paid[0].amount, paid[0].currency)
        unstated = pair[1].unstated_paid
        return None if unstated is None else (unstated, "")

    return ColumnSpec(
        "paid", "Paid", lambda p: paid_text(p[1]), sort_key=key_of, align=RIGHT, width=105
    )


def paid_text(discrepancy: Discrepancy) -> str:
    """What was paid, as the Paid column and the detail pane show it: one amount, or each
    currency's total joined by " + "; the bare amount of lines in no currency that no
    invoice explains (``Discrepancy.unstated_paid``), as the report's Paid Amount shows
    it; "" when nothing was."""
    unstated = discrepancy.unstated_paid
    if unstated is not None:
        return format_amount(unstated, None)
    return " + ".join(fmt.money(money) for money in discrepancy.paid_totals)


def _difference_column() -> Any:
    """The report's Difference: a currency mismatch's in each currency it is in
    (``Discrepancy.differences``), "-£664.26 + €780.00", as its rows on the report's
    sheet; it showed nothing, while the Summary and the group totals now sum these.
    Sorted by the first (the invoice's currency)."""

    def key_of(pair: IndexedDiscrepancy) -> Any:
        differences = pair[1].differences
        return (differences[0].amount, differences[0].currency) if differences else None

    return ColumnSpec(
        "difference",
        "Difference",
        lambda p: difference_text(p[1]),
        sort_key=key_of,
        align=RIGHT,
        width=105,
    )


def difference_text(discrepancy: Discrepancy) -> str:
    """The difference as the Difference column and the detail pane show it: one amount,
    or each currency's joined by " + "; "" when there is none."""
    return " + ".join(fmt.money(money) for money in discrepancy.differences)


def _invoices_text(discrepancy: Discrepancy) -> str:
    """Its invoice, or each of a batch's (a payment for several, short as a whole)."""
    return "; ".join(invoice.label for invoice in discrepancy.invoices)


DISCREPANCY_COLUMNS: tuple[ColumnSpec[IndexedDiscrepancy], ...] = (
    ColumnSpec(
        "type",
        "Type",
        lambda p: p[1].type.value,
        sort_key=lambda p: _TYPE_ORDER[p[1].type],
        width=170,
    ),
    ColumnSpec("provider", "Provider", lambda p: p[1].provider or "", width=120),
    ColumnSpec(
        "invoice",
        "Invoice",
        lambda p: _invoices_text(p[1]),
        tooltip=lambda p: fmt.invoice_names(p[1].invoices) or None,
        width=110,
    ),
    ColumnSpec(
        "lines",
        "Statement lines",
        lambda p: ", ".join(str(line.key) for line in p[1].lines),
        tooltip=lambda p: "\n".join(str(line.key) for line in p[1].lines) or None,
        width=150,
    ),
    _money_column("invoiced", "Invoiced", lambda d: d.invoiced),
    _paid_column(),
    _difference_column(),
    ColumnSpec(
        "explanation",
        "Explanation",
        lambda p: p[1].explanation,
        tooltip=lambda p: p[1].explanation,
        width=380,
    ),
    # last, so a layout saved before it keeps its columns where they were
    ColumnSpec(
        "decision",
        "Decision",
        lambda p: decision_text(p[1]),
        tooltip=lambda p: decision_text(p[1], noted=True) or None,
        width=220,
    ),
)


def decision_text(discrepancy: Discrepancy, *, noted: bool = False) -> str:
    """'accepted by ann on 2025-11-18 10:00 UTC' (with its note where ``noted``): the
    accountant's decision on the discrepancy (``Discrepancy.decided``), as the report's
    Decision, Decided By and Decided At say it; "" where nobody decided it, which is
    what is still to look at."""
    decided = discrepancy.decided
    return "" if decided is None else decided_text(decided, noted=noted)


def discrepancy_text(pair: IndexedDiscrepancy) -> str:
    """What the filter box searches: the amounts shown ("£446.00" finds its row, as on the
    other screens: ``money_text``), invoiced, paid and the difference, and each line's
    amount as the statement has it."""
    discrepancy = pair[1]
    parts = [discrepancy.type.value, discrepancy.explanation, discrepancy.provider or ""]
    parts.extend(invoice.label for invoice in discrepancy.invoices)
    parts.extend(line.text for line in discrepancy.lines)
    parts.append(
        money_text(discrepancy.invoiced, *discrepancy.paid_totals, *discrepancy.differences)
    )
    parts.extend(amount_text(line.amount, line.currency) for line in discrepancy.lines)
    return " ".join(parts)


class DiscrepancyModel(DomainTableModel[IndexedDiscrepancy]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(DISCREPANCY_COLUMNS, lambda p: p[0], discrepancy_text, parent)
