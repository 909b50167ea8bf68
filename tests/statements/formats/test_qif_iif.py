"""QIF registers and QuickBooks IIF exports built here: date orders, amounts, splits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.statements.formats import read_iif, read_qif


def qif(*records: str, header: str = "!Type:Bank") -> bytes:
    return (header + "\n" + "".join(f"{record}\n^\n" for record in records)).encode()


def test_qif_record_fields_and_rows() -> None:
    data = qif(
        "D01/15/2024\nT-1,234.56\nPACME Inc\nMInvoice 17\nN1001\nLOffice",
        "D01/16/2024\nU50.00\nPShop",
    )
    parsed = read_qif(data, "bank.qif")
    assert [(line.row, line.date, line.amount) for line in parsed.lines] == [
        (2, date(2024, 1, 15), Decimal("-1234.56")),
        (9, date(2024, 1, 16), Decimal("50.00")),
    ]
    first = parsed.lines[0]
    assert (first.counterparty, first.description, first.reference, first.currency) == (
        "ACME Inc",
        "Invoice 17",
        "1001",
        None,
    )
    assert parsed.lines[1].description == "Shop"  # no memo: the payee
    assert parsed.warnings == ()  # 15 > 12 settles month-first


@pytest.mark.parametrize(
    ("dates", "expected", "note"),
    [
        (["13.01.24", "02.03.24"], [date(2024, 1, 13), date(2024, 3, 2)], False),
        (["02.03.24"], [date(2024, 3, 2)], False),  # dots: day-first
        (
            ["1/13'04", "2/ 3'04"],
            [date(2004, 1, 13), date(2004, 2, 3)],
            False,
        ),  # Quicken 2000s mark
        (["02/03/1999"], [date(1999, 2, 3)], True),  # ambiguous: month-first, reported
        (["2024-03-02"], [date(2024, 3, 2)], False),
    ],
)
def test_qif_date_order_by_evidence(dates: list[str], expected: list[date], note: bool) -> None:
    parsed = read_qif(qif(*(f"D{d}\nT1" for d in dates)), "x.qif")
    assert [line.date for line in parsed.lines] == expected
    assert bool(parsed.warnings) is note


def test_qif_account_block_splits_and_skipped_sections() -> None:
    text = (
        "!Account\nNChecking DE44\nTBank\n^\n!Type:Bank\nD03.01.24\nT-100,00\nPStore\nSFood\n$-60,00\nSHome\n$-40,00\n^\n"
        "!Type:Cat\nNFood\nE\n^\n!Type:Invst\nD03.01.24\nNBuy\nT500\n^\n"
    )
    parsed = read_qif(text.encode(), "x.qif")
    assert [(line.row, line.amount) for line in parsed.lines] == [(6, Decimal("-100.00"))]
    assert parsed.account == "Checking DE44"
    assert "$-60,00" in parsed.lines[0].raw


def test_qif_bad_record_is_a_row_warning() -> None:
    parsed = read_qif(qif("Dyesterday\nT1", "D01.02.24\nTabc", "D01.02.24\nT2"), "x.qif")
    assert [line.amount for line in parsed.lines] == [Decimal("2")]
    assert [(w.row, w.column) for w in parsed.warnings] == [(2, "D"), (5, "T")]


IIF = (
    "!TRNS\tTRNSID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\n"
    "!SPL\tSPLID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\n"
    "!ENDTRNS\n"
    "TRNS\t1\tINVOICE\t7/16/98\tAccounts Receivable\tCustomer A\t873.44\t3\tMonthly\n"
    "SPL\t2\tINVOICE\t7/16/98\tSales\t\t-873.44\t\t\n"
    "ENDTRNS\n"
    "TRNS\t3\tPAYMENT\t0/0/0\tAccounts Receivable\tCustomer A\t-873.44\t4\t\n"
    "ENDTRNS\n"
    "TRNS\t5\tPAYMENT\t7/20/98\tAccounts Receivable\tCustomer B\t-1,000.00\t5\t\n"
    "ENDTRNS\n"
)


def test_iif_transactions_and_bad_dates() -> None:
    parsed = read_iif(IIF.encode(), "ledger.iif")
    assert [(line.row, line.date, line.amount) for line in parsed.lines] == [
        (4, date(1998, 7, 16), Decimal("873.44")),
        (9, date(1998, 7, 20), Decimal("-1000.00")),
    ]
    first = parsed.lines[0]
    assert (first.counterparty, first.reference, first.description) == (
        "Customer A",
        "3",
        "Monthly INVOICE",
    )
    assert first.raw[1].startswith("SPL\t2")
    assert parsed.account == "Accounts Receivable"
    assert [(w.row, "0/0/0" in w.message) for w in parsed.warnings] == [(7, True)]
