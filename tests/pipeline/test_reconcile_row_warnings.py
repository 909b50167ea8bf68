"""``reconcile`` says each statement's row warnings on stderr, as ``statement`` lists them.

Only ``statement`` printed them: an accountant running the month's reconcile never heard
that a csv was cut short (its last row left out: "download the statement again"), that a
cell could not be read, or that an amount had more decimals than its currency. The run
still writes its report and exits 0 (the contract's exit codes are unchanged), and stdout
stays empty: the warnings go to stderr with the run's others.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.cli.commands.reconcile import ROW_WARNINGS_SHOWN
from tests.pipeline.conftest import PERIOD, World
from tests.pipeline.statement_files import write

pytestmark = pytest.mark.sandbox

HEADER = "Date,Description,Amount,Currency,Balance\n"
# Whole rows, one amount with more decimals than pounds have and one not an amount, then
# a last row cut mid-row (no line break after it, fewer fields than the header).
DECEMBER = (
    HEADER + "03/03/2025,EL 2025 01174 CUSTOMER 1038,276.62,GBP,100.00\n"
    "04/03/2025,FEE,12.345,GBP,112.35\n"
    "05/03/2025,X,abc,GBP,112.35\n"
    "07/03/2025,Y,-5.00,GBP,107.35\n"
    "18/03/2025,EL 2025 01171 CUSTOMER 1021 AGAIN,12"
)


def _reconcile(world: World, tmp_path: Path, *statements: Path) -> int:
    given = [option for path in statements for option in ("--statement", str(path))]
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    out = tmp_path / "report.xlsx"
    code = main(["reconcile", "--config", str(world.config), *given, *period, "--out", str(out)])
    assert out.exists() == (code == 0)
    return code


def _statement_warnings(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """What ``statement`` lists of ``path``'s rows: the wording the run must use."""
    assert main(["statement", str(path)]) == 0
    warnings: list[str] = json.loads(capsys.readouterr().out)["warnings"]
    return warnings


def _row_warnings(err: str, name: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(f"desktop-app: warning: {name}")]


def test_a_cut_csv_and_its_unread_cells_are_warned_of_as_statement_words_them(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    statement = write(tmp_path / "in" / "dec.csv", DECEMBER)
    listed = _statement_warnings(statement, capsys)
    assert len(listed) == 3  # the decimals, the unread amount, the cut row
    assert _reconcile(sandbox_env, tmp_path, statement) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    said = _row_warnings(captured.err, "dec.csv")
    assert said == [f"desktop-app: warning: {warning}" for warning in listed]
    assert (
        "desktop-app: warning: dec.csv row 6: the file seems cut short: it ends in this row, "
        "without a line break, and the row has 3 fields where the header has 5; the row is "
        "left out: download the statement again"
    ) in said
    assert (
        "desktop-app: warning: dec.csv row 4 column Amount: 'abc' is not an amount; row skipped"
        in said
    )
    assert (
        "desktop-app: warning: dec.csv row 3 column Amount: 12.345 has more decimals than "
        "GBP's 2; kept as read, not rounded"
    ) in said


def test_each_statement_is_warned_of_by_name_and_a_whole_one_not_at_all(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = write(tmp_path / "nov.csv", HEADER + "13/03/2025,RENT,-500.00,GBP,10.00\n")
    cut = write(tmp_path / "dec.csv", DECEMBER)
    assert _reconcile(sandbox_env, tmp_path, whole, cut, cut) == 0  # dec.csv given twice
    err = capsys.readouterr().err
    assert _row_warnings(err, "nov.csv") == []
    assert len(_row_warnings(err, "dec.csv")) == 3  # once, though given twice


def test_a_file_of_many_warnings_says_the_first_and_how_many_more(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Amounts of four decimals, in pounds: each row is kept, and each is warned of."""
    many = ROW_WARNINGS_SHOWN + 7
    rows = "".join(
        f"{13 + day % 15}/03/2025,PAYMENT {day},{day}.1234,GBP,\n" for day in range(many)
    )
    statement = write(tmp_path / "many.csv", HEADER + "13/03/2025,RENT,-500.00,GBP,\n" + rows)
    listed = _statement_warnings(statement, capsys)
    assert len(listed) == many  # ``statement`` lists every one
    assert _reconcile(sandbox_env, tmp_path, statement) == 0
    lines = capsys.readouterr().err.splitlines()
    said = _row_warnings("\n".join(lines), "many.csv")
    assert said == [f"desktop-app: warning: {warning}" for warning in listed[:ROW_WARNINGS_SHOWN]]
    more = (
        "desktop-app: warning: and 7 more in many.csv ('desktop-app statement' on it lists "
        "them all)"
    )
    assert lines[lines.index(said[-1]) + 1] == more


def test_a_mapping_currency_for_a_file_with_a_currency_column_is_warned_of_once(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --mapping's currency for a statement that names each line's currency is not the
    lines' currency: the run says so, as ``statement`` does, for that statement alone."""
    multi = write(
        tmp_path / "in" / "multi.csv",
        "Date,Description,Amount,Currency\n2025-03-03,A,276.62,GBP\n2025-03-04,B,10.00,\n",
    )
    plain = write(tmp_path / "in" / "plain.csv", "Date,Description,Amount\n2025-03-05,C,5.00\n")
    mapping = write(tmp_path / "in" / "eur.json", '{"currency": "EUR"}')
    out = tmp_path / "report.xlsx"
    code = main(
        ["reconcile", "--config", str(sandbox_env.config),
         "--statement", str(multi), "--mapping", str(mapping),
         "--statement", str(plain), "--mapping", str(mapping),
         "--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat(), "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err
    said = [line for line in err.splitlines() if "the mapping's currency" in line]
    assert said == [
        (
            "desktop-app: warning: multi.csv: the mapping's currency EUR is not put on every "
            "line: the file has a currency column (column 'Currency'), and each line is in the "
            "currency its cell names; EUR is used only for a line whose currency cell is blank "
            "and whose amount has no currency mark (a cell that is no currency code, such as "
            "'EURO', leaves its line in none)"
        )
    ]
