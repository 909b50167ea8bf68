"""The eight kinds of discrepancy a reconciliation reports (design.md's contract)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import repeat

from desktop_app.domain.bulk import build_in_chunks
from desktop_app.domain.decision import Decision, DecisionKind
from desktop_app.domain.invoice import Direction, Invoice
from desktop_app.domain.match import ACCEPTED_WORDS, BY_HAND_WORDS
from desktop_app.domain.money import Money
from desktop_app.domain.statement import StatementLine


class DiscrepancyType(StrEnum):
    UNPAID_INVOICE = "UNPAID_INVOICE"
    STATUS_CONFLICT = "STATUS_CONFLICT"
    UNMATCHED_PAYMENT = "UNMATCHED_PAYMENT"
    AMOUNT_MISMATCH = "AMOUNT_MISMATCH"
    DUPLICATE_PAYMENT = "DUPLICATE_PAYMENT"
    VOID_INVOICE_PAID = "VOID_INVOICE_PAID"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    LINE_ITEMS_MISMATCH = "LINE_ITEMS_MISMATCH"

    @property
    def severity(self) -> Severity:
        return _SEVERITY[self]

    @property
    def meaning(self) -> str:
        return _MEANING[self]


class Side(StrEnum):
    """Whose money a discrepancy is about, so that totals never add what we are owed to
    what we owe (a receivable's shortfall and a payable's are no one figure, as pounds
    and euros are none).

    A discrepancy about invoices is on their side, ``Invoice.direction`` (the one rule the
    Overview keeps them apart by); about invoices of both directions (paired by hand,
    netted) on both, kept apart from either. One about statement lines alone belongs to
    no invoice, so to neither: it is money that came in or went out with nothing to say
    why, and the two are kept apart for the same reason (an unexplained receipt and an
    unexplained payment do not cancel out).

    The sides are declared in the order every list of them follows (the report's
    Summary, the Discrepancies screen): ``rank``.
    """

    RECEIVABLE = Direction.RECEIVABLE.value
    PAYABLE = Direction.PAYABLE.value
    BOTH = "receivable and payable"
    MONEY_IN = "money in, no invoice"
    MONEY_OUT = "money out, no invoice"

    @property
    def label(self) -> str:
        """How the window names it: as the Overview names a direction, "Receivable (money
        in)"; the others as their value says, capitalised."""
        if self in _DIRECTIONS:
            return Direction(self.value).label
        return self.value[0].upper() + self.value[1:]

    @property
    def rank(self) -> int:
        """Its place among the sides, where they are listed or sorted: what we are owed,
        what we owe, both, then money in and out with no invoice (as declared)."""
        return _SIDE_RANK[self]


_SIDE_RANK = {side: position for position, side in enumerate(Side)}
_DIRECTIONS = frozenset({Side.RECEIVABLE, Side.PAYABLE})
_SIDE_OF = {Direction.RECEIVABLE: Side.RECEIVABLE, Direction.PAYABLE: Side.PAYABLE}


class Severity(StrEnum):
    """How urgently the accountant should look: drives shading in the UI and workbook."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


_SEVERITY = {
    DiscrepancyType.UNPAID_INVOICE: Severity.MEDIUM,
    DiscrepancyType.STATUS_CONFLICT: Severity.HIGH,
    DiscrepancyType.UNMATCHED_PAYMENT: Severity.MEDIUM,
    DiscrepancyType.AMOUNT_MISMATCH: Severity.MEDIUM,
    DiscrepancyType.DUPLICATE_PAYMENT: Severity.HIGH,
    DiscrepancyType.VOID_INVOICE_PAID: Severity.HIGH,
    DiscrepancyType.CURRENCY_MISMATCH: Severity.MEDIUM,
    DiscrepancyType.LINE_ITEMS_MISMATCH: Severity.LOW,
}

# The types whose row may be about a payment in another currency than its invoice's, and
# whose Difference is then given in each currency (``Discrepancy.differences``): the
# currency mismatch, and the payment of a void or written-off invoice, whose row stands
# for the currency mismatch it would otherwise have been (design.md: one row a payment).
PAID_ABROAD_TYPES = frozenset(
    {DiscrepancyType.CURRENCY_MISMATCH, DiscrepancyType.VOID_INVOICE_PAID}
)

_MEANING = {
    DiscrepancyType.UNPAID_INVOICE: "an invoice that should be settled with no matched statement line",
    DiscrepancyType.STATUS_CONFLICT: "the provider says the invoice is paid, but no payment was found",
    DiscrepancyType.UNMATCHED_PAYMENT: "a statement line matched to no invoice",
    DiscrepancyType.AMOUNT_MISMATCH: "matched, but the matched lines' total differs from the invoice amount",
    DiscrepancyType.DUPLICATE_PAYMENT: "an invoice settled in full more than once",
    DiscrepancyType.VOID_INVOICE_PAID: (
        "a payment whose only plausible invoice is void or cancelled, "
        "or a payment matched to a written-off invoice"
    ),
    DiscrepancyType.CURRENCY_MISMATCH: "the matched payment is in another currency than the invoice",
    DiscrepancyType.LINE_ITEMS_MISMATCH: "the invoice's line items do not add up to its amount",
}


def decided_words(decision: Decision) -> str:
    """How a decision fixing a pairing is named ("matched by hand" for a pairing made by
    hand, "accepted" for one accepted): one wording for the report's Decision column, the
    window's and the explanation's (``matching.discrepancies.decided_text``)."""
    return BY_HAND_WORDS if decision.kind is DecisionKind.MANUAL_MATCH else ACCEPTED_WORDS


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """One row of the Discrepancies sheet: what is wrong, with what, and why we think so.

    ``invoice`` is the one invoice it is about. A discrepancy about one match of several
    invoices (a payment for a batch, short by a fee) names them all in ``group`` instead:
    the shortfall is the batch's, not any one invoice's, so ``invoice`` stays None and its
    amounts are the batch's totals. ``invoices`` is whichever of the two it has.

    ``paid_in_each`` is what was paid in each currency when the lines are in several (an
    invoice paid partly in euros, partly in pounds): no rate adds them up, so
    ``paid_amount`` is None and each currency's total is kept here instead, the invoice's
    currency first. ``paid_totals`` is whichever of the two it has.

    ``decided`` is the accountant's decision in force on the very pairing the discrepancy
    is about, where they accepted it or matched it by hand knowing what it pays (short,
    over, in another currency): the difference is one they looked at and confirmed, not
    one nobody has opened. The report and the window say who decided it, when and why,
    and it is not counted among those still to look at (``Coverage``). None for every
    discrepancy the accountant has not decided (nearly all).
    """

    type: DiscrepancyType
    explanation: str
    invoice: Invoice | None = None
    lines: tuple[StatementLine, ...] = ()
    invoice_amount: Money | None = None
    paid_amount: Money | None = None
    difference: Money | None = None
    group: tuple[Invoice, ...] = ()
    paid_in_each: tuple[Money, ...] = ()
    decided: Decision | None = None

    def __post_init__(self) -> None:
        if self.group and (self.invoice is not None or len(self.group) < 2):
            raise ValueError(f"{self.type}: a group is of several invoices, instead of one")
        if self.paid_in_each and (
            self.paid_amount is not None
            or len(self.paid_in_each) < 2
            or len({money.currency for money in self.paid_in_each}) != len(self.paid_in_each)
        ):
            raise ValueError(f"{self.type}: paid in each of several currencies, or one amount")
        if self.invoice is None and not self.lines and not self.group:
            raise ValueError(f"{self.type}: a discrepancy concerns an invoice or a line")

    @classmethod
    def about_lines(
        cls,
        kind: DiscrepancyType,
        explanations: Sequence[str],
        lines: Sequence[tuple[StatementLine, ...]],
        paid_amounts: Sequence[Money | None],
    ) -> list[Discrepancy]:
        """Rows about statement lines alone (no invoice, no invoiced amount): equal to
        ``Discrepancy(kind, explanation, None, lines, None, paid)`` for each, with the
        check made once over the column.

        A reconciliation reports every line nothing pays, hundreds of thousands of rows;
        the frozen constructor's per-field assignment was most of their cost. When a row
        has no line, the constructor builds them, so the error is the usual one.
        """
        count = len(lines)
        if len(explanations) != count or len(paid_amounts) != count:
            raise ValueError("Discrepancy.about_lines: one explanation and amount per row")
        nothing = [None] * count
        if cls is not Discrepancy or not all(lines):
            return list(
                map(cls, repeat(kind, count), explanations, nothing, lines, nothing, paid_amounts)
            )
        columns = {
            "type": [kind] * count,
            "explanation": explanations,
            "invoice": nothing,
            "lines": lines,
            "invoice_amount": nothing,
            "paid_amount": paid_amounts,
            "difference": nothing,
            "group": [()] * count,
            "paid_in_each": [()] * count,
            "decided": nothing,
        }
        return build_in_chunks(cls, columns)

    @property
    def severity(self) -> Severity:
        return self.type.severity

    @property
    def decision_words(self) -> str:
        """How the accountant's decision on it is named ("accepted", "matched by hand"),
        "" where there is none: the report's Decision column and the window's."""
        return "" if self.decided is None else decided_words(self.decided)

    @property
    def side(self) -> Side:
        """Whose money it is about (``Side``): its invoices' direction, both when they are
        of both, and for statement lines alone the way their money moved (out when every
        line takes money out)."""
        # asked of every discrepancy (hundreds of thousands) each time the window's list
        # is narrowed, so its common cases come first: one invoice, or one line
        if self.invoice is not None:
            return _SIDE_OF[self.invoice.direction]
        if self.group:
            directions = {invoice.direction for invoice in self.group}
            return _SIDE_OF[directions.pop()] if len(directions) == 1 else Side.BOTH
        lines = self.lines
        if len(lines) == 1:
            return Side.MONEY_OUT if lines[0].amount < 0 else Side.MONEY_IN
        return Side.MONEY_OUT if all(line.amount < 0 for line in lines) else Side.MONEY_IN

    @property
    def paid_totals(self) -> tuple[Money, ...]:
        """What was paid: its one amount, or its total in each currency paid in (none when
        nothing was, or the lines' currency is not known)."""
        if self.paid_amount is not None:
            return (self.paid_amount,)
        return self.paid_in_each

    @property
    def differences(self) -> tuple[Money, ...]:
        """What it differs by, in each currency: its one ``difference``; or, for a
        payment of an invoice (or a batch in one currency) in another currency (a
        CURRENCY_MISMATCH, or the VOID_INVOICE_PAID of a void or written-off invoice paid
        so: ``PAID_ABROAD_TYPES``), the invoice's currency's shortfall (what was paid in
        it less what was invoiced: -£664.26 of £1,264.26 when £600.00 came in pounds) and
        what came in each other currency (€780.00), which no rate turns into the
        invoice's. The report's Difference cells and the window's totals show these, so
        a payment in another currency says what every other row says (how much is short
        or over), and the money received abroad is seen, not dropped. None where neither
        is known (a batch of invoices in several currencies)."""
        if self.difference is not None:
            return (self.difference,)
        invoiced = self.invoiced
        if self.type not in PAID_ABROAD_TYPES or invoiced is None:
            return ()
        paid = self.paid_totals
        abroad = tuple(money for money in paid if money.currency != invoiced.currency)
        if not abroad:
            return ()
        own = next((money for money in paid if money.currency == invoiced.currency), None)
        return (-invoiced if own is None else own - invoiced, *abroad)

    @property
    def unstated_paid(self) -> Decimal | None:
        """What came in or went out on lines no invoice explains whose statement gives no
        currency (or names one unreadably): their amount, which no ``Money`` holds, so the
        engine leaves ``paid_totals`` empty. What was paid is the money that moved, as it
        is for a line in a stated currency, not a blank beside the same line's amount; a
        bare number, in no currency, as that amount is. One rule for the report's Paid
        Amount and the window's Paid column, which disagreed. None for any other
        discrepancy: one with an invoice, or whose paid amount is known as money."""
        if self.invoices or self.paid_totals or not self.lines:
            return None
        if any(line.currency is not None for line in self.lines):
            return None
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def invoices(self) -> tuple[Invoice, ...]:
        """The invoices it is about: its one invoice, its group, or none."""
        return (self.invoice,) if self.invoice is not None else self.group

    @property
    def invoiced(self) -> Money | None:
        """What was invoiced, as the report's Invoice Amount and the window's Invoiced show
        it: the amount the discrepancy names, else its one invoice's gross."""
        if self.invoice_amount is None and self.invoice is not None:
            return self.invoice.gross
        return self.invoice_amount

    @property
    def invoice_currency(self) -> str | None:
        """The currency its invoice side is in: its invoice's, its group's (the group's
        total is in it), or None when it is about lines alone or about a group in several
        currencies (paired by hand: no one currency a line without its own is in)."""
        if self.invoice is not None:
            return self.invoice.currency
        if not self.group:
            return None
        invoiced = self.invoice_amount
        if invoiced is not None:
            return invoiced.currency
        currencies = {invoice.currency for invoice in self.group}
        return self.group[0].currency if len(currencies) == 1 else None

    def currency_of(self, line: StatementLine) -> str | None:
        """The currency a line's amount is in: its own, or where its statement gives none,
        its invoice's (the matcher compares it so)."""
        return line.currency or self.invoice_currency

    @property
    def provider(self) -> str | None:
        """Its invoices' provider; a group's providers in order, joined by "; " when they
        differ (the name it is filed under, in the workbook and in the window)."""
        if self.invoice is not None:
            return self.invoice.provider
        if not self.group:
            return None
        return "; ".join(dict.fromkeys(invoice.provider for invoice in self.group))
