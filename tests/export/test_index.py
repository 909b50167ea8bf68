"""The export's one-pass look-ups agree with the domain's own answers."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from desktop_app.export import AuditRow, write_report
from desktop_app.export.index import ReconciliationIndex
from tests.export.readback import Report, read_report
from tests.export.scenario import CONTEXT, RECONCILIATION


def test_states_agree_with_the_domain() -> None:
    index = ReconciliationIndex.build(RECONCILIATION)
    for invoice in RECONCILIATION.invoices:
        assert index.invoice_states.get(invoice.key) == RECONCILIATION.invoice_state(invoice.key)
    for line in RECONCILIATION.lines:
        assert index.line_states.get(line.key) == RECONCILIATION.line_state(line.key)


def test_invoice_and_line_sheets_show_the_domain_state(report: Report) -> None:
    invoices = report.records("Invoices")
    assert [r["Invoice ID"].value for r in invoices] == [
        i.invoice_id for i in RECONCILIATION.invoices
    ]
    for record, invoice in zip(invoices, RECONCILIATION.invoices, strict=True):
        state = RECONCILIATION.invoice_state(invoice.key)
        assert record["Match State"].value == (state.value if state else "unmatched")
        assert record["Currency"].value == invoice.currency
        assert float(record["Invoice Amount"].value) == float(invoice.gross.amount)
    lines = report.records("Statement lines")
    assert [(r["Statement"].value, r["Row"].value) for r in lines] == [
        (line.source_file, line.row) for line in RECONCILIATION.lines
    ]
    for record, line in zip(lines, RECONCILIATION.lines, strict=True):
        state = RECONCILIATION.line_state(line.key)
        assert record["Match State"].value == (state.value if state else "unmatched")


def test_cross_references_between_invoices_and_lines(report: Report) -> None:
    invoices = {r["Invoice ID"].value: r for r in report.records("Invoices")}
    assert invoices["CI-1002"]["Matched Lines"].value == "bank.csv:3; bank.csv:4"
    assert invoices["ELV-1"]["Matched Lines"].value is None  # only a rejected pairing
    assert invoices["CI-2001"]["Discrepancies"].value == "DUPLICATE_PAYMENT"
    assert invoices["ELV-3"]["Document Type"].value == "credit_note"
    assert invoices["ELV-3"]["Invoice Amount"].value == -120
    assert invoices["CI-1002"]["Counterparty"].value == "=cmd|' /C calc'!A0"
    lines = {(r["Statement"].value, r["Row"].value): r for r in report.records("Statement lines")}
    # By their numbers, as the accountant knows them, not the provider's ids ELV-6, ELV-7.
    assert lines["bank.csv", 14]["Matched Invoices"].value == "INV-0047; INV-0048"
    assert lines["bank.csv", 2]["Balance"].value == 27497.93
    assert lines["bank.csv", 2]["Balance"].number_format == '"£"#,##0.00'
    assert lines["nocur.csv", 2]["Amount"].number_format == "#,##0.00"
    assert lines["jpy.csv", 3]["Discrepancies"].value == "DUPLICATE_PAYMENT"


def test_audit_sheet_lists_decisions(report: Report) -> None:
    rows = [[c.value for c in r] for r in report.sheet("Audit").iter_rows()]
    assert rows[0] == [
        "Time",
        "User",
        "Action",
        "Invoice Numbers",
        "Invoices",
        "Statement Lines",
        "Reason",
        "Replaced",
        "Entry",
        "In Force",
        "Needs Review",
        "Restores",
        "Not Applied",
    ]
    assert rows[1][1:] == [
        "alice", "manual_match", "CI-1002", "Content Ignite:CI-1002", "bank.csv:3; bank.csv:4",
        "split payment", "suggested CI-1002 ↔ bank.csv:3", None, None, None, None, None,
    ]  # fmt: skip
    assert rows[2][0].isoformat() == "2024-04-01T17:06:00"  # its UTC time, zone dropped


def test_the_audit_time_is_in_utc_and_says_so(tmp_path: Path) -> None:
    """The log's times are UTC; the column shows each with "UTC" after it (Excel keeps no
    zone), and a time recorded in another zone is shown in UTC too."""
    summer = timezone(timedelta(hours=1))
    rows = (
        AuditRow(datetime(2024, 7, 1, 9, 30, tzinfo=summer), "ann", "reject", "E:1", "b.csv:2"),
    )
    out = tmp_path / "r.xlsx"
    write_report(RECONCILIATION, out, context=replace(CONTEXT, audit=rows))
    (record,) = read_report(out).records("Audit")
    assert record["Time"].value == datetime(2024, 7, 1, 8, 30)
    assert record["Time"].number_format == 'yyyy-mm-dd hh:mm:ss "UTC"'
