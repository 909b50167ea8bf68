"""A file's rows as they are, for mapping by hand a file in which detection found no
transactions; and that failure's reason kept apart from the command line's advice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.statements import StatementImportError, import_statement, importer
from desktop_app.statements.model import NoTransactionsFoundError
from desktop_app.statements.raw_rows import RawSheet, raw_rows
from tests.statements.test_bad_input import ole_file

# The example names the file's own header row and columns (not "Date" and "Amount").
CLI_HINT = (
    "supply a mapping that names the columns, e.g. --mapping map.json with "
    '{"header_row": 1, "columns": {"date": "...", "amount": "..."}}, each one of: Name, '
    "Amount"
)


def test_no_transactions_keeps_its_reason_apart_from_the_command_line_advice(
    write_csv: Callable[..., Path],
) -> None:
    with pytest.raises(NoTransactionsFoundError) as raised:
        import_statement(write_csv("Name,Amount\nAlice,1.00\n", "names.csv"))
    error = raised.value
    assert error.reason == "names.csv: no transactions found (no column holds dates)"
    assert (error.source_name, error.reasons) == ("names.csv", "no column holds dates")
    assert str(error) == f"{error.reason}; {CLI_HINT}"  # the command line's, as it was


def test_a_text_file_s_rows_are_as_written_with_the_rows_the_accountant_sees(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv("Statement,,\n\nBooked,Details,Amount\n2024-01-02,Rent,\n")
    assert raw_rows(path).sheets == (
        RawSheet(
            None,
            (("Statement",), (), ("Booked", "Details", "Amount"), ("2024-01-02", "Rent")),
            (1, 2, 3, 4),
        ),
    )


def test_a_workbook_s_visible_sheets_in_order_the_first_with_typed_cells_shown_first(
    write_xlsx: Callable[..., Path],
) -> None:
    path = write_xlsx(
        {
            "Read me": [["Exported by the bank"]],
            "~Secret": [[dt.date(2024, 1, 1), 1]],
            "Empty": [],
            "Statement": [["Date", "Amount"], [dt.date(2024, 1, 2), -12.5]],
        }
    )
    raw = raw_rows(path)
    assert [sheet.name for sheet in raw.sheets] == ["Read me", "Statement"]
    assert raw.first == 1
    assert raw.sheets[1].rows == (("Date", "Amount"), ("2024-01-02", "-12.5"))
    assert raw.sheets[1].row_numbers == (1, 2)


def test_only_the_first_rows_are_read_out(write_csv: Callable[..., Path]) -> None:
    path = write_csv("".join(f"row {n}\n" for n in range(1, 11)))
    (sheet,) = raw_rows(path, limit=3).sheets
    assert sheet.row_numbers == (1, 2, 3)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("locked.xlsx", ole_file("EncryptionInfo", "EncryptedPackage"), "cannot be imported"),
        ("noise.csv", bytes(range(256)) * 4, "cannot be imported"),
        ("truncated.xlsx", b"PK\x03\x04" + b"\0" * 40, "cannot be imported"),
        ("old.xls", ole_file("Workbook"), "no visible sheet holds rows"),
        ("empty.csv", b"", "cannot be imported: it is empty"),
    ],
    ids=["encrypted", "garbage", "corrupt", "no-sheet-rows", "empty"],
)
def test_a_file_that_cannot_be_read_is_refused_as_the_import_refuses_it(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(StatementImportError) as raised:
        raw_rows(path)
    said = str(raised.value)
    assert said.startswith(f"{name}: ")
    assert message in said
    assert "--mapping" not in said
    with pytest.raises(StatementImportError) as imported:
        import_statement(path)
    if not isinstance(imported.value, NoTransactionsFoundError):
        assert said == str(imported.value)


def test_a_missing_or_too_large_file_is_refused_in_the_import_s_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(StatementImportError, match=r"^gone.csv: cannot be read: no such file"):
        raw_rows(tmp_path / "gone.csv")
    path = tmp_path / "big.csv"
    path.write_text("Date,Amount\n2024-01-02,1.00\n")
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 10)
    with pytest.raises(StatementImportError, match=r"^big.csv: 28 bytes is too large"):
        raw_rows(path)
