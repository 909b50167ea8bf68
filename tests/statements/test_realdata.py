"""Every CSV and spreadsheet of the shared real-data corpus, read with no mapping given.

The expectations come from ../shared/realdata/expected.json (read by hand by whoever built
the corpus); nothing from that folder is copied here because its licences differ. Where an
entry's notes leave a judgement to the importer, the decision is written down below and
asserted exactly, never loosened.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.statements import StatementImportError, import_statement
from tests.conftest import SHARED_REALDATA, needs_realdata, realdata_entries
from tests.statements.card_files import GUESSED_DAY_FIRST

pytestmark = [pytest.mark.realdata, needs_realdata]


# Decisions for entries whose expected.json notes leave the answer to the importer.
DECISIONS: dict[str, dict[str, Any]] = {
    # DATEV EXTF ledger: Belegdatum "0109" has no year. The EXTF record's batch period
    # (Datum vom 20220901 / bis 20220908) contains 1 September in 2022, so 2022-09-01; the
    # fiscal-year start 20250101 is not a booking date. Amount: ledger convention, the sign
    # is from the Konto column's side: S (Soll, debit to Konto) positive, H (Haben, credit
    # to Konto) negative, so "139,80 H" on Konto 1776 is -139.80.
    "csv/ledger-de-datev-extf-buchungsstapel.csv": {
        "date": "2022-09-01",
        "amount": "-139.80",
        "currency": "EUR",
    },
    # hledger's register export: each posting row is a line (11), signed as printed; the
    # commodity '$' is read as USD (reported as a shared symbol in the warnings).
    "csv/ledger-hledger-register-export.csv": {"currency": "USD"},
    # PayPal: the net column is what moved on the balance (gross 49.37, fee -1.78).
    "csv/paypal-statement-es.csv": {"amount": "47.59"},
}


def _expected_currency(text: str) -> str | None:
    """A plainly stated code ('EUR', 'SGD (from preamble row 4)'); None when only implied."""
    if "implied" in text or "not stated" in text:
        return None
    code = text.split()[0]
    return code if len(code) == 3 and code.isalpha() and code.isupper() else None


@pytest.mark.parametrize("entry", realdata_entries(), ids=lambda entry: entry["file"])
def test_file_reads_as_expected_without_a_mapping(entry: dict[str, Any]) -> None:
    result = import_statement(SHARED_REALDATA / entry["file"])
    first = entry["first_transaction"]
    decision = DECISIONS.get(entry["file"], {})

    assert len(result.lines) == entry["transaction_rows"]
    line = result.lines[0]
    assert line.row == first["row_index"] + 1
    assert line.date.isoformat() == decision.get("date", first["date"][:10])
    assert line.amount == Decimal(decision.get("amount", first["amount"].split()[0]))
    expected_currency = decision.get("currency", _expected_currency(first["currency"]))
    if (
        expected_currency is not None
        or "implied" in first["currency"]
        or "not stated" in first["currency"]
    ):
        assert line.currency == expected_currency


@pytest.mark.parametrize("entry", realdata_entries(), ids=lambda entry: entry["file"])
def test_rows_are_in_file_order_and_within_the_data_block(entry: dict[str, Any]) -> None:
    result = import_statement(SHARED_REALDATA / entry["file"])
    rows = [line.row for line in result.lines]
    assert rows == sorted(rows)
    first_index, last_index = entry["data_row_indices"]
    assert rows[0] == first_index + 1
    assert rows[-1] == last_index + 1
    assert result.layout is not None
    expected_header = entry["header_row_index"]
    assert result.layout.header_row == (None if expected_header is None else expected_header + 1)


def _expected_codec(named: str) -> str:
    """The codec a text expected.json names ("UTF-8 (ASCII)", "ISO-8859-1 (cp1252-
    compatible)") is read in: ISO-8859-1 as Windows-1252, which reads its letters alike
    (its 0x80-0x9F are control characters no statement holds). Not a code page guessed
    from its letters (Windows-1250, -1251): every such file is Western European."""
    for prefix, codec in (("UTF-8", "utf-8"), ("ISO-8859-1", "cp1252")):
        if named.startswith(prefix):
            return codec
    raise AssertionError(f"expected.json names an encoding this test does not know: {named}")


@pytest.mark.parametrize(
    "entry",
    [entry for entry in realdata_entries() if entry.get("encoding")],
    ids=lambda entry: entry["file"],
)
def test_text_is_read_in_the_encoding_expected(entry: dict[str, Any]) -> None:
    result = import_statement(SHARED_REALDATA / entry["file"])
    assert result.layout is not None
    assert result.layout.encoding == _expected_codec(entry["encoding"])


def test_implied_currency_comes_from_the_callers_default() -> None:
    path = SHARED_REALDATA / "xlsx/se-handelsbanken.xlsx"
    result = import_statement(path, default_currency="SEK")
    assert {line.currency for line in result.lines} == {"SEK"}


def test_hidden_sheets_are_skipped_and_the_transaction_sheet_chosen() -> None:
    result = import_statement(SHARED_REALDATA / "xlsx/de-targobank.xlsx")
    assert result.layout is not None
    assert result.layout.sheet == "Kto 3230108472"
    sheet_evidence = dict(result.layout.evidence)["sheet"][0]
    assert "hidden sheets skipped: 'hidden_data', 'hidden'" in sheet_evidence


def test_balance_column_gives_opening_and_closing_and_reports_the_break() -> None:
    result = import_statement(SHARED_REALDATA / "xlsx/de-targobank.xlsx")
    assert result.opening_balance == Decimal("-7427.22")
    assert result.closing_balance == Decimal("-8161.72")
    breaks = [warning for warning in result.warnings if "running balance breaks" in warning.message]
    assert [warning.row for warning in breaks] == [7]
    assert breaks[0].column == "Saldo"


def test_ragged_row_is_realigned_and_reported() -> None:
    result = import_statement(SHARED_REALDATA / "csv/de-ing-umsatzanzeige.csv")
    rente = next(line for line in result.lines if line.row == 22)
    assert rente.amount == Decimal("2647.74")
    assert rente.currency == "EUR"
    # The row leaves out its (empty) booking text, not its purpose: the purpose is kept.
    assert rente.description == "97052181157Z00511 RV-RENTE 11.2025"
    assert rente.value_date == dt.date(2025, 11, 28)
    assert [(warning.row, warning.column) for warning in result.warnings] == [(22, "Buchungstext")]


def test_asn_balance_before_the_movement_is_told_from_the_amount() -> None:
    result = import_statement(SHARED_REALDATA / "csv/nl-asn-noheader.csv")
    assert result.layout is not None
    assert result.layout.amount == 10
    assert result.layout.balance == 8
    assert [line.amount for line in result.lines[:3]] == [
        Decimal("223.77"),
        Decimal("-200.00"),
        Decimal("-2.20"),
    ]


def test_spreadsheetml_saved_as_xls_is_detected_by_content() -> None:
    result = import_statement(SHARED_REALDATA / "xlsx/beangulp-example.xls")
    assert result.format == "spreadsheetml"
    assert result.layout is not None
    assert "its name says .xls" in dict(result.layout.evidence)["format"][0]


def test_ambiguous_dates_are_reported_as_such() -> None:
    result = import_statement(SHARED_REALDATA / "csv/monefy-thousands-quoted.csv")
    assert result.layout is not None
    assert result.layout.date_order_ambiguous
    assert "AMBIGUOUS" in dict(result.layout.evidence)["date_order"][0]
    assert [line.amount for line in result.lines][2] == Decimal("1280.8")
    assert [line.amount for line in result.lines][4] == Decimal("4884")


def test_balances_stated_around_the_table_are_decided_by_arithmetic() -> None:
    result = import_statement(SHARED_REALDATA / "csv/de-postbank-umsaetze.csv")
    # "Letzter Kontostand" above the table plus the 56 movements gives the trailer's
    # "Kontostand", so the first is the opening balance and the second the closing one.
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("-468.43"),
        Decimal("-501.53"),
    )


def test_stated_balances_that_do_not_add_up_are_reported() -> None:
    result = import_statement(SHARED_REALDATA / "csv/oca-meta-preamble-debit-credit.csv")
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("30000.77"),
        Decimal("31070.11"),
    )
    expected = (
        "the stated balances do not add up: Balance at start of period 30000.77 + movements "
        "1069.32 = 31070.09, but Balance at end of period says 31070.11 (a line may be missing "
        "or misread)"
    )
    guess, *rest = (warning.message for warning in result.warnings)
    # 01/04/20 and 02/04/20: day- or month-first, a guess
    assert guess.startswith(GUESSED_DAY_FIRST + "day-first is the most common order")
    assert rest == [expected]


def test_bank_formats_are_dispatched_and_take_the_default_currency() -> None:
    result = import_statement(SHARED_REALDATA / "qif/de-targobank.qif", default_currency="EUR")
    assert result.layout is None
    assert result.format == "qif"
    assert {line.currency for line in result.lines} == {"EUR"}


def test_csv_and_mt940_of_one_account_agree_on_its_balances() -> None:
    csv_import = import_statement(SHARED_REALDATA / "csv/de-vr-teilhaberbank.csv")
    mt940_import = import_statement(SHARED_REALDATA / "mt940/de-vr-teilhaberbank.mta")
    assert mt940_import.format == "mt940"
    assert (csv_import.opening_balance, csv_import.closing_balance) == (
        mt940_import.opening_balance,
        mt940_import.closing_balance,
    )


def test_a_cut_off_legacy_workbook_is_a_clear_message(tmp_path: Any) -> None:
    # Cut at this byte, the workbook makes calamine's Rust code panic, which reaches Python
    # as a BaseException that no ordinary handler catches.
    source = SHARED_REALDATA / "xlsx" / "it-fineco-cards.xls"
    path = tmp_path / "cut.xls"
    path.write_bytes(source.read_bytes()[:5921])
    with pytest.raises(StatementImportError) as raised:
        import_statement(path)
    assert str(raised.value) == (
        "cut.xls: cannot be imported: it is a damaged xls workbook (cut off or corrupt)"
    )
