"""Content Ignite invoices: one per month, issued 06:30 on the 1st for the month before.

Line items are per publisher site; chargeable lines add up to ``base_sub_amount`` except on
a deliberate few invoices (``mismatched_ids``), which exercise the line-items mismatch check.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from desktop_app.sandbox.data.common import (
    add_months,
    at_time,
    month_end,
    month_start,
    scaled,
    thousands,
)
from desktop_app.sandbox.wire import from_minor_units, pence

STAMP = "%Y-%m-%d %H:%M:%S"
TECH_FEE_PER_SITE = 25000  # pence
_DOMAINS = (
    "example.com",
    "dailyherald.co.uk",
    "gardenersweekly.com",
    "techpulse.io",
    "motoringnow.co.uk",
    "recipebox.net",
    "cityguide.london",
    "footballfocus.com",
)
_ORG_NAMES = ("DEMO", "Northwind Media Ltd", "Harbour Lane Publishing", "Brightside Digital")


@dataclass(frozen=True)
class ContentIgniteData:
    """Wire dicts: ``invoices`` are list rows (newest first); ``details`` by id."""

    invoices: list[dict[str, Any]]
    details: dict[int, dict[str, Any]]
    mismatched_ids: frozenset[int]
    organisation_id: int


@dataclass(frozen=True)
class _Org:
    organisation_id: int
    name: str
    tax_id: str | None
    country: str | None
    sites: list[tuple[int, str, int]]  # uid, domain, typical monthly pence


def generate_content_ignite(rng: random.Random, today: date, count: int) -> ContentIgniteData:
    org = _make_org(rng)
    issue_days = [add_months(month_start(today), -offset) for offset in range(count)]
    statuses = _statuses(rng, count)
    taxes = _tax_rates(rng, count)
    mismatched = (
        set(rng.sample(range(1, count), min(max(1, count // 9), count - 1))) if count > 1 else set()
    )
    ids = _ids(rng, count)
    item_ids = iter(range(rng.randint(18000, 19000), 10**9, 3))
    details: dict[int, dict[str, Any]] = {}
    rows: list[dict[str, Any]] = []
    for index in range(count):  # newest first, as the API lists them
        detail, updated = _invoice(
            rng,
            org,
            ids[index],
            issue_days[index],
            statuses[index],
            taxes[index],
            index in mismatched,
            item_ids,
        )
        details[detail["id"]] = detail
        rows.append(_list_row(detail, updated))
    mismatched_ids = frozenset(ids[i] for i in mismatched)
    return ContentIgniteData(rows, details, mismatched_ids, org.organisation_id)


def _make_org(rng: random.Random) -> _Org:
    name = rng.choice(_ORG_NAMES)
    vat = rng.random() < 0.5
    domains = rng.sample(_DOMAINS, rng.randint(2, 4))
    sites = [(rng.randint(18000, 19999), d, rng.randint(800_000, 3_500_000)) for d in domains]
    return _Org(
        organisation_id=rng.randint(2, 400),
        name=name,
        tax_id=f"GB{rng.randint(100_000_000, 999_999_999)}" if vat else None,
        country="GB" if vat else None,
        sites=sites,
    )


def _ids(rng: random.Random, count: int) -> list[int]:
    """Ascending with the issue date but far from contiguous (ids are shared platform-wide)."""
    current = rng.randint(2800, 3000)
    ascending = []
    for _ in range(count):
        ascending.append(current)
        current += rng.randint(20, 80)
    return ascending[::-1]


def _statuses(rng: random.Random, count: int) -> list[str]:
    """Newest GENERATED, the next unpaid, older mostly VOID; at least one PAID when possible."""
    statuses = ["GENERATED"]
    for index in range(1, count):
        if index <= 2:
            statuses.append("MISSING_PAYMENT_INFO")
        else:
            statuses.append(rng.choices(["VOID", "MISSING_PAYMENT_INFO", "PAID"], [6, 1, 2])[0])
    if count >= 4 and "PAID" not in statuses:
        statuses[rng.randint(3, count - 1)] = "PAID"
    return statuses[:count]


def _tax_rates(rng: random.Random, count: int) -> list[int]:
    rates = [20 if rng.random() < 0.3 else 0 for _ in range(count)]
    if count >= 2 and len(set(rates)) == 1:
        rates[rng.randrange(count)] = 20 if rates[0] == 0 else 0
    return rates


def _invoice(
    rng: random.Random,
    org: _Org,
    invoice_id: int,
    issued_on: date,
    status: str,
    tax: int,
    mismatched: bool,
    item_ids: Iterator[int],
) -> tuple[dict[str, Any], datetime]:
    issued = at_time(issued_on, rng, 6, 30)
    due = datetime.combine(issued_on + timedelta(days=29), datetime.min.time())
    period_start = add_months(issued_on, -1)
    items = _items(rng, org, item_ids)
    chargeable = sum((item["amount"] for item in items if item["chargeable"]), Decimal(0))
    sub_amount = chargeable + (_mismatch_delta(rng) if mismatched else Decimal(0))
    base_amount = pence(sub_amount * (1 + Decimal(tax) / 100))
    updated = _date_updated(rng, status, issued, due)
    paid = status == "PAID"
    detail: dict[str, Any] = {
        "id": invoice_id,
        "organisation_id": org.organisation_id,
        "liable_org": None,
        "user_id": None,
        "type": None,
        "status": status,
        "date_generated": issued.strftime(STAMP),
        "date_due": due.strftime(STAMP),
        "date_start": period_start.isoformat(),
        "date_end": month_end(period_start).isoformat(),
        "base_amount": base_amount,
        "base_sub_amount": sub_amount,
        "base_currency": "GBP",
        "target_amount": base_amount if paid else None,
        "target_currency": "GBP",
        "target_rate": Decimal("1.0000") if paid else None,
        "tax": tax,
        "tax_id": org.tax_id,
        "notes": "Adjusted after traffic quality review" if mismatched else None,
        "name": org.name,
        "org_name": org.name,
        "country": org.country,
        "gcm": 1,
        "items": items,
    }
    return detail, updated


_Line = tuple[str, str, int, Decimal, bool]  # title, description, quantity, amount, chargeable


def _items(rng: random.Random, org: _Org, item_ids: Iterator[int]) -> list[dict[str, Any]]:
    """One line per publisher site, plus now and then a fee, unbilled test traffic or a credit."""
    lines = [_site_line(rng, uid, domain, typical) for uid, domain, typical in org.sites]
    for chance, extra in ((0.4, _tech_fee_line), (0.3, _test_traffic_line), (0.15, _credit_line)):
        if rng.random() < chance:
            lines.append(extra(rng, org))
    return [
        {
            "id": next(item_ids),
            "title": title,
            "description": description,
            "quantity": quantity,
            "amount": amount,
            "chargeable": chargeable,
        }
        for title, description, quantity, amount, chargeable in lines
    ]


def _site_line(rng: random.Random, uid: int, domain: str, typical: int) -> _Line:
    minor = scaled(rng, typical, 85, 115)
    impressions = minor * rng.randint(28, 34) + rng.randint(0, 999)
    return (
        f"UID {uid} - {domain}",
        f"{thousands(impressions)} impressions",
        1,
        from_minor_units(minor),
        True,
    )


def _tech_fee_line(_rng: random.Random, org: _Org) -> _Line:
    sites = len(org.sites)
    fee = from_minor_units(sites * TECH_FEE_PER_SITE)
    return "Tech fee", f"{sites} sites at £250.00", sites, fee, True


def _test_traffic_line(rng: random.Random, org: _Org) -> _Line:
    uid = rng.randint(20000, 20999)
    impressions = thousands(rng.randint(1000, 90000))
    amount = from_minor_units(rng.randint(100, 9000))
    title = f"UID {uid} - staging.{org.sites[0][1]}"
    return title, f"{impressions} impressions (test traffic, not billed)", 1, amount, False


def _credit_line(rng: random.Random, _org: _Org) -> _Line:
    amount = -from_minor_units(rng.randint(5_000, 90_000))
    return "Adjustment", "Credit for invalid traffic, prior period", 1, amount, True


def _mismatch_delta(rng: random.Random) -> Decimal:
    minor = rng.choice([1, rng.randint(2, 99), rng.randint(100, 5000)])
    return from_minor_units(minor if rng.random() < 0.5 else -minor)


def _date_updated(rng: random.Random, status: str, issued: datetime, due: datetime) -> datetime:
    """A daily job flips unpaid invoices on the due date at about 06:30; payments land before."""
    if status == "MISSING_PAYMENT_INFO":
        return at_time(due.date(), rng, 6, 30).replace(second=rng.randint(1, 40))
    if status == "PAID":
        return at_time(
            issued.date() + timedelta(days=rng.randint(3, 25)), rng, 14, rng.randint(0, 59)
        )
    return issued


def _list_row(detail: dict[str, Any], updated: datetime) -> dict[str, Any]:
    return {
        "id": detail["id"],
        "org_name": detail["org_name"],
        "user_id": detail["user_id"],
        "record": "invoice",
        "type": detail["type"],
        "status": detail["status"],
        "date": detail["date_generated"],
        "date_updated": updated.strftime(STAMP),
        **{
            key: detail[key]
            for key in (
                "date_due",
                "date_start",
                "date_end",
                "base_amount",
                "base_sub_amount",
                "base_currency",
                "target_amount",
                "target_currency",
                "target_rate",
                "tax",
                "notes",
            )
        },
    }
