"""A debit/credit row with both sides filled is read, and said.

The bank booked money out and in on one row (a reversal, a fee refunded at once). It was
netted silently: a £5.00 debit and £5.00 credit became a line of 0.00, and the import
said "nothing to note", though the file's gross totals no longer agreed with the lines.
A zero on one side, as many exports write the empty side, is no such row.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from desktop_app.statements import import_statement
from desktop_app.ui.backend.statement_backend import warning_counts

FILE = (
    "Date,Description,Debit,Credit,Balance\n"
    "01/03/2025,Opening transfer,,100.00,100.00\n"
    "02/03/2025,Card payment,3.50,,96.50\n"
    "13/03/2025,Charge reversed,5.00,5.00,96.50\n"
    "14/03/2025,Fee,2.00,0.00,94.50\n"
)


def test_a_row_with_both_sides_filled_is_read_net_and_noted(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(FILE))
    assert [(line.row, line.amount) for line in result.lines] == [
        (2, Decimal("100.00")),
        (3, Decimal("-3.50")),
        (4, Decimal("0.00")),
        (5, Decimal("-2.00")),
    ]
    (said,) = [warning for warning in result.warnings if warning.row is not None]
    assert (said.row, said.column) == (4, "Debit / Credit")
    assert said.message == (
        "both the debit (5.00) and the credit (5.00) are filled; read as 0.00, "
        "the credit less the debit"
    )
    # A note on a line that was read, not a row skipped.
    assert warning_counts(result) == (0, 1)
