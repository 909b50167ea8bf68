"""The breaks between a workspace's statements said after each import, removal and opening,
worked out from what the engine holds of the workspace rather than every stored line read
back: the same breaks a fresh read gives, at every step, and an import that reads none of
the lines the workspace held before it.

Every import goes through ``EngineServices.import_statement``, the function the window
runs on its worker thread, on real csv files with a balance column (a file's stated
opening and closing balances).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import CancelToken, StatementLine, no_progress
from desktop_app.statements.continuity import StatementBreak, check, spans
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import ImportResult
from desktop_app.workspace import RecentWorkspaces, Workspace
from tests.statements.overlap_files import ACCOUNT
from tests.workspace.factories import sha

DECEMBER = "2024-12-10,Fee,-10.00,GBP,90.00\n"
JANUARY = (
    "2025-01-03,Coffee,-3.50,GBP,996.50\n"
    "2025-01-05,Rent,-800.00,GBP,196.50\n"
    "2025-01-09,Refund,25.00,GBP,221.50\n"
)
# Repeats January's refund: an overlapping download.
FEBRUARY = (
    "2025-01-09,Refund,25.00,GBP,221.50\n"
    "2025-02-01,Salary,2000.00,GBP,2221.50\n"
    "2025-02-03,Tea,-3.00,GBP,2218.50\n"
)
# Repeats January's refund and February's salary, and opens where neither stood.
JAN_FEB = "2025-01-09,Refund,25.00,GBP,300.00\n2025-02-01,Salary,2000.00,GBP,2300.00\n"
MARCH = "2025-03-03,Tea,-3.00,GBP,1947.00\n"


def _csv(folder: Path, name: str, rows: str) -> Path:
    path = folder / name
    path.write_text(
        f"Account,{ACCOUNT}\n\nDate,Description,Amount,Currency,Balance\n{rows}", encoding="utf-8"
    )
    return path


def _engine(folder: Path) -> EngineServices:
    return EngineServices(
        ProviderSettings(folder / "providers.toml"), WorkspaceBackend(RecentWorkspaces(folder))
    )


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[EngineServices]:
    engine = _engine(tmp_path)
    yield engine
    asyncio.run(engine.aclose())


def _import(engine: EngineServices, path: Path) -> ImportResult:
    return engine.import_statement(path, None, no_progress, CancelToken())


def _read_afresh(workspace: Workspace) -> tuple[StatementBreak, ...]:
    """The breaks (and clashes) as every stored line and statement read back from the file
    give them, each with its kind."""
    return check(spans(workspace.statements(), workspace.load_movements())).said


def test_the_breaks_said_at_each_step_are_those_a_fresh_read_gives(
    engine: EngineServices, tmp_path: Path
) -> None:
    books = tmp_path / "books.reconcile"
    engine.open_workspace(books, create=True)
    for name, rows in (("dec.csv", DECEMBER), ("jan.csv", JANUARY)):
        _import(engine, _csv(tmp_path, name, rows))

    said = engine.open_workspace(books).statement_breaks  # a workspace holding statements
    workspace = engine.workspace.workspace
    assert said == _read_afresh(workspace)
    assert len(said) == 1  # January opens where December did not close

    for name, rows, count in (
        ("mar.csv", MARCH, 2),
        ("feb.csv", FEBRUARY, 2),  # overlaps January
        ("janfeb.csv", JAN_FEB, 4),  # overlaps January and February
    ):
        said = _import(engine, _csv(tmp_path, name, rows)).statement_breaks
        assert said == _read_afresh(workspace)
        assert len(said) == count

    again = _import(engine, tmp_path / "feb.csv")  # the very same file: nothing stored
    assert (again.same_file_as, again.statement_breaks) == ("feb.csv", ())

    # January's refund is repeated by February's file and the January-February download:
    # February's copy stands in, and the download's repeat now names February's row.
    removed = engine.remove_statement("jan.csv")
    assert [line.key.source_file for line in removed.kept_lines] == ["feb.csv"]
    assert removed.statement_breaks == _read_afresh(workspace)
    assert len(removed.statement_breaks) == 3
    # February's lines the download repeats stand in for them in turn.
    removed = engine.remove_statement("feb.csv")
    assert [line.key.source_file for line in removed.kept_lines] == ["janfeb.csv"] * 2
    assert removed.statement_breaks == _read_afresh(workspace)
    assert len(removed.statement_breaks) == 2
    removed = engine.remove_statement("dec.csv")
    assert removed.statement_breaks == _read_afresh(workspace)

    # Each step above compared with a fresh read as it came; so does an import now.
    after = _import(engine, _csv(tmp_path, "apr.csv", "2025-04-02,Tea,-3.00,GBP,1000.00\n"))
    assert after.statement_breaks == _read_afresh(workspace)


def test_another_workspace_opened_is_checked_on_its_own_statements(
    engine: EngineServices, tmp_path: Path
) -> None:
    """What was held of the workspace left behind is not compared with the next one's."""
    engine.open_workspace(tmp_path / "a.reconcile", create=True)
    _import(engine, _csv(tmp_path, "dec.csv", DECEMBER))
    engine.open_workspace(tmp_path / "b.reconcile", create=True)
    assert _import(engine, _csv(tmp_path, "jan.csv", JANUARY)).statement_breaks == ()
    asyncio.run(engine.aclose())
    engine.open_workspace(tmp_path / "a.reconcile")
    found = _import(engine, tmp_path / "jan.csv").statement_breaks
    assert found == _read_afresh(engine.workspace.workspace)
    assert len(found) == 1


def _large_workspace(path: Path, count: int) -> None:
    """A workspace holding ``count`` lines of last year, and as many again repeated by a
    second download of them: a year's statements, which a new month's import must not
    read back."""
    lines = [
        StatementLine(
            "2024.csv", row, dt.date(2024, 1 + row % 12, 1 + row % 28), Decimal(row), "GBP"
        )
        for row in range(2, count + 2)
    ]
    copies = [
        StatementLine("2024-again.csv", line.row, line.date, line.amount, "GBP") for line in lines
    ]
    with Workspace.create(path) as workspace:
        for name, held in (("2024.csv", lines), ("2024-again.csv", copies)):
            workspace.add_statement(name, sha(name), {}, held, account=ACCOUNT)


def test_an_import_reads_none_of_the_lines_the_workspace_held_before_it(
    engine: EngineServices, tmp_path: Path
) -> None:
    """Checking the statements follow each other read every stored line and every repeat
    back after each import: at 200,000 lines about a second. The workspace's own steps
    (comparing the new month with the stored lines of its dates, saving it) run far fewer
    SQLite instructions than the lines it holds; reading each of them back runs several
    per line."""
    stored = 10_000
    books = tmp_path / "books.reconcile"
    _large_workspace(books, stored)
    engine.open_workspace(books)
    steps = 0

    def counted() -> int:
        nonlocal steps
        steps += 1
        return 0

    connection = engine.workspace.workspace._database._require()
    connection.set_progress_handler(counted, 1)
    try:
        found = _import(engine, _csv(tmp_path, "jan.csv", JANUARY)).statement_breaks
    finally:
        connection.set_progress_handler(None, 1)

    assert steps < stored
    assert found == _read_afresh(engine.workspace.workspace)


@pytest.mark.parametrize("workspace", [True, False])
def test_the_status_bar_says_the_statements_are_being_checked(
    engine: EngineServices, tmp_path: Path, workspace: bool
) -> None:
    """The check goes through every line held: half a second at 200,000 lines, after
    the import's last report ("finishing the save"), which the status bar kept showing."""
    if workspace:
        engine.open_workspace(tmp_path / "books.reconcile", create=True)
    said: list[str] = []
    engine.import_statement(
        _csv(tmp_path, "jan.csv", JANUARY),
        None,
        lambda done, total, message: said.append(message),
        CancelToken(),
    )
    assert said[-1] == "checking the statements follow each other"
