"""A text cut short mid-row (a download that stopped) has its cut last row left out, said.

A last row without a line break after it and with fewer fields than the header is what
a download that stopped mid-row leaves: what it holds is not what the bank wrote (the
amount 1207.84 cut to '12'), so it is no line, and a warning names the file and row.
A short row anywhere else is a bank leaving out empty trailing fields, read as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.statements import import_statement

HEADER = "Date,Description,Amount,Currency,Balance\n"
ROWS = (
    "03/12/2025,EL 2025 01174 CUSTOMER 1038,276.62,GBP,-78027.76\n"
    "04/12/2025,EL 2025 01176 CUSTOMER 1056,1210.36,GBP,-76817.40\n"
    "16/12/2025,EL-2025-01182 CUSTOMER 1032,-567.42,GBP,-77384.82\n"
)
CUT = "18/12/2025,EL 2025 01171 CUSTOMER 1021 AGAIN,12"


def _cut_warnings(warnings: Iterable[object]) -> list[str]:
    return [str(warning) for warning in warnings if "cut short" in str(warning)]


def test_an_unquoted_cut_last_row_is_left_out_and_said(write_csv: Callable[..., Path]) -> None:
    result = import_statement(write_csv(HEADER + ROWS + CUT, name="dec.csv"))
    assert [line.row for line in result.lines] == [2, 3, 4]
    assert Decimal(12) not in [line.amount for line in result.lines]
    [said] = _cut_warnings(result.warnings)
    assert said.startswith("dec.csv row 5: ")
    assert "download the statement again" in said


def test_a_quoted_cut_last_row_is_left_out_and_said(write_csv: Callable[..., Path]) -> None:
    quoted = ROWS.replace("EL 2025 01176 CUSTOMER 1056", '"EL 2025 01176, CUSTOMER 1056"')
    text = HEADER + quoted + '18/12/2025,"EL 2025 01171, CUSTOMER 1021",12'
    result = import_statement(write_csv(text, name="dec.csv"))
    assert [line.row for line in result.lines] == [2, 3, 4]
    assert [line.description for line in result.lines][1] == "EL 2025 01176, CUSTOMER 1056"
    [said] = _cut_warnings(result.warnings)
    assert said.startswith("dec.csv row 5: ")


def test_a_large_cut_file_read_in_bulk_leaves_the_row_out(
    write_csv: Callable[..., Path],
) -> None:
    """Thousands of distinct amounts: the money columns are read row by row in bulk, and
    the text is longer than the head a saved profile is looked for in."""
    body = "".join(
        f"{1 + day % 28:02d}/12/2025,PAYMENT {day},{day}.{day % 100:02d},GBP,{day * 3}.{day % 7}0\n"
        for day in range(1, 7001)
    )
    result = import_statement(write_csv(HEADER + body + CUT, name="big.csv"))
    assert len(result.lines) == 7000
    assert result.lines[-1].row == 7001
    [said] = _cut_warnings(result.warnings)
    assert said.startswith("big.csv row 7002: ")


@pytest.mark.parametrize("ending", ["", "\n"])
def test_a_complete_last_row_reads_as_before(write_csv: Callable[..., Path], ending: str) -> None:
    text = HEADER + ROWS + "18/12/2025,EL 2025 01171 CUSTOMER 1021,1207.84,GBP,-76176.98" + ending
    result = import_statement(write_csv(text))
    assert [line.amount for line in result.lines][-1] == Decimal("1207.84")
    assert len(result.lines) == 4
    assert result.warnings == ()


def test_a_short_row_with_a_line_break_after_it_reads_as_before(
    write_csv: Callable[..., Path],
) -> None:
    """A bank that leaves out empty trailing fields: the short last row is a line."""
    text = "Date,Description,Amount,Reference\n03/12/2025,RENT,-500.00,R1\n04/12/2025,FEE,-2.50\n"
    result = import_statement(write_csv(text))
    assert [line.amount for line in result.lines] == [Decimal("-500.00"), Decimal("-2.50")]
    assert _cut_warnings(result.warnings) == []


def test_the_statement_command_prints_the_warning(
    write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["statement", str(write_csv(HEADER + ROWS + CUT, name="dec.csv"))]) == 0
    output = json.loads(capsys.readouterr().out)
    assert [line["row"] for line in output["lines"]] == [2, 3, 4]
    [said] = _cut_warnings(output["warnings"])
    assert said.startswith("dec.csv row 5: the file seems cut short")


def test_a_cut_row_that_could_be_realigned_is_left_out_all_the_same(
    write_csv: Callable[..., Path],
) -> None:
    """Cut before its amount, the row's third field reads as a balance column's: realigned,
    it would be a line of 80.00 with a note that it left out 'Balance'. It is no line,
    and the cut is the only thing said of it."""
    header = "Date,Description,Balance,Amount\n"
    rows = "03/12/2025,A,100.00,-10.00\n04/12/2025,B,90.00,-10.00\n"
    result = import_statement(write_csv(header + rows + "05/12/2025,C,80.00", name="dec.csv"))
    assert [line.row for line in result.lines] == [2, 3]
    assert [str(w) for w in result.warnings if w.row == 4] == _cut_warnings(result.warnings)
    assert len(_cut_warnings(result.warnings)) == 1


def test_a_short_last_row_is_read_where_the_bank_leaves_out_fields_in_other_rows_too(
    write_csv: Callable[..., Path],
) -> None:
    """A bank that drops empty trailing fields drops them in any row: a short last row
    without a line break after it is then that bank's way, not a cut."""
    rows = "03/12/2025,TEA,-3.00,GBP\n04/12/2025,COFFEE,-2.50,GBP,-80.00\n"
    result = import_statement(write_csv(HEADER + rows + "05/12/2025,CAKE,-4.00,GBP"))
    assert [line.amount for line in result.lines] == [
        Decimal("-3.00"),
        Decimal("-2.50"),
        Decimal("-4.00"),
    ]
    assert _cut_warnings(result.warnings) == []


@pytest.mark.parametrize(
    "footer",
    [
        "End of statement",  # text alone: no date, no amount
        "Total,,919.56",  # a total's words beside the lines' total
        "Closing balance,,-77384.82",  # a balance phrase beside the closing balance
    ],
)
def test_a_short_footer_without_a_line_break_is_no_cut(
    write_csv: Callable[..., Path], footer: str
) -> None:
    """A footer the layout skips anyway, last in a file that ends without a line break,
    is the bank's end of the file, not a download cut short in a row."""
    result = import_statement(write_csv(HEADER + ROWS + footer, name="dec.csv"))
    assert [line.row for line in result.lines] == [2, 3, 4]
    assert _cut_warnings(result.warnings) == []


@pytest.mark.parametrize(
    "cut",
    [
        "18/12/2025,SUPPLIER,12",  # cut in its amount
        "18/1",  # cut in its date
        ",SUPPLIER,12",  # a blank date, cut in its amount: no footer's words
    ],
)
def test_a_row_cut_short_beside_a_footer_like_one_is_still_a_cut(
    write_csv: Callable[..., Path], cut: str
) -> None:
    result = import_statement(write_csv(HEADER + ROWS + cut, name="dec.csv"))
    assert [line.row for line in result.lines] == [2, 3, 4]
    [said] = _cut_warnings(result.warnings)
    assert said.startswith("dec.csv row 5: the file seems cut short")
