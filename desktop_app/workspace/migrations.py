"""Upgrading workspace files written by earlier versions, one format step at a time.

Format history:

1. The first format: invoices (with line items and raw JSON), statements and their lines
   with occurrence-aware identity, and the decision log (decisions with their invoice and
   line keys). What was in force had to be worked out by reading the whole log.
2. Adds the in-force bookkeeping (``decisions_in_force``, ``decision_replaces``), review
   flags for decisions whose invoice changed or disappeared, invoices' ``missing_since``,
   the statement account (duplicate lines are recognised within one account), settings,
   mapping profiles, and triggers that make the audit trail append-only.
3. Keeps what the report's balance bridge needs of each statement: its currency, its
   stated opening and closing balances, and the lines an overlap did not store again
   (``statement_repeats``). Files imported before keep no balances (they were not kept);
   their currency is the one most of their lines are in.

Each step runs in its own transaction together with its version bump, so an interrupted
upgrade leaves the file at the last completed format, never in between. The file is
backed up before the first step (see database.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from desktop_app.workspace import decision_log
from desktop_app.workspace.decision_rules import replay
from desktop_app.workspace.schema import (
    CURRENT_VERSION,
    FORMAT_2_ADDITIONS,
    FORMAT_3_ADDITIONS,
    STATEMENT_LINES_IDENTITY,
)


def _format_1_to_2(connection: sqlite3.Connection) -> None:
    for statement in (
        "ALTER TABLE invoices ADD COLUMN missing_since TEXT",
        "ALTER TABLE statements ADD COLUMN account TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE statement_lines ADD COLUMN account TEXT NOT NULL DEFAULT ''",
        "DROP INDEX statement_lines_identity",
        STATEMENT_LINES_IDENTITY,
        *FORMAT_2_ADDITIONS,
    ):
        connection.execute(statement)
    log = decision_log.load_decisions(connection, decision_log.ALL_DECISIONS)
    _standing, effects = replay(log.items())
    for entry_id, effect in effects.items():
        decision_log.apply_effect(connection, entry_id, effect)


def _format_2_to_3(connection: sqlite3.Connection) -> None:
    for statement in (
        "ALTER TABLE statements ADD COLUMN currency TEXT",
        "ALTER TABLE statements ADD COLUMN opening_balance TEXT",
        "ALTER TABLE statements ADD COLUMN closing_balance TEXT",
        *FORMAT_3_ADDITIONS,
    ):
        connection.execute(statement)
    connection.execute(
        "UPDATE statements SET currency = (SELECT l.currency FROM statement_lines l"
        " WHERE l.statement_id = statements.id AND l.currency IS NOT NULL"
        " GROUP BY l.currency ORDER BY count(*) DESC, l.currency LIMIT 1)"
    )


# MIGRATIONS[n] upgrades a file from format n to format n + 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _format_1_to_2,
    2: _format_2_to_3,
}


def migrate(connection: sqlite3.Connection, from_version: int) -> None:
    """Bring an open, locked, checked file from ``from_version`` to the current format."""
    for version in range(from_version, CURRENT_VERSION):
        connection.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](connection)
            connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
