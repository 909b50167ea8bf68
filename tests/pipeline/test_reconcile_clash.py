"""``desktop-app reconcile`` warns on stderr of two statements not compared because they
clash (their dates overlap, yet they hold no movement in common), in the words the
report's Summary says it in: a run's log that names no break between them must not be
read as saying they follow each other. Statement files are written here as csv and
given to the command's entry point as the accountant gives them."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import main
from tests.export.readback import cell_values, read_report
from tests.pipeline.conftest import World
from tests.statements.clash_files import ONE_ACCOUNT_CLASH as CLASH
from tests.statements.clash_files import one_account_clashing
from tests.statements.overlap_files import ACCOUNT
from tests.statements.test_continuity import write_statement

CONTINUITY = "Statement continuity (each statement opens at the balance the one before it left)"
GAP = (
    "nov.csv opens at £1,000.00 on 3 Nov 2025 but second.csv closed at £745.00 on "
    "20 Oct 2025: £255.00 of movements are missing between them."
)


def _run(world: World, folder: Path, paths: list[Path], with_workspace: bool) -> Path:
    out = folder / "report.xlsx"
    given = [part for path in paths for part in ("--statement", str(path))]
    extra = ["--workspace", str(folder / "books.reconcile")] if with_workspace else []
    code = main(["reconcile", "--config", str(world.config), *given, "--out", str(out), *extra])
    assert code == 0
    return out


def _warnings(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if "warning" in line]


@pytest.mark.parametrize("with_workspace", [False, True])
def test_two_clashing_statements_are_warned_of_as_the_summary_says_them(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], with_workspace: bool
) -> None:
    """Both state their balances, so neither is left out for want of one; they are not
    compared, and the run said nothing of them, as if they followed each other."""
    out = _run(sandbox_env, tmp_path, one_account_clashing(tmp_path, ACCOUNT), with_workspace)
    assert _warnings(capsys) == [f"desktop-app: warning: statements not compared: {CLASH}"]
    said = [row[0] for row in cell_values(read_report(out).summary_block(CONTINUITY), 1)]
    assert said == [CLASH]  # the very words on stderr


def test_a_clash_is_warned_of_after_the_breaks(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A November file opening above where the later October file closed: its gap is
    warned of first, under its own heading, then the clash, as the Summary lists them."""
    november = write_statement(
        tmp_path / "nov.csv", "1000.00", [("2025-11-03", "INTEREST", "1.00")], account=ACCOUNT
    )
    _run(
        sandbox_env,
        tmp_path,
        [*one_account_clashing(tmp_path, ACCOUNT), november],
        with_workspace=False,
    )
    assert _warnings(capsys) == [
        f"desktop-app: warning: movements missing between statements: {GAP}",
        f"desktop-app: warning: statements not compared: {CLASH}",
    ]
