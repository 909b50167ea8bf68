"""``desktop-app reconcile --workspace``: a decision in force the run could not apply is a
finding of the report, named with who, when and why, not a row of "Settings used".

The workbook said "decisions_not_applied | 1" under the settings and nothing else: not
which decision, nor that a rejection of an invoice Elevate no longer returns was set aside
(tester N, finding 4). Through the real entry point, the workbook read back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.domain import Decision, DecisionKind
from desktop_app.workspace import Workspace
from tests.export.readback import Report, cell_values, read_report
from tests.pipeline.conftest import PERIOD, World
from tests.pipeline.test_kept_decisions_report import deleted_at_elevate
from tests.pipeline.test_reconcile_workspace import _one_to_one, reconcile_run

pytestmark = pytest.mark.sandbox

SECTION = "Decisions in force that this run did not apply"
REJECTED_MEANS = "so nothing in this report can repeat the pairing it refused"


def _run(world: World, books: Path, out: Path, config: Path | None = None) -> None:
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    code = main(
        ["reconcile", "--config", str(config or world.config), "--statement",
         str(world.csv_path), "--workspace", str(books), "--currency", "GBP", *period,
         "--out", str(out)]
    )  # fmt: skip
    assert code == 0


def _fact(report: Report, label: str) -> tuple[Any, Any] | None:
    rows = [row for row in report.book["Summary"].iter_rows() if row[0].value == label]
    return (rows[0][1].value, rows[0][2].value) if rows else None


def _audit(report: Report) -> dict[int, dict[str, Any]]:
    return {
        record["Entry"].value: {name: cell.value for name, cell in record.items()}
        for record in report.records("Audit")
    }


def test_a_rejection_of_an_invoice_no_longer_returned_is_named_as_not_applied(
    sandbox_env: World, tmp_path: Path
) -> None:
    """Rejected, then Elevate stopped returning the invoice: the rejection is set aside.
    An accept of another invoice Elevate stopped returning is kept, not set aside: it is
    in force and still holds its line, and is no finding of this kind."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    first = reconcile_run(world, world.csv_path, books, tmp_path / "first.xlsx")
    elevate = [m for m in _one_to_one(first) if m.invoices[0].provider_kind == "elevate"]
    rejected, accepted = sorted(elevate, key=lambda m: str(m.invoice_keys))[:2]
    with Workspace.open(books) as workspace:
        workspace.record_decision(
            Decision(
                DecisionKind.REJECT,
                rejected.invoice_keys,
                rejected.line_keys,
                reason="wrong customer, see email",
            )
        )
        workspace.record_decision(
            Decision(DecisionKind.ACCEPT, accepted.invoice_keys, accepted.line_keys)
        )
        entries = {entry.decision.kind: entry for entry in workspace.audit()}
    out = tmp_path / "second.xlsx"
    with deleted_at_elevate(world, [*rejected.invoices, *accepted.invoices]):
        _run(world, books, out)

    report = read_report(out)
    (number,) = [invoice.number for invoice in rejected.invoices]
    (line,) = rejected.lines
    why = (
        f"{number} is not in this report: Elevate (sandbox) no longer returns it, {REJECTED_MEANS}"
    )
    said = (
        "a decision of the accountant's in force that this run did not apply, as an invoice "
        f"or statement line it names is not in this report: see '{SECTION}' below, and "
        "'Not Applied' on the Audit sheet"
    )
    assert _fact(report, "Decisions not applied") == (1, said)
    listed = cell_values(report.summary_block(SECTION), 8)
    reject = entries[DecisionKind.REJECT]
    assert [row[:1] + row[2:] for row in listed[1:]] == [
        (reject.id, reject.decision.user, "reject", number, str(line.key),
         "wrong customer, see email", why),
    ]  # fmt: skip
    audit = _audit(report)
    assert (audit[reject.id]["In Force"], audit[reject.id]["Not Applied"]) == ("yes", why)
    accept = entries[DecisionKind.ACCEPT]
    assert (audit[accept.id]["In Force"], audit[accept.id]["Not Applied"]) == ("yes", None)
    assert "decisions_not_applied" not in dict(
        cell_values(report.summary_block("Settings used"), 2)
    )


def test_reconcile_warns_on_stderr_of_each_decision_it_did_not_apply(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workbook named the rejections set aside; the run's stderr, a scheduled run's
    log, said nothing of them. One warning per decision: its action and entry, its
    invoices and lines, and why, in the Audit sheet's words; stdout unchanged."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    first = reconcile_run(world, world.csv_path, books, tmp_path / "first.xlsx")
    elevate = [m for m in _one_to_one(first) if m.invoices[0].provider_kind == "elevate"]
    rejected = sorted(elevate, key=lambda m: str(m.invoice_keys))[:2]
    with Workspace.open(books) as workspace:
        for match in rejected:
            workspace.record_decision(
                Decision(DecisionKind.REJECT, match.invoice_keys, match.line_keys)
            )
        entries = {entry.decision.invoice_keys: entry.id for entry in workspace.audit()}
    blocks = world.config.read_text(encoding="utf-8").split("[[providers]]")
    without = tmp_path / "without-elevate.toml"
    without.write_text(
        "[[providers]]".join(block for block in blocks if 'kind = "elevate"' not in block),
        encoding="utf-8",
    )
    capsys.readouterr()
    out = tmp_path / "second.xlsx"
    _run(world, books, out, without)

    captured = capsys.readouterr()
    warned = [
        line
        for line in captured.err.splitlines()
        if line.startswith("desktop-app: warning: decision not applied")
    ]
    audit = _audit(read_report(out))
    expected = []
    for match in rejected:
        (invoice,) = match.invoices
        (line,) = match.lines
        entry = entries[match.invoice_keys]
        why = audit[entry]["Not Applied"]
        assert why.startswith(f"{invoice.number} is not in this report: no invoice of Elevate")
        expected.append(
            f"desktop-app: warning: decision not applied: reject #{entry} of "
            f"{invoice.number} ({invoice.key}) with {line.key}: {why}"
        )
    assert warned == expected  # in the order the Audit sheet lists them
    assert captured.out == ""


def test_a_decision_on_a_provider_left_out_of_the_run_says_so(
    sandbox_env: World, tmp_path: Path
) -> None:
    """The run's providers.toml leaves Elevate out (tester N's cli-a): a rejection of one
    of its invoices is not applied, and the reason says no invoice of Elevate was fetched
    for this report, not that the provider deleted it."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    first = reconcile_run(world, world.csv_path, books, tmp_path / "first.xlsx")
    (rejected, *_) = sorted(
        (m for m in _one_to_one(first) if m.invoices[0].provider_kind == "elevate"),
        key=lambda m: str(m.invoice_keys),
    )
    with Workspace.open(books) as workspace:
        workspace.record_decision(
            Decision(DecisionKind.REJECT, rejected.invoice_keys, rejected.line_keys)
        )
        (entry,) = [e for e in workspace.audit() if e.decision.kind is DecisionKind.REJECT]
    blocks = world.config.read_text(encoding="utf-8").split("[[providers]]")
    without = tmp_path / "without-elevate.toml"
    without.write_text(
        "[[providers]]".join(block for block in blocks if 'kind = "elevate"' not in block),
        encoding="utf-8",
    )
    out = tmp_path / "second.xlsx"
    _run(world, books, out, without)

    report = read_report(out)
    (number,) = [invoice.number for invoice in rejected.invoices]
    why = (
        f"{number} is not in this report: no invoice of Elevate (sandbox) was fetched for "
        f"it, {REJECTED_MEANS}"
    )
    assert _fact(report, "Decisions not applied") is not None
    assert _audit(report)[entry.id]["Not Applied"] == why


def test_a_run_that_applies_every_decision_says_nothing_of_it(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world, books = sandbox_env, tmp_path / "books.reconcile"
    first = reconcile_run(world, world.csv_path, books, tmp_path / "first.xlsx")
    match = _one_to_one(first)[0]
    with Workspace.open(books) as workspace:
        workspace.record_decision(
            Decision(DecisionKind.REJECT, match.invoice_keys, match.line_keys)
        )
    out = tmp_path / "second.xlsx"
    _run(world, books, out)

    report = read_report(out)
    assert _fact(report, "Decisions not applied") is None
    assert _fact(report, SECTION) is None
    (audit,) = _audit(report).values()
    assert audit["Not Applied"] is None
    assert "not applied" not in capsys.readouterr().err
