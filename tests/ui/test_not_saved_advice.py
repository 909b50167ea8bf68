""" "Decision not saved" says what to do in its Details, as a task's refusal does.

With no workspace open the window still reconciles (the statements and invoices held in
the session), but a decision is kept in a workspace: pressing A was refused, and the
banner said "no workspace is open" with nothing behind Details. Its Details now hold the
refusal's advice (``tasks.NO_WORKSPACE``: create or open one, and what that does to what
the window holds). The real window and engine; the providers' answer is given, not
fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import CancelToken, ProgressCallback, WaitingCallback
from desktop_app.providers import FetchResult as ProviderFetch
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping
from desktop_app.ui.tasks import NO_WORKSPACE, TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs
from tests.ui.screens import decide

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2))


class _Answer:
    """The providers' answer, in place of fetching it: Content Ignite's ``INVOICES``."""

    async def fetch(
        self,
        date_from: date | None,
        date_to: date | None,
        progress: ProgressCallback,
        cancel: CancelToken,
        waiting: WaitingCallback,
    ) -> ProviderFetch:
        return ProviderFetch({"Content Ignite": INVOICES})


@pytest.fixture
def window(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[MainWindow]:
    """The Reconcile screen with no workspace open, its statement and invoices matched."""
    bank = tmp_path / "bank.csv"
    bank.write_text(
        "Date,Description,Amount,Currency\n"
        "2026-01-05,Payment INV-00001,-150.00,GBP\n"
        "2026-01-06,Payment INV-00002,-250.00,GBP\n",
        encoding="utf-8",
    )
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), screen="reconcile") as window:
        window.services.fetcher = _Answer()  # type: ignore[attr-defined]
        window.workflows.load_and_match([bank], ColumnMapping(None, {}))
        qtbot.waitUntil(
            lambda: window.session.reconciliation is not None and not window.runner.active(),
            timeout=60_000,
        )
        assert window.services.workspace_path() is None
        yield window


def test_a_decision_with_no_workspace_open_says_to_open_one_in_its_details(
    qtbot: Any, window: MainWindow
) -> None:
    decide(qtbot, window, 1, Qt.Key.Key_A)
    [banner] = [b for b in window.banners.banners() if b.title == "Decision not saved"]
    assert "no workspace is open" in banner.message
    assert banner.details_button.isVisible()
    qtbot.mouseClick(banner.details_button, Qt.MouseButton.LeftButton)
    assert banner.details.toPlainText() == NO_WORKSPACE
