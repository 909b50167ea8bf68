"""The data sheets' fast path (``stream.RowStream``) against openpyxl's ordinary path.

The same values go through ``write_table`` (prepared cells, hyperlink records made by us)
and through ``CellFactory`` with openpyxl's own ``append`` and ``cell.hyperlink = url``;
both files are read back by openpyxl and calamine and must agree cell by cell: value,
type, number format, font, fill, quote prefix and hyperlink.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from desktop_app.domain import Money, no_progress
from desktop_app.export.cells import CellFactory, clean_text, looks_executable
from desktop_app.export.stream import PreparedCell, RowStream
from desktop_app.export.styles import ColumnKind
from desktop_app.export.table import Column, Ticker, write_table
from tests.export.soffice import convert, needs_soffice

K = ColumnKind
KINDS = (
    K.TEXT, K.INTEGER, K.DATE, K.DATETIME, K.MONEY, K.SCORE, K.PERCENT, K.LINK, K.UTC_DATETIME,
)  # fmt: skip
HEADERS = ("Text", "Integer", "Date", "Time", "Amount", "Score", "Share", "Link", "UTC")
URL = "https://billing.example/invoices/7?org=acme&x=1"

# Every kind of value each column meets, including the awkward ones.
ROWS: list[tuple[Any, ...]] = [
    ("plain", 2, date(2024, 3, 1), datetime(2024, 3, 1, 9, 30), Money(Decimal("72502.07"), "GBP"), 0.98, 0.5, URL, datetime(2024, 3, 1, 9, 30)),
    ("=HYPERLINK(\"http://evil.example\")", -7, None, datetime(2024, 3, 2, 23, 0, tzinfo=UTC), Money(Decimal(150000), "JPY"), 0.0, 1.0, "http://a.example/a b", datetime(2024, 3, 2, 23, 0, tzinfo=timezone(timedelta(hours=1)))),
    ("@SUM(A1)", None, date(1999, 12, 31), None, Decimal("-0.00"), None, None, "javascript:alert(1)", datetime(2024, 3, 3, 8, 0, tzinfo=UTC)),
    ("+44 20 7946", 0, None, None, Money(Decimal("1.005"), "KWD"), 1.0, 0.125, "=HYPERLINK(\"http://x\")", None),
    ("-2+3", 10**9, None, None, Money(Decimal("-12.50"), "EUR"), None, None, "https://a.example/ü", None),
    ("#N/A", None, None, None, None, None, None, None, None),
    ("bell\x07ring \ud800", None, None, None, None, None, None, "", None),
    ("two\nlines\tand tab", None, None, None, None, None, None, None, None),
    ("  spaced  ", None, None, None, None, None, None, None, None),
    ("Zahlung für Müller – Ølstue 東京 £€\u00a0", None, None, None, None, None, None, None, None),
    ("x" * 40_000, None, None, None, None, None, None, None, None),
    ("#123 not an error", None, None, None, None, None, None, None, None),
    ("", None, None, None, None, None, None, URL + "&again", None),
]  # fmt: skip


def _write_fast(path: Path, rows: list[tuple[Any, ...]]) -> None:
    columns = [
        Column(header, kind, 12, lambda row, at=index: row[at])
        for index, (header, kind) in enumerate(zip(HEADERS, KINDS, strict=True))
    ]
    workbook = Workbook(write_only=True)
    write_table(workbook.create_sheet("T"), columns, rows, Ticker(len(rows), no_progress, None))
    workbook.save(path)


def _write_ordinary(path: Path, rows: list[tuple[Any, ...]]) -> None:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("T")
    factory = CellFactory(worksheet)
    converters = [factory.converter(kind) for kind in KINDS]
    worksheet.append(list(HEADERS))
    for row in rows:
        worksheet.append([convert(value) for convert, value in zip(converters, row, strict=True)])
    workbook.save(path)


def _look(cell: Any) -> tuple[Any, ...]:
    link = cell.hyperlink
    return (
        cell.value,
        cell.data_type,
        cell.number_format,
        cell.font.b,
        cell.font.u,
        cell.font.color.rgb if cell.font.color is not None else None,
        cell.fill.fill_type,
        cell.quotePrefix,
        (link.ref, link.target) if link is not None else None,
    )


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("stream")
    fast, ordinary = folder / "fast.xlsx", folder / "ordinary.xlsx"
    _write_fast(fast, ROWS)
    _write_ordinary(ordinary, ROWS)
    return fast, ordinary


def test_every_cell_reads_back_as_openpyxls_ordinary_path_writes_it(
    both: tuple[Path, Path],
) -> None:
    fast, ordinary = (openpyxl.load_workbook(path)["T"] for path in both)
    assert fast.max_row == ordinary.max_row == len(ROWS) + 1
    assert [c.value for c in fast[1]] == list(HEADERS)
    for fast_row, ordinary_row in zip(
        fast.iter_rows(min_row=2), ordinary.iter_rows(min_row=2), strict=True
    ):
        for fast_cell, ordinary_cell in zip(fast_row, ordinary_row, strict=True):
            assert _look(fast_cell) == _look(ordinary_cell), fast_cell.coordinate


def test_calamine_reads_the_same_values_from_both(both: tuple[Path, Path]) -> None:
    fast, ordinary = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name("T").to_python() for path in both
    )
    assert fast == ordinary


def test_hyperlinks_are_real_links_with_their_own_relationships(both: tuple[Path, Path]) -> None:
    sheet = openpyxl.load_workbook(both[0])["T"]
    links = {
        cell.coordinate: cell.hyperlink.target for cell in sheet["H"] if cell.hyperlink is not None
    }
    assert links == {
        "H2": URL,
        "H3": "http://a.example/a%20b",
        "H6": "https://a.example/%C3%BC",
        "H14": URL + "&again",
    }
    assert sheet["H4"].value == "javascript:alert(1)"  # not a web address: text only
    assert sheet["H5"].quotePrefix  # formula-like text in a link column stays inert


def test_a_link_whose_text_looks_like_a_formula_is_quoted_text() -> None:
    workbook = Workbook(write_only=True)
    stream = RowStream(workbook.create_sheet("T"), [K.LINK])
    cell = stream.converters[0]("\thttps://a.example/x")
    assert cell is not None
    assert cell.hyperlink is None
    assert cell.quotePrefix
    assert cell.value == "\thttps://a.example/x"


@given(st.text(min_size=1, max_size=60))
def test_text_cells_follow_the_text_rules_for_any_text(text: str) -> None:
    workbook = Workbook(write_only=True)
    convert = RowStream(workbook.create_sheet("T"), [K.TEXT]).converters[0]
    cell = convert(text)
    assert cell is not None
    expected = clean_text(text)
    assert cell.value == expected
    assert cell.data_type == "s"
    assert bool(cell.quotePrefix) is looks_executable(expected)


def test_a_value_of_the_wrong_kind_is_refused_not_written_as_garbage() -> None:
    workbook = Workbook(write_only=True)
    stream = RowStream(workbook.create_sheet("T"), [K.INTEGER, K.DATE])
    with pytest.raises(TypeError, match="column 1 holds numbers"):
        stream.converters[0]("12")
    with pytest.raises(TypeError, match="column 2 holds dates"):
        stream.converters[1]("2024-03-01")


def test_a_row_appended_around_the_stream_is_refused() -> None:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("T")
    stream = RowStream(worksheet, [K.TEXT])
    stream.header(
        ["Text"], font=openpyxl.styles.Font(bold=True), fill=openpyxl.styles.PatternFill()
    )
    with pytest.raises(RuntimeError, match="outside its RowStream"):
        worksheet.append([stream.converters[0]("sneaked in")])


def test_a_prepared_cell_keeps_its_style_id_and_coordinate() -> None:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("T")
    cell = PreparedCell(worksheet, 28, "n", number_format="0.00")
    cell.row = 5
    assert cell.coordinate == "AB5"
    assert cell.has_style
    assert cell.style_id == workbook._cell_styles.add(cell._style)
    assert not PreparedCell(worksheet, 1, "s").has_style


@pytest.mark.slow
@needs_soffice
def test_libreoffice_opens_the_fast_path_workbook_and_keeps_its_links(
    both: tuple[Path, Path], tmp_path: Path
) -> None:
    convert(both[0], "xlsx:Calc MS Excel 2007 XML", tmp_path / "out")
    resaved = openpyxl.load_workbook(tmp_path / "out" / "fast.xlsx")["T"]
    links = {c.coordinate: c.hyperlink.target for c in resaved["H"] if c.hyperlink is not None}
    assert links["H2"] == URL
    assert links["H14"] == URL + "&again"
    assert resaved["B3"].value == -7
    assert resaved["E2"].value == pytest.approx(72502.07)
