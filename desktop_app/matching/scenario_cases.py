"""The situations a scenario is made of, each with the answer a perfect engine would give.

Every builder creates its invoices and statement lines and records, as ground truth, which
lines settle which invoices and which discrepancies must be reported. The truth describes
what happened in the world, not what the engine happens to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from desktop_app.domain.discrepancy import DiscrepancyType
from desktop_app.domain.invoice import Invoice, InvoiceKey
from desktop_app.matching.scenario_world import (
    ELEVATE_PURCHASES,
    ELEVATE_SALES,
    MERCHANTS,
    LineDraft,
    World,
    pence,
)

_IN = ("FASTER PAYMENT", "BGC", "CREDIT", "FPS CREDIT")
_OUT = ("DD", "BACS", "FPS", "DIRECT DEBIT", "PAYMENT TO")


@dataclass
class Case:
    name: str
    invoices: list[Invoice] = field(default_factory=list)
    lines: list[LineDraft] = field(default_factory=list)
    matches: list[tuple[tuple[InvoiceKey, ...], tuple[int, ...]]] = field(default_factory=list)
    discrepancies: list[tuple[DiscrepancyType, InvoiceKey | None, tuple[int, ...]]] = field(
        default_factory=list
    )

    def add(self, *invoices: Invoice) -> None:
        self.invoices.extend(invoices)

    def pays(self, invoices: Sequence[Invoice], lines: Sequence[LineDraft]) -> None:
        self.matches.append((tuple(i.key for i in invoices), tuple(line.ident for line in lines)))

    def flag(
        self,
        kind: DiscrepancyType,
        invoice: Invoice | None = None,
        lines: Sequence[LineDraft] = (),
    ) -> None:
        key = invoice.key if invoice is not None else None
        self.discrepancies.append((kind, key, tuple(line.ident for line in lines)))


class CaseBuilder:
    """One method per situation; ``payees`` are reused so payees have several invoices."""

    def __init__(self, world: World) -> None:
        self.w = world
        self.rng = world.rng
        self.companies: dict[str, list[str]] = {ELEVATE_SALES: [], ELEVATE_PURCHASES: []}

    # -- helpers ---------------------------------------------------------------------------
    def regular(self, total: int | None = None, **options: Any) -> Invoice:
        provider = ELEVATE_SALES if self.rng.random() < 0.7 else ELEVATE_PURCHASES
        return self.invoice(provider, total, **options)

    def invoice(
        self, provider: str, total: int | None = None, issue: date | None = None, **options: Any
    ) -> Invoice:
        name = self.company(provider) if provider in self.companies else None
        return self.w.invoice(
            provider,
            total if total is not None else self.w.amount(),
            issue or self.w.day(margin=40),
            counterparty=name,
            **options,
        )

    def company(self, provider: str) -> str:
        known = self.companies[provider]
        if known and self.rng.random() < 0.75:
            return self.rng.choice(known)
        name = self.w.company()
        known.append(name)
        return name

    def pay_day(self, invoice: Invoice) -> date:
        assert invoice.issue_date is not None
        late = self.rng.random() < 0.1
        return invoice.issue_date + timedelta(
            days=self.rng.randint(31, 70) if late else self.rng.randint(0, 30)
        )

    def pay(
        self,
        invoices: Sequence[Invoice],
        amount: Decimal | None = None,
        *,
        day: date | None = None,
        reference: bool = True,
        payee: bool | None = None,
        currency: str = "GBP",
    ) -> LineDraft:
        first = invoices[0]
        if amount is None:
            amount = sum((i.expected_bank_amount().amount for i in invoices), Decimal(0))
        with_payee = self.rng.random() < 0.7 if payee is None else payee
        refs = " ".join(self.w.reference_text(i) for i in invoices) if reference else ""
        name = self.w.payee_for(first) if with_payee or not reference else ""
        prefix = self.rng.choice(_IN if amount > 0 else _OUT)
        roll = self.rng.random()
        fields: dict[str, str] = {"currency": currency}
        if roll < 0.4:
            text = f"{prefix} {name} {refs}"
        elif roll < 0.7:
            text, fields["reference"] = f"{prefix} {name}", refs
        else:
            text, fields["counterparty"] = f"{prefix} {refs}", name
        when = day or self.pay_day(first)
        return self.w.line(when, amount, " ".join(text.split()), **fields)

    def noise_line(self, day: date | None = None, amount: Decimal | None = None) -> LineDraft:
        """A movement that settles no invoice: card spend, salaries, transfers, interest."""
        rng = self.rng
        when = day or self.w.day()
        roll = rng.random()
        if amount is not None or roll < 0.25:
            text = f"FPS {self.w.company().upper()} {rng.choice(('REF', 'INV', 'ORDER'))} {rng.randint(100, 9999)}"
            value = amount if amount is not None else pence(rng.randint(500, 2_000_000))
        elif roll < 0.65:
            text = (
                f"CARD PAYMENT TO {rng.choice(MERCHANTS)} {rng.randint(1000, 9999)} ON {when:%d-%m}"
            )
            value = -pence(rng.randint(100, 30_000))
        elif roll < 0.8:
            text = f"SALARY {self.w.word().upper()} {self.w.word().upper()}"
            value = -pence(rng.randint(150_000, 600_000))
        elif roll < 0.9:
            text = f"TRANSFER TO SAVINGS 40-{rng.randint(10, 99)}-{rng.randint(10, 99)} {rng.randint(10**7, 10**8 - 1)}"
            value = -pence(rng.randint(10_000, 500_000))
        else:
            text = f"REFUND {rng.choice(MERCHANTS)} {rng.randint(100, 999)}"
            value = pence(rng.randint(100, 20_000))
        return self.w.line(when, value, text, source_file="card.csv")

    # -- situations ------------------------------------------------------------------------
    def clean(self, case: Case) -> None:
        invoice = self.regular()
        line = self.pay([invoice], reference=True)
        case.add(invoice)
        case.lines.append(line)
        case.pays([invoice], [line])

    def payee_only(self, case: Case) -> None:
        invoice = self.regular()
        line = self.pay([invoice], reference=False, payee=True)
        case.add(invoice)
        case.lines.append(line)
        case.pays([invoice], [line])

    def batch(self, case: Case) -> None:
        provider = ELEVATE_SALES if self.rng.random() < 0.7 else ELEVATE_PURCHASES
        name = self.company(provider)
        first = self.w.day(margin=50)
        invoices = [
            self.w.invoice(
                provider,
                self.w.amount(),
                first + timedelta(days=self.rng.randint(0, 10)),
                counterparty=name,
            )
            for _ in range(self.rng.randint(2, 4))
        ]
        latest = max(i.issue_date for i in invoices if i.issue_date)
        day = latest + timedelta(days=self.rng.randint(0, 20))
        line = self.pay(invoices, day=day, reference=self.rng.random() < 0.5, payee=True)
        case.add(*invoices)
        case.lines.append(line)
        case.pays(invoices, [line])

    def split(self, case: Case) -> None:
        invoice = self.regular(total=self.rng.randint(5_000, 1_000_000))
        total = int(invoice.expected_bank_amount().amount.scaleb(2))
        count = self.rng.randint(2, 3)
        # Parts of at least a tenth each: nobody pays an invoice in instalments of 9p.
        whole, tenth = abs(total), abs(total) // 10
        if count == 2:
            cuts = [self.rng.randint(tenth, whole - tenth)]
        else:
            first = self.rng.randint(tenth, 4 * tenth)
            cuts = [first, self.rng.randint(first + tenth, whole - tenth)]
        bounds = [0, *cuts, whole]
        sign = -1 if total < 0 else 1
        day = self.pay_day(invoice)
        lines = [
            self.pay(
                [invoice],
                pence(sign * (bounds[k + 1] - bounds[k])),
                day=day + timedelta(days=7 * k + self.rng.randint(0, 3)),
                reference=self.rng.random() < 0.7,
            )
            for k in range(count)
        ]
        case.add(invoice)
        case.lines.extend(lines)
        case.pays([invoice], lines)

    def bank_fee(self, case: Case) -> None:
        invoice = self.regular()
        expected = invoice.expected_bank_amount().amount
        total = int(abs(expected).scaleb(2))
        tolerance = max(200, total * 3 // 100)
        fee = self.rng.randint(10, max(11, min(1500, tolerance * 9 // 10)))
        paid = expected - pence(fee) if expected > 0 else expected + pence(fee)
        line = self.pay([invoice], paid)
        case.add(invoice)
        case.lines.append(line)
        case.pays([invoice], [line])
        case.flag(DiscrepancyType.AMOUNT_MISMATCH, invoice, [line])

    def under_or_over(self, case: Case) -> None:
        invoice = self.regular(total=self.rng.randint(10_000, 500_000))
        expected = invoice.expected_bank_amount().amount
        percent = self.rng.choice((*range(40, 90), *range(112, 160)))
        paid = (expected * percent / 100).quantize(Decimal("0.01"))
        line = self.pay([invoice], paid, reference=True)
        case.add(invoice)
        case.lines.append(line)
        case.pays([invoice], [line])
        case.flag(DiscrepancyType.AMOUNT_MISMATCH, invoice, [line])

    def duplicate(self, case: Case) -> None:
        invoice = self.regular()
        first = self.pay([invoice], reference=True)
        again = self.w.line(
            first.day + timedelta(days=self.rng.randint(0, 5)),
            first.amount,
            first.description,
            reference=first.reference,
            counterparty=first.counterparty,
        )
        case.add(invoice)
        case.lines.extend([first, again])
        case.pays([invoice], [first])
        case.pays([invoice], [again])
        case.flag(DiscrepancyType.DUPLICATE_PAYMENT, invoice, [first, again])

    def repeat_in_parts(self, case: Case) -> None:
        """Paid in full, then paid again in two parts, each quoting the invoice (a standing
        order set up after the invoice was paid by hand): one payment too many."""
        invoice = self.regular(total=self.rng.randint(20_000, 500_000))
        full = self.pay([invoice], reference=True)
        total = int(abs(full.amount).scaleb(2))
        cut = self.rng.randint(total // 5, total - total // 5)
        sign = -1 if full.amount < 0 else 1
        later = full.day + timedelta(days=self.rng.randint(10, 25))
        parts = [
            self.pay([invoice], pence(sign * share), day=later + timedelta(days=7 * k),
                     reference=True)
            for k, share in enumerate((cut, total - cut))
        ]  # fmt: skip
        case.add(invoice)
        case.lines.extend([full, *parts])
        case.pays([invoice], [full])
        case.pays([invoice], parts)
        case.flag(DiscrepancyType.DUPLICATE_PAYMENT, invoice, [full, *parts])
