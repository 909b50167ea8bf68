"""``desktop-app reconcile --workspace``: what a run keeps in the workspace, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.cli import main
from desktop_app.domain import Decision, DecisionKind, LineKey
from desktop_app.statements import import_statement
from desktop_app.workspace import Workspace, file_sha256
from tests.pipeline.conftest import PERIOD, World

pytestmark = pytest.mark.sandbox

HEADER = "Date,Description,Amount\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def store(workspace: Workspace, path: Path) -> None:
    imported = import_statement(path, default_currency="GBP")
    workspace.add_statement(path.name, file_sha256(path), {"format": "csv"}, imported.lines)


def contents(path: Path) -> tuple[Any, ...]:
    with Workspace.open(path) as workspace:
        return (
            workspace.statements(),
            workspace.load_lines(),
            workspace.load_invoices(include_missing=True),
            workspace.audit(),
        )


def test_a_statement_refused_by_the_workspace_leaves_it_as_it_was(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace_path = tmp_path / "books.reconcile"
    with Workspace.create(workspace_path) as workspace:
        store(workspace, write(tmp_path / "old" / "feb.csv", HEADER + "2025-02-03,Rent,-800\n"))
        workspace.record_decision(
            Decision(
                DecisionKind.REJECT,
                (sandbox_env.invoices[0].key,),
                (LineKey("feb.csv", 2),),
                reason="not this payment",
            )
        )
    before = contents(workspace_path)
    jan = write(tmp_path / "new" / "jan.csv", HEADER + "2025-01-03,Rent,-800\n")
    # Another file of the name already imported: the workspace refuses it.
    feb = write(tmp_path / "new" / "feb.csv", HEADER + "2025-02-03,Rent,-800\n2025-02-9,Tea,-3\n")
    out = tmp_path / "report.xlsx"
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement", str(jan),
         "--statement", str(feb), "--workspace", str(workspace_path), "--currency", "GBP",
         "--out", str(out)]
    )  # fmt: skip
    assert code == 1
    assert "feb.csv" in capsys.readouterr().err.splitlines()[-1]
    assert not out.exists()
    assert contents(workspace_path) == before


def match_rows(path: Path) -> list[dict[str, Any]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = list(workbook["Matches"].iter_rows(values_only=True))
    workbook.close()
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_a_rejection_binds_the_same_payment_in_a_later_overlapping_download(
    sandbox_env: World, tmp_path: Path
) -> None:
    """The accountant rejected a pairing on March's statement; April's download repeats
    that payment on another row of another file. The rejection still binds it."""
    world, workspace_path = sandbox_env, tmp_path / "books.reconcile"
    command = ["reconcile", "--config", str(world.config), "--workspace", str(workspace_path),
               "--currency", "GBP", "--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]  # fmt: skip
    first = tmp_path / "first.xlsx"
    assert main([*command, "--statement", str(world.csv_path), "--out", str(first)]) == 0
    key, index = next(iter(world.plan.expected_pairs()))
    row = world.csv_rows[index]
    paired = {(str(m["Invoice ID"]), m["Statement"], m["Row"]) for m in match_rows(first)}
    assert (key.invoice_id, world.csv_path.name, row) in paired  # the engine paired them
    with Workspace.open(workspace_path) as workspace:
        workspace.record_decision(
            Decision(DecisionKind.REJECT, (key,), (LineKey(world.csv_path.name, row),))
        )
    # The next download: a new first line, so every row (and the file) differs.
    lines = world.csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    later = write(
        tmp_path / "later.csv", lines[0] + "2025-06-30,Bank fee,-2.50\n" + "".join(lines[1:])
    )
    second = tmp_path / "second.xlsx"
    assert main([*command, "--statement", str(later), "--out", str(second)]) == 0
    invoice_matches = [m for m in match_rows(second) if str(m["Invoice ID"]) == key.invoice_id]
    assert (world.csv_path.name, row) not in {(m["Statement"], m["Row"]) for m in invoice_matches}
    assert ("later.csv", row + 1) not in {(m["Statement"], m["Row"]) for m in invoice_matches}
