"""A running balance is each currency's own: a multi-currency account's export (Wise,
Revolut) keeps, in one Balance column, the balance of each line's currency. A line in
another currency is not part of the statement's balance, as it is not part of its
bridge, and two currencies' amounts are never added to follow a balance."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop_app.statements import Mapping, StatementImport, import_statement
from desktop_app.statements.balance import Chain

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


# A Revolut-style export of two pockets, oldest first, switching currency on every row:
# the euros run 500.00, 495.50, 492.30, 474.30, 514.30; the dollars 300.00, 288.00,
# 238.00, 215.60, 200.60. Followed across currencies, every step but none adds up.
SWITCHING = (
    "Type,Started Date,Description,Amount,Currency,Balance\n"
    "TOPUP,2024-03-01,Top-up,500.00,EUR,500.00\n"
    "TOPUP,2024-03-01,Top-up,300.00,USD,300.00\n"
    "CARD_PAYMENT,2024-03-02,Cafe,-4.50,EUR,495.50\n"
    "CARD_PAYMENT,2024-03-03,Diner,-12.00,USD,288.00\n"
    "CARD_PAYMENT,2024-03-04,Bakery,-3.20,EUR,492.30\n"
    "TRANSFER,2024-03-05,To Anna,-50.00,USD,238.00\n"
    "CARD_PAYMENT,2024-03-06,Books,-18.00,EUR,474.30\n"
    "CARD_PAYMENT,2024-03-07,Taxi,-22.40,USD,215.60\n"
    "TRANSFER,2024-03-08,From Ben,40.00,EUR,514.30\n"
    "CARD_PAYMENT,2024-03-09,Museum,-15.00,USD,200.60\n"
)
PER_CURRENCY = (
    "8 of 8 steps add up, each currency's balance followed on its own (EUR, USD: column 'Currency')"
)


def _balance_said(result: StatementImport) -> list[str]:
    assert result.layout is not None
    return [text for text in dict(result.layout.evidence)["amount"] if text.startswith("balance")]


def test_a_balance_column_switching_currency_every_row_is_each_currencys_chain(
    tmp_path: Path,
) -> None:
    """Judged over all rows at once, no step adds up (each goes from one currency's
    balance to the other's) and the column was refused as no running balance. Each
    currency's rows form their own chain: 4 euro and 4 dollar steps, every one adding up."""
    path = tmp_path / "revolut.csv"
    path.write_text(SWITCHING, encoding="utf-8")

    result = import_statement(path)

    assert result.layout is not None
    assert result.layout.balance == 5
    assert result.layout.balance_chain is Chain.AFTER_OLDEST_FIRST
    assert _balance_said(result) == [
        f"balance: column 'Balance' (balance after each row, oldest first; {PER_CURRENCY})"
    ]
    assert _breaks(result) == []
    # The euros' (tied at five lines each, the first code in order): 500.00 - 500.00 topped up.
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("0.00"),
        Decimal("514.30"),
    )


def test_a_newest_first_export_switching_currency_reads_newest_first(tmp_path: Path) -> None:
    """Wise lists newest first, its balance after each row: read per currency, the
    reading is found as for one currency, and a break is still each currency's own: the
    transfer to Anna (row 6) a dollar off breaks the dollars into and out of it."""
    header, *rows = SWITCHING.splitlines(keepends=True)
    newest_first = [header.replace("Balance", "Running Balance"), *reversed(rows)]
    wrong = "TRANSFER,2024-03-05,To Anna,-50.00,USD,238.00\n"
    newest_first[newest_first.index(wrong)] = wrong.replace("238.00", "237.00")
    path = tmp_path / "wise.csv"
    path.write_text("".join(newest_first), encoding="utf-8")

    result = import_statement(path)

    assert result.layout is not None
    assert result.layout.balance == 5
    assert result.layout.balance_chain is Chain.AFTER_NEWEST_FIRST
    [said] = _balance_said(result)
    assert said == (
        "balance: column 'Running Balance' (balance after each row, newest first; 6 of 8 "
        "steps add up, each currency's balance followed on its own (EUR, USD: column "
        "'Currency'))"
    )
    assert [(warning.row, warning.message.split(" (")[0]) for warning in result.warnings] == [
        (6, "the USD running balance breaks: 237.00 where 238.00 was expected after row 4"),
        (8, "the USD running balance breaks: 288.00 where 287.00 was expected after row 6"),
    ]


def test_a_mappings_balance_column_is_fitted_per_currency(tmp_path: Path) -> None:
    """A balance column the mapping names is read the way its steps run, counted per
    currency as well: across currencies nothing added up, and the reading was a guess."""
    path = tmp_path / "revolut.csv"
    path.write_text(SWITCHING, encoding="utf-8")

    result = import_statement(path, mapping=Mapping(columns={"balance": "Balance"}))

    [said] = _balance_said(result)
    assert said.endswith(f"(balance after each row, oldest first; {PER_CURRENCY})")
    assert _breaks(result) == []


def test_guard_one_currency_named_is_fitted_as_before(tmp_path: Path) -> None:
    """A currency column naming one currency changes nothing: no per-currency words."""
    path = tmp_path / "euros.csv"
    euros = [row for row in SWITCHING.splitlines(keepends=True) if ",USD," not in row]
    path.write_text("".join(euros), encoding="utf-8")

    result = import_statement(path)

    assert _balance_said(result) == [
        "balance: column 'Balance' (balance after each row, oldest first; 4 of 4 steps add up)"
    ]


def test_an_original_currency_column_does_not_split_the_accounts_one_balance(
    tmp_path: Path,
) -> None:
    """A pound account whose 'Original Currency' names what a card payment abroad was in:
    every line is in pounds (its 'Currency'), and its balance one chain. Fitted per the
    original currencies, 15 of 37 steps added up and the balance column was dropped, with
    the statement's opening and closing balance."""
    rows = ["Date,Description,Original Currency,Original Amount,Amount,Currency,Balance"]
    balance = Decimal("1000.00")
    for index in range(40):
        amount = Decimal(index * 7 % 50 + 10) + Decimal("0.25")
        balance += amount
        original = ("GBP", "USD", "EUR")[index % 3]
        rows.append(
            f"{index % 28 + 1:02d}/03/2025,Item {index},{original},{amount},{amount},GBP,{balance}"
        )
    path = tmp_path / "card-abroad.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = import_statement(path)
    assert (result.opening_balance, result.closing_balance) == (Decimal("1000.00"), balance)
    assert not [warning for warning in result.warnings if "balance" in warning.message]
    assert {line.currency for line in result.lines} == {"GBP"}
