"""Statement files whose import summary a test states to the penny: built here, in the
test's folder (no file is shipped). Each says what it holds and what it adds up to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

# A pounds statement with a currency column holding two payments in euros. The pounds add
# up: 1,000.50 + 2,500.00 - 1,200.00 - 3.40 = 2,297.10; the euros (-310.55 and +45.10) are
# not the balances' currency; row 8's amount does not read, so that row is skipped.
MIXED_ROWS = (
    ("Account", "GB29NWBK60161331926819"),
    ("Opening balance", 1000.50),
    (),
    ("Date", "Description", "Amount", "Currency"),
    (dt.date(2024, 3, 1), "Salary", 2500.00, "GBP"),
    (dt.date(2024, 3, 4), "Rent", -1200.00, "GBP"),
    (dt.date(2024, 3, 5), "Hotel Paris", -310.55, "EUR"),
    (dt.date(2024, 3, 7), "Card", "n/a", "GBP"),
    (dt.date(2024, 3, 9), "Refund", 45.10, "EUR"),
    (dt.date(2024, 3, 28), "Coffee", -3.40, "GBP"),
    (),
    ("Closing balance", 2297.10),
)


def mixed_workbook(folder: Path, name: str = "mixed.xlsx", closing: float = 2297.10) -> Path:
    """``MIXED_ROWS`` as a workbook (openpyxl), its closing balance ``closing``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Statement"
    for row in (*MIXED_ROWS[:-1], ("Closing balance", closing)):
        sheet.append(list(row))
    path = folder / name
    workbook.save(path)
    return path


# A csv with a running balance and no currency: every day is 12 or less, so its date order
# is a guess (day-first). The balance column gives the opening (1,100.00 - 100.00) and
# the closing balance; row 4's amount does not read, so that row is skipped.
RUNNING = (
    "Date,Description,Amount,Balance\n"
    "02/03/2024,Opening transfer,100.00,1100.00\n"
    "03/03/2024,Rent,-800.00,300.00\n"
    "04/03/2024,Card,n/a,300.00\n"
    "05/03/2024,Salary,2500.00,2800.00\n"
    "06/03/2024,Coffee,-4.50,2795.50\n"
)


def running_csv(folder: Path, name: str = "running.csv") -> Path:
    path = folder / name
    path.write_text(RUNNING, encoding="utf-8")
    return path


# A euro account's CAMT.053 statement with one entry booked in dollars (its Amt's Ccy).
# The euros add up: 100.00 + 50.00 - 20.00 = 130.00; the dollars (-30.00) are not the
# balances' currency.
CAMT_IN_TWO_CURRENCIES = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
<BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-04-01T06:00:00</CreDtTm></GrpHdr>
<Stmt>
<Id>S-1</Id>
<Acct><Id><IBAN>DE44500105175407324931</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{closing}</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-31</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2024-03-05</Dt></BookgDt><AddtlNtryInf>Invoice 17</AddtlNtryInf></Ntry>
<Ntry><Amt Ccy="USD">30.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2024-03-06</Dt></BookgDt><AddtlNtryInf>Hosting, in dollars</AddtlNtryInf></Ntry>
<Ntry><Amt Ccy="EUR">20.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2024-03-07</Dt></BookgDt><AddtlNtryInf>Card fee</AddtlNtryInf></Ntry>
</Stmt>
</BkToCstmrStmt>
</Document>
"""


def camt_in_two_currencies(folder: Path, closing: str = "130.00") -> Path:
    """``CAMT_IN_TWO_CURRENCIES`` as a file, its closing balance ``closing``."""
    path = folder / "two-currencies.xml"
    path.write_text(CAMT_IN_TWO_CURRENCIES.format(closing=closing), encoding="utf-8")
    return path


_OFX_HEAD = """\
OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS>
<CURDEF>GBP
<BANKACCTFROM><BANKID>601613<ACCTID>31926819<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST>
<DTSTART>20240301
<DTEND>20240331
"""
_OFX_TAIL = """\
</BANKTRANLIST>
<LEDGERBAL><BALAMT>{ledger}<DTASOF>20240331</LEDGERBAL>
</STMTRS>
</STMTTRNRS></BANKMSGSRSV1>
</OFX>
"""


def _pounds_ofx(transactions: str, ledger: str) -> str:
    """A pounds account's OFX 1 (SGML) statement for March 2024: its transactions
    (STMTTRN records, one a line) and its closing (LEDGERBAL) balance."""
    return _OFX_HEAD + transactions + _OFX_TAIL.format(ledger=ledger)


# A pounds account's OFX 1 (SGML) statement. The hotel (line 20) was charged in euros:
# its CURRENCY aggregate says its TRNAMT is in euros. The books (line 21) were bought in
# dollars: its ORIGCURRENCY aggregate says only where the amount came from, the TRNAMT
# being converted to the statement's CURDEF, pounds. So the pounds move by 2,500.00 -
# 42.00 - 1,200.00 = 1,258.00 to the closing (LEDGERBAL) 2,258.00; the euros do not.
OFX_IN_TWO_CURRENCIES = _pounds_ofx(
    """\
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240304<TRNAMT>2500.00<FITID>1<NAME>Salary</STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240306<TRNAMT>-310.55<FITID>2<NAME>Hotel Paris<CURRENCY><CURRATE>0.86<CURSYM>EUR</CURRENCY></STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240308<TRNAMT>-42.00<FITID>3<NAME>Books<ORIGCURRENCY><CURRATE>1.27<CURSYM>USD</ORIGCURRENCY></STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240312<TRNAMT>-1200.00<FITID>4<NAME>Rent</STMTTRN>
""",
    ledger="2258.00",
)


def ofx_in_two_currencies(folder: Path) -> Path:
    """``OFX_IN_TWO_CURRENCIES`` as a file."""
    path = folder / "two-currencies.ofx"
    path.write_text(OFX_IN_TWO_CURRENCIES, encoding="utf-8")
    return path


# A euro account's CAMT.053 statement (<Acct><Ccy>EUR) whose entries are booked mostly in
# dollars: two in dollars (-30.00, -12.50), one in euros (+50.00). The euro balances add
# up with the euro alone: 100.00 + 50.00 = 150.00. Told by the lines, the statement's
# currency would be the dollars', and its bridge 100.00 - 42.50 against 150.00.
CAMT_MOSTLY_DOLLARS = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
<BkToCstmrStmt>
<GrpHdr><MsgId>M2</MsgId><CreDtTm>2024-04-01T06:00:00</CreDtTm></GrpHdr>
<Stmt>
<Id>S-2</Id>
<Acct><Id><IBAN>DE44500105175407324931</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{closing}</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-31</Dt></Dt></Bal>
<Ntry><Amt Ccy="USD">30.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2024-03-04</Dt></BookgDt><AddtlNtryInf>Hosting, in dollars</AddtlNtryInf></Ntry>
<Ntry><Amt Ccy="EUR">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2024-03-05</Dt></BookgDt><AddtlNtryInf>Invoice 17</AddtlNtryInf></Ntry>
<Ntry><Amt Ccy="USD">12.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2024-03-06</Dt></BookgDt><AddtlNtryInf>Domain, in dollars</AddtlNtryInf></Ntry>
</Stmt>
</BkToCstmrStmt>
</Document>
"""


def camt_mostly_dollars(folder: Path, closing: str = "150.00") -> Path:
    """``CAMT_MOSTLY_DOLLARS`` as a file, its closing balance ``closing``."""
    path = folder / "mostly-dollars.xml"
    path.write_text(CAMT_MOSTLY_DOLLARS.format(closing=closing), encoding="utf-8")
    return path


# A pounds account's OFX statement (CURDEF GBP) with two transactions in euros (their
# CURRENCY aggregate) and one in pounds. Its LEDGERBAL is pounds: the salary alone moves
# it, 2,500.00 to 2,500.00 (no opening balance stated). Told by the lines, the statement
# would be in euros and its balance a euro one.
OFX_MOSTLY_EUROS = _pounds_ofx(
    """\
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240304<TRNAMT>2500.00<FITID>1<NAME>Salary</STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240306<TRNAMT>-310.55<FITID>2<NAME>Hotel Paris<CURRENCY><CURRATE>0.86<CURSYM>EUR</CURRENCY></STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240308<TRNAMT>-45.00<FITID>3<NAME>Museum Rome<CURRENCY><CURRATE>0.86<CURSYM>EUR</CURRENCY></STMTTRN>
""",
    ledger="2500.00",
)


def ofx_mostly_euros(folder: Path) -> Path:
    """``OFX_MOSTLY_EUROS`` as a file."""
    path = folder / "mostly-euros.ofx"
    path.write_text(OFX_MOSTLY_EUROS, encoding="utf-8")
    return path
