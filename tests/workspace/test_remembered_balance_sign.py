"""A profile kept in the workspace remembers the balances' sign its file's steps decided.

The workspace keeps each profile as a JSON document, with no format step: the sign is
kept beside the profile's mapping (``balance_sign_kept``), so a profile stored before it
was kept reads as it did, and a version of the application that does not know it still
reads the mapping. The workspace closed and opened again, a bank account's quiet month
imported with its profile keeps its balance in credit.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

from desktop_app.statements import Mapping, import_statement, profile_from_layout
from desktop_app.statements.profiles import BackedProfileStore
from desktop_app.workspace import Workspace

HEADER = "Date,Description,Amount,Balance\n"
OCTOBER = (
    HEADER + "01/10/2025,Rent,900.00,100.00\n"
    "02/10/2025,Client X INV-1,-1500.00,1600.00\n"
    "13/10/2025,Fee,4.00,1596.00\n"
    "14/10/2025,Client Y,-250.00,1846.00\n"
)
NOVEMBER = HEADER + "14/11/2025,Fee,4.00,1842.00\n"


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _stored(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("SELECT profile FROM mapping_profiles").fetchone()[0])
    finally:
        connection.close()


def test_a_profile_in_the_workspace_keeps_a_quiet_months_balance_in_credit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "book.reconcile"
    flipped = Mapping(invert_sign=True)
    with Workspace.create(path) as workspace:
        october = import_statement(_file(tmp_path, "bank-2025-10.csv", OCTOBER), mapping=flipped)
        assert october.layout is not None
        BackedProfileStore(workspace.profiles).save(
            profile_from_layout("My bank", october.layout, flipped)
        )

    stored = json.loads(_stored(path))
    assert stored["mapping"] == {"invert_sign": True}
    assert stored["balance_sign_kept"] is True

    with Workspace.open(path) as workspace:
        store = BackedProfileStore(workspace.profiles)
        november = import_statement(_file(tmp_path, "bank-2025-11.csv", NOVEMBER), profiles=store)

    assert november.layout is not None
    assert november.layout.profile == "My bank"
    assert [line.balance for line in november.lines] == [Decimal("1842.00")]
    assert november.opening_balance == october.closing_balance == Decimal("1846.00")


def test_a_profile_stored_before_the_sign_was_kept_reads_as_it_did(tmp_path: Path) -> None:
    """Nothing remembered: its quiet month's balance is negated, as before."""
    path = tmp_path / "book.reconcile"
    old = {
        "name": "My bank",
        "fingerprint": "fp-1",
        "header": ["Date", "Description", "Amount", "Balance"],
        "mapping": {"invert_sign": True},
    }
    with Workspace.create(path) as workspace:
        workspace.profiles.put("fp-1", old)
        (saved,) = BackedProfileStore(workspace.profiles).all()

    assert saved.mapping == Mapping(invert_sign=True)
    assert saved.mapping.balance_sign_kept is None
