"""The status bar after a fetch or an export that failed: it went on saying what the work
before had done ("Imported 2 lines from client-oct.csv.", "Exported report.xlsx."), only
the banner saying the fetch or export had failed. Now it says what failed and what was
kept: a fetch refused kept the invoices fetched before, in the window and the workspace;
an export refused wrote no report, and one already at the name chosen is as it was. A
bug claims neither (it may have come after the store, or the write). The real window,
engine and workspace; the providers' answer is given, not fetched. (A fetch's failure is
said in the fetch's own banners, not through the runner's ``failed``: the tests wait for
the fetch to finish.)
"""

from __future__ import annotations

import errno
from collections import deque
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import CancelToken, ProgressCallback, WaitingCallback
from desktop_app.export import atomic
from desktop_app.providers import FetchResult as ProviderFetch
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.banner import Banner
from desktop_app.workspace import Workspace, WorkspaceFullError
from tests.ui import factories as f
from tests.ui.engine_window import engine_window, open_and_match
from tests.ui.fakes import ScriptedDialogs

KEPT = "Fetch failed: no invoices were added or changed; those fetched before are kept."


def _status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def _details(qtbot: Any, banner: Banner) -> str:
    qtbot.mouseClick(banner.details_button, Qt.MouseButton.LeftButton)
    return banner.details.toPlainText()


# -- fetch -------------------------------------------------------------------------------
class _Answer:
    """The providers' answer, in place of fetching it: each fetch hands back the next."""

    def __init__(self, *invoices: tuple[int, ...]) -> None:
        self._answers = [
            ProviderFetch({"Content Ignite": tuple(f.invoice(n) for n in numbers)})
            for numbers in invoices
        ]

    async def fetch(
        self,
        date_from: date | None,
        date_to: date | None,
        progress: ProgressCallback,
        cancel: CancelToken,
        waiting: WaitingCallback,
    ) -> ProviderFetch:
        return self._answers.pop(0)


@pytest.fixture
def fetched(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[MainWindow]:
    """The window on a workspace holding a fetch of invoices 1 and 2, the next fetch's
    answer invoices 3 and 4; the status bar saying what the first fetched."""
    books = tmp_path / "books.reconcile"
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), workspace=books) as window:
        window.services.fetcher = _Answer((1, 2), (3, 4))  # type: ignore[attr-defined]
        with qtbot.waitSignal(window.session.invoices_changed, timeout=30_000):
            window.workflows.fetch()
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=30_000)
        assert _status(window).startswith("Fetched 2 invoices")
        yield window


def _held(window: MainWindow) -> tuple[set[str], set[str]]:
    """The invoices' numbers as the window lists them, and as the workspace keeps them."""
    stored = window.services.workspace.workspace.load_invoices()  # type: ignore[attr-defined]
    return {i.number for i in window.session.invoices}, {i.number for i in stored}


def test_a_fetch_the_workspace_refuses_to_store_says_the_invoices_before_are_kept(
    qtbot: Any, fetched: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = fetched
    workspace = window.services.workspace.workspace  # type: ignore[attr-defined]

    def full(*args: object, **kwargs: object) -> None:
        raise WorkspaceFullError(workspace.path)

    monkeypatch.setattr(workspace, "save_fetch", full)
    with qtbot.waitSignal(window.runner.finished, timeout=30_000):
        window.workflows.fetch()
    assert _status(window) == KEPT
    [banner] = window.banners.banners()
    assert banner.title == "Fetching invoices failed"
    assert "the disk is full" in banner.message
    monkeypatch.undo()
    before = {"INV-00001", "INV-00002"}
    assert _held(window) == (before, before)


def test_a_fetch_with_no_provider_says_the_invoices_before_are_kept(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> None:
    """No provider configured: refused before anything is fetched."""
    books = tmp_path / "books.reconcile"
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), workspace=books) as window:
        window.statusBar().showMessage("Imported 2 lines from client-oct.csv.")
        with qtbot.waitSignal(window.runner.finished, timeout=30_000):
            window.fetch_action.trigger()
        assert _status(window) == KEPT
        [banner] = window.banners.banners()
        assert banner.message == "no providers are configured: add one under Settings"


def test_a_bug_in_a_fetch_says_it_failed_and_claims_nothing_kept(
    qtbot: Any, fetched: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = fetched

    async def broken(*args: object) -> None:
        raise KeyError("invoices")

    monkeypatch.setattr(window.services.fetcher, "fetch", broken)  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.runner.finished, timeout=30_000):
        window.workflows.fetch()
    assert _status(window) == "Fetch failed."
    [banner] = window.banners.banners()
    assert _details(qtbot, banner).startswith("Traceback (most recent call last):")


# -- export ------------------------------------------------------------------------------
def _books(folder: Path) -> Path:
    """A workspace of three invoices and the lines paying them."""
    books = folder / "month-end.reconcile"
    with Workspace.create(books) as workspace:
        workspace.save_invoices("Content Ignite", [f.invoice(i, f"{i}00.00") for i in (1, 2, 3)])
        lines = [f.line(i + 1, f"-{i}00.00") for i in (1, 2, 3)]
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, lines)
    return books


@pytest.fixture
def matched(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[tuple[MainWindow, ScriptedDialogs]]:
    """The window on a matched workspace; the status bar saying an export went well."""
    dialogs = ScriptedDialogs()
    with engine_window(qtbot, runner, tmp_path, dialogs) as window:
        open_and_match(qtbot, window, _books(tmp_path))
        window.statusBar().showMessage("Exported last-month.xlsx.")
        yield window, dialogs


def _export(qtbot: Any, window: MainWindow, dialogs: ScriptedDialogs, path: Path) -> None:
    dialogs.answers["choose_export_path"] = deque([path])
    with qtbot.waitSignal(window.runner.finished, timeout=30_000):
        window.export_action.trigger()


def test_an_export_to_a_missing_folder_says_no_report_was_written(
    qtbot: Any, matched: tuple[MainWindow, ScriptedDialogs], tmp_path: Path
) -> None:
    window, dialogs = matched
    _export(qtbot, window, dialogs, tmp_path / "gone" / "report.xlsx")
    assert _status(window) == "Export failed: no report was written."
    [banner] = window.banners.banners()
    assert banner.title == "Exporting failed"
    assert "does not exist" in banner.message


def test_an_export_refused_as_it_saves_says_the_report_already_there_is_as_it_was(
    qtbot: Any,
    matched: tuple[MainWindow, ScriptedDialogs],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The disk full as the workbook is flushed: the old report is not replaced."""
    window, dialogs = matched
    report = tmp_path / "report.xlsx"
    report.write_bytes(b"last month's report")

    def full(path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_fsync_file", full)
    _export(qtbot, window, dialogs, report)
    assert _status(window) == (
        "Export failed: no report was written; the report.xlsx already there is as it was."
    )
    assert "the disk is full" in window.banners.banners()[-1].message
    assert report.read_bytes() == b"last month's report"
    assert sorted(p.name for p in tmp_path.glob("*.xlsx*")) == ["report.xlsx"]


def test_a_bug_in_an_export_says_it_failed_claiming_nothing_of_the_file(
    qtbot: Any,
    matched: tuple[MainWindow, ScriptedDialogs],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, dialogs = matched

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("sheet")

    monkeypatch.setattr(window.services, "export_report", broken)
    _export(qtbot, window, dialogs, tmp_path / "report.xlsx")
    assert _status(window) == "Export failed."
    [banner] = window.banners.banners()
    assert _details(qtbot, banner).startswith("Traceback (most recent call last):")
