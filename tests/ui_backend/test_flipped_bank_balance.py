"""The import wizard's "Money out is shown as positive (flip every sign)" on a bank account's
export, through the window's backend: the import warns of the balance running against the
amounts and says to tick it; ticked, the amounts flip and the balance, in credit, keeps its
sign, so the summary's bridge ties at the balances the file shows, and the profile saved
with the choice reads next month's file the same way."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import Mapping, import_statement, profile_from_layout
from desktop_app.statements.balance_sign import BALANCE_SIGN_REMEDY
from desktop_app.statements.layout import FLIP_EVERY_SIGN
from desktop_app.statements.profiles import JsonProfileStore, profile_from_json, profile_to_json
from desktop_app.ui.backend.statement_backend import StatementBackend
from desktop_app.ui.services import ColumnMapping, ImportSummary

OCTOBER = (
    "Date,Description,Amount,Balance\n"
    "01/10/2025,Rent,900.00,100.00\n"
    "02/10/2025,Client X INV-1,-1500.00,1600.00\n"
    "13/10/2025,Fee,4.00,1596.00\n"
    "14/10/2025,Client Y,-250.00,1846.00\n"
)
FLIPPED = Mapping(invert_sign=True)
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


def _saved_before_the_sign_was_remembered(store: JsonProfileStore, tmp_path: Path) -> None:
    """The profile 'My bank', every sign flipped, as a version before profiles remembered
    the balances' sign saved it."""
    busy = import_statement(_file(tmp_path, "busy.csv", OCTOBER), mapping=FLIPPED)
    assert busy.layout is not None
    stored = profile_to_json(profile_from_layout("My bank", busy.layout, FLIPPED))
    stored.pop("balance_sign_kept")
    store.save(profile_from_json(stored))


def test_the_wizard_says_a_quiet_months_balance_was_negated_and_what_to_do(
    tmp_path: Path,
) -> None:
    """Read with a profile that remembers no sign, one fee's balance is negated: the
    Balance column's evidence says it was assumed, why, and, in the wizard's words, what a
    bank account's accountant does (no box sets the sign; a profile saved from a month
    whose balances say it does)."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    _saved_before_the_sign_was_remembered(store, tmp_path)
    backend = StatementBackend(store)
    quiet = "Date,Description,Amount,Balance\n14/12/2025,Fee,4.00,1238.00\n"
    preview = backend.preview(_file(tmp_path, "bank-2025-12.csv", quiet))

    (balance,) = [guess for guess in preview.columns if guess.header == "Balance"]
    assert (
        "Amounts: balance: column 'Balance' negated with the amounts, every sign flipped: too "
        "few of its steps add up to say which way it runs with them, and the saved profile "
        "'My bank' remembers no sign for them"
    ) in balance.evidence
    assert (
        "a bank account's balance in credit reads so as overdrawn (if this is one, import a "
        "month whose balances say which sign they keep and save its profile: a month like "
        "this is then read as the profile remembers)"
    ) in balance.evidence
    assert BALANCE_SIGN_REMEDY not in balance.evidence  # the command line's words


def test_the_wizard_notes_say_the_stated_balances_decided_their_sign(tmp_path: Path) -> None:
    """With no balance column, the sign is the stated balances': a note on the file."""
    bank = (
        "Bank export\nOpening balance,1846.00\nDate,Description,Amount\n"
        "01/11/2025,Rent,900.00\n14/11/2025,Client Z,-100.00\nClosing balance,1046.00\n"
    )
    store = JsonProfileStore(tmp_path / "profiles.json")
    backend = StatementBackend(store)
    path = _file(tmp_path, "bank-2025-11.csv", bank)
    backend.import_file(path, ColumnMapping(1, {}, invert_sign=True, profile_name="My bank"))

    preview = backend.preview(path)
    assert preview.invert_sign
    assert (
        "Amounts: balance: each balance stated keeps its sign, the amounts alone flipped: only "
        "so does Opening balance (row 2) plus the movements reach Closing balance (row 6), as "
        "a bank account's balance does; negated with the amounts, they would add up only with "
        "Closing balance taken for the opening"
    ) in preview.notes
    assert preview.summary is not None
    assert (preview.summary.opening, preview.summary.closing) == (
        Decimal("1846.00"),
        Decimal("1046.00"),
    )
