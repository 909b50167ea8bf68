"""A saved profile (or a mapping given) replaces the detected decisions, and their evidence
with them; what reading the sheet found before any decision (Excel serial numbers read as
dates, DATEV's year-less dates, float residue rounded off) is kept beside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import (
    JsonProfileStore,
    Mapping,
    StatementImport,
    import_statement,
    profile_from_layout,
)
from tests.statements.test_statement_account import NO_ACCOUNT

# Dates that lost their date format (Excel serial numbers under a 'Date' header) and an
# amount holding floating-point residue (=100-99.99).
SERIAL_ROWS = [
    ["Date", "Text", "Amount"],
    [45352, "Shop", -12.5],
    [45354, "Refund", 100 - 99.99],
    [45356, "Fee", -3.25],
]
SERIAL_DATES = (
    "column 1: 3 Excel serial numbers read as dates: whole days under the date header 'Date'"
)
RESIDUE = (
    "column 'Amount': 1 number cell read to 2 decimals like the column's other numbers, the "
    "digits after them being floating-point residue (0.0100000000000051 read as 0.01)"
)
CORRECTION = Mapping(columns={"date": "Date", "amount": "Amount"}, currency="EUR")

NO_CURRENCY = (
    "the file does not say; none read (choose one for its lines: the import wizard's "
    "Currency, or reconcile's --currency)"
)


def _corrected(how: str, path: Path, tmp_path: Path) -> StatementImport:
    if how == "mapping":
        return import_statement(path, mapping=CORRECTION)
    store = JsonProfileStore(tmp_path / "profiles.json")
    detected = import_statement(path, profiles=store)
    assert detected.layout is not None
    store.save(profile_from_layout("Card", detected.layout, CORRECTION))
    return import_statement(path, profiles=JsonProfileStore(tmp_path / "profiles.json"))


def test_detection_notes_the_serial_dates_and_the_residue(
    write_xlsx: Callable[..., Path],
) -> None:
    result = import_statement(write_xlsx({"Sheet": SERIAL_ROWS}))
    assert result.layout is not None
    assert result.layout.evidence == (
        ("format", ("an Excel workbook (xlsx), detected from its content",)),
        (
            "dates",
            (
                SERIAL_DATES,
                (
                    "booking date: column 'Date' (3 of 3 transaction rows have a date; "
                    "the header says date)"
                ),
            ),
        ),
        ("header", ("row 1 names the columns",)),
        ("numbers", (RESIDUE,)),
        ("date_order", ("dates are unambiguous (ISO, compact, month names or real date cells)",)),
        ("amount", ("amount: column 'Amount' (3 of 3 rows)",)),
        ("text", ("description: 'Text'",)),
        ("currency", (NO_CURRENCY,)),
        ("account", (NO_ACCOUNT,)),
    )


# How a profile or a mapping given is named: in the layout, and in each decision it made.
APPLIED = [
    ("profile", "Card", "set by the saved profile 'Card'"),
    ("mapping", "mapping given", "set by the mapping"),
]


@pytest.mark.parametrize(("how", "applied", "by"), APPLIED)
def test_a_profile_or_mapping_keeps_what_reading_the_sheet_found(
    how: str, applied: str, by: str, write_xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    result = _corrected(how, write_xlsx({"Sheet": SERIAL_ROWS}), tmp_path)
    assert result.layout is not None
    assert result.layout.profile == applied
    assert result.layout.evidence == (
        ("format", ("an Excel workbook (xlsx), detected from its content",)),
        ("dates", (SERIAL_DATES, f"booking date: {by}")),
        ("header", ("row 1 names the columns",)),
        ("numbers", (RESIDUE,)),
        ("date_order", ("dates are unambiguous (ISO, compact, month names or real date cells)",)),
        ("amount", (f"amount: {by}",)),
        ("text", ("description: 'Text'",)),
        ("currency", (f"EUR ({by})",)),
        ("profile", (f"applied: {applied}",)),
        ("account", (NO_ACCOUNT,)),
    )
    assert [(line.date, line.amount, line.currency) for line in result.lines] == [
        (dt.date(2024, 3, 1), Decimal("-12.5"), "EUR"),
        (dt.date(2024, 3, 3), Decimal("0.01"), "EUR"),
        (dt.date(2024, 3, 5), Decimal("-3.25"), "EUR"),
    ]


# A DATEV EXTF batch: its Belegdatum is DDMM, the year comes from the batch period.
DATEV = (
    '"EXTF";700;21;"Buchungsstapel";13;20240105120000000;;"RE";"";"";1001;10001;20240101;4;'
    '20240101;20240131;"Januar";"";1;0;0;"EUR";;;;;;\r\n'
    "Umsatz (ohne Soll/Haben-Kz);Soll/Haben-Kennzeichen;WKZ Umsatz;Konto;"
    "Gegenkonto (ohne BU-Schlüssel);Belegdatum;Belegfeld 1;Buchungstext\r\n"
    "119,00;S;EUR;1200;8400;0501;RE-1;Rechnung Müller\r\n"
    "59,50;H;EUR;1200;4930;1201;ER-7;Bürobedarf\r\n"
    "23,80;S;EUR;1200;8400;2001;RE-2;Rechnung Schmidt\r\n"
)


def test_a_profile_keeps_the_datev_note(write_csv: Callable[..., Path], tmp_path: Path) -> None:
    path = write_csv(DATEV, "EXTF_Buchungsstapel.csv")
    store = JsonProfileStore(tmp_path / "profiles.json")
    detected = import_statement(path, profiles=store)
    assert detected.layout is not None
    store.save(profile_from_layout("DATEV", detected.layout, Mapping(columns={"date": 6})))

    result = import_statement(path, profiles=store)
    assert result.layout is not None
    assert result.layout.profile == "DATEV"
    evidence = dict(result.layout.evidence)
    assert evidence["format"] == (
        "delimited text, detected from its content",
        "encoding: valid UTF-8",
        "delimiter: semicolon: 4 of 5 sampled lines have 8 fields",
        (
            "DATEV EXTF ledger export: 'Belegdatum' has no year, placed in the batch period "
            "2024-01-01 to 2024-01-31"
        ),
    )
    assert evidence["dates"] == ("booking date: set by the saved profile 'DATEV'",)
    assert evidence["profile"] == ("applied: DATEV",)
    assert [(line.date, line.amount) for line in result.lines] == [
        (dt.date(2024, 1, 5), Decimal("119.00")),
        (dt.date(2024, 1, 12), Decimal("-59.50")),
        (dt.date(2024, 1, 20), Decimal("23.80")),
    ]


# The type column holds the longest text, so detection would take it for the description
# wherever the description column is taken; the corrections name the description column.
TYPED = (
    "Date,Type,Description,Amount\n"
    "2024-03-01,Card payment,Grocer,-45.20\n"
    "2024-03-03,Transfer in,Pay,100.00\n"
    "2024-03-05,Card payment,Fuel,-60.00\n"
)
DESCRIBED = Mapping(columns={"description": "Description"})
TYPED_AS_REFERENCE = Mapping(columns={"description": "Description", "reference": "Type"})


@pytest.mark.parametrize(("how", "applied", "by"), APPLIED)
@pytest.mark.parametrize(
    ("correction", "roles", "references"),
    [
        (DESCRIBED, ("description",), ["", "", ""]),
        (
            TYPED_AS_REFERENCE,
            ("description", "reference"),
            ["Card payment", "Transfer in", "Card payment"],
        ),
    ],
)
def test_text_roles_set_by_a_profile_or_mapping_say_so(
    how: str,
    applied: str,
    by: str,
    correction: Mapping,
    roles: tuple[str, ...],
    references: list[str],
    write_csv: Callable[..., Path],
    tmp_path: Path,
) -> None:
    """Not the guess made among the columns the correction left (the detection's would be
    "description: column 'Type', the longest text"), which the lines do not read."""
    path = write_csv(TYPED)
    if how == "mapping":
        result = import_statement(path, mapping=correction)
    else:
        store = JsonProfileStore(tmp_path / "profiles.json")
        detected = import_statement(path, profiles=store)
        assert detected.layout is not None
        store.save(profile_from_layout("Card", detected.layout, correction))
        result = import_statement(path, profiles=store)
    assert result.layout is not None
    assert result.layout.profile == applied
    assert dict(result.layout.evidence)["text"] == tuple(f"{role}: {by}" for role in roles)
    assert [line.description for line in result.lines] == ["Grocer", "Pay", "Fuel"]
    assert [line.reference for line in result.lines] == references


# Every decision a mapping can make of a text file's sheet: header row, dates and their
# order, decimal mark, debit and credit with their balance (newest first), currency column
# and description.
EVERYTHING = (
    "Kontoauszug\n"
    "\n"
    "Datum;Text;Soll;Haben;Saldo;Whg\n"
    "05.03.2024;Tankstelle;60,00;;1.034,80;EUR\n"
    "04.03.2024;Gehalt;;100,00;1.094,80;EUR\n"
    "02.03.2024;Markt;45,20;;994,80;EUR\n"
    "01.03.2024;Miete;500,00;;1.040,00;EUR\n"
)
NEWEST_FIRST = "balance after each row, newest first"
EVERY_DECISION = Mapping(
    header_row=3,
    columns={
        "date": "Datum",
        "description": "Text",
        "debit": "Soll",
        "credit": "Haben",
        "balance": "Saldo",
        "currency": "Whg",
    },
    date_order="DMY",
    decimal_mark=",",
)


@pytest.mark.parametrize(("how", "applied", "by"), APPLIED)
def test_every_decision_names_the_profile_or_the_mapping_that_made_it(
    how: str, applied: str, by: str, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_csv(EVERYTHING)
    if how == "mapping":
        result = import_statement(path, mapping=EVERY_DECISION)
    else:
        store = JsonProfileStore(tmp_path / "profiles.json")
        detected = import_statement(path, profiles=store)
        assert detected.layout is not None
        store.save(profile_from_layout("Card", detected.layout, EVERY_DECISION))
        result = import_statement(path, profiles=store)
    assert result.layout is not None
    assert result.layout.profile == applied
    assert result.warnings == ()
    assert [line.balance for line in result.lines] == [
        Decimal(value) for value in ("1034.80", "1094.80", "994.80", "1040.00")
    ]
    set_by = [
        (decision, line)
        for decision, lines in result.layout.evidence
        for line in lines
        if "set by" in line
    ]
    assert set_by == [
        ("header", f"row 3 ({by})"),
        ("dates", f"booking date: {by}"),
        ("date_order", by),
        ("decimal_marks", f"',' for every column ({by})"),
        ("amount", f"debit and credit: {by}"),
        ("amount", f"balance: column 'Saldo' {by} ({NEWEST_FIRST}; 3 of 3 steps add up)"),
        ("text", f"description: {by}"),
        ("currency", f"currency: column {by}"),
    ]
