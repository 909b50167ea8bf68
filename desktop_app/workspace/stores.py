"""Settings and statement mapping profiles: small JSON documents kept in the workspace.

Both are plain JSON (decimals exact), never pickles, so a newer or older app can read
them, and each ``set``/``put`` is committed at once like everything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from desktop_app.workspace import jsoncodec
from desktop_app.workspace.database import Database
from desktop_app.workspace.errors import DECODE_ERRORS, unreadable


class SettingsStore:
    """Workspace settings by key, e.g. the matching tolerance or the period under review."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def get(self, key: str, default: Any = None) -> Any:
        with self._database.reading() as connection:
            row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            return _decoded(key, row[0]) if row else default

    def set(self, key: str, value: Any) -> None:
        text = jsoncodec.dumps(value)
        with self._database.transaction() as connection:
            connection.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, text),
            )

    def delete(self, key: str) -> None:
        with self._database.transaction() as connection:
            connection.execute("DELETE FROM settings WHERE key = ?", (key,))

    def all(self) -> dict[str, Any]:
        with self._database.reading() as connection:
            rows = connection.execute("SELECT key, value FROM settings ORDER BY key")
            return {row[0]: _decoded(row[0], row[1]) for row in rows}


def _decoded(key: str, text: str) -> Any:
    """A setting's stored value. One changed outside the application (not JSON) is the
    damaged record it is, named with the setting (``_stored_layout``'s rule), which the
    workspace's read reports as a damaged file (``Database.reading``): every reader of a
    setting (the period under review, the matching settings) is told so, rather than a
    bare decoding error naming neither. What a readable value means is its reader's to
    judge (``FetchPeriod.from_json``)."""
    try:
        if not isinstance(text, str):  # a blob or a number, put there by another program
            raise TypeError(f"not JSON text but {type(text).__name__}")
        return jsoncodec.loads(text)
    except DECODE_ERRORS as error:
        raise unreadable(f"the stored setting {key!r}", error) from None


class ProfileStore:
    """Statement mapping profiles keyed by the header fingerprint the importer computes."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def get(self, fingerprint: str) -> dict[str, Any] | None:
        with self._database.reading() as connection:
            row = connection.execute(
                "SELECT profile FROM mapping_profiles WHERE fingerprint = ?", (fingerprint,)
            ).fetchone()
            return _as_profile(fingerprint, row[0]) if row else None

    def put(self, fingerprint: str, profile: Mapping[str, Any]) -> None:
        if not isinstance(profile, Mapping):
            raise TypeError(f"a mapping profile must be a mapping, not {type(profile).__name__}")
        text = jsoncodec.dumps(profile)
        now = datetime.now(UTC).isoformat()
        with self._database.transaction() as connection:
            connection.execute(
                "INSERT INTO mapping_profiles (fingerprint, profile, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (fingerprint) DO UPDATE SET"
                " profile = excluded.profile, updated_at = excluded.updated_at",
                (fingerprint, text, now),
            )

    def delete(self, fingerprint: str) -> bool:
        """Forget a profile; returns whether there was one."""
        with self._database.transaction() as connection:
            cursor = connection.execute(
                "DELETE FROM mapping_profiles WHERE fingerprint = ?", (fingerprint,)
            )
            return cursor.rowcount > 0

    def all(self) -> dict[str, dict[str, Any]]:
        with self._database.reading() as connection:
            rows = connection.execute(
                "SELECT fingerprint, profile FROM mapping_profiles ORDER BY fingerprint"
            )
            return {row[0]: _as_profile(row[0], row[1]) for row in rows}


def _as_profile(fingerprint: str, text: str) -> dict[str, Any]:
    """A stored profile's JSON object. One changed outside the application (not JSON, or
    not an object) is the damaged record it is, named with its fingerprint, which the
    workspace's read reports as a damaged file (``Database.reading``), as a damaged
    setting is (``_decoded``): an import that reads the profiles was told only
    "Expecting value: line 1 column 1 (char 0)", naming neither the file nor the record."""
    try:
        if not isinstance(text, str):  # a blob or a number, put there by another program
            raise TypeError(f"not JSON text but {type(text).__name__}")
        value = jsoncodec.loads(text)
        if not isinstance(value, dict):
            raise TypeError(f"not a JSON object but {type(value).__name__}")
    except DECODE_ERRORS as error:
        raise unreadable(f"the stored mapping profile {fingerprint!r}", error) from None
    return value
