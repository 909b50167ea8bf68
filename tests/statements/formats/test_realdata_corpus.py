"""Every OFX, CAMT, MT940, QIF and IIF file of the shared real corpus, read as a person
reading the file by hand would: count, first transaction (row, date, signed amount,
currency) and balances. Nothing from the corpus is copied here; only these hand-read
values are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from desktop_app.statements.formats import read_bank_statement, sniff_bank_format
from tests.conftest import SHARED_REALDATA

pytestmark = pytest.mark.realdata


@dataclass(frozen=True)
class Expected:
    path: str
    fmt: str
    count: int
    first_row: int
    first_date: date
    first_amount: str
    currency: str | None
    closing: str | None
    opening: str | None = None
    account: str | None = None


CORPUS = [
    Expected(
        "ofx/br-nubank-creditcard.ofx",
        "ofx",
        6,
        40,
        date(2024, 3, 23),
        "-13.00",
        "BRL",
        "-1280.91",
        None,
        "11111111-UUID-UUID-UUID-111111111111",
    ),
    Expected("ofx/fr-empty-statement.ofx", "ofx", 0, 0, date.min, "0", "EUR", None),
    Expected(
        "ofx/latin1-accented-payee.ofx",
        "ofx",
        1,
        46,
        date(2014, 9, 20),
        "-58.73",
        "USD",
        "100.99",
        None,
        "1452687~7",
    ),
    Expected(
        "ofx/n26-ofxstatement-commented-header.ofx",
        "ofx",
        1,
        41,
        date(2025, 5, 3),
        "-1.50",
        "EUR",
        None,
        None,
        "acctid",
    ),
    Expected(
        "ofx/ofx2-xml-decimal-comma.ofx",
        "ofx",
        2,
        38,
        date(2005, 10, 4),
        "-200.00",
        "USD",
        "200.29",
        None,
        "999988",
    ),
    # The whole body is on line 11: rows become transaction numbers (see the test below).
    Expected(
        "ofx/us-amex-creditcard-singleline.ofx",
        "ofx",
        27,
        1,
        date(2013, 11, 21),
        "-29",
        "USD",
        "-2093.01",
        None,
        "379700001111222",
    ),
    Expected(
        "ofx/us-capitalone-360-ofx2.qfx",
        "ofx",
        4,
        36,
        date(2023, 2, 28),
        "0.01",
        "USD",
        "4321.98",
        None,
        "9876",
    ),
    Expected(
        "camt/ch-camt053-v08-redacted.xml",
        "camt.053",
        1,
        99,
        date(2023, 1, 25),
        "1284.30",
        "CHF",
        "2116.31",
        "832.01",
        "0035-2915203-10-000",
    ),
    Expected(
        "camt/ch-postfinance-camt053-v02.xml",
        "camt.053",
        5,
        49,
        date(2016, 4, 23),
        "10000.00",
        "XXX",
        "10000.00",
        "0.00",
        "CH2609000000924238861",
    ),
    Expected(
        "camt/ch-raiffeisen-camt053-v04.xml",
        "camt.053",
        16,
        54,
        date(2017, 4, 1),
        "-905.3",
        "CHF",
        "5753.46",
        "9433.31",
        "CHxxxxxxxxxxxxxxxxxxx",
    ),
    Expected(
        "camt/de-sparkasse-camt052-v02.xml",
        "camt.052",
        5,
        56,
        date(2021, 2, 5),
        "-30.00",
        "EUR",
        "16.95",
        "268.35",
        "DE00000000000000000000",
    ),
    Expected(
        "camt/oca-test-camt053.xml",
        "camt.053",
        3,
        50,
        date(2014, 1, 5),
        "-754.25",
        "EUR",
        "15121.12",
        "15568.27",
        "NL77ABNA0574908765",
    ),
    # Booked 1 March (entry date 0301); the value date 30 February is moved to the 29th.
    Expected(
        "mt940/de-february-30.sta",
        "mt940",
        1,
        6,
        date(2016, 3, 1),
        "-6.00",
        "EUR",
        "1194.00",
        "1200.00",
        "12345678/1020304050",
    ),
    # Two accounts in one file: no file-wide account or balances.
    Expected(
        "mt940/de-sepa-snippet-betterplace.sta",
        "mt940",
        11,
        5,
        date(2007, 9, 4),
        "50990.05",
        "EUR",
        None,
    ),
    Expected(
        "mt940/de-vr-teilhaberbank.mta",
        "mt940",
        5,
        5,
        date(2025, 11, 27),
        "-17.90",
        "EUR",
        "14846.94",
        "15188.85",
        "76069559/0003267288",
    ),
    Expected(
        "mt940/hu-sberbank.sta",
        "mt940",
        3,
        12,
        date(2017, 10, 11),
        "-2402.00",
        "HUF",
        "617874.30",
        "627311.30",
        "1966315302010001",
    ),
    Expected(
        "mt940/nl-abnamro-jejik.sta",
        "mt940",
        10,
        8,
        date(2011, 5, 24),
        "-9",
        "EUR",
        "1849.75",
        "3236.28",
        "517852257",
    ),
    Expected(
        "mt940/nl-rabobank-old-jejik.sta", "mt940", 5, 6, date(2011, 5, 27), "-1213.28", "EUR", None
    ),
    Expected(
        "mt940/pl-mbank.sta",
        "mt940",
        3,
        6,
        date(2017, 1, 19),
        "0.01",
        "PLN",
        "0.43",
        "0.40",
        "PL29114010810000267002001002",
    ),
    Expected("qif/de-targobank.qif", "qif", 10, 2, date(2025, 11, 3), "-5.00", None, None),
    Expected(
        "iif/quickbooks-invoice-sales-tax.iif",
        "iif",
        1,
        4,
        date(1998, 7, 16),
        "873.44",
        None,
        None,
        None,
        "Accounts Receivable",
    ),
]


@pytest.mark.parametrize("expected", CORPUS, ids=lambda item: item.path)
def test_real_file_reads_as_read_by_hand(
    expected: Expected, realdata: Callable[[str], bytes]
) -> None:
    data = realdata(expected.path)
    parsed = read_bank_statement(data, f"/somewhere/{expected.path}")

    assert sniff_bank_format(data) == expected.fmt
    assert parsed.format == expected.fmt
    assert parsed.source_file == expected.path.rsplit("/", 1)[1]
    assert len(parsed.lines) == expected.count
    assert parsed.currency == expected.currency
    assert parsed.account == expected.account
    assert parsed.closing_balance == _decimal(expected.closing)
    assert parsed.opening_balance == _decimal(expected.opening)
    if expected.count:
        first = parsed.lines[0]
        assert (first.row, first.date, first.amount, first.currency) == (
            expected.first_row,
            expected.first_date,
            Decimal(expected.first_amount),
            expected.currency,
        )
        assert all(line.source_file == parsed.source_file for line in parsed.lines)
        assert len({line.row for line in parsed.lines}) == len(parsed.lines), "rows identify lines"


def test_every_bank_format_file_of_the_corpus_is_covered(realdata: Callable[[str], bytes]) -> None:
    on_disk = {
        f"{folder}/{path.name}"
        for folder in ("ofx", "camt", "mt940", "qif", "iif")
        for path in (SHARED_REALDATA / folder).iterdir()
    }
    assert on_disk == {item.path for item in CORPUS}


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None
