"""Text from providers and banks stays inert text; odd characters and URLs do not break files."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import Discrepancy, DiscrepancyType, Reconciliation, StatementLine
from desktop_app.export import cells, write_report
from desktop_app.export.cells import MAX_CELL_TEXT, clean_text, looks_executable, safe_url
from tests.export.readback import Report, read_report
from tests.export.scenario import CONTEXT, FORMULA_TEXTS, NON_ASCII


def test_no_sheet_contains_a_formula(report: Report) -> None:
    for sheet in report.book.sheetnames:
        xml = report.sheet_xml(sheet)
        assert "<f>" not in xml, sheet
        assert "<f " not in xml, sheet
        assert 't="e"' not in xml, sheet
        assert 't="str"' not in xml, sheet


def test_formula_like_text_is_a_quoted_text_cell_in_the_xml(report: Report) -> None:
    found = set()
    for sheet in report.book.sheetnames:
        for row in report.sheet(sheet).iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and looks_executable(cell.value):
                    raw = report.raw_cell(sheet, cell.coordinate)
                    assert 't="inlineStr"' in raw, raw
                    assert cell.data_type == "s", (sheet, cell.coordinate)
                    assert cell.quotePrefix, (sheet, cell.coordinate)
                    found.add(cell.value)
    # Descriptions, an invoice number, a counterparty and an audit reason were all covered.
    assert set(FORMULA_TEXTS) <= found
    assert {"=cmd|' /C calc'!A0", "=not this one"} <= found


def test_the_raw_xml_keeps_the_text_verbatim(report: Report) -> None:
    record = report.records("Discrepancies")[2]
    raw = report.raw_cell("Discrepancies", record["Description"].coordinate)
    assert "<t>=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)</t>" in raw or (
        '<t>=HYPERLINK("http://evil.example","click")</t>' in raw
    )


def test_non_ascii_text_round_trips(report: Report) -> None:
    values = [r["Description"].value for r in report.records("Statement lines")]
    assert NON_ASCII in values


def test_characters_xml_cannot_carry_are_replaced_not_fatal(report: Report) -> None:
    references = [r["Reference"].value for r in report.records("Statement lines")]
    assert "bell\ufffdring" in references


def test_clean_text_limits() -> None:
    assert clean_text("a\x00b\x1fc\ud800d") == "a\ufffdb\ufffdc\ufffdd"
    assert clean_text("tab\tnew\nline\r") == "tab\tnew\nline\r"
    long = clean_text("x" * 40_000)
    assert len(long) == MAX_CELL_TEXT
    assert long.endswith("…")


@pytest.mark.parametrize(
    ("text", "executable"),
    [("=1+1", True), ("+44", True), ("-2+3", True), ("@SUM(A1)", True), ("#N/A", True),
     ("\tcmd", True), ("Payment -2", False), ("ACME", False), ("", False)],
)  # fmt: skip
def test_what_counts_as_executable(text: str, executable: bool) -> None:
    assert looks_executable(text) is executable


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("https://a.example/x?y=1&z=2", "https://a.example/x?y=1&z=2"),
        ("http://a.example/a b", "http://a.example/a%20b"),
        ("https://a.example/ü", "https://a.example/%C3%BC"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ('=HYPERLINK("http://x")', None),
        ("https://", None),
        ("https://a.example/" + "x" * 2_100, None),
        ("http://[::1", None),
    ],
)
def test_only_plain_web_addresses_become_links(url: str, target: str | None) -> None:
    assert safe_url(url) == target


def _line(row: int, description: str) -> StatementLine:
    return StatementLine("bank.csv", row, date(2024, 3, 1), Decimal("-1.00"), "GBP", description)


def test_hyperlinks_stop_at_the_per_sheet_cap_and_the_url_stays_as_text(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.export.scenario import INVOICES

    monkeypatch.setattr(cells, "MAX_HYPERLINKS_PER_SHEET", 1)
    linked = [i for i in INVOICES if i.document_url and safe_url(i.document_url)]
    assert len(linked) >= 2
    reconciliation = Reconciliation(tuple(linked), (), (), ())
    write_report(reconciliation, out, context=CONTEXT)
    records = read_report(out).records("Invoices")
    assert [r["Invoice URL"].hyperlink is not None for r in records] == [True, False, False]
    assert [r["Invoice URL"].value for r in records] == [i.document_url for i in linked]


def test_a_description_of_every_formula_trigger_survives_a_round_trip(out: Path) -> None:
    texts = [*FORMULA_TEXTS, "#DIV/0!", "\tTAB", "=", "@", "-", "+"]
    lines = tuple(_line(row, text) for row, text in enumerate(texts, start=2))
    discrepancies = tuple(
        Discrepancy(DiscrepancyType.UNMATCHED_PAYMENT, "x", None, (line,)) for line in lines
    )
    write_report(Reconciliation((), lines, (), discrepancies), out, context=CONTEXT)
    report = read_report(out)
    assert [r["Description"].value for r in report.records("Discrepancies")] == texts
    assert [row[14] for row in report.calamine_rows("Discrepancies")[1:]] == texts
    assert not re.search(r"<f[ >]", report.sheet_xml("Discrepancies"))
