"""A mapping given for a quiet month's file (its header alone) without ``header_row``.

Detection finds a header above the rows holding dates; a file with none gave it no header
to look the mapping's column names up in, so a wrong mapping was refused for naming a
column the file has ("no column is named 'Datum'; the headers are ['', '', '']") instead
of for its real fault. The accountant must be told that fault, naming the file and the
column, whether the file is read through the importer or the command line; and a right
mapping reads the quiet month as one with no movements.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.statements import Mapping, StatementImportError, import_statement

HEADER = ("Datum", "Naam", "Bedrag")
# Above the header: the account and a blank line; below it: the month's opening balance.
PREAMBLE = (("Rekening", "NL00BANK0123456789", ""), ("", "", ""))
BALANCE = ("Beginsaldo", "", "100.00")
RIGHT: dict[str, Any] = {"columns": {"date": "Datum", "amount": "Bedrag"}}

# A mapping given as the JSON a --mapping file holds, and what its refusal must say.
FAULTS = {
    "two roles": (
        {"columns": {"date": "Datum", "amount": "Bedrag", "debit": "Bedrag"}},
        "column 'Bedrag' is given as both the amount and the debit; give each role its own column",
    ),
    "ignored and given a role": (
        {"columns": {"date": "Datum", "amount": "Bedrag"}, "ignore": ["Bedrag"]},
        "column 'Bedrag' is both ignored and the amount; take it out of 'ignore' or out of 'columns'",
    ),
    "one name wrong": (
        {"columns": {"date": "Datum", "amount": "Betrag"}},
        "no column is named 'Betrag'; the headers are ['Datum', 'Naam', 'Bedrag']",
    ),
    # Columns given by number or letter are named as given, not "column 'column 3'".
    "two roles by number": (
        {"columns": {"date": 1, "amount": 3, "debit": 3}},
        "column 3 is given as both the amount and the debit; give each role its own column",
    ),
    "ignored by number, given by letter": (
        {"columns": {"date": "A", "amount": "C"}, "ignore": [3]},
        "column C is both ignored and the amount; take it out of 'ignore' or out of 'columns'",
    ),
}


@dataclass(frozen=True)
class Quiet:
    path: Path
    header_row: int  # 1-based, as the layout gives it


@pytest.fixture(params=["csv", "csv with preamble", "xlsx"])
def quiet(
    request: pytest.FixtureRequest,
    write_csv: Callable[..., Path],
    write_xlsx: Callable[..., Path],
) -> Quiet:
    """A month with no movements: its header alone, or under a preamble with its opening
    balance below, as a csv; its header alone on a worksheet."""
    if request.param == "xlsx":
        return Quiet(write_xlsx({"Maart": [HEADER]}, "Maart.xlsx"), 1)
    if request.param == "csv":
        return Quiet(write_csv(",".join(HEADER) + "\n", "Maart.csv"), 1)
    rows = [*PREAMBLE, HEADER, BALANCE]
    return Quiet(write_csv("".join(",".join(row) + "\n" for row in rows), "Maart.csv"), 3)


@pytest.mark.parametrize("fault", FAULTS)
def test_a_wrong_mapping_for_a_quiet_month_is_refused_for_its_fault(
    quiet: Quiet, fault: str
) -> None:
    given, said = FAULTS[fault]
    with pytest.raises(StatementImportError) as refused:
        import_statement(quiet.path, mapping=Mapping(**given))
    assert str(refused.value) == f"{quiet.path.name}: the mapping does not fit: {said}"


@pytest.mark.parametrize("fault", FAULTS)
def test_the_command_line_tells_a_quiet_months_mapping_fault(
    quiet: Quiet, tmp_path: Path, capsys: pytest.CaptureFixture[str], fault: str
) -> None:
    given, said = FAULTS[fault]
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps(given))
    assert main(["statement", str(quiet.path), "--mapping", str(mapping)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"desktop-app: {quiet.path.name}: the mapping does not fit: {said}\n"


def test_the_command_line_run_as_a_program_tells_the_fault(
    write_xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    quiet = write_xlsx({"Maart": [HEADER]}, "Maart.xlsx")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps(FAULTS["two roles"][0]))
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "statement", str(quiet), "--mapping", str(mapping)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"desktop-app: Maart.xlsx: the mapping does not fit: {FAULTS['two roles'][1]}\n"
    )


def test_guard_a_right_mapping_reads_a_quiet_month_without_its_header_row(
    quiet: Quiet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = import_statement(quiet.path, mapping=Mapping(**RIGHT))
    assert result.lines == ()
    assert result.layout is not None
    layout = result.layout
    assert (layout.header_row, layout.booking_date, layout.amount) == (quiet.header_row, 0, 2)
    assert any("the statement holds no movements" in str(note) for note in result.warnings)
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps(RIGHT))
    assert main(["statement", str(quiet.path), "--mapping", str(mapping)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["lines"], printed["layout"]["columns"]["amount"]["header"]) == ([], "Bedrag")


def test_a_right_mapping_on_a_file_whose_dates_do_not_read_names_the_date_column(
    write_csv: Callable[..., Path],
) -> None:
    """Rows below the header that may be movements, none with a date that reads: the file
    is refused for that, naming the mapping's date column, not for a header of blanks."""
    path = write_csv("Datum,Naam,Bedrag\n32.13.2024,Huur,-800.00\n", "Maart.csv")
    with pytest.raises(StatementImportError) as refused:
        import_statement(path, mapping=Mapping(**RIGHT))
    assert "no row below the header has a date in column 'Datum'" in str(refused.value)
    assert "the headers are" not in str(refused.value)
