"""A day's balance row ("Tagessaldo": a date, the phrase, a balance and no amount) is a
balance row, in every supported language, however many days a statement has: never a
row with no amount, and its balance is checked against the movements like any other
balance stated between the lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import import_statement
from desktop_app.statements.balance_rows import is_phrase
from desktop_app.statements.mapping import Mapping

# The 'Saldo' column is filled on the day's balance rows alone: too few to be the balance
# column, the balances stand in it all the same. Row 8's 1,060.00 should be 1,065.00.
SPARSE = (
    "Buchungstag;Verwendungszweck;Betrag;Saldo\n"
    "02.01.2024;Miete;-100,00;\n"
    "02.01.2024;Kaffee;-5,00;\n"
    "02.01.2024;Tagessaldo;;895,00\n"
    "03.01.2024;Gehalt;200,00;\n"
    "03.01.2024;Buch;-20,00;\n"
    "04.01.2024;Shop;-10,00;\n"
    "04.01.2024;Tagessaldo;;1.060,00\n"
    "05.01.2024;Shop;-10,00;\n"
)
# A running balance on every line, and a day's balance row after each day: as many as
# there are lines with a balance to check, more than half. Row 8's 1,080.00 is 5 short.
RUNNING = (
    "Buchungstag;Verwendungszweck;Betrag;Saldo\n"
    "02.01.2024;Miete;-100,00;900,00\n"
    "02.01.2024;Kaffee;-5,00;895,00\n"
    "02.01.2024;{phrase};;895,00\n"
    "03.01.2024;Gehalt;200,00;1.095,00\n"
    "03.01.2024;{phrase};;1.095,00\n"
    "04.01.2024;Shop;-10,00;1.085,00\n"
    "04.01.2024;{phrase};;1.080,00\n"
    "05.01.2024;Shop;-10,00;1.075,00\n"
)
MOVEMENTS = [
    (2, "-100.00"),
    (3, "-5.00"),
    (5, "200.00"),
    (6, "-20.00"),
    (7, "-10.00"),
    (9, "-10.00"),
]


def test_day_balances_in_a_sparse_balance_column_are_balance_rows(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(SPARSE, "konto.csv"))
    assert [(line.row, format(line.amount, "f")) for line in result.lines] == MOVEMENTS
    assert not [w for w in result.warnings if "no amount" in w.message]
    does_not_follow = (
        "konto.csv row 8: Tagessaldo 1060.00 (row 8) does not follow from Tagessaldo 895.00 "
        "(row 4) and the movements between them, 170.00 in 3 lines: 1065.00 was expected "
        "(a line may be missing or misread)"
    )
    assert [str(w) for w in result.warnings] == [does_not_follow]
    assert all(w.stated_balance for w in result.warnings)  # a note: no movement skipped
    read_as_balances = (
        "rows read as balances, not as lines: Tagessaldo 895.00 (row 4, between the lines), "
        "Tagessaldo 1060.00 (row 8, between the lines)"
    )
    assert result.layout is not None
    assert dict(result.layout.evidence)["balances"] == (read_as_balances,)


def test_day_balances_in_a_sparse_column_are_negated_with_the_lines_amounts(
    write_csv: Callable[..., Path],
) -> None:
    """Read with ``invert_sign``, the day's balances right of 'Tagessaldo' are negated as
    the amounts are: the same break is found, from the other side."""
    result = import_statement(write_csv(SPARSE, "konto.csv"), mapping=Mapping(invert_sign=True))
    assert [(line.row, -line.amount) for line in result.lines] == [
        (row, Decimal(amount)) for row, amount in MOVEMENTS
    ]
    does_not_follow = (
        "konto.csv row 8: Tagessaldo -1060.00 (row 8) does not follow from Tagessaldo -895.00 "
        "(row 4) and the movements between them, -170.00 in 3 lines: -1065.00 was expected "
        "(a line may be missing or misread)"
    )
    assert [str(w) for w in result.warnings] == [does_not_follow]


def test_a_bare_whole_number_right_of_a_day_balance_phrase_is_no_balance(
    write_csv: Callable[..., Path],
) -> None:
    """'Tagessaldo' beside a bare 3 (the day's postings, not its balance): no balance is
    read from it, and the row, with no amount, is warned of."""
    text = SPARSE.replace("02.01.2024;Tagessaldo;;895,00", "02.01.2024;Tagessaldo;;3")
    result = import_statement(write_csv(text, "konto.csv"))
    assert [(line.row, format(line.amount, "f")) for line in result.lines] == MOVEMENTS
    assert [str(w) for w in result.warnings] == [
        "konto.csv row 4 column Betrag: no amount; row skipped"
    ]
    assert result.layout is not None
    assert dict(result.layout.evidence)["balances"] == (
        "rows read as balances, not as lines: Tagessaldo 1060.00 (row 8, between the lines)",
    )


@pytest.mark.parametrize(
    "phrase",
    [
        "Tagessaldo",
        "Daily balance",
        "End of day balance",
        "Solde du jour",
        "Dagsaldo",
        "Saldo diario",
        "Saldo giornaliero",
    ],
)
def test_a_day_balance_after_each_day_is_a_balance_row_in_every_language(
    write_csv: Callable[..., Path], phrase: str
) -> None:
    result = import_statement(write_csv(RUNNING.format(phrase=phrase), "day.csv"))
    assert [line.row for line in result.lines] == [2, 3, 5, 7, 9]
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.00"),
        Decimal("1075.00"),
    )
    # The one that disagrees is said as a balance that does not follow, on its row.
    messages = [str(w) for w in result.warnings]
    assert messages[0] == (
        f"day.csv row 8: {phrase} 1080.00 (row 8) does not follow from {phrase} 1095.00 "
        "(row 6) and the movements between them, -10.00 in 1 line: 1085.00 was expected "
        "(a line may be missing or misread)"
    )
    assert not [m for m in messages if "no amount" in m]


def test_a_day_balance_in_a_worksheet_reads_its_number_cell(
    write_xlsx: Callable[..., Path],
) -> None:
    day = dt.datetime(2024, 1, 2)
    rows = [
        ("Buchungstag", "Verwendungszweck", "Betrag", "Saldo"),
        (day, "Miete", -100, None),
        (day, "Tagessaldo", None, 900),
        (day + dt.timedelta(days=1), "Gehalt", 200.5, None),
        (day + dt.timedelta(days=1), "Tagessaldo", None, 1100.5),
        (day + dt.timedelta(days=2), "Shop", -10, None),
    ]
    result = import_statement(write_xlsx({"Umsätze": rows}))
    assert [line.row for line in result.lines] == [2, 4, 6]
    assert result.warnings == ()  # 900 + 200.50 = 1,100.50: the day's balances agree


@pytest.mark.parametrize(
    "text",
    [
        "Tagessaldo",
        "Daily balance",
        "Solde du jour",
        "Dagsaldo",
        "Saldo diario",
        "Saldo giornaliero",
    ],
)
def test_day_balance_phrases(text: str) -> None:
    assert is_phrase(text)
    assert is_phrase(f"{text} 03.01.2024")


def test_a_row_with_no_money_that_says_no_balance_is_still_warned_of(
    write_csv: Callable[..., Path],
) -> None:
    """A dated row with a figure right of a payee's name but no amount may be a payment
    whose amount was lost: it stays a warning."""
    text = SPARSE.replace("02.01.2024;Tagessaldo;;895,00", "02.01.2024;Amazon;;895,00")
    result = import_statement(write_csv(text, "konto.csv"))
    assert "konto.csv row 4 column Betrag: no amount; row skipped" in map(str, result.warnings)
