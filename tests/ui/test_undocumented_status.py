"""An invoice whose status word its provider does not document, in the window.

The real window and engine against the sandbox (``Sandbox.set_status``). Such an invoice
is kept, as UNKNOWN (research 4.3), and stored: its Status shows the provider's word, its
tooltip says that the word is undocumented and how the invoice is reconciled, and one
banner after the fetch (and as the workspace opens) names it, in the words ``fetch`` and
``reconcile`` print. Before, the word reached
only the log file; then the invoice was left out, its payment to show as unmatched.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import (
    UNDOCUMENTED_STATUS,
    CancelToken,
    Invoice,
    InvoiceStatus,
    has_undocumented_status,
    no_progress,
)
from desktop_app.ui.main_window import MainWindow
from desktop_app.workspace import Workspace
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs

pytestmark = pytest.mark.sandbox

TITLE = "Invoice statuses the provider does not document"
TREATED = (
    "its status is unknown, so it is reconciled as still owed (a payment of its amount is "
    "matched to it; with none it is listed as UNPAID_INVOICE): check its status at the "
    "provider"
)


def _fetch(qtbot: Any, window: MainWindow) -> None:
    """Fetch every invoice (F5, All dates) and wait until the fetch has ended."""
    with qtbot.waitSignal(window.runner.finished, timeout=120_000):
        window.fetch_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=120_000)


def _status_cell(window: MainWindow, invoice: Invoice) -> tuple[str, str]:
    """The invoice's Status on the Invoices screen: its text and its tooltip."""
    model = window.invoices.model
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Status"
    )
    row = model.row_of(invoice.key)
    assert row is not None
    index = model.index(row, column)
    return index.data(Qt.ItemDataRole.DisplayRole), index.data(Qt.ItemDataRole.ToolTipRole)


def test_an_undocumented_status_is_shown_as_the_providers_word_and_named_in_a_banner(
    qtbot: Any, demo: Any, runner: Any, tmp_path: Path, event_loop_qt: object
) -> None:
    sandbox, services = demo
    closed = [r for r in sandbox.dataset.elevate.invoices if r["billRunStatus"] != "OPEN"]
    odd, silent = closed[10], closed[11]
    sandbox.set_status("elevate", odd["id"], "SOMETHING_NEW")
    sandbox.set_status("elevate", silent["id"], None)
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), services=services, workspace=tmp_path / "m.rec"
    ) as window:
        _fetch(qtbot, window)

        held = {invoice.invoice_id: invoice for invoice in window.session.invoices}
        kept, bare = held[str(odd["id"])], held[str(silent["id"])]  # kept, not left out
        assert kept.status is bare.status is InvoiceStatus.UNKNOWN
        provider = kept.provider
        odd_said = f"paymentStatus 'SOMETHING_NEW' is not one Elevate documents; {TREATED}"
        silent_said = f"it has no paymentStatus; {TREATED}"
        assert _status_cell(window, kept) == ("SOMETHING_NEW", f"P{odd_said[1:]}.")
        assert _status_cell(window, bare) == ("Unknown", f"I{silent_said[1:]}.")
        (banner,) = [b for b in window.banners.banners() if b.title == TITLE]
        assert banner.level == "warning"
        assert banner.message == (
            f"2 invoices carry a status word their provider does not document, {provider}'s "
            f"invoice {odd['id']} ({odd['invoiceNumber']}) among them: see Details. Each is "
            "kept with its status unknown and reconciled as still owed: check their status "
            "at the provider."
        )
        assert banner.details_text.splitlines() == [
            f"{provider}: invoice {odd['id']} ({odd['invoiceNumber']}): {odd_said}",
            f"{provider}: invoice {silent['id']} ({silent['invoiceNumber']}): {silent_said}",
        ]
        assert not [b for b in window.banners.banners() if b.title.startswith("Invoices left out")]

        # Stored with the flag: the workspace opened again says the same.
        with qtbot.waitSignal(window.workflows.workspace_opened, timeout=60_000):
            window.workflows.open_workspace(tmp_path / "m.rec")
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
        reopened = {invoice.key: invoice for invoice in window.session.invoices}
        assert _status_cell(window, reopened[kept.key])[0] == "SOMETHING_NEW"
        (again,) = [b for b in window.banners.banners() if b.title == TITLE]
        assert (again.message, again.details_text) == (banner.message, banner.details_text)

        # The provider documents the word again: the next fetch takes the banner down.
        sandbox.set_status("elevate", odd["id"], "UNPAID")
        sandbox.set_status("elevate", silent["id"], "UNPAID")
        _fetch(qtbot, window)

        assert [b for b in window.banners.banners() if b.title == TITLE] == []
        refetched = next(i for i in window.session.invoices if i.key == kept.key)
        assert _status_cell(window, refetched) == ("Open", "provider says: UNPAID")


def test_one_undocumented_status_is_said_in_full_in_the_banner(
    qtbot: Any, demo: Any, runner: Any, tmp_path: Path, event_loop_qt: object
) -> None:
    sandbox, services = demo
    ci = sandbox.dataset.content_ignite.invoices[2]["id"]
    sandbox.set_status("content_ignite", ci, "REISSUED")
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), services=services, workspace=tmp_path / "m.rec"
    ) as window:
        _fetch(qtbot, window)

        kept = next(i for i in window.session.invoices if i.invoice_id == str(ci))
        said = f"status 'REISSUED' is not one Content Ignite is known to use; {TREATED}"
        (banner,) = [b for b in window.banners.banners() if b.title == TITLE]
        assert banner.message == f"{kept.provider}: invoice {ci}: {said}."
        assert _status_cell(window, kept) == ("REISSUED", f"S{said[1:]}.")


def test_an_undocumented_status_an_older_version_stored_unflagged_is_named_on_opening(
    qtbot: Any, demo: Any, runner: Any, tmp_path: Path, event_loop_qt: object
) -> None:
    """Before the flag existed, a fetch kept such an invoice as UNKNOWN with its word in
    ``status_raw`` and no flag, and the workspace stored it so: opened now, it showed
    "Unknown" with no warning. Content Ignite and Elevate map no word they document to
    UNKNOWN, so read back it is flagged, named and warned of as a fetched one is; Versori's
    invoices, UNKNOWN by design, are not."""
    sandbox, services = demo
    ci = sandbox.dataset.content_ignite.invoices[2]["id"]
    closed = [r for r in sandbox.dataset.elevate.invoices if r["billRunStatus"] != "OPEN"]
    odd = closed[10]
    sandbox.set_status("content_ignite", ci, "REISSUED")
    sandbox.set_status("elevate", odd["id"], "SOMETHING_NEW")
    # Fetched apart from the window's loop (running here), over real HTTP.
    with ThreadPoolExecutor(1) as apart:
        fetching = services.fetch_invoices(None, None, no_progress, CancelToken())
        fetched = apart.submit(asyncio.run, fetching).result()
    by_provider: dict[str, list[Invoice]] = {}
    for invoice in fetched.invoices:  # as stored before the flag existed
        unflagged = replace(invoice, flags=invoice.flags - {UNDOCUMENTED_STATUS})
        by_provider.setdefault(invoice.provider, []).append(unflagged)
    path = tmp_path / "older.rec"
    workspace = Workspace.create(path)
    for provider, invoices in by_provider.items():
        workspace.save_invoices(provider, invoices)
    workspace.close()
    assert not any(has_undocumented_status(i) for kept in by_provider.values() for i in kept)

    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), services=services, workspace=path
    ) as window:
        held = {invoice.invoice_id: invoice for invoice in window.session.invoices}
        kept_ci, kept_elevate = held[str(ci)], held[str(odd["id"])]
        ci_said = f"status 'REISSUED' is not one Content Ignite is known to use; {TREATED}"
        elevate_said = f"paymentStatus 'SOMETHING_NEW' is not one Elevate documents; {TREATED}"
        assert _status_cell(window, kept_ci) == ("REISSUED", f"S{ci_said[1:]}.")
        assert _status_cell(window, kept_elevate) == ("SOMETHING_NEW", f"P{elevate_said[1:]}.")
        (banner,) = [b for b in window.banners.banners() if b.title == TITLE]
        elevate_label = f"invoice {odd['id']} ({odd['invoiceNumber']})"
        assert sorted(banner.details_text.splitlines()) == sorted(
            [
                f"{kept_ci.provider}: invoice {ci}: {ci_said}",
                f"{kept_elevate.provider}: {elevate_label}: {elevate_said}",
            ]
        )
        versori = [i for i in window.session.invoices if i.provider_kind == "versori"]
        assert versori
        assert {i.status for i in versori} <= {InvoiceStatus.UNKNOWN, InvoiceStatus.DRAFT}
        assert not any(has_undocumented_status(i) for i in versori)
