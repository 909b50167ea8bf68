"""``desktop-app remove-statement --workspace FILE NAME``: the remedy ``reconcile``'s
refusals name, usable where the window is not.

Three refusals of a scheduled run told its user to use the window's "Statements, Remove
statement…", which the command line had no way to do. The command takes the statement
out through the workspace's own removal, the window's, says what it withdrew as the window
says it, and each refusal names it ready to paste.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain import Decision, DecisionKind, LineKey
from desktop_app.workspace import Workspace
from tests.pipeline.conftest import PERIOD, World
from tests.pipeline.statement_files import HEADER, store, write
from tests.pipeline.test_reconcile_command import _write_marked_copy

pytestmark = pytest.mark.sandbox


def reconcile(world: World, out: Path, *arguments: str) -> int:
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    return main(
        ["reconcile", "--config", str(world.config), *arguments, *period, "--out", str(out),
         "--currency", "GBP"]
    )  # fmt: skip


def last_line(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_removing_a_statement_withdraws_its_decisions_and_says_so_as_the_window_does(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = tmp_path / "books.reconcile"
    with Workspace.create(books) as workspace:
        store(workspace, write(tmp_path / "feb.csv", HEADER + "2025-02-03,Rent,-800\n"))
        store(workspace, write(tmp_path / "mar.csv", HEADER + "2025-03-03,Rent,-800\n"))
        workspace.record_decision(
            Decision(
                DecisionKind.REJECT,
                (sandbox_env.invoices[0].key,),
                (LineKey("feb.csv", 2),),
                reason="not this payment",
            )
        )
        decided = len(workspace.audit())
    assert main(["remove-statement", "--workspace", str(books), "feb.csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "desktop-app: removed feb.csv and 1 decision withdrawn.\n"
        "desktop-app: note: 1 decision on its lines (1 rejected) was withdrawn: decide it "
        "again once the file is imported again; the audit trail keeps it.\n"
    )
    with Workspace.open(books) as workspace:
        assert workspace.statement_files() == ("mar.csv",)
        assert workspace.effective_decisions() == ()
        assert len(workspace.audit()) == decided + 1  # the withdrawal, audited


def test_a_statement_with_no_decision_is_removed_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = tmp_path / "books.reconcile"
    with Workspace.create(books) as workspace:
        store(workspace, write(tmp_path / "feb.csv", HEADER + "2025-02-03,Rent,-800\n"))
    given = str(tmp_path / "elsewhere" / "feb.csv")  # a path: taken by its file name
    assert main(["remove-statement", "--workspace", str(books), given]) == 0
    assert capsys.readouterr().err == "desktop-app: removed feb.csv.\n"
    with Workspace.open(books) as workspace:
        assert workspace.statement_files() == ()


def test_a_name_the_workspace_does_not_hold_is_a_usage_error_naming_those_it_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = tmp_path / "books.reconcile"
    with Workspace.create(books) as workspace:
        store(workspace, write(tmp_path / "feb.csv", HEADER + "2025-02-03,Rent,-800\n"))
        store(workspace, write(tmp_path / "mar.csv", HEADER + "2025-03-03,Rent,-800\n"))
    assert main(["remove-statement", "--workspace", str(books), "fev.csv"]) == 2
    assert capsys.readouterr().err == (
        "desktop-app: the workspace books.reconcile holds no statement named fev.csv; it "
        "holds feb.csv and mar.csv\n"
    )
    with Workspace.open(books) as workspace:
        assert workspace.statement_files() == ("feb.csv", "mar.csv")


def test_a_workspace_that_does_not_exist_is_a_usage_error_and_none_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = tmp_path / "books.reconcile"
    assert main(["remove-statement", "--workspace", str(books), "feb.csv"]) == 2
    assert capsys.readouterr().err == f"desktop-app: --workspace {books}: no such workspace\n"
    assert not books.exists()


def test_the_read_differently_refusal_names_the_command_and_following_it_lets_the_run_go(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marked, mapping = tmp_path / "marked.csv", tmp_path / "directions.json"
    _write_marked_copy(sandbox_env, marked)
    mapping.write_text('{"indicator_signs": {"ALLAN": -1, "MEWN": 1}}', encoding="utf-8")
    books = tmp_path / "my books.reconcile"  # a name a shell must have quoted
    keep = ["--statement", str(marked), "--workspace", str(books)]
    assert reconcile(sandbox_env, tmp_path / "first.xlsx", *keep) == 0
    capsys.readouterr()
    again = [*keep, "--mapping", str(mapping)]
    assert reconcile(sandbox_env, tmp_path / "again.xlsx", *again) == 1
    said = last_line(capsys)
    command = f"desktop-app remove-statement --workspace {shlex.quote(str(books))} marked.csv"
    assert f"remove it from the workspace ({command}, or Statements, Remove statement… " in said

    assert main(shlex.split(command)[1:]) == 0
    assert last_line(capsys).startswith("desktop-app: removed marked.csv")
    assert reconcile(sandbox_env, tmp_path / "again.xlsx", *again) == 0


def test_the_corrected_download_refusal_names_the_command(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = tmp_path / "books.reconcile"
    with Workspace.create(books) as workspace:
        store(workspace, write(tmp_path / "old" / "feb.csv", HEADER + "2025-02-03,Rent,-800\n"))
    feb = write(tmp_path / "new" / "feb.csv", HEADER + "2025-02-03,Rent,-810\n")
    assert reconcile(sandbox_env, tmp_path / "r.xlsx", "--statement", str(feb), "--workspace",
                     str(books)) == 1  # fmt: skip
    said = last_line(capsys)
    assert (
        "then remove the earlier 'feb.csv' (desktop-app remove-statement --workspace "
        f"{books} feb.csv, or Statements, Remove statement… in the window)"
    ) in said


def test_help_lists_the_command() -> None:
    from desktop_app.cli.main import build_parser

    assert "remove-statement" in build_parser().format_help()
