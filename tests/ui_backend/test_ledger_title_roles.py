"""The wizard's choice the books' warning gives, made as the wizard makes it.

A Sage "Audit Trail" of the bank account with no balance column is read with a bank's
signs (nothing decides them) and warned of: the warning tells the accountant to give the
'Debit' column the role the wizard labels "Credit (money in)" and the 'Credit' column
"Debit (money out)". Made so, the wizard's correction reads each receipt as money in.
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
from desktop_app.statements import import_statement
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import ROLE_LABELS, ColumnMapping
from desktop_app.workspace import RecentWorkspaces


@pytest.fixture
def services(tmp_path: Path) -> Iterator[EngineServices]:
    engine = EngineServices(
        ProviderSettings(tmp_path / "providers.toml"), WorkspaceBackend(RecentWorkspaces(tmp_path))
    )
    engine.open_workspace(tmp_path / "month-end.reconcile", create=True)
    yield engine
    asyncio.run(engine.aclose())


def _audit_trail(folder: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Audit Trail"
    for row in (
        ["Northwind Ltd"],
        ["Bank account 1200 - transactions November 2025"],
        [],
        ["Date", "Ref", "Details", "Debit", "Credit"],
        [dt.datetime(2025, 11, 9), "SR1", "Receipt EL-2025-00174", 276.62, None],
        [dt.datetime(2025, 11, 15), "BP1", "Payment to supplier", None, 2000],
        [None, None, "Total", 276.62, 2000],
    ):
        sheet.append(row)
    path = folder / "audit-trail.xlsx"
    workbook.save(path)
    return path


def test_the_wizards_roles_the_warning_names_read_the_books_signs(
    tmp_path: Path, services: EngineServices
) -> None:
    path = _audit_trail(tmp_path)
    as_detected = import_statement(path)  # what the import says as detected
    assert [line.amount for line in as_detected.lines] == [Decimal("-276.62"), Decimal("2000")]
    (said,) = (warning.message for warning in as_detected.warnings)
    labels = {label: role for role, label in ROLE_LABELS.items()}
    money_in, money_out = labels["Credit (money in)"], labels["Debit (money out)"]
    assert (
        "(in the import wizard: column 'Debit' as Credit (money in), column 'Credit' as "
        "Debit (money out))"
    ) in said

    preview = services.preview_statement(path)
    roles = {guess.index: guess.role for guess in preview.columns if guess.role}
    assert (roles[3], roles[4]) == ("debit", "credit")
    roles[3], roles[4] = money_in, money_out
    choice = ColumnMapping(preview.header_row, roles, chosen=frozenset({3, 4}))
    result = services.import_statement(path, choice, no_progress, CancelToken())

    assert [line.amount for line in result.lines] == [Decimal("276.62"), Decimal("-2000")]
    assert result.warnings == ()
