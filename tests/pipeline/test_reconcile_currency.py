"""``reconcile`` warns of a statement whose lines are in no currency.

A file with no currency column, naming none, and no ``--currency`` given was matched
without a word: its lines compared with invoices in any currency, so a payment in another
currency than its invoice's went unnoticed. The run says so on stderr, naming the file
and the two ways to give its currency (``--currency``, a mapping's ``currency``), and
still writes its report (exit 0: the contract's exit codes are unchanged).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain import Direction, InvoiceStatus
from desktop_app.workspace import Workspace
from tests.export.readback import read_report
from tests.pipeline.conftest import PERIOD, World

pytestmark = pytest.mark.sandbox

NO_CURRENCY = "Date,Description,Amount\n2025-03-03,ACME payment,12.50\n2025-03-05,Fee,-1.25\n"


def _reconcile(world: World, tmp_path: Path, text: str, *extra: str) -> int:
    statement = tmp_path / "bank.csv"
    statement.write_text(text, encoding="utf-8")
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    out = tmp_path / "report.xlsx"
    code = main(
        ["reconcile", "--config", str(world.config), "--statement", str(statement), *extra,
         *period, "--out", str(out)]
    )  # fmt: skip
    assert out.exists() == (code == 0)
    return code


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "currency" in line and "warning" in line]


def test_a_statement_in_no_currency_is_warned_of_naming_it_and_the_remedies(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _reconcile(sandbox_env, tmp_path, NO_CURRENCY) == 0
    (warning,) = _warnings(capsys.readouterr().err)
    assert warning == (
        "desktop-app: warning: bank.csv states no currency (no currency column, none in the "
        "file, no --currency): its 2 lines were matched with invoices in any currency, so a "
        "payment in another currency than its invoice's goes unnoticed; give --currency CODE "
        "(e.g. --currency GBP) for the statements that state none, or a --mapping with "
        '{"currency": "GBP"} after the --statement of bank.csv'
    )


def test_some_lines_in_no_currency_are_counted(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A currency column with a blank cell: that line alone is in no currency."""
    text = "Date,Description,Amount,Currency\n2025-03-03,ACME,12.50,GBP\n2025-03-05,Fee,-1.25,\n"
    assert _reconcile(sandbox_env, tmp_path, text) == 0
    (warning,) = _warnings(capsys.readouterr().err)
    assert warning.startswith(
        "desktop-app: warning: 1 of the 2 lines of bank.csv states no currency: it was "
        "matched with invoices in any currency"
    )


def test_a_currency_given_for_the_run_or_in_a_mapping_leaves_no_warning(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _reconcile(sandbox_env, tmp_path, NO_CURRENCY, "--currency", "GBP") == 0
    assert _warnings(capsys.readouterr().err) == []

    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"currency": "GBP"}), encoding="utf-8")
    assert _reconcile(sandbox_env, tmp_path, NO_CURRENCY, "--mapping", str(mapping)) == 0
    assert _warnings(capsys.readouterr().err) == []


def test_a_statement_stating_its_currency_leaves_no_warning(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Date,Description,Amount\n2025-03-03,ACME payment,£12.50\n2025-03-05,Fee,-£1.25\n"
    assert _reconcile(sandbox_env, tmp_path, text) == 0
    assert _warnings(capsys.readouterr().err) == []


def test_a_line_whose_currency_cell_names_none_keeps_out_of_the_default_and_says_why(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--currency GBP is for statements that state none. This one states its currencies,
    one of them unreadably ('EURO'): that line's currency is unknown, so it is not taken
    as pounds and paired with the pound invoice it quotes to the penny; it stays
    unmatched, its row saying why, and it needs no --currency warning. The workspace reads
    it back the same, so the window's runs keep it out too."""
    open_gbp = next(
        i
        for i in sandbox_env.invoices
        if i.expects_payment
        and i.status is InvoiceStatus.OPEN
        and i.direction is Direction.RECEIVABLE
        and i.currency == "GBP"
        and i.issue_date is not None
        and PERIOD[0] <= i.issue_date <= PERIOD[1] - timedelta(days=20)
    )
    day = open_gbp.issue_date + timedelta(days=5)
    text = (
        "Date,Description,Amount,Currency\n"
        f"{day},Tea,-3.00,GBP\n"
        f"{day},{open_gbp.number},{open_gbp.gross.amount},EURO\n"
        f"{day},Coffee,-4.00,GBP\n"
        f"{day},Cake,-5.00,GBP\n"
    )
    books = tmp_path / "books.reconcile"
    code = _reconcile(sandbox_env, tmp_path, text, "--currency", "GBP", "--workspace", str(books))
    assert code == 0
    # No --currency warning; the one the import gives of the row, as ``statement`` does.
    said = (
        "desktop-app: warning: bank.csv row 3 column Currency: 'EURO' is not a currency "
        "code; the line is read with its currency unknown"
    )
    assert _warnings(capsys.readouterr().err) == [said]
    report = read_report(tmp_path / "report.xlsx")
    assert all(row["Row"].value != 3 for row in report.records("Matches"))
    (row,) = [r for r in report.records("Discrepancies") if r["Row"].value == 3]
    assert row["Type"].value == "UNMATCHED_PAYMENT"
    assert row["Currency"].value is None
    assert "bank.csv row 3 gives 'EURO' as its currency" in row["Explanation"].value
    with Workspace.open(books) as workspace:
        held = {line.row: line for line in workspace.load_lines()}
    assert (held[3].currency, held[3].currency_cell) == (None, "EURO")
    assert held[2].currency_cell == ""
