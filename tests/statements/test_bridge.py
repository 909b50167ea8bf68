"""A statement's balance bridge (opening + movements = closing) adds the movements of its
own currency alone: a table with a currency column holds a card payment abroad in euros
beside the pounds its balances are kept in, and adding the two tipped the bridge into a
"do not add up" warning for a statement whose pounds add up to the penny."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from desktop_app.statements import import_statement

# The pounds add up: 1,000.50 + 2,500.00 - 1,200.00 - 3.40 = 2,297.10; the euros (-310.55
# and +45.10) are another account's currency entirely, and row 8 is no movement.
MIXED = (
    ("Account", "GB29NWBK60161331926819"),
    ("Opening balance", 1000.50),
    (),
    ("Date", "Description", "Amount", "Currency"),
    (dt.date(2024, 3, 1), "Salary", 2500.00, "GBP"),
    (dt.date(2024, 3, 4), "Rent", -1200.00, "GBP"),
    (dt.date(2024, 3, 5), "Hotel Paris", -310.55, "EUR"),
    (dt.date(2024, 3, 7), "Card", "n/a", "GBP"),
    (dt.date(2024, 3, 9), "Refund", 45.10, "EUR"),
    (dt.date(2024, 3, 28), "Coffee", -3.40, "GBP"),
    (),
    ("Closing balance", 2297.10),
)


def test_stated_balances_are_bridged_in_their_own_currency(
    write_xlsx: Callable[..., Path],
) -> None:
    result = import_statement(write_xlsx({"Statement": MIXED}, "mixed.xlsx"))
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.5"),
        Decimal("2297.1"),
    )
    assert [str(warning) for warning in result.warnings] == [
        "mixed.xlsx row 8 column Amount: 'n/a' is not an amount; row skipped"
    ]
    assert result.layout is not None
    [said] = dict(result.layout.evidence)["balances"]
    assert said == (
        "stated balances: Opening balance 1000.5 (row 2) + 3 movements 1296.6 = "
        "Closing balance 2297.1 (row 12)"
    )


def test_a_missing_pound_still_breaks_the_bridge(write_xlsx: Callable[..., Path]) -> None:
    """Only the other currency is left out: the statement's own movements still count."""
    short = (*MIXED[:-1], ("Closing balance", 2296.10))
    result = import_statement(write_xlsx({"Statement": short}, "short.xlsx"))
    assert [str(warning) for warning in result.warnings][-1] == (
        "short.xlsx: the stated balances do not add up: Opening balance 1000.5 + movements "
        "1296.6 = 2297.1, but Closing balance says 2296.1 (a line may be missing or misread)"
    )
