"""The demo shows the discrepancies its sample statements were planted with, and no other.

``desktop-app --demo`` is the first thing a newcomer sees, so each discrepancy it lists
should tell a story planted on purpose: a fee taken, a payment split or made twice, the
part the provider records as paid, a payment missing, a line that pays no invoice, a
payment left for review. The samples were two statements planned apart: an invoice
issued in the first one's last days was paid in neither, its payment drawn after the
first ended and the second paying only invoices of its own period, so the demo listed 18
invoices (the 1 October batch among them) as status conflicts or unpaid, which nobody
planted. Here the demo's reconciliation (the shipped statements imported as ``load_demo``
imports them, the invoices of their period fetched from the demo's sandbox, then
matched) is held to the plans the generator made them from.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from desktop_app.domain import (
    CancelToken,
    Discrepancy,
    InvoiceKey,
    Reconciliation,
    no_progress,
)
from desktop_app.sandbox.statements import (
    StatementPlan,
    closing_balance,
    write_csv,
    write_xlsx,
)
from desktop_app.statements.covered import statements_range
from desktop_app.ui.backend.demo import DEMO_CURRENCY, start_demo
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import ColumnMapping
from desktop_app.workspace import RecentWorkspaces
from tests.sandbox.sample_script import sample_script

pytestmark = pytest.mark.sandbox

# A discrepancy by its type and what it is about: an invoice (provider and id), or a
# statement line (file and row).
Key = tuple[str, InvoiceKey | tuple[str, int]]


def test_the_demo_reports_what_its_samples_planted_and_nothing_else(tmp_path: Path) -> None:
    script = sample_script()
    first, second = script.plan_samples()
    # the rows the plans' lines are written to, as in the shipped files
    first_rows = write_csv(first, tmp_path / script.FIRST)
    second_rows = write_xlsx(second, tmp_path / script.SECOND, opening=closing_balance(first))
    late = first.late | second.late
    planted = _planted(first, script.FIRST, first_rows, late)
    planted |= _planted(second, script.SECOND, second_rows, late)

    run = _demo_reconciliation(tmp_path / "demo")
    reported = {_reported(item) for item in run.discrepancies}

    numbers = {invoice.key: invoice.number for invoice in run.invoices}
    assert _named(reported - planted, numbers) == [], "reported, but planted by no plan"
    assert _named(planted - reported, numbers) == [], "planted, but not reported"
    # None is reported missing because a statement ended before its payment came.
    assert sorted(numbers.get(key, key.invoice_id) for key in late) == []


def _planted(plan: StatementPlan, source: str, rows: list[int], late: set[InvoiceKey]) -> set[Key]:
    """The plan's discrepancies (its lines written to ``source``'s ``rows``), less those of
    invoices a statement's end left unpaid (``late``): the calendar's, not a story."""
    planted: set[Key] = set()
    for item in plan.discrepancies:
        if item.invoice is not None:
            if item.invoice not in late:
                planted.add((item.type.value, item.invoice))
        else:
            assert item.line_index is not None
            planted.add((item.type.value, (source, rows[item.line_index])))
    return planted


def _reported(item: Discrepancy) -> Key:
    if item.invoice is not None:
        return item.type.value, item.invoice.key
    # One line that pays no invoice (a batch's discrepancy, of several invoices, would
    # fail here: none is planted).
    [line] = item.lines
    return item.type.value, (line.source_file, line.row)


def _named(keys: set[Key], numbers: dict[InvoiceKey, str]) -> list[str]:
    """Each discrepancy in words, for the failure to say which."""
    return sorted(
        f"{kind} {numbers.get(about, about.invoice_id)}"
        if isinstance(about, InvoiceKey)
        else f"{kind} {about[0]} row {about[1]}"
        for kind, about in keys
    )


def _demo_reconciliation(folder: Path) -> Reconciliation:
    """What the demo's window shows once its first run is in, without the window: the
    shipped sample statements imported as ``load_demo`` imports them (in pounds), the
    invoices issued in their period fetched from the demo's sandbox, then matched."""
    folder.mkdir()
    demo = start_demo(folder)  # the shipped sample statements, as run_demo
    services = EngineServices(
        demo.settings, WorkspaceBackend(RecentWorkspaces(folder)), today=demo.sandbox.today
    )
    try:
        assert [path.name for path in demo.statements] == [
            "current-account-1.csv",
            "current-account-2.xlsx",
        ]
        mapping = ColumnMapping(None, {}, currency=DEMO_CURRENCY)
        imported = [
            services.import_statement(path, mapping, no_progress, CancelToken())
            for path in demo.statements
        ]
        lines = [line for result in imported for line in result.lines]
        # the period *Fetch invoices* offers for them (``Session.covered``)
        period = statements_range(lines, {result.source_file: result.stated for result in imported})
        assert period is not None
        fetched = asyncio.run(
            services.fetch_invoices(period[0], period[1], no_progress, CancelToken())
        )
        assert not fetched.failures
        return services.reconcile(fetched.invoices, lines, (), no_progress, CancelToken())
    finally:
        asyncio.run(services.aclose())
        demo.sandbox.stop()
