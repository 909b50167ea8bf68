"""Statement files whose dates overlap but which hold no movement in common (they clash),
for the continuity check's tests and the report's: built here, in the test's folder.
Each file's own bridge ties."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl

from tests.statements.test_continuity import Row, write_statement

# 1-20 Oct, opening £10,000.00 (closing £11,146.62); no currency column.
STERLING_ROWS = [
    ("2025-10-01", "BANK CHARGES SEP", "-12.00"),
    ("2025-10-02", "EL-2025-00151 CUSTOMER 1047", "276.62"),
    ("2025-10-10", "EL-2025-00159 CUSTOMER 1050", "632.00"),
    ("2025-10-20", "EL-2025-00165 CUSTOMER 1061", "250.00"),
]
# 1-16 Oct, opening €0.00, closing €720.00.
EURO_ROWS = [
    ("2025-10-01", "OPENING TRANSFER", "100.00"),
    ("2025-10-16", "EL-2025-00156 CUSTOMER 1012", "620.00"),
]


# Two accounts' files, neither naming its account, all in pounds. Account A: October in
# two files, the second opening where the first closed. Account B: its own October and
# November, November opening where October closed.
A_FIRST = [("2025-10-01", "CARD 1041", "-100.00"), ("2025-10-16", "CUSTOMER 1047", "50.00")]
A_SECOND = [("2025-10-17", "CUSTOMER 1050", "20.00"), ("2025-10-31", "RENT", "-30.00")]
B_OCTOBER = [("2025-10-02", "INTEREST", "1.00"), ("2025-10-20", "CUSTOMER 2001", "2.00")]
B_NOVEMBER = [("2025-11-03", "CUSTOMER 2002", "4.00")]


def write_xlsx_statement(path: Path, opening: str, rows: Sequence[Row]) -> Path:
    """An xlsx (openpyxl) in pounds with a running balance from ``opening``: its dates
    Excel dates, its amounts numbers, as a bank's download writes them."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Date", "Description", "Amount", "Currency", "Balance"])
    balance = Decimal(opening)
    for day, text, amount in rows:
        balance += Decimal(amount)
        sheet.append([date.fromisoformat(day), text, float(amount), "GBP", float(balance)])
    workbook.save(path)
    return path


def two_accounts(folder: Path, b_november_opening: str = "5003.00") -> list[Path]:
    """Account A's files as csv, account B's as xlsx, in the order given on a command
    line: A closes 16 Oct at £950.00 and opens 17 Oct there; B closes 20 Oct at
    £5,003.00, and its November opens at ``b_november_opening``."""
    return [
        write_statement(folder / "a-oct-1.csv", "1000.00", A_FIRST),
        write_xlsx_statement(folder / "b-oct.xlsx", "5000.00", B_OCTOBER),
        write_statement(folder / "a-oct-2.csv", "950.00", A_SECOND),
        write_xlsx_statement(folder / "b-nov.xlsx", b_november_opening, B_NOVEMBER),
    ]


# One account's two October files in pounds, naming it, each tying on its own: the first
# 1-10 Oct, the second 5-20 Oct (one of them filtered, say), sharing no movement. Said
# so, in the report's Summary and wherever the breaks are said.
ONE_ACCOUNT_CLASH = (
    "second.csv and first.csv clash and are not compared: their dates overlap (5 Oct 2025 "
    "to 10 Oct 2025) yet they hold no movement in common, so they are not one account's "
    "consecutive statements."
)


def one_account_clashing(folder: Path, account: str) -> list[Path]:
    """``account``'s first.csv (closing £10,896.62) and second.csv (opening £500.00,
    closing £745.00 on 20 Oct), which clash (``ONE_ACCOUNT_CLASH``)."""
    return [
        write_statement(folder / "first.csv", "10000.00", STERLING_ROWS[:3], account=account),
        write_statement(
            folder / "second.csv",
            "500.00",
            [("2025-10-05", "CARD 1041", "-5.00"), STERLING_ROWS[3]],
            account=account,
        ),
    ]
