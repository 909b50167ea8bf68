"""What the other decimal mark would lose, counted by the import over every line of the
file from the signatures it gave each distinct cell: the wizard names a mark that would
skip lines (and which) before the accountant imports with it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.statements import StatementImport, import_statement
from desktop_app.statements.analysis import analyse_sheet
from desktop_app.statements.mark_losses import MarkLoss
from desktop_app.statements.numbers import analyse_amount
from desktop_app.statements.text_reader import read_text_table


def _counted(path: Path) -> StatementImport:
    return import_statement(path, count_mark_losses=True)


def _dated(amounts: list[str]) -> str:
    """A csv of one line per amount, in rows 2 on, dated through 2024."""
    lines = (
        f"2024-{1 + number % 12:02d}-{1 + number % 28:02d},Line {number},{amount}"
        for number, amount in enumerate(amounts)
    )
    return "Date,Description,Amount\n" + "\n".join(lines) + "\n"


def test_every_line_is_counted_not_only_the_first(write_csv: Callable[..., Path]) -> None:
    """Whole amounts read with either mark; the two written with a decimal point far down
    the file (rows 5,001 and 5,500) do not read with a comma. A row that is no line (its
    amount is no amount) is not counted, and leaves the lines' rows with a gap."""
    amounts = ["-12" if number % 2 else "300" for number in range(6000)]
    amounts[4999], amounts[5498] = "-12.50", "7.25"
    amounts[2999] = "n/a"
    result = _counted(write_csv(_dated(amounts)))
    assert len(result.lines) == 5999
    assert result.layout is not None
    assert result.layout.decimal_marks == ((2, "."),)
    assert result.mark_losses == (
        MarkLoss(column=2, mark=",", lost=2, kept=5997, row=5001, cell="-12.50"),
    )
    assert not result.mark_losses[0].every_amount


def test_a_column_read_row_by_row_is_counted_too(write_csv: Callable[..., Path]) -> None:
    """Thousands of distinct amounts are read row by row (no dictionary per value); every
    hundredth is whole, and reads with a comma as well."""
    amounts = [
        str(number * 3 - 7000) if number % 100 == 0 else f"-{number}.{number % 90 + 10}"
        for number in range(1, 6001)
    ]
    path = write_csv(_dated(amounts))
    scans = analyse_sheet(read_text_table(path.read_bytes()).sheets[0]).scans
    assert scans[2].rows is not None  # the row-wise reading is the one looked at
    result = _counted(path)
    assert result.mark_losses == (
        MarkLoss(column=2, mark=",", lost=5940, kept=60, row=2, cell="-1.11"),
    )


def test_a_mark_that_reads_no_amount_of_a_column_loses_all_of_them(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv(
        "Datum;Text;Soll;Haben\n15.03.2024;Miete;1.234,56;\n16.03.2024;Gehalt;;2.500,00\n"
    )
    losses = _counted(path).mark_losses
    assert losses == (
        MarkLoss(column=2, mark=".", lost=1, kept=0, row=2, cell="1.234,56"),
        MarkLoss(column=3, mark=".", lost=1, kept=0, row=3, cell="2.500,00"),
    )
    assert all(loss.every_amount for loss in losses)


def test_number_cells_read_with_either_mark(write_xlsx: Callable[..., Path]) -> None:
    """A spreadsheet's number cell needs no decimal mark: among text amounts written with
    a comma it is the one amount a decimal point still reads, and a column of number
    cells alone loses nothing."""
    path = write_xlsx(
        {
            "Statement": [
                ["Date", "Text", "Debit", "Balance"],
                ["2024-03-07", "Shop", "579,68", 9126.07],
                ["2024-03-08", "Cafe", "12,50", 9113.57],
                ["2024-03-09", "Rent", 1084, 8029.57],
            ]
        }
    )
    assert _counted(path).mark_losses == (
        MarkLoss(column=2, mark=".", lost=2, kept=1, row=2, cell="579,68"),
    )


def test_nothing_is_lost_where_every_amount_reads_either_way(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv(_dated(["-12", "300", "1,234", "4.500"]))
    assert _counted(path).mark_losses == ()


@pytest.mark.parametrize(
    "cell",
    ["12.50", "12,50", "1.234", "1,234", "1.234,56", "1,234.56", "42", "-7", "(12.50)",
     "€ 3,20", "12.5 CR", "1 234,5", "0.84840"],
)  # fmt: skip
@pytest.mark.parametrize("mark", [".", ","])
def test_a_cells_vote_says_whether_it_reads_with_a_mark(cell: str, mark: str) -> None:
    """Guard: the losses are counted by vote; the vote must agree with the value."""
    amount = analyse_amount(cell)
    assert amount is not None
    assert amount.vote.reads_with(mark) is (amount.value(mark) is not None)


def test_losses_are_counted_only_when_asked_for(write_csv: Callable[..., Path]) -> None:
    """Only the import wizard shows them: the command line and the pipeline do not pay
    for the count."""
    path = write_csv(_dated(["-12.50", "300"]))
    assert import_statement(path).mark_losses == ()
    assert _counted(path).mark_losses != ()
