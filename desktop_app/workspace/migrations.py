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
   their currency is the one most of their lines are in. And a statement line's account
   becomes its account's key (``desktop_app.statements.account_key``), so two exports
   that write one account differently ("Foo current ****12345" and "****12345") meet as
   one account's for duplicates. The statement keeps the account as written.
4. Keeps each repeated line as its own file read it (``repeated_lines``), so removing the
   statement that holds a shared movement leaves the movement with the later file that
   repeats it. Repeats recorded before keep no line: they still point at their kept line,
   and the report notes the gap if that line's file is removed.
5. Gives each stored line (kept or repeated) its account's key by this version's rules:
   a German bank code and account number ("37040044/0532013000", MT940's form) become
   the IBAN they make, so a file naming the IBAN meets the lines stored before. Accounts
   whose keys now meet are numbered as format 3 numbered them. A masked number's key
   stored before is the number without its product's name ("*12345"), which it keeps:
   its lines are compared with every product's showing those digits, as they were.
6. Keeps what flagged a decision for review as data (``review_flags.causes``), which
   readers use, instead of reading it out of the flag's reason, which stays for people.
   The flags of older files get the causes their reasons begin with, read once here; a
   reason no cause begins (none was ever written so) gets none.
7. Keeps, per provider, the period its invoices were fetched for in full and how its last
   fetch ended (``provider_fetches``), where format 6 kept one period for all of them
   (the ``fetch_period`` setting), set by every fetch, one a provider failed in or that
   was cancelled too. So whether a provider's invoices of that period were fetched was
   never recorded: each provider the cache holds invoices of gets a record saying so
   (``FetchOutcome.UNRECORDED``, of the period format 6 kept, at its invoices' last
   fetch), and none is said to be fetched for any period until it is fetched again. The
   setting stays, as the period under review.
8. Keeps the invoices each provider's last answer returned that could not be used
   (``fetch_problems``), which only the session that fetched them knew before: a report
   made after a reopen lists them as left out, as one made on the day did. Files from
   before start with none, as they kept none; the next fetch of a provider records its own.

9. Gives the lines of a statement naming a UK sort code and account number ("12-34-56
   12345678") the key that keeps where the sort code ends ("123456 12345678"), so the
   number alone ("12345678", as the same bank's files were read before the sort code
   was kept) is known to name that account less closely and its lines meet the
   account's (``account_key.bare_key``). Format 8 keyed them as one run of digits
   ("12345612345678"). The statement's account, as the file wrote it, says which lines
   those are; a file of several accounts' lines keeps no line's account as written,
   and its lines keep format 8's key.
10. Keeps each statement's import warnings in a column of their own (``import_warnings``),
   read by the report alone, where format 9 kept them in its layout, which every listing
   of the statements decoded: a file with 100,000 warnings made its layout 8 MB. Each
   layout's warnings move to the column as they were; a statement whose layout kept
   none (stored before they were kept) keeps none (NULL: not known), and a layout that
   does not decode is left as it is, for its readers to name it damaged as before.
11. Keeps which entries an undo put back in force beside them (``decision_restores``:
   the entry restored, the entry undone, the undo's reason), where format 10 wrote it as
   the reason of the decision put back ("undo of #29 (restores #28)"), in place of the
   accountant's note, which a removal then carried over as the decision's reason. From
   now on a decision put back keeps the note of the one it restores. The log is
   append-only, so the decisions put back before keep their reasons; each whose reason
   says so, and which is the decision it names again (its kind, invoices and lines),
   gets its row, read once here: a removal's carry-over then quotes the note of the
   decision it restores, as it does for a decision put back now.

An index that changes no stored value is no format step (older versions open the file as
before): ``schema.OPEN_INDEXES`` are created whenever a file is opened, after any upgrade.

Each step runs in its own transaction together with its version bump, so an interrupted
upgrade leaves the file at the last completed format, never in between. The file is
backed up before the first step (see database.py).
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from desktop_app.domain import FetchPeriod
from desktop_app.statements.account_key import account_key, key_before_sort_codes
from desktop_app.statements.kept_warnings import WARNINGS_KEY
from desktop_app.workspace import decision_log, jsoncodec
from desktop_app.workspace.decision_rules import replay
from desktop_app.workspace.records import REASON_SEPARATOR, ReviewCause
from desktop_app.workspace.schema import (
    CURRENT_VERSION,
    FORMAT_2_ADDITIONS,
    FORMAT_3_ADDITIONS,
    FORMAT_4_ADDITIONS,
    FORMAT_7_ADDITIONS,
    FORMAT_8_ADDITIONS,
    FORMAT_11_ADDITIONS,
    REVIEW_FLAG_CAUSES_COLUMN,
    STATEMENT_LINES_IDENTITY,
    STATEMENT_WARNINGS_COLUMN,
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
    _keep_statement_facts(connection)
    _scope_lines_by_account_key(connection)


def _keep_statement_facts(connection: sqlite3.Connection) -> None:
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


def _scope_lines_by_account_key(connection: sqlite3.Connection) -> None:
    """Each line's account becomes its key. Accounts written differently may now share a
    key: their lines (the overlaps between them too, which were kept twice) stay, numbered
    as one account's occurrences in the order they were imported, so the next overlapping
    import is compared with all of them."""
    written = [row[0] for row in connection.execute("SELECT DISTINCT account FROM statement_lines")]
    keys = {account: account_key(account) for account in written}
    if all(account == key for account, key in keys.items()):
        return
    connection.execute("DROP INDEX statement_lines_identity")
    connection.executemany(
        "UPDATE statement_lines SET account = ? WHERE account = ?",
        [(key, account) for account, key in keys.items() if key != account],
    )
    shared = Counter(keys.values())
    for key in sorted(key for key, count in shared.items() if count > 1):
        _renumber_occurrences(connection, key)
    connection.execute(STATEMENT_LINES_IDENTITY)


def _format_3_to_4(connection: sqlite3.Connection) -> None:
    for statement in FORMAT_4_ADDITIONS:
        connection.execute(statement)


def _format_4_to_5(connection: sqlite3.Connection) -> None:
    """Stored keys are read again by today's rules, the repeated lines' too (a repeat that
    stands in takes its scope with it): the key of a format 4 key is today's key of the
    account it was made from, but for the product's name a format 4 key left out."""
    _scope_lines_by_account_key(connection)
    accounts = [row[0] for row in connection.execute("SELECT DISTINCT account FROM repeated_lines")]
    connection.executemany(
        "UPDATE repeated_lines SET account = ? WHERE account = ?",
        [
            (account_key(account), account)
            for account in accounts
            if account_key(account) != account
        ],
    )


def _format_5_to_6(connection: sqlite3.Connection) -> None:
    connection.execute(f"ALTER TABLE review_flags ADD COLUMN {REVIEW_FLAG_CAUSES_COLUMN}")
    reasons = connection.execute("SELECT DISTINCT reason FROM review_flags").fetchall()
    connection.executemany(
        "UPDATE review_flags SET causes = ? WHERE reason = ?",
        [(decision_log.causes_text(causes_of(row[0])), row[0]) for row in reasons],
    )


def _format_6_to_7(connection: sqlite3.Connection) -> None:
    for statement in FORMAT_7_ADDITIONS:
        connection.execute(statement)
    kept = connection.execute("SELECT value FROM settings WHERE key = 'fetch_period'").fetchone()
    period = _kept_period(None if kept is None else kept[0]) or FetchPeriod()
    bounds = tuple(None if day is None else day.isoformat() for day in (period.start, period.end))
    connection.execute(
        "INSERT INTO provider_fetches (provider, outcome, attempted_from, attempted_to,"
        " attempted_at) SELECT provider, 'unrecorded', ?, ?, max(fetched_at) FROM invoices"
        " GROUP BY provider",
        bounds,
    )


def _format_7_to_8(connection: sqlite3.Connection) -> None:
    for statement in FORMAT_8_ADDITIONS:
        connection.execute(statement)


def _format_8_to_9(connection: sqlite3.Connection) -> None:
    """Each statement's lines (kept and repeated) on format 8's key of its account move to
    today's, where the two differ: only a UK sort code and account number's did. No two
    accounts come to share a key, so occurrences keep their numbers."""
    rows = connection.execute("SELECT id, account FROM statements WHERE account != ''")
    moves = [
        (account_key(account), statement_id, key_before_sort_codes(account))
        for statement_id, account in rows.fetchall()
        if key_before_sort_codes(account) != account_key(account)
    ]
    for table in ("statement_lines", "repeated_lines"):
        connection.executemany(
            f"UPDATE {table} SET account = ? WHERE statement_id = ? AND account = ?", moves
        )


def _format_9_to_10(connection: sqlite3.Connection) -> None:
    """Each layout's warnings (``kept_warnings.WARNINGS_KEY``) move to the statement's
    column, as the layout kept them, and leave the layout."""
    connection.execute(f"ALTER TABLE statements ADD COLUMN {STATEMENT_WARNINGS_COLUMN}")
    moves = []
    for statement_id, text in connection.execute("SELECT id, layout FROM statements"):
        try:
            layout = jsoncodec.loads(text)
        except ValueError:
            continue
        if not isinstance(layout, dict) or WARNINGS_KEY not in layout:
            continue
        kept = layout.pop(WARNINGS_KEY)
        moves.append((jsoncodec.dumps(kept), jsoncodec.dumps(layout), statement_id))
    connection.executemany(
        "UPDATE statements SET import_warnings = ?, layout = ? WHERE id = ?", moves
    )


# The reason format 10 and before gave a decision an undo put back, by ``undo.py``: the
# entry undone, the undo's own reason if any, and the entry put back.
_FORMAT_10_PUT_BACK = re.compile(r"undo of #(\d+)(?:: (.*))? \(restores #(\d+)\)", re.DOTALL)


def _format_10_to_11(connection: sqlite3.Connection) -> None:
    for statement in FORMAT_11_ADDITIONS:
        connection.execute(statement)
    said = {
        entry_id: found
        for entry_id, reason in connection.execute(
            "SELECT id, reason FROM decisions WHERE reason LIKE 'undo of #%(restores #%)'"
        )
        if (found := _FORMAT_10_PUT_BACK.fullmatch(reason)) is not None
    }
    named = {int(found[i]) for found in said.values() for i in (1, 3)} | set(said)
    decided = _what_each_decided(connection, named)
    rows = []
    for entry_id, found in said.items():
        undone, reason, restored = int(found[1]), found[2] or "", int(found[3])
        if (
            undone in decided
            and restored in decided
            and max(undone, restored) < entry_id
            and decided[restored] == decided[entry_id]
        ):
            rows.append((entry_id, restored, undone, reason))
    connection.executemany(
        "INSERT INTO decision_restores (decision_id, restored_id, undone_id, reason)"
        " VALUES (?, ?, ?, ?)",
        rows,
    )


def _what_each_decided(
    connection: sqlite3.Connection, entry_ids: Iterable[int]
) -> dict[int, tuple[str, frozenset[tuple[str, str]], frozenset[tuple[str, int]]]]:
    """The kind and pairing (its invoices and lines, in any order) of each of these entries
    the log holds, as stored: read without decoding, so a time damaged outside the
    application fails no upgrade (its readers name it, as before)."""
    listed, parameters = decision_log.ids_sql(entry_ids)
    invoices: defaultdict[int, set[tuple[str, str]]] = defaultdict(set)
    for entry_id, provider, invoice_id in connection.execute(
        f"SELECT decision_id, provider, invoice_id FROM decision_invoices"
        f" WHERE decision_id IN ({listed})",
        parameters,
    ):
        invoices[entry_id].add((provider, invoice_id))
    lines: defaultdict[int, set[tuple[str, int]]] = defaultdict(set)
    for entry_id, source_file, row in connection.execute(
        f"SELECT decision_id, source_file, row FROM decision_lines WHERE decision_id IN ({listed})",
        parameters,
    ):
        lines[entry_id].add((source_file, row))
    return {
        entry_id: (kind, frozenset(invoices[entry_id]), frozenset(lines[entry_id]))
        for entry_id, kind in connection.execute(
            f"SELECT id, kind FROM decisions WHERE id IN ({listed})", parameters
        )
    }


def _kept_period(text: str | None) -> FetchPeriod | None:
    """The period format 6 kept for every provider; None where none (or a damaged one)."""
    if text is None:
        return None
    try:
        return FetchPeriod.from_json(jsoncodec.loads(text))
    except ValueError:
        return None


def causes_of(reason: str) -> tuple[ReviewCause, ...]:
    """The causes a flag's reason as format 5 and before wrote it gives, in its order:
    each part of it (``REASON_SEPARATOR``) that a cause's ``reason_start`` begins."""
    parts = reason.split(REASON_SEPARATOR)
    return tuple(
        cause for part in parts for cause in ReviewCause if part.startswith(cause.reason_start)
    )


def _renumber_occurrences(connection: sqlite3.Connection, account: str) -> None:
    """Number one account's lines of each identity 0, 1, ... in the order imported."""
    rows = connection.execute(
        "SELECT id, identity, occurrence FROM statement_lines WHERE account = ?"
        " ORDER BY identity, statement_id, row",
        (account,),
    ).fetchall()
    seen: Counter[str] = Counter()
    renumbered = []
    for line_id, identity, occurrence in rows:
        if occurrence != seen[identity]:
            renumbered.append((seen[identity], line_id))
        seen[identity] += 1
    connection.executemany("UPDATE statement_lines SET occurrence = ? WHERE id = ?", renumbered)


# MIGRATIONS[n] upgrades a file from format n to format n + 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _format_1_to_2,
    2: _format_2_to_3,
    3: _format_3_to_4,
    4: _format_4_to_5,
    5: _format_5_to_6,
    6: _format_6_to_7,
    7: _format_7_to_8,
    8: _format_8_to_9,
    9: _format_9_to_10,
    10: _format_10_to_11,
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
