"""Cancel during a large import's save, through the real window, engine and workspace.

Reading a 200,000-row file takes seconds, comparing its lines with the workspace's
seconds more and saving them longer. The status bar must say how far the comparison and
the save are, Cancel must stop either with nothing stored (the workspace as it was) and
the window must say so once it has stopped; the commit, which cannot be stopped, is
shown as such with Cancel disabled.

The worker is held at a chosen progress message so that Cancel lands in the step under
test whatever the machine's speed; everything else is the real thing.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import CancelToken, ProgressCallback
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping, ImportResult
from desktop_app.ui.tasks import PROGRESS_INTERVAL_S, TaskRunner
from desktop_app.ui.views.task_status import TaskStatus
from tests.ui.engine_window import dialogs_of, engine_services, engine_window
from tests.ui.fakes import ScriptedDialogs

KEPT = "Date,Description,Amount\n2025-03-01,Keep me,-5.00\n"


def _big(path: Path, count: int) -> Path:
    rows = (f"2025-03-{1 + row % 28:02d},Payment {row},-{row}.00" for row in range(count))
    path.write_text("Date,Description,Amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


class _Hold:
    """Holds the import's worker at the first progress message starting with ``at``
    (of ``path``'s import, if given, and when ``halfway``, at half its total or past it),
    after that message has reached the window, until ``release``."""

    def __init__(
        self, services: EngineServices, at: str, path: Path | None = None, halfway: bool = False
    ) -> None:
        self.reached, self.released = threading.Event(), threading.Event()
        self.message = ""  # the one it is held at
        self.heard: list[str] = []  # every message of the import, in order
        original = services.import_statement

        def import_statement(
            path_now: Path,
            mapping: ColumnMapping | None,
            progress: ProgressCallback,
            cancel: CancelToken,
            reviewed: str | None = None,
        ) -> ImportResult:
            def held(done: int, total: int | None, message: str) -> None:
                self.heard.append(message)
                if (
                    message.startswith(at)
                    and path in (None, path_now)
                    and not (halfway and (total is None or 2 * done < total))
                    and not self.reached.is_set()
                ):
                    self.message = message
                    time.sleep(PROGRESS_INTERVAL_S * 2)  # past the runner's throttle
                    progress(done, total, message)
                    self.reached.set()
                    assert self.released.wait(30)
                else:
                    progress(done, total, message)

            return original(path_now, mapping, held, cancel, reviewed)

        services.import_statement = import_statement  # type: ignore[method-assign]

    def release(self) -> None:
        self.released.set()


@pytest.fixture
def services(tmp_path: Path) -> EngineServices:
    return engine_services(tmp_path)


@pytest.fixture
def window(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, services: EngineServices, event_loop_qt: object
) -> Iterator[MainWindow]:
    with engine_window(
        qtbot,
        runner,
        tmp_path,
        ScriptedDialogs(),
        services=services,
        screen="statements",
        workspace=tmp_path / "books.reconcile",
    ) as window:
        yield window


def _press_import(window: MainWindow, path: Path) -> None:
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["choose_statement"] = deque([path])
    dialogs.answers["review_import"] = deque([ColumnMapping(None, {}, currency="GBP")])
    window.statements.import_button.click()


def _import_kept(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    kept = tmp_path / "kept.csv"
    kept.write_text(KEPT, encoding="utf-8")
    _press_import(window, kept)
    qtbot.waitUntil(lambda: len(window.session.lines) == 1, timeout=30_000)
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=30_000)


def _messages(window: MainWindow) -> list[str]:
    said: list[str] = []
    window.workflows.message.connect(said.append)
    return said


def _cancel_when_held(
    qtbot: Any,
    window: MainWindow,
    hold: _Hold,
    said: list[str],
    name: str,
    at_bar: Callable[[TaskStatus], None] = lambda status: None,
) -> None:
    """Once the import of ``name`` is held, with the status bar saying the message it is
    held at (and whatever ``at_bar`` checks there), press Cancel, let the worker go on,
    and wait until the window says nothing was added and the worker has stopped."""
    try:
        qtbot.waitUntil(hold.reached.is_set, timeout=60_000)
        status = window.task_status
        qtbot.waitUntil(lambda: status.label.text() == f"Importing {name}: {hold.message}")
        at_bar(status)
        assert status.cancel_button.isEnabled()
        qtbot.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)
    finally:
        hold.release()
    nothing_added = f"Import of {name} cancelled: nothing was added to the workspace."
    qtbot.waitUntil(lambda: nothing_added in said, timeout=30_000)
    qtbot.waitUntil(lambda: window.runner.pool.activeThreadCount() == 0, timeout=30_000)


def test_cancel_while_saving_stops_the_save_and_stores_nothing(
    qtbot: Any, window: MainWindow, services: EngineServices, tmp_path: Path
) -> None:
    _import_kept(qtbot, window, tmp_path)
    hold = _Hold(services, "saving 2,000 of 6,000 lines")
    said = _messages(window)
    _press_import(window, _big(tmp_path / "big.csv", 6_000))
    _cancel_when_held(qtbot, window, hold, said, "big.csv")  # the save says how far it is

    assert [line.source_file for line in window.session.lines] == ["kept.csv"]
    workspace = services.workspace.workspace
    assert workspace.statement_files() == ("kept.csv",)
    assert [line.source_file for line in workspace.load_lines()] == ["kept.csv"]
    assert not [b for b in window.banners.banners() if "Cancel was pressed" in b.label.text()]
    assert not [message for message in said if message.startswith("Imported")]


def test_cancel_while_reading_the_file_stops_it_at_the_next_stage(
    qtbot: Any, window: MainWindow, services: EngineServices, tmp_path: Path
) -> None:
    """Reading a large file takes seconds before anything is compared or saved: the status
    says which stage it is in, and Cancel stops the reading at the next one, freeing the
    worker then, not after the whole file is read."""
    _import_kept(qtbot, window, tmp_path)
    hold = _Hold(services, "reading 6,001 rows", tmp_path / "big.csv")
    said = _messages(window)
    _press_import(window, _big(tmp_path / "big.csv", 6_000))
    _cancel_when_held(qtbot, window, hold, said, "big.csv")

    assert hold.heard == ["reading big.csv", "finding the columns of 6,001 rows", hold.message]
    assert [line.source_file for line in window.session.lines] == ["kept.csv"]
    assert services.workspace.workspace.statement_files() == ("kept.csv",)


def test_the_preview_says_which_stage_of_reading_it_is_in(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    """The wizard's preview reads the whole file first, on a worker: its status names the
    stages too, not only "Reading big.csv"."""
    seen: list[tuple[str, str]] = []
    window.runner.progressed.connect(lambda handle: seen.append((handle.name, handle.message)))
    _press_import(window, _big(tmp_path / "big.csv", 6_000))
    qtbot.waitUntil(lambda: len(window.session.lines) == 6_000, timeout=60_000)
    assert ("Reading big.csv", "finding the columns of 6,001 rows") in seen


def test_the_same_file_again_says_it_is_checked_and_can_be_cancelled_there(
    qtbot: Any, window: MainWindow, services: EngineServices, tmp_path: Path
) -> None:
    """The very same file again stores nothing, but checking it still reads as it did
    compares every stored line: that was said as "finishing the save (it can no longer
    be cancelled)", with Cancel disabled, though there was nothing to save."""
    big = _big(tmp_path / "big.csv", 6_000)
    _press_import(window, big)
    qtbot.waitUntil(lambda: len(window.session.lines) == 6_000, timeout=60_000)
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=30_000)
    hold = _Hold(services, "checking it reads as big.csv in the workspace did")
    said = _messages(window)
    _press_import(window, big)
    _cancel_when_held(qtbot, window, hold, said, "big.csv")
    assert not [message for message in hold.heard if message.startswith("finishing the save")]
    assert len(window.session.lines) == 6_000
    assert len(services.workspace.workspace.load_lines()) == 6_000


def test_the_commit_cannot_be_cancelled_and_says_so(
    qtbot: Any, window: MainWindow, services: EngineServices, tmp_path: Path
) -> None:
    hold = _Hold(services, "finishing the save")
    said = _messages(window)
    _press_import(window, _big(tmp_path / "big.csv", 3_000))
    try:
        qtbot.waitUntil(hold.reached.is_set, timeout=60_000)  # it says it is finishing
        status = window.task_status
        qtbot.waitUntil(
            lambda: (
                status.label.text()
                == "Importing big.csv: finishing the save (it can no longer be cancelled)"
            )
        )
        assert not status.cancel_button.isEnabled()
        (handle,) = window.runner.active()
        window.runner.cancel(handle)  # refused, as the disabled button says
        assert window.runner.active() == [handle]
    finally:
        hold.release()
    qtbot.waitUntil(lambda: "Imported 3,000 lines from big.csv." in said, timeout=30_000)
    assert len(window.session.lines) == 3_000
    assert len(services.workspace.workspace.load_lines()) == 3_000
    assert not [b for b in window.banners.banners() if "Cancel was pressed" in b.label.text()]


def test_cancel_while_comparing_a_reimport_stops_it_and_stores_nothing(
    qtbot: Any, window: MainWindow, services: EngineServices, tmp_path: Path
) -> None:
    """A later download repeating all of a statement the workspace holds: the seconds of
    comparing its lines with the workspace's say how far they are, and Cancel there
    stops the import with nothing stored."""
    big = _big(tmp_path / "big.csv", 6_000)
    _press_import(window, big)
    qtbot.waitUntil(lambda: len(window.session.lines) == 6_000, timeout=60_000)
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=30_000)
    again = tmp_path / "again.csv"
    again.write_text(big.read_text(encoding="utf-8") + "2025-03-28,One more,-1.00\n")
    hold = _Hold(services, "comparing 6,001 lines with the workspace (", again, halfway=True)
    said = _messages(window)
    _press_import(window, again)

    def half_way(status: TaskStatus) -> None:  # half way through comparing
        assert status.bar.maximum() == 4 * 6_001
        assert 2 * 6_001 <= status.bar.value() < 4 * 6_001

    _cancel_when_held(qtbot, window, hold, said, "again.csv", half_way)

    assert {line.source_file for line in window.session.lines} == {"big.csv"}
    workspace = services.workspace.workspace
    assert workspace.statement_files() == ("big.csv",)
    assert len(workspace.load_lines()) == 6_000
    assert not [message for message in said if message.startswith("Imported")]


def test_cancel_while_reading_for_the_wizard_says_nothing_was_imported(
    qtbot: Any, window: MainWindow, services: EngineServices, tmp_path: Path
) -> None:
    """Cancel pressed while the file is still being read for the wizard: the wizard never
    opens and the status bar says nothing was imported. The task's bar going away was all
    that used to say it (an exploratory test found the status bar still showing the note
    of the step before)."""
    reached, released = threading.Event(), threading.Event()
    original = services.preview_statement

    def preview_statement(path: Path, sheet: str | None = None, encoding: str | None = None) -> Any:
        reached.set()
        assert released.wait(30)
        return original(path, sheet, encoding)

    services.preview_statement = preview_statement  # type: ignore[method-assign]
    said = _messages(window)
    _press_import(window, _big(tmp_path / "big.csv", 100))
    try:
        qtbot.waitUntil(reached.is_set, timeout=30_000)
        status = window.task_status
        qtbot.waitUntil(lambda: status.label.text().startswith("Reading big.csv"))
        qtbot.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)
    finally:
        released.set()
    qtbot.waitUntil(lambda: window.runner.pool.activeThreadCount() == 0, timeout=30_000)
    assert said == ["Reading big.csv cancelled: nothing was imported."]
    assert window.statusBar().currentMessage() == said[0]
    assert "review_import" not in [asked[0] for asked in dialogs_of(window, ScriptedDialogs).asked]
    assert window.session.lines == []
