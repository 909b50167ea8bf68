"""A mapping naming no sheet, for a workbook with a text-only sheet beside its transactions.

The sheet that holds the transactions is inferred (not always the first), and a mapping
overrides roles, not which sheet that is, unless it names one. Applied to every sheet, a
mapping naming columns by header text was refused for the "Info" tab's lack of them
("no column is named 'Datum'; the headers are ['']"), whichever sheet came first: the
accountant could not import the bank's workbook with a mapping at all. A sheet the
mapping does not fit is passed over, and the evidence says so; the file is refused only
when it fits no sheet, naming each; a fault of the mapping itself is still its refusal.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.statements import Mapping, StatementImportError, import_statement

INFO = [
    ("Kontoauszug Januar 2024",),
    ("Erstellt von der Musterbank",),
    ("Alle Beträge in EUR",),
]
HEADER = ("Datum", "Text", "Betrag")
ROWS = [
    HEADER,
    (datetime.date(2024, 1, 2), "Miete", -800.5),
    (datetime.date(2024, 1, 15), "Gehalt", 2500),
]
BY_NAME: dict[str, Any] = {"columns": {"date": "Datum", "amount": "Betrag"}}
INFO_PASSED = (
    "sheet 'Info' passed over: the mapping does not fit it "
    "(no column is named 'Datum'; the headers are [''])"
)
# Info before the transactions, and after them.
ORDERS = {"info first": ("Info", "Umsätze"), "info last": ("Umsätze", "Info")}


def _workbook(
    write_xlsx: Callable[..., Path], order: Sequence[str], data: Sequence[Sequence[Any]] = ROWS
) -> Path:
    sheets = {"Info": INFO, "Umsätze": data}
    return write_xlsx({title: sheets[title] for title in order}, "Januar.xlsx")


def _sheet_evidence(evidence: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
    return [text for decision, lines in evidence if decision == "sheet" for text in lines]


@pytest.mark.parametrize("order", ORDERS)
def test_a_mapping_by_header_names_reads_the_sheet_it_fits(
    write_xlsx: Callable[..., Path], order: str
) -> None:
    path = _workbook(write_xlsx, ORDERS[order])
    result = import_statement(path, mapping=Mapping(**BY_NAME))
    assert [(line.date, line.amount) for line in result.lines] == [
        (datetime.date(2024, 1, 2), Decimal("-800.50")),
        (datetime.date(2024, 1, 15), Decimal("2500")),
    ]
    assert result.layout is not None
    assert result.layout.sheet == "Umsätze"
    assert INFO_PASSED in _sheet_evidence(result.layout.evidence)


def test_a_mapping_by_number_and_header_row_passes_over_a_narrower_sheet(
    write_xlsx: Callable[..., Path],
) -> None:
    """The wizard's correction of a detected workbook is such a mapping (columns by
    number, the header row) and names no sheet: the Info tab has one column."""
    path = _workbook(write_xlsx, ORDERS["info first"])
    mapping = Mapping(header_row=1, columns={"date": 1, "amount": 3})
    result = import_statement(path, mapping=mapping)
    assert len(result.lines) == 2
    assert result.layout is not None
    assert (
        "sheet 'Info' passed over: the mapping does not fit it "
        "(column 3 does not exist (the table has 1 column))"
    ) in _sheet_evidence(result.layout.evidence)


@pytest.mark.parametrize("order", ORDERS)
def test_a_quiet_months_sheet_beside_an_info_sheet_reads_with_no_movements(
    write_xlsx: Callable[..., Path], order: str
) -> None:
    path = _workbook(write_xlsx, ORDERS[order], [HEADER])
    result = import_statement(path, mapping=Mapping(**BY_NAME))
    assert result.lines == ()
    assert result.layout is not None
    layout = result.layout
    assert (layout.sheet, layout.header_row, layout.booking_date, layout.amount) == (
        "Umsätze",
        1,
        0,
        2,
    )
    assert any("the statement holds no movements" in str(note) for note in result.warnings)
    assert INFO_PASSED in _sheet_evidence(layout.evidence)


@pytest.mark.parametrize("order", ORDERS)
def test_a_mapping_that_fits_no_sheet_names_each_sheet_and_why(
    write_xlsx: Callable[..., Path], order: str
) -> None:
    path = _workbook(write_xlsx, ORDERS[order])
    mapping = Mapping(columns={"date": "Datum", "amount": "Betrg"})
    with pytest.raises(StatementImportError) as refused:
        import_statement(path, mapping=mapping)
    why = {
        "Info": "sheet 'Info': no column is named 'Datum'; the headers are ['']",
        "Umsätze": (
            "sheet 'Umsätze': no column is named 'Betrg'; "
            "the headers are ['Datum', 'Text', 'Betrag']"
        ),
    }
    assert str(refused.value) == (
        "Januar.xlsx: the mapping does not fit any sheet: "
        + "; ".join(why[title] for title in ORDERS[order])
    )


FAULTS = {
    "two roles": (
        {"columns": {"date": "Datum", "amount": "Betrag", "debit": "Betrag"}},
        "column 'Betrag' is given as both the amount and the debit; give each role its own column",
    ),
    "ignored and given a role": (
        {"columns": {"date": "Datum", "amount": "Betrag"}, "ignore": ["Betrag"]},
        "column 'Betrag' is both ignored and the amount; take it out of 'ignore' or out of 'columns'",
    ),
}


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("quiet", [False, True], ids=["with movements", "quiet month"])
def test_a_fault_of_the_mapping_on_the_sheet_it_names_is_refused_for_it(
    write_xlsx: Callable[..., Path], order: str, fault: str, quiet: bool
) -> None:
    """Not passed over as a sheet it does not fit: the sheet has the columns it names."""
    path = _workbook(write_xlsx, ORDERS[order], [HEADER] if quiet else ROWS)
    given, said = FAULTS[fault]
    with pytest.raises(StatementImportError) as refused:
        import_statement(path, mapping=Mapping(**given))
    assert str(refused.value) == f"Januar.xlsx: the mapping does not fit sheet 'Umsätze': {said}"


def test_a_mapping_naming_its_sheet_is_refused_naming_that_sheet(
    write_xlsx: Callable[..., Path],
) -> None:
    path = _workbook(write_xlsx, ORDERS["info first"])
    mapping = Mapping(sheet="Info", columns={"date": "Datum", "amount": "Betrag"})
    with pytest.raises(StatementImportError) as refused:
        import_statement(path, mapping=mapping)
    assert str(refused.value) == (
        "Januar.xlsx: the mapping does not fit sheet 'Info': "
        "no column is named 'Datum'; the headers are ['']"
    )


@pytest.mark.parametrize("order", ORDERS)
def test_the_command_line_reads_the_sheet_the_mapping_fits(
    write_xlsx: Callable[..., Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    order: str,
) -> None:
    path = _workbook(write_xlsx, ORDERS[order])
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps(BY_NAME))
    assert main(["statement", str(path), "--mapping", str(mapping)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [(line["date"], line["amount"]) for line in printed["lines"]] == [
        ("2024-01-02", "-800.50"),
        ("2024-01-15", "2500.00"),
    ]
    assert INFO_PASSED in printed["layout"]["evidence"]["sheet"]


def test_the_command_line_reads_a_quiet_month_beside_an_info_sheet(
    write_xlsx: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _workbook(write_xlsx, ORDERS["info first"], [HEADER])
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps(BY_NAME))
    assert main(["statement", str(path), "--mapping", str(mapping)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["lines"], printed["layout"]["columns"]["amount"]["header"]) == ([], "Betrag")


def test_the_command_line_tells_each_sheet_a_mapping_does_not_fit(
    write_xlsx: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _workbook(write_xlsx, ORDERS["info first"])
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"columns": {"date": "Datum", "amount": "Betrg"}}))
    assert main(["statement", str(path), "--mapping", str(mapping)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "desktop-app: Januar.xlsx: the mapping does not fit any sheet: "
        "sheet 'Info': no column is named 'Datum'; the headers are ['']; "
        "sheet 'Umsätze': no column is named 'Betrg'; the headers are ['Datum', 'Text', 'Betrag']\n"
    )
