"""One signed amount column whose running balance runs against its signs.

Read as the dates run, the balance falls by each positive amount and rises by each
negative one. A card's balance owed runs so with the signs right (a purchase written
negative raises what is owed), and so does a bank account's balance where the file shows
money out as positive, every sign then the wrong way round: the balance cannot tell
which. The signs carried stand, as a debit/credit pair's detected ones do, but where the
import said nothing at all, the evidence and a warning now say what the balance shows
and how to flip every sign (the import wizard's choice, a mapping's "invert_sign").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.statements import import_statement
from desktop_app.statements.mapping import Mapping

# The tester's file: oldest first, the rent (900.00 out) shown positive; 1,000.00 before it.
INVERTED = (
    "Date,Description,Amount,Balance\n"
    "01/10/2025,Rent,900.00,100.00\n"
    "02/10/2025,Client X INV-1,-1500.00,1600.00\n"
    "13/10/2025,Fee,4.00,1596.00\n"
    "14/10/2025,Client Y,-250.00,1846.00\n"
)

WARNED = (
    "column 'Amount' was read with the signs it carries (a negative amount money out), but "
    "the running balance in column 'Balance', read as the dates run (oldest first), rises "
    "by each negative amount and falls by each positive one: a balance owed (a card's, a "
    "loan's) runs so, and so does a bank account's where the file shows money out as "
    "positive, every line's sign then the wrong way round; if this is a bank account, tick "
    "'Money out is shown as positive (flip every sign)' in the import wizard, or import it "
    'with the mapping {"invert_sign": true}'
)

NOTE = (
    "signs: as column 'Amount' carries them, a negative amount money out: read as the dates "
    "run, the balance rises by each negative amount and falls by each positive one, as a "
    "balance owed does (a card's, a loan's); a bank account's statement that shows money out "
    "as positive reads so too: if this is one, tick 'Money out is shown as positive (flip "
    "every sign)' in the import wizard (a mapping's \"invert_sign\": true)"
)


def _amount_evidence(result: Any) -> tuple[str, ...]:
    assert result.layout is not None
    return dict(result.layout.evidence)["amount"]


def test_the_signs_are_kept_and_the_balance_owed_reading_is_warned_of(
    write_csv: Callable[..., Path],
    write_xlsx: Callable[[dict[str, Sequence[Sequence[Any]]], str], Path],
) -> None:
    """As a csv and as a workbook of number cells."""
    header, *rows = (line.split(",") for line in INVERTED.splitlines())
    numbers = [header, *([*row[:2], float(row[2]), float(row[3])] for row in rows)]
    for path in (
        write_csv(INVERTED, "inverted.csv"),
        write_xlsx({"Statement": numbers}, "inverted.xlsx"),
    ):
        result = import_statement(path)

        assert [line.amount for line in result.lines] == [
            Decimal("900"),
            Decimal("-1500"),
            Decimal("4"),
            Decimal("-250"),
        ], path.name
        assert [(warning.row, warning.column, warning.message) for warning in result.warnings] == [
            (None, "Balance", WARNED)
        ], path.name
        assert _amount_evidence(result)[-1] == NOTE, path.name


def test_the_statement_command_shows_the_warning_and_the_note(
    write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["statement", str(write_csv(INVERTED, "inverted.csv"))]) == 0
    output = json.loads(capsys.readouterr().out)

    assert [line["amount"] for line in output["lines"]] == ["900.00", "-1500.00", "4.00", "-250.00"]
    assert output["warnings"] == [f"inverted.csv column Balance: {WARNED}"]
    assert output["layout"]["evidence"]["amount"] == [
        "amount: column 'Amount' (4 of 4 rows)",
        (
            "balance: column 'Balance' (balance after each row, oldest first, as the dates "
            "run, each amount taken off rather than added; 3 of 3 steps add up)"
        ),
        NOTE,
    ]


def test_every_sign_flipped_as_the_warning_says_reads_money_out_negative(
    write_csv: Callable[..., Path],
) -> None:
    """The advice followed: the lines read money out negative, the balance keeps its sign
    (a bank account in credit), now running with the amounts as the dates run, and
    nothing is warned of (the accountant chose the signs)."""
    result = import_statement(
        write_csv(INVERTED, "inverted.csv"), mapping=Mapping(invert_sign=True)
    )

    assert [line.amount for line in result.lines] == [
        Decimal("-900"),
        Decimal("1500"),
        Decimal("-4"),
        Decimal("250"),
    ]
    assert [line.balance for line in result.lines] == [
        Decimal("100"),
        Decimal("1600"),
        Decimal("1596"),
        Decimal("1846"),
    ]
    assert (result.opening_balance, result.closing_balance) == (Decimal("1000"), Decimal("1846"))
    assert result.warnings == ()
    assert not any(text.startswith("signs:") for text in _amount_evidence(result))
    assert _amount_evidence(result)[1] == (
        "balance: column 'Balance' (balance after each row, oldest first; 3 of 3 steps add up)"
    )


def test_a_balance_running_with_the_signs_is_not_warned_of(
    write_csv: Callable[..., Path],
) -> None:
    """A guard: the same statement with money out negative, its balance rising by each
    amount as the dates run, reads as it did, with no warning and no note."""
    signed = (
        INVERTED.replace(",900.00,", ",-900.00,")
        .replace(",-1500.00,", ",1500.00,")
        .replace(",4.00,", ",-4.00,")
        .replace(",-250.00,", ",250.00,")
    )
    result = import_statement(write_csv(signed, "bank.csv"))

    assert [line.amount for line in result.lines] == [
        Decimal("-900"),
        Decimal("1500"),
        Decimal("-4"),
        Decimal("250"),
    ]
    assert result.warnings == ()
    assert _amount_evidence(result) == (
        "amount: column 'Amount' (4 of 4 rows)",
        "balance: column 'Balance' (balance after each row, oldest first; 3 of 3 steps add up)",
    )
