"""Statement files whose import summary a test states to the penny: built here, in the
test's folder (no file is shipped). Each says what it holds and what it adds up to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

# A pounds statement with a currency column holding two payments in euros. The pounds add
# up: 1,000.50 + 2,500.00 - 1,200.00 - 3.40 = 2,297.10; the euros (-310.55 and +45.10) are
# not the balances' currency; row 8's amount does not read, so that row is skipped.
MIXED_ROWS = (
    ("Account", "GB29NWBK60161331926819"),
    ("Opening balance", 1000.50),
    (),
    ("Date", "Description", "Amount", "Currency"),
    (dt.date(2024, 3, 1), "Salary", 2500.00, "GBP"),
    (dt.date(2024, 3, 4), "Rent", -1200.00, "GBP"),
    (dt.date(2024, 3, 5), "Hotel Paris", -310.55, "EUR"),
    (dt.date(2024, 3, 7), "Card", "n/a", "GBP"),
    (dt.date(2024, 3, 9), "Refund", 45.10, "EUR"),
    (dt.date(2024, 3, 28), "Coffee", -3.40, "GBP"),
    (),
    ("Closing balance", 2297.10),
)


def mixed_workbook(folder: Path, name: str = "mixed.xlsx", closing: float = 2297.10) -> Path:
    """``MIXED_ROWS`` as a workbook (openpyxl), its closing balance ``closing``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Statement"
    for row in (*MIXED_ROWS[:-1], ("Closing balance", closing)):
        sheet.append(list(row))
    path = folder / name
    workbook.save(path)
    return path


# A csv with a running balance and no currency: every day is 12 or less, so its date order
# is a guess (day-first). The balance column gives the opening (1,100.00 - 100.00) and
# the closing balance; row 4's amount does not read, so that row is skipped.
RUNNING = (
    "Date,Description,Amount,Balance\n"
    "02/03/2024,Opening transfer,100.00,1100.00\n"
    "03/03/2024,Rent,-800.00,300.00\n"
    "04/03/2024,Card,n/a,300.00\n"
    "05/03/2024,Salary,2500.00,2800.00\n"
    "06/03/2024,Coffee,-4.50,2795.50\n"
)


def running_csv(folder: Path, name: str = "running.csv") -> Path:
    path = folder / name
    path.write_text(RUNNING, encoding="utf-8")
    return path
