"""``desktop-app reconcile --workspace`` and the period its invoices were fetched for: the
window offers it next, as it offers a period it fetched itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain import (
    Decision,
    DecisionKind,
    FetchPeriod,
    Invoice,
    InvoiceStatus,
    LineKey,
)
from desktop_app.statements.covered import statements_range
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.fetch_period import offered_period
from desktop_app.workspace import Workspace
from desktop_app.workspace.recent import RecentWorkspaces
from tests.export.readback import Report, cell_values, read_report
from tests.pipeline.conftest import World
from tests.pipeline.statement_files import HEADER, store, write

pytestmark = pytest.mark.sandbox


def reconcile(world: World, statement: Path, books: Path, out: Path, *period: str) -> None:
    code = main(
        ["reconcile", "--config", str(world.config), "--statement", str(statement),
         "--workspace", str(books), "--currency", "GBP", "--out", str(out), *period]
    )  # fmt: skip
    assert code == 0


def test_reconcile_keeps_the_period_it_fetched_and_the_window_offers_it_next(
    sandbox_env: World, tmp_path: Path
) -> None:
    """A scheduled run fetched from a fortnight before the statement (to take in invoices
    paid early in it): the window opening the workspace must know that period, and offer
    it at the next *Fetch invoices*, not the statement's dates alone."""
    books = tmp_path / "books.reconcile"
    feb = write(tmp_path / "feb.csv", HEADER + "2025-02-03,Rent,-800\n2025-02-20,Tea,-3\n")
    reconcile(
        sandbox_env, feb, books, tmp_path / "run.xlsx", "--from", "2025-01-15", "--to", "2025-02-28"
    )
    chosen = FetchPeriod(date(2025, 1, 15), date(2025, 2, 28))
    backend = WorkspaceBackend(RecentWorkspaces(tmp_path / "config"))
    try:
        contents = backend.open(books)
    finally:
        backend.close()
    assert contents.fetch_period == chosen
    covered = statements_range(contents.lines, contents.stated_periods)
    offer = offered_period(covered, contents.fetch_period, date(2025, 3, 10))
    assert offer.period() == chosen
    assert offer.source == "The period last fetched."
    with Workspace.open(books) as workspace:
        assert workspace.fetch_period() == chosen

    # Run again without --from/--to: the period held is the default, and stays the one
    # under review (before, the statement's dates replaced it, 3 to 20 February).
    reconcile(sandbox_env, feb, books, tmp_path / "again.xlsx")
    with Workspace.open(books) as workspace:
        assert workspace.fetch_period() == chosen


def _december_invoice(world: World) -> Invoice:
    """An open invoice issued in December 2024, before the January period asked."""
    return next(
        invoice
        for invoice in world.invoices
        if invoice.issue_date == date(2024, 12, 1)
        and invoice.status is InvoiceStatus.OPEN
        and invoice.expects_payment
    )


def test_reconcile_honours_a_hand_match_on_an_invoice_before_its_period(
    sandbox_env: World, tmp_path: Path
) -> None:
    """December's invoice paid in January, matched by hand in a workspace that fetched
    December before: a run of January alone keeps the line explained by it, and does not
    list the invoice as a discrepancy of January's."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    december = _december_invoice(world)
    jan = write(
        tmp_path / "jan.csv",
        HEADER + f"2025-01-20,BANK GIRO CREDIT,{december.gross.amount}\n2025-01-28,Tea,-3\n",
    )
    paid = LineKey("jan.csv", 2)
    with Workspace.create(books) as workspace:
        workspace.save_fetch(
            {december.provider: [december]},
            date_from=date(2024, 12, 1),
            date_to=date(2024, 12, 31),
        )
        store(workspace, jan)
        workspace.record_decision(Decision(DecisionKind.MANUAL_MATCH, (december.key,), (paid,)))
    out = tmp_path / "january.xlsx"
    reconcile(world, jan, books, out, "--from", "2025-01-01", "--to", "2025-01-31")

    report = read_report(out)
    matched = {
        (row["Invoice ID"].value, row["Statement"].value, row["Row"].value)
        for row in report.records("Matches")
    }
    assert (december.invoice_id, "jan.csv", 2) in matched
    discrepancies = report.records("Discrepancies")
    assert not [
        row
        for row in discrepancies
        if row["Type"].value == "UNMATCHED_PAYMENT" and row["Row"].value == 2
    ]
    assert december.invoice_id not in {row["Invoice ID"].value for row in discrepancies}


def test_an_invoice_taken_in_for_a_decision_is_no_invoice_of_the_period(
    sandbox_env: World, tmp_path: Path
) -> None:
    """December's invoice, taken into a run of January for the hand match on it, is paid
    by January's line, but it is no invoice of January: "Totals by provider" counts the
    period's invoices alone (Invoices, Invoiced, Reconciled, Not Reconciled are those of
    the same run without the decision), and the Invoices sheet, which lists it as paid by
    that line, says in Taken In that it was taken in for a decision; the period's own
    invoices leave it empty. The Summary's "Invoices reconciled" is a share of the same
    invoices. Before, both counted it as one of January's invoices, reconciled."""
    world = sandbox_env
    december = _december_invoice(world)
    jan = write(
        tmp_path / "jan.csv",
        HEADER + f"2025-01-20,BANK GIRO CREDIT,{december.gross.amount}\n2025-01-28,Tea,-3\n",
    )
    january = ("--from", "2025-01-01", "--to", "2025-01-31")
    plain = tmp_path / "plain.xlsx"
    reconcile(world, jan, tmp_path / "plain.reconcile", plain, *january)
    books = tmp_path / "books.reconcile"
    with Workspace.create(books) as workspace:
        workspace.save_fetch(
            {december.provider: [december]},
            date_from=date(2024, 12, 1),
            date_to=date(2024, 12, 31),
        )
        store(workspace, jan)
        workspace.record_decision(
            Decision(DecisionKind.MANUAL_MATCH, (december.key,), (LineKey("jan.csv", 2),))
        )
    out = tmp_path / "january.xlsx"
    reconcile(world, jan, books, out, *january)

    report, without = read_report(out), read_report(plain)
    totals = cell_values(report.summary_block("Totals by provider")[1:], 6)
    assert totals == cell_values(without.summary_block("Totals by provider")[1:], 6)
    assert sum(row[4] for row in totals) == 0  # no invoice of January is paid
    # the headline's share is of the same invoices: none of January's is reconciled
    assert _reconciled(report) == _reconciled(without)
    assert _reconciled(report)[0] == 0
    rows = {r["Invoice ID"].value: r for r in report.records("Invoices")}
    taken = rows.pop(december.invoice_id)
    assert (taken["Match State"].value, taken["Matched Lines"].value) == ("manual", "jan.csv:2")
    assert taken["Taken In"].value == "for a decision: not an invoice of the period"
    assert rows
    assert {row["Taken In"].value for row in rows.values()} == {None}


def test_the_invoices_counted_are_the_periods_and_those_taken_in_are_said_apart(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """December's invoice taken into January's run for the hand match on it is no invoice
    of January: the Summary's "Invoices" and the command's "wrote ... (N invoices" count
    January's, as the same run without the decision does, and each says the one taken in
    apart. Before, both counted it among January's invoices."""
    world = sandbox_env
    december = _december_invoice(world)
    jan = write(
        tmp_path / "jan.csv",
        HEADER + f"2025-01-20,BANK GIRO CREDIT,{december.gross.amount}\n2025-01-28,Tea,-3\n",
    )
    january = ("--from", "2025-01-01", "--to", "2025-01-31")
    plain = tmp_path / "plain.xlsx"
    reconcile(world, jan, tmp_path / "plain.reconcile", plain, *january)
    plain_err = capsys.readouterr().err
    books = tmp_path / "books.reconcile"
    with Workspace.create(books) as workspace:
        workspace.save_fetch(
            {december.provider: [december]},
            date_from=date(2024, 12, 1),
            date_to=date(2024, 12, 31),
        )
        store(workspace, jan)
        workspace.record_decision(
            Decision(DecisionKind.MANUAL_MATCH, (december.key,), (LineKey("jan.csv", 2),))
        )
    out = tmp_path / "january.xlsx"
    reconcile(world, jan, books, out, *january)
    err = capsys.readouterr().err

    fetched = _summary_row(read_report(plain), "Invoices")[1]
    assert fetched > 0
    assert _summary_row(read_report(plain), "Invoices taken in") == ()
    report = read_report(out)
    assert _summary_row(report, "Invoices")[1] == fetched
    _, count, note = _summary_row(report, "Invoices taken in")
    assert count == 1
    assert note == (
        "not counted in Invoices, which are the period's: taken in from the workspace for a "
        "match of the accountant's on this report's lines (see 'Taken In' on the Invoices "
        "sheet)"
    )
    assert f"wrote {plain} ({fetched} invoices, 2 statement lines, " in plain_err
    assert f"wrote {out} ({fetched} invoices, 1 more taken in for a decision, 2 " in err


def _summary_row(report: Report, name: str) -> tuple[object, ...]:
    """The Summary's run fact ``name``: label, value and note; () where it has none."""
    summary = report.book["Summary"]
    for row in summary.iter_rows(max_row=30):
        if row[0].value == name:
            return tuple(cell.value for cell in row[:3])
    return ()


def _reconciled(report: Report) -> tuple[object, ...]:
    """The Summary's "Invoices reconciled": the share, and the note saying of what."""
    summary = report.book["Summary"]
    row = next(r for r in summary.iter_rows(max_row=20) if r[0].value == "Invoices reconciled")
    return row[1].value, row[2].value
