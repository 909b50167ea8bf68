"""Recognising the format from the content, and the errors for files that are none."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.statements.formats import BANK_FORMATS, read_bank_statement, sniff_bank_format
from desktop_app.statements.model import StatementImportError

OFX_SGML = b"OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKTRANLIST><STMTTRN><DTPOSTED>20240101<TRNAMT>-1</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
OFX_XML = b'<?xml version="1.0"?>\n<?OFX OFXHEADER="200" VERSION="220"?>\n<OFX></OFX>'
CAMT_053 = b'<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Ntry><Amt Ccy="EUR">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2024-01-01</Dt></BookgDt></Ntry></Stmt></BkToCstmrStmt></Document>'
CAMT_052 = b"<Document><BkToCstmrAcctRpt><Rpt/></BkToCstmrAcctRpt></Document>"
MT940 = b"\x01\r\n:20:REF\r\n:25:123\r\n:28C:1\r\n:60F:C240101EUR0,\r\n:61:240101C1,NTRFNONREF\r\n:62F:C240101EUR1,\r\n-\x03"
QIF = b"!Type:Bank\nD01/02/2024\nT-1.00\nPShop\n^\n"
IIF = b"!TRNS\tTRNSID\tDATE\tAMOUNT\n!SPL\tSPLID\tDATE\tAMOUNT\n!ENDTRNS\nTRNS\t1\t1/2/24\t5\nENDTRNS\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (OFX_SGML, "ofx"),
        (OFX_XML, "ofx"),
        (b"\xef\xbb\xbf<!--\nOFXHEADER:100\n-->\n<OFX>", "ofx"),
        (CAMT_053, "camt.053"),
        (CAMT_052, "camt.052"),
        (
            "<?xml version='1.0' encoding='UTF-16'?><Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.08'/>".encode(
                "utf-16"
            ),
            "camt.053",
        ),
        (MT940, "mt940"),
        (b"{1:F01X}{2:O940X}{4:\n:20:X\n", "mt940"),
        (QIF, "qif"),
        (IIF, "iif"),
        (b"Date,Amount,Description\n2024-01-01,-1.00,Coffee\n", None),
        (b"Buchungstag;Verwendungszweck\n01.01.2024;:20: not a tag at line start\n", None),
        (
            b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
            None,
        ),
        (b"PK\x03\x04\x14\x00\x06\x00", None),
        (b"", None),
    ],
)
def test_sniffing_by_content(data: bytes, expected: str | None) -> None:
    assert sniff_bank_format(data) == expected
    assert expected is None or expected in BANK_FORMATS


@pytest.mark.parametrize("data", [OFX_SGML, CAMT_053, MT940, QIF, IIF])
def test_dispatch_ignores_the_file_name(data: bytes) -> None:
    parsed = read_bank_statement(data, "/downloads/export.csv")
    assert parsed.format == sniff_bank_format(data)
    assert parsed.source_file == "export.csv"
    assert len(parsed.lines) == 1
    assert abs(parsed.lines[0].amount) in {Decimal(1), Decimal(5)}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.sta", b"  \r\n", "empty.sta: the file is empty"),
        ("notes.txt", b"hello world", "notes.txt: not a bank format this reader knows"),
        ("bank.sta", b"Buchungstag;Betrag\n01.01.2024;-5,00\n", "bank.sta: not an MT940 file"),
        ("bank.ofx", b"Date,Amount\n", "bank.ofx: not an OFX file"),
        ("C:\\Users\\me\\camt.xml", b"<Document><Stmt>", "camt.xml: not well-formed XML at line 1"),
        ("bank.qif", b"D01/01/2024\nT5\n^\n", "bank.qif: not a QIF bank register"),
        ("ledger.iif", b"TRNS\t1\n", "ledger.iif: not an IIF transaction export"),
    ],
)
def test_a_file_that_is_not_what_it_claims_names_the_file_and_the_problem(
    name: str, data: bytes, message: str
) -> None:
    with pytest.raises(StatementImportError) as raised:
        read_bank_statement(data, name)
    assert str(raised.value).startswith(message)


def test_oversized_files_are_refused_before_reading() -> None:
    with pytest.raises(StatementImportError, match=r"^big\.sta: the file is 64 MB"):
        read_bank_statement(b" " * (64 * 1024 * 1024 + 1), "big.sta")
