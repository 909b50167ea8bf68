"""A mapping profile changed outside the application is the damaged workspace it is, named.

The profile store decoded its JSON bare: a profile that is not JSON raised
``JSONDecodeError`` out of every import that read the profiles, naming neither the
workspace nor the profile ("Expecting value: line 1 column 1 (char 0)"), and the command
line ended in a traceback. Now it is the workspace's own error, naming the file and the
profile, as a damaged setting or decision is; the file is left as it was, for support.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app.statements import import_statement
from desktop_app.statements.profiles import BackedProfileStore
from desktop_app.workspace import Workspace, WorkspaceCorruptError
from tests.workspace.damage import damaged_profile


def _stored(path: Path) -> object:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT profile FROM mapping_profiles").fetchone()[0]
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("value", "how"),
    [
        ('{"name": "Bank X", "header": ', "Expecting value"),  # cut short
        (b"\x00\xff", "not JSON text but bytes"),  # a blob, not text
        ("[1, 2]", "not a JSON object but list"),  # JSON, but no profile
    ],
)
def test_every_reader_of_a_damaged_profile_is_told_the_workspace_is_damaged(
    tmp_path: Path, value: object, how: str
) -> None:
    path = damaged_profile(tmp_path / "book.reconcile", "fp-1", value)
    with Workspace.open(path) as workspace:
        for read in (lambda: workspace.profiles.get("fp-1"), workspace.profiles.all):
            with pytest.raises(WorkspaceCorruptError) as refused:
                read()
            message = str(refused.value)
            assert message.startswith(f"workspace {path} is damaged and cannot be opened (")
            assert f"the stored mapping profile 'fp-1': {how}" in message
            assert refused.value.path == path
        assert workspace.profiles.get("fp-2") is None  # another key reads as ever
    assert _stored(path) == value  # left as it was


def test_an_import_with_the_workspace_profiles_names_the_damaged_workspace(
    tmp_path: Path,
) -> None:
    """What the window and ``reconcile --workspace`` import with: the profiles are read
    once per import, so a damaged one stops it, said as the damaged workspace it is."""
    path = damaged_profile(tmp_path / "book.reconcile", "fp-1", "{oops")
    statement = tmp_path / "bank.csv"
    statement.write_text("Date,Amount\n2024-01-01,1.00\n")
    with (
        Workspace.open(path) as workspace,
        pytest.raises(WorkspaceCorruptError, match="the stored mapping profile 'fp-1': "),
    ):
        import_statement(statement, profiles=BackedProfileStore(workspace.profiles))
