"""A bank format's text that is UTF-8 but for a stray byte (a name typed in another
program and pasted in) is read as UTF-8, as a csv export's is (``encoding.mostly_utf8``),
the byte read as Windows-1252 where it stands and warned of: the file, the line and
character it stands at, and the row of the transaction whose record holds it.

MT940, QIF, IIF and OFX files so were read whole as Windows-1252 ('MÃ¼ller GmbH' for
every other payee), and CAMT's XML too, with nothing said of the byte. Each file here is
built byte by byte: a UTF-8 text with one byte of Windows-1252 spliced into it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.statements import import_statement
from desktop_app.statements.formats import read_camt, read_iif, read_mt940, read_ofx, read_qif
from desktop_app.statements.model import ParsedStatement, RowWarning
from desktop_app.ui.backend.statement_backend import warning_counts
from tests.statements.formats.test_camt import camt, entry, tx
from tests.statements.formats.test_code_page_detection import GERMAN, iif, mt940, ofx, qif

Reader = Callable[[bytes, str], ParsedStatement]
FORMATS: dict[str, tuple[Callable[[list[tuple[str, str]]], str], Reader, str]] = {
    "mt940": (mt940, read_mt940, "umsatz.sta"),
    "qif": (qif, read_qif, "umsatz.qif"),
    "iif": (iif, read_iif, "umsatz.iif"),
    "ofx": (ofx, read_ofx, "umsatz.ofx"),
}
# 'Bäckerei Groß', the second payment's payee, typed with its 'ä' in Windows-1252.
TYPED = "Bäckerei".encode()
STRAY = b"B\xe4ckerei"


def _spliced(text: str) -> bytes:
    """``text`` in UTF-8 with the one 'ä' of 'Bäckerei' as Windows-1252's byte 0xE4."""
    data = text.encode()
    assert data.count(TYPED) == 1
    return data.replace(TYPED, STRAY)


def _where(data: bytes) -> tuple[int, int]:
    """The line and character (both 1-based) the stray byte stands at, counted in the
    text: the bytes before it on its line are UTF-8, so its character is one more than
    the characters they read as."""
    offset = data.index(STRAY) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[line_start:offset].decode()) + 1


def _said(line: int, character: int) -> str:
    return (
        f"byte 0xE4 on line {line}, character {character}, is not UTF-8, as the rest of "
        "the file is; it was read as 'ä' (Windows-1252): check the text"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_stray_byte_leaves_the_rest_utf8_and_is_warned_of_at_its_transaction(
    fmt: str,
) -> None:
    build, reader, name = FORMATS[fmt]
    data = _spliced(build(GERMAN))
    parsed = reader(data, name)

    assert [line.counterparty for line in parsed.lines] == [payee for payee, _ in GERMAN]
    assert "Überweisung Miete März" in parsed.lines[0].description
    assert parsed.encoding == "utf-8"
    offset = data.index(STRAY) + 1
    assert parsed.encoding_evidence == (
        f"UTF-8 but for 1 byte that is not (first 0xE4 at offset {offset}), read as "
        "Windows-1252 where it stands"
    )
    line, character = _where(data)
    assert parsed.warnings == (RowWarning(name, parsed.lines[1].row, None, _said(line, character)),)


def test_a_stray_byte_windows_1252_has_no_character_for_is_said_so_by_line_too() -> None:
    """0x8D, which Windows-1252 leaves undefined, read as Latin-1's control character: a
    bank format's warning says so in the csv path's words (``stray_byte_said``)."""
    data = mt940(GERMAN).encode().replace(TYPED, b"B\x8dckerei")
    parsed = read_mt940(data, "umsatz.sta")
    assert parsed.lines[1].counterparty == "B\x8dckerei Groß"
    offset = data.index(b"\x8d")
    line = data.count(b"\n", 0, offset) + 1
    character = len(data[data.rfind(b"\n", 0, offset) + 1 : offset].decode()) + 1
    said = (
        f"byte 0x8D on line {line}, character {character}, is not UTF-8, as the rest of the "
        "file is, and Windows-1252 has no character for it; it was read as U+008D, an "
        "invisible control character (Latin-1): check the text"
    )
    assert parsed.warnings == (RowWarning("umsatz.sta", parsed.lines[1].row, None, said),)
    assert parsed.encoding_evidence == (
        f"UTF-8 but for 1 byte that is not (first 0x8D at offset {offset}), read as Latin-1 "
        "where it stands, Windows-1252 having no character for it"
    )


def test_a_camt_document_with_a_stray_byte_is_read_as_utf8_and_warned_of() -> None:
    """CAMT's XML, whose parser refuses the byte under its UTF-8 declaration, was read
    again whole as Windows-1252 ('MÃ¼ller'), with a note that named no byte."""
    entries = entry("10.00", details=f"<NtryDtls>{tx(ustrd='Müller Straße')}</NtryDtls>")
    entries += entry("20.00", details=f"<NtryDtls>{tx(ustrd='Bäckerei Groß')}</NtryDtls>")
    data = _spliced(camt(entries))
    parsed = read_camt(data, "camt.xml")

    assert [line.description for line in parsed.lines] == ["Müller Straße", "Bäckerei Groß"]
    assert parsed.encoding == "utf-8"
    assert parsed.encoding_evidence is not None
    assert parsed.encoding_evidence.startswith("UTF-8 but for 1 byte that is not (first 0xE4")
    line, character = _where(data)
    assert parsed.warnings == (
        RowWarning("camt.xml", parsed.lines[1].row, None, _said(line, character)),
    )
    assert parsed.lines[1].row < line  # the entry starts above the byte's line


def test_a_stray_byte_outside_any_transaction_names_its_line_only() -> None:
    """A byte in the account holder's name, in the OFX header, is in no transaction's
    record: the warning is about the file (a row named would count as one skipped)."""
    text = ofx(GERMAN).replace("<ACCTTYPE>", "<ACCTNAME>Bäckerei Konto<ACCTTYPE>")
    text = text.replace("Bäckerei Groß", "Baeckerei Gross")
    data = _spliced(text)
    parsed = read_ofx(data, "umsatz.ofx")

    assert parsed.lines[1].counterparty == "Baeckerei Gross"
    line, character = _where(data)
    assert parsed.warnings == (RowWarning("umsatz.ofx", None, None, _said(line, character)),)


def test_a_declared_code_page_gives_way_to_a_text_mostly_utf8() -> None:
    """An OFX header declaring Windows-1252 over a body in UTF-8 but for one byte: read as
    UTF-8, as a valid UTF-8 body is, and the evidence says what was declared."""
    data = _spliced(ofx(GERMAN, "1252"))
    parsed = read_ofx(data, "umsatz.ofx")

    assert [line.counterparty for line in parsed.lines] == [payee for payee, _ in GERMAN]
    assert parsed.encoding == "utf-8"
    assert parsed.encoding_evidence is not None
    assert parsed.encoding_evidence.endswith(
        "read as Windows-1252 where it stands, read so although its OFX header "
        "(CHARSET:1252) declares Windows-1252: banks often declare one and send the other"
    )
    assert len(parsed.warnings) == 1


def test_a_stray_byte_after_a_utf8_byte_order_mark_is_read_and_warned_of() -> None:
    """A file that says it is UTF-8 by its byte-order mark had the byte replaced by
    U+FFFD without a word; it is read as Windows-1252 reads it, and warned of."""
    data = b"\xef\xbb\xbf" + _spliced(qif(GERMAN))
    parsed = read_qif(data, "umsatz.qif")

    assert [line.counterparty for line in parsed.lines] == [payee for payee, _ in GERMAN]
    assert parsed.encoding_evidence == (
        f"UTF-8 with a byte-order mark but for 1 byte that is not (first 0xE4 at offset "
        f"{data.index(STRAY) + 1}), read as Windows-1252 where it stands"
    )
    line, character = _where(data)
    assert parsed.warnings == (
        RowWarning("umsatz.qif", parsed.lines[1].row, None, _said(line, character)),
    )


def test_a_code_page_text_behind_a_utf8_byte_order_mark_is_read_in_its_code_page() -> None:
    """Every accent a stray byte is no UTF-8 text, whatever its mark says: it is read as
    a code page, as without the mark, not with each accent replaced by U+FFFD."""
    data = b"\xef\xbb\xbf" + qif(GERMAN).encode("cp1252")
    parsed = read_qif(data, "umsatz.qif")

    assert [line.counterparty for line in parsed.lines] == [payee for payee, _ in GERMAN]
    assert parsed.encoding == "cp1252"
    assert parsed.encoding_evidence is not None
    assert parsed.encoding_evidence.startswith("not valid UTF-8 (byte 0xFC at offset ")
    assert parsed.warnings == ()


def test_several_transactions_on_one_line_name_the_line_and_character() -> None:
    """An OFX written on one line numbers its rows by transaction; the byte's line holds
    them all, so the warning names the line and the character, not one of them."""
    text = ofx(GERMAN)
    head, body = text.split("<OFX>", 1)
    data = _spliced(head + "<OFX>" + body.replace("\n", ""))
    parsed = read_ofx(data, "umsatz.ofx")

    assert [line.row for line in parsed.lines] == [1, 2, 3]
    line, character = _where(data)
    assert character > 100  # far along its line
    strays = [warning for warning in parsed.warnings if "0xE4" in warning.message]
    assert strays == [RowWarning("umsatz.ofx", None, None, _said(line, character))]


def test_the_warning_is_a_note_not_a_row_skipped(tmp_path: Path) -> None:
    """The byte is in a record of a line read (a QIF payee, two lines below the line's
    row): the import counts no row skipped, as a csv's stray byte counts none."""
    path = tmp_path / "umsatz.qif"
    path.write_bytes(_spliced(qif(GERMAN)))
    imported = import_statement(path)

    assert [line.counterparty for line in imported.lines] == [payee for payee, _ in GERMAN]
    (warning,) = imported.warnings
    assert warning.row == imported.lines[1].row
    assert warning_counts(imported) == (0, 1)
