"""The import wizard's notes on a bank format's file say the encoding its text was read
in and why, as a csv's do ("Format: encoding: ..."): before, a Czech MT940 read as
Windows-1250 by its letters (or a Western one guessed Windows-1252) said only its
format, and nothing told the accountant how its letters were read. The real statement
backend, on a file built here."""

from __future__ import annotations

from pathlib import Path

from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend.statement_backend import StatementBackend
from tests.statements.formats.test_code_page_detection import CZECH, mt940


def test_a_bank_formats_notes_say_its_encoding_and_why(tmp_path: Path) -> None:
    path = tmp_path / "vypis.sta"
    path.write_bytes(mt940(CZECH).encode("cp1250"))
    preview = StatementBackend(JsonProfileStore(tmp_path / "profiles.json")).preview(path)

    assert not preview.editable
    shown, encoding = preview.notes
    assert shown == "Format: mt940"
    assert encoding.startswith("Format: encoding: not valid UTF-8 (byte 0x")
    assert "read as Windows-1250 (central European), a guess" in encoding
    assert preview.rows[0][-1] == "Jan Dvořák"
