"""CAMT.053/052 quirks, each in a document built here, and the refusal of unsafe XML."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.statements.formats import read_camt
from desktop_app.statements.model import StatementImportError

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def entry(
    amount: str = "100.00",
    mark: str = "CRDT",
    *,
    booked: str = "<Dt>2024-03-05</Dt>",
    details: str = "",
    status: str = "<Sts><Cd>BOOK</Cd></Sts>",
    extra: str = "",
) -> str:
    return (
        f'<Ntry>\n<Amt Ccy="EUR">{amount}</Amt>\n<CdtDbtInd>{mark}</CdtDbtInd>\n{status}\n'
        f"<BookgDt>{booked}</BookgDt>\n<ValDt><Dt>2024-03-06</Dt></ValDt>\n"
        f"<AcctSvcrRef>SVC-{amount}</AcctSvcrRef>\n{details}{extra}</Ntry>\n"
    )


def tx(
    *, e2e: str = "", ustrd: str = "", creditor_ref: str = "", debtor: str = "", creditor: str = ""
) -> str:
    parts = ["<TxDtls>"]
    if e2e:
        parts.append(f"<Refs><EndToEndId>{e2e}</EndToEndId></Refs>")
    if debtor or creditor:
        parties = f"<Dbtr><Pty><Nm>{debtor}</Nm></Pty></Dbtr>" if debtor else ""
        parties += f"<Cdtr><Nm>{creditor}</Nm></Cdtr>" if creditor else ""
        parts.append(f"<RltdPties>{parties}</RltdPties>")
    if ustrd or creditor_ref:
        remittance = f"<Ustrd>{ustrd}</Ustrd>" if ustrd else ""
        if creditor_ref:
            remittance += f"<Strd><CdtrRefInf><Ref>{creditor_ref}</Ref></CdtrRefInf></Strd>"
        parts.append(f"<RmtInf>{remittance}</RmtInf>")
    return "".join(parts) + "</TxDtls>\n"


def balance(code: str, amount: str, mark: str = "CRDT") -> str:
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>\n"
        f'<Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{mark}</CdtDbtInd><Dt><Dt>2024-03-31</Dt></Dt></Bal>\n'
    )


def camt(
    entries: str,
    *,
    version: str = "08",
    kind: str = "053",
    declaration: str = DECLARATION,
    balances: str = "",
    header: str = "",
) -> str:
    container, record = ("BkToCstmrStmt", "Stmt") if kind == "053" else ("BkToCstmrAcctRpt", "Rpt")
    return (
        f'{declaration}<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{kind}.001.{version}">\n'
        f"<{container}>\n<GrpHdr><MsgId>M1</MsgId></GrpHdr>\n<{record}>\n<Id>S-1</Id>\n{header}"
        "<Acct><Id><IBAN>DE44500105175407324931</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
        f"{balances}{entries}</{record}>\n</{container}>\n</Document>\n"
    )


def row_of(text: str, marker: str, occurrence: int = 1) -> int:
    position = -1
    for _ in range(occurrence):
        position = text.index(marker, position + 1)
    return text.count("\n", 0, position) + 1


@pytest.mark.parametrize("version", ["02", "03", "04", "06", "08", "10", "13"])
def test_any_camt053_version(version: str) -> None:
    text = camt(entry(), version=version)
    parsed = read_camt(text.encode(), "statement.xml")
    assert parsed.format == "camt.053"
    assert [(line.row, line.date, line.amount, line.currency) for line in parsed.lines] == [
        (row_of(text, "<Ntry>"), date(2024, 3, 5), Decimal("100.00"), "EUR")
    ]


def test_camt052_report() -> None:
    parsed = read_camt(camt(entry("5.00", "DBIT"), kind="052", version="02").encode(), "report.xml")
    assert parsed.format == "camt.052"
    assert [line.amount for line in parsed.lines] == [Decimal("-5.00")]


@pytest.mark.parametrize(
    "declaration",
    [
        "",
        "<?xml version='1.0' encoding='utf-8'?>\n",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        '<?xml  version="1.0"  encoding="ISO-8859-1"?>\n',
        "\n\n" + DECLARATION,
    ],
)
def test_declaration_styles(declaration: str) -> None:
    text = camt(entry(), declaration=declaration)
    assert [line.row for line in read_camt(text.encode(), "x.xml").lines] == [
        row_of(text, "<Ntry>")
    ]


def test_tab_indentation_and_namespace_prefixes() -> None:
    text = camt(entry(details=f"<NtryDtls>{tx(ustrd='Tabbed')}</NtryDtls>")).replace(
        "\n<", "\n\t\t<"
    )
    text = text.replace("<Document xmlns=", "<ns2:Document xmlns:ns2=").replace(
        "</Document>", "</ns2:Document>"
    )
    parsed = read_camt(text.encode(), "x.xml")
    assert parsed.lines[0].description == "Tabbed"
    assert parsed.account == "DE44500105175407324931"


@pytest.mark.parametrize(
    ("booked", "expected"),
    [
        ("<Dt>2017-04-01+02:00</Dt>", date(2017, 4, 1)),
        ("<DtTm>2017-04-01T23:30:00-05:00</DtTm>", date(2017, 4, 1)),
        ("<DtTm>2017-04-01T00:10:00.000+02:00</DtTm>", date(2017, 4, 1)),
        ("<Dt>2017-04-01Z</Dt>", date(2017, 4, 1)),
    ],
)
def test_booking_dates_with_times_and_zones(booked: str, expected: date) -> None:
    assert read_camt(camt(entry(booked=booked)).encode(), "x.xml").lines[0].date == expected


def test_transaction_details_feed_reference_description_and_counterparty() -> None:
    details = tx(
        e2e="E2E-1", ustrd="Invoice 2024-17", creditor_ref="RF18539007547034", creditor="ACME GmbH"
    )
    text = camt(entry("250.00", "DBIT", details=f"<NtryDtls>{details}</NtryDtls>"))
    line = read_camt(text.encode(), "x.xml").lines[0]
    assert line.amount == Decimal("-250.00")
    assert line.reference == "RF18539007547034; E2E-1; SVC-250.00"
    assert line.description == "Invoice 2024-17"
    assert line.counterparty == "ACME GmbH"
    assert line.value_date == date(2024, 3, 6)


def test_credit_counterparty_is_the_debtor_and_notprovided_is_dropped() -> None:
    details = tx(e2e="NOTPROVIDED", debtor="Jane Payer", creditor="Us Ltd")
    line = read_camt(
        camt(entry(details=f"<NtryDtls>{details}</NtryDtls>")).encode(), "x.xml"
    ).lines[0]
    assert (line.counterparty, line.reference) == ("Jane Payer", "SVC-100.00")


def test_additional_entry_information_is_the_fallback_description() -> None:
    text = camt(entry(extra="<AddtlNtryInf>Card payment\nSHOP 12</AddtlNtryInf>\n"))
    assert read_camt(text.encode(), "x.xml").lines[0].description == "Card payment SHOP 12"


def test_batch_entry_is_one_line_with_every_sub_reference() -> None:
    batch = "<Btch><NbOfTxs>3</NbOfTxs></Btch>" + "".join(
        tx(e2e=f"E2E-{n}", ustrd=f"Salary {n}", creditor=f"Employee {n}") for n in (1, 2, 3)
    )
    text = camt(entry("3000.00", "DBIT", details=f"<NtryDtls>{batch}</NtryDtls>"))
    parsed = read_camt(text.encode(), "x.xml")
    assert len(parsed.lines) == 1
    line = parsed.lines[0]
    assert line.amount == Decimal("-3000.00")
    assert line.reference == "E2E-1; E2E-2; E2E-3; SVC-3000.00"
    assert line.description == "batch of 3 transactions: Salary 1 / Salary 2 / Salary 3"
    assert line.counterparty == "Employee 1, Employee 2, Employee 3"


def test_remittance_pieces_of_one_transaction_are_one_text() -> None:
    details = "<TxDtls><RmtInf><Ustrd>Invoice 17 of</Ustrd><Ustrd>1 March</Ustrd></RmtInf></TxDtls>"
    text = camt(entry(details=f"<NtryDtls>{details}</NtryDtls>", extra="<RvslInd>1</RvslInd>"))
    assert (
        read_camt(text.encode(), "x.xml").lines[0].description == "reversal: Invoice 17 of 1 March"
    )


def test_batch_without_texts_is_still_named() -> None:
    text = camt(entry(details="<NtryDtls><Btch><NbOfTxs>12</NbOfTxs></Btch></NtryDtls>"))
    assert read_camt(text.encode(), "x.xml").lines[0].description == "batch of 12 transactions"


def test_opening_previous_closing_and_closing_balances() -> None:
    balances = balance("PRCD", "1000.00") + balance("CLBD", "850.00")
    parsed = read_camt(camt(entry("150.00", "DBIT"), balances=balances).encode(), "x.xml")
    assert (parsed.opening_balance, parsed.closing_balance) == (
        Decimal("1000.00"),
        Decimal("850.00"),
    )
    assert parsed.warnings == ()


def test_debit_balance_and_a_gap_in_the_movements_are_reported() -> None:
    balances = balance("OPBD", "100.00", "DBIT") + balance("CLBD", "50.00")
    text = camt(entry("100.00"), balances=balances)
    parsed = read_camt(text.encode(), "x.xml")
    assert parsed.opening_balance == Decimal("-100.00")
    assert [(w.row, w.message) for w in parsed.warnings] == [
        (
            row_of(text, "<Bal>", 2),
            (
                "balances do not add up: opening -100.00 + movements 100.00 = 0.00, but the "
                "closing balance is 50.00 (difference 50.00); lines may be missing"
            ),
        )
    ]


@pytest.mark.parametrize(
    ("code", "meaning"),
    [("DUPL", "a duplicate"), ("COPY", "a copy"), ("CODU", "a copy of a duplicate")],
)
def test_copy_or_duplicate_statement_is_noted(code: str, meaning: str) -> None:
    text = camt(entry(), header=f"<CpyDplctInd>{code}</CpyDplctInd>\n")
    warning = read_camt(text.encode(), "x.xml").warnings[0]
    assert (warning.row, warning.column) == (row_of(text, "<CpyDplctInd>"), "CpyDplctInd")
    assert warning.message == f"S-1 is {meaning} ({code}): it may repeat lines already imported"


def test_pending_entries_are_skipped_with_a_warning() -> None:
    text = camt(entry("1.00", status="<Sts>PDNG</Sts>") + entry("2.00"))
    parsed = read_camt(text.encode(), "x.xml")
    assert [line.amount for line in parsed.lines] == [Decimal("2.00")]
    assert parsed.warnings[0].row == row_of(text, "<Ntry>")
    assert "pending (PDNG)" in parsed.warnings[0].message


def test_unreadable_entry_is_a_row_warning() -> None:
    text = camt(entry("12,50") + entry("7.00", mark="XXXX") + entry("3.00"))
    parsed = read_camt(text.encode(), "x.xml")
    assert [line.amount for line in parsed.lines] == [Decimal("3.00")]
    assert [w.row for w in parsed.warnings if "skipped" in w.message] == [
        row_of(text, "<Ntry>", n) for n in (1, 2)
    ]


def test_one_line_document_numbers_rows_by_entry() -> None:
    text = camt(entry("1.00") + entry("2.00"), declaration="").replace("\n", "")
    parsed = read_camt(text.encode(), "x.xml")
    assert [line.row for line in parsed.lines] == [1, 2]
    assert "one line (line 1)" in parsed.warnings[0].message


def test_latin1_bytes_under_a_utf8_declaration_are_read_with_a_note() -> None:
    text = camt(entry(details=f"<NtryDtls>{tx(ustrd='Müller Straße')}</NtryDtls>"))
    parsed = read_camt(text.encode("latin-1"), "x.xml")
    assert parsed.lines[0].description == "Müller Straße"
    assert "not in the encoding it declares" in parsed.warnings[0].message


@pytest.mark.parametrize("declared", ["punycode", "shift_jis", "utf-7", "base64", "no-such-codec"])
def test_an_unusable_declared_encoding_falls_back_with_a_note(declared: str) -> None:
    text = camt(
        entry(extra="<AddtlNtryInf>Müller</AddtlNtryInf>"),
        declaration=f'<?xml version="1.0" encoding="{declared}"?>\n',
    )
    parsed = read_camt(text.encode("cp1252"), "x.xml")
    assert [line.description for line in parsed.lines] == ["Müller"]
    assert "not in the encoding it declares" in parsed.warnings[0].message


def test_an_eight_bit_declared_encoding_is_honoured() -> None:
    text = camt(
        entry(extra="<AddtlNtryInf>Ökonom €</AddtlNtryInf>"),
        declaration='<?xml version="1.0" encoding="ISO-8859-15"?>\n',
    )
    parsed = read_camt(text.encode("iso-8859-15"), "x.xml")
    assert (parsed.lines[0].description, parsed.warnings) == ("Ökonom €", ())


def test_utf16_document() -> None:
    text = camt(entry(), declaration='<?xml version="1.0" encoding="UTF-16"?>\n')
    assert [line.amount for line in read_camt(text.encode("utf-16"), "x.xml").lines] == [
        Decimal("100.00")
    ]


XXE = """<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Ntry><Amt Ccy="EUR">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><AddtlNtryInf>&secret;</AddtlNtryInf></Ntry>
</Stmt></BkToCstmrStmt></Document>"""

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n<Document><BkToCstmrStmt><Stmt><Id>&lol9;</Id></Stmt></BkToCstmrStmt></Document>\n"
)

EXTERNAL_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE Document SYSTEM "http://attacker.invalid/x.dtd">\n<Document/>'
)


@pytest.mark.parametrize(
    "data",
    [XXE.encode(), BILLION_LAUGHS.encode(), EXTERNAL_DTD.encode(), XXE.encode("utf-16")],
    ids=["xxe", "billion-laughs", "external-dtd", "xxe-utf16"],
)
def test_document_type_declarations_are_refused(data: bytes) -> None:
    with pytest.raises(
        StatementImportError, match=r"^evil\.xml: refused: the XML has a document type declaration"
    ):
        read_camt(data, "evil.xml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<Document><BkToCstmrStmt><Stmt></BkToCstmrStmt>", "not well-formed XML at line 1"),
        ("\n\n<Document>\n<Oops>", "not well-formed XML at line 4"),
        (
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>',
            "a pain.001 payment order",
        ),
        (
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn/></Document>',
            "camt.054",
        ),
        (
            "<html><body>Login</body></html>",
            "not a CAMT.053 or CAMT.052 statement: the XML's root is <html>",
        ),
        (
            camt("").replace("<Stmt>", "<Other>").replace("</Stmt>", "</Other>"),
            "holds no <Stmt> statement",
        ),
    ],
)
def test_files_that_are_not_camt_statements(text: str, message: str) -> None:
    with pytest.raises(StatementImportError, match=r"^bad\.xml: ") as raised:
        read_camt(text.encode(), "/tmp/bad.xml")
    assert message in str(raised.value)
