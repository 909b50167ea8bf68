"""Planted statements: deterministic, consistent with their truth, rows as written."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain import (
    Direction,
    DiscrepancyType,
    DocumentType,
    Invoice,
    InvoiceStatus,
    Money,
)
from desktop_app.sandbox.statements import closing_balance, plan_statement, write_csv, write_xlsx
from desktop_app.ui.backend.demo import DEMO_CURRENCY, sample_statements
from tests.statements.held import steps_of


def invoice(n: int, status: InvoiceStatus = InvoiceStatus.PAID, **extra: object) -> Invoice:
    fields: dict[str, object] = {
        "provider": "Elevate",
        "provider_kind": "elevate",
        "invoice_id": str(n),
        "number": f"EL-2025-{n:05d}",
        "direction": Direction.RECEIVABLE,
        "currency": "GBP",
        "gross": Money(Decimal(100 + n) + Decimal("0.25"), "GBP"),
        "status": status,
        "status_raw": status.value.upper(),
        "issue_date": date(2025, 1, 1 + n % 28),
        "amount_outstanding": Money("10.00", "GBP"),
    }
    fields.update(extra)
    return Invoice(**fields)  # type: ignore[arg-type]


INVOICES = [invoice(n) for n in range(60)] + [
    invoice(100, InvoiceStatus.VOID),
    invoice(101, InvoiceStatus.DRAFT),
    invoice(102, InvoiceStatus.PARTIALLY_PAID),
    invoice(
        103,
        InvoiceStatus.REFUNDED,
        gross=Money("-40.00", "GBP"),
        document_type=DocumentType.CREDIT_NOTE,
    ),
]
START, END = date(2025, 1, 1), date(2025, 3, 31)


def test_same_seed_same_statement_and_another_seed_differs() -> None:
    first = plan_statement(INVOICES, start=START, end=END, seed=3)
    assert first.lines == plan_statement(INVOICES, start=START, end=END, seed=3).lines
    assert first.lines != plan_statement(INVOICES, start=START, end=END, seed=4).lines


def test_every_invoice_expecting_payment_is_paid_or_reported() -> None:
    plan = plan_statement(INVOICES, start=START, end=END, seed=1)
    paid = {key for key, _ in plan.expected_pairs()}
    reported = {d.invoice for d in plan.discrepancies if d.invoice is not None}
    for inv in INVOICES:
        expects = inv.status.expects_payment
        assert (inv.key in paid or inv.key in reported) == expects, inv.key
    assert plan.expected_types()[DiscrepancyType.UNMATCHED_PAYMENT] == 6


def test_planted_amounts_follow_direction_and_outcome() -> None:
    plan = plan_statement(INVOICES, start=START, end=END, seed=1)
    by_key = {inv.key: inv for inv in INVOICES}
    mismatched = {
        d.invoice for d in plan.discrepancies if d.type is DiscrepancyType.AMOUNT_MISMATCH
    }
    totals: dict[object, Decimal] = {}
    for line in plan.lines:
        for key in line.pays:
            totals[key] = totals.get(key, Decimal(0)) + line.amount
    for key, total in totals.items():
        expected = by_key[key].expected_bank_amount().amount
        duplicated = any(
            d.type is DiscrepancyType.DUPLICATE_PAYMENT and d.invoice == key
            for d in plan.discrepancies
        )
        if duplicated:
            assert total == 2 * expected
        elif key in mismatched:
            assert total != expected
        else:
            assert total == expected
    refund = next(line for line in plan.lines if by_key[INVOICES[-1].key].key in line.pays)
    assert refund.amount == Decimal("-40.00")  # a receivable credit note is money out


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_writers_report_the_rows_they_wrote(writer: object, tmp_path: Path) -> None:
    plan = plan_statement(INVOICES, start=START, end=END, seed=2)
    path = tmp_path / ("s.csv" if writer is write_csv else "s.xlsx")
    rows = writer(plan, path)  # type: ignore[operator]
    assert len(rows) == len(plan.lines)
    if path.suffix == ".csv":
        physical = path.read_text(encoding="utf-8").splitlines()
        for line, row in zip(plan.lines, rows, strict=True):
            cells = next(csv.reader([physical[row - 1]]))
            assert cells[1] == line.description
            assert Decimal(cells[2]) == line.amount
    else:
        sheet = openpyxl.load_workbook(path).active
        for line, row in zip(plan.lines, rows, strict=True):
            assert sheet.cell(row, 2).value == line.description
            debit, credit = sheet.cell(row, 3).value, sheet.cell(row, 4).value
            amount = Decimal(str(credit)) if credit is not None else -Decimal(str(debit))
            assert amount == line.amount


def test_a_statement_written_to_follow_another_opens_at_its_closing(tmp_path: Path) -> None:
    """One account's consecutive statements, as the demo's samples are written: the second
    opens at the balance the first closes at, so nothing reads as missing between them."""
    first = plan_statement(INVOICES, start=START, end=date(2025, 2, 14), seed=2)
    second = plan_statement(INVOICES, start=date(2025, 2, 15), end=END, seed=3)
    write_csv(first, tmp_path / "one.csv")
    write_xlsx(second, tmp_path / "two.xlsx", opening=closing_balance(first))
    [step] = steps_of(tmp_path / "one.csv", tmp_path / "two.xlsx", currency="GBP")
    assert step.carried == closing_balance(first) == step.opening
    assert step.follows


def test_the_demos_sample_statements_follow_each_other() -> None:
    """As shipped in resources/: the demo says no movements are missing between them."""
    [step] = steps_of(*sample_statements(), currency=DEMO_CURRENCY)
    assert (step.earlier.source_file, step.later.source_file) == (
        "current-account-1.csv",
        "current-account-2.xlsx",
    )
    assert step.follows
