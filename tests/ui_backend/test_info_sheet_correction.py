"""The wizard's correction of a workbook whose transactions sheet has an "Info" tab beside it.

The wizard gives the importer the roles it shows as a mapping by column number, with the
header row, and names no sheet. Applied to every sheet, that mapping was refused for the
Info tab's single column ("column 3 does not exist"), so the accountant could not correct
(or save a profile for) the bank's workbook at all; it is read from the sheet it fits.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain import CancelToken, no_progress
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import ColumnMapping
from desktop_app.workspace import RecentWorkspaces


@pytest.fixture
def services(tmp_path: Path) -> Iterator[EngineServices]:
    engine = EngineServices(
        ProviderSettings(tmp_path / "providers.toml"), WorkspaceBackend(RecentWorkspaces(tmp_path))
    )
    engine.open_workspace(tmp_path / "month-end.reconcile", create=True)
    yield engine
    asyncio.run(engine.aclose())


def _workbook(folder: Path, month: int) -> Path:
    """The Info tab first (text alone), then the month's transactions."""
    workbook = openpyxl.Workbook()
    info = workbook.active
    info.title = "Info"
    for text in ("Kontoauszug", "Erstellt von der Musterbank", "Alle Beträge in EUR"):
        info.append([text])
    data = workbook.create_sheet("Umsätze")
    data.append(["Datum", "Text", "Betrag"])
    data.append([dt.date(2024, month, 2), "Miete", -800.5])
    data.append([dt.date(2024, month, 15), "Gehalt", 2500])
    path = folder / f"konto-2024-{month:02d}.xlsx"
    workbook.save(path)
    return path


def test_a_correction_of_a_workbook_with_an_info_sheet_is_read_and_saved(
    tmp_path: Path, services: EngineServices
) -> None:
    january, february = _workbook(tmp_path, 1), _workbook(tmp_path, 2)
    preview = services.preview_statement(january)
    roles = {guess.index: guess.role for guess in preview.columns if guess.role}
    assert (preview.header_row, roles[0], roles[2]) == (1, "date", "amount")
    choice = ColumnMapping(preview.header_row, roles, "Musterbank", "EUR")
    result = services.import_statement(january, choice, no_progress, CancelToken())
    assert [(line.date, line.amount, line.currency) for line in result.lines] == [
        (dt.date(2024, 1, 2), Decimal("-800.50"), "EUR"),
        (dt.date(2024, 1, 15), Decimal("2500"), "EUR"),
    ]
    # the profile saved with the correction is applied to the next month's workbook
    lines = services.import_statement(february, None, no_progress, CancelToken()).lines
    assert [(line.date, line.currency) for line in lines] == [
        (dt.date(2024, 2, 2), "EUR"),
        (dt.date(2024, 2, 15), "EUR"),
    ]
