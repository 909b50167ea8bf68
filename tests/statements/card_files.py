"""Small statement files for the wizard and backend tests.

``card_file`` is a card export whose every day is 12 or less, so nothing in it settles the
date order: the file an accountant corrects (month-first) and saves a profile for.
``dated_file`` and ``date_cells_file`` hold whatever dates a test is about, with amounts
written with a decimal point (the first is -1234.56), or stored as numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import openpyxl

AMOUNTS = ("-1234.56", "-4.50", "2500.00")
# How the warning of a day-first guess begins (``date_order.guess_warning``): a file whose
# every day is 12 or less says nothing of its order, unless its headers' language does.
GUESSED_DAY_FIRST = "date order guessed: the dates are read day-first (Day/Month/Year) because "


def card_file(folder: Path, month: int) -> Path:
    """The export of ``month`` 2024: a rent and a fee on days 2 and 3."""
    path = folder / f"card-2024-{month:02d}.csv"
    path.write_text(
        f"Date,Description,Amount\n02/{month:02d}/2024,Rent,-800.00\n"
        f"03/{month:02d}/2024,Fee,-4.50\n"
    )
    return path


def dated_file(folder: Path, dates: Sequence[str], name: str = "dated.csv") -> Path:
    """A csv with one line per date, in rows 2 on, the amounts taken in turn from
    ``AMOUNTS``."""
    path = folder / name
    lines = (
        f"{date},Line {number},{AMOUNTS[number % len(AMOUNTS)]}"
        for number, date in enumerate(dates)
    )
    path.write_text("Date,Description,Amount\n" + "\n".join(lines) + "\n")
    return path


def date_cells_file(folder: Path, name: str = "cells.xlsx") -> Path:
    """A workbook whose dates are date cells and whose amounts are number cells."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Date", "Description", "Amount"])
    sheet.append([dt.date(2024, 3, 15), "Rent", -1234.56])
    sheet.append([dt.date(2024, 3, 16), "Fee", -4.5])
    path = folder / name
    workbook.save(path)
    return path


def long_giro_file(folder: Path, name: str = "giro.csv") -> Path:
    """A German giro export of 5,000 lines: card payments in whole euros in 'Soll', and
    one credit in 'Haben', the salary in the last row (5,001), written with a decimal
    comma: the one amount in the file that says which mark it uses."""
    rows = [
        f"{1 + number % 28:02d}.03.2024;Karte {number};{12 + number % 7};" for number in range(4999)
    ]
    rows.append("28.03.2024;Gehalt;;2.500,00")
    path = folder / name
    path.write_text("Datum;Text;Soll;Haben\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path
