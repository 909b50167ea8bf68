"""A statement's balance bridge (opening + movements = closing) adds the movements of its
own currency alone: a table with a currency column holds a card payment abroad in euros
beside the pounds its balances are kept in, and adding the two tipped the bridge into a
"do not add up" warning for a statement whose pounds add up to the penny."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop_app.statements import import_statement
from tests.statements.summary_files import mixed_workbook


def test_stated_balances_are_bridged_in_their_own_currency(
    tmp_path: Path,
) -> None:
    result = import_statement(mixed_workbook(tmp_path))
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


def test_a_missing_pound_still_breaks_the_bridge(tmp_path: Path) -> None:
    """Only the other currency is left out: the statement's own movements still count."""
    result = import_statement(mixed_workbook(tmp_path, "short.xlsx", closing=2296.10))
    assert [str(warning) for warning in result.warnings][-1] == (
        "short.xlsx: the stated balances do not add up: Opening balance 1000.5 + movements "
        "1296.6 = 2297.1, but Closing balance says 2296.1 (a line may be missing or misread)"
    )
