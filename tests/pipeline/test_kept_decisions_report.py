"""``desktop-app reconcile --workspace`` after the provider stopped returning an invoice the
accountant's accept or hand match names: the decision is kept (``matching.decisions.Kept``),
and the workbook says so cell by cell, never that its payment or its other invoice is
unexplained."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.domain import Decision, DecisionKind, Invoice, StatementLine
from desktop_app.workspace import Workspace
from tests.export.readback import read_report
from tests.pipeline.conftest import PERIOD, World
from tests.pipeline.test_reconcile_workspace import _one_to_one, reconcile_run

pytestmark = pytest.mark.sandbox

UNSETTLED = {"UNPAID_INVOICE", "STATUS_CONFLICT"}


@contextmanager
def deleted_at_elevate(world: World, invoices: list[Invoice]) -> Iterator[None]:
    """Elevate no longer returns ``invoices`` while the block runs; as it was after."""
    served = world.sandbox.dataset.elevate.invoices
    kept = list(served)
    ids = {invoice.invoice_id for invoice in invoices}
    served[:] = [row for row in kept if str(row["id"]) not in ids]
    try:
        yield
    finally:
        served[:] = kept


def row_text(line: StatementLine) -> str:
    return f"{line.source_file} row {line.row} ({line.date.isoformat()}, {line.amount_text})"


def values(record: dict[str, Any]) -> dict[str, Any]:
    return {name: cell.value for name, cell in record.items()}


def test_a_decision_on_an_invoice_no_longer_returned_keeps_its_rows_and_says_why(
    sandbox_env: World, tmp_path: Path
) -> None:
    """The accountant accepted one of the engine's matches and matched two payments to two
    invoices by hand. Elevate then deletes the accepted invoice and one of the two. The
    next run lists neither decision among the matches (their invoices are not Elevate's
    any more) but keeps their payments and the remaining invoice for the accountant:
    each row says what the accountant matched and that Elevate no longer returns it; the
    Audit says both decisions are in force and need review; the Summary adds up."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    first = reconcile_run(world, world.csv_path, books, tmp_path / "first.xlsx")
    elevate = [m for m in _one_to_one(first) if m.invoices[0].provider_kind == "elevate"]
    accepted, left, right = sorted(elevate, key=lambda m: str(m.invoice_keys))[:3]
    (x1,), (x2,), (x3,) = accepted.invoices, left.invoices, right.invoices
    (l1,), (l2,), (l3,) = accepted.lines, left.lines, right.lines
    with Workspace.open(books) as workspace:
        workspace.record_decision(
            Decision(DecisionKind.ACCEPT, accepted.invoice_keys, accepted.line_keys)
        )
        workspace.record_decision(
            Decision(DecisionKind.MANUAL_MATCH, (x2.key, x3.key), (l2.key, l3.key))
        )
    out = tmp_path / "second.xlsx"
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    with deleted_at_elevate(world, [x1, x2]):
        code = main(
            ["reconcile", "--config", str(world.config), "--statement", str(world.csv_path),
             "--workspace", str(books), "--currency", "GBP", *period, "--out", str(out)]
        )  # fmt: skip
    assert code == 0
    report = read_report(out)
    rows = [values(r) for r in report.records("Discrepancies")]

    def about_line(line: StatementLine) -> dict[str, Any]:
        (found,) = [r for r in rows if (r["Statement"], r["Row"]) == (line.source_file, line.row)]
        return found

    provider = x1.provider
    accepted_row = about_line(l1)
    assert accepted_row["Type"] == "UNMATCHED_PAYMENT"
    assert accepted_row["Explanation"] == (
        f"the accountant accepted it as the payment of {x1.number}, which {provider} no "
        "longer returns: it is matched to no other invoice while that decision stands"
    )
    named = " and ".join(i.number for i in sorted([x2, x3], key=lambda i: i.invoice_id))
    for line, other in ((l2, l3), (l3, l2)):
        row = about_line(line)
        assert row["Type"] == "UNMATCHED_PAYMENT"
        assert row["Explanation"] == (
            f"the accountant matched it by hand, with {row_text(other)}, as the payment of "
            f"{named}, of which {provider} no longer returns {x2.number}: it is matched "
            "to no other invoice while that decision stands"
        )
    (remaining,) = [r for r in rows if r["Invoice Number"] == x3.number]
    assert remaining["Type"] in UNSETTLED
    assert remaining["Statement"] is None  # one row per payment: the lines' are their own
    paid = " and ".join(map(row_text, sorted([l2, l3], key=lambda line: line.row)))
    assert remaining["Explanation"].endswith(
        f"the accountant matched {paid} by hand as the payment "
        f"of it and {x2.number}, which {provider} no longer returns: that payment is "
        "matched to no invoice while that decision stands"
    )
    assert "found" not in remaining["Explanation"]
    # No match holds any of them: the decisions name invoices Elevate no longer has.
    matches = [values(r) for r in report.records("Matches")]
    assert not [m for m in matches if m["Invoice Number"] in {x1.number, x2.number, x3.number}]
    held_rows = {(line.source_file, line.row) for line in (l1, l2, l3)}
    assert not [m for m in matches if (m["Statement"], m["Row"]) in held_rows]
    # The Audit says both are in force and why they need review.
    audit = {
        r["Action"]: (r["In Force"], r["Needs Review"])
        for r in map(values, report.records("Audit"))
    }
    assert audit["accept"][0] == "yes"
    assert audit["accept"][1].startswith(f"no longer returned by {provider}")
    assert audit["manual_match"][0] == "yes"
    assert audit["manual_match"][1].startswith(f"{x2.number}: no longer returned by {provider}")
    # ... naming the invoices Elevate no longer returns by their numbers, as the rows do.
    numbers = {r["Action"]: r["Invoice Numbers"] for r in map(values, report.records("Audit"))}
    assert numbers == {"accept": x1.number, "manual_match": f"{x2.number}; {x3.number}"}
    # The Summary counts them, and its rows count each discrepancy once.
    summary = {r[0].value: r[1].value for r in report.sheet("Summary").iter_rows() if r[0].value}
    assert summary["Decisions needing review"] == 2
    assert summary["Discrepancies"] == len({r["Discrepancy"] for r in rows})
    totals = report.summary_block("Totals by provider")
    names = [cell.value for cell in totals[0]]
    for row in totals[1:]:
        each = dict(zip(names, (cell.value for cell in row), strict=True))
        assert each["Invoices"] == each["Reconciled"] + each["Not Reconciled"]


def test_the_warnings_name_the_invoices_no_longer_returned_by_their_numbers(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scheduled run's log named each decision needing review by the provider's ids
    ("accept #10 of Elevate (sandbox):53782"), though the accountant decided by the
    invoices' numbers and the Audit sheet names them so: the warnings now name them by
    their numbers, those Elevate no longer returns as the workspace last held them, with
    the keys after them."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    first = reconcile_run(world, world.csv_path, books, tmp_path / "first.xlsx")
    elevate = [m for m in _one_to_one(first) if m.invoices[0].provider_kind == "elevate"]
    accepted, left, right = sorted(elevate, key=lambda m: str(m.invoice_keys))[:3]
    (x1,), (x2,), (x3,) = accepted.invoices, left.invoices, right.invoices
    (l1,), (l2,), (l3,) = accepted.lines, left.lines, right.lines
    with Workspace.open(books) as workspace:
        one = workspace.record_decision(
            Decision(DecisionKind.ACCEPT, accepted.invoice_keys, accepted.line_keys)
        )
        two = workspace.record_decision(
            Decision(DecisionKind.MANUAL_MATCH, (x2.key, x3.key), (l2.key, l3.key))
        )
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    capsys.readouterr()
    with deleted_at_elevate(world, [x1, x2]):
        code = main(
            ["reconcile", "--config", str(world.config), "--statement", str(world.csv_path),
             "--workspace", str(books), "--currency", "GBP", *period,
             "--out", str(tmp_path / "second.xlsx")]
        )  # fmt: skip
    assert code == 0
    said = [  # up to the date it was fetched again
        line.split(" (re-fetched ")[0]
        for line in capsys.readouterr().err.splitlines()
        if "decision needs review" in line
    ]
    provider = x1.provider
    lines = "; ".join(sorted(map(str, (l2.key, l3.key))))
    warning = "desktop-app: warning: decision needs review:"
    gone = f"no longer returned by {provider}"
    both = f"{x2.number}; {x3.number} ({x2.key}; {x3.key})"
    assert said == [
        f"{warning} accept #{one.id} of {x1.number} ({x1.key}) with {l1.key}: {gone}",
        f"{warning} manual_match #{two.id} of {both} with {lines}: {x2.number}: {gone}",
    ]
    assert x1.number != x1.invoice_id  # named otherwise than by the id
