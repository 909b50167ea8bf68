"""One account's November statement twice: a csv stating its currency (a Currency column,
GBP) and a later workbook stating none, overlapping on 7 and 11 Nov with the same
bookings and balances (as a bank's two downloads of it are)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

STATED = (
    "Date,Description,Amount,Currency,Balance\n"
    "03/11/2025,EL-2025-00174 CUSTOMER PAYMENT,500.65,GBP,-20735.81\n"
    "07/11/2025,EL-2025-00184 CUSTOMER,1678.48,GBP,-19057.33\n"
    "11/11/2025,CONTENT IGNITE 3469,-33945.68,GBP,-53003.01\n"
)
UNSTATED_ROWS = (
    (dt.datetime(2025, 11, 7), "EL-2025-00184 CUSTOMER", 1678.48, -19057.33),
    (dt.datetime(2025, 11, 11), "CONTENT IGNITE 3469", -33945.68, -53003.01),
    (dt.datetime(2025, 11, 17), "VERSORI LTD DD", -715.36, -53718.37),
)
# The later workbook's rows that repeat the csv's, and the line each repeats.
REPEATED = {"nov-late.xlsx:2": "nov-cur.csv:3", "nov-late.xlsx:3": "nov-cur.csv:4"}
HELD = ["nov-cur.csv:2", "nov-cur.csv:3", "nov-cur.csv:4", "nov-late.xlsx:4"]


def write_stated(folder: Path, text: str = STATED) -> Path:
    path = folder / "nov-cur.csv"
    path.write_text(text, encoding="utf-8")
    return path


def write_unstated(folder: Path) -> Path:
    """The workbook stating no currency (as the tester's, its amounts numbers)."""
    path = folder / "nov-late.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Date", "Description", "Amount", "Balance"])
    for row in UNSTATED_ROWS:
        sheet.append(list(row))
    book.save(path)
    return path
