"""Keeping shared movements when the statement that holds them is removed.

An overlap is stored once: the later file's copy of a movement is only a repeat of the
earlier file's line (``statement_repeats``, with the line as read in ``repeated_lines``).
When the accountant removes the earlier file, those movements are still on the later
statement, so its copies must take the removed lines' place; otherwise they would vanish
from matching and the later file's balance bridge until it was imported again.

Which copy stands in follows the rule duplicates were found by (``statements.dedup``):
lines on different named accounts are different movements even when each repeated the
same line of a file that named no account, so each account gets its own stand-in; a file
that names no account repeats one account's line, so its copy follows a named stand-in
when there is one. Within a scope the earliest import stands in and the others become its
repeats. Repeats recorded before format 4 kept no line: they follow a stand-in if one is
found, and otherwise still name the removed line (the report notes the gap).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from desktop_app.domain import StatementLine
from desktop_app.statements.account_key import UNKNOWN_ACCOUNT
from desktop_app.workspace.statement_store import LINE_COLUMNS, line_from_row


@dataclass(frozen=True, slots=True)
class _Repeat:
    statement_id: int
    row: int
    source_file: str
    account: str | None  # None: recorded before format 4, with no line to stand in


def promote_repeats(connection: sqlite3.Connection, removed_file: str) -> list[StatementLine]:
    """Stand other statements' repeats in for ``removed_file``'s lines, which the caller
    has already deleted; returns the lines that now stand in, in import and row order."""
    groups: defaultdict[int, list[_Repeat]] = defaultdict(list)
    rows = connection.execute(
        "SELECT r.kept_row, r.statement_id, r.row, s.source_file, l.account"
        " FROM statement_repeats r JOIN statements s ON s.id = r.statement_id"
        " LEFT JOIN repeated_lines l ON l.statement_id = r.statement_id AND l.row = r.row"
        " WHERE r.kept_file = ? ORDER BY r.kept_row, r.statement_id, r.row",
        (removed_file,),
    )
    for kept_row, statement_id, row, source_file, account in rows:
        groups[kept_row].append(_Repeat(statement_id, row, source_file, account))
    standing: list[_Repeat] = []
    for repeats in groups.values():
        for stand_in, followers in _stand_ins(repeats):
            _stand_in(connection, stand_in)
            _follow(connection, followers, stand_in)
            standing.append(stand_in)
    standing.sort(key=lambda repeat: (repeat.statement_id, repeat.row))
    return [_stored_line(connection, repeat) for repeat in standing]


def _stand_ins(repeats: list[_Repeat]) -> list[tuple[_Repeat, list[_Repeat]]]:
    """Each stand-in (the earliest copy in its scope) with the repeats that follow it."""
    by_scope: dict[str, list[_Repeat]] = {}
    for repeat in repeats:
        if repeat.account is not None:
            by_scope.setdefault(repeat.account, []).append(repeat)
    named = [scope for scope in by_scope if scope != UNKNOWN_ACCOUNT]
    chosen = [(by_scope[scope][0], by_scope[scope][1:]) for scope in named]
    unknown = by_scope.get(UNKNOWN_ACCOUNT, [])
    if chosen:  # a file of no account repeats one account's line: the first named copy
        chosen[0][1].extend(unknown)
    elif unknown:
        chosen.append((unknown[0], unknown[1:]))
    if chosen:  # repeats without a line follow the first stand-in
        chosen[0][1].extend(repeat for repeat in repeats if repeat.account is None)
    return chosen


def _stand_in(connection: sqlite3.Connection, repeat: _Repeat) -> None:
    """Move the repeat into ``statement_lines``. Its occurrence was counted in its own
    file; should another stored line of its account and identity hold that number, it
    takes the next free one (the numbers only order equal movements)."""
    where = "statement_id = ? AND row = ?"
    key = (repeat.statement_id, repeat.row)
    connection.execute(
        "UPDATE repeated_lines SET occurrence = (SELECT max(o.occurrence) + 1"
        " FROM statement_lines o WHERE o.account = repeated_lines.account"
        " AND o.identity = repeated_lines.identity)"
        f" WHERE {where} AND EXISTS (SELECT 1 FROM statement_lines o"
        " WHERE o.account = repeated_lines.account AND o.identity = repeated_lines.identity"
        " AND o.occurrence = repeated_lines.occurrence)",
        key,
    )
    connection.execute(
        f"INSERT INTO statement_lines ({LINE_COLUMNS}) SELECT {LINE_COLUMNS}"
        f" FROM repeated_lines WHERE {where}",
        key,
    )
    connection.execute(f"DELETE FROM repeated_lines WHERE {where}", key)
    connection.execute(f"DELETE FROM statement_repeats WHERE {where}", key)


def _follow(connection: sqlite3.Connection, followers: list[_Repeat], stand_in: _Repeat) -> None:
    connection.executemany(
        "UPDATE statement_repeats SET kept_file = ?, kept_row = ? WHERE statement_id = ? AND row = ?",
        [
            (stand_in.source_file, stand_in.row, follower.statement_id, follower.row)
            for follower in followers
        ],
    )


def _stored_line(connection: sqlite3.Connection, repeat: _Repeat) -> StatementLine:
    row = connection.execute(
        "SELECT source_file, row, date, amount, currency, description, reference,"
        " counterparty, value_date, balance, raw FROM statement_lines"
        " WHERE source_file = ? AND row = ?",
        (repeat.source_file, repeat.row),
    ).fetchone()
    return line_from_row(*row)
