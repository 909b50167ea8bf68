"""Cancel pressed during a fetch, through the real window and engine against the sandbox:
the providers that had finished are saved and shown, the others named as cancelled."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.backend.engine_services import EngineServices
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs

pytestmark = pytest.mark.sandbox


def _finished_providers(services: EngineServices) -> list[str]:
    """The "<provider>: N invoices fetched" messages, as the engine reports them (the
    window's progress is throttled, so it may show only some)."""
    finished: list[str] = []
    fetch = services.fetcher.fetch

    async def watched(date_from, date_to, progress, cancel, *waiting):  # type: ignore[no-untyped-def]
        def spy(done: int, total: int | None, message: str) -> None:
            if message.endswith("invoices fetched"):
                finished.append(message)
            progress(done, total, message)

        return await fetch(date_from, date_to, spy, cancel, *waiting)

    services.fetcher.fetch = watched  # type: ignore[method-assign]
    return finished


def test_cancel_during_a_fetch_shows_and_keeps_the_providers_that_had_finished(
    qtbot, demo, runner, tmp_path: Path, event_loop_qt
) -> None:
    sandbox, services = demo
    sandbox.faults.inject("elevate", "slow", path_contains="/invoices", delay=30.0)
    finished = _finished_providers(services)
    workspace = tmp_path / "month-end.reconcile"
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), services=services, workspace=workspace
    ) as window:
        window.fetch_action.trigger()
        qtbot.waitUntil(lambda: len(finished) == 2, timeout=60_000)
        assert window.runner.active(), "Elevate Billing is still waiting for its answer"
        with qtbot.waitSignal(window.session.invoices_changed, timeout=30_000):
            qtbot.mouseClick(window.task_status.cancel_button, Qt.MouseButton.LeftButton)

        shown = window.session.invoices
        assert {invoice.provider for invoice in shown} == {"Content Ignite", "Versori"}
        assert window.invoices.model.rowCount() == len(shown)
        [banner] = window.banners.banners()
        assert banner.title == "Fetch cancelled"
        assert banner.message == (
            "Elevate Billing stopped before it finished: its invoices were not fetched this "
            "time; fetch again to get them. The invoices fetched from the other providers "
            "are kept."
        )
        stored = services.workspace.workspace.load_invoices()
        assert {invoice.key for invoice in stored} == {invoice.key for invoice in shown}
