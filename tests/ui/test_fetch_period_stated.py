"""*Fetch invoices* offers the dates the statements cover, as ``reconcile`` fetches by
default: a CAMT stating 1 to 30 November whose movements run 3 to 26 November is offered
1 to 30 November, imported into the window or held by a workspace it opens; a statement
stored before the period was kept is offered its movements' dates. The real window,
engine and workspace; the question's offer recorded, and answered Cancel."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop_app.statements import import_statement
from desktop_app.ui.fetch_period import PeriodOffer
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace, file_sha256
from tests.pipeline.test_reconcile_stated_period import november_camt
from tests.ui.engine_window import WizardDialogs, engine_window, import_with_wizard

NOVEMBER = (date(2025, 11, 1), date(2025, 11, 30))


@pytest.fixture
def app(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[tuple[MainWindow, WizardDialogs]]:
    dialogs = WizardDialogs(qtbot)
    with engine_window(qtbot, runner, tmp_path, dialogs) as window:
        yield window, dialogs


def offered(window: MainWindow, dialogs: WizardDialogs) -> PeriodOffer:
    """Press Fetch invoices and answer Cancel: what the question offered."""
    dialogs.answers["choose_fetch_period"] = deque([None])
    window.fetch_action.trigger()
    [offer] = [args[0] for name, args in dialogs.asked if name == "choose_fetch_period"]
    return offer


def test_a_statement_imported_is_offered_the_period_it_states(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    window, dialogs = app
    camt = november_camt(tmp_path / "nov.camt.xml")
    import_with_wizard(qtbot, window, dialogs, camt, lambda wizard: None)  # Import as read
    assert window.session.covered() == NOVEMBER
    offer = offered(window, dialogs)
    assert (offer.start, offer.end) == NOVEMBER
    assert offer.source.startswith("The statements' dates (1 Nov 2025 to 30 Nov 2025)")


def _open(qtbot: Any, window: MainWindow, books: Path) -> None:
    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=60_000):
        window.workflows.open_workspace(books)
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)


@pytest.mark.parametrize(
    ("kept", "period"),
    [(True, NOVEMBER), (False, (date(2025, 11, 3), date(2025, 11, 26)))],
    ids=["stated-period-kept", "stored-before"],
)
def test_a_workspace_reopened_offers_the_period_its_statement_states(
    qtbot: Any,
    app: tuple[MainWindow, WizardDialogs],
    tmp_path: Path,
    kept: bool,
    period: tuple[date, date],
) -> None:
    """Kept as an import keeps it, the CAMT's stated period comes back with it; stored
    with the layout a statement was kept with before, its movements' dates are offered."""
    window, dialogs = app
    camt = november_camt(tmp_path / "nov.camt.xml")
    imported = import_statement(camt)
    layout = imported.stored_layout() if kept else {"format": imported.format}
    books = tmp_path / "books.reconcile"
    with Workspace.create(books) as workspace:
        workspace.add_statement(camt.name, file_sha256(camt), layout, imported.lines)
    _open(qtbot, window, books)
    offer = offered(window, dialogs)
    assert (offer.start, offer.end) == period
