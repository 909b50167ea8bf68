"""``reconcile`` warns of a statement whose lines are in no currency.

A file with no currency column, naming none, and no ``--currency`` given was matched
without a word: its lines compared with invoices in any currency, so a payment in another
currency than its invoice's went unnoticed. The run says so on stderr, naming the file
and the two ways to give its currency (``--currency``, a mapping's ``currency``), and
still writes its report (exit 0: the contract's exit codes are unchanged).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
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
