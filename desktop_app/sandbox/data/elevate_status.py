"""Where an Elevate invoice stands with payment, consistent with its amount and its age.

Open bill runs are drafts (``NA``); credits are refunded; issued invoices not yet due are
mostly unpaid; overdue ones are mostly paid with a tail of arrears, part payments,
write-offs and disputes. ``invoiceRemainingAmount`` follows from the status.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop_app.sandbox.data.common import random_moment
from desktop_app.sandbox.wire import from_minor_units

if TYPE_CHECKING:
    from desktop_app.sandbox.data.elevate import Customer
    from desktop_app.sandbox.data.elevate_money import Charges

DIRECT_DEBIT = frozenset({"DIRECT_DEBIT", "GO_CARDLESS"})
CARD = frozenset({"CREDIT_CARD", "STRIPE_CARD"})
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PaymentState:
    payment_status: str
    remaining: Decimal
    updated: datetime | None = None
    third_party_status: str | None = None
    third_party_updated: datetime | None = None
    third_party_refund_status: str | None = None
    refund_updated: date | None = None
    retries: int = 0


def settle(
    rng: random.Random,
    today: date,
    customer: Customer,
    invoice_date: date,
    run_status: str,
    charges: Charges,
) -> PaymentState:
    total = charges.total
    if run_status == "OPEN":
        return PaymentState("NA", total)
    if total < 0:
        return _refunded(rng, today, customer, invoice_date)
    due = invoice_date + timedelta(days=customer.terms_days)
    status = _pick_status(rng, customer, overdue=due < today)
    moment = random_moment(rng, invoice_date, min(due + timedelta(days=20), today))
    return _state(rng, customer, status, total, moment)


def _pick_status(rng: random.Random, customer: Customer, *, overdue: bool) -> str:
    if not overdue:
        pending = 4 if customer.payment_method in DIRECT_DEBIT else 0
        return rng.choices(["PAID", "PENDING", "UNPAID"], [4, pending, 5])[0]
    return rng.choices(
        ["PAID", "UNPAID", "PARTIALLY_PAID", "WRITTEN_OFF", "DISPUTED"], [78, 7, 6, 3, 3]
    )[0]


def _state(
    rng: random.Random, customer: Customer, status: str, total: Decimal, moment: datetime
) -> PaymentState:
    method = customer.payment_method
    if status == "PAID":
        third = "PAID_OUT" if method in DIRECT_DEBIT else "CONFIRMED" if method in CARD else None
        return PaymentState("PAID", ZERO, moment, third, moment if third else None)
    if status == "PARTIALLY_PAID":
        return PaymentState("PARTIALLY_PAID", _part_remaining(rng, total), moment)
    if status == "WRITTEN_OFF":
        return PaymentState("WRITTEN_OFF", ZERO, moment)
    if status == "PENDING":
        return PaymentState("PENDING", total, moment, "SUBMITTED", moment)
    if status == "DISPUTED":
        return PaymentState("DISPUTED", total, moment)
    if method in DIRECT_DEBIT and rng.random() < 0.5:
        return PaymentState("UNPAID", total, moment, "FAILED", moment, retries=rng.randint(1, 3))
    return PaymentState("UNPAID", total)


def _part_remaining(rng: random.Random, total: Decimal) -> Decimal:
    total_minor = int(total.scaleb(2))
    return from_minor_units(total_minor - rng.randint(1, max(1, total_minor - 1)))


def _refunded(
    rng: random.Random, today: date, customer: Customer, invoice_date: date
) -> PaymentState:
    moment = random_moment(rng, invoice_date, max(invoice_date, today))
    if customer.payment_method in DIRECT_DEBIT:
        return PaymentState("REFUNDED", ZERO, moment, None, None, "REFUND_SETTLED", moment.date())
    return PaymentState("REFUNDED", ZERO, moment)
