"""A file of only a byte-order mark is empty, as a blank file is; a refusal's example
mapping names the file's own header row and columns."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from desktop_app.statements import StatementImportError, import_statement


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8,
        codecs.BOM_UTF8 + b"\r\n \r\n",
        codecs.BOM_UTF16_LE + "\r\n".encode("utf-16-le"),
    ],
    ids=["utf-8", "utf-8-blank-lines", "utf-16"],
)
def test_a_byte_order_mark_alone_is_an_empty_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "leer.csv"
    path.write_bytes(data)
    with pytest.raises(StatementImportError) as raised:
        import_statement(path)
    assert str(raised.value) == "leer.csv: cannot be imported: it is empty"


def _refusal(tmp_path: Path, text: str) -> str:
    path = tmp_path / "umsatz.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StatementImportError) as raised:
        import_statement(path)
    return str(raised.value)


def test_the_example_mapping_names_the_files_own_columns(tmp_path: Path) -> None:
    text = "Kontoauszug\n\nDatum;Text;Kunde\n01.02.2025;Miete;A\n02.02.2025;Strom;B\n"
    assert _refusal(tmp_path, text) == (
        "umsatz.csv: no transactions found (no column holds amounts on the dated rows); "
        "supply a mapping that names the columns, e.g. --mapping map.json with "
        '{"header_row": 3, "columns": {"date": "Datum", "amount": "..."}}, the amount one '
        "of: Text, Kunde"
    )


def test_without_dates_the_example_lists_every_column(tmp_path: Path) -> None:
    assert _refusal(tmp_path, "Text;Betrag\nMiete;-100,00\nStrom;-50,00\n") == (
        "umsatz.csv: no transactions found (no column holds dates); supply a mapping that "
        'names the columns, e.g. --mapping map.json with {"header_row": 1, "columns": '
        '{"date": "...", "amount": "..."}}, each one of: Text, Betrag'
    )
