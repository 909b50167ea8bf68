"""The status bar after a fetch that did not finish: Cancel pressed midway, or a provider
that failed. It used to say "Fetched 0 invoices issued ..." as after a fetch that had
found none, beside a banner saying the fetch stopped or failed. Now it says so first, as
the banners do. The real window and engine against the sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.main_window import MainWindow
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs
from tests.ui.test_fetch_cancel import _finished_providers

pytestmark = pytest.mark.sandbox

ELEVATE = "Elevate Billing"


def _status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_a_cancelled_fetch_says_it_was_cancelled_and_which_provider_stopped(
    qtbot: Any, demo: Any, runner: Any, tmp_path: Path, event_loop_qt: object
) -> None:
    sandbox, services = demo
    sandbox.faults.inject("elevate", "slow", path_contains="/invoices", delay=30.0)
    finished = _finished_providers(services)
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), services=services, workspace=tmp_path / "m.rec"
    ) as window:
        said: list[str] = []
        window.workflows.message.connect(said.append)
        window.fetch_action.trigger()
        qtbot.waitUntil(lambda: len(finished) == 2, timeout=60_000)
        assert window.runner.active(), "Elevate Billing is still waiting for its answer"
        with qtbot.waitSignal(window.session.invoices_changed, timeout=30_000):
            qtbot.mouseClick(window.task_status.cancel_button, Qt.MouseButton.LeftButton)
        fetched = len(window.session.invoices)
        [banner] = window.banners.banners()
        assert banner.title == "Fetch cancelled"
        assert _status(window) == (
            f"Fetch cancelled: {fetched:,} invoices of every date fetched; "
            f"{ELEVATE} stopped before it finished."
        )
        assert said[-1] == _status(window)


def test_a_fetch_a_provider_failed_says_it_finished_with_errors_naming_it(
    qtbot: Any, demo: Any, runner: Any, tmp_path: Path, event_loop_qt: object
) -> None:
    sandbox, services = demo
    sandbox.faults.inject("elevate", "401", path_contains="/invoices", times=5)
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), services=services, workspace=tmp_path / "m.rec"
    ) as window:
        with qtbot.waitSignal(window.session.invoices_changed, timeout=120_000):
            window.fetch_action.trigger()
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=120_000)
        fetched = len(window.session.invoices)
        assert fetched > 0  # the other providers' invoices are kept
        assert [banner.title for banner in window.banners.banners()] == [
            f"Could not fetch from {ELEVATE}"
        ]
        assert _status(window) == (
            f"Fetch finished with errors: {fetched:,} invoices of every date fetched; "
            f"could not fetch from {ELEVATE}."
        )


def test_a_fetch_that_finished_still_says_what_it_fetched(
    qtbot: Any, demo: Any, runner: Any, tmp_path: Path, event_loop_qt: object
) -> None:
    """A guard: the plain wording after a fetch every provider answered is unchanged."""
    _sandbox, services = demo
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), services=services, workspace=tmp_path / "m.rec"
    ) as window:
        with qtbot.waitSignal(window.session.invoices_changed, timeout=120_000):
            window.fetch_action.trigger()
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=120_000)
        assert window.banners.banners() == []
        fetched = len(window.session.invoices)
        assert _status(window) == f"Fetched {fetched:,} invoices of every date."
