"""Elevate Billing's JSON, field for field (seed 004: Invoices API 1.21's field list).

``GET /invoices`` answers with a bare array. The field list marks nothing as required, so
every field may be absent or null except the three an invoice cannot be read without:
``id``, ``invoiceDate`` and ``invoiceTotalAmount``. Amounts are major units (pounds).
"""

from __future__ import annotations

from pydantic import Field, TypeAdapter

from desktop_app.providers.wire import WireBool, WireDate, WireDecimal, WireInt, WireModel, WireStr


class UsageRow(WireModel):
    usageProductId: WireInt | None = None
    chargeGroupCategoryId: WireInt | None = None
    taxBandId: WireInt | None = None
    costPrice: WireDecimal | None = None
    sellPrice: WireDecimal | None = None
    taxAmount: WireDecimal | None = None
    ratedCostPrice: WireDecimal | None = None


class ElevateInvoice(WireModel):
    id: WireInt
    invoiceDate: WireDate
    invoiceTotalAmount: WireDecimal
    invoiceSummaryId: WireInt | None = None
    contractOwnerId: WireInt | None = None
    billingCycleId: WireInt | None = None
    billRunId: WireInt | None = None
    billRunType: WireStr | None = None
    billRunStatus: WireStr | None = None
    customerId: WireInt | None = None
    siteId: WireInt | None = None
    dueDate: WireDate | None = None
    createdDate: WireStr | None = None
    thirdPartyPaymentStatusUpdatedTime: WireStr | None = None
    paymentStatusUpdatedDate: WireStr | None = None
    paymentStatusUpdatedTime: WireStr | None = None
    refundStatusUpdatedDate: WireStr | None = None
    paymentMethod: WireStr | None = None
    mandateStatus: WireStr | None = None
    paymentStatus: WireStr | None = None
    thirdPartyPaymentStatus: WireStr | None = None
    thirdPartyRefundStatus: WireStr | None = None
    invoiceNumber: WireStr | None = None
    invoiceTaxAmount: WireDecimal | None = None
    taxExempt: WireBool | None = None
    purchaseOrderNumber: WireStr | None = None
    invoiceRemainingAmount: WireDecimal | None = None
    totalRentalAmount: WireDecimal | None = None
    totalRentalTaxAmount: WireDecimal | None = None
    totalUsageAmount: WireDecimal | None = None
    totalUsageTaxAmount: WireDecimal | None = None
    usageBreakdown: list[UsageRow] | None = Field(default=None)
    totalAdhocAmount: WireDecimal | None = None
    totalAdhocTaxAmount: WireDecimal | None = None
    totalBoltOnAmount: WireDecimal | None = None
    totalBoltOnTaxAmount: WireDecimal | None = None
    totalReverseVatAmount: WireDecimal | None = None
    paymentRetryCount: WireInt | None = None


class AuthenticateResponse(WireModel):
    token: WireStr
    username: WireStr | None = None


INVOICES = TypeAdapter(list[ElevateInvoice])
INVOICE = TypeAdapter(ElevateInvoice)
AUTHENTICATE = TypeAdapter(AuthenticateResponse)
