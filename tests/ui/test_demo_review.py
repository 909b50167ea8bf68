"""The demo shows the review path: the engine's suggestions, and accepting one.

The sample statements paid every invoice plainly, so ``desktop-app --demo`` ended with 41
matches made for sure and nothing to review: the "Needs review" filter was empty and
Accept had nothing to act on. They now hold payments only the accountant can settle
(``sandbox.statements.payments_to_review``): a remittance quoting two of customer 1013's
open £955.43 invoices and paying one of them, and £1,200.00 on account of EL-2025-00179
quoting it as "EL-2025-0179". The real window, engine, sandbox and shipped statements,
started as ``run_demo`` starts them (``load_demo``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.app import load_demo, when_reconciled
from desktop_app.domain import DecisionKind, Match, MatchState
from desktop_app.ui.backend.demo import start_demo
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.reconcile_view import NEEDS_REVIEW
from desktop_app.workspace import RecentWorkspaces
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs

pytestmark = [pytest.mark.sandbox, pytest.mark.slow]

REMITTANCE = ("current-account-2.xlsx", 23)  # "EL-2025-00138 EL-2025-00167 CUSTOMER 1013"
ON_ACCOUNT = ("current-account-2.xlsx", 43)  # "EL-2025-0179 CUSTOMER 1047", £1,200.00
PLANTED = {
    ("EL-2025-00138", REMITTANCE),
    ("EL-2025-00167", REMITTANCE),
    ("EL-2025-00179", ON_ACCOUNT),
}


@pytest.fixture
def demo_window(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: Any
) -> Iterator[tuple[MainWindow, EngineServices]]:
    """The demo's window once its first run is in, on the Reconcile screen."""
    demo = start_demo(tmp_path)  # the shipped sample statements, as run_demo
    services = EngineServices(
        demo.settings, WorkspaceBackend(RecentWorkspaces(tmp_path)), today=demo.sandbox.today
    )
    try:
        with engine_window(
            qtbot, runner, tmp_path, ScriptedDialogs(), services=services, screen="reconcile"
        ) as window:
            reconciled: list[MainWindow] = []
            when_reconciled(window, reconciled.append)
            load_demo(window, demo)
            qtbot.waitUntil(lambda: bool(reconciled), timeout=180_000)
            qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
            yield window, services
    finally:
        demo.sandbox.stop()


def _pairing(match: Match) -> tuple[str, tuple[str, int]]:
    [invoice], [line] = match.invoices, match.lines
    return invoice.number, (line.source_file, line.row)


def _suggested(window: MainWindow) -> dict[tuple[str, tuple[str, int]], Match]:
    return {_pairing(m): m for m in window.session.matches if m.state is MatchState.SUGGESTED}


def test_the_demo_offers_the_planted_payments_for_review(
    demo_window: tuple[MainWindow, EngineServices],
) -> None:
    window, _ = demo_window
    suggested = _suggested(window)
    assert set(suggested) == PLANTED
    # The payments to review took nothing from what the demo matched for sure.
    assert sum(m.state is MatchState.AUTO for m in window.session.matches) == 52

    # Which of the two invoices the remittance pays, nothing tells: each names the other.
    older = suggested["EL-2025-00138", REMITTANCE]
    newer = suggested["EL-2025-00167", REMITTANCE]
    assert older.explanation.startswith("reference EL-2025-00138 in text; amount equal")
    assert "EL-2025-00167" in (older.runner_up or "")
    assert "EL-2025-00138" in (newer.runner_up or "")
    on_account = suggested["EL-2025-00179", ON_ACCOUNT]
    assert on_account.explanation.startswith(
        "reference EL-2025-00179 (without its leading zeros) in text; paid £1,200.00 of £1,272.26"
    )

    view = window.reconcile
    view.state_combo.setCurrentIndex(view.state_combo.findText(NEEDS_REVIEW))
    shown = {_pairing(view.model.item_at(row)) for row in range(view.model.rowCount())}
    assert shown == PLANTED


def test_accepting_a_suggestion_in_the_demo_records_the_decision(
    qtbot: Any, demo_window: tuple[MainWindow, EngineServices]
) -> None:
    window, services = demo_window
    chosen = _suggested(window)["EL-2025-00138", REMITTANCE]
    view = window.reconcile
    view.state_combo.setCurrentIndex(view.state_combo.findText(NEEDS_REVIEW))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.table.setFocus()
    view.table.select_keys([match_key(chosen)])
    qtbot.keyClick(view.table, Qt.Key.Key_A)

    [invoice], [line] = chosen.invoices, chosen.lines
    assert window.session.invoice_state(invoice.key) is MatchState.ACCEPTED
    accepts = [d for d in services.decisions() if d.kind is DecisionKind.ACCEPT]
    assert [(d.invoice_keys, d.line_keys) for d in accepts] == [((invoice.key,), (line.key,))]
    trail = [row.decision.kind for row in services.audit_trail(invoice=invoice.key)]
    assert DecisionKind.ACCEPT in trail
    # Decided, it leaves "Needs review"; the payment on account still waits there.
    shown = {_pairing(view.model.item_at(row)) for row in range(view.model.rowCount())}
    assert ("EL-2025-00138", REMITTANCE) not in shown
    assert ("EL-2025-00179", ON_ACCOUNT) in shown
