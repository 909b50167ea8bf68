"""The recent-workspaces list: most recent first, no duplicates, bounded, damage-tolerant."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from desktop_app import APP_NAME
from desktop_app.workspace import RecentWorkspaces


def test_most_recent_first_without_duplicates_and_bounded(tmp_path: Path) -> None:
    recent = RecentWorkspaces(tmp_path / "config", limit=3)
    assert recent.paths() == []
    for name in ("a", "b", "c", "a", "d"):
        recent.add(tmp_path / f"{name}.reconcile")
    assert recent.paths() == [tmp_path / f"{n}.reconcile" for n in ("d", "a", "c")]
    reread = RecentWorkspaces(tmp_path / "config", limit=3)
    assert reread.paths() == recent.paths()
    reread.remove(tmp_path / "a.reconcile")
    assert recent.paths() == [tmp_path / "d.reconcile", tmp_path / "c.reconcile"]
    recent.clear()
    assert recent.paths() == []


def test_relative_paths_are_stored_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    recent = RecentWorkspaces(tmp_path / "config")
    recent.add(Path("march.reconcile"))
    recent.add(tmp_path / "march.reconcile")
    assert recent.paths() == [tmp_path / "march.reconcile"]


@pytest.mark.parametrize("content", ["{not json", '{"a": 1}', "[1, 2]"])
def test_a_damaged_list_reads_as_empty_and_is_replaced(tmp_path: Path, content: str) -> None:
    recent = RecentWorkspaces(tmp_path)
    recent.file.write_text(content)
    assert recent.paths() == []
    recent.add(tmp_path / "a.reconcile")
    assert recent.paths() == [tmp_path / "a.reconcile"]


def test_the_default_folder_is_the_users_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    recent = RecentWorkspaces()
    assert recent.file.parent == Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    recent.add(tmp_path / "a.reconcile")
    assert recent.file.is_relative_to(tmp_path)
