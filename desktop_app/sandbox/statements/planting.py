"""Plant payments for invoices: exact, short by a fee, split, duplicated, or missing.

Each outcome is drawn from a seeded generator so the same invoices and seed always give
the same statement. The plan records, for every invoice, what a correct reconciliation
reports, following design.md's definitions of the discrepancy types.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from desktop_app.domain import DiscrepancyType, Invoice, InvoiceKey, InvoiceStatus

FEE = Decimal("1.50")

# Lines that belong to no invoice; each becomes an UNMATCHED_PAYMENT.
_UNRELATED = (
    ("OFFICE RENT QUARTER", Decimal("-4250.00")),
    ("HMRC VAT PAYMENT", Decimal("-18211.40")),
    ("SALARIES BATCH", Decimal("-31900.00")),
    ("COFFEE CORNER LTD", Decimal("-18.60")),
    ("INTEREST EARNED", Decimal("3.21")),
    ("INSURANCE PREMIUM", Decimal("-612.00")),
)


@dataclass(frozen=True, slots=True)
class PlannedLine:
    date: date
    description: str
    amount: Decimal
    pays: tuple[InvoiceKey, ...] = ()


@dataclass(frozen=True, slots=True)
class ExpectedDiscrepancy:
    type: DiscrepancyType
    invoice: InvoiceKey | None = None
    line_index: int | None = None


@dataclass(slots=True)
class StatementPlan:
    """The planted lines (in date order) and what a correct reconciliation reports."""

    currency: str
    start: date
    end: date
    lines: list[PlannedLine] = field(default_factory=list)
    discrepancies: list[ExpectedDiscrepancy] = field(default_factory=list)

    def expected_pairs(self) -> set[tuple[InvoiceKey, int]]:
        """(invoice, index into ``lines``) for every planted payment."""
        return {(key, index) for index, line in enumerate(self.lines) for key in line.pays}

    def expected_types(self) -> dict[DiscrepancyType, int]:
        counts: dict[DiscrepancyType, int] = {}
        for item in self.discrepancies:
            counts[item.type] = counts.get(item.type, 0) + 1
        return counts


def _reference(invoice: Invoice, rng: random.Random) -> str:
    """What the payer typed: the invoice number in one of the forms banks mangle it into."""
    number = invoice.number
    if invoice.provider_kind == "versori":
        return "VERSORI LTD DD"
    if invoice.provider_kind == "content_ignite":
        return f"CONTENT IGNITE INV {number}"
    forms = (number, number.lower(), number.replace("-", ""), number.replace("-", " "))
    return f"{rng.choice(forms)} CUSTOMER {invoice.counterparty.id or ''}".strip()


def plan_statement(
    invoices: list[Invoice], *, start: date, end: date, seed: int = 0, currency: str = "GBP"
) -> StatementPlan:
    """Plant a statement covering ``start``..``end`` for the invoices dated in that window."""
    rng = random.Random(seed)
    plan = StatementPlan(currency=currency, start=start, end=end)
    pending: list[tuple[PlannedLine, tuple[ExpectedDiscrepancy, ...]]] = []
    in_window = sorted(
        (i for i in invoices if i.currency == currency and i.reference_date is not None),
        key=lambda i: (i.reference_date or start, i.provider, i.invoice_id),
    )
    duplicate_planted = False
    for invoice in in_window:
        reference_date = invoice.reference_date
        assert reference_date is not None
        if not start <= reference_date <= end or not invoice.expects_payment:
            continue
        paid_on = reference_date + timedelta(days=rng.randint(2, 20))
        outcome = _draw_outcome(invoice, rng, paid_on <= end)
        if outcome == "missing":
            kind = (
                DiscrepancyType.STATUS_CONFLICT
                if invoice.status.claims_paid
                else DiscrepancyType.UNPAID_INVOICE
            )
            plan.discrepancies.append(ExpectedDiscrepancy(kind, invoice.key))
            continue
        if outcome == "duplicate" and duplicate_planted:
            outcome = "exact"
        pending.extend(_payment_lines(invoice, outcome, paid_on, rng))
        duplicate_planted = duplicate_planted or outcome == "duplicate"
    for description, amount in _UNRELATED:
        day = start + timedelta(days=rng.randint(0, max((end - start).days, 0)))
        line = PlannedLine(day, description, amount)
        pending.append((line, (ExpectedDiscrepancy(DiscrepancyType.UNMATCHED_PAYMENT),)))
    pending.sort(key=lambda item: (item[0].date, item[0].description, item[0].amount))
    for index, (line, expected) in enumerate(pending):
        plan.lines.append(line)
        for item in expected:
            plan.discrepancies.append(
                ExpectedDiscrepancy(
                    item.type, item.invoice, index if item.invoice is None else None
                )
            )
    return plan


def _draw_outcome(invoice: Invoice, rng: random.Random, payable_in_window: bool) -> str:
    if not payable_in_window:
        return "missing"
    if invoice.status is InvoiceStatus.PARTIALLY_PAID:
        return "partial"
    roll = rng.random()
    if invoice.status in {InvoiceStatus.OPEN, InvoiceStatus.DISPUTED} and roll < 0.5:
        return "missing"
    if roll < 0.04:
        return "missing"
    if roll < 0.08 and invoice.provider_kind == "elevate":
        return "split"
    if roll < 0.11:
        return "fee"
    if roll < 0.13 and invoice.provider_kind == "elevate":
        return "duplicate"
    return "exact"


def _payment_lines(
    invoice: Invoice, outcome: str, paid_on: date, rng: random.Random
) -> list[tuple[PlannedLine, tuple[ExpectedDiscrepancy, ...]]]:
    expected = invoice.expected_bank_amount().amount
    sign = Decimal(1) if expected > 0 else Decimal(-1)
    text = _reference(invoice, rng)
    key = invoice.key
    if outcome == "exact":
        return [(PlannedLine(paid_on, text, expected, (key,)), ())]
    if outcome == "fee":
        short = expected - sign * FEE
        mismatch = ExpectedDiscrepancy(DiscrepancyType.AMOUNT_MISMATCH, key)
        return [(PlannedLine(paid_on, text, short, (key,)), (mismatch,))]
    if outcome == "partial":
        outstanding = invoice.amount_outstanding.amount if invoice.amount_outstanding else 0
        paid = expected - sign * Decimal(outstanding)
        mismatch = ExpectedDiscrepancy(DiscrepancyType.AMOUNT_MISMATCH, key)
        return [(PlannedLine(paid_on, text, paid, (key,)), (mismatch,))]
    if outcome == "split":
        first = (expected / 2).quantize(Decimal("0.01"))
        later = paid_on + timedelta(days=rng.randint(1, 5))
        return [
            (PlannedLine(paid_on, f"{text} PART 1", first, (key,)), ()),
            (PlannedLine(later, f"{text} PART 2", expected - first, (key,)), ()),
        ]
    assert outcome == "duplicate"
    again = paid_on + timedelta(days=rng.randint(1, 6))
    duplicate = ExpectedDiscrepancy(DiscrepancyType.DUPLICATE_PAYMENT, key)
    return [
        (PlannedLine(paid_on, text, expected, (key,)), ()),
        (PlannedLine(again, f"{text} AGAIN", expected, (key,)), (duplicate,)),
    ]
