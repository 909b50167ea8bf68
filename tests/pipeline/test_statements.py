"""The statements of one run: duplicates across files, recognised as the workspace does."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop_app.pipeline import import_statements
from desktop_app.statements import import_statement
from desktop_app.workspace import Workspace, file_sha256

FEE = ("20240131", "-5.00", "Account fee")
SHOP = ("20240110", "-12.00", "Shop")
CAFE = ("20240111", "-3.00", "Cafe")
RENT = ("20240107", "-99.00", "Rent")


def ofx(statements: Sequence[tuple[str, Sequence[tuple[str, str, str]]]]) -> str:
    """An OFX 2 file with one statement per (account, transactions)."""
    body = ""
    for account, transactions in statements:
        movements = "".join(
            f"<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>{posted}</DTPOSTED>"
            f"<TRNAMT>{amount}</TRNAMT><FITID>F{posted}</FITID><NAME>{name}</NAME>"
            "</STMTTRN>\n"
            for posted, amount, name in transactions
        )
        body += (
            "<STMTTRNRS><TRNUID>1</TRNUID><STMTRS><CURDEF>EUR</CURDEF><BANKACCTFROM>"
            f"<BANKID>1</BANKID><ACCTID>{account}</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE>"
            f"</BANKACCTFROM><BANKTRANLIST>\n{movements}</BANKTRANLIST></STMTRS></STMTTRNRS>\n"
        )
    return (
        '<?xml version="1.0"?>\n<?OFX OFXHEADER="200" VERSION="211"?>\n'
        f"<OFX><BANKMSGSRSV1>\n{body}</BANKMSGSRSV1></OFX>\n"
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def stored_keys(tmp_path: Path, paths: Sequence[Path]) -> list[str]:
    """The lines a workspace keeps when the same files are imported into it in order."""
    with Workspace.create(tmp_path / "check.reconcile") as workspace:
        for path in paths:
            imported = import_statement(path)
            workspace.add_statement(
                path.name, file_sha256(path), {}, imported.lines, account=imported.account
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
