"""A csv whose rows are mostly wider than its header: a column the header does not name.

Read as the header says, the field beyond it was dropped without a word. A running
balance there is now read by its arithmetic, as in a file without a header; any other
field beyond the header that takes no role is told of once, on the file: the rows that
hold it, its position and what it holds.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from desktop_app.statements import Mapping, StatementImport, import_statement

REMEDY = '(to import it, give column 4 a role in the import wizard, or with a mapping\'s "columns")'


def _csv(rows: list[str], header: str = "Date,Description,Amount") -> str:
    return "\n".join((header, *rows)) + "\n"


def _warnings(result: StatementImport) -> list[str]:
    return [str(warning) for warning in result.warnings]


def test_a_text_field_the_header_does_not_name_is_told_once_on_the_file(
    write_csv: Callable[..., Path],
) -> None:
    rows = [f"2025-10-{day:02d},Shop {day},-{day}.00,branch {day}" for day in range(1, 21)]
    result = import_statement(write_csv(_csv(rows), name="notes.csv"))
    assert [line.amount for line in result.lines][:2] == [Decimal("-1.00"), Decimal("-2.00")]
    assert _warnings(result) == [
        (
            "notes.csv: rows 2-21 hold a 4th field the header does not name (such as 'branch 1' "
            f"and 'branch 2'); it was not imported {REMEDY}"
        )
    ]
    assert result.warnings[0].row is None  # a note on the file, no row skipped


def test_a_running_balance_the_header_does_not_name_is_read_by_its_arithmetic(
    write_csv: Callable[..., Path],
) -> None:
    amounts = ["-3.50", "250.00", "-900.00", "120.00", "-40.00"]
    balances = ["996.50", "1246.50", "346.50", "466.50", "426.50"]
    rows = [
        f"2025-10-0{day},Line {day},{amount},{balance}"
        for day, (amount, balance) in enumerate(zip(amounts, balances, strict=True), start=1)
    ]
    result = import_statement(write_csv(_csv(rows), name="balance.csv"))
    assert result.layout is not None
    assert result.layout.balance == 3
    assert [line.balance for line in result.lines] == [Decimal(b) for b in balances]
    assert [line.amount for line in result.lines] == [Decimal(a) for a in amounts]
    assert result.closing_balance == Decimal("426.50")
    assert dict(result.layout.evidence)["amount"][-1] == (
        "balance: column 4, which the header does not name, is the running balance of "
        "these amounts (balance after each row, oldest first; 4 of 4 steps add up)"
    )
    assert _warnings(result) == []


def test_amounts_the_header_does_not_name_that_are_no_running_balance_are_not_guessed(
    write_csv: Callable[..., Path],
) -> None:
    """'ACME Ltd, 1500,250.00' on every row: the header's Amount column holds 1500, and
    the field beyond it amounts that are no balance of those. Which is the amount only the
    accountant can say; the file says the field was not imported, and what it holds."""
    rows = [f"2025-10-{day:02d},ACME Ltd, {1000 + day},{day * 10}.00" for day in range(1, 11)]
    result = import_statement(write_csv(_csv(rows), name="shifted.csv"))
    assert result.layout is not None
    assert (result.layout.amount, result.layout.balance) == (2, None)
    assert _warnings(result) == [
        (
            "shifted.csv: rows 2-11 hold a 4th field the header does not name (amounts such as "
            f"'10.00' and '20.00'); it was not imported {REMEDY}"
        )
    ]


def test_a_balance_one_step_of_which_adds_up_is_not_enough(
    write_csv: Callable[..., Path],
) -> None:
    """Nothing but arithmetic names it: a single step could add up by chance."""
    rows = ["2025-10-01,Coffee,-3.50,996.50", "2025-10-02,Rent,-900.00,96.50"]
    result = import_statement(write_csv(_csv(rows), name="two.csv"))
    assert result.layout is not None
    assert result.layout.balance is None
    assert _warnings(result) == [
        (
            "two.csv: rows 2-3 hold a 4th field the header does not name (amounts such as "
            f"'996.50' and '96.50'); it was not imported {REMEDY}"
        )
    ]


def test_two_fields_beyond_the_header_in_most_rows_are_told_of_together(
    write_csv: Callable[..., Path],
) -> None:
    rows = [
        f"2025-10-{day:02d},Shop {day},-{day}.00" + (f",{day}.25,note {day}" if day % 4 else "")
        for day in range(1, 21)
    ]
    result = import_statement(write_csv(_csv(rows), name="two.csv"))
    assert len(result.lines) == 20
    assert _warnings(result) == [
        (
            "two.csv: 15 of rows 2-20 hold 4th and 5th fields the header does not name (column "
            "4: amounts such as '1.25'; column 5: such as 'note 1'); they were not imported (to "
            "import them, give columns 4 and 5 a role in the import wizard, or with a "
            'mapping\'s "columns")'
        )
    ]


def test_a_field_beyond_the_header_that_is_read_or_ignored_is_not_told_of(
    write_csv: Callable[..., Path],
) -> None:
    rows = [f"2025-10-{day:02d},Shop {day},-{day}.00,R-{day}" for day in range(1, 6)]
    path = write_csv(_csv(rows))
    assert import_statement(path, mapping=Mapping(ignore=[4])).warnings == ()
    named = import_statement(path, mapping=Mapping(columns={"reference": 4}))
    assert named.warnings == ()
    assert [line.reference for line in named.lines][:2] == ["R-1", "R-2"]
    currency = [f"2025-10-{day:02d},Shop {day},-{day}.00,EUR" for day in range(1, 6)]
    read = import_statement(write_csv(_csv(currency), name="currency.csv"))
    assert read.layout is not None
    assert read.layout.currency_column == 3
    assert read.warnings == ()
