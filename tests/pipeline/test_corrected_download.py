"""A bank's corrected download of a statement imported beside the one it corrects (the
explorer's G1): one amount changed, the running balances after it following. Its other
movements repeat the first file's and it opens at the same balance, so before the
overlap was compared day by day it was said to follow, and its changed line was held as
a second movement. ``reconcile --workspace`` imports the files into a real workspace;
the warning is read off stderr and the Summary back with openpyxl."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.cli import main
from tests.export.readback import cell_values, read_report
from tests.pipeline.conftest import World

pytestmark = pytest.mark.sandbox

CONTINUITY = "Statement continuity (each statement opens at the balance the one before it left)"
PREAMBLE = (
    "Northwind Bank plc;;;;;\nAccount: Agency Current Account;;;;;\n"
    "Statement 01/10/2025 to 20/10/2025;;;;;\n;;;;;\n"
)
ROWS = (
    ("02/10/2025", "CARD OFFICE SUPPLIES LTD", "", "-84.20"),
    ("03/10/2025", "DIRECT DEBIT LANDLORD RENT", "OCT RENT", "-2500.00"),
    ("14/10/2025", "FASTER PAYMENT CUST 1038", "EL-2025-00151", "276.62"),
    ("15/10/2025", "BACS CUST 1064", "EL-2025-00153", "1428.19"),
    ("15/10/2025", "BACS CUST 1050", "EL-2025-00154", "1300.00"),
    ("16/10/2025", "BACS CUST 1056", "EL-2025-00158", "1188.12"),
    ("20/10/2025", "PAYMENT VERSORI", "VERSORI SUB", "-791.88"),
)


def _statement(
    path: Path, rows: tuple[tuple[str, str, str, str], ...], *, balance: bool = True
) -> Path:
    """The explorer's csv: a preamble, ';' and decimal commas, debit and credit columns
    and (``balance``) a running balance from 70,000.00."""
    running = Decimal("70000.00")
    lines = ["Date;Description;Reference;Debit;Credit" + (";Balance" if balance else "")]
    for day, text, reference, amount in rows:
        money = Decimal(amount)
        running += money
        debit, credit = (f"{-money}", "") if money < 0 else ("", f"{money}")
        cells = [day, text, reference, debit, credit] + ([f"{running}"] if balance else [])
        lines.append(";".join(cells).replace(".", ","))
    path.write_text(PREAMBLE + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _corrected(rows: tuple[tuple[str, str, str, str], ...]) -> tuple[tuple[str, ...], ...]:
    return tuple((*row[:3], "1310.00") if row[2] == "EL-2025-00154" else row for row in rows)


def _run(world: World, books: Path, statement: Path, out: Path) -> None:
    code = main(
        ["reconcile", "--config", str(world.config), "--statement", str(statement),
         "--workspace", str(books), "--currency", "GBP", "--from", "2025-10-01",
         "--to", "2025-10-31", "--out", str(out)]
    )  # fmt: skip
    assert code == 0


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "desktop-app: warning:" in line]


def test_a_corrected_download_is_said_to_disagree_at_import_and_on_the_summary(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = tmp_path / "books.reconcile"
    _run(sandbox_env, books, _statement(tmp_path / "oct-a.csv", ROWS), tmp_path / "first.xlsx")
    assert not any("statements" in line for line in _warnings(capsys.readouterr().err))
    corrected = _statement(tmp_path / "oct-a-v2.csv", _corrected(ROWS))
    out = tmp_path / "report.xlsx"
    _run(sandbox_env, books, corrected, out)
    said = (
        "oct-a-v2.csv disagrees with oct-a.csv, which it overlaps, on 15 Oct 2025: it "
        "closes that day at £70,430.61, oct-a.csv at £70,420.61; oct-a-v2.csv row 10 "
        "(£1,310.00 BACS CUST 1050 EL-2025-00154) is not in oct-a.csv; oct-a.csv row 10 "
        "(£1,300.00 BACS CUST 1050 EL-2025-00154) is not in oct-a-v2.csv. If oct-a-v2.csv "
        "corrects oct-a.csv (a corrected download from the bank), remove oct-a.csv "
        "(Statements, Remove statement… in the window; or leave it out of the run): the "
        "movements both hold stay, under oct-a-v2.csv, with the decisions on them. If "
        "oct-a.csv is the right one, remove oct-a-v2.csv."
    )
    warnings = _warnings(capsys.readouterr().err)
    assert f"desktop-app: warning: statements disagree: {said}" in warnings
    report = read_report(out)
    block = cell_values(report.summary_block(CONTINUITY), 10)
    [row] = [row for row in block[1:] if row[2] == "oct-a.csv"]
    assert (row[5], row[8], row[9]) == ("oct-a-v2.csv", None, "NO: the statements disagree")
    assert (said, *[None] * 9) in block
    summary = {row[0]: row[1:3] for row in cell_values(report.sheet("Summary").iter_rows(), 3)}
    assert summary["Breaks between statements"] == (
        1,
        (
            "statements of one account that overlap disagree: see 'Statement continuity (each "
            "statement opens at the balance the one before it left)' below"
        ),
    )


def test_an_honest_overlapping_download_follows_without_a_warning(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second half of the month downloaded again with the next days: every movement
    of the days both cover is in both, at the same balances."""
    books = tmp_path / "books.reconcile"
    _run(sandbox_env, books, _statement(tmp_path / "oct-a.csv", ROWS), tmp_path / "first.xlsx")
    later = (*ROWS, ("22/10/2025", "BACS CUST 1010", "EL-2025-00163", "570.89"))
    out = tmp_path / "report.xlsx"
    _run(sandbox_env, books, _statement(tmp_path / "oct-b.csv", later), out)
    assert not any("statements" in line for line in _warnings(capsys.readouterr().err))
    block = cell_values(read_report(out).summary_block(CONTINUITY), 10)
    assert [(row[2], row[5], row[9]) for row in block[1:]] == [("oct-a.csv", "oct-b.csv", "yes")]


def test_an_overlap_without_balances_is_no_disagreement(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a balance, a line one file holds and the other does not may be either's
    gap: nothing says which, so nothing is said."""
    books = tmp_path / "books.reconcile"
    first = _statement(tmp_path / "oct-a.csv", ROWS, balance=False)
    _run(sandbox_env, books, first, tmp_path / "first.xlsx")
    out = tmp_path / "report.xlsx"
    _run(
        sandbox_env,
        books,
        _statement(tmp_path / "oct-a-v2.csv", _corrected(ROWS), balance=False),
        out,
    )
    assert not any("statements" in line for line in _warnings(capsys.readouterr().err))
    block = cell_values(read_report(out).summary_block(CONTINUITY), 10)
    assert block[0][0].startswith("No two statements of one account state the balances")
