"""``desktop-app --workspace FILE``: the workspace the window starts on.

A mistyped path (``/tmp/typo/dir/clinet.reconcile``) made the missing folders and an empty
workspace in them, without a word (tester k, finding 11); File > New and ``reconcile
--workspace`` refuse a folder that does not exist. The window's start refuses it the same
way, before any window opens. A workspace file that does not exist, in a folder that
does, is still created, and so is the default workspace in the app's own data folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import desktop_app.app as app
from desktop_app.about import AppPaths
from desktop_app.cli import main
from desktop_app.workspace import Workspace, WorkspaceError


def refuse_to_start(*args: object, **kwargs: object) -> int:
    raise AssertionError("the window was started")


def test_a_workspace_in_a_folder_that_does_not_exist_is_refused_before_the_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app, "run_user", refuse_to_start)
    path = tmp_path / "typo" / "dir" / "clinet.reconcile"
    assert main(["--workspace", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"desktop-app: cannot create workspace {path}: the folder {path.parent} does not exist\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_refusal_is_the_one_creating_the_workspace_gives(tmp_path: Path) -> None:
    """One wording for the window's start, ``reconcile --workspace`` and File > New."""
    path = tmp_path / "typo" / "client.reconcile"
    with pytest.raises(WorkspaceError) as created:
        Workspace.create(path)
    with pytest.raises(WorkspaceError) as checked:
        Workspace.check_folder(path)
    assert str(checked.value) == str(created.value)


def test_a_new_workspace_in_a_folder_that_exists_is_started_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Path | None] = []

    def run_user(argv: object = (), workspace: Path | None = None) -> int:
        started.append(workspace)
        return 0

    monkeypatch.setattr(app, "run_user", run_user)
    path = tmp_path / "client.reconcile"
    assert main(["--workspace", str(path)]) == 0
    assert started == [path]


@dataclass
class _Workflows:
    opened: list[tuple[Path, bool]] = field(default_factory=list)

    def open_workspace(self, path: Path, create: bool = False) -> None:
        self.opened.append((path, create))


@dataclass
class _Window:
    workflows: _Workflows = field(default_factory=_Workflows)


def start_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workspace: Path | None
) -> tuple[AppPaths, _Window]:
    """``run_user`` up to the window's first step, the user's folders under ``tmp_path``
    and a stand-in window recording what it is asked to open."""
    paths = AppPaths(tmp_path / "data", tmp_path / "config", tmp_path / "log")
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / "home" / name.lower()))
    monkeypatch.setattr(app, "app_paths", lambda: paths)
    monkeypatch.setattr(app, "configure_logging", lambda folder: folder / "log")
    window = _Window()

    def run_gui(services: object, start: Callable[[_Window], None], **kwargs: object) -> int:
        start(window)
        return 0

    monkeypatch.setattr(app, "run_gui", run_gui)
    assert app.run_user(workspace=workspace) == 0
    return paths, window


def test_the_default_workspace_is_created_in_the_apps_own_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, window = start_window(tmp_path, monkeypatch, None)
    assert paths.data_dir.is_dir()
    assert window.workflows.opened == [(paths.default_workspace, True)]


def test_a_named_workspace_never_has_its_folders_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started on without the command line's check (a caller of its own), the window's
    create refuses it, as File > New does; no folder is made on the way."""
    path = tmp_path / "typo" / "dir" / "clinet.reconcile"
    _, window = start_window(tmp_path, monkeypatch, path)
    assert not (tmp_path / "typo").exists()
    assert window.workflows.opened == [(path, True)]
