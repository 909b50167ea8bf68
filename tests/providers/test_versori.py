"""Versori over real HTTP: from/to always sent, MonetaryValue exact, credit notes negative."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.domain import (
    Direction,
    DocumentType,
    Invoice,
    InvoiceProblem,
    InvoiceStatus,
    Money,
)
from desktop_app.providers import ProviderHTTPError, VersoriClient
from desktop_app.providers.versori.wire import VersoriInvoice
from desktop_app.sandbox import Sandbox
from tests.providers.sandbox_setup import FAST_POLICY, config, secrets

pytestmark = pytest.mark.sandbox


def client(sandbox: Sandbox, **overrides: Any) -> VersoriClient:
    return VersoriClient(
        config(sandbox, "versori", **overrides), secrets(sandbox), policy=FAST_POLICY
    )


def fetch(sandbox: Sandbox, **kwargs: Any) -> list[Invoice]:
    return asyncio.run(client(sandbox).fetch_invoices(**kwargs))


def pence(monetary: dict[str, Any]) -> Decimal:
    amount = Decimal(monetary["integral"]) + Decimal(monetary["fractional"]) / 100
    return -amount if monetary["isNegative"] else amount


def test_every_issued_invoice_and_credit_note_matches_the_wire(sandbox: Sandbox) -> None:
    data = sandbox.dataset.versori
    invoices = {invoice.invoice_id: invoice for invoice in fetch(sandbox)}
    assert set(invoices) == {wire["invoiceURL"] for wire in data.invoices}
    for wire in data.invoices:
        invoice = invoices[wire["invoiceURL"]]
        assert invoice.number == invoice.invoice_id == invoice.document_url == wire["invoiceURL"]
        assert invoice.gross == Money(pence(wire["totalAmount"]), "GBP")
        assert invoice.period_start == date.fromisoformat(wire["invoiceStartDate"])
        assert invoice.period_end == date.fromisoformat(wire["invoiceEndDate"])
        assert invoice.status is InvoiceStatus.UNKNOWN
        assert invoice.direction is Direction.PAYABLE
        assert invoice.counterparty.id == data.organisation_id
        assert invoice.raw == wire
        lines = [(line.description, line.quantity, line.amount) for line in invoice.line_items]
        assert lines == [
            (b["productName"], b["quantity"], Money(pence(b["total"]), "GBP"))
            for b in wire["productBreakdowns"]
        ]
        assert invoice.net == invoice.gross  # the breakdowns add up to the total


def test_credit_notes_are_negative(sandbox: Sandbox) -> None:
    credit_urls = sandbox.dataset.versori.credit_note_urls
    assert credit_urls
    invoices = fetch(sandbox)
    credits = [invoice for invoice in invoices if invoice.invoice_id in credit_urls]
    assert len(credits) == len(credit_urls)
    for credit in credits:
        assert credit.document_type is DocumentType.CREDIT_NOTE
        assert credit.gross.is_negative()
        assert credit.is_credit_note
    others = [invoice for invoice in invoices if invoice.invoice_id not in credit_urls]
    assert all(not invoice.gross.is_negative() for invoice in others)
    assert all(invoice.document_type is DocumentType.INVOICE for invoice in others)


def test_from_and_to_are_sent_even_without_a_window(sandbox: Sandbox) -> None:
    invoices = fetch(sandbox)
    assert len(invoices) > 1  # not just the upcoming invoice
    (request,) = sandbox.stats.requests
    assert request.path.endswith(
        f"/organisations/{sandbox.credentials.versori_organisation_id}/billing/invoices"
    )
    assert set(request.query) == {"from", "to"}
    assert date.fromisoformat(request.query["from"]) <= date(2015, 1, 1)
    assert date.fromisoformat(request.query["to"]) >= sandbox.today


def test_a_window_is_sent_and_each_invoice_lands_in_one_window(sandbox: Sandbox) -> None:
    windows = [(date(2025, 1, 1), date(2025, 3, 31)), (date(2025, 4, 1), date(2025, 6, 30))]
    found = [fetch(sandbox, date_from=start, date_to=end) for start, end in windows]
    queries = [request.query for request in sandbox.stats.requests]
    assert queries == [
        {"from": "2025-01-01", "to": "2025-03-31"},
        {"from": "2025-04-01", "to": "2025-06-30"},
    ]
    for (start, end), invoices in zip(windows, found, strict=True):
        assert invoices
        assert all(i.period_end is not None and start <= i.period_end <= end for i in invoices)
    first, second = ({i.invoice_id for i in invoices} for invoices in found)
    assert not first & second


def test_the_configured_auth_scheme_is_the_one_sent() -> None:
    # The sandbox accepts both prefixes, so the header itself is checked here.
    from desktop_app.providers import parse_config
    from desktop_app.secrets import EnvSecretSource

    for scheme, expected in ((None, "JWT tok-1"), ("Bearer", "Bearer tok-1")):
        entry = {"kind": "versori", "name": "V", "token_env": "T", "organisation_id": "o"}
        if scheme:
            entry["auth_scheme"] = scheme
        versori = VersoriClient(
            parse_config({"providers": [entry]})[0], EnvSecretSource({"T": "tok-1"})
        )
        auth, redacted = versori._auth()
        assert asyncio.run(auth.authorization()) == expected
        assert redacted == ["tok-1"]


@pytest.mark.parametrize("scheme", ["JWT", "Bearer"])
def test_both_schemes_are_accepted_by_the_api(sandbox: Sandbox, scheme: str) -> None:
    assert asyncio.run(client(sandbox, auth_scheme=scheme).fetch_invoices())
    sent = {r.auth_scheme for r in sandbox.stats.requests if r.provider == "versori"}
    assert sent == {scheme}  # recorded by the server, over the wire


def test_jwt_is_sent_when_the_config_names_no_scheme(sandbox: Sandbox) -> None:
    asyncio.run(client(sandbox, auth_scheme=None).fetch_invoices())  # None: key left out
    sent = [r for r in sandbox.stats.requests if r.provider == "versori"]
    assert sent
    assert {r.auth_scheme for r in sent} == {"JWT"}
    assert all(sandbox.credentials.versori_token not in repr(r) for r in sent)


def test_an_unknown_organisation_is_a_clear_non_retried_error(sandbox: Sandbox) -> None:
    with pytest.raises(ProviderHTTPError) as error:
        asyncio.run(client(sandbox, organisation_id="01NOPE").fetch_invoices())
    assert error.value.status == 404
    assert "Versori: GET /organisations/01NOPE/billing/invoices?from=" in str(error.value)
    assert "HTTP 404 Not Found: organisation 01NOPE not found (code=not_found)" in str(error.value)
    # Not retried; then the token's own organisation is asked once, to say which it is.
    assert sandbox.stats.count("versori", path_contains="/billing/invoices") == 1
    assert sandbox.stats.count("versori", path_contains="/active-organisation") == 1
    assert sandbox.stats.count("versori") == 2


def test_a_monetary_value_with_no_single_meaning_is_that_invoices_problem() -> None:
    wire = {
        "invoiceStartDate": "2025-01-01",
        "invoiceEndDate": "2025-01-31",
        "invoiceURL": "https://invoice.stripe.com/i/x",
        "totalAmount": {
            "isNegative": False,
            "currencyCode": "GBP",
            "integral": 10,
            "fractional": 150,
        },
    }
    versori = client_for_mapping()
    problem = versori.map_record(
        _to_invoice,
        (VersoriInvoice.model_validate(wire), wire),
        ("https://invoice.stripe.com/i/x", None),
        "GET /organisations/o/billing/invoices",
    )
    assert isinstance(problem, InvoiceProblem)
    assert str(problem) == (
        "V: invoice https://invoice.stripe.com/i/x: GET /organisations/o/billing/invoices: "
        "totalAmount.fractional is 150: outside 0-99, the GBP minor units a whole unit holds"
    )


def client_for_mapping() -> VersoriClient:
    from desktop_app.providers import parse_config

    entry = {"kind": "versori", "name": "V", "token_env": "T", "organisation_id": "o"}
    return VersoriClient(parse_config({"providers": [entry]})[0])


def _to_invoice(pair: tuple[VersoriInvoice, dict[str, Any]]) -> Invoice:
    from desktop_app.providers.versori.mapping import to_invoice

    return to_invoice(
        pair[0], provider="V", organisation_id="o", direction=Direction.PAYABLE, raw=pair[1]
    )


def test_the_upcoming_preview_is_mapped_as_upcoming_and_never_expects_payment(
    sandbox: Sandbox,
) -> None:
    """Its wire record (the API's answer without ``from``/``to``) has no ``invoiceURL``:
    were it to reach the mapping, it must not count as an issued invoice to be paid."""
    data = sandbox.dataset.versori
    wire = data.upcoming
    assert wire["invoiceURL"] == ""
    preview = _to_invoice((VersoriInvoice.model_validate(wire), wire))
    assert preview.document_type is DocumentType.UPCOMING
    assert preview.status is InvoiceStatus.DRAFT
    assert preview.invoice_id == f"o:{wire['invoiceStartDate']}:{wire['invoiceEndDate']}"
    assert preview.document_url is None
    assert not preview.is_billed
    assert not preview.expects_payment
    issued = data.invoices[0]
    invoice = _to_invoice((VersoriInvoice.model_validate(issued), issued))
    assert invoice.document_type in {DocumentType.INVOICE, DocumentType.CREDIT_NOTE}
    assert invoice.status is InvoiceStatus.UNKNOWN
    assert invoice.expects_payment
