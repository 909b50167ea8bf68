"""Invoices as the providers issue them, normalised to one shape.

Each provider describes an invoice differently (Content Ignite has no invoice number,
Versori has no id and no status, Elevate has no currency). The normalised invoice keeps
what the matching engine and the accountant need, plus the provider's raw record so a
mapping can be corrected later without fetching again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from desktop_app.domain.money import Money, sum_money


class Direction(StrEnum):
    """Who pays: a payable invoice is money out of our account, a receivable money in."""

    PAYABLE = "payable"
    RECEIVABLE = "receivable"

    @property
    def expected_sign(self) -> int:
        """Sign of the bank line that settles a positive invoice in this direction."""
        return -1 if self is Direction.PAYABLE else 1

    @property
    def label(self) -> str:
        """How the window names it: the word an accountant uses and which way the money
        goes, "Receivable (money in)"."""
        return f"{self.value.capitalize()} (money {'out' if self is Direction.PAYABLE else 'in'})"


class DocumentType(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    UPCOMING = "upcoming"
    OTHER = "other"


class InvoiceStatus(StrEnum):
    """Normalised status; the provider's own word is kept in ``Invoice.status_raw``."""

    DRAFT = "draft"
    OPEN = "open"
    PAID = "paid"
    PARTIALLY_PAID = "partially_paid"
    VOID = "void"
    UNCOLLECTIBLE = "uncollectible"
    DISPUTED = "disputed"
    REFUNDED = "refunded"
    UNKNOWN = "unknown"

    @property
    def expects_payment(self) -> bool:
        """Whether an invoice in this status should be settled by a bank movement.

        Drafts, void and written-off invoices should not be; refunded ones were settled
        and then returned, so a payment is still expected to exist.
        """
        return self not in {InvoiceStatus.DRAFT, InvoiceStatus.VOID, InvoiceStatus.UNCOLLECTIBLE}

    @property
    def claims_paid(self) -> bool:
        return self in {InvoiceStatus.PAID, InvoiceStatus.REFUNDED}


@dataclass(frozen=True, slots=True)
class InvoiceKey:
    """Identity of an invoice across fetches: the provider's name and its identifier."""

    provider: str
    invoice_id: str

    def __str__(self) -> str:
        return f"{self.provider}:{self.invoice_id}"


@dataclass(frozen=True, slots=True)
class Counterparty:
    """The other party: whom we pay (payable) or who pays us (receivable)."""

    name: str | None = None
    id: str | None = None
    tax_id: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Settlement:
    """The leg in which the invoice is actually settled (Content Ignite's ``target_*``)."""

    currency: str | None
    amount: Money | None = None
    rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class LineItem:
    description: str
    amount: Money
    quantity: Decimal | None = None
    unit_amount: Money | None = None
    tax: Money | None = None
    chargeable: bool = True
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Invoice:
    """One provider invoice. ``gross`` is signed: credit notes are negative."""

    provider: str
    provider_kind: str
    invoice_id: str
    number: str
    direction: Direction
    currency: str
    gross: Money
    status: InvoiceStatus
    status_raw: str
    issue_date: date | None = None
    due_date: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    net: Money | None = None
    tax: Money | None = None
    tax_rate: Decimal | None = None
    amount_outstanding: Money | None = None
    document_type: DocumentType = DocumentType.INVOICE
    counterparty: Counterparty = field(default_factory=Counterparty)
    line_items: tuple[LineItem, ...] = ()
    document_url: str | None = None
    settlement: Settlement | None = None
    flags: frozenset[str] = frozenset()
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for name in ("gross", "net", "tax", "amount_outstanding"):
            value = getattr(self, name)
            if value is not None and value.currency != self.currency:
                raise ValueError(
                    f"invoice {self.provider}:{self.invoice_id}: {name} is in "
                    f"{value.currency}, the invoice in {self.currency}"
                )

    @property
    def is_billed(self) -> bool:
        """Whether it asks anyone for money at all: of some amount, and issued (not a
        draft, nor the provider's UPCOMING preview of the next invoice, which is billed
        when it is issued, as an invoice of its own). What is not billed nobody pays,
        whatever its status says: the engine leaves it out of matching altogether."""
        return (
            self.document_type is not DocumentType.UPCOMING
            and self.status is not InvoiceStatus.DRAFT
            and not self.gross.is_zero()
        )

    @property
    def expects_payment(self) -> bool:
        """Whether a bank movement should settle it: it is billed and its status expects
        one. The one rule the engine reports an unsettled invoice by (UNPAID_INVOICE,
        STATUS_CONFLICT) and the Summary's "Invoices reconciled", its totals by provider
        and the Overview count by, so that the share reconciled is of the invoices whose
        missing payment would be listed as a discrepancy, and the totals add up to it."""
        return self.is_billed and self.status.expects_payment

    @property
    def key(self) -> InvoiceKey:
        return InvoiceKey(self.provider, self.invoice_id)

    @property
    def is_credit_note(self) -> bool:
        return self.document_type is DocumentType.CREDIT_NOTE or self.gross.is_negative()

    @property
    def counterparty_label(self) -> str:
        """Who the other party is, for a person to read (the window's and the workbook's
        Counterparty): its name; else the name it is known by (Versori bills as itself
        and names nobody: its invoices carry "Versori" as an alias); else the id its
        provider gives it, said as such ("customer 1014": Elevate returns only its
        customers' ids, and a blank would hide whom the payment is to come from, which
        the bank line often says in those words); "" when the provider gives neither."""
        counterparty = self.counterparty
        name = counterparty.name or next(iter(counterparty.aliases), "")
        if name or counterparty.id is None:
            return name
        role = "customer" if self.direction is Direction.RECEIVABLE else "supplier"
        return f"{role} {counterparty.id}"

    @property
    def label(self) -> str:
        """What an accountant calls the invoice on screen.

        Usually its number. Versori gives no number, only a link to the hosted invoice,
        and a 120-character URL tells nobody which invoice it is; the billing period it
        covers does. The report keeps the number itself, as its contract says.
        """
        if self.number != self.document_url or self.period_start is None:
            return self.number
        end = self.period_end or self.period_start
        return f"period {self.period_start.isoformat()} to {end.isoformat()}"

    @property
    def reference_date(self) -> date | None:
        """The date payments are measured from: issue, else period end, else due."""
        return self.issue_date or self.period_end or self.due_date

    def expected_bank_amount(self) -> Money:
        """The signed statement amount that settles this invoice in full."""
        return self.gross * self.direction.expected_sign

    def line_items_total(self) -> Money | None:
        """Sum of the chargeable line items, or None when the provider gave none."""
        chargeable = [item.amount for item in self.line_items if item.chargeable]
        if not chargeable:
            return None
        return sum_money(chargeable, self.currency)
