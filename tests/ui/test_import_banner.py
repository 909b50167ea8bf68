"""The banner after an import says what its warnings come to: the rows no line was read
from, counted as skipped, and apart from them the notes that skip no row (on the file as
a whole, or on a line read all the same). Real csv files through the real window and
engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from desktop_app.workspace import RecentWorkspaces
from tests.ui.fakes import ScriptedDialogs

HEADER = "Date,Description,Amount,Balance"
# A balance column that is no running balance of the amounts: a note on the file.
UNUSED_BALANCE = (
    "2024-01-02,A,-1.00,100.00",
    "2024-01-03,B,n/a,90.00",
    "2024-01-04,C,-3.00,500.00",
    "2024-01-05,D,oops,20.00",
    "2024-01-06,E,-5.00,7.00",
    "2024-01-07,F,-6.00,300.00",
    "2024-01-08,G,-7.00,1.00",
)
# A running balance that breaks once, at a line that is read all the same.
ONE_BREAK = (
    "2024-01-02,A,-1.00,99.00",
    "2024-01-03,B,-2.00,97.00",
    "2024-01-04,C,-3.00,94.00",
    "2024-01-05,D,-4.00,50.00",
    "2024-01-06,E,-5.00,45.00",
    "2024-01-07,F,-6.00,39.00",
    "2024-01-08,G,-7.00,32.00",
)


@pytest.fixture
def window(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[MainWindow]:
    services = EngineServices(
        ProviderSettings(tmp_path / "providers.toml"), WorkspaceBackend(RecentWorkspaces(tmp_path))
    )
    window = MainWindow(services, ScriptedDialogs(), runner, UiState(tmp_path / "ui.ini"))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


@pytest.mark.parametrize(
    ("rows", "title", "first"),
    [
        (
            UNUSED_BALANCE,
            "bank.csv: 2 rows skipped, 1 note",
            "bank.csv row 3 column Amount: 'n/a' is not an amount; row skipped",
        ),
        (
            UNUSED_BALANCE[:1] + UNUSED_BALANCE[2:],
            "bank.csv: 1 row skipped, 1 note",
            "bank.csv row 4 column Amount: 'oops' is not an amount; row skipped",
        ),
        (
            ONE_BREAK,
            "bank.csv: 1 note",
            (
                "bank.csv row 5 column Balance: the running balance breaks: 50.00 where "
                "90.00 was expected after row 4 (a row may be missing, duplicated or misread)"
            ),
        ),
        (
            (*ONE_BREAK[:3], "2024-01-05,D,x,50.00"),
            "bank.csv: 1 row skipped",
            "bank.csv row 5 column Amount: 'x' is not an amount; row skipped",
        ),
    ],
    ids=["skipped-and-file-note", "one-skipped", "note-on-a-line-read", "skipped-only"],
)
def test_the_banner_counts_skipped_rows_and_notes_apart(
    qtbot: Any,
    window: MainWindow,
    tmp_path: Path,
    rows: tuple[str, ...],
    title: str,
    first: str,
) -> None:
    path = tmp_path / "bank.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.workflows.import_files([path])
    banner = window.banners.banners()[-1]
    assert banner.title == title
    assert banner.message == first


def test_an_import_without_warnings_shows_no_banner(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "bank.csv"
    path.write_text("\n".join((HEADER, *ONE_BREAK[:3])) + "\n", encoding="utf-8")
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.workflows.import_files([path])
    assert window.banners.banners() == []
