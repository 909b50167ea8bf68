"""Plant payments for invoices: exact, short by a fee, split, duplicated, or missing.

Each outcome is drawn from a seeded generator so the same invoices and seed always give
the same statement. The plan records, for every invoice, what a correct reconciliation
reports, following design.md's definitions of the discrepancy types.

Payments only the accountant can settle (``payments_to_review``) are planted apart, on
request: a statement paying every invoice plainly never shows the review path.
"""

from __future__ import annotations

import random
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from desktop_app.domain import DiscrepancyType, Invoice, InvoiceKey, InvoiceStatus
from desktop_app.matching.normalise import to_minor, tolerance_minor
from desktop_app.matching.settings import MatchSettings

FEE = Decimal("1.50")
# When an invoice's payment comes: this many days after its date, drawn (the first day,
# the last). An invoice issued later in a statement's period than the last of these before
# its end cannot be paid in it: it is reported missing for the calendar's sake (``late``).
PAID_AFTER_DAYS = (2, 20)
# When a payment to review arrives: three weeks after its (later) invoice's issue. The
# later in the invoice's terms, the less the date adds to a pairing's score: a short
# payment quoting a number in a weaker form scores the engine's threshold when it comes
# about two weeks after issue or sooner, and is matched (paid short) without asking.
REVIEW_AFTER = timedelta(days=21)
ON_ACCOUNT_STEP = Decimal(100)  # a sum paid on account: the invoice's amount in whole hundreds

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
    # For a payment to review: the invoices it may pay, none of them for sure.
    could_pay: tuple[InvoiceKey, ...] = ()


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
    # Invoices reported missing (UNPAID_INVOICE or STATUS_CONFLICT, among
    # ``discrepancies``) only because their payment would come after ``end``: true of this
    # statement read alone, but the calendar's doing, not a payment planted as missing.
    late: set[InvoiceKey] = field(default_factory=set)

    def expected_pairs(self) -> set[tuple[InvoiceKey, int]]:
        """(invoice, index into ``lines``) for every planted payment."""
        return {(key, index) for index, line in enumerate(self.lines) for key in line.pays}

    def expected_reviews(self) -> set[tuple[InvoiceKey, int]]:
        """(invoice, index into ``lines``) for every pairing the accountant has to decide."""
        return {(key, index) for index, line in enumerate(self.lines) for key in line.could_pay}

    def unpaid(self) -> set[InvoiceKey]:
        """The invoices expecting payment that no line of this plan pays (UNPAID_INVOICE:
        their provider does not claim them paid either)."""
        return {
            d.invoice
            for d in self.discrepancies
            if d.type is DiscrepancyType.UNPAID_INVOICE and d.invoice is not None
        }

    def add_payments_to_review(self, lines: Sequence[PlannedLine]) -> None:
        """Put ``lines`` (from ``payments_to_review``) among the plan's, in date order.

        Until the accountant decides one, it settles nothing (a suggestion is not a
        match): the line is an UNMATCHED_PAYMENT and its invoices stay as reported.
        """
        self._add_unmatched(lines)

    def add_unrelated(self, lines: Sequence[PlannedLine]) -> None:
        """Put ``lines``, which pay no invoice (rent, a bank's fee), among the plan's in
        date order: each an UNMATCHED_PAYMENT."""
        if any(line.pays or line.could_pay for line in lines):
            raise ValueError("an unrelated line pays no invoice")
        self._add_unmatched(lines)

    def _add_unmatched(self, lines: Sequence[PlannedLine]) -> None:
        merged = [*self.lines, *lines]
        # Stable: the plan's own lines keep their order, which is already this one.
        order = sorted(range(len(merged)), key=lambda i: _line_order(merged[i]))
        position = {old: new for new, old in enumerate(order)}
        self.lines = [merged[i] for i in order]
        self.discrepancies = [
            d
            if d.line_index is None
            else ExpectedDiscrepancy(d.type, d.invoice, position[d.line_index])
            for d in self.discrepancies
        ]
        for added in range(len(merged) - len(lines), len(merged)):
            self.discrepancies.append(
                ExpectedDiscrepancy(DiscrepancyType.UNMATCHED_PAYMENT, line_index=position[added])
            )

    def split(self, day: date) -> tuple[StatementPlan, StatementPlan]:
        """The plan cut into one account's two consecutive statements, as a bank cuts an
        account's movements: the lines dated up to ``day`` in the first (``start`` to
        ``day``), the others in the second (the day after, to ``end``).

        Payments are planted by their invoices' dates over the whole period, so an invoice
        issued in the first's last days is paid in the second, as on a real account; two
        statements planned apart would leave it paid in neither. The two are reconciled
        together, and what that reports is shared between them: a discrepancy about a line
        goes with its line, one about an invoice with the last line paying it (the
        payment short, or the one made twice), and one about an invoice no line pays with
        the second, at whose end it is still unpaid (as are the ``late``).
        """
        if any(a.date > b.date for a, b in zip(self.lines, self.lines[1:], strict=False)):
            raise ValueError("the plan's lines are not in date order")
        cut = sum(1 for line in self.lines if line.date <= day)
        first = StatementPlan(self.currency, self.start, day, self.lines[:cut])
        second = StatementPlan(
            self.currency, day + timedelta(days=1), self.end, self.lines[cut:], late=set(self.late)
        )
        last_paying = {key: index for index, line in enumerate(self.lines) for key in line.pays}
        for item in self.discrepancies:
            if item.line_index is not None:
                index: int | None = item.line_index
            else:
                index = last_paying.get(item.invoice) if item.invoice is not None else None
            if index is not None and index < cut:
                first.discrepancies.append(item)
            elif item.line_index is None:
                second.discrepancies.append(item)
            else:
                moved = ExpectedDiscrepancy(item.type, item.invoice, item.line_index - cut)
                second.discrepancies.append(moved)
        return first, second

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
        paid_on = reference_date + timedelta(days=rng.randint(*PAID_AFTER_DAYS))
        outcome = _draw_outcome(invoice, rng, paid_on <= end)
        if paid_on > end:
            plan.late.add(invoice.key)
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
    pending.sort(key=lambda item: _line_order(item[0]))
    for index, (line, expected) in enumerate(pending):
        plan.lines.append(line)
        for item in expected:
            plan.discrepancies.append(
                ExpectedDiscrepancy(
                    item.type, item.invoice, index if item.invoice is None else None
                )
            )
    return plan


def settled_end(invoices: Iterable[Invoice], until: date, currency: str = "GBP") -> date:
    """The last day, up to ``until``, by which every invoice expecting payment issued on
    or before it has had the time to be paid (``PAID_AFTER_DAYS``): none was issued in
    the days just before it. A statement ending then leaves no invoice unpaid for the
    calendar's sake (``StatementPlan.late``): each payment missing is one planted so."""
    latest = timedelta(days=PAID_AFTER_DAYS[1])
    issued = {
        i.reference_date
        for i in invoices
        if i.currency == currency and i.reference_date is not None and i.expects_payment
    }
    end = until
    for day in sorted(issued, reverse=True):
        if day <= end < day + latest:
            end = day - timedelta(days=1)
    return end


def _line_order(line: PlannedLine) -> tuple[date, str, Decimal]:
    return line.date, line.description, line.amount


def payments_to_review(
    invoices: Sequence[Invoice], unpaid: Collection[InvoiceKey], *, start: date, end: date
) -> list[PlannedLine]:
    """Payments dated ``start``..``end`` of open invoices in ``unpaid`` that no reading
    settles for sure, as real statements hold them, so that matching asks about them:

    - a remittance quoting two open invoices of one customer and one amount, paying that
      amount once: either invoice's, and nothing tells which;
    - a round sum paid on account of an open invoice, quoting its number with a zero
      dropped (``EL-2025-0187`` for ``EL-2025-00187``): the engine reads the number in
      that weaker form, and a short payment quoting it so scores below its threshold.

    At most one of each, the earliest invoices first; each line's ``could_pay`` names the
    invoices it may pay. Whether the engine asks rather than decides is the engine's
    rule, not the plan's: the demo's tests check it of the sample statements.
    """
    candidates = sorted(
        (
            i
            for i in invoices
            if i.key in unpaid and i.status is InvoiceStatus.OPEN and i.reference_date
        ),
        key=lambda i: (i.reference_date, i.provider, i.invoice_id),
    )
    lines = _remittance_naming_two(candidates, start, end)
    taken = {key for line in lines for key in line.could_pay}
    lines += _sum_on_account([i for i in candidates if i.key not in taken], start, end)
    return lines


def _remittance_naming_two(
    candidates: Sequence[Invoice], start: date, end: date
) -> list[PlannedLine]:
    """One payment of the amount two open invoices of one customer share, quoting both."""
    alike: dict[tuple[str, str, Decimal], list[Invoice]] = {}
    for invoice in candidates:
        customer = invoice.counterparty.id
        if customer:
            amount = invoice.expected_bank_amount().amount
            alike.setdefault((invoice.provider, customer, amount), []).append(invoice)
    for (_, customer, amount), same in alike.items():
        if len(same) < 2:
            continue
        first, second = same[:2]
        day = _review_day(second, start, end)
        if day is not None:
            text = f"{first.number} {second.number} CUSTOMER {customer}"
            return [PlannedLine(day, text, amount, could_pay=(first.key, second.key))]
    return []


def _sum_on_account(candidates: Sequence[Invoice], start: date, end: date) -> list[PlannedLine]:
    """A round sum paid on account of one open invoice, its number mistyped."""
    for invoice in candidates:
        number, day = _zero_dropped(invoice.number), _review_day(invoice, start, end)
        expected = invoice.expected_bank_amount()
        paid = _on_account(expected.amount, expected.currency)
        if number is None or day is None or paid is None:
            continue
        customer = invoice.counterparty.id
        text = f"{number} CUSTOMER {customer}" if customer else number
        return [PlannedLine(day, text, paid, could_pay=(invoice.key,))]
    return []


def _review_day(invoice: Invoice, start: date, end: date) -> date | None:
    """When a payment to review of ``invoice`` comes, if inside the statement's period."""
    assert invoice.reference_date is not None
    day = invoice.reference_date + REVIEW_AFTER
    return day if start <= day <= end else None


def _zero_dropped(number: str) -> str | None:
    """The number with one leading zero of its last run of digits left out, as a payer
    typing it may: None when that run has no leading zero to drop."""
    found = re.search(r"(?<!\d)0(\d+)$", number)
    return None if found is None else number[: found.start()] + found.group(1)


def _on_account(amount: Decimal, currency: str = "GBP") -> Decimal | None:
    """A round sum paid on account of ``amount``: its whole hundreds, when that is at
    least half of it (less would be no likely payment of it) and short of it by more than
    a fee (£1,300.00 of £1,311.19 is the invoice paid less a fee, which is no question
    for the accountant: the engine's own tolerance at its default settings decides it)."""
    size = abs(amount)
    rounded = (size / ON_ACCOUNT_STEP).to_integral_value(ROUND_DOWN) * ON_ACCOUNT_STEP
    if rounded * 2 < size or _within_a_fee(size, rounded, currency):
        return None
    paid = rounded.quantize(Decimal("0.01"))
    return paid if amount > 0 else -paid


def _within_a_fee(size: Decimal, paid: Decimal, currency: str) -> bool:
    """Whether the engine, at its default settings, takes ``paid`` as ``size`` less a fee:
    its own tolerance rule (``normalise.tolerance_minor``), in minor units as it works."""
    settings = MatchSettings()
    expected = to_minor(size, currency)
    allowed = tolerance_minor(
        expected, currency, settings.amount_tolerance_absolute, settings.amount_tolerance_percent
    )
    return expected - to_minor(paid, currency) <= allowed


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
