"""A stored setting changed outside the application is the damaged workspace it is, named.

``fetch_period`` raised the bare ``JSONDecodeError`` of a setting that is not JSON: it
named neither the workspace nor the setting, and the window showed "Expecting value: line
1 column 1 (char 0)". Now every reader of a setting is told by the workspace's own error,
naming the file and the setting, and the file is left as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app.workspace import Workspace, WorkspaceCorruptError
from desktop_app.workspace.workspace import FETCH_PERIOD_SETTING
from tests.workspace.damage import OCTOBER, damaged_setting


def _stored(path: Path, key: str) -> object:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()[0]
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("value", "how"),
    [
        ('{"from": "2025-10-01", "to": ', "Expecting value"),  # cut short
        (b"\x00\xff", "not JSON text but bytes"),  # a blob, not text
    ],
)
def test_a_damaged_fetch_period_is_named_with_the_workspace(
    tmp_path: Path, value: object, how: str
) -> None:
    path = damaged_setting(tmp_path / "book.reconcile", FETCH_PERIOD_SETTING, value)
    with Workspace.open(path) as workspace, pytest.raises(WorkspaceCorruptError) as refused:
        workspace.fetch_period()
    message = str(refused.value)
    assert message.startswith(f"workspace {path} is damaged and cannot be opened (")
    assert f"the stored setting 'fetch_period': {how}" in message
    assert refused.value.path == path
    assert _stored(path, FETCH_PERIOD_SETTING) == value  # left as it was, for support


def test_every_reader_of_a_damaged_setting_is_told_the_same(tmp_path: Path) -> None:
    path = damaged_setting(tmp_path / "book.reconcile", "matching", "{oops")
    with Workspace.open(path) as workspace:
        with pytest.raises(WorkspaceCorruptError, match="the stored setting 'matching': "):
            workspace.settings.get("matching")
        with pytest.raises(WorkspaceCorruptError, match="the stored setting 'matching': "):
            workspace.settings.all()
        assert workspace.fetch_period() == OCTOBER  # the others read as ever


def test_a_readable_period_of_another_shape_still_counts_as_none(tmp_path: Path) -> None:
    """JSON that is no period (written by hand) was, and is, no period remembered
    (``FetchPeriod.from_json``): only a value that cannot be read at all is damage."""
    path = damaged_setting(tmp_path / "book.reconcile", FETCH_PERIOD_SETTING, '"2025-10"')
    with Workspace.open(path) as workspace:
        assert workspace.fetch_period() is None
