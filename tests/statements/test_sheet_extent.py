"""A worksheet whose cells reach far from A1 is refused from its cells, whatever its
<dimension> says, before calamine builds a grid that would abort the process.

Each import runs in a child process: the fault this guards against is a Rust allocation
failure (SIGABRT), which would take pytest down with it rather than fail one test.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop_app.statements.sheet_extent import ExtentScan

_SHEET = "xl/worksheets/sheet1.xml"
_FAR_ROW = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
_REFUSED = (
    "{name}: cannot be imported: sheet 'Sheet' spans {rows} rows by {columns} columns "
    "from A1, far more than a statement; delete the stray cells far from the table, or "
    "save the statement's rows as csv"
)


def _statement() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Description", "Amount"])
    for day in range(1, 6):
        sheet.append([dt.date(2025, 1, day), f"Payment {day}", -10.0 * day])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _with_sheet_xml(path: Path, change: object) -> Path:
    """The five-row statement with its worksheet's XML passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(_statement()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == _SHEET:
                data = change(data)  # type: ignore[operator]
            archive.writestr(info.filename, data)
    return path


def _import_in_child(path: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        "from desktop_app.statements import StatementImportError, import_statement\n"
        "try:\n"
        "    result = import_statement(sys.argv[1])\n"
        "except StatementImportError as error:\n"
        "    print(error)\n"
        "    sys.exit(3)\n"
        "print(len(result.lines), 'lines')\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )


def _no_dimension(xml: bytes) -> bytes:
    return re.sub(rb"<dimension[^>]*/>", b"", xml)


def _far_cell(xml: bytes) -> bytes:
    return xml.replace(b"</sheetData>", _FAR_ROW + b"</sheetData>")


def _far_row_first(xml: bytes) -> bytes:
    # Out of order: calamine places a cell by its reference wherever it stands.
    return _no_dimension(xml).replace(b"<sheetData>", b"<sheetData>" + _FAR_ROW)


def _far_reference_in_a_near_row(xml: bytes) -> bytes:
    # The row says 7; the cell's own reference says where calamine puts it.
    row = b'<row r="7"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return _no_dimension(xml).replace(b"</sheetData>", row + b"</sheetData>")


def _single_quoted(xml: bytes) -> bytes:
    row = b"<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c></row>"
    return _no_dimension(xml).replace(b"</sheetData>", row + b"</sheetData>")


def _wide_row_without_references(xml: bytes) -> bytes:
    # A cell's reference is optional: each is then the one after the cell before it.
    wide = b"<row>" + b'<c t="n"><v>1</v></c>' * 16384 + b"</row>"
    far = b'<row r="1048576"><c r="A1048576" t="n"><v>1</v></c></row>'
    return _no_dimension(xml).replace(b"</sheetData>", wide + far + b"</sheetData>")


@pytest.mark.parametrize(
    ("change", "columns"),
    [
        pytest.param(lambda xml: _far_cell(_no_dimension(xml)), "16,384", id="no-dimension"),
        pytest.param(_far_cell, "16,384", id="dimension-says-A1:C6"),
        pytest.param(_wide_row_without_references, "16,384", id="cells-without-references"),
        pytest.param(_far_row_first, "16,384", id="far-row-written-first"),
        pytest.param(_far_reference_in_a_near_row, "16,384", id="far-reference-in-row-7"),
        pytest.param(_single_quoted, "16,384", id="single-quoted-references"),
    ],
)
def test_a_cell_far_from_the_table_is_refused_not_a_crash(
    tmp_path: Path, change: object, columns: str
) -> None:
    path = _with_sheet_xml(tmp_path / "stray.xlsx", change)
    assert path.stat().st_size < 10_000  # a few kilobytes asked calamine for 549 GB
    done = _import_in_child(path)
    assert done.returncode == 3, (done.returncode, done.stderr[-2000:])
    assert done.stdout.strip() == _REFUSED.format(
        name="stray.xlsx", rows="1,048,576", columns=columns
    )


def test_a_wrong_crc_does_not_hide_a_far_cell(tmp_path: Path) -> None:
    # Past the first kilobytes the archive's check reads, zipfile withholds a member's last
    # chunk when its CRC is wrong; calamine reads it all the same.
    def long_with_far_cell(xml: bytes) -> bytes:
        rows = b"".join(
            b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>filler</t></is></c></row>' % (n, n)
            for n in range(7, 400)
        )
        return _no_dimension(xml).replace(b"</sheetData>", rows + _FAR_ROW + b"</sheetData>")

    path = _with_sheet_xml(tmp_path / "stray.xlsx", long_with_far_cell)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(_SHEET)
    assert info.file_size > 8192
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(_SHEET.encode()) + 1)
    for crc in (info.header_offset + 14, central + 16):
        data[crc : crc + 4] = (info.CRC ^ 0xFFFFFFFF).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    done = _import_in_child(path)
    assert done.returncode == 3, (done.returncode, done.stderr[-2000:])
    assert done.stdout.strip() == _REFUSED.format(
        name="stray.xlsx", rows="1,048,576", columns="16,384"
    )


def test_a_far_row_of_a_narrow_table_is_read(tmp_path: Path) -> None:
    # Far down, but in column A: a grid of 1,048,576 cells, nothing like the limit.
    def far_down(xml: bytes) -> bytes:
        row = b'<row r="200000"><c r="A200000" t="inlineStr"><is><t>end</t></is></c></row>'
        return _no_dimension(xml).replace(b"</sheetData>", row + b"</sheetData>")

    done = _import_in_child(_with_sheet_xml(tmp_path / "long.xlsx", far_down))
    assert (done.returncode, done.stdout.strip()) == (0, "5 lines"), done.stderr[-2000:]


def _extent(*pieces: bytes) -> tuple[int, int]:
    scan = ExtentScan()
    for piece in pieces:
        scan.feed(piece)
    return scan.rows, scan.columns


def test_the_extent_is_read_from_the_cells_piece_by_piece() -> None:
    head = b'<worksheet><dimension ref="A1:B2"/><sheetData>'
    rows = b'<row r="1"><c r="A1"/><c r="B1"/></row><row r="2"><c r="A2"/></row>'
    assert _extent(head, rows, b"</sheetData><rowBreaks/></worksheet>") == (2, 2)
    # A cell past Z, its reference not first, under a namespace prefix.
    prefixed = b'<x:sheetData><x:row r="7"><x:c s="1" r="AB7"/></x:row></x:sheetData>'
    assert _extent(b"<x:worksheet>", prefixed) == (7, 28)
    # Rows without numbers are counted on from the row before.
    assert _extent(b'<sheetData><row r="3"><c r="A3"/></row><row><c r="C4"/></row><row/>') == (
        5,
        3,
    )


def test_the_columns_of_a_wide_sheet_are_its_widest_reference() -> None:
    cells = b"".join(b'<c r="%s9" t="n"><v>1</v></c>' % name for name in (b"A", b"Z", b"AN"))
    assert _extent(b"<sheetData>", b'<row r="9">' + cells + b"</row></sheetData>") == (9, 40)
    # Past ZZ, and a reference among other attributes beside one written first.
    assert _extent(b'<sheetData><row r="2"><c r="AB2"/><c t="n" r="ABC2"/></row>') == (2, 731)


def test_a_cell_past_the_rows_seen_so_far_is_counted_wherever_it_stands() -> None:
    head = b"<worksheet><sheetData>"
    # Written first, in a row numbered 3, its reference quoted otherwise, or with a $.
    assert _extent(head, b'<row r="900"><c r="B900"/></row><row r="1"><c r="A1"/></row>') == (
        900,
        2,
    )
    assert _extent(head, b'<row r="3"><c r="C3"/><c r="A5000"/></row>') == (5000, 3)
    assert _extent(head, b"<row r='2'><c r='AB2'/></row><row r='3'><c r = '$D$70'/></row>") == (
        70,
        28,
    )


def test_the_bound_holds_every_row_the_screen_let_pass() -> None:
    # The screen lets a cell through up to the next round number past the rows it saw
    # (1,999 past row 1,200): ``bound`` says so, and the exact count reads the cell.
    pieces = (
        b"<worksheet><sheetData>",
        b"".join(b'<row r="%d"><c r="A%d"/></row>' % (n, n) for n in range(1, 1201)),
        b'<row r="1000"><c r="A1999"/></row></sheetData>',
    )
    scan, exact = ExtentScan(), ExtentScan(exact=True)
    for piece in pieces:
        scan.feed(piece)
        exact.feed(piece)
    assert (scan.rows, scan.columns, scan.bound) == (1200, 1, 1999)
    assert (exact.rows, exact.columns) == (1999, 1)
