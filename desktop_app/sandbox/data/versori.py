"""Versori invoices: Stripe-backed monthly subscriptions billed on an anniversary day.

Money is a ``MonetaryValue`` (whole units, minor units, a sign flag); there is no invoice
id, so ``invoiceURL`` (a Stripe hosted-invoice page) is the only stable key. A few credit
notes carry ``isNegative: true``. The upcoming invoice is a preview with an empty URL.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from desktop_app.sandbox.data.common import CROCKFORD32, add_months, random_token

CURRENCY = "GBP"
_PLANS = (("Starter", 14900), ("Growth", 49900), ("Scale", 129900))
_EXECUTION_RATE_TENTH_PENCE = 2  # 0.2p per workflow execution beyond the allowance
_INCLUDED_EXECUTIONS = 20_000
_CONNECTION_PRICE = 2500
_SEAT_PRICE = 1500


@dataclass(frozen=True)
class VersoriData:
    """Wire dicts: ``invoices`` issued (newest first, credit notes included); ``upcoming``."""

    organisation_id: str
    organisation_name: str
    invoices: list[dict[str, Any]]
    upcoming: dict[str, Any]
    credit_note_urls: frozenset[str]


def monetary_value(minor: int, currency: str = CURRENCY) -> dict[str, Any]:
    """Versori's ``MonetaryValue`` for a signed amount in minor units (pence)."""
    integral, fractional = divmod(abs(minor), 100)
    return {
        "isNegative": minor < 0,
        "currencyCode": currency,
        "integral": integral,
        "fractional": fractional,
    }


def organisation_ulid(rng: random.Random) -> str:
    """A ULID-shaped id (26 Crockford base-32 characters) as Versori uses for organisations."""
    return "01H" + random_token(rng, 23, CROCKFORD32)


def generate_versori(
    rng: random.Random, today: date, count: int, organisation_id: str
) -> VersoriData:
    anchor = rng.randint(1, 28)
    plan_name, plan_price = rng.choice(_PLANS)
    account = random_token(rng, 16)
    current_start = _period_start_containing(today, anchor)
    invoices = []
    for offset in range(1, count + 1):
        start = add_months(current_start, -offset)
        invoices.append(_invoice(rng, start, plan_name, plan_price, account, issued=True))
    credits = _credit_notes(rng, invoices, account)
    upcoming = _invoice(rng, current_start, plan_name, plan_price, account, issued=False)
    combined = sorted(invoices + credits, key=lambda inv: inv["invoiceStartDate"], reverse=True)
    return VersoriData(
        organisation_id=organisation_id,
        organisation_name=rng.choice(("Acme Integrations Ltd", "Fennel & Co", "Orbit Retail")),
        invoices=combined,
        upcoming=upcoming,
        credit_note_urls=frozenset(c["invoiceURL"] for c in credits),
    )


def period_end(start: date) -> date:
    """Inclusive last day of the monthly period that begins on ``start``."""
    return add_months(start, 1) - timedelta(days=1)


def _period_start_containing(today: date, anchor: int) -> date:
    this_month = today.replace(day=min(anchor, 28))
    return this_month if this_month <= today else add_months(this_month, -1)


def _invoice(
    rng: random.Random, start: date, plan: str, plan_price: int, account: str, *, issued: bool
) -> dict[str, Any]:
    executions = rng.randint(8_000, 160_000)
    connections = rng.randint(2, 14)
    seats = rng.randint(0, 6)
    overage = max(0, executions - _INCLUDED_EXECUTIONS)
    lines = [
        (f"Versori Platform - {plan} plan", 1, plan_price),
        (
            "Workflow executions (beyond allowance)",
            overage,
            overage * _EXECUTION_RATE_TENTH_PENCE // 10,
        ),
        ("Connected systems", connections, connections * _CONNECTION_PRICE),
    ]
    if seats:
        lines.append(("Additional seats", seats, seats * _SEAT_PRICE))
    total = sum(minor for _, _, minor in lines)
    url = _hosted_url(rng, account) if issued else ""
    meta = {"stripeInvoiceId": f"in_{random_token(rng, 24)}"} if issued else {"preview": "true"}
    return _wire(
        start,
        total,
        url,
        lines,
        {"executions": executions, "connections": connections, "seats": seats},
        meta,
    )


def _credit_notes(
    rng: random.Random, invoices: list[dict[str, Any]], account: str
) -> list[dict[str, Any]]:
    if not invoices:
        return []
    chosen = rng.sample(invoices, min(len(invoices), max(1, len(invoices) // 8)))
    credits = []
    for invoice in chosen:
        start = date.fromisoformat(invoice["invoiceStartDate"])
        minor = -rng.randint(2_000, 40_000)
        lines = [("Service credit - platform incident", 1, minor)]
        meta = {"stripeCreditNoteId": f"cn_{random_token(rng, 24)}"}
        credits.append(_wire(start, minor, _hosted_url(rng, account), lines, {}, meta))
    return credits


def _wire(
    start: date,
    total: int,
    url: str,
    lines: list[tuple[str, int, int]],
    usage: dict[str, int],
    meta: dict[str, str],
) -> dict[str, Any]:
    return {
        "invoiceStartDate": start.isoformat(),
        "invoiceEndDate": period_end(start).isoformat(),
        "totalAmount": monetary_value(total),
        "currencyCode": CURRENCY,
        "invoiceURL": url,
        "productBreakdowns": [
            {"productName": name, "quantity": quantity, "total": monetary_value(minor)}
            for name, quantity, minor in lines
        ],
        "usageStatistics": usage,
        "metaData": meta,
    }


def _hosted_url(rng: random.Random, account: str) -> str:
    return f"https://invoice.stripe.com/i/acct_{account}/live_{random_token(rng, 56)}?s=ap"
