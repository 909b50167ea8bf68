"""Decisions whose invoice changed at the provider after they were made, in the window.

The real window over the real engine and a real workspace, against the sandbox providers,
whose data is changed between fetches: an invoice's amount, a write-off, a deletion. The
accountant must learn that their decisions now rest on changed invoices (a banner, a
mark on each row, "Needs review"), and deciding again must clear the mark.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import Invoice, Match, MatchState
from desktop_app.sandbox import Sandbox
from desktop_app.sandbox.statements import plan_statement, write_csv
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import Role
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.reconcile_view import ALL, FLAGGED, NEEDS_REVIEW
from tests.ui.engine_window import engine_window, open_and_match
from tests.ui.fakes import ScriptedDialogs

pytestmark = [pytest.mark.sandbox, pytest.mark.slow]

MARK = "⚠"
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)


@pytest.fixture
def app_window(
    qtbot: Any, demo: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: Any
) -> Iterator[MainWindow]:
    _, services = demo
    with engine_window(
        qtbot,
        runner,
        tmp_path,
        ScriptedDialogs(),
        services=services,
        screen="reconcile",
        workspace=tmp_path / "month-end.reconcile",
    ) as window:
        yield window


def fetch(qtbot: Any, window: MainWindow) -> None:
    """Fetch every invoice, and wait for what it sets off (matching again) to finish."""
    with qtbot.waitSignal(window.session.invoices_changed, timeout=120_000):
        window.fetch_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)


def fetched_imported_and_matched(
    qtbot: Any, window: MainWindow, sandbox: Sandbox, folder: Path
) -> None:
    """Every invoice fetched, a statement paying many of them imported, and matched."""
    fetch(qtbot, window)
    plan = plan_statement(
        window.session.invoices,
        start=sandbox.today - timedelta(days=120),
        end=sandbox.today,
        seed=3,
    )
    path = folder / "bank.csv"
    write_csv(plan, path)
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.workflows.import_files([path])
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=120_000):
        window.match_action.trigger()


def elevate_matches(window: MainWindow, count: int) -> list[Match]:
    """The engine's first ``count`` matches of one Elevate invoice with one line."""
    found = [
        match
        for match in window.session.matches
        if match.state is MatchState.AUTO
        and len(match.invoices) == 1
        and len(match.lines) == 1
        and match.invoices[0].provider_kind == "elevate"
    ]
    assert len(found) >= count, "the planted statement pays too few Elevate invoices"
    return found[:count]


def edit(sandbox: Sandbox, invoice: Invoice, **changes: Any) -> None:
    """Elevate's row of ``invoice`` now says ``changes``: a new row in its place (the
    sandbox keeps each row's wire text, so a row is replaced, never changed)."""
    rows = sandbox.dataset.elevate.invoices
    (position,) = [i for i, row in enumerate(rows) if str(row["id"]) == invoice.invoice_id]
    rows[position] = {**rows[position], **changes}


def change_amount(sandbox: Sandbox, invoice: Invoice) -> None:
    """Elevate now bills it for 5.00 more (a correction after the accountant decided)."""
    edit(sandbox, invoice, invoiceTotalAmount=invoice.gross.amount + Decimal("5.00"))


def write_off(sandbox: Sandbox, invoice: Invoice) -> None:
    edit(sandbox, invoice, paymentStatus="WRITTEN_OFF")


def delete(sandbox: Sandbox, invoice: Invoice) -> None:
    rows = sandbox.dataset.elevate.invoices
    rows[:] = [row for row in rows if str(row["id"]) != invoice.invoice_id]


def decide(qtbot: Any, window: MainWindow, match: Match, key: Qt.Key) -> None:
    """Select the row of ``match``'s pairing and press ``key`` (A, R or U)."""
    view = window.reconcile
    view.state_combo.setCurrentIndex(view.state_combo.findText(ALL))
    # The offscreen platform can drop the window's activation when its layout changes
    # under a banner; the accountant's window is active when they type.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.table.setFocus()
    view.table.select_keys([match_key(match)])
    assert view.table.current_item() is not None
    qtbot.keyClick(view.table, key)


def state_cell(window: MainWindow, match: Match) -> tuple[str, str | None]:
    """The state cell's text and tooltip on the row of ``match``'s pairing (all shown)."""
    view = window.reconcile
    view.state_combo.setCurrentIndex(view.state_combo.findText(ALL))
    model = view.model
    row = model.row_of(match_key(match))
    assert row is not None, f"no row for {match_key(match)}"
    index = model.index(row, 0)
    return model.data(index), model.data(index, TOOLTIP)


def shown_with(window: MainWindow, choice: str) -> set[Any]:
    view = window.reconcile
    view.state_combo.setCurrentIndex(view.state_combo.findText(choice))
    model = view.model
    return {model.data(model.index(row, 0), Role.KEY) for row in range(model.rowCount())}


def flagged_in_workspace(window: MainWindow) -> set[Any]:
    workspace = window.services.workspace.workspace  # type: ignore[attr-defined]
    return {item.entry.decision.pairing for item in workspace.decisions_needing_review()}


def test_a_fetch_that_flags_decisions_says_so_marks_their_rows_and_redeciding_clears_them(
    qtbot: Any, app_window: MainWindow, demo: Any, tmp_path: Path
) -> None:
    """Four decisions, then Elevate changes their invoices: two amounts, a write-off and a
    deletion. The fetch's banner counts them with why and names the first few; each row
    still shown is marked, its tooltip saying what changed; "Needs review" and "Invoice
    changed since decided" list them. Accepting one again, unmatching one and rejecting
    one each clear its mark (in the workspace as on screen); undo brings it back."""
    sandbox, _ = demo
    window = app_window
    fetched_imported_and_matched(qtbot, window, sandbox, tmp_path)
    amount, written_off, gone, rejected_later = elevate_matches(window, 4)
    decide(qtbot, window, amount, Qt.Key.Key_A)
    decide(qtbot, window, written_off, Qt.Key.Key_R)
    decide(qtbot, window, gone, Qt.Key.Key_A)
    decide(qtbot, window, rejected_later, Qt.Key.Key_A)
    assert window.banners.banners() == []
    change_amount(sandbox, amount.invoices[0])
    write_off(sandbox, written_off.invoices[0])
    delete(sandbox, gone.invoices[0])
    change_amount(sandbox, rejected_later.invoices[0])

    fetch(qtbot, window)

    (banner,) = window.banners.banners()
    assert (banner.level, banner.title) == ("warning", "4 decisions need review")
    assert "2 amount changed" in banner.message
    assert "1 void or written off" in banner.message
    assert "1 no longer returned by its provider" in banner.message
    first = amount.invoices[0]
    assert f"Elevate Billing {first.label} (accepted): amount changed from" in banner.message
    assert "and 1 more" in banner.message
    assert f"Elevate Billing {gone.invoices[0].label}: accepted by" in banner.details_text
    assert "“Needs review”" in banner.message

    text, tip = state_cell(window, amount)
    assert text == f"{MARK} Accepted"
    assert tip is not None
    assert "amount changed from" in tip
    assert "Accept (A) it again" in tip
    text, tip = state_cell(window, written_off)
    assert text == f"{MARK} Rejected"
    assert tip is not None
    assert "status changed from" in tip
    assert "to uncollectible" in tip
    # The deleted invoice is off the lists, and its row with it (matching ran again).
    unlisted = "(1 not listed)"
    assert window.reconcile.review_label.text() == f"{MARK} 4 decisions need review {unlisted}"
    flagged = {match_key(m) for m in (amount, written_off, gone, rejected_later)}
    listed = flagged - {match_key(gone)}
    assert shown_with(window, FLAGGED) == listed
    needing = shown_with(window, NEEDS_REVIEW)
    suggested = {match_key(m) for m in window.session.matches if m.state is MatchState.SUGGESTED}
    assert needing == listed | suggested
    assert flagged_in_workspace(window) == flagged

    view = window.reconcile
    view.table.select_keys([match_key(amount)])
    assert view.accept_action.isEnabled()  # an accepted row, but flagged: accept it again
    assert "again" in view.accept_action.toolTip()
    assert "amount changed from" in view.detail.review.text()
    decide(qtbot, window, amount, Qt.Key.Key_A)  # it still stands: confirmed again
    assert state_cell(window, amount) == ("Accepted", None)
    assert flagged_in_workspace(window) == flagged - {match_key(amount)}
    assert shown_with(window, FLAGGED) == listed - {match_key(amount)}
    assert window.reconcile.review_label.text() == f"{MARK} 3 decisions need review {unlisted}"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert state_cell(window, amount)[0] == f"{MARK} Accepted"
    assert flagged_in_workspace(window) == flagged
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert state_cell(window, amount) == ("Accepted", None)

    decide(qtbot, window, written_off, Qt.Key.Key_U)  # the rejection withdrawn
    decide(qtbot, window, rejected_later, Qt.Key.Key_R)
    assert state_cell(window, rejected_later) == ("Rejected", None)
    assert flagged_in_workspace(window) == {match_key(gone)}
    assert window.reconcile.review_label.text() == f"{MARK} 1 decision needs review {unlisted}"


def test_flags_show_again_when_the_workspace_is_reopened(
    qtbot: Any, app_window: MainWindow, demo: Any, tmp_path: Path
) -> None:
    """Flags raised in one session and not yet decided again are the next session's: the
    banner says so on opening, and the rows are marked."""
    sandbox, services = demo
    window = app_window
    fetched_imported_and_matched(qtbot, window, sandbox, tmp_path)
    (amount,) = elevate_matches(window, 1)
    decide(qtbot, window, amount, Qt.Key.Key_A)
    change_amount(sandbox, amount.invoices[0])
    fetch(qtbot, window)
    window.banners.banners()[0].dismissed.emit()

    open_and_match(qtbot, window, services.workspace_path())

    (banner,) = window.banners.banners()
    assert banner.title == "1 decision needs review"
    assert f"Elevate Billing {amount.invoices[0].label} (accepted)" in banner.message
    text, tip = state_cell(window, amount)
    assert text == f"{MARK} Accepted"
    assert tip is not None
    assert "amount changed from" in tip
    assert shown_with(window, FLAGGED) == {match_key(amount)}


def test_an_invoice_no_longer_returned_leaves_the_window_as_reopening_would_show(
    qtbot: Any, app_window: MainWindow, demo: Any, tmp_path: Path
) -> None:
    """Elevate deletes an invoice the accountant had accepted a payment for. After the
    fetch the window holds it no longer (the Invoices screen, the Reconcile screen's
    lists, matching), as reopening the workspace shows: not for the rest of the session
    only. Matching ran again, so no row pairs it; the status bar says it was taken off."""
    sandbox, services = demo
    window = app_window
    fetched_imported_and_matched(qtbot, window, sandbox, tmp_path)
    gone, _ = elevate_matches(window, 2)
    decide(qtbot, window, gone, Qt.Key.Key_A)
    (invoice,) = gone.invoices
    delete(sandbox, invoice)
    said: list[str] = []
    window.workflows.message.connect(said.append)

    fetch(qtbot, window)

    assert any("1 invoice is no longer returned by the provider" in note for note in said)
    held = {i.key for i in window.session.invoices}
    assert invoice.key not in held
    listed = window.invoices.model
    assert listed.row_of(invoice.key) is None
    assert window.reconcile.invoices_panel.model.row_of(invoice.key) is None
    assert all(invoice.key not in m.invoice_keys for m in window.session.matches)
    pairings = {match_key(m) for m in window.session.matches}

    open_and_match(qtbot, window, services.workspace_path())

    assert {i.key for i in window.session.invoices} == held
    assert {match_key(m) for m in window.session.matches} == pairings
