"""Content Ignite's JSON, field for field (seeds 000-002: the CI Public API's OpenAPI).

The list (``results``) and the detail (``result``) differ: only the list has ``record``
and ``date_updated``; the issue date is ``date`` in the list and ``date_generated`` in the
detail; only the detail has the organisation and the ``items``.

What a record must hold is what the mapping reads from it: the list row's ``id``,
``date`` and ``record``, and the detail's amounts, dates, status, organisation and items.
Every other documented field, and every field the research found nullable (``user_id``,
``type``, ``notes``, ``target_amount``, ``target_rate``, ``liable_org``, ``tax_id``,
``country``), may be absent or null; when present it must still have its documented type,
since a field that changed type says the API changed under us. So an invoice is never lost
to a field nobody reads going missing (the list's ``notes``, the detail's ``gcm``).

``LIST`` and ``DETAIL`` describe whole answers; the client validates an answer's envelope
(``LIST_ENVELOPE``, ``DETAIL_ENVELOPE``) and then each record by itself (``LIST_ROW``,
``DETAIL_RECORD``), so that one broken record is that invoice's problem alone.
"""

from __future__ import annotations

from typing import Any

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


class ListRow(WireModel):
    id: WireInt
    record: WireStr
    date: LocalTimestamp
    org_name: WireStr | None = None
    user_id: WireInt | None = None
    type: WireStr | None = None
    status: WireStr | None = None
    date_updated: LocalTimestamp | None = None
    date_due: LocalTimestamp | None = None
    date_start: WireDate | None = None
    date_end: WireDate | None = None
    base_amount: WireDecimal | None = None
    base_sub_amount: WireDecimal | None = None
    base_currency: CurrencyCode | None = None
    target_amount: WireDecimal | None = None
    target_currency: CurrencyCode | None = None
    target_rate: WireDecimal | None = None
    tax: WireInt | None = None
    notes: WireStr | None = None


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


class Detail(WireModel):
    id: WireInt
    status: WireStr
    date_due: LocalTimestamp
    date_start: WireDate
    date_end: WireDate
    base_amount: WireDecimal
    base_sub_amount: WireDecimal
    base_currency: CurrencyCode
    target_currency: CurrencyCode
    tax: WireInt
    organisation_id: WireInt
    name: WireStr
    items: list[Item]
    org_name: WireStr | None = None
    target_amount: WireDecimal | None = None
    target_rate: WireDecimal | None = None
    tax_id: WireStr | None = None
    country: WireStr | None = None
    user_id: WireInt | None = None
    type: WireStr | None = None
    notes: WireStr | None = None
    liable_org: WireInt | None = None
    date_generated: LocalTimestamp | None = None
    gcm: WireInt | None = None


class DetailEnvelope(WireModel):
    result: Detail
    success: WireBool


class _ListShell(WireModel):
    """The list's envelope alone: an array of records, each validated by itself."""

    results: list[Any]
    success: WireBool


class _DetailShell(WireModel):
    """The detail's envelope alone: one object, validated by itself."""

    result: dict[str, Any]
    success: WireBool


LIST = TypeAdapter(ListEnvelope)
DETAIL = TypeAdapter(DetailEnvelope)
LIST_ENVELOPE = TypeAdapter(_ListShell)
DETAIL_ENVELOPE = TypeAdapter(_DetailShell)
LIST_ROW = TypeAdapter(ListRow)
DETAIL_RECORD = TypeAdapter(Detail)
