"""The generated data: deterministic per seed, internally consistent, deliberately imperfect."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.sandbox import Sandbox
from desktop_app.sandbox.data.common import add_months
from desktop_app.sandbox.wire import encode_json

CATEGORIES = ("Rental", "Usage", "Adhoc", "BoltOn")


def decode(value: dict[str, Any]) -> Decimal:
    """Versori MonetaryValue to Decimal, as the research notes prescribe."""
    magnitude = Decimal(value["integral"]) + Decimal(value["fractional"]) / 100
    return -magnitude if value["isNegative"] else magnitude


@pytest.fixture(scope="module")
def box() -> Sandbox:
    return Sandbox(seed=7)


def test_same_seed_same_data_and_credentials() -> None:
    first, second = Sandbox(seed=11), Sandbox(seed=11)

    assert encode_json(_wire(first)) == encode_json(_wire(second))
    assert first.credentials == second.credentials


def test_different_seeds_differ() -> None:
    assert encode_json(_wire(Sandbox(seed=1))) != encode_json(_wire(Sandbox(seed=2)))
    assert Sandbox(seed=1).credentials != Sandbox(seed=2).credentials


def _wire(sandbox: Sandbox) -> Any:
    data = sandbox.dataset
    return [
        data.content_ignite.invoices,
        list(data.content_ignite.details.values()),
        data.versori.invoices,
        data.versori.upcoming,
        data.elevate.invoices,
    ]


def test_sizes_follow_the_options() -> None:
    sandbox = Sandbox(seed=5, elevate_invoices=37, content_ignite_invoices=5, versori_invoices=3)
    data = sandbox.dataset

    assert len(data.elevate.invoices) == 37
    assert len(data.content_ignite.invoices) == 5
    assert len([i for i in data.versori.invoices if not i["totalAmount"]["isNegative"]]) == 3
    empty = Sandbox(
        seed=5, elevate_invoices=0, content_ignite_invoices=0, versori_invoices=0
    ).dataset
    assert empty.elevate.invoices == []
    assert empty.content_ignite.invoices == []
    with pytest.raises(ValueError, match="elevate_invoices"):
        Sandbox(elevate_invoices=-1)


# --- Content Ignite -----------------------------------------------------------------------


def test_ci_months_are_consecutive_and_dated_like_the_seed(box: Sandbox) -> None:
    rows = box.dataset.content_ignite.invoices
    issued = [datetime.strptime(r["date"], "%Y-%m-%d %H:%M:%S") for r in rows]

    assert issued[0].date() == date(2025, 12, 1)
    assert [d.date() for d in issued] == [add_months(date(2025, 12, 1), -i) for i in range(18)]
    for row, moment in zip(rows, issued, strict=True):
        start, end = date.fromisoformat(row["date_start"]), date.fromisoformat(row["date_end"])
        assert start == add_months(moment.date(), -1)
        assert end == moment.date() - timedelta(days=1)
        assert row["date_due"] == f"{moment.date() + timedelta(days=29)} 00:00:00"
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), reverse=True)


def test_ci_statuses_and_settlement(box: Sandbox) -> None:
    rows = box.dataset.content_ignite.invoices
    statuses = Counter(r["status"] for r in rows)

    assert rows[0]["status"] == "GENERATED"
    assert set(statuses) == {"GENERATED", "MISSING_PAYMENT_INFO", "VOID", "PAID"}
    for row in rows:
        settled = row["status"] == "PAID"
        assert (row["target_amount"] is not None) == settled
        assert (row["target_rate"] is not None) == settled
        assert row["target_currency"] == "GBP"
        if row["status"] == "MISSING_PAYMENT_INFO":
            assert row["date_updated"].startswith(row["date_due"][:10])


def test_ci_tax_is_a_rate_applied_to_the_subtotal(box: Sandbox) -> None:
    rows = box.dataset.content_ignite.invoices

    assert {r["tax"] for r in rows} == {0, 20}
    for row in rows:
        expected = (row["base_sub_amount"] * (1 + Decimal(row["tax"]) / 100)).quantize(
            Decimal("0.01")
        )
        assert row["base_amount"] == expected
        assert row["base_amount"].as_tuple().exponent == -2


def test_ci_items_add_up_except_for_the_deliberate_mismatches(box: Sandbox) -> None:
    ci = box.dataset.content_ignite
    mismatched = {
        invoice_id
        for invoice_id, detail in ci.details.items()
        if sum(i["amount"] for i in detail["items"] if i["chargeable"]) != detail["base_sub_amount"]
    }

    assert mismatched == ci.mismatched_ids
    assert 1 <= len(mismatched) <= 3
    all_items = [i for d in ci.details.values() for i in d["items"]]
    assert any(not i["chargeable"] for i in all_items)
    assert any(i["quantity"] > 1 for i in all_items)
    assert all(
        re.fullmatch(r"[\d,]+ impressions.*", i["description"])
        for i in all_items
        if i["title"].startswith("UID")
    )


def test_ci_list_rows_agree_with_details(box: Sandbox) -> None:
    ci = box.dataset.content_ignite
    shared = (
        "status",
        "date_due",
        "date_start",
        "date_end",
        "base_amount",
        "base_sub_amount",
        "tax",
        "notes",
    )

    for row in ci.invoices:
        detail = ci.details[row["id"]]
        assert {k: row[k] for k in shared} == {k: detail[k] for k in shared}
        assert detail["organisation_id"] == ci.organisation_id


# --- Versori ------------------------------------------------------------------------------


def test_versori_breakdowns_add_up_and_values_are_well_formed(box: Sandbox) -> None:
    versori = box.dataset.versori
    for invoice in [*versori.invoices, versori.upcoming]:
        money = [invoice["totalAmount"]] + [p["total"] for p in invoice["productBreakdowns"]]
        assert all(0 <= m["fractional"] <= 99 and m["integral"] >= 0 for m in money)
        assert all(m["currencyCode"] == invoice["currencyCode"] == "GBP" for m in money)
        assert sum(decode(p["total"]) for p in invoice["productBreakdowns"]) == decode(
            invoice["totalAmount"]
        )


def test_versori_periods_are_contiguous_months_before_the_upcoming_one(box: Sandbox) -> None:
    versori = box.dataset.versori
    regular = [i for i in versori.invoices if not i["totalAmount"]["isNegative"]]
    starts = [date.fromisoformat(i["invoiceStartDate"]) for i in [versori.upcoming, *regular]]

    assert starts == [add_months(starts[0], -n) for n in range(19)]
    for invoice in regular:
        end = date.fromisoformat(invoice["invoiceEndDate"])
        assert end == add_months(date.fromisoformat(invoice["invoiceStartDate"]), 1) - timedelta(
            days=1
        )
        assert end < box.today


def test_versori_credit_notes_are_negative_with_their_own_url(box: Sandbox) -> None:
    versori = box.dataset.versori
    credits = [i for i in versori.invoices if i["totalAmount"]["isNegative"]]
    urls = [i["invoiceURL"] for i in versori.invoices]

    assert credits
    assert {c["invoiceURL"] for c in credits} == versori.credit_note_urls
    assert len(set(urls)) == len(urls)
    assert all(
        re.fullmatch(r"https://invoice\.stripe\.com/i/acct_\w+/live_\w+\?s=ap", u) for u in urls
    )


# --- Elevate ------------------------------------------------------------------------------


def test_elevate_totals_are_gross_and_taxes_add_up(box: Sandbox) -> None:
    for inv in box.dataset.elevate.invoices:
        nets = sum(inv[f"total{c}Amount"] for c in CATEGORIES)
        taxes = sum(inv[f"total{c}TaxAmount"] for c in CATEGORIES)
        assert inv["invoiceTaxAmount"] == taxes
        assert inv["invoiceTotalAmount"] == nets + taxes
        assert inv["totalUsageAmount"] == sum(
            (r["sellPrice"] for r in inv["usageBreakdown"]), Decimal(0)
        )
        assert inv["totalUsageTaxAmount"] == sum(
            (r["taxAmount"] for r in inv["usageBreakdown"]), Decimal(0)
        )
        if inv["taxExempt"]:
            assert taxes == 0


def test_elevate_remaining_follows_payment_status(box: Sandbox) -> None:
    invoices = box.dataset.elevate.invoices
    statuses = Counter(i["paymentStatus"] for i in invoices)

    assert {"PAID", "UNPAID", "PARTIALLY_PAID", "WRITTEN_OFF", "NA", "REFUNDED"} <= set(statuses)
    for inv in invoices:
        total, remaining, status = (
            inv["invoiceTotalAmount"],
            inv["invoiceRemainingAmount"],
            inv["paymentStatus"],
        )
        if status in {"PAID", "WRITTEN_OFF", "REFUNDED"}:
            assert remaining == 0
        elif status == "PARTIALLY_PAID":
            assert 0 < remaining < total
        else:
            assert remaining == total
        assert (status == "NA") == (inv["billRunStatus"] == "OPEN")


def test_elevate_identity_runs_and_credits(box: Sandbox) -> None:
    invoices = box.dataset.elevate.invoices
    ids = [i["id"] for i in invoices]
    numbers = [i["invoiceNumber"] for i in invoices]

    assert ids == sorted(set(ids))
    assert len(set(numbers)) == len(numbers)
    assert all(
        re.fullmatch(rf"EL-{i['invoiceDate'][:4]}-\d{{5}}", i["invoiceNumber"]) for i in invoices
    )
    assert {i["billRunType"] for i in invoices} == {"NORMAL", "ADHOC"}
    assert {i["billRunStatus"] for i in invoices} == {"OPEN", "CLOSED", "FINALIZED"}
    credits = [i for i in invoices if i["invoiceTotalAmount"] < 0]
    assert credits
    assert all(i["billRunType"] == "ADHOC" for i in credits)
    assert len({i["customerId"] for i in invoices}) >= 10
    months = {i["invoiceDate"][:7] for i in invoices if i["billRunType"] == "NORMAL"}
    assert len(months) == 18
    assert all(i["invoiceDate"] <= box.today.isoformat() for i in invoices)


def test_money_is_decimal_everywhere(box: Sandbox) -> None:
    def walk(value: Any) -> None:
        assert not isinstance(value, float)
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(_wire(box))


@pytest.mark.parametrize("today", [date(2024, 2, 29), date(2025, 1, 31), date(2026, 3, 15)])
@pytest.mark.parametrize("seed", [0, 1, 2, 99])
def test_invariants_hold_for_any_seed_and_day(seed: int, today: date) -> None:
    data = Sandbox(seed=seed, today=today, elevate_invoices=120).dataset

    ci = data.content_ignite
    for invoice_id, detail in ci.details.items():
        chargeable = sum(i["amount"] for i in detail["items"] if i["chargeable"])
        assert (chargeable != detail["base_sub_amount"]) == (invoice_id in ci.mismatched_ids)
        assert detail["date_generated"] <= f"{today} 23:59:59"
    upcoming = data.versori.upcoming
    assert upcoming["invoiceStartDate"] <= today.isoformat() <= upcoming["invoiceEndDate"]
    for invoice in data.versori.invoices:
        assert sum(decode(p["total"]) for p in invoice["productBreakdowns"]) == decode(
            invoice["totalAmount"]
        )
        assert invoice["invoiceEndDate"] < today.isoformat()
    assert len(data.elevate.invoices) == 120
    for inv in data.elevate.invoices:
        nets = sum(inv[f"total{c}Amount"] for c in CATEGORIES)
        assert inv["invoiceTotalAmount"] == nets + inv["invoiceTaxAmount"]
        assert inv["invoiceDate"] <= today.isoformat()
        assert (
            inv["paymentStatusUpdatedTime"] is None
            or inv["paymentStatusUpdatedTime"][:10] <= today.isoformat()
        )
