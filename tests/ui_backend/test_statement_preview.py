"""What the wizard is told about a file, decided here without widgets: what its date order
rests on, and whether a decimal mark the accountant may choose reads none of a money
column's amounts (an import that would otherwise end in "no transactions found")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend.statement_backend import StatementBackend
from desktop_app.ui.services import ColumnMapping, StatementPreview
from tests.statements.card_files import date_cells_file, dated_file, long_giro_file
from tests.statements.test_built_files import _write_formatted


@pytest.fixture
def backend(tmp_path: Path) -> StatementBackend:
    return StatementBackend(JsonProfileStore(tmp_path / "profiles.json"))


def _roles(preview: StatementPreview) -> dict[int, str | None]:
    return {column.index: column.role for column in preview.columns}


@pytest.mark.parametrize(
    "dates",
    [["2024-03-15", "2024-03-16"], ["20240315", "20240316"], ["15 Mar 2024", "16 Mar 2024"]],
    ids=["iso", "compact", "month names"],
)
def test_dates_that_read_one_way_leave_no_order_to_choose(
    backend: StatementBackend, tmp_path: Path, dates: list[str]
) -> None:
    preview = backend.preview(dated_file(tmp_path, dates))
    assert preview.date_order_not_needed == f"dates like {dates[0]} are unambiguous"
    assert not preview.date_order_choosable
    assert not preview.date_order_guessed
    assert preview.date_order_settled_by is None


def test_date_cells_leave_no_order_to_choose(backend: StatementBackend, tmp_path: Path) -> None:
    preview = backend.preview(date_cells_file(tmp_path))
    assert preview.date_order_not_needed == "the cells are real dates"
    assert not preview.date_order_choosable


def test_the_date_that_settled_the_order_is_named(
    backend: StatementBackend, tmp_path: Path
) -> None:
    preview = backend.preview(dated_file(tmp_path, ["02/01/2024", "05/01/2024", "31/01/2024"]))
    assert (preview.date_order, preview.date_order_guessed) == ("DMY", False)
    assert preview.date_order_settled_by == "31/01/2024 in row 4"
    assert preview.date_order_not_needed is None
    assert preview.date_order_choosable


def test_a_guessed_order_names_no_date(backend: StatementBackend, tmp_path: Path) -> None:
    preview = backend.preview(dated_file(tmp_path, ["02/01/2024", "03/01/2024"]))
    assert (preview.date_order, preview.date_order_guessed) == ("DMY", True)
    assert (preview.date_order_settled_by, preview.date_order_not_needed) == (None, None)
    assert preview.date_order_choosable


def test_a_decimal_comma_reads_no_amount_of_a_file_written_with_points(
    backend: StatementBackend, tmp_path: Path
) -> None:
    preview = backend.preview(dated_file(tmp_path, ["2024-03-15", "2024-03-16", "2024-03-17"]))
    roles = _roles(preview)
    assert preview.decimal_mark == "."
    assert preview.decimal_mark_problem(",", roles) == (
        "With a decimal comma, no amount in column 'Amount' can be read ('-1234.56' in row 2 "
        'is one): nothing would be imported from it. Set the decimal mark back to "as '
        'detected (point)".'
    )
    assert preview.decimal_mark_problem(".", roles) is None
    assert preview.decimal_mark_problem(None, roles) is None


def test_a_decimal_point_reads_no_amount_of_a_debit_and_credit_file_written_with_commas(
    backend: StatementBackend, tmp_path: Path
) -> None:
    path = tmp_path / "giro.csv"
    path.write_text(
        "Datum;Text;Soll;Haben\n15.03.2024;Miete;1.234,56;\n16.03.2024;Gehalt;;2.500,00\n",
        encoding="utf-8",
    )
    preview = backend.preview(path)
    problem = preview.decimal_mark_problem(".", _roles(preview))
    assert problem is not None
    assert problem.startswith(
        "With a decimal point, no amount in columns 'Soll' and 'Haben' can be read "
        "('1.234,56' in row 2 is one)"
    )
    assert problem.endswith('back to "as detected (comma)".')


def test_the_columns_the_accountant_gave_the_money_roles_are_the_ones_checked(
    backend: StatementBackend, tmp_path: Path
) -> None:
    """Whole numbers read with either mark: once the accountant makes that column the
    amount (and the detected one nothing), a decimal comma loses no amount."""
    path = tmp_path / "counts.csv"
    path.write_text("Date,Units,Amount\n2024-03-15,12,-4.50\n2024-03-16,3,-1.25\n")
    preview = backend.preview(path)
    roles = _roles(preview)
    assert roles == {0: "date", 1: None, 2: "amount"}
    assert preview.decimal_mark_problem(",", roles) is not None
    by_hand = {0: "date", 1: "amount", 2: None}
    assert preview.decimal_mark_problem(",", by_hand) is None


def test_number_cells_read_under_either_mark(backend: StatementBackend, tmp_path: Path) -> None:
    preview = backend.preview(date_cells_file(tmp_path))
    assert preview.unread_amounts == ()
    assert preview.decimal_mark_problem(",", _roles(preview)) is None


def test_the_decimal_mark_is_checked_against_every_line(
    backend: StatementBackend, tmp_path: Path
) -> None:
    """The credit column's only amount is in row 5,001: a decimal point reads none of
    them, which the first thousand lines alone cannot show."""
    preview = backend.preview(long_giro_file(tmp_path))
    assert preview.decimal_mark == ","
    problem = preview.decimal_mark_problem(".", _roles(preview))
    assert problem is not None
    assert problem.startswith(
        "With a decimal point, no amount in column 'Haben' can be read ('2.500,00' in row "
        "5001 is one)"
    )


def test_a_mark_that_reads_later_amounts_is_no_mark_that_reads_none(
    backend: StatementBackend, tmp_path: Path
) -> None:
    """The first 1,200 amounts are written with a decimal point, the rest are whole: a
    decimal comma still reads those, so it is not refused as one that reads nothing."""
    amounts = [f"-{number}.50" for number in range(1, 1201)] + ["300", "-12"] * 100
    path = tmp_path / "ledger.csv"
    path.write_text(
        "Date,Description,Amount\n"
        + "".join(f"2024-03-{1 + n % 28:02d},Line {n},{a}\n" for n, a in enumerate(amounts))
    )
    preview = backend.preview(path)
    assert preview.decimal_mark_problem(",", _roles(preview)) is None


def test_a_mark_that_skips_some_lines_names_them_without_holding_the_import(
    backend: StatementBackend, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.csv"
    path.write_text(
        "Date,Description,Amount\n2024-03-15,Rent,-4\n2024-03-16,Fee,12.50\n"
        "2024-03-17,Shop,7\n2024-03-18,Cafe,3.25\n"
    )
    preview = backend.preview(path)
    roles = _roles(preview)
    assert preview.decimal_mark_problem(",", roles) is None
    assert preview.decimal_mark_warning(",", roles) == (
        "With a decimal comma, 2 amounts in column 'Amount' (the first: '12.50' in row 3) "
        "cannot be read: those 2 lines would be skipped. Set the decimal mark back to "
        '"as detected (point)" to keep them, or import as set if those cells are wrong in '
        "the file."
    )
    assert preview.decimal_mark_warning(".", roles) is None
    assert preview.decimal_mark_warning(None, roles) is None
    unused = {**roles, 2: None}
    assert preview.decimal_mark_warning(",", unused) is None  # no money role: no lines lost


def test_each_money_column_that_skips_lines_is_named(
    backend: StatementBackend, tmp_path: Path
) -> None:
    path = tmp_path / "giro.csv"
    path.write_text(
        "Datum;Text;Soll;Haben\n15.03.2024;Miete;1.234,56;\n16.03.2024;Karte;12;\n"
        "17.03.2024;Gehalt;;2.500,50\n18.03.2024;Zins;;3\n",
        encoding="utf-8",
    )
    preview = backend.preview(path)
    assert preview.decimal_mark_warning(".", _roles(preview)) == (
        "With a decimal point, 1 amount in column 'Soll' ('1.234,56' in row 2) and 1 "
        "amount in column 'Haben' ('2.500,50' in row 4) cannot be read: those 2 lines "
        'would be skipped. Set the decimal mark back to "as detected (comma)" to keep '
        "them, or import as set if those cells are wrong in the file."
    )


def test_a_file_without_a_header_says_why_of_each_column(
    backend: StatementBackend, tmp_path: Path
) -> None:
    """The importer names such a file's columns "column 2"; the wizard looked for header
    names only, so every column's Why said "taken as description" and the reasons stood
    among the file's notes instead."""
    path = tmp_path / "noheader.csv"
    path.write_text(
        "".join(
            f"{day:02d}.01.2024;Payment {day} to supplier number {day};-{day},50\n"
            for day in (3, 9, 15, 21)
        ),
        encoding="utf-8",
    )
    preview = backend.preview(path)
    assert preview.header_row is None
    why = {column.role: column.evidence for column in preview.columns}
    assert "booking date: column 1 (" in why["date"]
    assert "description: column 2," in why["description"]
    assert "column 3 (" in why["amount"]
    assert not any("'column" in text for text in why.values())
    assert not any("column 1" in note or "column 3" in note for note in preview.notes)


def test_a_headerless_balance_the_mark_cannot_read_is_named_by_number(
    backend: StatementBackend, tmp_path: Path
) -> None:
    """The note the wizard adds to the evidence where the decimal mark chosen leaves the
    balance nothing to read names the column as the rest of the evidence does: "column 4",
    not "column 'column 4'"."""
    path = tmp_path / "giro.csv"
    path.write_text(
        "15.03.2024;Miete;-800;1.200,50\n16.03.2024;Karte;-12;1.188,50\n"
        "17.03.2024;Gehalt;2500;3.688,50\n",
        encoding="utf-8",
    )
    preview = backend.preview(path)
    assert (preview.header_row, _roles(preview)[3]) == (None, "balance")
    result = backend.import_file(path, ColumnMapping(None, {}, decimal_mark="."))
    assert result.layout is not None
    said = (
        "column 4: none of its amounts reads with a decimal point, so it is no longer the "
        "balance column, and no column is"
    )
    assert dict(result.layout.evidence)["roles"] == (said,)


def test_a_headerless_columns_rounded_residue_is_that_columns_why(
    backend: StatementBackend, tmp_path: Path
) -> None:
    """The importer names a column without a header "column 3" in its evidence of rounded
    residue, as its refusals name it: the wizard still puts that note against the column,
    not among the file's notes."""
    rows: list[list[object]] = [
        [dt.date(2024, 3, 1), "Coffee at the station kiosk", 12.35],
        [dt.date(2024, 3, 2), "Formula cell from a sheet", 100 - 99.99],
        [dt.date(2024, 3, 3), "Rent for the month of March", -800.5],
        [dt.date(2024, 3, 4), "Card payment at the shop", -7.25],
    ]
    preview = backend.preview(_write_formatted(tmp_path / "bare.xlsx", rows, {3: "#,##0.00"}))
    assert preview.header_row is None
    why = {column.role: column.evidence for column in preview.columns}
    rounded = "Numbers: column 3: 1 number cell read to 2 decimals"
    assert rounded in why["amount"]
    assert rounded not in why["date"]
    assert not any("number cell" in note for note in preview.notes)
