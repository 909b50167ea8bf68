"""Property tests: the MT940 amount and date parsers, the lenient parsers shared by the
readers, and the dispatch. Whatever the bytes, a reader returns a statement or raises
StatementImportError, never anything else."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.statements.formats import (
    read_bank_statement,
    read_camt,
    read_iif,
    read_mt940,
    read_ofx,
    read_qif,
)
from desktop_app.statements.formats._common import parse_amount
from desktop_app.statements.formats._numeric_dates import DateOrder, parse_numeric_date
from desktop_app.statements.formats.mt940_details import read_details
from desktop_app.statements.formats.mt940_fields import (
    entry_date_near,
    parse_statement_entry,
    parse_swift_amount,
    parse_yymmdd,
)
from desktop_app.statements.model import ParsedStatement, StatementImportError

FUZZ = settings(max_examples=300, deadline=None)


@FUZZ
@given(st.integers(0, 10**13), st.integers(0, 99))
def test_swift_amount_round_trip(whole: int, cents: int) -> None:
    assert parse_swift_amount(f"{whole:015d},{cents:02d}") == Decimal(whole) + Decimal(cents) / 100
    assert parse_swift_amount(f"{whole},") == Decimal(whole)


@FUZZ
@given(st.text(max_size=30))
def test_swift_amount_never_fails_otherwise(text: str) -> None:
    try:
        value = parse_swift_amount(text)
    except ValueError:
        return
    assert value.is_finite()
    assert value >= 0


@FUZZ
@given(st.dates(min_value=date(1980, 1, 1), max_value=date(2079, 12, 31)))
def test_yymmdd_round_trip(day: date) -> None:
    assert parse_yymmdd(day.strftime("%y%m%d")) == (day, False)


@FUZZ
@given(st.from_regex(r"\d{6}", fullmatch=True))
def test_yymmdd_any_digits_give_a_date_or_a_clear_error(text: str) -> None:
    try:
        result, adjusted = parse_yymmdd(text)
    except ValueError:
        assert not text.isascii() or not 1 <= int(text[2:4]) <= 12 or not 1 <= int(text[4:]) <= 31
        return
    assert result.strftime("%y%m") == text[:4]
    assert adjusted == (result.day != int(text[4:]))


@FUZZ
@given(
    st.dates(min_value=date(1981, 1, 1), max_value=date(2078, 12, 31)),
    st.integers(-170, 170),
)
def test_entry_date_takes_the_year_nearest_the_value_date(anchor: date, offset: int) -> None:
    booked = anchor + timedelta(days=offset)
    assert entry_date_near(booked.strftime("%m%d"), anchor) == (booked, False)


@FUZZ
@given(st.text(max_size=80))
def test_statement_line_parser_only_raises_value_error(text: str) -> None:
    try:
        entry = parse_statement_entry(text, [])
    except ValueError:
        return
    assert entry.amount.is_finite()


@FUZZ
@given(st.text(max_size=40), st.booleans())
def test_lenient_amount_parser_only_raises_value_error(text: str, comma_is_decimal: bool) -> None:
    try:
        value = parse_amount(text, comma_is_decimal=comma_is_decimal)
    except ValueError:
        return
    assert value.is_finite()


@FUZZ
@given(st.text(max_size=20), st.booleans())
def test_numeric_date_parser_only_raises_value_error(text: str, day_first: bool) -> None:
    try:
        parse_numeric_date(text, DateOrder(day_first))
    except ValueError:
        return


@FUZZ
@given(
    st.lists(
        st.lists(
            st.text(alphabet="?0123456789+ EREFSVWZKM:abc>\n/TRPNAIC", max_size=40), max_size=4
        ),
        max_size=3,
    )
)
def test_details_parser_never_fails(fields: list[list[str]]) -> None:
    details = read_details(fields)
    assert all(reference for reference in details.references)


FRAGMENTS = [
    "OFXHEADER:100\n", "CHARSET:1252\n", "<OFX>", "<STMTRS>", "</STMTRS>", "<CCSTMTRS>", "<CURDEF>EUR",
    "<CURDEF>", "<ACCTID>", "<BANKTRANLIST>", "<STMTTRN>", "</STMTTRN>", "<DTPOSTED>20240230",
    "<DTPOSTED>2024", "<TRNAMT>-1,5", "<TRNAMT>", "<NAME>&amp;&#0;&#xD800;", "<LEDGERBAL><BALAMT>x",
    "<!--", "-->", "<?xml version='1.0'?>", "<?xml version='1.0' encoding='punycode'?>",
    "<?xml version='1.0' encoding='shift_jis'?>", "<?xml version='1.0' encoding='utf-16'?>", "<Document>", "</Document>", "<BkToCstmrStmt>",
    "<BkToCstmrAcctRpt>", "<Stmt>", "</Stmt>", "<Rpt>", "<Ntry>", "</Ntry>", '<Amt Ccy="EUR">',
    '<Amt Ccy="E">', "</Amt>", "<CdtDbtInd>DBIT</CdtDbtInd>", "<BookgDt><Dt>2024-02-30</Dt></BookgDt>",
    "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>", "</Bal>", "<!DOCTYPE x>",
    ":20:X\n", ":25:1\n", ":28C:1\n", ":60F:C240101EUR1,\n", ":60F:", ":61:", ":61:2402300230D1,NTRF\n",
    ":61:241305D1,NTRF//\n", ":86:166?20SVWZ+x?32y\n", ":86:?", ":NS:", ":62F:D240101EUR9,9\n", "-\n",
    ":86:/TRTP/", "/NAME/", "/REMI/USTD//", "/CNTP/a/b", "/EREF/",
    "\x01", "\r\n", "\r", "\n", "!Type:Bank\n", "D01/02/03\n", "D31.02.24\n", "T5\n", "T1,234\n", "^\n",
    "!TRNS\tDATE\tAMOUNT\n", "TRNS\t1/2/3\t4\n", "TRNS\t0/0/0\t\n", "ENDTRNS\n", "\u00e9", "\ufeff",
]  # fmt: skip

flavoured = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map(
    lambda parts: "".join(parts)
)
bank_bytes = st.one_of(
    st.binary(max_size=600),
    flavoured.map(lambda text: text.encode("utf-8")),
    flavoured.map(lambda text: text.encode("utf-16")),
    flavoured.map(lambda text: text.encode("cp1252", errors="replace")),
)


def _check(parsed: ParsedStatement) -> None:
    rows = [line.row for line in parsed.lines]
    assert len(set(rows)) == len(rows)
    assert all(
        isinstance(line.amount, Decimal) and line.amount.is_finite() for line in parsed.lines
    )


@FUZZ
@given(bank_bytes)
def test_dispatch_raises_only_statement_import_errors(data: bytes) -> None:
    try:
        parsed = read_bank_statement(data, "fuzz.bin")
    except StatementImportError as error:
        message = str(error)
    else:
        _check(parsed)
        return
    assert message.startswith("fuzz.bin: ")


@pytest.mark.parametrize("reader", [read_ofx, read_camt, read_mt940, read_qif, read_iif])
@settings(max_examples=150, deadline=None)
@given(data=bank_bytes)
def test_each_reader_raises_only_statement_import_errors(reader: object, data: bytes) -> None:
    assert callable(reader)
    try:
        parsed = reader(data, "fuzz.bin")
    except StatementImportError:
        return
    _check(parsed)
