"""``reconcile`` over two overlapping statements of one account, one stating its currency
(a Currency column) and the other none: the report holds each booking once, with no
break between them, as with ``--currency`` given; in a run and in a workspace alike
(``tests/statements/test_dedup_currency``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import main
from tests.export.readback import read_report
from tests.pipeline.conftest import World
from tests.statements.currency_overlap_files import HELD, write_stated, write_unstated

pytestmark = pytest.mark.sandbox


def _held_lines(out: Path) -> list[str]:
    report = read_report(out)
    records = report.records("Statement lines")
    return sorted(f"{record['Statement'].value}:{record['Row'].value}" for record in records)


@pytest.mark.parametrize("currency", [[], ["--currency", "GBP"]])
def test_the_report_holds_the_overlap_once(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], currency: list[str]
) -> None:
    stated, unstated = write_stated(tmp_path), write_unstated(tmp_path)
    out = tmp_path / "mix.xlsx"
    args = ["reconcile", "--config", str(sandbox_env.config), "--statement", str(stated)]
    args += ["--statement", str(unstated), *currency, "--from", "2025-10-01", "--out", str(out)]
    assert main(args) == 0
    assert _held_lines(out) == HELD
    assert "movements missing" not in capsys.readouterr().err


def test_a_workspace_given_the_file_stating_none_later_holds_the_overlap_once(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stated, unstated = write_stated(tmp_path), write_unstated(tmp_path)
    books = tmp_path / "book.reconcile"
    base = ["reconcile", "--config", str(sandbox_env.config), "--workspace", str(books)]
    base += ["--from", "2025-10-01"]
    assert main([*base, "--statement", str(stated), "--out", str(tmp_path / "1.xlsx")]) == 0
    out = tmp_path / "2.xlsx"
    assert main([*base, "--statement", str(unstated), "--out", str(out)]) == 0
    assert _held_lines(out) == HELD
    assert "movements missing" not in capsys.readouterr().err
