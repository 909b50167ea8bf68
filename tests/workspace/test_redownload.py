"""A workspace holding one account's csv download meets the bank's later download of it,
newest first and its texts extended: the bookings both hold, of one running balance after
each, are stored once, as a run and the window's session hold them
(``tests/statements/test_dedup_redownload``)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.pipeline import import_statements
from desktop_app.workspace import Workspace
from tests.statements.format_pair_files import keys, store
from tests.statements.redownload_files import REPEATED, write_downloads


def test_the_later_download_adds_only_its_new_booking(workspace: Workspace, tmp_path: Path) -> None:
    first, later = write_downloads(tmp_path)
    assert store(workspace, [first]) == {}
    assert store(workspace, [later]) == REPEATED
    assert keys(workspace.load_lines()) == keys(import_statements([first, later]).lines)
    assert [line.description for line in workspace.load_lines()][-1] == "Strom"


def test_the_first_download_after_the_later_repeats_it_whole(
    workspace: Workspace, tmp_path: Path
) -> None:
    first, later = write_downloads(tmp_path)
    store(workspace, [later])
    assert store(workspace, [first]) == {same: line for line, same in REPEATED.items()}
    assert keys(workspace.load_lines()) == keys(import_statements([later, first]).lines)
