"""Exact amounts, an empty month, formats per currency, and a report too big for Excel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import Discrepancy, DiscrepancyType, Reconciliation, StatementLine
from desktop_app.export import ReportContext, ReportWriteError, table, write_report
from desktop_app.export.cells import plain_decimal
from desktop_app.export.styles import currency_format
from tests.export.readback import read_report
from tests.export.scenario import GENERATED_AT

CONTEXT = ReportContext(generated_at=GENERATED_AT)
AMOUNTS = ["72502.07", "0.10", "1.005", "-0.01", "123456789012.34", "0.07", "1E+3", "-0.00"]


def _unmatched(amounts: list[str], currency: str = "GBP") -> Reconciliation:
    lines = tuple(
        StatementLine("bank.csv", row, date(2024, 3, 1), Decimal(text), currency)
        for row, text in enumerate(amounts, start=2)
    )
    found = tuple(
        Discrepancy(DiscrepancyType.UNMATCHED_PAYMENT, "no invoice", None, (line,))
        for line in lines
    )
    return Reconciliation((), lines, (), found)


def test_amounts_are_stored_as_their_exact_decimal_text(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    write_report(_unmatched(AMOUNTS), out, context=CONTEXT)
    report = read_report(out)
    records = report.records("Statement lines")
    calamine = report.calamine_rows("Statement lines")[1:]
    for record, calamine_row, text in zip(records, calamine, AMOUNTS, strict=True):
        cell = record["Amount"]
        raw = report.raw_cell("Statement lines", cell.coordinate)
        assert f"<v>{plain_decimal(Decimal(text))}</v>" in raw  # not 72502.07000000001
        assert 't="n"' in raw
        # Both readers get the double nearest to the decimal: exact to the cent and beyond.
        assert cell.value == float(Decimal(text))
        assert calamine_row[5] == float(Decimal(text))
        assert Decimal(repr(float(cell.value))) == Decimal(text)


@pytest.mark.parametrize(
    ("amount", "text"),
    [("72502.07", "72502.07"), ("-0.00", "0.00"), ("1E+3", "1000"), ("1.50", "1.50"), ("-5", "-5")],
)
def test_plain_decimal(amount: str, text: str) -> None:
    assert plain_decimal(Decimal(amount)) == text


@pytest.mark.parametrize(
    ("currency", "number_format"),
    [
        ("GBP", '"£"#,##0.00'),
        ("EUR", '"€"#,##0.00'),
        ("USD", '"$"#,##0.00'),
        ("JPY", '"¥"#,##0'),
        ("KWD", '#,##0.000 "KWD"'),
        ("PLN", '#,##0.00 "PLN"'),
        (None, "#,##0.00"),
        ("XYZ", "#,##0.00"),
    ],
)
def test_currency_formats(currency: str | None, number_format: str) -> None:
    assert currency_format(currency) == number_format


def test_an_empty_month_still_gives_every_sheet_with_headers(tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    write_report(Reconciliation((), (), (), ()), out, context=CONTEXT)
    report = read_report(out)
    assert report.book.sheetnames == [
        "Summary", "Discrepancies", "Matches", "Invoices", "Statement lines",
    ]  # fmt: skip
    discrepancies = report.sheet("Discrepancies")
    assert discrepancies.max_row == 1
    assert discrepancies.auto_filter.ref == "A1:AB1"
    assert not list(discrepancies.conditional_formatting)
    coverage = next(
        r for r in report.sheet("Summary").iter_rows() if r[0].value == "Invoices reconciled"
    )
    # Nothing expected a payment: not "100 %, 0 of 0".
    assert (coverage[1].value, coverage[2].value) == (
        "none",
        "no invoice in this report expects a payment",
    )


def test_a_sheet_too_long_for_excel_is_refused_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table, "EXCEL_MAX_ROWS", 4)
    out = tmp_path / "big.xlsx"
    with pytest.raises(ReportWriteError, match="Discrepancies sheet would need 5 rows") as caught:
        write_report(_unmatched(["1", "2", "3", "4", "5"]), out, context=CONTEXT)
    assert caught.value.path == out
    assert list(tmp_path.iterdir()) == []
