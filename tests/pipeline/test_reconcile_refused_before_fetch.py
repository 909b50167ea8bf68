"""``desktop-app reconcile``: a refusal that needs no invoice comes before the fetch.

A scheduled run fetching slow providers for minutes, then refusing for a reason it could
have told at once (a report folder missing, a statement the workspace refuses, a token not
set), wasted the run's time. Each is refused before any request reaches the sandbox, in
the words the later refusal used.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.workspace import Workspace
from tests.disks import read_only, running_as_root
from tests.pipeline.conftest import World
from tests.pipeline.statement_files import HEADER, store, write
from tests.pipeline.test_reconcile_command import _write_marked_copy

pytestmark = pytest.mark.sandbox


def run(world: World, out: Path, *arguments: str) -> int:
    world.sandbox.stats.reset()
    return main(
        ["reconcile", "--config", str(world.config), *arguments, "--out", str(out),
         "--currency", "GBP"]
    )  # fmt: skip


def last_line(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_a_report_folder_that_does_not_exist_is_refused_before_the_fetch(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "report.xlsx"
    assert run(sandbox_env, out, "--statement", str(sandbox_env.csv_path)) == 1
    assert last_line(capsys) == (
        f"desktop-app: cannot write the report {out}: the folder {out.parent} does not exist"
    )
    assert sandbox_env.sandbox.stats.requests == []


def test_a_report_folder_missing_leaves_no_new_workspace(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = tmp_path / "books.reconcile"
    out = tmp_path / "missing" / "report.xlsx"
    statement = ["--statement", str(sandbox_env.csv_path), "--workspace", str(books)]
    assert run(sandbox_env, out, *statement) == 1
    assert "does not exist" in last_line(capsys)
    assert not books.exists()
    assert sandbox_env.sandbox.stats.requests == []


def test_a_report_folder_that_cannot_be_written_to_is_refused_before_the_fetch(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It fetched every provider and matched, then said the disk was read-only (tester k,
    finding 10). The folder is really read-only: a read-only mount for root (whom a
    folder's mode does not stop), the write permission taken away for anyone else."""
    folder = tmp_path / "share"
    folder.mkdir()
    out = folder / "report.xlsx"
    books = tmp_path / "books.reconcile"
    statement = ["--statement", str(sandbox_env.csv_path), "--workspace", str(books)]
    with read_only(folder):
        assert run(sandbox_env, out, *statement) == 1
    cause = "the disk is read-only" if running_as_root() else "permission denied"
    assert last_line(capsys) == f"desktop-app: cannot write the report {out}: {cause}"
    assert sandbox_env.sandbox.stats.requests == []
    assert list(folder.iterdir()) == []  # nor the probe's file
    assert not books.exists()


def test_a_writable_report_folder_keeps_nothing_of_the_check(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The check makes a file in the folder and removes it: the report alone is left."""
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / "report.xlsx"
    assert run(sandbox_env, out, "--statement", str(sandbox_env.csv_path)) == 0
    assert [path.name for path in folder.iterdir()] == [out.name]


def test_another_file_under_a_name_the_workspace_holds_is_refused_before_the_fetch(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = tmp_path / "books.reconcile"
    with Workspace.create(books) as workspace:
        store(workspace, write(tmp_path / "old" / "feb.csv", HEADER + "2025-02-03,Rent,-800\n"))
        before = workspace.statements()
    feb = write(tmp_path / "new" / "feb.csv", HEADER + "2025-02-03,Rent,-800\n2025-02-9,Tea,-3\n")
    out = tmp_path / "report.xlsx"
    assert run(sandbox_env, out, "--statement", str(feb), "--workspace", str(books)) == 1
    said = last_line(capsys)
    assert said.startswith(
        "desktop-app: a different file named 'feb.csv' was already imported into this workspace"
    )
    assert sandbox_env.sandbox.stats.requests == []
    assert not out.exists()
    with Workspace.open(books) as workspace:
        assert workspace.statements() == before


def test_a_held_statement_read_differently_is_refused_before_the_fetch(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marked, mapping = tmp_path / "marked.csv", tmp_path / "directions.json"
    _write_marked_copy(sandbox_env, marked)
    mapping.write_text('{"indicator_signs": {"ALLAN": -1, "MEWN": 1}}', encoding="utf-8")
    books = tmp_path / "books.reconcile"
    keep = ["--statement", str(marked), "--workspace", str(books)]
    assert run(sandbox_env, tmp_path / "first.xlsx", *keep) == 0
    capsys.readouterr()
    again = tmp_path / "again.xlsx"
    assert run(sandbox_env, again, *keep, "--mapping", str(mapping)) == 1
    said = last_line(capsys)
    assert said.startswith(
        f"desktop-app: {marked.name} is in the workspace books.reconcile as read"
    )
    assert "read differently now (row " in said
    assert sandbox_env.sandbox.stats.requests == []
    assert not again.exists()


def test_a_token_variable_not_set_is_refused_before_any_provider_is_fetched(
    sandbox_env: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Content Ignite and Elevate were fetched, then the run failed for Versori's token."""
    monkeypatch.delenv("SANDBOX_VERSORI_TOKEN")
    out = tmp_path / "report.xlsx"
    assert run(sandbox_env, out, "--statement", str(sandbox_env.csv_path)) == 1
    assert last_line(capsys) == (
        "desktop-app: provider 'Versori (sandbox)' could not be read: no token for "
        "'Versori (sandbox)': environment variable SANDBOX_VERSORI_TOKEN is not set"
    )
    assert sandbox_env.sandbox.stats.requests == []
    assert not out.exists()


def test_every_secret_not_set_is_named_at_once(
    sandbox_env: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SANDBOX_VERSORI_TOKEN")
    monkeypatch.setenv("SANDBOX_ELEVATE_PASSWORD", "  ")
    out = tmp_path / "report.xlsx"
    assert run(sandbox_env, out, "--statement", str(sandbox_env.csv_path)) == 1
    said = last_line(capsys)
    assert said.startswith("desktop-app: 2 providers could not be read: 'Versori (sandbox)': ")
    assert "environment variable SANDBOX_ELEVATE_PASSWORD is set but empty" in said
    assert sandbox_env.sandbox.stats.requests == []


def test_a_workspace_the_window_holds_is_refused_with_a_command_lines_remedy(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said "Close it there first, then open it again", the window's words (tester k);
    a command is run again. So does ``remove-statement``."""
    books = tmp_path / "books.reconcile"
    store_in = ["--statement", str(sandbox_env.csv_path), "--workspace", str(books)]
    with Workspace.create(books) as held:  # held open, as the window holds it
        assert run(sandbox_env, tmp_path / "report.xlsx", *store_in) == 1
        said = last_line(capsys)
        assert said.startswith(f"desktop-app: workspace {books} is in use by ")
        assert said.endswith(". Close it there first, then run again.")
        assert sandbox_env.sandbox.stats.requests == []
        assert main(["remove-statement", "--workspace", str(books), "feb.csv"]) == 1
        assert last_line(capsys) == said
        assert held.statements() == ()


def test_a_report_open_in_libreoffice_is_refused_before_the_fetch_and_kept(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The run replaced a report open in LibreOffice (its lock file beside it) and exited
    0; the program went on showing the old figures (tester N, finding 2). Now it is
    refused before anything is fetched or a workspace made, naming who has it open and
    what to do, and the report is left as it was."""
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"last month's report")
    lock = tmp_path / ".~lock.report.xlsx#"
    lock.write_text(",ann,finance-pc,24.11.2025 09:12,file:///home/ann/.config/x;", "utf-8")
    books = tmp_path / "books.reconcile"
    statement = ["--statement", str(sandbox_env.csv_path), "--workspace", str(books)]

    assert run(sandbox_env, out, *statement) == 1

    assert last_line(capsys) == (
        f"desktop-app: cannot write the report {out}: it is open in LibreOffice by ann on "
        "finance-pc since 24.11.2025 09:12, as its lock file .~lock.report.xlsx# beside it "
        "says; replaced now, LibreOffice would go on showing the old report, and saving it "
        "there would put the old report back. Close it in LibreOffice, then try again; "
        f"if no program has it open, the lock file is stale: delete {lock} and try again"
    )
    assert sandbox_env.sandbox.stats.requests == []
    assert out.read_bytes() == b"last month's report"
    assert sorted(path.name for path in tmp_path.iterdir()) == [lock.name, out.name]

    lock.unlink()  # closed in LibreOffice: the same command writes it
    assert run(sandbox_env, out, *statement) == 0
    assert out.read_bytes().startswith(b"PK")
