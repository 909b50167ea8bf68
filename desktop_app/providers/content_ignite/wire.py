"""Content Ignite's JSON, field for field (seeds 000-002: the CI Public API's OpenAPI).

The list (``results``) and the detail (``result``) differ: only the list has ``record``
and ``date_updated``; the issue date is ``date`` in the list and ``date_generated`` in the
detail; only the detail has the organisation and the ``items``. Every documented field is
required (nullable ones may be null but must be present).
"""

from __future__ import annotations

from pydantic import TypeAdapter

from desktop_app.providers.wire import (
    CurrencyCode,
    LocalTimestamp,
    WireBool,
    WireDate,
    WireDecimal,
    WireInt,
    WireModel,
    WireStr,
)


class _InvoiceFields(WireModel):
    """The fields the list row and the detail share."""

    id: WireInt
    org_name: WireStr
    user_id: WireInt | None
    type: WireStr | None
    status: WireStr
    date_due: LocalTimestamp
    date_start: WireDate
    date_end: WireDate
    base_amount: WireDecimal
    base_sub_amount: WireDecimal
    base_currency: CurrencyCode
    target_amount: WireDecimal | None
    target_currency: CurrencyCode
    target_rate: WireDecimal | None
    tax: WireInt
    notes: WireStr | None


class ListRow(_InvoiceFields):
    record: WireStr
    date: LocalTimestamp
    date_updated: LocalTimestamp


class ListEnvelope(WireModel):
    results: list[ListRow]
    success: WireBool


class Item(WireModel):
    id: WireInt
    title: WireStr
    description: WireStr
    quantity: WireInt
    amount: WireDecimal
    chargeable: WireBool


class Detail(_InvoiceFields):
    organisation_id: WireInt
    liable_org: WireInt | None
    date_generated: LocalTimestamp
    tax_id: WireStr | None
    name: WireStr
    country: WireStr | None
    gcm: WireInt
    items: list[Item]


class DetailEnvelope(WireModel):
    result: Detail
    success: WireBool


LIST = TypeAdapter(ListEnvelope)
DETAIL = TypeAdapter(DetailEnvelope)
