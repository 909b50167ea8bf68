"""Write a planned statement the way two different banks would export it.

The csv is a plain UK current-account export; the xlsx has a preamble, real date cells and
separate debit/credit columns. Both exercise layout inference the way real exports do.
Each writer returns the file row of every planned line, which is how the truth is checked.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from desktop_app.sandbox.statements.planting import StatementPlan

OPENING_BALANCE = Decimal("25000.00")


def _balances(plan: StatementPlan, opening: Decimal) -> list[Decimal]:
    balance, result = opening, []
    for line in plan.lines:
        balance += line.amount
        result.append(balance)
    return result


def closing_balance(plan: StatementPlan, opening: Decimal = OPENING_BALANCE) -> Decimal:
    """The balance after the plan's last line: where the account's next statement opens."""
    return opening + sum((line.amount for line in plan.lines), Decimal(0))


def write_csv(plan: StatementPlan, path: Path, opening: Decimal = OPENING_BALANCE) -> list[int]:
    """Date (dd/mm/yyyy), Description, Amount (signed), Balance; row 1 is the header. The
    balance runs from ``opening``: the account's previous statement's closing balance."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Description", "Amount", "Balance"])
        for line, balance in zip(plan.lines, _balances(plan, opening), strict=True):
            writer.writerow(
                [line.date.strftime("%d/%m/%Y"), line.description, line.amount, balance]
            )
    return [index + 2 for index in range(len(plan.lines))]


def write_xlsx(plan: StatementPlan, path: Path, opening: Decimal = OPENING_BALANCE) -> list[int]:
    """A preamble (the opening balance, ``opening``, among it), then Booking date /
    Details / Debit / Credit / Balance / Currency."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Transactions"
    sheet.append(["Demo Ltd business current account"])
    sheet.append(["Statement period", f"{plan.start:%d %b %Y} to {plan.end:%d %b %Y}"])
    sheet.append(["Opening balance", opening])
    sheet.append([])
    sheet.append(["Booking date", "Details", "Debit", "Credit", "Balance", "Currency"])
    first_row = sheet.max_row + 1
    for line, balance in zip(plan.lines, _balances(plan, opening), strict=True):
        debit = -line.amount if line.amount < 0 else None
        credit = line.amount if line.amount >= 0 else None
        sheet.append([line.date, line.description, debit, credit, balance, plan.currency])
        sheet.cell(sheet.max_row, 1).number_format = "DD/MM/YYYY"
    workbook.save(path)
    return [first_row + index for index in range(len(plan.lines))]
