"""The same VR-Teilhaberbank account exported as CSV and as MT940 must tell the same story.

The CSV is read here with the standard library's csv module, column by column as a person
would read it (the tabular importer is tested elsewhere), and compared with what the
MT940 reader makes of the other export.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import pytest

from desktop_app.statements.formats import read_bank_statement

pytestmark = pytest.mark.realdata


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _german_date(text: str) -> date:
    return datetime.strptime(text, "%d.%m.%Y").date()


def _german_amount(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def test_csv_and_mt940_exports_agree(realdata: Callable[[str], bytes]) -> None:
    rows = _csv_rows(realdata("csv/de-vr-teilhaberbank.csv"))
    statement = read_bank_statement(
        realdata("mt940/de-vr-teilhaberbank.mta"), "de-vr-teilhaberbank.mta"
    )

    from_csv = Counter(
        (
            _german_date(r["Buchungstag"]),
            _german_date(r["Valutadatum"]),
            _german_amount(r["Betrag"]),
        )
        for r in rows
    )
    from_mt940 = Counter((line.date, line.value_date, line.amount) for line in statement.lines)
    assert from_mt940 == from_csv
    assert len(rows) == 5

    # The CSV lists the newest booking first; its saldo after it is the closing balance,
    # and the balance before its oldest booking is the opening balance.
    newest, oldest = rows[0], rows[-1]
    assert (
        statement.closing_balance
        == _german_amount(newest["Saldo nach Buchung"])
        == Decimal("14846.94")
    )
    opening = _german_amount(oldest["Saldo nach Buchung"]) - _german_amount(oldest["Betrag"])
    assert statement.opening_balance == opening == Decimal("15188.85")
    assert {line.currency for line in statement.lines} == {r["Waehrung"] for r in rows} == {"EUR"}


def test_mandate_references_and_texts_agree(realdata: Callable[[str], bytes]) -> None:
    rows = _csv_rows(realdata("csv/de-vr-teilhaberbank.csv"))
    statement = read_bank_statement(
        realdata("mt940/de-vr-teilhaberbank.mta"), "de-vr-teilhaberbank.mta"
    )
    by_amount = {line.amount: line for line in statement.lines}

    for row in rows:
        line = by_amount[_german_amount(row["Betrag"])]
        if row["Mandatsreferenz"]:
            assert row["Mandatsreferenz"] in line.reference.split("; ")
    assert by_amount[Decimal("175.00")].counterparty == "Max Mustermann"
    assert by_amount[Decimal("175.00")].description == "Rate"
    assert by_amount[Decimal("-6.00")].description == "Abschluss per 30.11.2025"
    # The CSV shortens the creditor's name; the MT940 carries it whole.
    assert by_amount[Decimal("-17.90")].counterparty.startswith("PayPal Europe")
