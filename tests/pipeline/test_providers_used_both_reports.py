"""The window's report and ``reconcile --workspace``'s of one situation say the same
"Providers used": each configured provider, in order, with the invoices fetched for the
period (0 for one that returned none), those taken in for a decision counted apart."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.domain import (
    CancelToken,
    Decision,
    DecisionKind,
    FetchPeriod,
    Invoice,
    InvoiceStatus,
    LineKey,
    no_progress,
)
from desktop_app.secrets import InMemoryKeyring, KeyringSecretSource
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.workspace import RecentWorkspaces, Workspace
from tests.export.readback import Report, read_report
from tests.pipeline.conftest import World
from tests.pipeline.statement_files import HEADER, store, write

pytestmark = pytest.mark.sandbox

# Late January: the sandbox's Elevate issued one invoice in it, Content Ignite and Versori
# none (``World``'s seed).
PERIOD = FetchPeriod(date(2025, 1, 20), date(2025, 1, 31))


def _december_invoice(world: World) -> Invoice:
    """An open invoice issued in December 2024, before the period."""
    return next(
        invoice
        for invoice in world.invoices
        if invoice.issue_date == date(2024, 12, 1)
        and invoice.status is InvoiceStatus.OPEN
        and invoice.expects_payment
    )


def _book(path: Path, statement: Path, december: Invoice) -> Path:
    """A workspace holding December's invoice (an earlier fetch), the statement, and the
    accountant's hand match of it with the statement's first line: the run takes it in."""
    path.parent.mkdir(exist_ok=True)
    with Workspace.create(path) as workspace:
        workspace.save_fetch(
            {december.provider: [december]}, date_from=date(2024, 12, 1), date_to=date(2024, 12, 31)
        )
        store(workspace, statement)
        workspace.record_decision(
            Decision(DecisionKind.MANUAL_MATCH, (december.key,), (LineKey(statement.name, 2),))
        )
    return path


def _window_report(world: World, books: Path, out: Path) -> Path:
    """What the window exports: fetch the period, match what it holds, export."""
    settings = ProviderSettings(world.config, KeyringSecretSource(backend=InMemoryKeyring()))
    engine = EngineServices(settings, WorkspaceBackend(RecentWorkspaces(out.parent / "config")))
    try:
        contents = engine.open_workspace(books)
        fetched = asyncio.run(
            engine.fetch_invoices(PERIOD.start, PERIOD.end, no_progress, CancelToken())
        )
        assert not fetched.failures
        decisions = engine.decisions()
        run = engine.reconcile(
            fetched.invoices, contents.lines, decisions, no_progress, CancelToken()
        )
        assert run.taken_in  # the situation holds an invoice taken in
        return engine.export_report(run, decisions, out, no_progress, CancelToken(), fetched=PERIOD)
    finally:
        asyncio.run(engine.aclose())


def _cells(report: Report, title: str) -> list[list[tuple[Any, str, str]]]:
    """A Summary block cell by cell: value, type and number format."""
    return [
        [(cell.value, cell.data_type, cell.number_format) for cell in row[:3]]
        for row in report.summary_block(title)
    ]


def _fact(report: Report, name: str) -> object:
    row = next(r for r in report.book["Summary"].iter_rows(max_row=30) if r[0].value == name)
    return row[1].value


def test_the_window_and_reconcile_list_the_same_providers_used(
    sandbox_env: World, tmp_path: Path
) -> None:
    """Before, the window counted the report's invoices by provider: Content Ignite and
    Versori, which returned none, were left out, and December's invoice taken in was
    counted as one fetched; ``reconcile`` listed every provider with what it fetched."""
    world = sandbox_env
    december = _december_invoice(world)
    jan = write(
        tmp_path / "jan.csv",
        HEADER + f"2025-01-22,BANK GIRO CREDIT,{december.gross.amount}\n2025-01-28,Tea,-3\n",
    )
    cli_out = tmp_path / "cli" / "report.xlsx"
    code = main(
        ["reconcile", "--config", str(world.config), "--statement", str(jan),
         "--workspace", str(_book(tmp_path / "cli" / "books.reconcile", jan, december)),
         "--currency", "GBP", "--out", str(cli_out),
         "--from", PERIOD.start.isoformat(), "--to", PERIOD.end.isoformat()]
    )  # fmt: skip
    assert code == 0
    window_books = _book(tmp_path / "window" / "books.reconcile", jan, december)
    window_out = _window_report(world, window_books, tmp_path / "window" / "report.xlsx")

    cli, window = read_report(cli_out), read_report(window_out)
    assert _cells(window, "Providers used") == _cells(cli, "Providers used")
    assert [[value for value, _, _ in row] for row in _cells(cli, "Providers used")] == [
        ["Provider", "Kind", "Invoices"],
        ["Content Ignite (sandbox)", "content_ignite", 0],
        ["Versori (sandbox)", "versori", 0],
        ["Elevate (sandbox)", "elevate", 1],
    ]
    for report in (cli, window):  # the taken-in invoice counted once, on its own row
        assert _fact(report, "Invoices") == 1
        assert _fact(report, "Invoices taken in") == 1
