"""The report workbook lists the statements' import warnings, in ``reconcile`` and the window.

``reconcile`` said them on stderr and the window in banners, but the workbook did not:
an accountant given only the workbook could not tell that it rests on a row skipped (a
cell not read) or rows left out (hidden in the workbook). The Import Warnings sheet lists
them, worded as ``statement`` words them, from both reports alike; a workspace keeps
them with the statement, so a report of it made after a reopen lists them too.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.cli import main
from desktop_app.domain import CancelToken, no_progress
from desktop_app.secrets import InMemoryKeyring, KeyringSecretSource
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.workspace import RecentWorkspaces
from tests.pipeline.conftest import PERIOD, World
from tests.pipeline.statement_files import write

pytestmark = pytest.mark.sandbox

SHEET = "Import Warnings"
HEADER = ["Statement", "Row", "Column", "Warning"]
# A csv with one amount that is not one (its row skipped), and one whose description a
# spreadsheet would take for a formula.
BANK_CSV = (
    "Date,Description,Amount,Currency\n"
    "13/03/2025,EL 2025 01174 CUSTOMER 1038,276.62,GBP\n"
    '15/03/2025,=HYPERLINK("http://x"),=1+1,GBP\n'
    "17/03/2025,RENT,-500.00,GBP\n"
)
CSV_ROWS = [
    ["bank.csv", 3, "Amount", "'=1+1' is not an amount; row skipped"],
]
HIDDEN_ROWS = [
    [
        "cards.xlsx",
        None,
        None,
        (
            "sheet 'Card': 1 row (4) is hidden in the workbook and was left out; unhide it "
            "in Excel to import it"
        ),
    ],
]


def _hidden_rows_xlsx(path: Path) -> Path:
    """A card statement built in openpyxl, its third movement's row hidden."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Card"
    sheet.append(["Date", "Description", "Amount", "Currency"])
    sheet.append([date(2025, 3, 10), "COFFEE", -3.5, "GBP"])
    sheet.append([date(2025, 3, 11), "BOOKS", -12.0, "GBP"])
    sheet.append([date(2025, 3, 12), "HIDDEN TRANSFER", -90.0, "GBP"])
    sheet.append([date(2025, 3, 13), "LUNCH", -8.25, "GBP"])
    sheet.row_dimensions[4].hidden = True
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _statements(folder: Path) -> tuple[Path, Path]:
    return write(folder / "bank.csv", BANK_CSV), _hidden_rows_xlsx(folder / "cards.xlsx")


def _sheet(path: Path) -> list[list[Any]]:
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["Summary", "Discrepancies", "Matches"]
    assert book.sheetnames[-1] == SHEET  # after every other sheet, Audit included
    return [[cell.value for cell in row] for row in book[SHEET].iter_rows()]


def _summary_count(path: Path) -> object:
    book = openpyxl.load_workbook(path)
    row = next(r for r in book["Summary"].iter_rows() if r[0].value == "Import warnings")
    assert "see the Import Warnings sheet" in str(row[2].value)
    return row[1].value


def _reconcile(world: World, out: Path, *statements: Path, workspace: Path | None = None) -> None:
    given = [option for path in statements for option in ("--statement", str(path))]
    kept = ["--workspace", str(workspace)] if workspace is not None else []
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    code = main(
        ["reconcile", "--config", str(world.config), *given, *kept, *period, "--out", str(out)]
    )
    assert code == 0


def _listed(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """``statement``'s warnings of ``path``: the wording the sheet's rows must say."""
    assert main(["statement", str(path)]) == 0
    warnings: list[str] = json.loads(capsys.readouterr().out)["warnings"]
    return warnings


def _as_statement_says(row: list[Any]) -> str:
    """A row of the sheet as ``statement`` words it (``RowWarning.__str__``)."""
    name, number, column, warning = row
    where = name if number is None else f"{name} row {number}"
    if column:
        where += f" {column}" if column.startswith("column ") else f" column {column}"
    return f"{where}: {warning}"


def test_reconcile_lists_each_statements_warnings_cell_by_cell(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank, cards = _statements(tmp_path / "in")
    out = tmp_path / "report.xlsx"
    _reconcile(sandbox_env, out, bank, cards)
    rows = _sheet(out)
    assert rows == [HEADER, *CSV_ROWS, *HIDDEN_ROWS]
    # Worded as ``statement`` and the run's stderr word them.
    said = _listed(bank, capsys) + _listed(cards, capsys)
    assert [_as_statement_says(row) for row in rows[1:]] == said
    assert _summary_count(out) == 2
    book = openpyxl.load_workbook(out)
    warning = book[SHEET]["D2"]  # quotes '=1+1' from the file: text, not a formula
    assert warning.data_type == "s"


def test_reconcile_with_a_workspace_and_a_run_of_it_after_lists_them(
    sandbox_env: World, tmp_path: Path
) -> None:
    """Kept with the statements: the run given no --statement (the workspace's own,
    imported by the run before) lists them as the run that imported them did."""
    bank, cards = _statements(tmp_path / "in")
    books = tmp_path / "books.reconcile"
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    _reconcile(sandbox_env, first, bank, cards, workspace=books)
    assert _sheet(first) == [HEADER, *CSV_ROWS, *HIDDEN_ROWS]
    _reconcile(sandbox_env, second, workspace=books)
    assert _sheet(second) == [HEADER, *CSV_ROWS, *HIDDEN_ROWS]
    assert _summary_count(second) == 2


def _engine(world: World, config_dir: Path) -> EngineServices:
    settings = ProviderSettings(world.config, KeyringSecretSource(backend=InMemoryKeyring()))
    return EngineServices(settings, WorkspaceBackend(RecentWorkspaces(config_dir)))


def _window_export(engine: EngineServices, lines: Any, out: Path) -> Path:
    fetched = asyncio.run(engine.fetch_invoices(*PERIOD, no_progress, CancelToken()))
    assert not fetched.failures
    decisions = engine.decisions()
    run = engine.reconcile(fetched.invoices, lines, decisions, no_progress, CancelToken())
    return engine.export_report(run, decisions, out, no_progress, CancelToken())


def test_the_window_exports_them_and_again_after_the_workspace_is_reopened(
    sandbox_env: World, tmp_path: Path
) -> None:
    bank, cards = _statements(tmp_path / "in")
    books = tmp_path / "books.reconcile"
    engine = _engine(sandbox_env, tmp_path / "config")
    try:
        engine.open_workspace(books, create=True)
        lines = []
        for path in (bank, cards):
            lines.extend(engine.import_statement(path, None, no_progress, CancelToken()).lines)
        exported = _window_export(engine, lines, tmp_path / "window.xlsx")
    finally:
        asyncio.run(engine.aclose())
    assert _sheet(exported) == [HEADER, *CSV_ROWS, *HIDDEN_ROWS]

    reopened = _engine(sandbox_env, tmp_path / "config")
    try:
        contents = reopened.open_workspace(books)
        again = _window_export(reopened, contents.lines, tmp_path / "reopened.xlsx")
    finally:
        asyncio.run(reopened.aclose())
    assert _sheet(again) == [HEADER, *CSV_ROWS, *HIDDEN_ROWS]
    assert _summary_count(again) == 2


def test_the_window_without_a_workspace_exports_them(sandbox_env: World, tmp_path: Path) -> None:
    bank, cards = _statements(tmp_path / "in")
    engine = _engine(sandbox_env, tmp_path / "config")
    try:
        lines = []
        for path in (bank, cards):
            lines.extend(engine.import_statement(path, None, no_progress, CancelToken()).lines)
        exported = _window_export(engine, lines, tmp_path / "window.xlsx")
    finally:
        asyncio.run(engine.aclose())
    assert _sheet(exported) == [HEADER, *CSV_ROWS, *HIDDEN_ROWS]
