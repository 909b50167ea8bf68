"""OFX quirks, each in a file built here: SGML and XML, encodings, dates, amounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from desktop_app.statements.formats import read_ofx
from desktop_app.statements.model import StatementImportError
from tests.statements.ofx_files import CAFE, RENT, SHOP, ofx

SGML_HEADER = (
    "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:{encoding}\n"
    "CHARSET:{charset}\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
)


def sgml(
    transactions: str, *, encoding: str = "USASCII", charset: str = "1252", extra: str = ""
) -> str:
    """An OFX 1.02 bank statement; the first <STMTTRN> of ``transactions`` is on line 18."""
    return SGML_HEADER.format(encoding=encoding, charset=charset) + (
        "<OFX>\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>\n"
        "<DTSERVER>2024040200000x<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\n"
        "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\n"
        "<STMTRS><CURDEF>EUR\n<BANKACCTFROM><BANKID>123<ACCTID>DE44500105175407324931"
        "<ACCTTYPE>CHECKING</BANKACCTFROM>\n"
        f"<BANKTRANLIST><DTSTART>20240301<DTEND>20240331\n{extra}"
        f"{transactions}</BANKTRANLIST>\n"
        "<LEDGERBAL><BALAMT>1500.25<DTASOF>20240331</LEDGERBAL>\n"
        "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    )


def trn(amount: str = "-12.50", posted: str = "20240305120000", **fields: str) -> str:
    extra = "".join(f"<{name.upper()}>{value}" for name, value in fields.items())
    kind = "DEBIT" if amount.startswith("-") else "CREDIT"  # as a bank writes them
    return f"<STMTTRN><TRNTYPE>{kind}<DTPOSTED>{posted}<TRNAMT>{amount}<FITID>F{amount}{extra}</STMTTRN>\n"


def test_unclosed_sgml_tags_and_the_record_row() -> None:
    parsed = read_ofx(sgml(trn() + trn("100")).encode(), "bank.ofx")
    assert [(line.row, line.amount) for line in parsed.lines] == [
        (18, Decimal("-12.50")),
        (19, Decimal("100")),
    ]
    assert parsed.account == "DE44500105175407324931"
    assert (parsed.currency, parsed.closing_balance) == ("EUR", Decimal("1500.25"))
    assert parsed.lines[0].raw[:3] == (
        "<TRNTYPE>DEBIT",
        "<DTPOSTED>20240305120000",
        "<TRNAMT>-12.50",
    )


@pytest.mark.parametrize(
    ("encoding", "charset", "payload", "expected"),
    [
        ("USASCII", "1252", "Caf\u00e9 \u20ac".encode("cp1252"), "Café €"),
        ("USASCII", "8859-1", "M\u00fcller".encode("latin-1"), "Müller"),
        ("UTF-8", "NONE", "Caf\u00e9 \u20ac".encode(), "Café €"),
        # Declared 1252 but sent as UTF-8: valid UTF-8 wins.
        ("USASCII", "1252", "Gr\u00fc\u00dfe".encode(), "Grüße"),
    ],
)
def test_encodings(encoding: str, charset: str, payload: bytes, expected: str) -> None:
    text = sgml(trn(name="@@NAME@@"), encoding=encoding, charset=charset)
    data = text.encode("ascii").replace(b"@@NAME@@", payload)
    assert read_ofx(data, "x.ofx").lines[0].counterparty == expected


@pytest.mark.parametrize("declared", ["punycode", "base64", "utf-16", "no-such-codec"])
def test_an_unusable_declared_xml_encoding_falls_back(declared: str) -> None:
    text = (
        f'<?xml version="1.0" encoding="{declared}"?>\n'
        + sgml(trn(name="Caf\u00e9")).split("\n\n", 1)[1]
    )
    assert read_ofx(text.encode("cp1252"), "x.ofx").lines[0].counterparty == "Café"


def test_header_wrapped_in_an_xml_comment() -> None:
    text = "<!--\n" + sgml(trn()).replace("\n\n<OFX>", "\n-->\n<OFX>", 1)
    parsed = read_ofx(text.encode(), "x.ofx")
    assert [line.row for line in parsed.lines] == [19]


def test_whole_body_on_one_line_gets_transaction_numbers() -> None:
    body = sgml(trn("-1") + trn("-2") + trn("-3")).split("\n\n", 1)[1].replace("\n", "")
    text = SGML_HEADER.format(encoding="USASCII", charset="1252") + body
    parsed = read_ofx(text.encode(), "one-line.ofx")
    assert [(line.row, line.amount) for line in parsed.lines] == [(1, -1), (2, -2), (3, -3)]
    assert "one line (line 11)" in parsed.warnings[0].message


@pytest.mark.parametrize("declaration", ['<?xml version="1.0" encoding="UTF-8"?>\n', ""])
def test_ofx2_xml_with_or_without_declaration(declaration: str) -> None:
    text = (
        f'{declaration}<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE"?>\n'
        "<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>USD</CURDEF>\n"
        "<CCACCTFROM><ACCTID>4111</ACCTID></CCACCTFROM><BANKTRANLIST>\n"
        "<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240102</DTPOSTED><TRNAMT>-5.00</TRNAMT>"
        "<FITID>A1</FITID><PAYEE><NAME>Coffee &amp; Co</NAME></PAYEE><MEMO>Latte</MEMO></STMTTRN>\n"
        "</BANKTRANLIST><LEDGERBAL><BALAMT>-5.00</BALAMT><DTASOF>20240102</DTASOF></LEDGERBAL>"
        "</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>\n"
    )
    parsed = read_ofx(text.encode(), "card.qfx")
    line = parsed.lines[0]
    assert (line.row, line.counterparty, line.description, line.reference) == (
        5 if declaration else 4,
        "Coffee & Co",
        "Latte",
        "A1",
    )
    assert (parsed.account, parsed.currency, parsed.closing_balance) == (
        "4111",
        "USD",
        Decimal("-5.00"),
    )


@pytest.mark.parametrize(
    ("posted", "expected"),
    [
        ("20240323000000[-3:GMT]", date(2024, 3, 23)),
        ("20240323233000.000[-5:EST]", date(2024, 3, 23)),  # not moved to the next UTC day
        ("20240323013000[+5.30:IST]", date(2024, 3, 23)),
        ("20240323", date(2024, 3, 23)),
        ("202403231200", date(2024, 3, 23)),
    ],
)
def test_dates_are_read_as_written(posted: str, expected: date) -> None:
    assert read_ofx(sgml(trn(posted=posted)).encode(), "x.ofx").lines[0].date == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("-200,00", "-200.00"),
        ("-29", "-29"),
        ("+15.5", "15.5"),
        ("1.234,56", "1234.56"),
        ("-.5", "-0.5"),
    ],
)
def test_amount_spellings(amount: str, expected: str) -> None:
    assert read_ofx(sgml(trn(amount)).encode(), "x.ofx").lines[0].amount == Decimal(expected)


def test_vendor_tags_and_malformed_server_date_are_ignored() -> None:
    extra_tags = "<INTU.BID>3101<AMEX.ROLE>B<DOWNLOAD.FLAG>false\n"
    parsed = read_ofx(sgml(trn(memo="Rent"), extra=extra_tags).encode(), "x.ofx")
    assert [line.description for line in parsed.lines] == ["Rent"]
    assert parsed.warnings == ()


def test_empty_statement_with_empty_account_and_balance() -> None:
    text = sgml("").replace("<ACCTID>DE44500105175407324931", "<ACCTID></ACCTID>")
    text = text.replace("<BALAMT>1500.25", "<BALAMT>\n")
    parsed = read_ofx(text.encode(), "empty.ofx")
    assert (parsed.lines, parsed.account, parsed.closing_balance) == ((), None, None)
    assert (parsed.period_start, parsed.period_end) == (date(2024, 3, 1), date(2024, 3, 31))


def test_available_balance_when_there_is_no_ledger_balance() -> None:
    text = sgml(trn()).replace("<LEDGERBAL>", "<AVAILBAL>").replace("</LEDGERBAL>", "</AVAILBAL>")
    assert read_ofx(text.encode(), "x.ofx").closing_balance == Decimal("1500.25")


def test_name_memo_reference_and_own_currency() -> None:
    record = trn(name="ACME Ltd", memo="Invoice 4711", refnum="R-9", checknum="1001")
    record = record.replace("</STMTTRN>", "<CURRENCY><CURRATE>1.1<CURSYM>USD</CURRENCY></STMTTRN>")
    line = read_ofx(sgml(record).encode(), "x.ofx").lines[0]
    assert (line.counterparty, line.description) == ("ACME Ltd", "Invoice 4711")
    assert line.reference == "F-12.50; R-9; 1001"
    assert line.currency == "USD"


def test_bad_records_are_row_warnings_and_the_rest_is_read() -> None:
    records = trn("12,3,4") + trn(posted="garbage") + trn("-1.00", posted="20240230") + trn("7")
    parsed = read_ofx(sgml(records).encode(), "x.ofx")
    assert [(line.row, line.date, line.amount) for line in parsed.lines] == [
        (20, date(2024, 2, 29), Decimal("-1.00")),
        (21, date(2024, 3, 5), Decimal("7")),
    ]
    rows_and_columns = [(warning.row, warning.column) for warning in parsed.warnings]
    assert rows_and_columns == [
        (18, "TRNAMT"),
        (19, "DTPOSTED"),
        (19, "DTPOSTED"),
        (20, "DTPOSTED"),
    ]
    assert "read as 2024-02-29" in parsed.warnings[3].message


def test_unknown_currency_is_reported_not_guessed() -> None:
    parsed = read_ofx(sgml(trn()).replace("<CURDEF>EUR", "<CURDEF>EU$").encode(), "x.ofx")
    assert parsed.lines[0].currency is None
    assert "unknown currency code 'EU$'" in parsed.warnings[0].message


def test_bank_and_card_statements_in_one_file() -> None:
    card = (
        "<CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>EUR<CCACCTFROM><ACCTID>4111"
        "</CCACCTFROM><BANKTRANLIST>" + trn("-9") + "</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS>"
        "</CREDITCARDMSGSRSV1></OFX>"
    )
    parsed = read_ofx(sgml(trn()).replace("</OFX>", card).encode(), "two.ofx")
    assert [line.amount for line in parsed.lines] == [Decimal("-12.50"), Decimal("-9")]
    assert parsed.account is None
    assert "2 accounts" in parsed.warnings[0].message
    # What it says of the balances is what the report does: a bridge row per account.
    assert "each statement's lines were checked against its own balances" in (
        parsed.warnings[0].message
    )
    assert parsed.warnings[0].message.endswith(
        "the report's balance bridge has a row for each account, with its own balances"
    )
    assert [(a.account, a.currency, a.line_count) for a in parsed.accounts] == [
        ("DE44500105175407324931", "EUR", 1),
        ("4111", "EUR", 1),
    ]


@pytest.mark.parametrize(("one_line", "rows"), [(False, [5, 6, 9]), (True, [1, 2, 3])])
def test_each_line_of_a_file_of_several_accounts_knows_its_account(
    one_line: bool, rows: list[int]
) -> None:
    text = ofx([("CHK-1", [SHOP, CAFE]), ("SAV-2", [RENT])], one_line=one_line)
    parsed = read_ofx(text.encode(), "both.ofx")
    assert [line.row for line in parsed.lines] == rows
    assert parsed.account is None
    assert parsed.line_accounts == dict(zip(rows, ["CHK-1", "CHK-1", "SAV-2"], strict=True))


def test_a_file_of_one_account_names_it_once() -> None:
    parsed = read_ofx(ofx([("CHK-1", [SHOP])]).encode(), "one.ofx")
    assert (parsed.account, parsed.line_accounts) == ("CHK-1", {})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Date;Amount\n01.02.2024;-5,00\n", "not an OFX file: it has no <OFX> element"),
        (
            (
                "OFXHEADER:100\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500<SEVERITY>ERROR"
                "<MESSAGE>Invalid password</STATUS></SONRS></SIGNONMSGSRSV1></OFX>"
            ),
            "the bank reported error 15500 (Invalid password)",
        ),
        (
            (
                "OFXHEADER:100\n<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><CURDEF>USD"
                "</INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>"
            ),
            "holds no bank or credit-card statement (it holds INVSTMTRS)",
        ),
    ],
)
def test_files_that_are_not_bank_statements(text: str, message: str) -> None:
    with pytest.raises(StatementImportError, match=r"^broken\.ofx: ") as raised:
        read_ofx(text.encode(), "C:\\exports\\broken.ofx")
    assert message in str(raised.value)


def _cut_after(text: str, marker: str) -> bytes:
    return text[: text.index(marker) + len(marker)].encode()


@pytest.mark.parametrize(
    ("marker", "line"),
    [
        ("<TRNAMT>888", 18),  # inside an amount: 888.99 would be read as 888
        ("<FITID>F-5", 19),  # inside the last transaction
        ("</BANKTRANLIST>", 20),  # the closing balance is missing
        ("<BALAMT>1500.2", 21),  # inside the closing balance
        ("</STMTRS></STMTTRNRS>", 22),  # every value read, but the end of the file is missing
        ("</OFX", 22),
    ],
)
def test_a_file_cut_off_before_its_end_is_refused(marker: str, line: int) -> None:
    text = sgml(trn("888.99") + trn("-5"))
    with pytest.raises(StatementImportError) as raised:
        read_ofx(_cut_after(text, marker), "C:\\downloads\\cut.ofx")
    assert str(raised.value) == (
        f"cut.ofx: the file looks cut off: it stops at line {line} without the </OFX> that "
        "ends a complete OFX file, so what came after is missing; nothing was imported from "
        "it: download it again from the bank"
    )


def test_an_xml_file_cut_off_inside_an_end_tag_is_refused() -> None:
    text = (
        '<?OFX OFXHEADER="200" VERSION="220"?>\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS>'
        "<CURDEF>USD</CURDEF><BANKTRANLIST>\n<STMTTRN><DTPOSTED>20240102</DTPOSTED>"
        "<TRNAMT>-5.00</TRNAMT><FITID>A1</FITID></STMTTRN>\n</BANKTRANLIST></STMTRS>"
        "</STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    )
    with pytest.raises(StatementImportError, match=r"^x\.qfx: the file looks cut off: .* line 4 "):
        read_ofx(_cut_after(text, "</BANKMSGSRSV1></OF"), "x.qfx")


@pytest.mark.parametrize(
    "sloppy",
    [
        lambda text: text.replace("</BANKTRANLIST>", ""),  # as Nubank writes it
        lambda text: text.replace("</STMTTRN>", ""),
        lambda text: text.replace("</LEDGERBAL>", "").replace("</STMTRS>", ""),
        lambda text: text.rstrip("\n") + "\r\n\x1a",  # a DOS end-of-file mark after </OFX>
    ],
)
def test_unclosed_aggregates_inside_a_closed_ofx_are_not_a_cut(
    sloppy: Callable[[str], str],
) -> None:
    parsed = read_ofx(sloppy(sgml(trn() + trn("100"))).encode(), "x.ofx")
    assert [line.amount for line in parsed.lines] == [Decimal("-12.50"), Decimal("100")]
    assert parsed.closing_balance == Decimal("1500.25")


def test_records_left_open_keep_their_own_fields() -> None:
    records = (
        "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240305<TRNAMT>-10.00<FITID>A1<NAME>FIRST SHOP\n"
        "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240306<TRNAMT>20.00<FITID>A2<NAME>PAYER<MEMO>Rent\n"
        # an empty leaf before the next record swallows that record too
        "<STMTTRN><TRNTYPE>DEBIT<TRNAMT>-5.00<FITID>A3<NAME>HAS NO DATE<MEMO>\n"
        "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240328<TRNAMT>-7.00<FITID>A4<NAME>LAST\n"
    )
    parsed = read_ofx(sgml(records).encode(), "open-records.ofx")
    assert [(ln.row, ln.date, ln.description, ln.reference) for ln in parsed.lines] == [
        (18, date(2024, 3, 5), "FIRST SHOP", "A1"),
        (19, date(2024, 3, 6), "Rent", "A2"),
        (21, date(2024, 3, 28), "LAST", "A4"),
    ]
    assert parsed.lines[0].raw == (
        "<TRNTYPE>DEBIT",
        "<DTPOSTED>20240305",
        "<TRNAMT>-10.00",
        "<FITID>A1",
        "<NAME>FIRST SHOP",
    )
    assert [(w.row, w.column, w.message) for w in parsed.warnings] == [
        (20, "DTPOSTED", "transaction without a readable date (FITID A3): skipped")
    ]
