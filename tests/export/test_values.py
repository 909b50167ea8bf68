"""Every cell of the Discrepancies and Matches sheets, read back by openpyxl and calamine."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.export.readback import Report
from tests.export.scenario import FORMULA_TEXTS, NON_ASCII, VERSORI_URL

URL89 = "https://api.versori.com/invoices/89"
CI, VS, EL = "Content Ignite", "Versori", "Elevate Billing"
GBP, EUR, JPY, PLAIN = '"£"#,##0.00', '"€"#,##0.00', '"¥"#,##0', "#,##0.00"
M = Decimal
UNMATCHED = "no invoice for this line"


def d(day: int, month: int = 3) -> date:
    return date(2024, month, day)


# The contract's 16 columns, row by row, worked out by hand from tests/export/scenario.py.
DISCREPANCIES: list[tuple[Any, ...]] = [
    ("UNPAID_INVOICE", EL, "ELV-1", "INV-0042", d(1), None, "GBP", M("300.00"), None, None, None, None, None, None, None, "no payment found"),
    ("STATUS_CONFLICT", EL, "ELV-2", "INV-0043", d(1), d(31), "GBP", M("450.50"), None, None, None, None, None, None, None, "Elevate says PAID; no payment found"),
    ("UNMATCHED_PAYMENT", None, None, None, None, None, "GBP", None, None, None, "bank.csv", 9, d(5), M("-45.00"), FORMULA_TEXTS[0], UNMATCHED),
    ("UNMATCHED_PAYMENT", None, None, None, None, None, "GBP", None, None, None, "bank.csv", 10, d(5), M("-1.00"), FORMULA_TEXTS[1], UNMATCHED),
    ("UNMATCHED_PAYMENT", None, None, None, None, None, "GBP", None, None, None, "bank.csv", 11, d(5), M("2.00"), FORMULA_TEXTS[2], UNMATCHED),
    ("UNMATCHED_PAYMENT", None, None, None, None, None, "GBP", None, None, None, "bank.csv", 12, d(5), M("3.00"), FORMULA_TEXTS[3], UNMATCHED),
    ("UNMATCHED_PAYMENT", None, None, None, None, None, "GBP", None, None, None, "bank.csv", 13, d(5), M("-4.50"), NON_ASCII, NON_ASCII),
    # A line of no currency: its Paid Amount is its amount (the money that moved), as its Statement Amount.
    ("UNMATCHED_PAYMENT", None, None, None, None, None, None, None, M("10.00"), None, "nocur.csv", 2, d(5), M("10.00"), "NO CURRENCY GIVEN", UNMATCHED),
    ("AMOUNT_MISMATCH", VS, VERSORI_URL, VERSORI_URL, d(1), d(31), "EUR", M("5000.00"), M("4990.00"), M("-10.00"), "eur.xlsx", 5, d(8), M("4990.00"), "ACME GMBH RE 88", "paid 4990.00 of 5000.00 (fee 10.00?)"),
    ("DUPLICATE_PAYMENT", CI, "CI-2001", "=1+1", d(1), d(31), "JPY", M(150000), M(300000), M(150000), "jpy.csv", 2, d(9), M(-150000), "CI 2001", "paid twice"),
    ("DUPLICATE_PAYMENT", CI, "CI-2001", "=1+1", d(1), d(31), "JPY", None, None, None, "jpy.csv", 3, d(10), M(-150000), "CI 2001 AGAIN", "paid twice"),
    ("VOID_INVOICE_PAID", CI, "CI-1003", "CI-1003", d(1), d(31), "GBP", M("99.99"), None, None, "bank.csv", 6, d(5), M("-99.99"), "CI-1003 VOIDED?", "invoice is void"),
    # Every amount on a row is in its Currency: the invoice's euros, then the payment's pounds.
    ("CURRENCY_MISMATCH", VS, URL89, URL89, d(1), d(31), "EUR", M("250.00"), None, None, None, None, None, None, None, "invoice in EUR, paid in GBP"),
    ("CURRENCY_MISMATCH", VS, URL89, URL89, d(1), d(31), "GBP", None, None, None, "bank.csv", 7, d(5), M("215.40"), "VERSORI 89 IN GBP", "invoice in EUR, paid in GBP"),
    ("LINE_ITEMS_MISMATCH", EL, "ELV-4", "INV-0045", d(1), d(31), "GBP", M("1000.00"), None, M("-100.00"), None, None, None, None, None, "items add up to 900.00"),
]  # fmt: skip
# Number formats of (Invoice Amount, Paid Amount, Difference, Statement Amount) where filled.
DISCREPANCY_FORMATS = {
    1: (GBP, None, None, None),
    8: (None, PLAIN, None, PLAIN),
    9: (EUR, EUR, EUR, EUR),
    10: (JPY, JPY, JPY, JPY),
    13: (EUR, None, None, None),
    14: (None, None, None, GBP),
    15: (GBP, None, GBP, None),
}

MATCHES: list[tuple[Any, ...]] = [
    (CI, "CI-1001", "CI-1001", M("72502.07"), "bank.csv", 2, d(4), M("-72502.07"), "CONTENT IGNITE CI-1001", 0.98, "matched with score 0.98"),
    (CI, "CI-1002", "CI-1002", M("1200.00"), "bank.csv", 3, d(6), M("-700.00"), "CONTENT IGNITE PART 1", 0.8, "matched with score 0.80"),
    (CI, "CI-1002", "CI-1002", None, "bank.csv", 4, d(7), M("-500.00"), "CONTENT IGNITE PART 2", 0.8, "matched with score 0.80"),
    (VS, VERSORI_URL, VERSORI_URL, M("5000.00"), "eur.xlsx", 5, d(8), M("4990.00"), "ACME GMBH RE 88", 0.9, "matched with score 0.90"),
    (EL, "ELV-3", "INV-0044", M("-120.00"), "bank.csv", 5, d(5), M("-120.00"), "REFUND INV-0044 ELEVATE", 0.95, "matched with score 0.95"),
    (CI, "CI-2001", "=1+1", M(150000), "jpy.csv", 2, d(9), M(-150000), "CI 2001", 0.9, "matched with score 0.90"),
    (CI, "CI-2001", "=1+1", None, "jpy.csv", 3, d(10), M(-150000), "CI 2001 AGAIN", 0.9, "matched with score 0.90"),
    (VS, URL89, URL89, M("250.00"), "bank.csv", 7, d(5), M("215.40"), "VERSORI 89 IN GBP", 0.55, "matched with score 0.55"),
    (EL, "ELV-4", "INV-0045", M("1000.00"), "bank.csv", 8, d(5), M("1000.00"), "ELEVATE INV-0045", 0.97, "matched with score 0.97"),
    (EL, "ELV-6", "INV-0047", M("40.00"), "bank.csv", 14, d(5), M("100.00"), "ELEVATE BATCH INV-0047 INV-0048", 0.92, "matched with score 0.92"),
    (EL, "ELV-7", "INV-0048", M("60.00"), "bank.csv", 14, d(5), None, "ELEVATE BATCH INV-0047 INV-0048", 0.92, "matched with score 0.92"),
]  # fmt: skip


def assert_cell(expected: Any, cell: Any, calamine_value: Any, where: str) -> None:
    """One expected value against the openpyxl cell and the calamine value."""
    value = cell.value
    if expected is None:
        assert value is None, where
        assert calamine_value == "", where
    elif isinstance(expected, Decimal):
        assert cell.data_type == "n", where
        assert not isinstance(value, str), where
        # Exact to the cent: the stored double prints back as the decimal we wrote.
        assert Decimal(repr(value)) == expected, where
        assert Decimal(repr(calamine_value)) == expected, where
    elif isinstance(expected, date):
        assert isinstance(value, datetime), where
        assert value == datetime.combine(expected, datetime.min.time()), where
        assert cell.is_date, where
        assert cell.number_format == "yyyy-mm-dd", where
        assert calamine_value == expected, where
    elif isinstance(expected, float):
        assert value == expected, where
        assert calamine_value == expected, where
        assert cell.number_format == "0%", where  # a score: 0.64 reads 64 %
    elif isinstance(expected, int):
        assert value == expected, where
        assert type(value) is int, where
        assert calamine_value == expected, where
    else:
        assert value == expected, where
        assert cell.data_type == "s", where
        assert calamine_value == expected, where


def check_sheet(report: Report, sheet: str, expected_rows: list[tuple[Any, ...]]) -> None:
    ws = report.sheet(sheet)
    calamine = report.calamine_rows(sheet)
    assert ws.max_row == len(expected_rows) + 1
    for row_number, expected in enumerate(expected_rows, start=2):
        for column, value in enumerate(expected, start=1):
            cell = ws.cell(row=row_number, column=column)
            where = f"{sheet}!{cell.coordinate} ({report.headers(sheet)[column - 1]})"
            assert_cell(value, cell, calamine[row_number - 1][column - 1], where)


def test_discrepancies_sheet_cell_by_cell(report: Report) -> None:
    check_sheet(report, "Discrepancies", DISCREPANCIES)


def test_matches_sheet_cell_by_cell(report: Report) -> None:
    check_sheet(report, "Matches", MATCHES)


@pytest.mark.parametrize(("row", "formats"), DISCREPANCY_FORMATS.items())
def test_amounts_carry_their_own_currency_format(
    report: Report, row: int, formats: tuple[str | None, ...]
) -> None:
    record = report.records("Discrepancies")[row - 1]
    columns = ("Invoice Amount", "Paid Amount", "Difference", "Statement Amount")
    for column, number_format in zip(columns, formats, strict=True):
        if number_format is not None:
            assert record[column].number_format == number_format, (row, column)
        else:
            assert record[column].value is None, (row, column)


def test_a_multi_line_discrepancy_is_one_row_per_line_grouped_by_number(report: Report) -> None:
    rows = [r for r in report.records("Discrepancies") if r["Type"].value == "DUPLICATE_PAYMENT"]
    assert [(r["Row"].value, r["Line"].value, r["Discrepancy"].value) for r in rows] == [
        (2, "1 of 2", 10),
        (3, "2 of 2", 10),
    ]
    single = report.records("Discrepancies")[0]
    assert single["Line"].value is None
    assert single["Discrepancy"].value == 1


def test_match_extras_state_runner_up_and_signals(report: Report) -> None:
    records = report.records("Matches")
    assert [r["State"].value for r in records] == [
        "auto", "manual", "manual", "accepted", "auto", "auto", "auto", "suggested", "auto",
        "auto", "auto",
    ]  # fmt: skip
    assert [r["Match"].value for r in records] == [1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 8]
    suggested = records[7]
    assert suggested["Runner-up"].value == "Versori:https://api.versori.com/invoices/88 (0.41)"
    assert suggested["Invoice Currency"].value == "EUR"
    assert suggested["Statement Currency"].value == "GBP"
    assert records[0]["Signals"].value == (
        "amount 1.00×0.5: exact amount; reference 0.98×0.5: reference tokens"
    )


def test_rejected_pairings_are_not_listed_as_matches(report: Report) -> None:
    pairs = {(r["Invoice ID"].value, r["Row"].value) for r in report.records("Matches")}
    assert ("ELV-1", 12) not in pairs


def test_invoice_urls_are_hyperlinks_only_when_safe(report: Report) -> None:
    links = {
        r["Invoice ID"].value: (r["Invoice URL"].value, r["Invoice URL"].hyperlink)
        for r in report.records("Invoices")
    }
    text, link = links["CI-1001"]
    assert text == link.target == "https://app.contentignite.com/invoices/CI-1001"
    assert report.records("Invoices")[0]["Invoice URL"].font.underline == "single"
    assert links[VERSORI_URL][1].target == VERSORI_URL
    text, link = links["ELV-4"]
    assert text == "https://elevate.example/invoices/INV 0045/ü"  # shown as the provider gave it
    assert link.target == "https://elevate.example/invoices/INV%200045/%C3%BC"  # a valid URI
    text, link = links["CI-2001"]
    assert text == "javascript:alert(1)"
    assert link is None
    assert links["CI-1002"] == (None, None)


def test_discrepancies_link_invoices_and_matches_show_the_url_as_text(report: Report) -> None:
    fee = next(r for r in report.records("Discrepancies") if r["Type"].value == "AMOUNT_MISMATCH")
    assert fee["Invoice URL"].hyperlink.target == VERSORI_URL
    first = report.records("Matches")[0]
    assert first["Invoice URL"].value == "https://app.contentignite.com/invoices/CI-1001"
    assert first["Invoice URL"].hyperlink is None
