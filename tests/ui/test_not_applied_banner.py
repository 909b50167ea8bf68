"""The window says, after a run, which decisions in force it did not apply, on the real
window, engine and workspace.

A decision naming an invoice or a line the run does not hold is not applied: a rejection
of an invoice no longer fetched refuses nothing, an accept leaves its line to be matched
anew. The exported workbook listed each ("Decisions in force that this run did not
apply", the Audit sheet's Not Applied), and the window said nothing of them. A banner now
says so after the run, its details naming each in the workbook's words.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.domain import Decision, DecisionKind, InvoiceKey, LineKey
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.banner import Banner
from desktop_app.ui.workflows import NOT_APPLIED_TITLE
from desktop_app.workspace import Workspace
from tests.export.readback import cell_values, read_report
from tests.ui import factories as f
from tests.ui.engine_window import matched_window
from tests.ui.screens import export_banner

INVOICES = (f.invoice(1, "250.00"), f.invoice(2, "100.00"))
LINES = (
    f.line(11, "-250.00", description="INV-00001 PAYMENT"),
    f.line(12, "-100.00", description="INV-00002 PAYMENT"),
)
# Elevate's invoice, never fetched into this workspace; a statement it does not hold
ELSEWHERE = InvoiceKey("Elevate", "53839")
OTHER_LINE = LineKey("march.csv", 7)
REJECTED_MEANS = "so nothing in this report can repeat the pairing it refused"
SECTION = "Decisions in force that this run did not apply"


def _decide(workspace: Workspace) -> None:
    """A rejection the run applies, one it cannot (its invoice is not in the run), and
    one naming nothing the run holds (another period's invoice and statement)."""
    for invoices, lines in (
        ((INVOICES[1].key,), (LINES[1].key,)),
        ((ELSEWHERE,), (LINES[0].key,)),
        ((ELSEWHERE,), (OTHER_LINE,)),
    ):
        workspace.record_decision(
            Decision(DecisionKind.REJECT, invoices, lines, reason="not this one")
        )


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(
        qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES, prepare=_decide
    ) as shown:
        yield shown


def _said(window: MainWindow) -> list[Banner]:
    return [b for b in window.banners.banners() if b.title == NOT_APPLIED_TITLE]


def _section(path: Path) -> list[tuple[object, ...]]:
    """The workbook's section of decisions not applied, read back: Entry, Action and Why
    Not Applied of each row under its header."""
    header, *rows = cell_values(read_report(path).summary_block(SECTION), 8)
    assert (header[0], header[3], header[7]) == ("Entry", "Action", "Why Not Applied")
    return [(row[0], row[3], row[7]) for row in rows]


def test_the_run_names_each_decision_it_did_not_apply_as_the_report_does(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    entries = [
        e.id
        for e in window.workflows._services.workspace.workspace.audit()  # type: ignore[attr-defined]
        if e.decision.kind is DecisionKind.REJECT
    ]
    applied, set_aside, elsewhere = entries
    (banner,) = _said(window)
    why = f"53839 is not in this report: no invoice of Elevate was fetched for it, {REJECTED_MEANS}"
    assert banner.message == (
        "This run did not apply 2 decisions in force: an invoice or statement line each "
        "names is not in the run. Details names each and why, as the exported report does."
    )
    assert banner.details_text.split("\n") == [
        f"reject #{set_aside} of 53839 (Elevate:53839) with bank.csv:11: {why}",
        (
            "1 more decision not applied names no invoice or statement line of this report "
            "(another period's), so the Audit sheet does not list it"
        ),
    ]
    assert f"#{applied} " not in banner.details_text  # applied: no finding
    assert f"#{elsewhere} " not in banner.details_text  # counted: the Audit lists it not

    # The exported workbook names the same decision in the same words.
    report = tmp_path / "report.xlsx"
    assert export_banner(qtbot, window, report).startswith("Report exported")
    assert _section(report) == [(set_aside, "reject", why)]
    assert len(_said(window)) == 1


def test_a_run_that_applies_every_decision_takes_the_banner_away(qtbot, window: MainWindow) -> None:
    services = window.workflows._services
    for entry in services.workspace.workspace.audit():  # type: ignore[attr-defined]
        if entry.decision.kind is DecisionKind.REJECT and ELSEWHERE in entry.decision.invoice_keys:
            services.undo_decision(entry.id)
    assert len(_said(window)) == 1  # said of the run shown, until it runs again
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
    assert _said(window) == []
