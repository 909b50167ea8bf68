"""The Summary sheet: inputs, coverage, per-currency totals, the balance bridge, settings."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain import InvoiceStatus, LineKey, Match, Reconciliation
from desktop_app.domain.period import early_unmatched_payments
from desktop_app.export import AuditRow, ReportContext, StatementUsed, write_report
from desktop_app.export.summary_sheet import flatten_settings
from tests.export.readback import Report, cell_values, read_report
from tests.export.scenario import (
    CONTEXT,
    EL,
    GENERATED_AT,
    RECONCILIATION,
    ci_void,
    el_draft,
    invoice,
    line,
    match,
)


def label(report: Report, name: str) -> Any:
    for row in report.sheet("Summary").iter_rows():
        if row[0].value == name:
            return row
    raise AssertionError(name)


def test_summary_is_first_and_titled(report: Report) -> None:
    ws = report.sheet("Summary")
    assert report.book.sheetnames[0] == "Summary"
    assert ws["A1"].value == "Reconcile Desk: reconciliation report"
    assert ws["A1"].font.bold


def test_run_facts(report: Report) -> None:
    assert label(report, "Period from")[1].value == datetime(2024, 3, 1)
    assert label(report, "Period from")[1].number_format == "yyyy-mm-dd"
    assert label(report, "Period to")[1].value == datetime(2024, 3, 31)
    generated = label(report, "Generated at")[1]
    assert generated.value == datetime(2024, 4, 2, 9, 30, 15)
    assert generated.number_format == "yyyy-mm-dd hh:mm:ss"
    assert label(report, "App version")[1].value == "9.9.9"


def test_invoices_fetched_for_every_date_say_so_not_the_statements_dates(out: Path) -> None:
    """The window's All dates: the statements' dates bound no invoice fetched, so the
    Summary does not give them as the period; it names them in the note."""
    context = ReportContext(GENERATED_AT, all_dates=True)
    write_report(RECONCILIATION, out, context=context)
    report = read_report(out)
    period_from = label(report, "Period from")
    assert period_from[1].value == "all dates"
    assert period_from[2].value == (
        "invoices of every date were fetched; the statements run from 2024-03-01 to 2024-03-31"
    )
    assert label(report, "Period to")[1].value == "all dates"


def test_share_of_invoices_reconciled(report: Report) -> None:
    row = label(report, "Invoices reconciled")
    # Expecting payment: all but the void and the draft (11); reconciled: CI-1001, CI-1002,
    # Versori 88, ELV-3, CI-2001, ELV-4, ELV-6, ELV-7 (8). The suggested and the rejected
    # pairings do not count. Three of the eight are matched but still named by a
    # discrepancy (Versori 88 paid short, "=1+1" paid twice, INV-0045's line items):
    # matched is not settled, and the note says so.
    assert row[1].value == pytest.approx(8 / 11)
    assert row[1].number_format == "0.0%"
    assert row[2].value == (
        "8 of 11 invoices that expect a payment; "
        "3 of them with a discrepancy still to look at (see Discrepancies)"
    )


def test_totals_per_discrepancy_type_never_mix_currencies(report: Report) -> None:
    rows = report.summary_block("Discrepancies by type")
    assert cell_values(rows[:1], 9)[0] == (
        "Type", "Direction", "Severity", "Count", "Currency", "Invoice Amount", "Paid Amount",
        "Difference", "Statement Amount",
    )  # fmt: skip
    table = {(r[0], r[1], r[4]): r for r in cell_values(rows[1:], 9)}
    # The unmatched lines, money in and money out apart: +2 and +3 came in, -45, -1 and
    # -4.50 went out (together they were "5, -£45.50", neither what came in nor went out).
    assert table["UNMATCHED_PAYMENT", "money in, no invoice", "GBP"][3] == 2
    assert Decimal(repr(table["UNMATCHED_PAYMENT", "money in, no invoice", "GBP"][8])) == 5
    assert table["UNMATCHED_PAYMENT", "money out, no invoice", "GBP"][3] == 3
    out = table["UNMATCHED_PAYMENT", "money out, no invoice", "GBP"][8]
    assert Decimal(repr(out)) == Decimal("-50.50")
    assert table["UNMATCHED_PAYMENT", "money in, no invoice", None][3] == 1
    assert table["UNMATCHED_PAYMENT", "money in, no invoice", None][8] == 10
    # The EUR invoice paid in GBP: its EUR amount and the GBP payment stay on their own rows.
    assert table["CURRENCY_MISMATCH", "receivable", "EUR"][3:6] == (1, "EUR", 250)
    # counted in each currency it has a row in on the Discrepancies sheet (it was 0 here)
    assert table["CURRENCY_MISMATCH", "receivable", "GBP"][3] == 1
    fx_paid = table["CURRENCY_MISMATCH", "receivable", "GBP"][8]
    assert Decimal(repr(fx_paid)) == Decimal("215.40")
    assert table["DUPLICATE_PAYMENT", "payable", "JPY"][5:9] == (150000, 300000, 150000, -300000)
    types = [r[0] for r in cell_values(rows[1:], 1)]
    assert len(set(types)) == 8  # every type listed, even with no discrepancies
    jpy = next(r for r in rows if r[0].value == "DUPLICATE_PAYMENT")
    assert jpy[5].number_format == '"¥"#,##0'


def test_totals_per_provider(report: Report) -> None:
    rows = cell_values(report.summary_block("Totals by provider"), 8)
    assert rows[0] == (
        "Provider", "Currency", "Invoices", "Invoiced", "Reconciled", "Not Reconciled",
        "Discrepancies", "Difference",
    )  # fmt: skip
    table = {(r[0], r[1]): r[2:] for r in rows[1:]}
    assert table["Content Ignite", "JPY"] == (1, 150000, 1, 0, 1, 150000)
    assert table["Versori", "EUR"] == (2, 5250, 1, 1, 2, -10)
    # ELV-1..7 in GBP but the draft ELV-5, which expects nothing: 300 + 450.50 - 120 + 1000
    # + 40 + 60; reconciled ELV-3, 4, 6, 7; not reconciled ELV-1 (its pairing was rejected)
    # and ELV-2.
    assert table["Elevate Billing", "GBP"][:4] == (6, 1730.5, 4, 2)
    assert table["(statement only)", "GBP"][4] == 5


def test_inputs_are_listed_with_hashes(report: Report) -> None:
    providers = cell_values(report.summary_block("Providers used"), 3)
    assert providers == [
        ("Provider", "Kind", "Invoices"),
        ("Content Ignite", "content_ignite", 4),
        ("Versori", "versori", 2),
        ("Elevate Billing", "elevate", 7),
    ]
    statements = cell_values(report.summary_block("Statements used"), 7)
    assert statements[0] == (
        "File", "Account", "Rows", "Currency", "Opening Balance", "Closing Balance", "SHA-256",
    )  # fmt: skip
    assert statements[1] == (
        "bank.csv",
        "GB29NWBK60161331926819",
        14,
        "GBP",
        100000,
        27347.84,
        "a" * 64,
    )
    assert statements[4] == ("nocur.csv", None, 2, None, None, None, "d" * 64)


def test_balance_bridge_ties_or_shows_the_difference(report: Report) -> None:
    rows = report.summary_block(
        "Balance bridge (opening + matched + unmatched movements = closing)"
    )
    table = {r[0].value: r for r in rows[1:]}
    assert set(table) == {"bank.csv", "jpy.csv"}  # the others state no balances
    bank = [c.value for c in table["bank.csv"]]
    # matched: -72502.07 -700 -500 -120 +1000 +100; unmatched: the rest, incl. the suggested
    assert bank[:2] == ["bank.csv", "GBP"]
    assert [Decimal(repr(v)) for v in bank[2:8]] == [
        Decimal("100000"), Decimal("-72722.07"), Decimal("69.91"), Decimal("27347.84"),
        Decimal("27347.84"), Decimal("0"),
    ]  # fmt: skip
    assert bank[8] == "yes"
    jpy = table["jpy.csv"]
    assert [c.value for c in jpy[2:9]] == [
        1000000,
        -300000,
        0,
        700000,
        700001,
        1,
        "NO: does not tie",
    ]
    assert jpy[8].font.bold
    assert jpy[7].number_format == '"¥"#,##0'


def test_settings_are_printed(report: Report) -> None:
    rows = cell_values(report.summary_block("Settings used"), 2)
    assert rows == [
        ("Setting", "Value"),
        ("date_window_days", "10"),
        ("amount_tolerance", "0.01"),
        ("providers", "a, b"),
    ]


def test_nested_settings_flatten_to_dotted_keys() -> None:
    settings = {
        "tolerance": {"amount": Decimal("0.010"), "days": [1, 2]},
        "auto": True,
        "strict": False,
        "default_currency": None,
    }
    assert list(flatten_settings(settings)) == [
        ("tolerance.amount", "0.010"),
        ("tolerance.days", "1, 2"),
        ("auto", "yes"),  # not Python's "True"
        ("strict", "no"),
        ("default_currency", "(not set)"),  # not "None"
    ]


def test_calamine_reads_the_summary_too(report: Report) -> None:
    rows = report.calamine_rows("Summary")
    assert rows[0][0] == "Reconcile Desk: reconciliation report"
    assert any(
        r[0] == "Balance bridge (opening + matched + unmatched movements = closing)" for r in rows
    )


def test_an_overlapping_download_still_ties_its_bridge(tmp_path: Path) -> None:
    """feb.csv repeats jan.csv's last movement. The run holds that movement once, under
    jan.csv; feb.csv's bridge still counts it (as matched, as the kept line is), or the
    overlap would read as a balance that does not tie."""
    jan = [line("jan.csv", 2, "-10.00", "GBP"), line("jan.csv", 3, "-20.00", "GBP")]
    feb_own = line("feb.csv", 3, "-5.00", "GBP")
    bill = invoice(EL, "elevate", "EL-9", "EL-9", "20.00", "GBP")
    paid = Match((bill,), (jan[1],), 0.9, (), "amount and reference")
    reconciliation = Reconciliation((bill,), (*jan, feb_own), (paid,), ())
    statements = [
        StatementUsed("jan.csv", 2, "a" * 64, "GBP", Decimal("100.00"), Decimal("70.00")),
        StatementUsed(
            "feb.csv", 2, "b" * 64, "GBP", Decimal("90.00"), Decimal("65.00"),
            repeats={LineKey("feb.csv", 2): jan[1].key},
        ),
        StatementUsed(
            "mar.csv", 1, "c" * 64, "GBP", Decimal("65.00"), Decimal("60.00"),
            repeats={LineKey("mar.csv", 2): LineKey("gone.csv", 9)},
        ),
    ]  # fmt: skip
    out = tmp_path / "overlap.xlsx"
    write_report(reconciliation, out, context=ReportContext(GENERATED_AT, statements=statements))
    report = read_report(out)
    title = "Balance bridge (opening + matched + unmatched movements = closing)"
    rows = {row[0]: row for row in cell_values(report.summary_block(title), 9)[1:]}
    assert rows["feb.csv"][2:] == (90, -20, -5, 65, 65, 0, "yes")
    assert rows["jan.csv"][2:] == (100, -20, -10, 70, 70, 0, "yes")
    # mar.csv's repeated line stands for a line no longer held: the bridge says so.
    assert rows["mar.csv"][2:5] == (65, 0, 0)
    notes = [row[0].value for row in report.sheet("Summary").iter_rows() if row[0].value]
    assert (
        "mar.csv: 1 line repeats a line of a statement no longer in the workspace, so its "
        "bridge leaves it out."
    ) in notes


@pytest.mark.parametrize(
    ("euro_lines", "note"),
    [
        (1, "gbp.csv: 1 line in another currency is not in its bridge."),
        (2, "gbp.csv: 2 lines in other currencies are not in its bridge."),
    ],
)
def test_lines_in_another_currency_are_left_out_of_the_bridge_and_said(
    tmp_path: Path, euro_lines: int, note: str
) -> None:
    """A sterling statement holding euro lines: its bridge adds sterling only, and a
    note under it counts the lines left out, in words that fit their number."""
    pounds = [line("gbp.csv", 2, "-10.00", "GBP"), line("gbp.csv", 3, "-20.00", "GBP")]
    euros = [line("gbp.csv", 4 + index, "-7.00", "EUR") for index in range(euro_lines)]
    reconciliation = Reconciliation((), (*pounds, *euros), (), ())
    statement = StatementUsed(
        "gbp.csv", 2 + euro_lines, "d" * 64, "GBP", Decimal("100.00"), Decimal("70.00")
    )
    out = tmp_path / "currencies.xlsx"
    write_report(reconciliation, out, context=ReportContext(GENERATED_AT, statements=[statement]))
    report = read_report(out)
    title = "Balance bridge (opening + matched + unmatched movements = closing)"
    [row, said] = cell_values(report.summary_block(title), 9)[1:]
    assert row[:2] == ("gbp.csv", "GBP")
    assert row[2:] == (100, 0, -30, 70, 70, 0, "yes")
    assert said == (note, *[None] * 8)


@pytest.mark.parametrize(
    ("opening", "closing", "ties"),
    [
        # OFX states its closing balance (LEDGERBAL) alone: the row shows it, and says
        # which balance is missing, not that none is stated.
        (None, Decimal("70.00"), "opening balance not stated"),
        (Decimal("100.00"), None, "closing balance not stated"),
    ],
)
def test_a_bridge_with_one_balance_says_which_is_not_stated(
    tmp_path: Path, opening: Decimal | None, closing: Decimal | None, ties: str
) -> None:
    lines = [line("usd.ofx", 2, "-10.00", "GBP"), line("usd.ofx", 3, "-20.00", "GBP")]
    statement = StatementUsed("usd.ofx", 2, "e" * 64, "GBP", opening, closing)
    out = tmp_path / "one-balance.xlsx"
    write_report(
        Reconciliation((), tuple(lines), (), ()),
        out,
        context=ReportContext(GENERATED_AT, statements=[statement]),
    )
    title = "Balance bridge (opening + matched + unmatched movements = closing)"
    [row] = cell_values(read_report(out).summary_block(title), 9)[1:]
    stated = [None if amount is None else int(amount) for amount in (opening, closing)]
    computed = None if opening is None else 70  # what the opening and movements make
    assert row == ("usd.ofx", "GBP", stated[0], 0, -30, computed, stated[1], None, ties)


def _period_note(context: ReportContext, out: Path) -> Any:
    write_report(RECONCILIATION, out, context=context)
    return label(read_report(out), "Period from")[2].value


def test_a_period_asked_for_has_no_note(out: Path) -> None:
    assert _period_note(CONTEXT, out) is None


@pytest.mark.parametrize(
    ("start", "early"),
    [
        # Every unmatched line is dated 5 March; the month counts the start's own day.
        (date(2024, 3, 1), 3),
        (date(2024, 2, 4), 3),
        (date(2024, 2, 3), 0),
    ],
)
def test_a_period_taken_from_the_statements_counts_the_early_unmatched_payments(
    out: Path, start: date, early: int
) -> None:
    """Six of the scenario's lines settle nothing (UNMATCHED_PAYMENT): three are money in
    (two in pounds, one in no currency stated), three money out, which pays no invoice
    issued earlier and is not counted; its other lines in discrepancies (short, over,
    duplicate payments) are not counted either. The run counts them once and the Summary
    prints the count it is given, with both ways to fetch from an earlier start."""
    counted = early_unmatched_payments(RECONCILIATION, start)
    context = replace(CONTEXT, period_from=start, early_unmatched=counted)
    taken = "the statements' first date: invoices issued before it were not fetched"
    expected = (
        f"{taken}, and {early} payments received in its first 31 days are unmatched: "
        "fetch from an earlier start (reconcile's --from, the window's Fetch invoices) if "
        "they pay such invoices"
        if early
        else taken
    )
    assert _period_note(context, out) == expected


def test_no_share_is_claimed_when_no_invoice_expects_a_payment(tmp_path: Path) -> None:
    """A void and a draft invoice: nothing was there to reconcile, which is no 100 %."""
    idle = Reconciliation((ci_void, el_draft), (), (), ())
    write_report(idle, tmp_path / "r.xlsx", context=CONTEXT)
    row = label(read_report(tmp_path / "r.xlsx"), "Invoices reconciled")
    assert (row[1].value, row[2].value) == ("none", "no invoice in this report expects a payment")


def test_decisions_needing_review_are_counted_only_when_there_are_any(tmp_path: Path) -> None:
    """A decision whose invoice changed since (its Audit row says what changed) is counted
    on the Summary, in the warning's bold; a report with none adds no row."""
    flagged = AuditRow(
        GENERATED_AT, "ann", "accept", "E:1", "b.csv:2", entry=3, in_force=True,
        needs_review="amount changed from 100.00 GBP to 80.00 GBP",
    )  # fmt: skip
    settled = replace(flagged, entry=4, needs_review="")
    out = tmp_path / "r.xlsx"
    write_report(RECONCILIATION, out, context=replace(CONTEXT, audit=(flagged, settled)))
    row = label(read_report(out), "Decisions needing review")
    assert row[1].value == 1
    assert row[0].font.bold
    assert "'Needs Review' on the Audit sheet" in row[2].value
    write_report(RECONCILIATION, out, context=replace(CONTEXT, audit=(settled,)))
    with pytest.raises(AssertionError):
        label(read_report(out), "Decisions needing review")


def test_totals_by_provider_count_reconciled_invoices_as_the_headline_does(
    tmp_path: Path,
) -> None:
    """A payment matched to a written-off invoice (and one to a void) is no reconciled
    invoice in the headline's "1 of 2"; the provider table counted it, so its Reconciled
    column added up to 3 against the headline's 1."""
    paid = invoice(EL, "elevate", "E-1", "EL-1", "100.00", "GBP")
    open_one = invoice(EL, "elevate", "E-2", "EL-2", "50.00", "GBP")
    written_off = invoice(EL, "elevate", "E-3", "EL-3", "70.00", "GBP", InvoiceStatus.UNCOLLECTIBLE)
    void = invoice(EL, "elevate", "E-4", "EL-4", "80.00", "GBP", InvoiceStatus.VOID)
    lines = [
        line("b.csv", row, amount, "GBP") for row, amount in ((2, "100"), (3, "70"), (4, "80"))
    ]
    matches = tuple(
        match((inv,), (ln,), 0.9) for inv, ln in zip((paid, written_off, void), lines, strict=True)
    )
    run = Reconciliation((paid, open_one, written_off, void), tuple(lines), matches, ())
    out = tmp_path / "r.xlsx"
    write_report(run, out, context=CONTEXT)
    report = read_report(out)
    assert label(report, "Invoices reconciled")[2].value == "1 of 2 invoices that expect a payment"
    rows = cell_values(report.summary_block("Totals by provider"), 8)
    table = {(r[0], r[1]): r[2:] for r in rows[1:]}
    # Invoices and Invoiced are those two (the paid and the open one), as Reconciled and
    # Not Reconciled count them: 4 and £300 counted the written-off and the void too.
    assert table[EL, "GBP"][:4] == (2, 150, 1, 1)


def test_a_statement_used_has_one_name_for_its_file(tmp_path: Path) -> None:
    """``source_file``, as its lines and a workspace's statement name it: the report's
    own ``file_name`` had an alias under that name for the continuity check's sake."""
    assert "file_name" not in {field.name for field in fields(StatementUsed)}
    statement = StatementUsed(source_file="jan.csv", row_count=0, sha256="a" * 64)
    out = tmp_path / "named.xlsx"
    context = ReportContext(GENERATED_AT, statements=[statement])
    write_report(Reconciliation((), (), (), ()), out, context=context)
    [header, row] = cell_values(read_report(out).summary_block("Statements used"), 7)
    assert (header[0], row[0]) == ("File", "jan.csv")


def test_lines_outside_the_period_fetched_are_counted_naming_the_period(out: Path) -> None:
    """The window's export and ``reconcile`` write one report: the period bounds the
    invoices, every line is matched all the same, and a line dated outside it that pays
    none is said to be outside, on the Summary and on its Discrepancies row. Within the
    period, or with every date fetched, nothing is added."""
    outside = (
        "; dated outside the period fetched (2024-03-01 to 2024-03-04): the invoice it "
        "pays, if any, may be one not fetched"
    )
    for context in (CONTEXT, replace(CONTEXT, period_to=date(2024, 3, 4), all_dates=True)):
        write_report(RECONCILIATION, out, context=context)
        report = read_report(out)
        assert "Lines outside the period" not in [r[0].value for r in report.sheet("Summary")]
        assert not any(outside in r["Explanation"].value for r in report.records("Discrepancies"))
    write_report(RECONCILIATION, out, context=replace(CONTEXT, period_to=date(2024, 3, 4)))
    report = read_report(out)
    dated = [line for line in RECONCILIATION.lines if line.date > date(2024, 3, 4)]
    _, count, note = (cell.value for cell in label(report, "Lines outside the period")[:3])
    assert count == len(dated)
    assert note.startswith(
        "dated outside the period fetched (2024-03-01 to 2024-03-04), and matched with its "
        "invoices all the same; 6 that pay none of them are UNMATCHED_PAYMENT"
    )
    unmatched = [
        r["Explanation"].value
        for r in report.records("Discrepancies")
        if r["Type"].value == "UNMATCHED_PAYMENT"
    ]
    assert len(unmatched) == 6
    assert all(text.endswith(outside) for text in unmatched)
    others = [r for r in report.records("Discrepancies") if r["Type"].value != "UNMATCHED_PAYMENT"]
    assert not any(outside in (r["Explanation"].value or "") for r in others)


def test_invoices_taken_in_for_a_decision_are_counted_apart_from_the_periods(
    tmp_path: Path,
) -> None:
    """An invoice taken in for a decision (``Reconciliation.taken_in``) is no invoice of
    the period: "Invoices" counts the period's, as the provider totals and the share do,
    and a row of its own counts those taken in. Before, "Invoices" counted both; a report
    with none taken in has no such row."""
    paid = invoice(EL, "elevate", "E-1", "EL-1", "100.00", "GBP")
    open_one = invoice(EL, "elevate", "E-2", "EL-2", "50.00", "GBP")
    december = invoice(EL, "elevate", "E-0", "EL-0", "70.00", "GBP")
    lines = (line("b.csv", 2, "100", "GBP"), line("b.csv", 3, "70", "GBP"))
    matches = (match((paid,), lines[:1], 0.9), match((december,), lines[1:], 0.9))
    run = Reconciliation((december, paid, open_one), lines, matches, ())
    out = tmp_path / "r.xlsx"
    write_report(run, out, context=CONTEXT)
    report = read_report(out)
    assert label(report, "Invoices")[1].value == 3
    assert "Invoices taken in" not in [r[0].value for r in report.sheet("Summary")]

    write_report(replace(run, taken_in=frozenset({december.key})), out, context=CONTEXT)
    report = read_report(out)
    assert label(report, "Invoices")[1].value == 2
    _, count, note = (cell.value for cell in label(report, "Invoices taken in")[:3])
    assert count == 1
    assert note.startswith("not counted in Invoices, which are the period's: taken in from")
    assert label(report, "Invoices reconciled")[2].value == "1 of 2 invoices that expect a payment"
