"""Versori's JSON, field for field (seed 003: the Organisations API's OpenAPI).

``GetInvoices`` answers with a bare array. The schema lists ``currencyCode`` as required
but never defines it; the currency really sits in ``totalAmount.currencyCode``, so the
top-level one is accepted when present and not demanded.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, TypeAdapter

from desktop_app.providers.wire import CurrencyCode, WireBool, WireDate, WireInt, WireModel, WireStr


class MonetaryValue(WireModel):
    """Whole units, minor units (pence, not a digit string) and a separate sign flag."""

    isNegative: WireBool
    currencyCode: CurrencyCode
    integral: WireInt
    fractional: WireInt


class ProductBreakdown(WireModel):
    productName: WireStr
    quantity: WireInt
    total: MonetaryValue


class VersoriInvoice(WireModel):
    invoiceStartDate: WireDate
    invoiceEndDate: WireDate
    totalAmount: MonetaryValue
    invoiceURL: WireStr
    productBreakdowns: list[ProductBreakdown] = Field(default_factory=list)
    usageStatistics: dict[str, WireInt] = Field(default_factory=dict)
    metaData: dict[str, Any] = Field(default_factory=dict)
    currencyCode: CurrencyCode | None = None


class ActiveOrganisation(WireModel):
    """``GET /active-organisation``: the organisation the token belongs to (its id a ULID).
    Read only to explain a 404 from the invoices (``VersoriClient``)."""

    id: WireStr


ROWS = TypeAdapter(list[Any])  # the envelope alone: records are validated one by one
INVOICE = TypeAdapter(VersoriInvoice)
ACTIVE_ORGANISATION = TypeAdapter(ActiveOrganisation)
