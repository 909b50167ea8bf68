"""A file the import refuses (damaged, cut short, empty) is said in a banner whose Details
say what to do, not a traceback, and the status bar says that file's import failed
rather than go on claiming the import before it. A fetch refused for want of a provider
is likewise said with what to do. A bug keeps its traceback: support needs it. The real
window, engine, wizard and workspace."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.banner import Banner
from tests.ui.engine_window import (
    WizardDialogs,
    engine_window,
    import_with_wizard,
    start_import,
)

GOOD = "Date,Description,Amount\n01/10/2025,Rent,-900.00\n02/10/2025,Client X,1500.00\n"


def _truncated_workbook() -> bytes:
    """A real workbook cut off half-way, as a download cut short leaves it."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Date", "Description", "Amount"])
    sheet.append(["01/10/2025", "Rent", -900])
    data = io.BytesIO()
    workbook.save(data)
    whole = data.getvalue()
    return whole[: len(whole) // 2]


BAD_FILES = {
    "corrupt.xlsx": b"PK\x03\x04garbage not really a zip",
    "truncated.xlsx": _truncated_workbook(),
    "empty.csv": b"",
    "blank-lines.csv": b"\n\n\n",
}


@pytest.fixture
def app(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[tuple[MainWindow, WizardDialogs]]:
    """The window on a workspace, holding a good statement imported through the wizard."""
    dialogs = WizardDialogs(qtbot)
    with engine_window(
        qtbot, runner, tmp_path, dialogs, workspace=tmp_path / "books.reconcile"
    ) as window:
        good = tmp_path / "client-oct.csv"
        good.write_text(GOOD, encoding="utf-8")
        import_with_wizard(qtbot, window, dialogs, good, lambda wizard: None)
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
        assert window.statusBar().currentMessage() == "Imported 2 lines from client-oct.csv."
        yield window, dialogs


def _opened_details(qtbot: Any, banner: Banner) -> str:
    """The banner's Details as the accountant reads them: the button pressed."""
    assert banner.details_button.isVisible()
    qtbot.mouseClick(banner.details_button, Qt.MouseButton.LeftButton)
    assert banner.details.isVisible()
    return banner.details.toPlainText()


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_refused_file_says_what_to_do_and_the_status_bar_says_it_failed(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path, name: str
) -> None:
    window, dialogs = app
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    with qtbot.waitSignal(window.runner.failed, timeout=60_000):
        start_import(window, dialogs, path)
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
    banner = window.banners.banners()[-1]
    assert banner.title == f"Reading {name} failed"
    assert banner.message.startswith(f"{name}: cannot be imported: ")
    details = _opened_details(qtbot, banner)
    assert "Traceback" not in details
    assert ".py" not in details
    assert "download it again, or export it again from the bank" in details
    assert "set its header row and its columns' roles in the import wizard" in details
    assert window.statusBar().currentMessage() == (
        f"Import of {name} failed: nothing was imported."
    )
    assert dialogs.reviews() == 1  # the good file's wizard: none for a file with no rows
    assert window.services.workspace.workspace.statement_files() == ("client-oct.csv",)
    assert {line.source_file for line in window.session.lines} == {"client-oct.csv"}


def test_a_fetch_with_no_provider_says_what_to_do(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs]
) -> None:
    window, _ = app
    # said in the fetch's own banners, not through the runner's ``failed``
    with qtbot.waitSignal(window.runner.finished, timeout=60_000):
        window.fetch_action.trigger()
    banner = window.banners.banners()[-1]
    assert banner.title == "Fetching invoices failed"
    assert banner.message == "no providers are configured: add one under Settings"
    details = _opened_details(qtbot, banner)
    assert "Traceback" not in details
    assert details.startswith("Correct the provider settings on the Settings screen")


def test_a_bug_keeps_its_traceback_for_support(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path, monkeypatch: Any
) -> None:
    """An error that is no refusal of the accountant's input is a bug: its traceback is
    what the Details hold, and the status bar still says the import failed."""
    window, dialogs = app

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("layout")

    monkeypatch.setattr(window.services.statements, "preview", broken)
    path = tmp_path / "feb.csv"
    path.write_text(GOOD, encoding="utf-8")
    with qtbot.waitSignal(window.runner.failed, timeout=60_000):
        start_import(window, dialogs, path)
    banner = window.banners.banners()[-1]
    assert banner.title == "Reading feb.csv failed"
    details = _opened_details(qtbot, banner)
    assert details.startswith("Traceback (most recent call last):")
    assert "KeyError: 'layout'" in details
    assert window.statusBar().currentMessage() == "Import of feb.csv failed: nothing was imported."
