"""A currency mismatch in the workbook: its Difference in each currency its rows are in,
and the Summary counting it in each of those currencies, so the Summary's rows are what a
filter on the Discrepancies sheet finds and sums.

The explorer's report had CURRENCY_MISMATCH rows on the Summary with a Count of 0 in EUR
and USD that still carried the €780 and $290 received, while the Discrepancies sheet held
a row in each; and no Difference anywhere, so the £1,479.98 invoiced looked settled."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import Report, cell_values, read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice, line

MONEY = ("Invoice Amount", "Paid Amount", "Difference", "Statement Amount")
SHOWN = ("Invoice Number", "Currency", *MONEY, "Row")


def _report(tmp_path: Path) -> Report:
    invoices = [invoice("EL-2025-00180", "1264.26"), invoice("EL-2025-00177", "215.72")]
    lines = [
        line("600.00", "SIGMA GBP part EL-2025-00180", row=6, day=date(2025, 3, 8)),
        line("780.00", "SIGMA EUR part EL-2025-00180", row=7, day=date(2025, 3, 9), currency="EUR"),
        line("290.00", "UPSILON EL-2025-00177", row=9, day=date(2025, 3, 13), currency="USD"),
    ]
    out = tmp_path / "report.xlsx"
    write_report(reconcile(invoices, lines), out, context=ReportContext(generated_at=GENERATED_AT))
    return read_report(out)


def _number(value: Any) -> Decimal:
    return Decimal(repr(value)) if value is not None else Decimal(0)


def test_each_currency_row_has_its_difference(tmp_path: Path) -> None:
    records = [
        r
        for r in _report(tmp_path).records("Discrepancies")
        if r["Type"].value == "CURRENCY_MISMATCH"
    ]
    assert [tuple(r[n].value for n in SHOWN) for r in records] == [
        # £215.72 invoiced, nothing in pounds: all of it short in pounds; $290.00 came in
        ("EL-2025-00177", "GBP", 215.72, None, -215.72, None, None),
        ("EL-2025-00177", "USD", None, 290.00, 290.00, 290.00, 9),
        # £600.00 of £1,264.26 in pounds, €780.00 in euros
        ("EL-2025-00180", "GBP", 1264.26, 600.00, -664.26, 600.00, 6),
        ("EL-2025-00180", "EUR", None, 780.00, 780.00, 780.00, 7),
    ]


def test_the_summary_counts_and_sums_what_a_filter_finds(tmp_path: Path) -> None:
    report = _report(tmp_path)
    found: defaultdict[tuple[Any, ...], set[int]] = defaultdict(set)
    sums: defaultdict[tuple[Any, ...], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 4)
    for r in report.records("Discrepancies"):
        key = (r["Type"].value, r["Direction"].value, r["Currency"].value)
        found[key].add(r["Discrepancy"].value)
        for position, name in enumerate(MONEY):
            sums[key][position] += _number(r[name].value)
    summary = {
        (kind, direction, currency): (count, [_number(a) for a in amounts])
        for kind, direction, _, count, currency, *amounts in cell_values(
            report.summary_block("Discrepancies by type")[1:], 9
        )
        if kind == "CURRENCY_MISMATCH"
    }
    sheet = {key: (len(found[key]), sums[key]) for key in found if key[0] == "CURRENCY_MISMATCH"}
    assert summary == sheet
    assert summary["CURRENCY_MISMATCH", "receivable", "EUR"] == (
        1,
        [Decimal(0), Decimal("780.00"), Decimal("780.00"), Decimal("780.00")],
    )
    assert summary["CURRENCY_MISMATCH", "receivable", "GBP"][0] == 2
    assert summary["CURRENCY_MISMATCH", "receivable", "GBP"][1][2] == Decimal("-879.98")
    providers = cell_values(report.summary_block("Totals by provider")[1:], 9)
    assert [(p[0], p[1], p[6], p[7]) for p in providers] == [
        ("Elevate", "EUR", 1, 780),
        ("Elevate", "GBP", 2, -879.98),
        ("Elevate", "USD", 1, 290),
    ]
