"""The import wizard's "Money out is shown as positive (flip every sign)" on a bank account's
export, through the window's backend: the import warns of the balance running against the
amounts and says to tick it; ticked, the amounts flip and the balance, in credit, keeps its
sign, so the summary's bridge ties at the balances the file shows, and the profile saved
with the choice reads next month's file the same way."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements.layout import FLIP_EVERY_SIGN
from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend.statement_backend import StatementBackend
from desktop_app.ui.services import ColumnMapping, ImportSummary

OCTOBER = (
    "Date,Description,Amount,Balance\n"
    "01/10/2025,Rent,900.00,100.00\n"
    "02/10/2025,Client X INV-1,-1500.00,1600.00\n"
    "13/10/2025,Fee,4.00,1596.00\n"
    "14/10/2025,Client Y,-250.00,1846.00\n"
)
NOVEMBER = (
    "Date,Description,Amount,Balance\n"
    "03/11/2025,Rent,900.00,946.00\n"
    "10/11/2025,Client Z,-300.00,1246.00\n"
    "20/11/2025,Fee,4.00,1242.00\n"
)


@pytest.fixture
def backend(tmp_path: Path) -> StatementBackend:
    return StatementBackend(JsonProfileStore(tmp_path / "profiles.json"))


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ticking_flip_every_sign_keeps_the_balance_in_credit(
    backend: StatementBackend, tmp_path: Path
) -> None:
    path = _file(tmp_path, "bank-2025-10.csv", OCTOBER)
    detected = backend.read(path)
    assert any(FLIP_EVERY_SIGN in warning.message for warning in detected.warnings)

    choice = ColumnMapping(1, {}, currency="EUR", invert_sign=True, profile_name="My bank")
    summary = backend.summary(path, choice)
    imported = backend.import_file(path, choice)

    assert [line.amount for line in imported.lines] == [
        Decimal("-900.00"),
        Decimal("1500.00"),
        Decimal("-4.00"),
        Decimal("250.00"),
    ]
    assert [line.balance for line in imported.lines] == [
        Decimal("100.00"),
        Decimal("1600.00"),
        Decimal("1596.00"),
        Decimal("1846.00"),
    ]
    assert (imported.opening_balance, imported.closing_balance) == (
        Decimal("1000.00"),
        Decimal("1846.00"),
    )
    assert imported.warnings == ()
    assert isinstance(summary, ImportSummary)
    assert (summary.opening, summary.closing) == (Decimal("1000.00"), Decimal("1846.00"))
    assert summary.bridge is not None
    assert summary.bridge.ties

    november = backend.import_file(_file(tmp_path, "bank-2025-11.csv", NOVEMBER), None)
    assert november.layout is not None
    assert november.layout.profile == "My bank"
    assert [line.balance for line in november.lines] == [
        Decimal("946.00"),
        Decimal("1246.00"),
        Decimal("1242.00"),
    ]
    assert november.opening_balance == imported.closing_balance
    assert november.warnings == ()


def test_the_profile_saved_with_the_choice_keeps_a_quiet_months_balance_in_credit(
    backend: StatementBackend, tmp_path: Path
) -> None:
    """The wizard saves the profile with the layout it detected, before the flip: the
    balances' sign the reading with the flip decided is what the profile remembers, so a
    month of one fee, whose steps cannot say, is not shown overdrawn."""
    october = _file(tmp_path, "bank-2025-10.csv", OCTOBER)
    choice = ColumnMapping(1, {}, currency="EUR", invert_sign=True, profile_name="My bank")
    backend.import_file(october, choice)

    quiet = "Date,Description,Amount,Balance\n14/12/2025,Fee,4.00,1238.00\n"
    december = backend.import_file(_file(tmp_path, "bank-2025-12.csv", quiet), None)

    assert december.layout is not None
    assert december.layout.profile == "My bank"
    assert [(line.amount, line.balance) for line in december.lines] == [
        (Decimal("-4.00"), Decimal("1238.00"))
    ]
    assert (december.opening_balance, december.closing_balance) == (
        Decimal("1242.00"),
        Decimal("1238.00"),
    )
