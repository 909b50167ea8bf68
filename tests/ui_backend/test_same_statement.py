"""A statement imported again under another name, its very bytes or its lines exported
again, adds nothing, and the import says so, naming both files: through
``EngineServices.import_statement``, the window's import, with a workspace and without
one. Real files written to ``tmp_path``."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.domain import CancelToken, no_progress
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import ImportResult
from desktop_app.wording import day_text
from desktop_app.workspace import RecentWorkspaces

HEADER = "Date,Description,Amount,Currency\n"
FEBRUARY = "2025-02-27,Tea,-2.10,GBP\n2025-03-03,Coffee,-4.50,GBP\n"
MARCH = "2025-03-03,Coffee,-4.50,GBP\n2025-03-04,Rent,-900.00,GBP\n"
QUARTER = "2025-01-06,Gym,-30.00,GBP\n" + MARCH


def _csv(folder: Path, name: str, rows: str, newline: str = "\n") -> Path:
    path = folder / name
    path.write_bytes((HEADER + rows).replace("\n", newline).encode("utf-8"))
    return path


def _copy(path: Path, name: str) -> Path:
    return Path(shutil.copy(path, path.with_name(name)))


@pytest.fixture(params=["session", "workspace"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EngineServices]:
    """The window's engine with no workspace open, or with one."""
    engine = EngineServices(
        ProviderSettings(tmp_path / "providers.toml"), WorkspaceBackend(RecentWorkspaces(tmp_path))
    )
    if request.param == "workspace":
        engine.open_workspace(tmp_path / "books.reconcile", create=True)
    yield engine
    asyncio.run(engine.aclose())


def _import(engine: EngineServices, path: Path) -> ImportResult:
    return engine.import_statement(path, None, no_progress, CancelToken())


def _held_since(engine: EngineServices, name: str) -> str:
    """How the note says when ``name`` came in: the workspace's day for it (the
    accountant's, not UTC's), or, with none open, that it was imported already."""
    if engine.workspace_path() is None:
        return "already imported"
    [held] = [s for s in engine.workspace.workspace.statements() if s.source_file == name]
    return f"imported on {day_text(held.imported_at.astimezone().date())}"


def test_a_copy_under_another_name_says_which_statement_it_is(
    engine: EngineServices, tmp_path: Path
) -> None:
    march = _csv(tmp_path, "march.csv", MARCH)
    _import(engine, march)
    copy = _import(engine, _copy(march, "march (1).csv"))
    assert (copy.lines, copy.same_file_as) == ((), "march.csv")
    assert str(copy.same_statement) == (
        "march (1).csv is the same file as march.csv (2 lines), "
        f"{_held_since(engine, 'march.csv')}: nothing added."
    )


def test_the_same_lines_exported_again_say_which_statement_they_are(
    engine: EngineServices, tmp_path: Path
) -> None:
    """Other bytes (Windows line endings), the same lines: each repeats a line held, so
    nothing is added, and "0 lines imported" named neither the file nor why."""
    _import(engine, _csv(tmp_path, "march.csv", MARCH))
    again = _import(engine, _csv(tmp_path, "march-export.csv", MARCH, newline="\r\n"))
    assert (again.lines, again.duplicates, again.same_file_as) == ((), 2, None)
    assert str(again.same_statement) == (
        f"march-export.csv has the same 2 lines as march.csv, "
        f"{_held_since(engine, 'march.csv')}: nothing added."
    )


def test_the_same_lines_as_a_statement_that_overlapped_another(
    engine: EngineServices, tmp_path: Path
) -> None:
    """March's coffee is held as February's line: a copy of March repeats that line and
    March's rent, which are March's lines all the same."""
    _import(engine, _csv(tmp_path, "feb.csv", FEBRUARY))
    assert _import(engine, _csv(tmp_path, "march.csv", MARCH)).duplicates == 1
    again = _import(engine, _csv(tmp_path, "march-export.csv", MARCH, newline="\r\n"))
    assert again.same_statement is not None
    assert (again.same_statement.same_as, again.same_statement.lines) == ("march.csv", 2)


@pytest.mark.parametrize(
    ("rows", "added"),
    [(MARCH.splitlines(keepends=True)[1], 0), (MARCH + "2025-03-05,Bus,-2.00,GBP\n", 1)],
    ids=["part of a statement", "a line more"],
)
def test_an_overlap_is_no_copy(
    engine: EngineServices, tmp_path: Path, rows: str, added: int
) -> None:
    """A file whose lines are only some of a statement's, or that adds one, is an
    overlap: said as one ("Imported 1 line from …"), not as the statement it is not."""
    _import(engine, _csv(tmp_path, "quarter.csv", QUARTER))
    result = _import(engine, _csv(tmp_path, "march.csv", rows))
    assert (len(result.lines), result.same_statement) == (added, None)


def test_the_same_file_under_its_own_name_is_no_other_statement(
    engine: EngineServices, tmp_path: Path
) -> None:
    march = _csv(tmp_path, "march.csv", MARCH)
    _import(engine, march)
    again = _import(engine, march)
    assert (again.same_file_as, again.same_statement) == ("march.csv", None)
