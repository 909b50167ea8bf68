"""Wire models: exact numbers, strict types, extra fields kept, errors that name the field."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.domain import DocumentType, InvoiceStatus, Money
from desktop_app.providers import SchemaError
from desktop_app.providers.content_ignite.mapping import to_invoice as ci_invoice
from desktop_app.providers.content_ignite.wire import DETAIL, LIST
from desktop_app.providers.elevate.mapping import to_invoice as elevate_invoice
from desktop_app.providers.elevate.wire import INVOICES as ELEVATE_INVOICES
from desktop_app.providers.lines import SubMinorAmountError, exact_money, exact_unit_amount
from desktop_app.providers.wire import validate_wire

# The seed's own example (000/001), as the API sends it.
LIST_TEXT = """{"results": [{"id": 3667, "org_name": "DEMO", "user_id": null, "record": "invoice",
 "type": null, "status": "GENERATED", "date": "2025-11-01 06:30:01",
 "date_updated": "2025-11-01 06:30:01", "date_due": "2025-11-30 00:00:00",
 "date_start": "2025-10-01", "date_end": "2025-10-31", "base_amount": 72502.07,
 "base_sub_amount": 72502.07, "base_currency": "GBP", "target_amount": null,
 "target_currency": "GBP", "target_rate": null, "tax": 0, "notes": null,
 "brand_new_field": {"nested": 1.10}}], "success": true}"""
DETAIL_TEXT = """{"result": {"id": 3667, "organisation_id": 3, "liable_org": null, "user_id": null,
 "type": null, "status": "GENERATED", "date_generated": "2025-11-01 06:30:01",
 "date_due": "2025-11-30 00:00:00", "date_start": "2025-10-01", "date_end": "2025-10-31",
 "base_amount": 72502.07, "base_sub_amount": 72502.07, "base_currency": "GBP",
 "target_amount": null, "target_currency": "GBP", "target_rate": null, "tax": 0,
 "tax_id": null, "notes": null, "name": "DEMO", "org_name": "DEMO", "country": null, "gcm": 1,
 "items": [{"id": 19872, "title": "UID 18620 - example.com",
 "description": "225,773,248 impressions", "quantity": 1, "amount": 72502.07,
 "chargeable": true}]}, "success": true}"""


def decode(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def test_the_seed_example_maps_exactly_and_keeps_unknown_fields() -> None:
    list_body, detail_body = decode(LIST_TEXT), decode(DETAIL_TEXT)
    row = validate_wire(LIST, list_body, provider="CI", method="GET", path="/l").results[0]
    detail = validate_wire(DETAIL, detail_body, provider="CI", method="GET", path="/d").result
    raw = {"list": list_body["results"][0], "detail": detail_body["result"]}
    invoice = ci_invoice(row, detail, provider="CI", direction=_payable(), raw=raw)
    assert invoice.gross == Money(Decimal("72502.07"), "GBP")
    assert str(invoice.gross.amount) == "72502.07"
    assert invoice.tax == Money(Decimal("0.00"), "GBP")
    assert invoice.tax_rate == 0
    assert invoice.invoice_id == invoice.number == "3667"
    assert invoice.status is InvoiceStatus.OPEN
    assert invoice.raw["list"]["brand_new_field"] == {"nested": Decimal("1.10")}
    assert row.model_extra == {"brand_new_field": {"nested": Decimal("1.10")}}
    assert invoice.line_items[0].description == "UID 18620 - example.com — 225,773,248 impressions"


def test_a_string_where_the_schema_says_number_names_the_field() -> None:
    body = decode(LIST_TEXT)
    body["results"][0]["base_amount"] = "72502.07"
    with pytest.raises(SchemaError) as error:
        validate_wire(
            LIST, body, provider="Content Ignite", method="GET", path="/v1/billing/invoice"
        )
    assert str(error.value) == (
        "Content Ignite: GET /v1/billing/invoice: response does not match the documented "
        "schema: field results[0].base_amount: expected a JSON number, got str '72502.07'"
    )


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("tax", Decimal("20.0"), "results[0].tax: Input should be a valid integer"),
        ("base_currency", "GPB", "results[0].base_currency: expected an ISO 4217 currency code"),
        ("date_due", "30/11/2025", "results[0].date_due: expected 'YYYY-MM-DD HH:MM:SS'"),
        ("date_start", 20251001, "results[0].date_start: expected a date string"),
        ("base_amount", True, "results[0].base_amount: expected a JSON number, got bool"),
        ("user_id", "7", "results[0].user_id"),
    ],
)
def test_schema_breaks_name_their_field(field: str, value: Any, expected: str) -> None:
    body = decode(LIST_TEXT)
    body["results"][0][field] = value
    with pytest.raises(SchemaError) as error:
        validate_wire(LIST, body, provider="CI", method="GET", path="/l")
    assert f"field {expected}" in str(error.value)


def test_a_missing_required_field_and_several_problems_are_counted() -> None:
    body = decode(LIST_TEXT)
    del body["results"][0]["record"]
    body["results"][0]["id"] = "3667"
    with pytest.raises(SchemaError, match=r"field results\[0\]\.id: .*\(and 1 more problem\)"):
        validate_wire(LIST, body, provider="CI", method="GET", path="/l")


def test_a_body_of_the_wrong_shape_says_so() -> None:
    with pytest.raises(SchemaError, match=r"field \(the whole body\)|field results"):
        validate_wire(LIST, [], provider="CI", method="GET", path="/l")


def test_elevate_rows_tolerate_absent_optional_fields_and_keep_category_lines() -> None:
    body = decode(
        '[{"id": 7, "invoiceDate": "2025-01-01T00:00:00Z", "invoiceTotalAmount": -12.00,'
        ' "invoiceTaxAmount": -2.00, "totalAdhocAmount": -10.00, "totalAdhocTaxAmount": -2.00,'
        ' "billRunType": "ADHOC", "paymentStatus": "REFUNDED", "surprise": "kept"}]'
    )
    row = validate_wire(ELEVATE_INVOICES, body, provider="E", method="GET", path="/invoices")[0]
    invoice = elevate_invoice(row, provider="E", currency="EUR", direction=_payable(), raw=body[0])
    assert invoice.document_type is DocumentType.CREDIT_NOTE
    assert invoice.gross == Money(Decimal("-12.00"), "EUR")
    assert invoice.net == Money(Decimal("-10.00"), "EUR")
    assert invoice.number == "7"  # no invoiceNumber: the id stands in
    assert invoice.status is InvoiceStatus.REFUNDED
    assert [(line.description, line.amount.amount) for line in invoice.line_items] == [
        ("Ad-hoc charges", Decimal("-10.00"))
    ]
    assert invoice.raw["surprise"] == "kept"


@pytest.mark.parametrize(
    ("amount", "quantity", "unit"),
    [
        ("350.00", 14, "25.00"),
        ("0.01", 4, "0.0025"),
        ("100.00", 3, None),
        ("141.36", 70682, None),
        ("5.00", 0, None),
    ],
)
def test_unit_amounts_only_when_exact(amount: str, quantity: int, unit: str | None) -> None:
    result = exact_unit_amount(Money.of(amount, "GBP"), quantity)
    assert (result.to_plain_string() if result else None) == unit


def _payable() -> Any:
    from desktop_app.domain import Direction

    return Direction.PAYABLE


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("10.00", "GBP"), ("10.1", "GBP"), ("1500.00", "JPY"), ("1.234", "JOD"), ("-0.50", "EUR")],
)
def test_whole_minor_units_are_kept_exactly(amount: str, currency: str) -> None:
    money = exact_money(Decimal(amount), currency, "total")
    assert money == Money(Decimal(amount), currency)
    assert str(money.amount) == amount  # the provider's digits, not rounded or padded


@pytest.mark.parametrize(
    ("amount", "currency", "message"),
    [
        ("10.005", "GBP", "total is 10.005: more decimals than GBP, which has 2 decimal places"),
        ("1500.5", "JPY", "total is 1500.5: more decimals than JPY, which has no decimal places"),
        ("-0.001", "EUR", "total is -0.001: more decimals than EUR, which has 2 decimal places"),
    ],
)
def test_amounts_finer_than_the_currency_are_refused(
    amount: str, currency: str, message: str
) -> None:
    with pytest.raises(SubMinorAmountError) as error:
        exact_money(Decimal(amount), currency, "total")
    assert str(error.value) == message
