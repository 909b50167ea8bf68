"""An ods whose repeated rows or cells reach far is refused before calamine opens it, and
the repeats LibreOffice writes to a sheet's edge still import exactly.

calamine builds every sheet of an ods as it opens the file: a 1 KB file whose one cell
was repeated across 16,384 columns and 5,000 rows asked for 82 million cells, and the
failed allocation aborted the process. The refusals here are checked with calamine's
opening replaced by a failure, so that they show the file is refused before calamine reads
it (and a check that came too late fails rather than takes pytest down).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import random
import zipfile
from decimal import Decimal as D
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from desktop_app.statements import StatementImportError, import_statement, spreadsheet_reader
from desktop_app.statements.ods_extent import OdsBound, OdsExact

_REFUSED = (
    "{name}: cannot be imported: sheet 'Konto' spans {rows} rows by {columns} columns "
    "from A1, far more than a statement; delete the stray cells far from the table, or "
    "save the statement's rows as csv"
)


def _text(value: str) -> str:
    return (
        f'<table:table-cell office:value-type="string" calcext:value-type="string">'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def _float(value: str, repeated: int = 1) -> str:
    repeat = f' table:number-columns-repeated="{repeated}"' if repeated > 1 else ""
    return (
        f'<table:table-cell{repeat} office:value-type="float" office:value="{value}" '
        f'calcext:value-type="float"><text:p>{value}</text:p></table:table-cell>'
    )


def _date(day: dt.date, repeated: int = 1) -> str:
    # LibreOffice writes two equal cells side by side (booking and value date) as one.
    repeat = f' table:number-columns-repeated="{repeated}"' if repeated > 1 else ""
    return (
        f'<table:table-cell table:style-name="ce1"{repeat} office:value-type="date" '
        f'office:date-value="{day.isoformat()}" calcext:value-type="date">'
        f"<text:p>{day:%d.%m.%Y}</text:p></table:table-cell>"
    )


def _empty(repeated: int = 1) -> str:
    repeat = f' table:number-columns-repeated="{repeated}"' if repeated > 1 else ""
    return f"<table:table-cell{repeat}/>"


def _row(cells: str, repeated: int = 1) -> str:
    repeat = f' table:number-rows-repeated="{repeated}"' if repeated > 1 else ""
    return f'<table:table-row table:style-name="ro1"{repeat}>{cells}</table:table-row>'


def _ods(sheets: dict[str, str]) -> bytes:
    """An OpenDocument spreadsheet as LibreOffice lays it out, each sheet's rows as given."""
    tables = "".join(
        f'<table:table table:name="{name}" table:style-name="ta1">'
        '<table:table-column table:style-name="co1" table:number-columns-repeated="16384" '
        'table:default-cell-style-name="Default"/>'
        f"{rows}</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
        'office:version="1.3"><office:body><office:spreadsheet>'
        f"{tables}<table:named-expressions/></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )  # first, stored, as the format requires
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>',
        )
        archive.writestr("content.xml", content)
    return out.getvalue()


_HEADER = _row(_text("Date") + _text("Text") + _text("Amount"))
_PAYMENT = _row(_date(dt.date(2024, 3, 1)) + _text("Rent") + _float("-800.5"))


@pytest.fixture
def calamine_never_opens(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> CalamineWorkbook:
        raise AssertionError("calamine opened a file that should have been refused first")

    monkeypatch.setattr(spreadsheet_reader.CalamineWorkbook, "from_filelike", refuse)


@pytest.mark.usefixtures("calamine_never_opens")
@pytest.mark.parametrize(
    ("rows", "refusal"),
    [
        pytest.param(
            _row(_float("1", 16384), 5000),
            _REFUSED.format(name="konto.ods", rows="5,002", columns="16,384"),
            id="a-value-repeated-across-columns-and-rows",
        ),
        pytest.param(
            _row(_empty(16384), 1048000) + _row(_empty(16383) + _text("stray")),
            _REFUSED.format(name="konto.ods", rows="1,048,003", columns="16,384"),
            id="a-cell-past-a-million-empty-rows",
        ),
        pytest.param(
            _row(_empty(1_000_000_000) + _empty()),
            "konto.ods: cannot be imported: sheet 'Konto' holds 1,000,000,006 cells "
            "counting its repeated ones, far more than a statement; delete the stray cells "
            "far from the table, or save the statement's rows as csv",
            id="a-billion-empty-cells-before-one-more",
        ),
    ],
)
def test_a_sheet_reaching_far_is_refused_before_calamine_opens_the_file(
    tmp_path: Path, rows: str, refusal: str
) -> None:
    path = tmp_path / "konto.ods"
    path.write_bytes(_ods({"Konto": _HEADER + _PAYMENT + rows}))
    assert path.stat().st_size < 2_000  # a kilobyte or two
    with pytest.raises(StatementImportError) as raised:
        import_statement(path)
    assert str(raised.value) == refusal


@pytest.mark.usefixtures("calamine_never_opens")
def test_sheets_each_within_the_limit_are_refused_together(tmp_path: Path) -> None:
    # calamine keeps every sheet it built when it opened the file, all at once.
    filler = _row(_float("1", 8), 1_000_000)
    sheets = {"Konto": _HEADER + _PAYMENT} | {f"Copy {n}": filler for n in (1, 2, 3)}
    path = tmp_path / "konto.ods"
    path.write_bytes(_ods(sheets))
    with pytest.raises(StatementImportError) as raised:
        import_statement(path)
    assert str(raised.value) == (
        "konto.ods: cannot be imported: its sheets together span 24,000,006 cells, far "
        "more than a statement; delete the stray cells far from the tables, or save the "
        "statement's rows as csv"
    )


def _with_wrong_crc(data: bytes, member: str) -> bytes:
    """The archive with ``member``'s CRC wrong in both its headers, its bytes intact: zipfile
    then withholds the member's last chunk as it reads it, which calamine reads all the same."""
    damaged = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    central = damaged.rfind(b"PK\x01\x02", 0, damaged.rfind(member.encode()) + 1)
    for crc in (info.header_offset + 14, central + 16):
        damaged[crc : crc + 4] = (info.CRC ^ 0xFFFFFFFF).to_bytes(4, "little")
    return bytes(damaged)


@pytest.mark.usefixtures("calamine_never_opens")
def test_a_wrong_crc_does_not_hide_the_repeats_from_the_check(tmp_path: Path) -> None:
    path = tmp_path / "konto.ods"
    data = _ods({"Konto": _HEADER + _PAYMENT + _row(_float("1", 16384), 5000)})
    path.write_bytes(_with_wrong_crc(data, "content.xml"))
    with pytest.raises(StatementImportError) as raised:
        import_statement(path)
    assert str(raised.value) == _REFUSED.format(name="konto.ods", rows="5,002", columns="16,384")


def _statement_rows(days: int, edge: bool) -> str:
    """A month of payments as LibreOffice saves them: booking and value date one cell
    repeated twice, and, on a sheet saved with formatting (``edge``), every row run out
    to the sheet's last column and the sheet to its last row with empty repeats."""
    out = _row(_text("Booking date") + _text("Value date") + _text("Text") + _text("Amount"))
    for day in range(1, days + 1):
        cells = _date(dt.date(2024, 3, day), 2) + _text(f"Payment {day}") + _float(f"-{day}.25")
        out += _row(cells + (_empty(16380) if edge else ""))
    if edge:
        out += _row(_empty(16384), 1048000) + _row(_empty(16384))
    return out


def test_the_empty_repeats_libreoffice_writes_to_a_sheets_edge_import_exactly(
    tmp_path: Path,
) -> None:
    plain, edged = tmp_path / "plain.ods", tmp_path / "edged.ods"
    plain.write_bytes(_ods({"Konto": _statement_rows(28, edge=False)}))
    edged.write_bytes(_ods({"Konto": _statement_rows(28, edge=True)}))
    expected = [
        (dt.date(2024, 3, day), dt.date(2024, 3, day), f"Payment {day}", D(f"-{day}.25"))
        for day in range(1, 29)
    ]
    for path in (plain, edged):
        result = import_statement(path)
        lines = [
            (line.date, line.value_date, line.description, line.amount) for line in result.lines
        ]
        assert lines == expected, path.name
        assert [line.row for line in result.lines] == list(range(2, 30))


def _random_sheet(draw: random.Random) -> str:
    def cell() -> str:
        repeated = draw.choice([1, 1, 2, 3, draw.randint(1, 40)])
        name = "table:covered-table-cell" if draw.random() < 0.1 else "table:table-cell"
        repeat = f' table:number-columns-repeated="{repeated}"' if repeated > 1 else ""
        kind = draw.random()
        if kind < 0.35:
            return f'<{name}{repeat} office:value-type="string"><text:p>x</text:p></{name}>'
        if kind < 0.55:
            return f'<{name}{repeat} office:value-type="float" office:value="1"/>'
        return f'<{name}{repeat} table:style-name="ce1"/>' if kind < 0.7 else f"<{name}{repeat}/>"

    def row() -> str:
        repeated = draw.choice([1, 1, 2, draw.randint(1, 30)])
        repeat = f' table:number-rows-repeated="{repeated}"' if repeated > 1 else ""
        if draw.random() < 0.05:
            return f"<table:table-row{repeat}/>"
        cells = "".join(cell() for _ in range(draw.randint(0, 6)))
        return f"<table:table-row{repeat}>{cells}</table:table-row>"

    return "".join(row() for _ in range(draw.randint(0, 12)))


def _pieces(text: bytes, draw: random.Random) -> list[bytes]:
    """``text`` cut into short pieces, each before a tag, as content.xml is streamed."""
    cuts = sorted({text.rfind(b"<", 0, draw.randint(1, len(text))) for _ in range(20)})
    bounds = [0, *(cut for cut in cuts if cut > 0), len(text)]
    return [text[start:end] for start, end in itertools.pairwise(bounds) if end > start]


def test_the_count_is_calamines_own_and_the_bound_never_below_it() -> None:
    for seed in range(300):
        draw = random.Random(seed)
        sheets = {f"S{n}": _random_sheet(draw) for n in range(draw.randint(1, 3))}
        data = _ods(sheets)
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        built = {}
        for meta in workbook.sheets_metadata:
            end = workbook.get_sheet_by_name(meta.name).end
            built[meta.name] = (end[0] + 1, end[1] + 1) if end else (0, 0)
        content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml")
        exact, bound = OdsExact(), OdsBound()
        for piece in _pieces(content, draw):
            exact.feed(piece)
            bound.feed(piece)
        counted, bounded = exact.finish(), bound.finish()
        assert bounded is not None
        for name, reach in built.items():
            assert (counted[name].rows, counted[name].columns) == reach, (seed, name)
            assert bounded[name].rows >= counted[name].rows, (seed, name)
            assert bounded[name].columns >= counted[name].columns, (seed, name)
            assert bounded[name].held >= counted[name].held, (seed, name)


def test_a_table_inside_a_cell_is_counted_into_the_sheet_around_it() -> None:
    # calamine skips a table inside a cell with a number and reads on in the outer sheet:
    # a sheet starting there would leave the rows after it uncounted.
    nested = (
        "<table:table-row>"
        '<table:table-cell office:value-type="float" office:value="1">'
        '<table:table table:name="Inner"><table:table-row>'
        f"{_text('x')}</table:table-row></table:table>"
        f"</table:table-cell>{_text('after')}</table:table-row>"
    )
    rows = _row(_text("a"), 30) + nested + _row(_empty(70) + _text("far"))
    content = zipfile.ZipFile(io.BytesIO(_ods({"Konto": rows}))).read("content.xml")
    exact, bound = OdsExact(), OdsBound()
    exact.feed(content)
    bound.feed(content)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(_ods({"Konto": rows})))
    assert workbook.get_sheet_by_name("Konto").end == (31, 70)  # 32 rows by 71 columns
    counted, bounded = exact.finish(), bound.finish()
    assert bounded is not None
    assert list(counted) == list(bounded) == ["Konto"]
    assert counted["Konto"].rows >= 32
    assert counted["Konto"].columns == 71
    assert bounded["Konto"].rows >= 32
    assert bounded["Konto"].columns >= 71
