"""A UTF-8 file with a few bytes that are not UTF-8 is read as UTF-8, each stray byte read
as Windows-1252 where it stands and named by row and column; a Windows-1252 file is still
read as one."""

from __future__ import annotations

from pathlib import Path

from desktop_app.statements import import_statement


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "umsaetze.csv"
    path.write_bytes(data)
    return path


def test_one_stray_byte_leaves_the_rest_utf8_and_is_named(tmp_path: Path) -> None:
    data = (
        'Datum;Empfänger;Betrag\r\n03.03.2025;Müller GmbH;-10,00\r\n04.03.2025;"Bau; M'.encode()
        + b"\xfc"
        + 'ller AG";-20,00\r\n05.03.2025;Straße;-30,00\r\n'.encode()
    )
    result = import_statement(_write(tmp_path, data))
    assert [line.counterparty for line in result.lines] == [
        "Müller GmbH",
        "Bau; Müller AG",
        "Straße",
    ]
    said = (
        "umsaetze.csv row 3 column Empfänger: byte 0xFC is not UTF-8, as the rest of the "
        "file is; it was read as 'ü' (Windows-1252): check the text"
    )
    assert [str(warning) for warning in result.warnings] == [said]
    assert result.layout is not None
    assert result.layout.encoding == "utf-8"


def test_a_windows_1252_file_is_still_read_as_one(tmp_path: Path) -> None:
    data = "Datum;Empfänger;Betrag\r\n03.03.2025;Müller GmbH;-10,00\r\n".encode("cp1252")
    result = import_statement(_write(tmp_path, data))
    assert [line.counterparty for line in result.lines] == ["Müller GmbH"]
    assert result.warnings == ()
    assert result.layout is not None
    assert result.layout.encoding == "cp1252"
