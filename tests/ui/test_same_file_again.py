"""The very same file imported again, under its own name or another (a download saved
twice), through the real window and engine, with a workspace and without one: nothing
is added, the note names the statement it already is, and the Statements screen lists
only the statements held, each of which can be taken out. So is a file of the same
lines under another name (exported again): the note names the statement it repeats."""

from __future__ import annotations

import shutil
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping
from desktop_app.ui.tasks import TaskRunner
from desktop_app.wording import day_text
from tests.ui.engine_window import dialogs_of, statements_window
from tests.ui.fakes import ScriptedDialogs

STATEMENT = "Date,Description,Amount\n03/03/2025,Coffee,-4.50\n04/03/2025,Rent,-900.00\n"


@pytest.fixture(params=["session", "workspace"])
def window(
    request: pytest.FixtureRequest,
    qtbot: Any,
    qtmodeltester: Any,
    runner: TaskRunner,
    tmp_path: Path,
    event_loop_qt: object,
) -> Iterator[MainWindow]:
    with statements_window(
        request.param, qtbot, qtmodeltester, runner, tmp_path, ScriptedDialogs()
    ) as window:
        yield window


def _dialogs(window: MainWindow) -> ScriptedDialogs:
    return dialogs_of(window, ScriptedDialogs)


def _import(qtbot: Any, window: MainWindow, path: Path) -> str:
    """Import through the Import button and the wizard (as detected); the status note."""
    dialogs = _dialogs(window)
    dialogs.answers["choose_statement"] = deque([path])
    dialogs.answers["review_import"] = deque([ColumnMapping(None, {}, currency="GBP")])
    with qtbot.waitSignal(window.workflows.message, timeout=60_000) as blocker:
        window.statements.import_button.click()
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
    return str(blocker.args[0])


def _listed(window: MainWindow) -> list[str]:
    combo = window.statements.file_combo
    return [combo.itemData(position) for position in range(1, combo.count())]


def test_the_same_file_under_another_name_is_not_listed_as_a_statement(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    march = tmp_path / "march.csv"
    march.write_text(STATEMENT, encoding="utf-8")
    copy = tmp_path / "march (1).csv"
    shutil.copy(march, copy)
    assert _import(qtbot, window, march) == "Imported 2 lines from march.csv."
    note = _import(qtbot, window, copy)
    assert note == (
        f"march (1).csv is the same file as march.csv (2 lines), {_held_since(window)}: "
        "nothing added."
    )
    assert _listed(window) == ["march.csv"]
    assert window.session.statements == ["march.csv"]
    assert len(window.session.lines) == 2
    assert window.banners.banners() == []


def _held_since(window: MainWindow) -> str:
    """When march.csv came in, as the note says it: the workspace's day for it (the
    accountant's), or, with no workspace, that it was imported already."""
    services = window.services
    assert isinstance(services, EngineServices)
    if services.workspace_path() is None:
        return "already imported"
    [march] = [s for s in services.workspace.workspace.statements() if s.source_file == "march.csv"]
    return f"imported on {day_text(march.imported_at.astimezone().date())}"


def test_the_same_lines_under_another_name_name_the_statement_they_repeat(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    """March exported again, with Windows line endings: other bytes, the same lines.
    Nothing is added, as before; the note said "Imported 0 lines from march-export.csv
    (2 already …)", naming neither the statement nor that it is the same one."""
    march = tmp_path / "march.csv"
    march.write_text(STATEMENT, encoding="utf-8")
    export = tmp_path / "march-export.csv"
    export.write_bytes(STATEMENT.replace("\n", "\r\n").encode("utf-8"))
    _import(qtbot, window, march)
    note = _import(qtbot, window, export)
    assert note == (
        f"march-export.csv has the same 2 lines as march.csv, {_held_since(window)}: nothing added."
    )
    assert [line.source_file for line in window.session.lines] == ["march.csv", "march.csv"]
    assert window.banners.banners() == []


def test_the_same_file_again_says_it_was_already_imported(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    march = tmp_path / "march.csv"
    march.write_text(STATEMENT, encoding="utf-8")
    _import(qtbot, window, march)
    assert _import(qtbot, window, march) == "march.csv was already imported: nothing added."
    assert _listed(window) == ["march.csv"]
    assert len(window.session.lines) == 2


def test_the_same_file_read_otherwise_is_refused_saying_how_to_read_it_again(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    """Imported as detected, then again with its signs flipped in the wizard: the file is
    held as first read, so 'nothing added' would keep the old reading without a word. The
    import is refused, naming a row with both readings and how to read it again; what is
    held is unchanged."""
    march = tmp_path / "march.csv"
    march.write_text(STATEMENT, encoding="utf-8")
    _import(qtbot, window, march)
    held = list(window.session.lines)
    flipped = ColumnMapping(None, {}, currency="GBP", invert_sign=True)
    message = _reimport(qtbot, window, march, flipped)
    where = "in the workspace" if window.workflows._services.workspace_path() else "imported"
    assert message == (
        f"march.csv is {where} as read before, and 2 of its lines read differently now "
        "(row 2: 2025-03-03 -4.50 GBP then, 2025-03-03 4.50 GBP now): to read it with these "
        "settings, remove march.csv (Remove statement…), then import it again"
    )
    assert list(window.session.lines) == held
    assert _listed(window) == ["march.csv"]


def _reimport(qtbot: Any, window: MainWindow, path: Path, mapping: ColumnMapping) -> str:
    """Import ``path`` again through the wizard with ``mapping``; the refusal's banner."""
    dialogs = _dialogs(window)
    dialogs.answers["choose_statement"] = deque([path])
    dialogs.answers["review_import"] = deque([mapping])
    window.statements.import_button.click()
    qtbot.waitUntil(lambda: bool(window.banners.banners()), timeout=60_000)
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
    [banner] = window.banners.banners()
    return str(banner.message)


def test_a_copy_read_otherwise_names_the_statement_to_remove(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    """The copy is not a statement of its own: the refusal names the one held."""
    march = tmp_path / "march.csv"
    march.write_text(STATEMENT, encoding="utf-8")
    copy = tmp_path / "march (1).csv"
    shutil.copy(march, copy)
    _import(qtbot, window, march)
    message = _reimport(
        qtbot, window, copy, ColumnMapping(None, {}, currency="GBP", invert_sign=True)
    )
    assert message.startswith("march (1).csv (the same file as march.csv) is ")
    assert message.endswith("remove march.csv (Remove statement…), then import it again")
    assert _listed(window) == ["march.csv"]


def test_a_reading_that_leaves_a_row_out_is_refused_too(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    """Read again with its header on row 2, the file's first movement is no longer read:
    what is held and what was asked for would differ without a word."""
    march = tmp_path / "march.csv"
    march.write_text(STATEMENT, encoding="utf-8")
    _import(qtbot, window, march)
    roles = {0: "date", 1: "description", 2: "amount"}
    mapping = ColumnMapping(2, roles, currency="GBP", chosen=frozenset(roles))
    message = _reimport(qtbot, window, march, mapping)
    assert (
        "1 of its lines reads differently now (row 2: 2025-03-03 -4.50 GBP then, no line now)"
        in message
    )
    assert len(window.session.lines) == 2
