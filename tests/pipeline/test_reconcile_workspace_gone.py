"""``desktop-app reconcile --workspace`` whose workspace file is removed or replaced while
the run has it open (a fetch takes minutes; a sync client or a colleague's tidying does
not wait). SQLite wrote the run on into the file it held, no longer anyone's, and the run
said it wrote its report, exit 0: nothing of it was in any workspace afterwards. Now the
run fails (exit 1) with one line on stderr saying nothing of it is kept."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.pipeline import reconcile as pipeline
from desktop_app.workspace import Workspace
from tests.pipeline.conftest import PERIOD, World

pytestmark = pytest.mark.sandbox


def _run(world: World, books: Path, out: Path) -> int:
    arguments = ["reconcile", "--config", str(world.config), "--statement", str(world.csv_path),
                 "--currency", "GBP", "--from", PERIOD[0].isoformat(),
                 "--to", PERIOD[1].isoformat(), "--workspace", str(books), "--out", str(out)]  # fmt: skip
    try:
        return main(arguments)
    except SystemExit as exit_:
        return int(exit_.code or 0)


def _then(step: Callable[..., Any], also: Callable[[], None], *, before: bool) -> Any:
    """``step`` with ``also`` done before it (or after it), as the file is taken away."""

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if before:
            also()
        result = step(*args, **kwargs)
        if not before:
            also()
        return result

    return wrapped


def _statements(path: Path) -> int:
    with Workspace.open(path) as opened:
        return len(opened.statements())


def test_a_workspace_removed_during_the_fetch_fails_the_run_keeping_nothing_said(
    sandbox_env: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    books, out = tmp_path / "books.reconcile", tmp_path / "report.xlsx"
    Workspace.create(books).close()
    monkeypatch.setattr(
        pipeline, "fetch_all", _then(pipeline.fetch_all, lambda: os.remove(books), before=True)
    )
    assert _run(sandbox_env, books, out) == 1
    err = capsys.readouterr().err
    [said] = [line for line in err.splitlines() if "books.reconcile" in line]
    assert said == (
        f"desktop-app: workspace {books} was removed or moved away while this command had "
        "it open: nothing of this run is kept in a workspace. Put the workspace back, or "
        "name another with --workspace, and run again."
    )
    assert "wrote" not in err
    assert not out.exists()
    assert not books.with_name("books.reconcile-wal").exists()  # no journal for the next


def test_a_workspace_replaced_after_the_report_fails_the_run_naming_the_report(
    sandbox_env: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    books, out = tmp_path / "books.reconcile", tmp_path / "report.xlsx"
    Workspace.create(books).close()
    synced = tmp_path / "synced.reconcile"
    Workspace.create(synced).close()
    monkeypatch.setattr(
        pipeline,
        "write_report",
        _then(pipeline.write_report, lambda: os.replace(synced, books), before=False),
    )
    assert _run(sandbox_env, books, out) == 1
    err = capsys.readouterr().err
    assert (
        f"desktop-app: workspace {books} was replaced by another file while this command "
        "had it open: nothing of this run is kept in a workspace (the report "
        f"{out} was written, but no workspace holds this run)."
    ) in err
    assert "wrote" not in err
    assert out.exists()
    assert _statements(books) == 0  # the file put in its place is left as it was
