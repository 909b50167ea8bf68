"""Rows and sheets a workbook hides are not imported, and the import says so.

A general ledger filtered in Excel to its bank account (an AutoFilter on "1200 Bank")
hides the sales postings on the other side; they were imported as lines all the same and
matched to invoices as payments. What the accountant sees in Excel is what is imported:
hidden rows are left out, each line keeps its row number in the workbook, and one warning
names the sheet and the rows left out. A workbook whose transactions are on a hidden
sheet was refused with the cover sheet's reason and advice to map its columns, which no
mapping could follow; the refusal now names the hidden sheet and how to import it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.cli import main
from desktop_app.statements import Mapping, StatementImportError, import_statement
from desktop_app.statements.hidden_rows import hidden_rows
from desktop_app.statements.model import NoTransactionsFoundError
from desktop_app.statements.profiles import JsonProfileStore, profile_from_layout
from desktop_app.statements.raw_rows import raw_rows
from tests.conftest import SHARED_REALDATA, needs_realdata

_LEDGER = [
    ["General ledger detail"],
    [],
    ["Date", "Account", "Reference", "Narrative", "Debit", "Credit"],
    [dt.date(2025, 11, 9), "1200 Bank", "SR1", "Receipt EL-2025-00174", 276.62, None],
    [dt.date(2025, 11, 9), "4000 Sales", "SR1", "Receipt EL-2025-00174", None, 276.62],
    [dt.date(2025, 11, 22), "1200 Bank", "SR2", "Receipt EL-2025-00183", 632.30, None],
    [dt.date(2025, 11, 22), "4000 Sales", "SR2", "Receipt EL-2025-00183", None, 632.30],
]
_FILTERED = (
    "gl.xlsx: sheet 'GL': 2 rows (5, 7) are hidden in the workbook and were left out; "
    "unhide them in Excel to import them"
)
# The ledger filtered is the books' export with no balance to decide its signs, which is
# warned of too (its words are test_ledger_titles'); here it stands as one token.
_SIGNS = "<the ledger's signs>"


def _said(warnings: Sequence[object]) -> list[str]:
    return [
        _SIGNS if "this looks like the books' export" in str(warning) else str(warning)
        for warning in warnings
    ]


def _workbook(
    path: Path,
    rows: Sequence[Sequence[Any]],
    hidden: Sequence[int] = (),
    *,
    title: str = "GL",
    auto_filter: str | None = None,
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    if auto_filter is not None:
        sheet.auto_filter.ref = auto_filter
        sheet.auto_filter.add_filter_column(1, ["1200 Bank"])
    for number in hidden:
        sheet.row_dimensions[number].hidden = True
    workbook.save(path)
    return path


def _filtered_ledger(tmp_path: Path, name: str = "gl.xlsx") -> Path:
    """The ledger filtered to account 1200 in Excel: an AutoFilter hides rows 5 and 7."""
    return _workbook(tmp_path / name, _LEDGER, (5, 7), auto_filter="A3:F7")


def _statement(days: int) -> list[list[Any]]:
    return [["Date", "Description", "Amount"]] + [
        [dt.date(2025, 11, day), f"payment {day}", float(day)] for day in range(1, days + 1)
    ]


def test_rows_an_autofilter_hides_are_left_out_and_named(tmp_path: Path) -> None:
    result = import_statement(_filtered_ledger(tmp_path))

    # The amounts' sign (a debit column without a balance, F5) is not what this is about.
    assert [(line.row, line.description, str(abs(line.amount))) for line in result.lines] == [
        (4, "Receipt EL-2025-00174", "276.62"),
        (6, "Receipt EL-2025-00183", "632.3"),
    ]
    assert result.layout is not None
    assert (result.layout.first_row, result.layout.last_row) == (4, 6)
    assert _said(result.warnings) == [_FILTERED, _SIGNS]


def test_rows_hidden_by_hand_keep_the_others_numbers_and_are_named_as_ranges(
    tmp_path: Path,
) -> None:
    """Rows 5-9 and 14 hidden; the empty hidden row 20 below the table holds nothing and
    is not named."""
    path = _workbook(tmp_path / "bank.xlsx", _statement(15), (5, 6, 7, 8, 9, 14, 20))

    result = import_statement(path)

    assert [line.row for line in result.lines] == [2, 3, 4, 10, 11, 12, 13, 15, 16]
    assert [line.description for line in result.lines][3] == "payment 9"
    assert [str(warning) for warning in result.warnings] == [
        (
            "bank.xlsx: sheet 'GL': 6 rows (5-9, 14) are hidden in the workbook and were left "
            "out; unhide them in Excel to import them"
        )
    ]


def test_one_hidden_row_is_named_in_the_singular(tmp_path: Path) -> None:
    shown = import_statement(_workbook(tmp_path / "bank.xlsx", _statement(3)))
    assert ([line.row for line in shown.lines], shown.warnings) == ([2, 3, 4], ())

    result = import_statement(_workbook(tmp_path / "bank.xlsx", _statement(3), (3,)))

    assert [line.row for line in result.lines] == [2, 4]
    assert [str(warning) for warning in result.warnings] == [
        (
            "bank.xlsx: sheet 'GL': 1 row (3) is hidden in the workbook and was left out; "
            "unhide it in Excel to import it"
        )
    ]


def test_the_statement_command_prints_only_the_shown_rows_and_the_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["statement", str(_filtered_ledger(tmp_path))]) == 0

    output = json.loads(capsys.readouterr().out)
    assert [(line["row"], line["amount"].lstrip("-")) for line in output["lines"]] == [
        (4, "276.62"),
        (6, "632.30"),
    ]
    assert output["layout"]["transactions"] == 2
    assert _said(output["warnings"]) == [_FILTERED, _SIGNS]


def test_a_mapping_reads_the_shown_rows_and_is_told_of_a_hidden_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _filtered_ledger(tmp_path)
    mapping = tmp_path / "map.json"
    columns = {"date": "Date", "debit": "Debit", "credit": "Credit"}
    mapping.write_text(json.dumps({"header_row": 3, "columns": columns}))

    assert main(["statement", str(path), "--mapping", str(mapping)]) == 0
    output = json.loads(capsys.readouterr().out)
    assert [line["row"] for line in output["lines"]] == [4, 6]
    assert _said(output["warnings"]) == [_FILTERED]  # the mapping names the signs

    hidden_header = _workbook(tmp_path / "gl.xlsx", _LEDGER, (3, 5, 7))
    with pytest.raises(StatementImportError) as refused:
        import_statement(hidden_header, mapping=Mapping(header_row=3, columns=columns))
    assert str(refused.value) == (
        "gl.xlsx: the mapping does not fit: header_row 3 is hidden in the workbook, and "
        "hidden rows are left out: unhide it in Excel"
    )


def test_a_saved_profile_reads_the_shown_rows_of_next_months_filtered_ledger(
    tmp_path: Path,
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    october = import_statement(_workbook(tmp_path / "october.xlsx", _LEDGER[:4] + _LEDGER[5:6]))
    assert october.layout is not None
    store.save(profile_from_layout("Ledger 1200", october.layout, Mapping(currency="GBP")))

    november = import_statement(_filtered_ledger(tmp_path), profiles=store)

    assert november.layout is not None
    assert november.layout.profile == "Ledger 1200"
    assert [(line.row, line.currency) for line in november.lines] == [(4, "GBP"), (6, "GBP")]
    assert _said(november.warnings) == [_FILTERED, _SIGNS]


def test_the_rows_shown_for_mapping_by_hand_are_the_shown_rows(tmp_path: Path) -> None:
    """The import wizard's preview of a file mapped by hand (``raw_rows``) shows what will
    be imported, each row with its number in the workbook."""
    shown = raw_rows(_filtered_ledger(tmp_path)).sheets[0]

    assert shown.row_numbers == (1, 2, 3, 4, 6)
    assert [row[1] if len(row) > 1 else "" for row in shown.rows] == [
        "",
        "",
        "Account",
        "1200 Bank",
        "1200 Bank",
    ]


def test_hidden_rows_are_found_where_row_tags_carry_no_number(tmp_path: Path) -> None:
    """A row's number is optional in the XML (the row after the last); and a workbook
    written by Excel names its worksheets relative to the workbook's folder."""
    path = _filtered_ledger(tmp_path)
    rewritten = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                # rows 1, 3, 4 and 5 unnumbered: 1 and 4, 5 follow the one before
                data = re.sub(rb'<row r="(1|4|5)"', b"<row", data)
                assert data.count(b"<row>") + data.count(b"<row ") == 6
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b'Target="/xl/worksheets/', b'Target="worksheets/')
            target.writestr(item, data)
    path.write_bytes(rewritten.getvalue())

    result = import_statement(path)

    assert [line.row for line in result.lines] == [4, 6]
    assert _said(result.warnings) == [_FILTERED, _SIGNS]


def test_spreadsheetml_hidden_rows_are_left_out(tmp_path: Path) -> None:
    def row(*cells: str, hidden: bool = False) -> str:
        shown = ' ss:Hidden="1"' if hidden else ""
        return f"<Row{shown}>" + "".join(cells) + "</Row>"

    def text(value: str) -> str:
        return f'<Cell><Data ss:Type="String">{value}</Data></Cell>'

    def day(value: str) -> str:
        return f'<Cell><Data ss:Type="DateTime">{value}T00:00:00.000</Data></Cell>'

    def number(value: str) -> str:
        return f'<Cell><Data ss:Type="Number">{value}</Data></Cell>'

    rows = [
        row(text("Date"), text("Text"), text("Amount")),
        row(day("2024-05-02"), text("rent"), number("-800")),
        row(day("2024-05-03"), text("filtered out"), number("5"), hidden=True),
        row(day("2024-05-04"), text("salary"), number("2500")),
    ]
    path = tmp_path / "activity.xls"
    path.write_text(
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        f'<Worksheet ss:Name="Activity"><Table>{"".join(rows)}</Table></Worksheet></Workbook>',
        encoding="utf-8",
    )

    result = import_statement(path)

    assert [(line.row, line.description) for line in result.lines] == [(2, "rent"), (4, "salary")]
    assert [str(warning) for warning in result.warnings] == [
        (
            "activity.xls: sheet 'Activity': 1 row (3) is hidden in the workbook and was left "
            "out; unhide it in Excel to import it"
        )
    ]


def test_ods_hidden_rows_are_counted_and_left_out(tmp_path: Path) -> None:
    """An ods's rows carry no number: they are counted, repeated rows each their own, per
    sheet; a row an AutoFilter hides is marked "filter", one hidden by hand "collapse"."""
    from tests.statements.test_built_files import _ods

    info = [["Northwind Bank"], ["Konto 1200"]]
    statement = [
        ["Datum", "Text", "Betrag"],
        ["2024-03-01", "Miete", "-800.5"],
        ["2024-03-02", "Umbuchung", "5"],
        ["2024-03-03", "Gehalt", "2500"],
    ]
    source = io.BytesIO(_ods([("Info", False, info), ("Konto", False, statement)]))
    rewritten = io.BytesIO()
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(rewritten, "w") as target:
        for item in archive.infolist():
            data = archive.read(item)
            if item.filename == "content.xml":
                row = b"<table:table-row>"
                data = data.replace(row, b'<table:table-row table:visibility="collapse">', 1)
                konto = data.index(b'table:name="Konto"')
                empty = b'<table:table-row table:number-rows-repeated="2"><table:table-cell/>'
                tags = [
                    empty + b"</table:table-row>" + row,  # rows 1-2 empty, row 3 the header
                    row,
                    b'<table:table-row table:visibility="filter">',  # row 5
                    row,
                ]
                parts = data[konto:].split(row)
                assert len(parts) == 1 + len(tags)
                shown = b"".join(tag + part for tag, part in zip(tags, parts[1:], strict=True))
                data = data[:konto] + parts[0] + shown
            target.writestr(item, data)
    path = tmp_path / "konto.ods"
    path.write_bytes(rewritten.getvalue())

    result = import_statement(path)

    assert [(line.row, line.description) for line in result.lines] == [
        (4, "Miete"),
        (6, "Gehalt"),
    ]
    assert [str(warning) for warning in result.warnings] == [
        (
            "konto.ods: sheet 'Konto': 1 row (5) is hidden in the workbook and was left out; "
            "unhide it in Excel to import it"
        )
    ]


@needs_realdata
def test_an_xls_says_its_hidden_rows_are_not_looked_for() -> None:
    """calamine does not say which rows an xls hides, and they are not read from its
    binary records: the format evidence says so rather than implying they were left out."""
    result = import_statement(SHARED_REALDATA / "xlsx/sg-uob-acc-txn-history.xls")

    assert result.layout is not None
    assert (
        "rows hidden in an xls workbook are not detected: they are imported like any other "
        "row (save it as xlsx to leave them out)"
    ) in dict(result.layout.evidence)["format"]


def _hidden_transactions(path: Path) -> Path:
    """A bank's workbook: a visible cover sheet, the transactions on a hidden sheet."""
    workbook = openpyxl.Workbook()
    cover = workbook.active
    assert cover is not None
    cover.title = "Cover"
    for row in (["Northwind Bank plc"], ["Account statement, November 2025"]):
        cover.append(row)
    cover.append(["Account", "GB29NWBK60161331926819"])
    transactions = workbook.create_sheet("Transactions")
    transactions.append(["Date", "Description", "Amount", "Currency"])
    transactions.append([dt.date(2025, 11, 3), "EL-2025-00166", 451.67, "GBP"])
    transactions.append([dt.date(2025, 11, 11), "EL-2025-00178", 1321.88, "GBP"])
    transactions.sheet_state = "hidden"
    workbook.save(path)
    return path


_ON_A_HIDDEN_SHEET = (
    "hidden-only.xlsx: no transactions found (sheet 'Cover': no column holds dates; sheet "
    "'Transactions' holds 2 transactions but is hidden in the workbook, and hidden sheets "
    "are not read: unhide it in Excel (right-click a sheet's tab, Unhide), save, and "
    "import the file again)"
)


def test_transactions_on_a_hidden_sheet_are_named_with_the_remedy_that_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _hidden_transactions(tmp_path / "hidden-only.xlsx")

    assert main(["statement", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"desktop-app: {_ON_A_HIDDEN_SHEET}; a mapping does not read a hidden sheet either\n"
    )
    with pytest.raises(NoTransactionsFoundError) as refused:
        import_statement(path)
    assert refused.value.reason == _ON_A_HIDDEN_SHEET  # what the import wizard says
    # A mapping that names columns fits the cover sheet no better, and says so with it.
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"header_row": 1, "columns": {"date": "Date"}}))
    assert main(["statement", str(path), "--mapping", str(mapping)]) == 1
    assert capsys.readouterr().err == (
        "desktop-app: hidden-only.xlsx: the mapping does not fit sheet 'Cover': no column is "
        "named 'Date'; the headers are ['Northwind Bank plc', '']; sheet 'Transactions' holds "
        "2 transactions but is hidden in the workbook, and hidden sheets are not read: unhide "
        "it in Excel (right-click a sheet's tab, Unhide), save, and import the file again\n"
    )
    # Naming the sheet in a mapping does not read it, and says to unhide it too.
    with pytest.raises(StatementImportError, match="which is hidden, and hidden sheets are"):
        import_statement(path, mapping=Mapping(sheet="Transactions"))

    # The remedy: the same workbook with the sheet unhidden imports its transactions.
    workbook = openpyxl.load_workbook(path)
    workbook["Transactions"].sheet_state = "visible"
    workbook.save(path)
    assert [str(line.amount) for line in import_statement(path).lines] == ["451.67", "1321.88"]

    # A hidden sheet that holds no transactions (notes) is not named.
    del workbook["Transactions"]
    notes = workbook.create_sheet("Notes")
    notes.append(["Read me"])
    notes.sheet_state = "hidden"
    workbook.save(path)
    with pytest.raises(NoTransactionsFoundError) as refused:
        import_statement(path)
    assert refused.value.reasons == "sheet 'Cover': no column holds dates"


def test_a_spreadsheetml_hidden_sheet_holding_the_transactions_is_named(tmp_path: Path) -> None:
    def row(*cells: str) -> str:
        return "<Row>" + "".join(cells) + "</Row>"

    def text(value: str) -> str:
        return f'<Cell><Data ss:Type="String">{value}</Data></Cell>'

    def number(value: str) -> str:
        return f'<Cell><Data ss:Type="Number">{value}</Data></Cell>'

    hidden = (
        '<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">'
        "<Visible>SheetHidden</Visible></WorksheetOptions>"
    )
    data = [
        row(text("Date"), text("Text"), text("Amount")),
        row(text("2024-05-02"), text("rent"), number("-800")),
        row(text("2024-05-04"), text("salary"), number("2500")),
    ]
    path = tmp_path / "activity.xls"
    path.write_text(
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        f'<Worksheet ss:Name="Info"><Table>{row(text("Northwind Bank"))}</Table></Worksheet>'
        f'<Worksheet ss:Name="Data"><Table>{"".join(data)}</Table>{hidden}</Worksheet>'
        "</Workbook>",
        encoding="utf-8",
    )

    with pytest.raises(NoTransactionsFoundError) as refused:
        import_statement(path)
    assert refused.value.reasons == (
        "sheet 'Info': no column holds dates; sheet 'Data' holds 2 transactions but is hidden "
        "in the workbook, and hidden sheets are not read: unhide it in Excel (right-click a "
        "sheet's tab, Unhide), save, and import the file again"
    )


def _damaged_after(path: Path, part: str, kept: int) -> Path:
    """The workbook at ``path`` with its member ``part``'s deflate stream damaged after its
    first ``kept`` bytes: those are a valid stream of their own, the rest of the member's
    bytes a block of a type deflate reserves, so reading past them fails (zlib.error)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(part)
        xml = archive.read(part)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    start = info.header_offset
    name = int.from_bytes(data[start + 26 : start + 28], "little")
    extra = int.from_bytes(data[start + 28 : start + 30], "little")
    body = start + 30 + name + extra
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    prefix = deflate.compress(xml[:kept]) + deflate.flush(zlib.Z_FULL_FLUSH)
    assert len(prefix) < info.compress_size
    data[body : body + info.compress_size] = prefix.ljust(info.compress_size, b"\xff")
    path.write_bytes(bytes(data))
    return path


def test_a_damaged_part_of_a_hidden_sheet_leaves_the_visible_one_imported(
    tmp_path: Path,
) -> None:
    """Hidden sheets are not read, nor scanned: a hidden sheet's part damaged past the
    extent the archive's check reads (its first kilobytes) is no reason to refuse the
    statement the visible sheet holds, which imported before hidden rows were looked for."""
    path = _workbook(tmp_path / "bank.xlsx", _statement(3), (3,))
    workbook = openpyxl.load_workbook(path)
    helper = workbook.create_sheet("Helper")
    for number in range(2000):
        helper.append([f"lookup {number * 7919 % 10007}", number])
    helper.sheet_state = "hidden"
    workbook.save(path)
    _damaged_after(path, "xl/worksheets/sheet2.xml", 16384)

    result = import_statement(path)

    assert [line.description for line in result.lines] == ["payment 1", "payment 3"]
    assert _said(result.warnings) == [
        (
            "bank.xlsx: sheet 'GL': 1 row (3) is hidden in the workbook and was left out; "
            "unhide it in Excel to import it"
        )
    ]
    assert result.layout is not None
    assert not any("could not be looked for" in n for n in dict(result.layout.evidence)["format"])


def test_a_sheet_that_cannot_be_scanned_is_named_and_the_others_are_scanned(
    tmp_path: Path,
) -> None:
    """One sheet's part that cannot be found (its relationship leads nowhere) neither
    stops the scan of the others nor passes unsaid: it is named, with why."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "GL"
    second = workbook.create_sheet("Bank")
    for sheet in (first, second):
        for row in _statement(3):
            sheet.append(row)
        sheet.row_dimensions[3].hidden = True
    built = io.BytesIO()
    workbook.save(built)
    damaged = io.BytesIO()
    with (
        zipfile.ZipFile(built) as source,
        zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            if name != "xl/worksheets/sheet2.xml":
                target.writestr(name, source.read(name))

    found = hidden_rows(damaged.getvalue(), ["GL", "Bank"])

    assert found.by_sheet == {"GL": frozenset({3})}
    assert found.notes == (
        (
            "rows hidden on sheet 'Bank' could not be looked for (its part is missing from "
            "the file): any are imported"
        ),
    )
