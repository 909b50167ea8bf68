"""Amounts with more decimals than their currency has (ISO 4217's minor unit).

JPY 13.50, GBP 10.005 and BHD 1.2345 were accepted without a word: the report shows each
amount in its currency's format (¥13.5 as ¥14) while its sums add the amount as read, so
the figures shown and their totals disagreed. Each is now a row warning naming the row,
the column and the value; the amount is kept as read, never rounded.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import StatementImport, import_statement
from tests.statements.ofx_files import ofx


def _kept(where: str, what: str) -> str:
    """The warning about an amount finer than its currency, at ``where``."""
    return f"{where}: {what}; kept as read, not rounded"


def _decimal_warnings(result: StatementImport) -> list[str]:
    return [str(warning) for warning in result.warnings if "more decimals" in str(warning)]


def test_each_amount_finer_than_its_currency_is_named_and_kept(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv(
        "Date,Description,Amount,Currency\n"
        "01/10/2025,a,13.50,JPY\n"
        "02/10/2025,b,10.005,GBP\n"
        "03/10/2025,c,1.2345,BHD\n"
        "04/10/2025,d,5.00,gbp\n"
        "05/10/2025,e,100.00,JPY\n"
        "06/10/2025,f,1.234,BHD\n",
        "frac.csv",
    )
    result = import_statement(path)

    assert [line.amount for line in result.lines] == [
        Decimal("13.50"),
        Decimal("10.005"),
        Decimal("1.2345"),
        Decimal("5.00"),
        Decimal("100.00"),
        Decimal("1.234"),
    ]
    assert _decimal_warnings(result) == [
        _kept("frac.csv row 2 column Amount", "13.50 has more decimals than JPY's 0"),
        _kept("frac.csv row 3 column Amount", "10.005 has more decimals than GBP's 2"),
        _kept("frac.csv row 4 column Amount", "1.2345 has more decimals than BHD's 3"),
    ]


def test_the_debit_or_credit_column_the_row_fills_is_named(
    write_xlsx: Callable[..., Path],
) -> None:
    path = write_xlsx(
        {
            "Statement": [
                ["Date", "Description", "Debit", "Credit", "Currency"],
                ["2025-10-01", "fee", 0.125, None, "EUR"],
                ["2025-10-02", "sale", None, 20.5, "JPY"],
                ["2025-10-03", "rent", 20, None, "EUR"],
            ]
        },
        "pair.xlsx",
    )
    result = import_statement(path)

    assert [line.amount for line in result.lines] == [
        Decimal("-0.125"),
        Decimal("20.5"),
        Decimal("-20"),
    ]
    assert _decimal_warnings(result) == [
        _kept("pair.xlsx row 2 column Debit", "-0.125 has more decimals than EUR's 2"),
        _kept("pair.xlsx row 3 column Credit", "20.5 has more decimals than JPY's 0"),
    ]


def test_a_default_currency_is_measured_too(write_csv: Callable[..., Path]) -> None:
    """A file stating no currency, imported in yen (``reconcile --currency JPY``)."""
    path = write_csv("Date,Description,Amount\n01/10/2025,a,-1200.50\n02/10/2025,b,-300\n")

    result = import_statement(path, default_currency="JPY")

    assert _decimal_warnings(result) == [
        _kept("statement.csv row 2 column Amount", "-1200.50 has more decimals than JPY's 0")
    ]
    assert _decimal_warnings(import_statement(path)) == []  # no currency, nothing to measure


def test_a_bank_format_record_is_named_by_its_row(write_csv: Callable[..., Path]) -> None:
    """OFX states its currency (CURDEF EUR): a third decimal is named at its line."""
    text = ofx([("12345678", [("20240110", "-12.005", "Shop"), ("20240111", "-3.00", "Cafe")])])
    result = import_statement(write_csv(text, "bank.ofx"))

    assert [line.amount for line in result.lines] == [Decimal("-12.005"), Decimal("-3.00")]
    assert _decimal_warnings(result) == [
        _kept(f"bank.ofx row {result.lines[0].row}", "-12.005 has more decimals than EUR's 2")
    ]


def _large_csv(amounts: dict[int, str], currency: str) -> str:
    """6,000 lines whose amounts are distinct plain numbers of two decimals (a money
    column read row by row, told by its cells' shapes), but for ``amounts`` (by line)."""
    rows = ["Date,Description,Amount,Currency"]
    for line in range(6000):
        amount = amounts.get(line, f"-{1000 + line}.{line % 100:02d}")
        rows.append(f"{1 + line % 28:02d}/10/2025,payment {line},{amount},{currency}")
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize(
    ("cell", "named"),
    [
        ("-12.3456", "-12.3456 has more decimals than EUR's 2"),  # read in bulk: its shape
        ("7.005", "7.005 has more decimals than EUR's 2"),  # read on its own: may be thousands
    ],
)
def test_a_large_file_names_an_amount_finer_than_the_rest_are_written(
    write_csv: Callable[..., Path], cell: str, named: str
) -> None:
    """In a large file the decimals the amounts are written with are told from the money
    column's shapes and its few cells read on their own, and none is looked at where
    none has more than the currency's minor unit: one amount finer than the rest, of
    either kind, is still named."""
    path = write_csv(_large_csv({10: cell}, "EUR"), "large.csv")
    result = import_statement(path)

    assert len(result.lines) == 6000
    assert _decimal_warnings(result) == [_kept("large.csv row 12 column Amount", named)]


def test_a_large_file_in_a_currency_of_no_decimals_names_each_amount_with_cents(
    write_csv: Callable[..., Path],
) -> None:
    """The same file in yen: two decimals are more than the yen's none, so every amount
    with cents is named, as in a small file."""
    result = import_statement(write_csv(_large_csv({}, "JPY"), "yen.csv"))

    finer = [line.row for line in result.lines if line.amount % 1]
    assert len(finer) == 5940  # every line but those whose cents are 00
    assert len(_decimal_warnings(result)) == len(finer)
    assert _decimal_warnings(result)[0] == _kept(
        "yen.csv row 3 column Amount", "-1001.01 has more decimals than JPY's 0"
    )
