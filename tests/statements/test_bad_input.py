"""Files that cannot be imported: one clear message naming the file, nothing half-read."""

from __future__ import annotations

import errno
import io
import struct
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import Mapping, StatementImportError, import_statement
from desktop_app.statements.archive import UnsafeArchiveError, inspect_zip
from desktop_app.statements.importer import _os_reason
from desktop_app.statements.model import FoundHeader, NoTransactionsFoundError
from desktop_app.statements.ole import stream_names


def ole_file(*streams: str) -> bytes:
    """A minimal, valid OLE compound file whose directory names ``streams``."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # the directory starts at sector 1
    struct.pack_into("<III", header, 56, 4096, 0xFFFFFFFE, 0)
    struct.pack_into("<II", header, 68, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 76, 0, *([0xFFFFFFFF] * 108))
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126))
    directory = bytearray(512)
    for slot, name in enumerate(("Root Entry", *streams)):
        encoded = (name + "\0").encode("utf-16-le")
        start = slot * 128
        directory[start : start + len(encoded)] = encoded
        struct.pack_into("<HB", directory, start + 64, len(encoded), 5 if slot == 0 else 2)
    return bytes(header) + fat + bytes(directory)


def message_for(path: Path) -> str:
    with pytest.raises(StatementImportError) as raised:
        import_statement(path)
    return str(raised.value)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert message_for(path) == "empty.csv: cannot be imported: it is empty"


def test_missing_file_names_it(tmp_path: Path) -> None:
    assert message_for(tmp_path / "absent.csv").startswith("absent.csv: ")


def test_a_path_that_is_not_a_readable_file_says_so_plainly(tmp_path: Path) -> None:
    """The OS's reason in words, not "[Errno 2] ... '/full/path'" naming the file twice."""
    assert message_for(tmp_path / "absent.csv") == (
        "absent.csv: cannot be read: no such file (check the path)"
    )
    (tmp_path / "march").mkdir()
    assert message_for(tmp_path / "march") == (
        "march: cannot be read: it is a folder, not a statement file"
    )


@pytest.mark.parametrize(
    ("winerror", "lock_name", "reason"),
    [
        (
            None,
            "~$march.xlsx",
            "permission denied: the file looks open in Excel (close it and try again)",
        ),
        (32, None, "the file is open in another program (close it in Excel and try again)"),
        (None, None, "permission denied (is it open in another program?)"),
    ],
)
def test_a_refused_read_is_worded_as_the_export_words_it(
    tmp_path: Path, winerror: int | None, lock_name: str | None, reason: str
) -> None:
    """The wording for a refused read, given the error. Built errors, not chmod: the
    machines that run this suite run it as root, which reads any file whatever its mode."""
    if lock_name is not None:
        (tmp_path / lock_name).write_bytes(b"lock")
    error = PermissionError(errno.EACCES, "Permission denied")
    error.winerror = winerror  # type: ignore[attr-defined]
    assert _os_reason(error, tmp_path / "march.xlsx") == reason


def test_encrypted_workbook_says_how_to_remove_the_password(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(ole_file("EncryptionInfo", "EncryptedPackage"))
    message = message_for(path)
    assert message.startswith("locked.xlsx: cannot be imported: it is password-protected")
    assert "remove the password" in message


def test_ole_reader_lists_streams() -> None:
    assert stream_names(ole_file("Workbook")) == ["Root Entry", "Workbook"]


def test_broken_legacy_workbook(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(ole_file("Workbook"))
    assert message_for(path).startswith(
        "old.xls: no transactions found (no visible sheet holds rows)"
    )


def test_truncated_xlsx(tmp_path: Path, write_xlsx: Callable[..., Path]) -> None:
    good = write_xlsx({"S": [["Date", "Amount"], ["2024-01-01", 1]]}).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good[: len(good) // 2])
    assert message_for(path).startswith("cut.xlsx: cannot be imported:")


def _bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * size)
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_bomb(8 * 1024 * 1024))
    message = message_for(path)
    assert "zip bomb" in message
    assert "inflate 8" in message or "-fold" in message


def test_total_uncompressed_size_is_bounded() -> None:
    with pytest.raises(UnsafeArchiveError, match="above the 1,000-byte limit"):
        inspect_zip(_bomb(4000), limit=1000)


def test_pdf_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "statement.pdf"
    path.write_bytes(b"%PDF-1.7\n...")
    assert "export the statement from online banking as CSV" in message_for(path)


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "noise.csv"
    path.write_bytes(bytes(range(256)) * 4)
    assert message_for(path).startswith("noise.csv: cannot be imported:")


def test_no_date_column_says_what_is_missing_and_how_to_map(write_csv: Callable[..., Path]) -> None:
    message = message_for(write_csv("Name,Amount\nAlice,1.00\nBob,2.00\n", "names.csv"))
    assert message.startswith("names.csv: no transactions found (no column holds dates)")
    assert '--mapping map.json with {"header_row": 1, "columns": {"date"' in message


def test_no_amount_column(write_csv: Callable[..., Path]) -> None:
    message = message_for(write_csv("Date,Name\n2024-01-01,Alice\n2024-01-02,Bob\n", "dates.csv"))
    assert "no column holds amounts on the dated rows" in message


def test_no_amount_column_names_the_header_and_date_column_it_found(
    write_csv: Callable[..., Path],
) -> None:
    """What the hint's example names, for the import wizard to offer as set."""
    path = write_csv(
        "Exported 2024-01-03\n\nDate,Name,Ref\n2024-01-01,Alice,R1\n2024-01-02,Bob,R2\n"
    )
    with pytest.raises(NoTransactionsFoundError) as refused:
        import_statement(path)
    assert refused.value.header == FoundHeader(None, 3, 0)
    assert '{"header_row": 3, "columns": {"date": "Date"' in str(refused.value)


def test_no_header_is_named_where_no_column_holds_dates(write_csv: Callable[..., Path]) -> None:
    """A row of names above no dates says nothing of where the statement's table is."""
    with pytest.raises(NoTransactionsFoundError) as refused:
        import_statement(write_csv("Name,Amount\nAlice,1.00\nBob,2.00\n"))
    assert refused.value.header is None


def test_mapping_that_names_a_missing_column(write_csv: Callable[..., Path]) -> None:
    path = write_csv("Date,Amount\n2024-01-01,1.00\n")
    with pytest.raises(StatementImportError, match="no column is named 'Betrag'"):
        import_statement(path, mapping=Mapping(columns={"amount": "Betrag"}))


def test_many_small_members_are_bounded_together(tmp_path: Path) -> None:
    # Each member is under the size below which a ratio is not checked; together they
    # would inflate hundreds of times.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for number in range(1, 9):
            archive.writestr(f"xl/worksheets/sheet{number}.xml", b"\0" * 1_000_000)
    path = tmp_path / "many.xlsx"
    path.write_bytes(buffer.getvalue())
    message = message_for(path)
    assert message.startswith("many.xlsx: cannot be imported: 'all members together' would")
    assert message.endswith("-fold (a zip bomb or not a statement)")


def _version_seven(directory: bytearray) -> None:
    directory[6:8] = (70).to_bytes(2, "little")  # "version needed to extract": 7.0


def _name_not_utf8(directory: bytearray) -> None:
    directory[9] |= 0x08  # flag bit 11: the names are UTF-8 ...
    directory[46] = 0xFC  # ... and the first byte of the name is not


@pytest.mark.parametrize(
    ("damage", "detail"),
    [
        (_version_seven, "(zip file version 7.0)"),
        (_name_not_utf8, "('utf-8' codec can't decode byte 0xfc"),
    ],
)
def test_a_damaged_zip_header_is_a_clear_message(
    tmp_path: Path,
    write_xlsx: Callable[..., Path],
    damage: Callable[[bytearray], None],
    detail: str,
) -> None:
    data = bytearray(write_xlsx({"S": [["Date", "Amount"], ["2024-01-01", 1]]}).read_bytes())
    start = data.find(b"PK\x01\x02")  # the first central directory entry
    entry = data[start : start + 64]
    damage(entry)
    data[start : start + 64] = entry
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    assert message_for(path).startswith(
        f"damaged.xlsx: cannot be imported: it is a damaged zip container {detail}"
    )


def test_an_unclosed_quote_refuses_the_file_naming_its_line(
    write_csv: Callable[..., Path],
) -> None:
    # Read leniently, everything after the quote would become one field and the later
    # transactions would vanish without a word.
    rows = ["Date,Description,Amount"] + [
        f"2024-01-{day:02d},Item {day},-{day}.00" for day in (1, 2)
    ]
    rows += ['2024-01-03,"Broken quote,-3.00', "2024-01-04,Item 4,-4.00"]
    path = write_csv("\n".join(rows) + "\n", "runaway.csv")
    assert message_for(path) == (
        "runaway.csv: cannot be imported: line 4: a quoted field opens on this line and is "
        "never closed, so the rest of the file would be read as that one field; close the "
        "quote or export the file again"
    )


@pytest.mark.parametrize(
    ("ending", "earlier_note"),
    [
        ("\n", "Rent"),
        ("", "Rent"),
        ("\r\n", "Rent"),
        ("", '"Rent\nMarch"'),  # a record across lines before it: read line by line
    ],
    ids=["lf", "no-final-line-end", "crlf", "after-a-record-across-lines"],
)
def test_a_quote_opened_on_the_last_line_refuses_the_file_naming_it(
    write_csv: Callable[..., Path], ending: str, earlier_note: str
) -> None:
    # Read leniently, the rest of the last line (here its amount) becomes the quoted
    # field and the row is read short, without a word.
    rows = [
        "Date,Amount,Note",
        f"2024-01-01,-1.00,{earlier_note}",
        "2024-01-02,-2.00,Water",
        '2024-01-03,"-3.00,Broken',
    ]
    path = write_csv((ending or "\n").join(rows) + ending, "runaway.csv")
    line = 5 if "\n" in earlier_note else 4
    assert message_for(path) == (
        f"runaway.csv: cannot be imported: line {line}: a quoted field opens on this line"
        " and is never closed, so the rest of the file would be read as that one field;"
        " close the quote or export the file again"
    )


@pytest.mark.parametrize(
    "last_note",
    ['"Say ""hi"""', '"Say ""hi""\nagain"', '"two\nlines"after'],
    ids=["doubled-quotes", "doubled-quotes-across-lines", "text-after-the-quote"],
)
def test_a_last_quoted_field_that_closes_is_read(
    write_csv: Callable[..., Path], last_note: str
) -> None:
    text = f"Date,Amount,Note\n2024-01-01,-1.00,Rent\n2024-01-02,-2.00,{last_note}\n"
    result = import_statement(write_csv(text))
    assert [line.amount for line in result.lines] == [Decimal("-1.00"), Decimal("-2.00")]


def test_a_last_quoted_field_across_lines_is_not_an_unclosed_quote(
    write_csv: Callable[..., Path],
) -> None:
    text = (
        'Date,Amount,Note\n2024-01-01,-1.00,"two\nlines"\n2024-01-02,-2.00,"three\nmore\nlines"\n'
    )
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 4]


def test_a_headerless_columns_warning_names_it_once(tmp_path: Path) -> None:
    """A file read with no header row labels its columns 'column 3'; a warning said
    'row 3 column column 3'."""
    path = tmp_path / "bank.csv"
    path.write_text("03/03/2025,Coffee,-4.50\n04/03/2025,Rent,\n05/03/2025,Fee,-1.00\n")
    columns: dict[str, str | int | list[str | int]] = {"date": 1, "description": 2, "amount": 3}
    result = import_statement(path, mapping=Mapping(header_row=0, columns=columns))
    assert [str(warning) for warning in result.warnings if warning.row == 2] == [
        "bank.csv row 2 column 3: no amount; row skipped"
    ]


def test_a_mapping_naming_a_hidden_sheet_says_it_is_hidden(
    write_xlsx: Callable[..., Path],
) -> None:
    """It said "which is not there" of a sheet the accountant can see in Excel's Unhide
    list; both refusals now name the sheets that can be read."""
    rows = [["Date", "Amount"], ["2024-01-02", 1.5]]
    path = write_xlsx({"Data": rows, "~Helper": rows})
    with pytest.raises(StatementImportError) as hidden:
        import_statement(path, mapping=Mapping(sheet="Helper"))
    assert str(hidden.value) == (
        "statement.xlsx: the mapping names sheet 'Helper', which is hidden, and hidden sheets "
        "are not read: unhide it in the workbook (sheets: 'Data')"
    )
    with pytest.raises(
        StatementImportError, match=r"'Nope', which is not there \(sheets: 'Data'\)"
    ):
        import_statement(path, mapping=Mapping(sheet="Nope"))


@pytest.mark.parametrize("second", ["debit", "balance", "currency"])
def test_a_mapping_giving_one_column_two_roles_is_refused(
    write_csv: Callable[..., Path], second: str
) -> None:
    """{"amount": "Bedrag", "debit": "Bedrag"} was read with the debit quietly dropped."""
    path = write_csv("Datum,Naam,Bedrag\n2024-03-01,a,-1.00\n2024-03-02,b,-2.00\n")
    with pytest.raises(StatementImportError) as refused:
        import_statement(path, mapping=Mapping(columns={"amount": "Bedrag", second: "Bedrag"}))
    assert f"column 'Bedrag' is given as both the amount and the {second}" in str(refused.value)


@pytest.mark.parametrize("second", ["debit", "balance", "currency"])
def test_a_mapping_giving_one_column_two_roles_is_refused_for_a_quiet_month_too(
    write_csv: Callable[..., Path], second: str
) -> None:
    """A header-only file (a month with no movements) was read with the mapping's second
    role quietly dropped: only the file with movements was checked for a column given two
    roles, the quiet one only for a column both ignored and given a role."""
    path = write_csv("Datum,Naam,Bedrag\n")
    columns: dict[str, str | int | list[str | int]] = {"date": "Datum", "amount": "Bedrag"}
    with pytest.raises(StatementImportError) as refused:
        import_statement(path, mapping=Mapping(header_row=1, columns={**columns, second: 3}))
    assert f"column 'Bedrag' is given as both the amount and the {second}" in str(refused.value)
    quiet = import_statement(path, mapping=Mapping(header_row=1, columns=columns))
    assert (quiet.lines, quiet.layout is not None and quiet.layout.amount) == ((), 2)


def test_one_column_may_be_the_booking_and_the_value_date(write_csv: Callable[..., Path]) -> None:
    path = write_csv("Datum,Naam,Bedrag\n2024-03-01,a,-1.00\n2024-03-02,b,-2.00\n")
    result = import_statement(path, mapping=Mapping(columns={"date": "Datum", "value_date": 1}))
    assert [line.value_date for line in result.lines] == [line.date for line in result.lines]


def test_bytes_named_xlsx_that_are_no_workbook_say_so(tmp_path: Path) -> None:
    """Random bytes named .xlsx were refused as "not UTF-16 text", the last reader tried."""
    path = tmp_path / "statement.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(StatementImportError) as refused:
        import_statement(path)
    assert str(refused.value) == (
        "statement.xlsx: cannot be imported: it is named .xlsx but is neither a workbook nor "
        "text: it may be damaged (a download cut short?) or another kind of file renamed"
    )


def _member_at(data: bytes, name: str) -> zipfile.ZipInfo:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.getinfo(name)


def _corrupt_deflate(data: bytearray, name: str) -> None:
    """The member's first compressed bytes inverted: its deflate stream no longer inflates."""
    member = _member_at(bytes(data), name)
    local = member.header_offset
    name_length, extra_length = struct.unpack_from("<HH", data, local + 26)
    start = local + 30 + name_length + extra_length
    for at in range(start, start + min(member.compress_size, 16)):
        data[at] ^= 0xFF


def _flag_encrypted(data: bytearray, name: str) -> None:
    """The member's "encrypted" flag bit set, in its local header and its directory entry,
    as a zip tool's password (or a damaged flag) leaves it."""
    data[_member_at(bytes(data), name).header_offset + 6] |= 0x01
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        (name_length,) = struct.unpack_from("<H", data, entry + 28)
        if data[entry + 46 : entry + 46 + name_length] == name.encode():
            data[entry + 8] |= 0x01
        entry = data.find(b"PK\x01\x02", entry + 1)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            _corrupt_deflate,
            "it is a damaged zip container (Error -3 while decompressing data",
        ),
        (
            _flag_encrypted,
            (
                "it is a damaged or password-protected zip container (File "
                "'xl/worksheets/sheet1.xml' is encrypted, password required for extraction)"
            ),
        ),
    ],
    ids=["damaged-deflate", "encrypted-member"],
)
def test_an_xlsx_whose_worksheet_cannot_be_inflated_is_a_clear_message(
    tmp_path: Path,
    write_xlsx: Callable[..., Path],
    damage: Callable[[bytearray, str], None],
    message: str,
) -> None:
    """A worksheet that zipfile will not inflate was a traceback (zlib.error, RuntimeError)
    rather than the refusal naming the file that any other damage gets."""
    data = bytearray(write_xlsx({"S": [["Date", "Amount"], ["2024-01-01", 1]]}).read_bytes())
    damage(data, "xl/worksheets/sheet1.xml")
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    assert message_for(path).startswith(f"damaged.xlsx: cannot be imported: {message}")


def test_an_ods_whose_mimetype_is_flagged_encrypted_is_a_clear_message(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    data = bytearray(buffer.getvalue())
    _flag_encrypted(data, "mimetype")
    path = tmp_path / "locked.ods"
    path.write_bytes(bytes(data))
    assert message_for(path) == (
        "locked.ods: cannot be imported: it is a damaged or password-protected zip container "
        "(File 'mimetype' is encrypted, password required for extraction)"
    )
