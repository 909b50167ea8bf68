"""A running balance is each currency's own: a multi-currency account's export (Wise,
Revolut) keeps, in one Balance column, the balance of each line's currency. A line in
another currency is not part of the statement's balance, as it is not part of its
bridge, and two currencies' amounts are never added to follow a balance."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop_app.statements import StatementImport, import_statement

HEADER = "Date,Description,Amount,Currency,Balance\n"
# Pounds from 500.00 (rows 2 to 12), each line's balance its own currency's: the euro
# pocket holds 100.00 before the hotel (row 4), then 60.00 before the museum (row 8).
HOTEL = "2024-03-03,Hotel Paris,-40.00,EUR,60.00\n"
MUSEUM = "2024-03-07,Museum Rome,-15.00,EUR,45.00\n"
REFUND = "2024-03-05,Refund,10.00,GBP,1706.50\n"
POCKETS = [
    "2024-03-01,Salary,2000.00,GBP,2500.00\n",
    "2024-03-02,Rent,-800.00,GBP,1700.00\n",
    HOTEL,
    "2024-03-04,Coffee,-3.50,GBP,1696.50\n",
    REFUND,
    "2024-03-06,Groceries,-56.20,GBP,1650.30\n",
    MUSEUM,
    "2024-03-08,Train,-12.30,GBP,1638.00\n",
    "2024-03-09,Books,-18.00,GBP,1620.00\n",
    "2024-03-10,Lunch,-9.50,GBP,1610.50\n",
    "2024-03-11,Tickets,-30.00,GBP,1580.50\n",
]


def _imported(tmp_path: Path, rows: list[str]) -> StatementImport:
    path = tmp_path / "pockets.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return import_statement(path)


def _breaks(result: StatementImport) -> list[str]:
    return [str(warning) for warning in result.warnings]


def test_each_currencys_balance_follows_on_its_own(tmp_path: Path) -> None:
    """Followed across currencies, the balance broke into and out of each euro line."""
    result = _imported(tmp_path, POCKETS)
    assert [line.currency for line in result.lines].count("EUR") == 2
    assert _breaks(result) == []
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("500.00"),
        Decimal("1580.50"),
    )


def test_a_line_missing_from_the_pounds_breaks_them_past_the_euros(tmp_path: Path) -> None:
    """The refund (row 6) left out: the pounds break at the next pound line, compared with
    the pound line before it, the euros between left aside."""
    result = _imported(tmp_path, [row for row in POCKETS if row not in (REFUND, MUSEUM)])
    assert _breaks(result) == [
        (
            "pockets.csv row 6 column Balance: the running balance breaks: 1650.30 where "
            "1640.30 was expected after row 5 (a row may be missing, duplicated or misread)"
        ),
    ]


def test_the_euros_balance_is_followed_from_euro_line_to_euro_line(tmp_path: Path) -> None:
    """The museum's euro balance (row 8) does not follow from the hotel's (row 4): that
    break is the euros', said against the last euro line."""
    wrong = MUSEUM.replace("45.00", "50.00")
    result = _imported(tmp_path, [wrong if row == MUSEUM else row for row in POCKETS])
    assert _breaks(result) == [
        (
            "pockets.csv row 8 column Balance: the running balance breaks: 50.00 where "
            "45.00 was expected after row 4 (a row may be missing, duplicated or misread)"
        ),
    ]


def test_the_opening_balance_is_the_statements_currencys_when_another_comes_first(
    tmp_path: Path,
) -> None:
    """A euro line first: the opening balance is the pounds' before their first line, not
    the euros' before theirs (100.00)."""
    pounds = [row for row in POCKETS if row not in (HOTEL, MUSEUM)]
    result = _imported(tmp_path, [HOTEL.replace("2024-03-03", "2024-02-29"), *pounds])
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("500.00"),
        Decimal("1580.50"),
    )
    assert _breaks(result) == []
