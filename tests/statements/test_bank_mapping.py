"""A mapping given with a bank format's file: its currency fills the lines that state none,
and what it cannot set there (columns, date order...) is said, never dropped silently."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.statements import import_statement
from desktop_app.statements.bank_mapping import MappingNotApplied
from desktop_app.statements.mapping import Mapping
from desktop_app.ui.backend.statement_backend import warning_counts

OFX = """<?xml version="1.0"?>
<?OFX OFXHEADER="200" VERSION="211"?>
<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STMTRS>{curdef}<BANKACCTFROM>
<BANKID>1</BANKID><ACCTID>12345678</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
<BANKTRANLIST>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240305</DTPOSTED><TRNAMT>-12.50</TRNAMT>
<FITID>F1</FITID><NAME>Rent</NAME></STMTTRN>
<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240306</DTPOSTED><TRNAMT>40.00</TRNAMT>
<FITID>F2</FITID><NAME>Refund</NAME>{line_currency}</STMTTRN>
</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
"""
CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId></GrpHdr><Stmt><Id>S-1</Id>
<Acct><Id><IBAN>DE44500105175407324931</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Ntry><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2024-03-05</Dt></BookgDt></Ntry>
</Stmt></BkToCstmrStmt></Document>
"""
MT940 = (
    ":20:STARTUMS\n:25:DE44500105175407324931\n:28C:00001/001\n:60F:C240301EUR1000,00\n"
    ":61:2403050305D12,50NTRFNONREF//B1\n:86:Rent\n:62F:C240331EUR987,50\n-\n"
)
QIF = "!Type:Bank\nD03/15/2024\nT-12.50\nPRent\n^\n"
# What a mapping sets for a table, and a bank file has no use for.
TABLE_MAPPING = Mapping(
    header_row=3, columns={"date": "Datum", "amount": "Betrag"}, date_order="DMY"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "format_name"),
    [
        ("bank.ofx", OFX.format(curdef="<CURDEF>EUR</CURDEF>", line_currency=""), "OFX"),
        ("bank.qfx", OFX.format(curdef="<CURDEF>EUR</CURDEF>", line_currency=""), "OFX"),
        ("statement.xml", CAMT, "CAMT.053"),
        ("bank.sta", MT940, "MT940"),
        ("bank.qif", QIF, "QIF"),
    ],
)
def test_a_mapping_for_a_bank_format_is_said_not_applied(
    tmp_path: Path, name: str, text: str, format_name: str
) -> None:
    path = _write(tmp_path, name, text)
    plain = import_statement(path)
    result = import_statement(path, mapping=TABLE_MAPPING)
    assert result.lines == plain.lines  # the format's own fields, as without a mapping
    said = result.warnings[0]
    assert isinstance(said, MappingNotApplied)
    assert (said.row, said.column) == (None, None)  # about the file: a note, no row skipped
    assert str(said) == (
        f'{name}: the mapping\'s "header_row", "columns" and "date_order" are not applied: '
        "a mapping says how to read a CSV or Excel file's columns, and "
        f"{format_name} names each field of its lines itself"
    )
    assert result.warnings[1:] == plain.warnings
    assert warning_counts(result) == (0, len(plain.warnings) + 1)  # the banner's note


def test_the_mappings_currency_fills_the_lines_a_bank_file_states_none_for(
    tmp_path: Path,
) -> None:
    """QIF names no currency: the mapping's is every line's, and nothing is left unsaid."""
    path = _write(tmp_path, "bank.qif", QIF)
    result = import_statement(path, mapping=Mapping(currency="gbp"), default_currency="EUR")
    assert [line.currency for line in result.lines] == ["GBP"]  # before the run's default
    assert result.warnings == ()


def test_a_currency_the_bank_file_states_stands_and_the_mapping_says_so(
    tmp_path: Path,
) -> None:
    """An OFX file without CURDEF, one of whose lines names its currency: the mapping's
    fills the other, and the import says the named one kept its own."""
    text = OFX.format(curdef="", line_currency="<CURRENCY><CURSYM>USD</CURSYM></CURRENCY>")
    path = _write(tmp_path, "bank.ofx", text)
    plain = import_statement(path)
    assert [line.currency for line in plain.lines] == [None, "USD"]
    result = import_statement(path, mapping=Mapping(currency="GBP"))
    assert [line.currency for line in result.lines] == ["GBP", "USD"]
    assert str(result.warnings[0]) == (
        'bank.ofx: the mapping\'s "currency" GBP is used only for the 1 of 2 lines whose '
        "currency the file does not state; the others are in the currency the file states"
    )
    stated = _write(
        tmp_path, "stated.ofx", OFX.format(curdef="<CURDEF>EUR</CURDEF>", line_currency="")
    )
    result = import_statement(stated, mapping=Mapping(currency="GBP", invert_sign=True))
    assert [line.currency for line in result.lines] == ["EUR", "EUR"]
    assert str(result.warnings[0]) == (
        'stated.ofx: the mapping\'s "invert_sign" is not applied: a mapping says how to read '
        "a CSV or Excel file's columns, and OFX names each field of its lines itself; the "
        "mapping's \"currency\" GBP is used for no line: the file states every line's "
        "currency itself"
    )


def test_the_statement_command_says_it_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], write_csv: Callable[..., Path]
) -> None:
    path = _write(tmp_path, "bank.sta", MT940)
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"columns": {"date": "Date"}}))
    assert main(["statement", str(path), "--mapping", str(mapping)]) == 0
    captured = capsys.readouterr()
    said = (
        'bank.sta: the mapping\'s "columns" is not applied: a mapping says how to read a '
        "CSV or Excel file's columns, and MT940 names each field of its lines itself"
    )
    assert captured.err == f"desktop-app: warning: {said}\n"
    assert json.loads(captured.out)["warnings"][0] == said
    # A table the mapping is applied to says nothing of it.
    table = write_csv("Date,Description,Amount\n2024-03-05,Rent,-12.50\n")
    assert main(["statement", str(table), "--mapping", str(mapping)]) == 0
    assert capsys.readouterr().err == ""
