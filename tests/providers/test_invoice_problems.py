"""One invoice that cannot be used is reported by itself; the provider's others are kept.

Over real HTTP against the sandbox, its dataset edited the way a provider's data goes
wrong: a row missing a field the mapping needs, a field of the wrong type, a detail
deleted between the list and its fetch, an impossible amount. Each is a problem naming
the provider and the invoice (its id and number, not its position in a list), and only an
answer whose envelope is wrong still fails the provider.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal

import pytest

from desktop_app.providers import SchemaError, create_client, fetch_all
from desktop_app.providers.base import Batch
from desktop_app.sandbox import Sandbox
from tests.providers.sandbox_setup import FAST_POLICY, config, configs, secrets, table

pytestmark = pytest.mark.sandbox


def fetch(sandbox: Sandbox, kind: str, **window: date) -> Batch:
    client = create_client(config(sandbox, kind), secrets(sandbox), policy=FAST_POLICY)
    return asyncio.run(client.fetch(**window))


def reasons(batch: Batch) -> list[str]:
    return [str(problem) for problem in batch.problems]


def test_an_elevate_row_without_its_total_is_reported_by_id_and_number(sandbox: Sandbox) -> None:
    rows = sandbox.dataset.elevate.invoices
    broken = rows[150]
    del broken["invoiceTotalAmount"]
    batch = fetch(sandbox, "elevate")
    assert len(batch.invoices) == len(rows) - 1
    assert str(broken["id"]) not in {invoice.invoice_id for invoice in batch.invoices}
    assert reasons(batch) == [
        (
            f"Elevate: invoice {broken['id']} ({broken['invoiceNumber']}): GET /invoices (page 1): "
            "does not match the documented schema: field invoiceTotalAmount: Field required"
        )
    ]
    (problem,) = batch.problems
    assert (problem.invoice_id, problem.number) == (str(broken["id"]), broken["invoiceNumber"])
    assert problem.provider_kind == "elevate"


def test_a_broken_elevate_row_after_the_window_is_not_reported(sandbox: Sandbox) -> None:
    rows = sandbox.dataset.elevate.invoices
    last = rows[-1]
    last["invoiceTaxAmount"] = "20.00"  # a string where the schema says number
    end = date.fromisoformat(last["invoiceDate"]) - timedelta(days=1)
    batch = fetch(sandbox, "elevate", date_to=end)
    assert batch.problems == []
    assert batch.invoices
    assert all(invoice.issue_date and invoice.issue_date <= end for invoice in batch.invoices)


def test_an_elevate_page_that_is_not_an_array_still_fails_the_provider(sandbox: Sandbox) -> None:
    sandbox.faults.inject("elevate", "schema_break")  # an empty page becomes an object
    future = date.fromisoformat(sandbox.dataset.elevate.invoices[-1]["invoiceDate"]) + timedelta(1)
    with pytest.raises(SchemaError, match=r"GET /invoices \(page 1\): .*field \(the whole body\)"):
        fetch(sandbox, "elevate", date_from=future)


def test_content_ignite_fields_nobody_reads_may_be_missing(sandbox: Sandbox) -> None:
    data = sandbox.dataset.content_ignite
    del data.invoices[9]["notes"]  # nullable in the research
    del data.details[data.invoices[7]["id"]]["gcm"]  # meaning unknown, not mapped
    batch = fetch(sandbox, "content_ignite")
    assert batch.problems == []
    assert len(batch.invoices) == len(data.invoices)


def test_a_content_ignite_list_row_of_the_wrong_type_is_that_invoices_problem(
    sandbox: Sandbox,
) -> None:
    data = sandbox.dataset.content_ignite
    broken = data.invoices[5]
    broken["base_amount"] = "12.50"
    batch = fetch(sandbox, "content_ignite")
    assert len(batch.invoices) == len(data.invoices) - 1
    assert reasons(batch) == [
        (
            f"Content Ignite: invoice {broken['id']}: GET /v1/billing/invoice: its list row does "
            "not match the documented schema: field base_amount: expected a JSON number, got str "
            "'12.50'"
        )
    ]
    # Its detail was never asked for: the list row already could not be used.
    asked = [r.path for r in sandbox.stats.requests if r.path.endswith(f"/{broken['id']}")]
    assert asked == []


def test_a_content_ignite_detail_deleted_after_the_list_is_that_invoices_problem(
    sandbox: Sandbox,
) -> None:
    data = sandbox.dataset.content_ignite
    gone = data.invoices[4]["id"]
    del data.details[gone]
    batch = fetch(sandbox, "content_ignite")
    assert len(batch.invoices) == len(data.invoices) - 1
    assert reasons(batch) == [
        (
            f"Content Ignite: invoice {gone}: GET /v1/billing/invoice/{gone}: HTTP 404 Not Found: "
            f"Invoice {gone} not found; it was listed, so it was probably deleted since"
        )
    ]


def test_a_content_ignite_list_without_its_results_still_fails_the_provider(
    sandbox: Sandbox,
) -> None:
    sandbox.dataset.content_ignite.invoices.clear()
    sandbox.faults.inject("content_ignite", "schema_break")  # nothing inside: an empty object
    with pytest.raises(SchemaError, match=r"GET /v1/billing/invoice: .*field results: Field"):
        fetch(sandbox, "content_ignite")


def test_versori_invoices_that_cannot_be_used_are_named(sandbox: Sandbox) -> None:
    rows = sandbox.dataset.versori.invoices
    impossible, unnamed = rows[3], rows[5]
    impossible["totalAmount"]["fractional"] = 150
    del unnamed["invoiceURL"]
    batch = fetch(sandbox, "versori")
    assert len(batch.invoices) == len(rows) - 2
    by_id = {problem.invoice_id: str(problem) for problem in batch.problems}
    assert by_id[impossible["invoiceURL"]].endswith(
        "/billing/invoices: totalAmount.fractional is 150: outside 0-99, the GBP minor units "
        "a whole unit holds"
    )
    period = f"(period {unnamed['invoiceStartDate']} to {unnamed['invoiceEndDate']})"
    assert by_id[None].startswith("Versori: an invoice without an id: GET /organisations/")
    assert by_id[None].endswith(
        f"/billing/invoices, row 6 {period}: does not match the documented schema: "
        "field invoiceURL: Field required"
    )


def test_fetch_all_keeps_the_provider_and_returns_its_problems(sandbox: Sandbox) -> None:
    data = sandbox.dataset.content_ignite
    gone = data.invoices[0]["id"]
    del data.details[gone]
    providers = configs(table(sandbox, "content_ignite"), table(sandbox, "elevate"))
    result = asyncio.run(fetch_all(providers, secrets=secrets(sandbox), policy=FAST_POLICY))
    assert result.ok  # no provider failed
    assert len(result.invoices["Content Ignite"]) == len(data.invoices) - 1
    assert len(result.invoices["Elevate"]) == len(sandbox.dataset.elevate.invoices)
    assert [(p.provider, p.invoice_id) for p in result.problems] == [("Content Ignite", str(gone))]


def test_a_content_ignite_amount_finer_than_pence_is_that_invoices_problem(
    sandbox: Sandbox,
) -> None:
    data = sandbox.dataset.content_ignite
    broken = data.invoices[3]["id"]
    data.details[broken]["base_sub_amount"] = Decimal("99.999")
    batch = fetch(sandbox, "content_ignite")
    assert len(batch.invoices) == len(data.invoices) - 1
    assert reasons(batch) == [
        (
            f"Content Ignite: invoice {broken}: GET /v1/billing/invoice/{broken}: "
            "base_sub_amount is 99.999: more decimals than GBP, which has 2 decimal places"
        )
    ]
