"""Opening refuses foreign, damaged and newer files with a clear message and leaves them as found."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from desktop_app.workspace import (
    CURRENT_VERSION,
    NotAWorkspaceError,
    Workspace,
    WorkspaceClosedError,
    WorkspaceCorruptError,
    WorkspaceError,
    WorkspaceExistsError,
    WorkspaceNotFoundError,
    WorkspaceReadOnlyError,
    WorkspaceVersionError,
)
from tests.disks import read_only
from tests.workspace.factories import PROVIDER, full_invoice, line, sha


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file in the folder and a hash of its bytes: "left as found" made checkable."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _populated(path: Path) -> None:
    with Workspace.create(path) as workspace:
        invoices = [full_invoice(f"INV-{n}") for n in range(150)]
        workspace.save_invoices(PROVIDER, invoices)
        lines = [line(row, f"-{row}.25") for row in range(2, 300)]
        workspace.add_statement("march.csv", sha("march"), {"format": "csv"}, lines)


def test_a_new_workspace_is_wal_marked_and_leaves_nothing_else_behind(tmp_path: Path) -> None:
    path = tmp_path / "new.reconcile"
    with Workspace.create(path) as workspace:
        assert workspace.path == path
        assert not workspace.closed
        assert workspace._database.query("PRAGMA journal_mode")[0][0] == "wal"
        assert workspace._database.query("PRAGMA foreign_keys")[0][0] == 1
        assert (tmp_path / "new.reconcile.owner").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.reconcile"]
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    connection.close()


def test_create_never_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "precious.reconcile"
    path.write_text("someone's work")
    with pytest.raises(WorkspaceExistsError, match="already exists"):
        Workspace.create(path)
    assert path.read_text() == "someone's work"


def test_create_in_a_missing_folder_says_which_folder(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match=r"the folder .*nowhere does not exist"):
        Workspace.create(tmp_path / "nowhere" / "new.reconcile")


def test_open_or_create(tmp_path: Path) -> None:
    path = tmp_path / "run.reconcile"
    with Workspace.open_or_create(path) as workspace:
        workspace.settings.set("kept", True)
    with Workspace.open_or_create(path) as workspace:
        assert workspace.settings.get("kept") is True


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFoundError, match=r"nowhere\.reconcile does not exist"):
        Workspace.open(tmp_path / "nowhere.reconcile")


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b"", "the file is empty"),
        (b"Date,Amount\n2025-03-04,-12.50\n" * 20, "not an SQLite database"),
        (b"SQLite format 3\x00", "not an SQLite database"),
    ],
)
def test_a_file_that_is_not_sqlite_is_refused_untouched(
    tmp_path: Path, content: bytes, detail: str
) -> None:
    path = tmp_path / "statement.reconcile"
    path.write_bytes(content)
    before = _snapshot(tmp_path)
    with pytest.raises(NotAWorkspaceError, match=detail) as raised:
        Workspace.open(path)
    assert str(path) in str(raised.value)
    assert isinstance(raised.value, WorkspaceCorruptError)
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("statements", "detail"),
    [
        (["CREATE TABLE songs (title TEXT)"], "another program's database"),
        ([], "an empty SQLite database"),
    ],
)
def test_another_programs_database_is_refused_untouched(
    tmp_path: Path, statements: list[str], detail: str
) -> None:
    path = tmp_path / "music.db"
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()
    before = _snapshot(tmp_path)
    with pytest.raises(NotAWorkspaceError, match=detail):
        Workspace.open(path)
    assert _snapshot(tmp_path) == before


def test_a_file_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.reconcile"
    _populated(path)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {CURRENT_VERSION + 5}")
    connection.commit()
    connection.close()
    before = _snapshot(tmp_path)
    with pytest.raises(WorkspaceVersionError) as raised:
        Workspace.open(path)
    message = str(raised.value)
    assert str(path) in message
    assert "newer version" in message
    assert f"format {CURRENT_VERSION + 5}" in message
    assert f"up to {CURRENT_VERSION}" in message
    assert _snapshot(tmp_path) == before


def _page_size(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[16:18], "big")


@pytest.mark.parametrize("page", [2, 5, 9, -2])
def test_a_damaged_page_is_detected_reported_and_the_file_left_as_found(
    tmp_path: Path, page: int
) -> None:
    path = tmp_path / "damaged.reconcile"
    _populated(path)
    data = bytearray(path.read_bytes())
    size = _page_size(path)
    pages = len(data) // size
    index = page if page > 0 else pages + page
    assert 1 <= index < pages
    start = (index - 1) * size
    data[start : start + size] = bytes((n * 37 + 11) % 256 for n in range(size))
    path.write_bytes(bytes(data))
    before = _snapshot(tmp_path)
    with pytest.raises(WorkspaceCorruptError) as raised:
        Workspace.open(path)
    assert str(path) in str(raised.value)
    assert "has not been changed" in str(raised.value)
    assert not isinstance(raised.value, NotAWorkspaceError)
    assert _snapshot(tmp_path) == before


def test_a_truncated_file_is_detected_and_left_as_found(tmp_path: Path) -> None:
    path = tmp_path / "cut.reconcile"
    _populated(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = _snapshot(tmp_path)
    with pytest.raises(WorkspaceCorruptError):
        Workspace.open(path)
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_workspace_is_called_read_only_not_damaged(tmp_path: Path, what: str) -> None:
    """SQLite reports a workspace it may only read as a disk I/O error; told as damage, it
    could make the accountant throw a good file away. The file or its folder is made
    read-only for real (a read-only mount for root, whom file modes do not stop)."""
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "march.reconcile"
    _populated(path)
    before = _snapshot(folder)
    with read_only(path if what == "file" else folder):
        with pytest.raises(WorkspaceReadOnlyError) as refused:
            Workspace.open(path)
        message = str(refused.value)
        assert message.startswith(f"workspace {path} is read-only (")
        assert "not damaged" in message
        assert "copy it to a folder you can write to and open the copy" in message
        assert "restore it from a backup" not in message
        assert _snapshot(folder) == before
        copy = tmp_path / "copy.reconcile"
        copy.write_bytes(path.read_bytes())
    with Workspace.open(copy) as workspace:
        assert len(workspace.load_invoices()) == 150
    with Workspace.open(path) as workspace:
        assert len(workspace.load_lines()) == 298


def test_a_closed_workspace_says_so(workspace: Workspace) -> None:
    workspace.close()
    workspace.close()  # closing twice is harmless
    with pytest.raises(WorkspaceClosedError, match="has been closed"):
        workspace.load_invoices()
    with pytest.raises(WorkspaceClosedError):
        workspace.settings.set("x", 1)


def test_damage_only_the_integrity_check_sees_is_detected_and_left_as_found(
    tmp_path: Path,
) -> None:
    """An index that no longer agrees with its table: every query still runs."""
    path = tmp_path / "subtle.reconcile"
    _populated(path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA writable_schema = ON")
    connection.execute(
        "UPDATE sqlite_master SET sql = 'CREATE UNIQUE INDEX statement_lines_identity"
        " ON statement_lines (account, row, occurrence)' WHERE name = 'statement_lines_identity'"
    )
    connection.commit()
    connection.close()
    before = _snapshot(tmp_path)
    with pytest.raises(WorkspaceCorruptError, match="missing from index statement_lines_identity"):
        Workspace.open(path)
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("table", "column", "record"),
    [
        ("invoices", "gross", f"invoice INV-0 of {PROVIDER}: a stored number is not a number"),
        ("line_items", "amount", f"a line item of invoice INV-0 of {PROVIDER}"),
        ("statement_lines", "date", "statement line march.csv row 2: Invalid isoformat string"),
    ],
)
def test_a_value_changed_outside_the_app_is_named_when_loading(
    tmp_path: Path, table: str, column: str, record: str
) -> None:
    path = tmp_path / "w.reconcile"
    _populated(path)
    with sqlite3.connect(path) as connection:
        connection.execute(f"UPDATE {table} SET {column} = 'ten pounds'")
    connection.close()
    with Workspace.open(path) as workspace, pytest.raises(WorkspaceCorruptError) as refused:
        workspace.load_invoices() if table != "statement_lines" else workspace.load_lines()
    assert str(path) in str(refused.value)
    assert record in str(refused.value)


@pytest.mark.parametrize(
    ("layout", "how"),
    [
        ("{oops", "Expecting property name"),  # not JSON
        ("[1, 2]", "not a JSON object but list"),  # JSON, but no layout
    ],
)
def test_a_statement_layout_changed_outside_the_app_is_named_when_loading_its_lines(
    tmp_path: Path, layout: str, how: str
) -> None:
    """Lines in no currency are marked by their statement's stored layout as they are
    loaded (``statement_store._as_imported``): a layout changed outside the app is a
    damaged file, named with the record, as any other stored value is. Before, loading
    raised the JSON decoder's error, or an AttributeError, naming neither."""
    path = tmp_path / "w.reconcile"
    with Workspace.create(path) as workspace:
        lines = [line(row, currency=None) for row in (2, 3)]
        workspace.add_statement("march.csv", sha("march"), {"format": "csv"}, lines)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE statements SET layout = ?", (layout,))
    connection.close()
    with Workspace.open(path) as workspace, pytest.raises(WorkspaceCorruptError) as refused:
        workspace.load_lines()
    message = str(refused.value)
    assert message.startswith(f"workspace {path} is damaged and cannot be opened (")
    assert f"statement march.csv's layout: {how}" in message


@pytest.mark.parametrize(
    ("column", "value", "record"),
    [
        ("layout", "{oops", "statement march.csv's layout: Expecting property name"),
        ("layout", "[1, 2]", "statement march.csv's layout: not a JSON object but list"),
        ("imported_at", "yesterday", "statement march.csv: Invalid isoformat string"),
        ("opening_balance", "ten pounds", "statement march.csv: a stored number is not a number"),
    ],
)
def test_a_statement_record_changed_outside_the_app_is_named_when_listed(
    tmp_path: Path, column: str, value: str, record: str
) -> None:
    """The statements' records (``Workspace.statements``, ``statements_of``: the report's
    Statements used, a run's held statements) decode the same stored values: one changed
    outside the app is a damaged file, named with the record. Before, the JSON decoder's
    error, an AttributeError or a raw decimal error came out, naming neither."""
    path = tmp_path / "w.reconcile"
    with Workspace.create(path) as workspace:
        workspace.add_statement("march.csv", sha("march"), {"format": "csv"}, [line(2)])
    with sqlite3.connect(path) as connection:
        connection.execute(f"UPDATE statements SET {column} = ?", (value,))
    connection.close()
    with Workspace.open(path) as workspace:
        for listed in (workspace.statements, lambda: workspace.statements_of(["march.csv"])):
            with pytest.raises(WorkspaceCorruptError) as refused:
                listed()
            assert str(path) in str(refused.value)
            assert record in str(refused.value)
