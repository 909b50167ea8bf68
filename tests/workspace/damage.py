"""Real workspace files damaged as another program would damage them (sqlite3 writing
past the application): the set-up of the damaged-workspace tests."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from desktop_app.domain import DecisionKind, FetchPeriod
from desktop_app.workspace import Workspace
from tests.workspace.factories import PROVIDER, decision, full_invoice, line, sha

OCTOBER = FetchPeriod(date(2025, 10, 1), date(2025, 10, 31))
NOVEMBER = FetchPeriod(date(2025, 11, 1), date(2025, 11, 30))


def damaged_setting(path: Path, key: str, value: object) -> Path:
    """A real workspace at ``path`` that fetched October, its ``key`` setting then set
    to ``value`` by another program."""
    with Workspace.create(path) as workspace:
        workspace.save_fetch({}, date_from=OCTOBER.start, date_to=OCTOBER.end)
        assert workspace.fetch_period() == OCTOBER
    return damaged_setting_of(path, key, value)


def holding_setting(path: Path, key: str, value: object) -> Path:
    """A real workspace at ``path`` holding a statement (``march.csv``, rows 2 and 3),
    INV-1 and an accept of it with row 2, its ``key`` setting then set to ``value`` by
    another program (an older version, a hand): what the workspace holds besides must
    come through whatever the setting says."""
    with Workspace.create(path) as workspace:
        workspace.save_invoices(PROVIDER, [full_invoice("INV-1")])
        march = [line(row, f"-{row}.00", day=row, description=f"Shop {row}") for row in (2, 3)]
        workspace.add_statement("march.csv", sha("march"), {"format": "csv"}, march)
        workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-1",), (2,)))
    return damaged_setting_of(path, key, value)


def damaged_setting_of(path: Path, key: str, value: object) -> Path:
    """The workspace at ``path``, its ``key`` setting set to ``value`` by sqlite3."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
    connection.close()
    return path


def stored_setting(path: Path, key: str) -> object:
    """The ``key`` setting's value as the file holds it, read past the application."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()[0]
    finally:
        connection.close()


def damaged_decision_time(path: Path) -> Path:
    """A real workspace at ``path`` holding one statement (``march.csv``, rows 2 and 3)
    and an accept of INV-1 with row 2, whose time another program then set to
    'last Tuesday', stepping past the audit trail's append-only triggers (dropped, then
    made again as they were)."""
    with Workspace.create(path) as workspace:
        workspace.save_invoices(PROVIDER, [full_invoice("INV-1")])
        march = [line(row, f"-{row}.00", day=row, description=f"Shop {row}") for row in (2, 3)]
        workspace.add_statement("march.csv", sha("march"), {"format": "csv"}, march)
        workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-1",), (2,)))
    connection = sqlite3.connect(path)
    with connection:
        triggers = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        for name, _ in triggers:
            connection.execute(f'DROP TRIGGER "{name}"')
        connection.execute("UPDATE decisions SET at = 'last Tuesday'")
        for _, made in triggers:
            connection.execute(made)
    connection.close()
    return path


def damaged_profile(path: Path, fingerprint: str, value: object) -> Path:
    """A real workspace at ``path`` holding a mapping profile keyed ``fingerprint``, its
    stored JSON then set to ``value`` by another program."""
    with Workspace.create(path) as workspace:
        workspace.profiles.put(fingerprint, {"name": "Bank X"})
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "UPDATE mapping_profiles SET profile = ? WHERE fingerprint = ?", (value, fingerprint)
        )
    connection.close()
    return path


def damaged_fetch_record(path: Path) -> Path:
    """A workspace whose period a command-line run changed (October, then November by
    ann), with Elevate's fetch failing, its record's time then set to 'last Tuesday' by
    another program: read as the window opens it, past the backend's own loading."""
    with Workspace.create(path) as workspace:
        workspace.save_fetch({}, date_from=OCTOBER.start, date_to=OCTOBER.end)
        workspace.save_fetch(
            {},
            date_from=NOVEMBER.start,
            date_to=NOVEMBER.end,
            failed={"Elevate": "down"},
            by_command_line="ann",
        )
        assert workspace.period_change() is not None
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE provider_fetches SET attempted_at = 'last Tuesday'")
    connection.close()
    return path
