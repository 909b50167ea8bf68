"""A bank format's file in UTF-32, with its byte-order mark, is read as UTF-32, as a csv
export is (``encoding.BOMS``, one order for both).

UTF-32's little-endian mark (FF FE 00 00) starts with UTF-16's (FF FE), and the bank
formats' reader looked for UTF-16's alone: each character came with a NUL after it. An
MT940 written with CRLF line ends had every row numbered twice over (a CR, a NUL, a LF),
and an OFX was refused as having no <OFX> element. Its big-endian mark was read as
UTF-8 with a NUL before every character. Each file here is written to disk and imported
as the accountant imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.statements import import_statement
from tests.statements.formats.test_code_page_detection import GERMAN, mt940, ofx

BUILDERS: dict[str, tuple[Callable[[list[tuple[str, str]]], str], str]] = {
    "mt940": (mt940, "umsatz.sta"),
    "ofx": (ofx, "umsatz.ofx"),
}
MARKS = {
    "utf-32-le": "UTF-32 (little-endian byte-order mark)",
    "utf-32-be": "UTF-32 (big-endian byte-order mark)",
}


def _rows(text: str, payees: list[str]) -> list[int]:
    """The 1-based line each payee stands on in ``text``, as a text editor numbers it."""
    lines = text.split("\r\n")
    return [
        next(number for number, line in enumerate(lines, 1) if payee in line) for payee in payees
    ]


@pytest.mark.parametrize("fmt", BUILDERS)
@pytest.mark.parametrize("codec", MARKS)
def test_a_bank_format_in_utf32_with_its_mark_is_read_as_utf32(
    tmp_path: Path, fmt: str, codec: str
) -> None:
    build, name = BUILDERS[fmt]
    text = build(GERMAN).replace("\n", "\r\n")  # as banks write them
    path = tmp_path / name
    path.write_bytes(("\ufeff" + text).encode(codec))

    result = import_statement(path)

    assert result.format == fmt
    assert (result.encoding, result.encoding_evidence) == (codec, MARKS[codec])
    payees = [payee for payee, _ in GERMAN]
    assert [line.counterparty for line in result.lines] == payees
    assert "Überweisung Miete März" in result.lines[0].description
    if fmt == "mt940":  # a transaction's row is its :61: line, above its payee's :86:
        assert [line.row + 1 for line in result.lines] == _rows(text, payees)
    assert result.warnings == ()
