"""The import wizard's preview shows what the import takes from a workbook that hides rows
or sheets: the rows Excel shows, with their own numbers, and the hidden rows named as the
import names them; a file whose transactions are on a hidden sheet says so."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend.statement_backend import StatementBackend
from tests.statements.test_hidden_rows import (
    _FILTERED,
    _SIGNS,
    _filtered_ledger,
    _hidden_transactions,
    _said,
)


@pytest.fixture
def backend(tmp_path: Path) -> StatementBackend:
    return StatementBackend(JsonProfileStore(tmp_path / "profiles.json"))


def test_the_preview_shows_the_rows_excel_shows(backend: StatementBackend, tmp_path: Path) -> None:
    path = _filtered_ledger(tmp_path)

    preview = backend.preview(path)

    assert preview.row_numbers == (3, 4, 6)
    assert [row[1] for row in preview.rows] == ["Account", "1200 Bank", "1200 Bank"]
    imported = backend.import_file(path, None)
    assert [line.row for line in imported.lines] == [4, 6]
    assert _said(imported.warnings) == [_FILTERED, _SIGNS]


def test_a_hidden_rows_header_is_not_offered_for_mapping_by_hand(
    backend: StatementBackend, tmp_path: Path
) -> None:
    """A sheet detection finds nothing in is shown to be mapped by hand: without the rows
    Excel hides, so no row is offered as the header that the import would leave out."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (["Kontoauszug"], ["Buchung", "Text", "Betrag"], ["gestern", "Miete", "x"]):
        sheet.append(row)
    sheet.row_dimensions[2].hidden = True
    path = tmp_path / "konto.xlsx"
    workbook.save(path)

    preview = backend.preview(path)

    assert preview.not_detected is not None
    assert preview.row_numbers == (1, 3)


def test_transactions_on_a_hidden_sheet_are_named_in_the_wizard(
    backend: StatementBackend, tmp_path: Path
) -> None:
    preview = backend.preview(_hidden_transactions(tmp_path / "hidden-only.xlsx"))

    assert preview.not_detected is not None
    assert (
        "sheet 'Transactions' holds 2 transactions but is hidden in the workbook, and hidden "
        "sheets are not read: unhide it in Excel"
    ) in preview.not_detected
