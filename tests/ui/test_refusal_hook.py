"""A refusal escaping a slot of the window is said with what to do, not as a crash.

The application's last-resort handler (``app._banner_hook``) showed every exception that
escaped a slot as "Unexpected error" with a traceback, a refusal too (no workspace open):
it read as a crash, and told the accountant nothing they could act on. A refusal now has
the advice a task's refusal has (``tasks.ADVICE``); a bug keeps its traceback. The real
window and engine, the handler installed as the application installs it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app import app
from desktop_app.ui.backend.workspace_backend import NoWorkspaceError
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import NO_WORKSPACE, TaskRunner
from desktop_app.ui.views.banner import Banner
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs


@pytest.fixture
def window(
    qtbot: Any,
    runner: TaskRunner,
    tmp_path: Path,
    event_loop_qt: object,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[MainWindow]:
    """The window with the application's handler for what escapes its slots."""
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs()) as window:
        monkeypatch.setattr(sys, "excepthook", app._banner_hook(window))
        yield window


def _details(qtbot: Any, banner: Banner) -> str:
    qtbot.mouseClick(banner.details_button, Qt.MouseButton.LeftButton)
    return banner.details.toPlainText()


def _raising(error: Exception) -> Any:
    def raising(*args: object) -> None:
        raise error

    return raising


def test_a_refusal_escaping_a_menu_action_is_said_with_what_to_do(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    refusal = NoWorkspaceError("no workspace is open: create or open one (File menu)")
    monkeypatch.setattr(window.services, "about", _raising(refusal))
    window.about_action.trigger()
    [banner] = window.banners.banners()
    assert (banner.level, banner.title, banner.message) == (
        "error",
        "Not done",
        "no workspace is open: create or open one (File menu)",
    )
    assert _details(qtbot, banner) == NO_WORKSPACE


def test_a_bug_escaping_a_menu_action_keeps_its_traceback(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(window.services, "about", _raising(KeyError("version")))
    window.about_action.trigger()
    [banner] = window.banners.banners()
    assert (banner.title, banner.message) == ("Unexpected error", "'version'")
    assert _details(qtbot, banner).startswith("Traceback (most recent call last):")
