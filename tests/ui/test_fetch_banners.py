"""A fetch's banners say what the latest fetch did, not what each fetch said in turn.

A provider's failure ("Could not fetch from Elevate Billing: …") and a fetch that failed
as a whole stayed up through every later fetch, one more for each failure worded
differently, the failure still shown after a fetch had fetched from that provider. Now
a new fetch replaces the banners of the fetch before, as an export does, and one that
succeeds leaves none. The real window and engine against the sandbox.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.ui.main_window import MainWindow
from desktop_app.workspace import WorkspaceFullError
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs

pytestmark = pytest.mark.sandbox

ELEVATE = "Elevate Billing"


def _fetch(qtbot: Any, window: MainWindow) -> None:
    """Fetch every invoice (F5, All dates) and wait until the fetch has ended."""
    with qtbot.waitSignal(window.runner.finished, timeout=120_000):
        window.fetch_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=120_000)


def _shown(window: MainWindow) -> list[tuple[str, str]]:
    return [(banner.level, banner.title) for banner in window.banners.banners()]


def test_a_fetch_that_succeeds_takes_the_failure_of_the_fetch_before_down(
    qtbot: Any, demo: Any, runner: Any, tmp_path: Path, event_loop_qt: object
) -> None:
    sandbox, services = demo
    sandbox.faults.inject("elevate", "401", path_contains="/invoices", times=5)
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), services=services, workspace=tmp_path / "m.rec"
    ) as window:
        _fetch(qtbot, window)
        assert _shown(window) == [("error", f"Could not fetch from {ELEVATE}")]
        sandbox.faults.clear()

        _fetch(qtbot, window)

        assert _shown(window) == []
        assert ELEVATE in {invoice.provider for invoice in window.session.invoices}


def test_a_second_failure_replaces_the_first_rather_than_stacking(
    qtbot: Any, demo: Any, runner: Any, tmp_path: Path, event_loop_qt: object
) -> None:
    """Two fetches failing differently: only the latest's word stands."""
    sandbox, services = demo
    sandbox.faults.inject("elevate", "401", path_contains="/invoices", times=5)
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), services=services, workspace=tmp_path / "m.rec"
    ) as window:
        _fetch(qtbot, window)
        [first] = window.banners.banners()
        sandbox.faults.clear()
        sandbox.faults.inject("elevate", "login_page", path_contains="/invoices", times=5)

        _fetch(qtbot, window)

        [latest] = window.banners.banners()
        assert latest.title == f"Could not fetch from {ELEVATE}"
        assert latest.message != first.message


def test_a_fetch_that_succeeds_takes_down_a_fetch_that_failed_as_a_whole(
    qtbot: Any,
    demo: Any,
    runner: Any,
    tmp_path: Path,
    event_loop_qt: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The workspace refused to store the fetch (the disk full); freed, the next fetch
    stores it and the failure goes."""
    _, services = demo
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), services=services, workspace=tmp_path / "m.rec"
    ) as window:
        workspace = services.workspace.workspace

        def full(*args: object, **kwargs: object) -> None:
            raise WorkspaceFullError(workspace.path)

        monkeypatch.setattr(workspace, "save_fetch", full)
        _fetch(qtbot, window)
        assert _shown(window) == [("error", "Fetching invoices failed")]
        monkeypatch.undo()

        _fetch(qtbot, window)

        assert _shown(window) == []
        assert window.session.invoices
