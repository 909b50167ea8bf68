"""Elevate invoices: a telecom reseller billing its own customers, site by site, monthly.

Each row carries category totals with their tax; ``invoiceTotalAmount`` is gross (the
categories plus ``invoiceTaxAmount``) and ``invoiceRemainingAmount`` follows
``paymentStatus``. Ad-hoc bill runs add one-off charges and a few negative credits.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from desktop_app.sandbox.data.common import add_months, month_start, random_moment
from desktop_app.sandbox.data.elevate_money import Charges, charges_for_adhoc, charges_for_run
from desktop_app.sandbox.data.elevate_status import PaymentState, settle
from desktop_app.sandbox.wire import from_minor_units

MONTHS = 18
TIMESTAMP = "%Y-%m-%dT%H:%M:%SZ"
_CUSTOMER_NAMES = (
    "Abbey",
    "Beacon",
    "Cedar",
    "Dunmore",
    "Elmfield",
    "Foxley",
    "Granite",
    "Hollins",
    "Ivybridge",
    "Juniper",
    "Kestrel",
    "Larch",
    "Meridian",
    "Northgate",
)
_SUFFIXES = ("Dental", "Logistics", "Accountants", "Motors", "Veterinary", "Estates", "Legal")
_PAYMENT_METHODS = ("DIRECT_DEBIT", "GO_CARDLESS", "BACS", "CREDIT_CARD", "STRIPE_CARD")
_PAYMENT_METHOD_WEIGHTS = (5, 2, 3, 1, 1)


@dataclass(frozen=True)
class Customer:
    customer_id: int
    name: str
    site_ids: tuple[int, ...]
    contract_owner_id: int
    payment_method: str
    tax_exempt: bool
    terms_days: int
    purchase_order: str | None
    rental_minor: int
    bolt_on_minor: int
    usage_products: tuple[int, ...]


@dataclass(frozen=True)
class ElevateData:
    """Wire dicts: ``invoices`` sorted by ``id``; customers for names in demos."""

    invoices: list[dict[str, Any]]
    customers: list[Customer]


@dataclass(frozen=True)
class _Draft:
    customer: Customer
    site_id: int
    invoice_date: date
    created: datetime
    bill_run_id: int
    bill_run_type: str
    bill_run_status: str
    charges: Charges


def generate_elevate(rng: random.Random, today: date, count: int) -> ElevateData:
    adhoc_count = min(count, max(1, count // 15)) if count else 0
    normal_count = count - adhoc_count
    customers = _customers(rng, normal_count)
    drafts = _normal_runs(rng, today, customers, normal_count) + _adhoc_runs(
        rng, today, customers, adhoc_count
    )
    drafts.sort(key=lambda d: (d.created, d.customer.customer_id, d.site_id))
    invoices = _number(rng, today, drafts)
    return ElevateData(invoices, customers)


def _customers(rng: random.Random, normal_count: int) -> list[Customer]:
    """Enough customer sites that the busiest monthly run bills each site once."""
    needed = max(1, -(-normal_count // MONTHS))
    customers: list[Customer] = []
    sites = 0
    next_site = rng.randint(7000, 8000)
    while sites < needed:
        site_count = rng.choice((1, 1, 1, 2, 3))
        site_ids = tuple(range(next_site, next_site + site_count))
        next_site += site_count + rng.randint(0, 4)
        customers.append(_customer(rng, 1000 + 7 * len(customers) + rng.randint(0, 6), site_ids))
        sites += site_count
    return customers


def _customer(rng: random.Random, customer_id: int, site_ids: tuple[int, ...]) -> Customer:
    return Customer(
        customer_id=customer_id,
        name=f"{rng.choice(_CUSTOMER_NAMES)} {rng.choice(_SUFFIXES)} Ltd",
        site_ids=site_ids,
        contract_owner_id=rng.choice((1, 1, 2)),
        payment_method=rng.choices(_PAYMENT_METHODS, _PAYMENT_METHOD_WEIGHTS)[0],
        tax_exempt=rng.random() < 0.08,
        terms_days=rng.choice((14, 14, 30)),
        purchase_order=f"PO-{rng.randint(10000, 99999)}" if rng.random() < 0.25 else None,
        rental_minor=rng.randint(4_500, 95_000),
        bolt_on_minor=rng.choice((0, 0, rng.randint(500, 6_000))),
        usage_products=tuple(rng.sample(range(301, 320), rng.randint(0, 4))),
    )


def _normal_runs(
    rng: random.Random, today: date, customers: list[Customer], total: int
) -> list[_Draft]:
    """One run per month; the customer base grows, so later runs bill more sites."""
    pairs = [(c, site) for c in customers for site in c.site_ids]
    first_month = add_months(month_start(today), -(MONTHS - 1))
    run_id = rng.randint(400, 600)
    drafts = []
    for index in range(MONTHS):
        size = total * (index + 1) // MONTHS - total * index // MONTHS
        run_date = add_months(first_month, index)
        status = "OPEN" if index == MONTHS - 1 else "CLOSED" if index == MONTHS - 2 else "FINALIZED"
        created = datetime.combine(run_date - timedelta(days=1), datetime.min.time())
        for customer, site in pairs[:size]:
            moment = created.replace(hour=22, minute=rng.randint(0, 59), second=rng.randint(0, 59))
            charges = charges_for_run(rng, customer)
            drafts.append(
                _Draft(customer, site, run_date, moment, run_id, "NORMAL", status, charges)
            )
        run_id += rng.randint(1, 3)
    return drafts


def _adhoc_runs(
    rng: random.Random, today: date, customers: list[Customer], total: int
) -> list[_Draft]:
    """One-off charges and (one in three) negative credits, each in its own small run."""
    drafts = []
    run_id = rng.randint(9000, 9500)
    earliest = add_months(month_start(today), -(MONTHS - 1))
    for index in range(total):
        customer = rng.choice(customers)
        moment = random_moment(rng, earliest, today)
        credit = index % 3 == 1
        charges = charges_for_adhoc(rng, customer, credit=credit)
        status = "FINALIZED" if moment.date() < today - timedelta(days=3) else "CLOSED"
        drafts.append(
            _Draft(
                customer,
                customer.site_ids[0],
                moment.date(),
                moment,
                run_id,
                "ADHOC",
                status,
                charges,
            )
        )
        run_id += rng.randint(1, 5)
    return drafts


def _number(rng: random.Random, today: date, drafts: list[_Draft]) -> list[dict[str, Any]]:
    invoice_id = rng.randint(52000, 54000)
    summary_id = rng.randint(31000, 33000)
    per_year: dict[int, int] = {}
    invoices = []
    for draft in drafts:
        year = draft.invoice_date.year
        per_year[year] = per_year.get(year, 0) + 1
        number = f"EL-{year}-{per_year[year]:05d}"
        state = settle(
            rng, today, draft.customer, draft.invoice_date, draft.bill_run_status, draft.charges
        )
        invoices.append(_wire(draft, invoice_id, summary_id, number, state))
        invoice_id += rng.choice((1, 1, 1, 1, 2, 3))
        summary_id += 1
    return invoices


def _wire(
    draft: _Draft, invoice_id: int, summary_id: int, number: str, state: PaymentState
) -> dict[str, Any]:
    customer, charges = draft.customer, draft.charges
    due = draft.invoice_date + timedelta(days=customer.terms_days)
    return {
        "id": invoice_id,
        "invoiceSummaryId": summary_id,
        "contractOwnerId": customer.contract_owner_id,
        "billingCycleId": 1,
        "billRunId": draft.bill_run_id,
        "billRunType": draft.bill_run_type,
        "billRunStatus": draft.bill_run_status,
        "customerId": customer.customer_id,
        "siteId": draft.site_id,
        "dueDate": due.isoformat(),
        "invoiceDate": draft.invoice_date.isoformat(),
        "createdDate": draft.created.strftime(TIMESTAMP),
        "thirdPartyPaymentStatusUpdatedTime": _stamp(state.third_party_updated),
        "paymentStatusUpdatedDate": state.updated.date().isoformat() if state.updated else None,
        "paymentStatusUpdatedTime": _stamp(state.updated),
        "refundStatusUpdatedDate": state.refund_updated.isoformat()
        if state.refund_updated
        else None,
        "paymentMethod": customer.payment_method,
        "mandateStatus": "ACTIVE"
        if customer.payment_method in {"DIRECT_DEBIT", "GO_CARDLESS"}
        else None,
        "paymentStatus": state.payment_status,
        "thirdPartyPaymentStatus": state.third_party_status,
        "thirdPartyRefundStatus": state.third_party_refund_status,
        "invoiceNumber": number,
        "invoiceTotalAmount": charges.total,
        "invoiceTaxAmount": charges.tax,
        "taxExempt": customer.tax_exempt,
        "purchaseOrderNumber": customer.purchase_order,
        "invoiceRemainingAmount": state.remaining,
        "totalRentalAmount": charges.rental,
        "totalRentalTaxAmount": charges.rental_tax,
        "totalUsageAmount": charges.usage,
        "totalUsageTaxAmount": charges.usage_tax,
        "usageBreakdown": charges.usage_rows,
        "totalAdhocAmount": charges.adhoc,
        "totalAdhocTaxAmount": charges.adhoc_tax,
        "totalBoltOnAmount": charges.bolt_on,
        "totalBoltOnTaxAmount": charges.bolt_on_tax,
        "totalReverseVatAmount": from_minor_units(0),
        "paymentRetryCount": state.retries,
    }


def _stamp(moment: datetime | None) -> str | None:
    return moment.strftime(TIMESTAMP) if moment else None
