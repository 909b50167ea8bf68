"""Normalised invoices as plain JSON values: amounts as exact decimal strings, dates ISO.

This is the shape ``desktop-app fetch`` prints; amounts are strings so that no JSON reader
turns 72502.07 into a float on the way. Each is written from its ``Decimal`` to its
currency's minor units ("0.00", "120.00", "-500.10"; JPY "1500"), and to every decimal
beyond them it has (a unit price of 0.0125), never rounded: copied as the provider's JSON
number was written, one provider's GBP read "0" and "120.0" beside another's "0.00", and
a script comparing the strings, or a fixed-format ledger import, saw three formats.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop_app.domain import Counterparty, Invoice, LineItem, Money, Settlement
from desktop_app.domain.money import plain_amount
from desktop_app.providers.fetch import FetchResult


def fetch_result_to_json(result: FetchResult) -> dict[str, Any]:
    return {
        "invoices": [invoice_to_json(invoice) for invoice in result.all_invoices()],
        "failures": [
            {"provider": f.provider, "kind": f.kind.value, "reason": f.reason}
            for f in result.failures
        ],
        "problems": [
            {
                "provider": p.provider,
                "kind": p.provider_kind,
                "invoice_id": p.invoice_id,
                "number": p.number,
                "reason": p.reason,
            }
            for p in result.problems
        ],
    }


def invoice_to_json(invoice: Invoice) -> dict[str, Any]:
    return {
        "provider": invoice.provider,
        "kind": invoice.provider_kind,
        "invoice_id": invoice.invoice_id,
        "number": invoice.number,
        "document_type": invoice.document_type.value,
        "direction": invoice.direction.value,
        "status": invoice.status.value,
        "status_raw": invoice.status_raw,
        "flags": sorted(invoice.flags),
        "currency": invoice.currency,
        "gross": _amount(invoice.gross),
        "net": _amount(invoice.net),
        "tax": _amount(invoice.tax),
        "tax_rate": _decimal(invoice.tax_rate),
        "amount_outstanding": _amount(invoice.amount_outstanding),
        "issue_date": _date(invoice.issue_date),
        "due_date": _date(invoice.due_date),
        "period_start": _date(invoice.period_start),
        "period_end": _date(invoice.period_end),
        "counterparty": _counterparty(invoice.counterparty),
        "document_url": invoice.document_url,
        "settlement": _settlement(invoice.settlement),
        "line_items": [_line_item(item) for item in invoice.line_items],
    }


def _line_item(item: LineItem) -> dict[str, Any]:
    return {
        "description": item.description,
        "amount": _amount(item.amount),
        "quantity": _decimal(item.quantity),
        "unit_amount": _amount(item.unit_amount),
        "tax": _amount(item.tax),
        "chargeable": item.chargeable,
    }


def _counterparty(party: Counterparty) -> dict[str, Any]:
    return {
        "name": party.name,
        "id": party.id,
        "tax_id": party.tax_id,
        "country": party.country,
        "aliases": list(party.aliases),
    }


def _settlement(settlement: Settlement | None) -> dict[str, Any] | None:
    if settlement is None:
        return None
    return {
        "currency": settlement.currency,
        "amount": _amount(settlement.amount),
        "rate": _decimal(settlement.rate),
    }


def _amount(money: Money | None) -> str | None:
    if money is None:
        return None
    # A zero is never signed ("-0.00" from a negated zero): it is no credit.
    amount = money.amount.copy_abs() if money.is_zero() else money.amount
    return plain_amount(amount, money.currency)


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _date(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())
