"""Invoices to table rows and back, field for field, with exact decimals.

A round trip must give back an equal ``Invoice`` (and equal raw records): the cache is
what the app works from when it opens offline.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.domain import (
    Counterparty,
    Direction,
    DocumentType,
    Invoice,
    InvoiceStatus,
    LineItem,
    Money,
    Settlement,
)
from desktop_app.domain.undocumented_status import flags_read_back
from desktop_app.workspace import jsoncodec

INVOICE_COLUMNS = (
    "provider, invoice_id, provider_kind, number, direction, currency, gross, status,"
    " status_raw, issue_date, due_date, period_start, period_end, net, tax, tax_rate,"
    " amount_outstanding, document_type, counterparty, document_url, settlement, flags, raw,"
    " fetched_at"
)
LINE_ITEM_COLUMNS = (
    "provider, invoice_id, position, description, amount, currency, quantity, unit_amount,"
    " unit_currency, tax, tax_currency, chargeable, raw"
)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _amount(money: Money | None) -> str | None:
    return None if money is None else str(money.amount)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def invoice_row(invoice: Invoice, fetched_at: str) -> tuple[Any, ...]:
    return (
        invoice.provider,
        invoice.invoice_id,
        invoice.provider_kind,
        invoice.number,
        invoice.direction.value,
        invoice.currency,
        str(invoice.gross.amount),
        invoice.status.value,
        invoice.status_raw,
        _day(invoice.issue_date),
        _day(invoice.due_date),
        _day(invoice.period_start),
        _day(invoice.period_end),
        _amount(invoice.net),
        _amount(invoice.tax),
        _text(invoice.tax_rate),
        _amount(invoice.amount_outstanding),
        invoice.document_type.value,
        _counterparty_json(invoice.counterparty),
        invoice.document_url,
        _settlement_json(invoice.settlement),
        jsoncodec.dumps(sorted(invoice.flags)),
        jsoncodec.dumps(invoice.raw),
        fetched_at,
    )


def line_item_rows(invoice: Invoice) -> list[tuple[Any, ...]]:
    return [
        (
            invoice.provider,
            invoice.invoice_id,
            position,
            item.description,
            str(item.amount.amount),
            item.amount.currency,
            _text(item.quantity),
            _amount(item.unit_amount),
            None if item.unit_amount is None else item.unit_amount.currency,
            _amount(item.tax),
            None if item.tax is None else item.tax.currency,
            int(item.chargeable),
            jsoncodec.dumps(item.raw),
        )
        for position, item in enumerate(invoice.line_items)
    ]


def _counterparty_json(counterparty: Counterparty) -> str:
    return jsoncodec.dumps(
        {
            "name": counterparty.name,
            "id": counterparty.id,
            "tax_id": counterparty.tax_id,
            "country": counterparty.country,
            "aliases": list(counterparty.aliases),
        }
    )


def _settlement_json(settlement: Settlement | None) -> str | None:
    if settlement is None:
        return None
    amount = settlement.amount
    return jsoncodec.dumps(
        {
            "currency": settlement.currency,
            "amount": _amount(amount),
            "amount_currency": None if amount is None else amount.currency,
            "rate": _text(settlement.rate),
        }
    )


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _money(text: str | None, currency: str | None) -> Money | None:
    if text is None or currency is None:
        return None
    return Money(Decimal(text), currency)


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def invoice_from_row(row: sqlite3.Row, items: tuple[LineItem, ...]) -> Invoice:
    """The stored invoice; one an older version kept with an undocumented status word,
    before the flag existed, comes back flagged (``flags_read_back``), to be named and
    warned of as a fetched one is."""
    currency = row["currency"]
    counterparty = jsoncodec.loads(row["counterparty"])
    status = InvoiceStatus(row["status"])
    return Invoice(
        provider=row["provider"],
        provider_kind=row["provider_kind"],
        invoice_id=row["invoice_id"],
        number=row["number"],
        direction=Direction(row["direction"]),
        currency=currency,
        gross=Money(Decimal(row["gross"]), currency),
        status=status,
        status_raw=row["status_raw"],
        issue_date=_date(row["issue_date"]),
        due_date=_date(row["due_date"]),
        period_start=_date(row["period_start"]),
        period_end=_date(row["period_end"]),
        net=_money(row["net"], currency),
        tax=_money(row["tax"], currency),
        tax_rate=_decimal(row["tax_rate"]),
        amount_outstanding=_money(row["amount_outstanding"], currency),
        document_type=DocumentType(row["document_type"]),
        counterparty=Counterparty(
            name=counterparty["name"],
            id=counterparty["id"],
            tax_id=counterparty["tax_id"],
            country=counterparty["country"],
            aliases=tuple(counterparty["aliases"]),
        ),
        line_items=items,
        document_url=row["document_url"],
        settlement=_settlement_from_json(row["settlement"]),
        flags=flags_read_back(
            row["provider_kind"], status, frozenset(jsoncodec.loads(row["flags"]))
        ),
        raw=jsoncodec.loads(row["raw"]),
    )


def _settlement_from_json(text: str | None) -> Settlement | None:
    if text is None:
        return None
    data = jsoncodec.loads(text)
    return Settlement(
        currency=data["currency"],
        amount=_money(data["amount"], data["amount_currency"]),
        rate=_decimal(data["rate"]),
    )


def line_item_from_row(row: sqlite3.Row) -> LineItem:
    return LineItem(
        description=row["description"],
        amount=Money(Decimal(row["amount"]), row["currency"]),
        quantity=_decimal(row["quantity"]),
        unit_amount=_money(row["unit_amount"], row["unit_currency"]),
        tax=_money(row["tax"], row["tax_currency"]),
        chargeable=bool(row["chargeable"]),
        raw=jsoncodec.loads(row["raw"]),
    )
