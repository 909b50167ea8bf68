"""Whatever the bytes, an import either succeeds or raises the one documented error."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.statements import (
    StatementImport,
    StatementImportError,
    import_bytes,
    import_statement,
)


def _outcome(data: bytes, name: str) -> StatementImport | str:
    """The import, or the message of the one error it may raise."""
    try:
        return import_bytes(data, name)
    except StatementImportError as error:
        return str(error)


_cell = st.one_of(
    st.text(max_size=12),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)).map(
        lambda d: d.strftime("%d.%m.%Y")
    ),
    st.decimals(min_value=-99999, max_value=99999, places=2, allow_nan=False).map(str),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(_cell, min_size=1, max_size=6), max_size=15),
    st.sampled_from([",", ";", "\t"]),
)
def test_random_tables_import_or_fail_cleanly(rows: list[list[str]], delimiter: str) -> None:
    data = "\n".join(delimiter.join(row) for row in rows).encode("utf-8")
    result = _outcome(data, "fuzz.csv")
    if isinstance(result, str):
        assert result.startswith("fuzz.csv: ")
        return
    for line in result.lines:
        assert isinstance(line.amount, Decimal)
        assert line.row >= 1


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_import_or_fail_cleanly(data: bytes) -> None:
    result = _outcome(data, "noise.bin")
    if isinstance(result, str):
        assert result.startswith("noise.bin: ")


def test_csv_saved_with_an_excel_name_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("Date;Amount\n01.02.2024;-5,00\n", encoding="utf-8")
    result = import_statement(path)
    assert result.format == "csv"
    assert result.lines[0].amount == Decimal("-5.00")
    assert result.layout is not None
    assert dict(result.layout.evidence)["format"][0] == (
        "delimited text, detected from its content (its name says .xls)"
    )


def test_spreadsheetml_hidden_worksheet_and_dtd(tmp_path: Path) -> None:
    workbook = (
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        '<Worksheet ss:Name="Helper"><Table>{decoy}</Table>'
        '<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>'
        '<Worksheet ss:Name="Activity"><Table>'
        '<Row><Cell><Data ss:Type="String">Date</Data></Cell><Cell><Data ss:Type="String">Amount</Data></Cell></Row>'
        '<Row><Cell><Data ss:Type="DateTime">2024-05-02T00:00:00.000</Data></Cell>'
        '<Cell ss:Index="2"><Data ss:Type="Number">-12.5</Data></Cell></Row>'
        "</Table></Worksheet></Workbook>"
    )
    decoy = "".join(
        f'<Row><Cell><Data ss:Type="DateTime">2024-01-{day:02d}</Data></Cell><Cell><Data ss:Type="Number">1</Data></Cell></Row>'
        for day in range(1, 20)
    )
    path = tmp_path / "activity.xls"
    path.write_text(workbook.replace("{decoy}", decoy), encoding="utf-8")
    result = import_statement(path)
    assert result.layout is not None
    assert result.layout.sheet == "Activity"
    assert [(line.date, line.amount) for line in result.lines] == [
        (dt.date(2024, 5, 2), Decimal("-12.5"))
    ]

    path.write_text(
        workbook.replace(
            '<?xml version="1.0"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'
        ),
        encoding="utf-8",
    )
    with pytest.raises(StatementImportError, match="declares a DTD"):
        import_statement(path)


_SPREADSHEETML = (
    '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Activity">'
    '<Table><Row><Cell><Data ss:Type="String">Date</Data></Cell></Row>{rows}</Table>'
    "</Worksheet></Workbook>"
)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            '<Row ss:Index="20000000"><Cell><Data ss:Type="String">x</Data></Cell></Row>',
            "a row is placed at row 20,000,000, beyond a worksheet's 1,048,576",
        ),
        (
            "".join(
                f'<Row ss:Index="{row}"><Cell ss:Index="16384"><Data ss:Type="String">x</Data>'
                "</Cell></Row>"
                for row in range(2, 1300)
            ),
            "its cells run past 20,000,000, far more than a statement holds",
        ),
    ],
)
def test_spreadsheetml_cells_placed_far_away_are_refused_before_filling_memory(
    tmp_path: Path, rows: str, message: str
) -> None:
    # A few bytes could make the reader fill gigabytes with the empty cells before them.
    path = tmp_path / "far.xls"
    path.write_text(_SPREADSHEETML.format(rows=rows), encoding="utf-8")
    with pytest.raises(StatementImportError, match=f"^far.xls: cannot be imported: {message}$"):
        import_statement(path)


def test_an_xlsx_stray_cell_far_from_the_table_is_refused_before_reading(
    tmp_path: Path,
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Amount"])
    sheet.append([dt.date(2024, 1, 2), -5.0])
    sheet.cell(row=2000, column=16384, value="stray")
    path = tmp_path / "stray.xlsx"
    workbook.save(path)
    with pytest.raises(StatementImportError) as raised:
        import_statement(path)
    assert str(raised.value) == (
        "stray.xlsx: cannot be imported: worksheet xl/worksheets/sheet1.xml spans 2,000 rows "
        "by 16,384 columns from A1, far more than a statement; delete the stray cells far "
        "from the table, or save the statement's rows as csv"
    )
