"""Movements missing between two statements, said in a banner by the real window over the
real engine: after an import, after a removal and when a workspace opens, in a workspace
and in a session without one.

January's statement closes at £200.00; March's opens at £1,950.00. Each file ties on its
own, so only comparing them says February's movements are missing. Imports go through the
Import button (the wizard answered as detected) and run on the task runner's worker
thread, as in the application.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.banner import Banner
from tests.statements.overlap_files import ACCOUNT
from tests.ui.engine_window import dialogs_of, engine_window
from tests.ui.fakes import ScriptedDialogs

OTHER_ACCOUNT = "GB82WEST12345698765432"
TITLE = "Movements missing between statements"
GAP = (
    "mar.csv opens at £1,950.00 on 3 Mar 2025 but jan.csv closed at £200.00 on 5 Jan 2025: "
    "£1,750.00 of movements are missing between them."
)


def _csv(folder: Path, name: str, rows: str, account: str = ACCOUNT) -> Path:
    path = folder / name
    path.write_text(
        f"Account,{account}\n\nDate,Description,Amount,Currency,Balance\n{rows}", encoding="utf-8"
    )
    return path


@pytest.fixture(params=["session", "workspace"])
def window(
    request: pytest.FixtureRequest,
    qtbot: Any,
    runner: TaskRunner,
    tmp_path: Path,
    event_loop_qt: object,
) -> Iterator[MainWindow]:
    books = tmp_path / "books.reconcile" if request.param == "workspace" else None
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), screen="statements", workspace=books
    ) as window:
        yield window


def _import(qtbot: Any, window: MainWindow, path: Path) -> None:
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["choose_statement"] = deque([path])
    dialogs.answers["review_import"] = deque([ColumnMapping(None, {})])
    with qtbot.waitSignal(
        window.workflows.message,
        timeout=60_000,
        check_params_cb=lambda said: said.startswith("Imported"),
    ):
        window.statements.import_button.click()


def _remove(qtbot: Any, window: MainWindow, source_file: str) -> None:
    view = window.statements
    view.file_combo.setCurrentIndex(view.file_combo.findData(source_file))
    dialogs_of(window, ScriptedDialogs).answers["confirm"] = deque([True])
    with qtbot.waitSignal(
        window.workflows.message,
        timeout=60_000,
        check_params_cb=lambda said: said.startswith("Removed"),
    ):
        view.remove_button.click()


def _breaks(window: MainWindow) -> list[Banner]:
    return [banner for banner in window.banners.banners() if banner.title.startswith(TITLE)]


def test_a_gap_is_said_until_the_statement_between_is_imported(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    _import(qtbot, window, _csv(tmp_path, "jan.csv", "2025-01-05,Rent,-800.00,GBP,200.00\n"))
    assert _breaks(window) == []
    _import(qtbot, window, _csv(tmp_path, "mar.csv", "2025-03-03,Tea,-3.00,GBP,1947.00\n"))
    [banner] = _breaks(window)
    assert (banner.level, banner.title, banner.message) == ("warning", TITLE, GAP)
    assert banner.details_text == GAP
    assert banner.isVisibleTo(window)

    # February's statement chains the two: nothing is missing any more, and nothing said.
    february = "2025-02-03,Salary,1750.00,GBP,1950.00\n"
    _import(qtbot, window, _csv(tmp_path, "feb.csv", february))
    assert _breaks(window) == []

    # Taken out again, the gap is back.
    _remove(qtbot, window, "feb.csv")
    [banner] = _breaks(window)
    assert banner.message == GAP


def test_a_gap_dismissed_is_not_said_again_for_another_accounts_import(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    _import(qtbot, window, _csv(tmp_path, "jan.csv", "2025-01-05,Rent,-800.00,GBP,200.00\n"))
    _import(qtbot, window, _csv(tmp_path, "mar.csv", "2025-03-03,Tea,-3.00,GBP,1947.00\n"))
    [banner] = _breaks(window)
    banner.close_button.click()
    assert _breaks(window) == []
    other = _csv(tmp_path, "savings.csv", "2025-02-01,Interest,1.00,GBP,501.00\n", OTHER_ACCOUNT)
    _import(qtbot, window, other)
    assert _breaks(window) == []
    # A second gap: the banner names both.
    _import(qtbot, window, _csv(tmp_path, "apr.csv", "2025-04-02,Tea,-3.00,GBP,1000.00\n"))
    [banner] = _breaks(window)
    assert banner.title == f"{TITLE} (2 breaks)"
    second = (
        "apr.csv opens at £1,003.00 on 2 Apr 2025 but mar.csv closed at £1,947.00 on "
        "3 Mar 2025: -£944.00 of movements are missing between them."
    )
    assert banner.message == f"{GAP} {second}"
    assert banner.details_text == f"{GAP}\n{second}"


def test_opening_a_workspace_says_its_gaps(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> None:
    books = tmp_path / "books.reconcile"
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), screen="statements", workspace=books
    ) as window:
        _import(qtbot, window, _csv(tmp_path, "jan.csv", "2025-01-05,Rent,-800.00,GBP,200.00\n"))
        _import(qtbot, window, _csv(tmp_path, "mar.csv", "2025-03-03,Tea,-3.00,GBP,1947.00\n"))
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
    (tmp_path / "later").mkdir()
    with engine_window(
        qtbot, runner, tmp_path / "later", ScriptedDialogs(), workspace=books
    ) as reopened:
        [banner] = _breaks(reopened)
        assert (banner.level, banner.message) == ("warning", GAP)
        # Another workspace without gaps takes the banner away: it was about this one.
        with qtbot.waitSignal(reopened.workflows.workspace_opened, timeout=60_000):
            reopened.workflows.open_workspace(tmp_path / "empty.reconcile", create=True)
        assert _breaks(reopened) == []
