"""What the real files say beyond counts: texts, references, names and the warnings an
accountant must see (balances that do not add up, duplicates, invalid dates)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from desktop_app.statements.formats import read_bank_statement
from desktop_app.statements.model import ParsedStatement

pytestmark = pytest.mark.realdata

Read = Callable[[str], bytes]


def _read(realdata: Read, path: str) -> ParsedStatement:
    return read_bank_statement(realdata(path), path)


def _messages(parsed: ParsedStatement) -> list[tuple[int | None, str]]:
    return [(warning.row, warning.message) for warning in parsed.warnings]


# --- OFX ---------------------------------------------------------------------------------


def test_nubank_keeps_the_local_date_despite_the_time_zone(realdata: Read) -> None:
    parsed = _read(realdata, "ofx/br-nubank-creditcard.ofx")
    assert [line.date for line in parsed.lines] == [date(2024, 3, 23)] * 3 + [date(2024, 3, 22)] * 3
    assert sum(line.amount for line in parsed.lines) == Decimal("-1280.91")
    assert parsed.lines[0].reference == "11111111-UUID-4747-8883-111111111111"
    assert parsed.lines[0].description == "-memo-message-"
    assert (parsed.period_start, parsed.period_end) == (date(2024, 2, 24), date(2024, 3, 26))


def test_empty_french_statement_is_read_with_its_period(realdata: Read) -> None:
    parsed = _read(realdata, "ofx/fr-empty-statement.ofx")
    assert parsed.lines == ()
    assert parsed.warnings == ()
    assert (parsed.period_start, parsed.period_end) == (date(2025, 9, 2), date(2025, 10, 4))


def test_cp1252_payee_is_decoded(realdata: Read) -> None:
    line = _read(realdata, "ofx/latin1-accented-payee.ofx").lines[0]
    assert line.counterparty == "Virement Interac à: Jean"
    assert line.reference == "201409206"


def test_ledger_balance_wins_over_available_balance(realdata: Read) -> None:
    parsed = _read(realdata, "ofx/latin1-accented-payee.ofx")
    assert parsed.closing_balance == Decimal("100.99")  # AVAILBAL is 75.99


def test_commented_header_and_per_transaction_currency(realdata: Read) -> None:
    line = _read(realdata, "ofx/n26-ofxstatement-commented-header.ofx").lines[0]
    assert (line.counterparty, line.reference, line.currency) == ("name", "fitid; refnum", "EUR")


def test_ofx2_decimal_comma_amounts_and_check_number(realdata: Read) -> None:
    parsed = _read(realdata, "ofx/ofx2-xml-decimal-comma.ofx")
    assert [line.amount for line in parsed.lines] == [Decimal("-200.00"), Decimal("-300.00")]
    assert parsed.lines[0].reference == "00002; 1000"


def test_single_line_amex_file_numbers_rows_by_transaction(realdata: Read) -> None:
    parsed = _read(realdata, "ofx/us-amex-creditcard-singleline.ofx")
    assert [line.row for line in parsed.lines] == list(range(1, 28))
    assert any("one line (line 11)" in message for _, message in _messages(parsed))
    first = parsed.lines[0]
    assert first.counterparty == "JEFFREY'S 0252 NEW YORK"
    assert first.description == "0000000681 646-429-8383"
    assert first.reference == "320133250213757584"
    assert parsed.lines[13].counterparty == "BARNES & NOBLE 2675 NEW YORK"
    assert (parsed.lines[19].row, parsed.lines[19].amount) == (20, Decimal("-102.1"))


def test_capital_one_without_xml_declaration(realdata: Read) -> None:
    parsed = _read(realdata, "ofx/us-capitalone-360-ofx2.qfx")
    assert [line.amount for line in parsed.lines] == [
        Decimal(v) for v in ("0.01", "888.99", "-100", "444.55")
    ]
    assert parsed.lines[2].description == "Withdrawal from AMERICAN EXPRESS ACH PMT"
    assert parsed.warnings == ()


# --- CAMT --------------------------------------------------------------------------------


def test_camt_v08_entry_details(realdata: Read) -> None:
    parsed = _read(realdata, "camt/ch-camt053-v08-redacted.xml")
    line = parsed.lines[0]
    assert (line.description, line.counterparty) == ("PAYMENT INFO", "PAYEE")
    assert line.reference == "9502830971; 8082230156M02SJ62/1010"
    assert line.value_date == date(2023, 1, 25)
    assert parsed.warnings == ()  # 832.01 + 1284.30 = 2116.31


def test_postfinance_duplicate_and_inconsistent_balances_are_reported(realdata: Read) -> None:
    parsed = _read(realdata, "camt/ch-postfinance-camt053-v02.xml")
    messages = _messages(parsed)
    assert [row for row, _ in messages] == [16, 37]
    assert "duplicate (DUPL)" in messages[0][1]
    assert "difference -3010.00" in messages[1][1]
    assert parsed.lines[0].description == "Account Transfer"  # AddtlNtryInf as fallback


def test_raiffeisen_dates_with_time_zone_and_one_decimal_amounts(realdata: Read) -> None:
    parsed = _read(realdata, "camt/ch-raiffeisen-camt053-v04.xml")
    first = parsed.lines[0]
    assert (first.date, first.value_date) == (date(2017, 4, 1), date(2017, 4, 3))
    assert (
        parsed.lines[1].description
        == "Acquisto MIGROS M ARBEDO-CAST 31.03.2017/13:30 / N. carta Maestro xxxxxxxx"
    )
    credit = parsed.lines[12]
    assert (credit.row, credit.amount) == (363, Decimal("368"))
    assert parsed.warnings == ()  # the entries add up to the closing balance


def test_sparkasse_camt052_counterparties_by_direction(realdata: Read) -> None:
    parsed = _read(realdata, "camt/de-sparkasse-camt052-v02.xml")
    assert [line.counterparty for line in parsed.lines] == [
        "SPARKASSE PFORZHEIM CALW",
        "Tankstelle",
        "Something else",
        "John Doe",  # the only credit: the debtor paid us
        "John Doe",
    ]
    assert parsed.lines[1].reference == "12345678"  # NONREF is not a reference
    assert parsed.lines[2].description.startswith("Kunde 5555555 Rechnung 12345")
    assert parsed.warnings == ()


def test_oca_batch_entry_stays_one_line_with_all_references(realdata: Read) -> None:
    parsed = _read(realdata, "camt/oca-test-camt053.xml")
    batch = parsed.lines[1]
    assert (batch.row, batch.amount) == (113, Decimal("-664.05"))
    assert batch.description == "reversal: batch of 2 transactions: Direct Debit S14 0410"
    assert batch.reference == "TESTBANK/NL/20141229/01206408; TESTBANK/NL/20141229/01206407"
    assert batch.counterparty == "Test Customer"
    assert parsed.lines[2].description == "#RD PARTY MEDIA CUSNO 90782 4210773"  # AddtlTxInf
    assert [row for row, _ in _messages(parsed)] == [38]


# --- MT940 -------------------------------------------------------------------------------


def test_february_30_is_kept_with_a_warning_naming_the_row(realdata: Read) -> None:
    parsed = _read(realdata, "mt940/de-february-30.sta")
    line = parsed.lines[0]
    assert (line.date, line.value_date) == (date(2016, 3, 1), date(2016, 2, 29))
    assert line.description == "Pauschalen"
    assert _messages(parsed) == [
        (6, "value date 160230 is not a calendar date; read as 2016-02-29")
    ]


def test_betterplace_structured_details(realdata: Read) -> None:
    parsed = _read(realdata, "mt940/de-sepa-snippet-betterplace.sta")
    first = parsed.lines[0]
    assert first.value_date == date(2007, 9, 7)
    assert first.counterparty == "KARL KAUFMANN"
    assert first.description == "Verw CTSc-01 BC-PPP TFNr 22 004"
    assert first.reference == "EndToEndId TFNR 22 004 00001; 0724710333343453"
    assert parsed.lines[6].amount == Decimal("15000")
    assert parsed.lines[10].amount == Decimal("-3572569.03")
    messages = _messages(parsed)
    assert "2 accounts" in messages[0][1]
    assert messages[1][0] == 55
    assert "difference 300.08" in messages[1][1]
    assert len(messages) == 2  # the first statement adds up, closing 1125250,4 included


def test_vr_teilhaberbank_sepa_fields(realdata: Read) -> None:
    parsed = _read(realdata, "mt940/de-vr-teilhaberbank.mta")
    paypal = parsed.lines[0]
    assert paypal.counterparty == "PayPal Europe S.a.r.l. et Cie S.C.A"
    assert paypal.reference == "1046450041914; 2025112686347345587700000000001754; 5VYJ2258F7ZQG"
    assert paypal.description.startswith(
        "1046450041914/. eBay S.a r.l., Ihr Einkauf bei eBay S.a r.l."
    )
    assert parsed.lines[1].description == "Abschluss per 30.11.2025"
    assert parsed.warnings == ()  # all three statements add up and follow each other


def test_sberbank_non_standard_blocks_give_the_text(realdata: Read) -> None:
    parsed = _read(realdata, "mt940/hu-sberbank.sta")
    assert "ERGO Versicherung AG" in parsed.lines[0].description
    assert parsed.lines[0].reference == "X"
    assert parsed.warnings == ()


def test_abn_amro_headers_multi_line_text_and_reported_gaps(realdata: Read) -> None:
    parsed = _read(realdata, "mt940/nl-abnamro-jejik.sta")
    assert parsed.lines[0].description == (
        "GIRO 428428 KPN - DIGITENNE BETALINGSKENM. 000000042188659 5314606715 "
        "BETREFT FACTUUR D.D. 20-05-2011 INCL. 1,44 BTW"
    )
    assert (parsed.lines[1].date, parsed.lines[1].value_date) == (
        date(2011, 5, 23),
        date(2011, 5, 21),
    )
    assert [row for row, _ in _messages(parsed)] == [8, None, 27, 40, 35]
    # Its first statement closes on 23 May with a line booked on the 24th, which its
    # closing balance cannot hold.
    assert _messages(parsed)[0][1] == (
        "booked 2011-05-24, after the statement's closing balance of 2011-05-23 (row 27): "
        "the entry date may be wrong, or the line belongs to the next statement"
    )
    # Its last statement closes with :62M:: its next page is not in the file.
    assert _messages(parsed)[1][1].startswith(
        "the statement :20:ABN AMRO BANK NV :28C:19322/1 (begun on line 32) closes with an "
        "intermediate balance (:62M:), so it continues on a page (opening with :60M:) the "
        "file does not hold"
    )


def test_old_rabobank_name_after_the_reference_is_the_counterparty(realdata: Read) -> None:
    parsed = _read(realdata, "mt940/nl-rabobank-old-jejik.sta")
    first = parsed.lines[0]
    assert (first.reference, first.counterparty) == ("0121470966", "W.P. Jansen")
    assert (
        first.description
        == "Terugboeking NIET AKKOORD MET AFSCHRIJVING KOSTEN KINDEROPVANG JUNI 20095731"
    )
    assert parsed.lines[2].counterparty == "TOMTE TUMMETOT AMERSFOORT"
    assert any("2 accounts" in message for _, message in _messages(parsed))


def test_mbank_soh_byte_and_funds_code(realdata: Read) -> None:
    parsed = _read(realdata, "mt940/pl-mbank.sta")
    assert [line.row for line in parsed.lines] == [6, 12, 18]
    assert parsed.lines[0].reference == "MB170119012058"
    assert parsed.lines[0].description.startswith("911 TRANSAKCJA COLLECT; ID IPH: XX000000000001;")
    assert parsed.warnings == ()


# --- QIF and IIF -------------------------------------------------------------------------


def test_targobank_qif(realdata: Read) -> None:
    parsed = _read(realdata, "qif/de-targobank.qif")
    assert parsed.lines[0].counterparty.startswith("Echtzeitüberweisung ; CHRISTIAN MUSTERMANN")
    assert (parsed.lines[-1].row, parsed.lines[-1].date, parsed.lines[-1].amount) == (
        39,
        date(2025, 11, 10),
        Decimal("83.16"),
    )


def test_quickbooks_iif_transaction(realdata: Read) -> None:
    line = _read(realdata, "iif/quickbooks-invoice-sales-tax.iif").lines[0]
    assert (line.reference, line.counterparty, line.description) == (
        "3",
        "Invoice with Sales Tax",
        "INVOICE",
    )
    assert len(line.raw) == 5  # TRNS, three SPL rows and ENDTRNS
