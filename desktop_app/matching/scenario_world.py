"""The synthetic world scenarios are drawn from: payees, providers, invoices, bank text.

Names are made of invented words (so any number of distinct companies exists, and some
share a generic word like "Logistics", as real ones do); bank text follows the shapes banks
print (truncated names, references with and without separators, lower case). Randomness
comes only from the ``random.Random`` passed in, so a seed reproduces a scenario exactly.
Amounts are integers of pence turned into Decimal: no float ever touches money.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from desktop_app.domain.invoice import (
    Counterparty,
    Direction,
    DocumentType,
    Invoice,
    InvoiceStatus,
    LineItem,
    Settlement,
)
from desktop_app.domain.money import Money

_ONSETS = "b br c ch d dr f g gr h j k kl l m n p pr qu r s st t tr v w z".split()
_VOWELS = "a e i o u ai ea io".split()
_CODAS = "n r l x s m nd rk th".split()
GENERIC_WORDS = (
    "Logistics Foods Digital Consulting Media Systems Partners Studio Labs Works Trading "
    "Holdings Analytics Design Engineering Health Energy Retail Capital Ventures"
).split()
SUFFIXES = ("Ltd", "Limited", "LLP", "Plc", "Ltd", "GmbH", "")
MERCHANTS = "TESCO SAINSBURYS AMAZON UBER TRAINLINE SHELL PRET COSTA STAPLES BOOTS".split()

CONTENT_IGNITE = "Content Ignite"
VERSORI = "Versori"
ELEVATE_SALES = "Elevate Billing"
ELEVATE_PURCHASES = "Elevate Purchasing"
CI_ALIASES = ("TAGDELIVER LTD", "CONTENT IGNITE LIMITED")


def pence(amount: int) -> Decimal:
    return Decimal(amount).scaleb(-2)


@dataclass
class LineDraft:
    """A statement line before its file row is known (rows follow date order)."""

    ident: int
    day: date
    amount: Decimal
    description: str
    reference: str = ""
    counterparty: str = ""
    currency: str = "GBP"
    source_file: str = "current.csv"


@dataclass
class World:
    rng: random.Random
    start: date
    days: int
    _words: set[str] = field(default_factory=set)
    _sequence: dict[str, int] = field(default_factory=dict)
    _lines: int = 0

    # -- names ------------------------------------------------------------------------
    def word(self) -> str:
        while True:
            syllables = self.rng.randint(2, 3)
            text = "".join(
                self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS) for _ in range(syllables)
            )
            text = (text + self.rng.choice(_CODAS)).capitalize()
            if text not in self._words and len(text) >= 5:
                self._words.add(text)
                return text

    def company(self) -> str:
        parts = [self.word()]
        if self.rng.random() < 0.3:
            parts.append(self.word())
        parts.append(self.rng.choice(GENERIC_WORDS))
        suffix = self.rng.choice(SUFFIXES)
        return " ".join([*parts, suffix] if suffix else parts)

    def payee_on_statement(self, name: str) -> str:
        """How a bank prints a name: upper case, maybe without suffix, maybe truncated."""
        text = name.upper()
        roll = self.rng.random()
        if roll < 0.3:
            text = " ".join(text.split()[:-1]) if len(text.split()) > 2 else text
        elif roll < 0.45:
            text = text[:18].rstrip()
        return text

    # -- identities ---------------------------------------------------------------------
    def next_number(self, series: str) -> int:
        self._sequence[series] = self._sequence.get(series, 0) + 1
        return self._sequence[series]

    def day(self, earliest: int = 0, margin: int = 0) -> date:
        return self.start + timedelta(
            days=self.rng.randint(earliest, max(earliest, self.days - margin))
        )

    def amount(self) -> int:
        """A positive invoice amount in pence, £10 to £20,000, skewed to the small end."""
        magnitude = self.rng.choice((3, 4, 4, 5, 5, 6))
        return self.rng.randint(10**magnitude, 2 * 10**magnitude)

    # -- invoices -------------------------------------------------------------------------
    def invoice(
        self,
        provider: str,
        total: int,
        issue: date,
        *,
        counterparty: str | None = None,
        status: InvoiceStatus = InvoiceStatus.OPEN,
        document_type: DocumentType = DocumentType.INVOICE,
        items_off_by: int = 0,
        settlement: Settlement | None = None,
        outstanding: int | None = None,
    ) -> Invoice:
        kind, direction, ident, number = self._identity(provider, issue)
        gross = Money(pence(total), "GBP")
        taxed = total % 6 == 0 and total > 0  # 20 % VAT on a sixth of invoices
        net = Money(pence(total * 5 // 6), "GBP") if taxed else gross
        # Content Ignite's items add up to the net amount, Elevate's to the gross.
        items_total = (net.amount if provider == CONTENT_IGNITE else gross.amount) + pence(
            items_off_by
        )
        return Invoice(
            provider=provider,
            provider_kind=kind,
            invoice_id=ident,
            number=number,
            direction=direction,
            currency="GBP",
            gross=gross,
            status=status,
            status_raw=status.value.upper(),
            issue_date=issue,
            due_date=issue + timedelta(days=30),
            period_start=issue - timedelta(days=30),
            period_end=issue - timedelta(days=1),
            net=net,
            tax=gross - net,
            amount_outstanding=Money(pence(outstanding), "GBP")
            if outstanding is not None
            else None,
            document_type=document_type,
            counterparty=Counterparty(name=counterparty),
            line_items=self._items(items_total),
            settlement=settlement,
        )

    def _identity(self, provider: str, issue: date) -> tuple[str, Direction, str, str]:
        if provider == CONTENT_IGNITE:
            ident = str(180000 + self.next_number(provider) * 7)
            return "content_ignite", Direction.PAYABLE, ident, ident
        if provider == VERSORI:
            url = f"https://billing.versori.com/invoices/in_{self.next_number(provider):06d}x"
            return "versori", Direction.PAYABLE, url, url
        if provider == ELEVATE_SALES:
            seq = self.next_number(provider)
            return (
                "elevate",
                Direction.RECEIVABLE,
                str(4_000_000 + seq),
                f"EL-{issue.year}-{seq:05d}",
            )
        seq = self.next_number(provider)
        return "elevate", Direction.PAYABLE, str(7_000_000 + seq), f"PI{seq:06d}"

    def _items(self, total: Decimal) -> tuple[LineItem, ...]:
        count = self.rng.randint(1, 3)
        cents = int(total.scaleb(2))
        cuts = sorted(self.rng.randint(0, abs(cents)) for _ in range(count - 1))
        sign = -1 if cents < 0 else 1
        bounds = [0, *cuts, abs(cents)]
        items = [
            LineItem(f"Service {k + 1}", Money(pence(sign * (bounds[k + 1] - bounds[k])), "GBP"))
            for k in range(count)
        ]
        items.append(
            LineItem("Usage summary", Money(pence(abs(cents) // 3), "GBP"), chargeable=False)
        )
        return tuple(items)

    # -- statement lines --------------------------------------------------------------------
    def line(self, day: date, amount: Decimal, description: str, **fields: str) -> LineDraft:
        self._lines += 1
        return LineDraft(self._lines, day, amount, description, **fields)

    def reference_text(self, invoice: Invoice) -> str:
        """The invoice number as a payer types it: as is, lower case, no or other separators."""
        number = invoice.number
        roll = self.rng.random()
        if roll < 0.25:
            return number.lower()
        if roll < 0.5:
            return number.replace("-", "")
        if roll < 0.7:
            return number.replace("-", " ")
        return number

    def payee_for(self, invoice: Invoice) -> str:
        if invoice.provider == CONTENT_IGNITE:
            return self.rng.choice((CONTENT_IGNITE.upper(), *CI_ALIASES))
        return self.payee_on_statement(invoice.counterparty.name or invoice.provider)
