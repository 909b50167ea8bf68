"""A running balance is each currency's own: a multi-currency account's export (Wise,
Revolut) keeps, in one Balance column, the balance of each line's currency. A line in
another currency is not part of the statement's balance, as it is not part of its
bridge, and two currencies' amounts are never added to follow a balance."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop_app.statements import Mapping, StatementImport, import_statement

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
    the pound line before it, the euros between left aside; the message says it is the
    pounds' balance that breaks."""
    result = _imported(tmp_path, [row for row in POCKETS if row not in (REFUND, MUSEUM)])
    assert _breaks(result) == [
        (
            "pockets.csv row 6 column Balance: the GBP running balance breaks: 1650.30 where "
            "1640.30 was expected after row 5 (a row may be missing, duplicated or misread)"
        ),
    ]


def test_the_euros_balance_is_followed_from_euro_line_to_euro_line(tmp_path: Path) -> None:
    """The museum's euro balance (row 8) does not follow from the hotel's (row 4): that
    break is the euros', said against the last euro line, and named as theirs."""
    wrong = MUSEUM.replace("45.00", "50.00")
    result = _imported(tmp_path, [wrong if row == MUSEUM else row for row in POCKETS])
    assert _breaks(result) == [
        (
            "pockets.csv row 8 column Balance: the EUR running balance breaks: 50.00 where "
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


# ``POCKETS`` with unsigned amounts and a DR/CR column, oldest first.
MARKED_HEADER = "Date,Description,Amount,DRCR,Currency,Balance\n"


def _marked(row: str) -> str:
    day, text, amount, currency, balance = row.strip().split(",")
    mark = "DR" if amount.startswith("-") else "CR"
    return f"{day},{text},{amount.lstrip('-')},{mark},{currency},{balance}\n"


def test_a_mappings_swapped_signs_are_counted_against_each_currencys_steps(
    tmp_path: Path,
) -> None:
    """Marks swapped by the mapping: read as the dates run, every step of each currency's
    balance breaks. Nine pound lines take 8 steps and two euro lines 1: 9 steps, each
    broken, not 9 of 10 (a step from a pound line to a euro line is none), and each break
    names the currency whose balance it is."""
    path = tmp_path / "marked.csv"
    path.write_text(MARKED_HEADER + "".join(map(_marked, POCKETS)), encoding="utf-8")

    result = import_statement(path, mapping=Mapping(indicator_signs={"DR": 1, "CR": -1}))

    said, *breaks = _breaks(result)
    assert "read oldest first, as the dates run, it breaks at 9 of 9 steps, the first at " in said
    assert result.layout is not None
    assert dict(result.layout.evidence)["amount"][-1].endswith(
        "against them (9 of 9 steps break as read)"
    )
    assert len(breaks) == 9
    assert breaks[0] == (
        "marked.csv row 3 column Balance: the GBP running balance breaks: 1700.00 where "
        "3300.00 was expected after row 2 (a row may be missing, duplicated or misread)"
    )
    assert breaks[4] == (
        "marked.csv row 8 column Balance: the EUR running balance breaks: 45.00 where "
        "75.00 was expected after row 4 (a row may be missing, duplicated or misread)"
    )
