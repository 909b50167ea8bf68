"""The awkward situations: void invoices, traps, numeric ids, credit notes, statuses.

Kept apart from the ordinary payment shapes (``scenario_cases.py``) so each file reads as
one list of situations with their ground truth.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from desktop_app.domain.discrepancy import DiscrepancyType
from desktop_app.domain.invoice import DocumentType, InvoiceStatus, Settlement
from desktop_app.domain.money import Money
from desktop_app.matching.scenario_cases import Case, CaseBuilder
from desktop_app.matching.scenario_world import (
    CONTENT_IGNITE,
    ELEVATE_PURCHASES,
    ELEVATE_SALES,
    MERCHANTS,
    VERSORI,
    pence,
)


class ScenarioCases(CaseBuilder):
    def void_replaced(self, case: Case) -> None:
        """A void invoice re-issued under a new number for the same amount; the new one is paid."""
        provider = ELEVATE_SALES if self.rng.random() < 0.7 else ELEVATE_PURCHASES
        name = self.company(provider)
        total = self.w.amount()
        issue = self.w.day(margin=45)
        void = self.w.invoice(provider, total, issue, counterparty=name, status=InvoiceStatus.VOID)
        new = self.w.invoice(
            provider, total, issue + timedelta(days=self.rng.randint(1, 5)), counterparty=name
        )
        line = self.pay([new], reference=self.rng.random() < 0.5, payee=True)
        case.add(void, new)
        case.lines.append(line)
        case.pays([new], [line])

    def void_paid(self, case: Case) -> None:
        void = self.regular(status=InvoiceStatus.VOID)
        line = self.pay([void], reference=True, payee=True)
        case.add(void)
        case.lines.append(line)
        case.flag(DiscrepancyType.VOID_INVOICE_PAID, void, [line])

    def same_amount_trap(self, case: Case) -> None:
        """An unrelated payment of exactly the invoice's amount, days from the real one."""
        invoice = self.regular()
        line = self.pay([invoice], reference=True)
        trap_day = line.day + timedelta(days=self.rng.randint(-3, 3))
        trap = self.noise_line(trap_day, invoice.expected_bank_amount().amount)
        case.add(invoice)
        case.lines.extend([line, trap])
        case.pays([invoice], [line])
        case.flag(DiscrepancyType.UNMATCHED_PAYMENT, None, [trap])

    def numeric_id(self, case: Case) -> None:
        """Content Ignite ids are bare numbers; they also turn up inside other numbers."""
        usd = self.rng.random() < 0.2
        total = self.w.amount()
        settlement = None
        if usd:
            leg = Money(pence(total * 127 // 100), "USD")
            settlement = Settlement("USD", leg, Decimal("1.27"))
        invoice = self.invoice(CONTENT_IGNITE, total, settlement=settlement)
        amount = -(settlement.amount.amount if settlement and settlement.amount else pence(total))
        line = self.pay(
            [invoice], amount, reference=True, payee=True, currency="USD" if usd else "GBP"
        )
        ident = invoice.invoice_id
        inside = self.w.line(
            line.day + timedelta(days=1),
            -pence(self.rng.randint(100, 20_000)),
            f"CARD {self.rng.randint(1, 9)}{ident} {self.rng.choice(MERCHANTS)}",
            source_file="card.csv",
        )
        bare = self.w.line(
            line.day + timedelta(days=2),
            -pence(self.rng.randint(100, 5_000)),
            f"PARKING REF {ident}",
            source_file="card.csv",
        )
        case.add(invoice)
        case.lines.extend([line, inside, bare])
        case.pays([invoice], [line])
        case.flag(DiscrepancyType.UNMATCHED_PAYMENT, None, [inside])
        case.flag(DiscrepancyType.UNMATCHED_PAYMENT, None, [bare])

    def versori(self, case: Case) -> None:
        """Versori has no invoice number a bank would carry: payee and amount only."""
        invoice = self.invoice(VERSORI)
        line = self.pay([invoice], reference=False, payee=True)
        case.add(invoice)
        case.lines.append(line)
        case.pays([invoice], [line])

    def credit_note(self, case: Case) -> None:
        """A negative invoice settled the other way: we refund a customer, a supplier refunds us."""
        invoice = self.regular(total=-self.w.amount(), document_type=DocumentType.CREDIT_NOTE)
        line = self.pay([invoice], reference=True)
        case.add(invoice)
        case.lines.append(line)
        case.pays([invoice], [line])

    def unpaid(self, case: Case) -> None:
        invoice = self.regular()
        case.add(invoice)
        case.flag(DiscrepancyType.UNPAID_INVOICE, invoice)

    def status_conflict(self, case: Case) -> None:
        invoice = self.regular(status=InvoiceStatus.PAID)
        case.add(invoice)
        case.flag(DiscrepancyType.STATUS_CONFLICT, invoice)

    def line_items(self, case: Case) -> None:
        off = self.rng.choice((-1, 1)) * self.rng.randint(1, 50_000)
        invoice = self.regular(items_off_by=off)
        line = self.pay([invoice])
        case.add(invoice)
        case.lines.append(line)
        case.pays([invoice], [line])
        case.flag(DiscrepancyType.LINE_ITEMS_MISMATCH, invoice)

    def currency_mismatch(self, case: Case) -> None:
        invoice = self.regular()
        euros = (invoice.expected_bank_amount().amount * Decimal("1.17")).quantize(Decimal("0.01"))
        line = self.pay([invoice], euros, reference=True, currency="EUR")
        case.add(invoice)
        case.lines.append(line)
        case.pays([invoice], [line])
        case.flag(DiscrepancyType.CURRENCY_MISMATCH, invoice, [line])

    def not_expected(self, case: Case) -> None:
        """Drafts, upcoming invoices and zero invoices: nobody pays them, nothing to report."""
        roll = self.rng.random()
        if roll < 0.4:
            invoice = self.regular(status=InvoiceStatus.DRAFT)
        elif roll < 0.7:
            invoice = self.invoice(VERSORI, document_type=DocumentType.UPCOMING)
        else:
            invoice = self.regular(total=0)
        case.add(invoice)

    def outstanding(self, case: Case) -> None:
        """Partly paid before this statement: the payment is the outstanding balance."""
        total = self.rng.randint(20_000, 500_000)
        rest = total * self.rng.randint(20, 80) // 100
        invoice = self.regular(total=total, status=InvoiceStatus.PARTIALLY_PAID, outstanding=rest)
        sign = invoice.direction.expected_sign
        line = self.pay([invoice], pence(rest) * sign, reference=True)
        case.add(invoice)
        case.lines.append(line)
        case.pays([invoice], [line])
