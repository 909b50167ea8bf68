"""Real workspace files damaged as another program would damage them (sqlite3 writing
past the application): the set-up of the damaged-workspace tests."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from desktop_app.domain import FetchPeriod
from desktop_app.workspace import Workspace

OCTOBER = FetchPeriod(date(2025, 10, 1), date(2025, 10, 31))


def damaged_setting(path: Path, key: str, value: object) -> Path:
    """A real workspace at ``path`` that fetched October, its ``key`` setting then set
    to ``value`` by another program."""
    with Workspace.create(path) as workspace:
        workspace.save_fetch({}, date_from=OCTOBER.start, date_to=OCTOBER.end)
        assert workspace.fetch_period() == OCTOBER
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
    connection.close()
    return path
