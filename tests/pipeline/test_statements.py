"""The statements of one run: duplicates across files, recognised as the workspace does."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop_app.pipeline import import_statements
from desktop_app.statements import import_statement
from desktop_app.workspace import Workspace, file_sha256
from tests.statements.ofx_files import CAFE, FEE, RENT, SHOP, ofx


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def stored_keys(tmp_path: Path, paths: Sequence[Path]) -> list[str]:
    """The lines a workspace keeps when the same files are imported into it in order."""
    with Workspace.create(tmp_path / "check.reconcile") as workspace:
        for path in paths:
            imported = import_statement(path)
            workspace.add_statement(
                path.name,
                file_sha256(path),
                {},
                imported.lines,
                account=imported.account,
                line_accounts=imported.line_accounts,
            )
        return [str(line.key) for line in workspace.load_lines()]


def test_the_same_movement_on_two_accounts_is_two_movements(tmp_path: Path) -> None:
    first = write(tmp_path / "acct-A.ofx", ofx([("AAA-1", [FEE])]))
    second = write(tmp_path / "acct-B.ofx", ofx([("BBB-2", [FEE])]))
    result = import_statements([first, second])
    assert [str(line.key) for line in result.lines] == ["acct-A.ofx:5", "acct-B.ofx:5"]
    assert result.duplicates == ()
    assert stored_keys(tmp_path, [first, second]) == ["acct-A.ofx:5", "acct-B.ofx:5"]


def test_overlapping_downloads_of_one_account_still_repeat(tmp_path: Path) -> None:
    first = write(tmp_path / "jan.ofx", ofx([("AAA-1", [SHOP, FEE])]))
    again = write(tmp_path / "jan-again.ofx", ofx([("AAA-1", [FEE, CAFE])]))
    result = import_statements([first, again])
    assert [str(line.key) for line in result.lines] == ["jan.ofx:5", "jan.ofx:6", "jan-again.ofx:6"]
    assert [str(duplicate) for duplicate in result.duplicates] == [
        "jan-again.ofx:5 repeats jan.ofx:6"
    ]
    assert stored_keys(tmp_path, [first, again]) == [str(line.key) for line in result.lines]


def test_a_file_of_two_accounts_repeats_only_within_each_account(tmp_path: Path) -> None:
    both = write(tmp_path / "both.ofx", ofx([("CHK-1", [SHOP, CAFE]), ("SAV-2", [RENT])]))
    checking = write(tmp_path / "checking.ofx", ofx([("CHK-1", [SHOP, CAFE, FEE])]))
    # The same movements on the other account are not the checking account's.
    savings_alike = write(tmp_path / "savings.ofx", ofx([("SAV-2", [SHOP])]))
    paths = [both, checking, savings_alike]
    result = import_statements(paths)
    assert [str(line.key) for line in result.lines] == [
        "both.ofx:5",
        "both.ofx:6",
        "both.ofx:9",
        "checking.ofx:7",
        "savings.ofx:5",
    ]
    assert [str(duplicate) for duplicate in result.duplicates] == [
        "checking.ofx:5 repeats both.ofx:5",
        "checking.ofx:6 repeats both.ofx:6",
    ]
    assert stored_keys(tmp_path, paths) == [str(line.key) for line in result.lines]


def test_a_file_of_two_accounts_after_one_of_them_adds_only_the_other(tmp_path: Path) -> None:
    checking = write(tmp_path / "checking.ofx", ofx([("CHK-1", [SHOP, FEE])]))
    both = write(tmp_path / "both.ofx", ofx([("CHK-1", [SHOP]), ("SAV-2", [SHOP, FEE])]))
    result = import_statements([checking, both])
    assert [str(line.key) for line in result.lines] == [
        "checking.ofx:5",
        "checking.ofx:6",
        "both.ofx:8",
        "both.ofx:9",
    ]
    assert [str(duplicate) for duplicate in result.duplicates] == [
        "both.ofx:5 repeats checking.ofx:5"
    ]
    assert stored_keys(tmp_path, [checking, both]) == [str(line.key) for line in result.lines]
