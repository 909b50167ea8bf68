"""Content Ignite over real HTTP against the sandbox: list, details, exact money, concurrency."""

from __future__ import annotations

import asyncio
import copy
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.domain import Direction, DocumentType, Invoice, InvoiceStatus, Money
from desktop_app.providers import (
    AuthenticationError,
    ContentIgniteClient,
    ProviderReportedError,
)
from desktop_app.sandbox import Sandbox
from tests.providers.sandbox_setup import FAST_POLICY, config, secrets

pytestmark = pytest.mark.sandbox


def fetch(sandbox: Sandbox, **kwargs: Any) -> list[Invoice]:
    concurrency = kwargs.pop("detail_concurrency", 4)
    client = ContentIgniteClient(
        config(sandbox, "content_ignite"),
        secrets(sandbox),
        policy=FAST_POLICY,
        detail_concurrency=concurrency,
    )
    return asyncio.run(client.fetch_invoices(**kwargs))


def day(stamp: str) -> date:
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").date()


def test_every_invoice_matches_the_wire_exactly(sandbox: Sandbox) -> None:
    data = sandbox.dataset.content_ignite
    invoices = {invoice.invoice_id: invoice for invoice in fetch(sandbox)}
    assert set(invoices) == {str(row["id"]) for row in data.invoices}
    for row in data.invoices:
        detail = data.details[row["id"]]
        invoice = invoices[str(row["id"])]
        assert invoice.number == invoice.invoice_id  # no invoice number: the id stands in
        assert invoice.provider == "Content Ignite"
        assert invoice.provider_kind == "content_ignite"
        assert invoice.direction is Direction.PAYABLE
        assert invoice.gross == Money(detail["base_amount"], "GBP")
        assert str(invoice.gross.amount) == str(detail["base_amount"])  # same digits as the wire
        assert invoice.net == Money(detail["base_sub_amount"], "GBP")
        assert invoice.tax == Money(detail["base_amount"] - detail["base_sub_amount"], "GBP")
        assert invoice.tax_rate == Decimal(detail["tax"])
        assert invoice.issue_date == day(row["date"])
        assert invoice.due_date == day(detail["date_due"])
        assert invoice.period_start == date.fromisoformat(detail["date_start"])
        assert invoice.period_end == date.fromisoformat(detail["date_end"])
        assert invoice.status_raw == detail["status"]
        assert invoice.counterparty.id == str(detail["organisation_id"])
        assert invoice.counterparty.name == detail["name"]
        assert "Content Ignite" in invoice.counterparty.aliases
        assert invoice.raw["list"] == row
        assert invoice.raw["detail"] == detail
        assert_line_items(invoice, detail["items"])
        assert_settlement(invoice, detail)


def assert_line_items(invoice: Invoice, items: list[dict[str, Any]]) -> None:
    assert len(invoice.line_items) == len(items)
    for line, item in zip(invoice.line_items, items, strict=True):
        assert line.description == f"{item['title']} — {item['description']}"
        assert line.amount == Money(item["amount"], "GBP")
        assert line.quantity == item["quantity"]
        assert line.chargeable is item["chargeable"]
        assert line.raw["id"] == item["id"]


def assert_settlement(invoice: Invoice, detail: dict[str, Any]) -> None:
    settlement = invoice.settlement
    assert settlement is not None
    assert settlement.currency == detail["target_currency"]
    if detail["target_amount"] is None:
        assert settlement.amount is None
    else:
        assert settlement.amount == Money(detail["target_amount"], detail["target_currency"])
    assert settlement.rate == detail["target_rate"]


def test_status_tax_rate_and_mismatch_cases_are_all_present(sandbox: Sandbox) -> None:
    invoices = fetch(sandbox)
    by_raw = {invoice.status_raw: invoice for invoice in invoices}
    assert by_raw["GENERATED"].status is InvoiceStatus.OPEN
    assert by_raw["MISSING_PAYMENT_INFO"].status is InvoiceStatus.OPEN
    assert "needs_payment_info" in by_raw["MISSING_PAYMENT_INFO"].flags
    assert by_raw["VOID"].status is InvoiceStatus.VOID
    assert by_raw["VOID"].amount_outstanding == Money.zero("GBP")
    assert by_raw["PAID"].status is InvoiceStatus.PAID
    assert by_raw["PAID"].settlement is not None
    assert by_raw["PAID"].settlement.amount is not None
    taxed = [invoice for invoice in invoices if invoice.tax_rate == 20]
    assert taxed, "the seed has VAT invoices"
    for invoice in taxed:
        assert invoice.tax is not None
        assert invoice.net is not None
        assert invoice.tax.amount > 0
        assert invoice.net + invoice.tax == invoice.gross
    assert all(invoice.document_type is DocumentType.INVOICE for invoice in invoices)
    mismatched = {str(i) for i in sandbox.dataset.content_ignite.mismatched_ids}
    for invoice in invoices:
        adds_up = invoice.line_items_total() == invoice.net
        assert adds_up is (invoice.invoice_id not in mismatched)


def test_the_date_window_is_applied_before_details_are_fetched(sandbox: Sandbox) -> None:
    invoices = fetch(sandbox, date_from=date(2025, 3, 1), date_to=date(2025, 6, 1))
    expected = {
        str(row["id"])
        for row in sandbox.dataset.content_ignite.invoices
        if date(2025, 3, 1) <= day(row["date"]) <= date(2025, 6, 1)
    }
    assert {invoice.invoice_id for invoice in invoices} == expected
    assert len(expected) == 4  # 1 March, April, May and June
    assert sandbox.stats.count("content_ignite", "/v1/billing/invoice/") == 4


def test_an_id_listed_twice_is_one_invoice_with_one_detail_request(sandbox: Sandbox) -> None:
    """As Elevate and Versori de-duplicate: the first row is kept, its detail fetched once."""
    rows = sandbox.dataset.content_ignite.invoices
    twice = rows[2]["id"]
    rows.insert(3, copy.deepcopy(rows[2]))
    invoices = fetch(sandbox)
    ids = [invoice.invoice_id for invoice in invoices]
    assert ids.count(str(twice)) == 1
    assert len(ids) == len(set(ids)) == len(rows) - 1
    asked = [r for r in sandbox.stats.requests if r.path.endswith(f"/invoice/{twice}")]
    assert len(asked) == 1


@pytest.mark.parametrize("bound", [1, 4])
def test_detail_concurrency_never_exceeds_the_bound(sandbox: Sandbox, bound: int) -> None:
    sandbox.set_latency(0.05)
    invoices = fetch(sandbox, detail_concurrency=bound)
    assert len(invoices) == len(sandbox.dataset.content_ignite.invoices)
    assert sandbox.stats.max_concurrent("content_ignite.detail") == bound
    assert sandbox.stats.count("content_ignite", "/v1/billing/invoice/") == len(invoices)


def test_success_false_on_http_200_is_an_error(sandbox: Sandbox) -> None:
    sandbox.faults.inject("content_ignite", "success_false")
    with pytest.raises(ProviderReportedError) as error:
        fetch(sandbox)
    assert str(error.value) == (
        "Content Ignite: GET /v1/billing/invoice: HTTP 200 but the answer says "
        "success: false: Unable to retrieve invoices"
    )


def test_success_false_on_one_detail_fails_the_fetch_naming_it(sandbox: Sandbox) -> None:
    target = sandbox.dataset.content_ignite.invoices[5]["id"]
    sandbox.faults.inject("content_ignite", "success_false", path_contains=f"/invoice/{target}")
    with pytest.raises(ProviderReportedError, match=f"/v1/billing/invoice/{target}: HTTP 200"):
        fetch(sandbox)


def test_a_refused_token_says_where_the_token_came_from(sandbox: Sandbox) -> None:
    client = ContentIgniteClient(
        config(sandbox, "content_ignite"),
        secrets(sandbox, CI_TOKEN="not-the-token"),
        policy=FAST_POLICY,
    )
    with pytest.raises(AuthenticationError) as error:
        asyncio.run(client.fetch_invoices())
    assert error.value.status == 401
    assert str(error.value) == (
        "Content Ignite: GET /v1/billing/invoice: HTTP 401 Unauthorized: "
        "Unauthorised: a valid Bearer token is required "
        "(check the token in environment variable CI_TOKEN)"
    )
    assert sandbox.stats.count("content_ignite") == 1  # a 401 is not retried
