"""Keeping shared movements when the statement that holds them is removed.

An overlap is stored once: the later file's copy of a movement is only a repeat of the
earlier file's line (``statement_repeats``, with the line as read in ``repeated_lines``).
When the accountant removes the earlier file, those movements are still on the later
statement, so its copies must take the removed lines' place; otherwise they would vanish
from matching and the later file's balance bridge until it was imported again.

Which copy stands in is ``statements.dedup.stand_ins``'s rule, the one the window's
session without a workspace follows too: each named account keeps its first copy, and the
other copies repeat a kept one. Repeats recorded before format 4 kept no line: they follow
a stand-in if one is found, and otherwise still name the removed line (the report notes
the gap).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.domain import LineKey, StatementLine
from desktop_app.statements.dedup import stand_ins
from desktop_app.workspace.statement_store import LINE_COLUMNS, lines_at


@dataclass(frozen=True, slots=True)
class Promotion:
    """What the removal left standing: the lines that now stand in, in import and row
    order, and for each removed line the lines standing in for it (one, or one per named
    account when a file of no account held it)."""

    kept: list[StatementLine]
    stand_ins_for: dict[LineKey, tuple[LineKey, ...]]


@dataclass(frozen=True, slots=True)
class _Repeat:
    statement_id: int
    line: LineKey
    same_as: LineKey  # the removed line it repeated
    account: str | None  # None: recorded before format 4, with no line to stand in


@dataclass(frozen=True, slots=True)
class _Plan:
    """Which repeats stand in for the removed file's lines and which repeat them, worked
    out from what is stored before anything is written."""

    by_line: dict[LineKey, _Repeat]
    kept: tuple[LineKey, ...]  # the repeats that stand in, in import and row order
    now_repeat: dict[LineKey, LineKey]  # the other repeats, to the line each now repeats
    stand_ins_for: dict[LineKey, tuple[LineKey, ...]]


def promote_repeats(connection: sqlite3.Connection, removed_file: str) -> Promotion:
    """Stand other statements' repeats in for ``removed_file``'s lines, which the caller
    has already deleted."""
    plan = _plan(connection, removed_file)
    by_line = plan.by_line
    _stand_in(connection, [(by_line[line].statement_id, line.row) for line in plan.kept])
    connection.executemany(
        "UPDATE statement_repeats SET kept_file = ?, kept_row = ? WHERE statement_id = ? AND row = ?",
        [
            (kept.source_file, kept.row, by_line[line].statement_id, line.row)
            for line, kept in plan.now_repeat.items()
            if kept != by_line[line].same_as
        ],
    )
    return Promotion(lines_at(connection, plan.kept), plan.stand_ins_for)


def stand_ins_for(
    connection: sqlite3.Connection, removed_file: str
) -> dict[LineKey, tuple[LineKey, ...]]:
    """The lines ``promote_repeats`` would stand in for each of ``removed_file``'s lines,
    read without writing anything (before the file is deleted or after, alike: the
    repeats of its lines are other statements' rows)."""
    return _plan(connection, removed_file).stand_ins_for


def _plan(connection: sqlite3.Connection, removed_file: str) -> _Plan:
    found = _repeats_of(connection, removed_file)
    scopes = {repeat.line: repeat.account for repeat in found if repeat.account is not None}
    repeats: dict[str, dict[LineKey, LineKey]] = {}
    for repeat in found:
        if repeat.line in scopes:
            repeats.setdefault(repeat.line.source_file, {})[repeat.line] = repeat.same_as
    chosen = stand_ins(removed_file, repeats, scopes)
    by_line = {repeat.line: repeat for repeat in found}
    now_repeat = {line: same for own in chosen.repeats.values() for line, same in own.items()}
    kept_for: dict[LineKey, list[LineKey]] = {}  # removed line -> the lines kept instead
    for line in chosen.kept:
        kept_for.setdefault(by_line[line].same_as, []).append(line)
    first_kept = {removed: kept[0] for removed, kept in kept_for.items()}
    for repeat in found:  # repeats without a line follow the first stand-in, if any
        if repeat.line not in scopes and repeat.same_as in first_kept:
            now_repeat[repeat.line] = first_kept[repeat.same_as]
    stand_ins_for = {removed: tuple(kept) for removed, kept in kept_for.items()}
    return _Plan(by_line, chosen.kept, now_repeat, stand_ins_for)


def _repeats_of(connection: sqlite3.Connection, removed_file: str) -> list[_Repeat]:
    """Every repeat of one of the file's lines, in import and row order."""
    rows = connection.execute(
        "SELECT r.statement_id, s.source_file, r.row, r.kept_row, l.account"
        " FROM statement_repeats r JOIN statements s ON s.id = r.statement_id"
        " LEFT JOIN repeated_lines l ON l.statement_id = r.statement_id AND l.row = r.row"
        " WHERE r.kept_file = ? ORDER BY r.statement_id, r.row",
        (removed_file,),
    )
    return [
        _Repeat(statement_id, LineKey(source_file, row), LineKey(removed_file, kept_row), account)
        for statement_id, source_file, row, kept_row, account in rows
    ]


# The repeats standing in, with their lines' cells.
_STANDING_IN = "stand_in_rows JOIN repeated_lines USING (statement_id, row)"


def _stand_in(connection: sqlite3.Connection, kept: Sequence[tuple[int, int]]) -> None:
    """Move the repeats (statement id and row, in the order they stand in) into
    ``statement_lines`` together: a temporary table names them, and each step is one
    statement over all of them (a statement each per repeat was most of a large removal's
    time). The lines go in in ``kept``'s order, as one by one."""
    if not kept:
        return
    connection.execute(
        "CREATE TEMP TABLE stand_in_rows"
        " (position INTEGER PRIMARY KEY, statement_id INTEGER NOT NULL, row INTEGER NOT NULL)"
    )
    connection.executemany("INSERT INTO stand_in_rows (statement_id, row) VALUES (?, ?)", kept)
    _renumber_taken_occurrences(connection)
    connection.execute(
        f"INSERT INTO statement_lines ({LINE_COLUMNS}) SELECT {LINE_COLUMNS} FROM {_STANDING_IN}"
        " ORDER BY position"
    )
    for table in ("repeated_lines", "statement_repeats"):
        connection.execute(
            f"DELETE FROM {table} WHERE (statement_id, row) IN"
            " (SELECT statement_id, row FROM stand_in_rows)"
        )
    connection.execute("DROP TABLE temp.stand_in_rows")


def _renumber_taken_occurrences(connection: sqlite3.Connection) -> None:
    """Give each stand-in whose occurrence is held by a stored line of its account and
    identity, or by a stand-in before it, the next free one, as moving them one at a time
    would (the numbers only order equal movements). Its occurrence was counted in its own
    file; a file renumbered by the format 3 migration can hold that number. Such accounts
    and identities are found in one query; only theirs are worked through in order."""
    clashing = connection.execute(
        f"SELECT account, identity FROM {_STANDING_IN}"
        " GROUP BY account, identity, occurrence HAVING count(*) > 1"
        f" UNION SELECT account, identity FROM {_STANDING_IN} WHERE EXISTS"
        " (SELECT 1 FROM statement_lines o WHERE o.account = repeated_lines.account"
        " AND o.identity = repeated_lines.identity"
        " AND o.occurrence = repeated_lines.occurrence)"
    ).fetchall()
    for account, identity in clashing:
        taken = {
            number
            for (number,) in connection.execute(
                "SELECT occurrence FROM statement_lines WHERE account = ? AND identity = ?",
                (account, identity),
            )
        }
        moving = connection.execute(
            f"SELECT statement_id, row, occurrence FROM {_STANDING_IN}"
            " WHERE account = ? AND identity = ? ORDER BY position",
            (account, identity),
        ).fetchall()
        renumbered = []
        for statement_id, row, occurrence in moving:
            if occurrence in taken:
                occurrence = max(taken) + 1
                renumbered.append((occurrence, statement_id, row))
            taken.add(occurrence)
        connection.executemany(
            "UPDATE repeated_lines SET occurrence = ? WHERE statement_id = ? AND row = ?",
            renumbered,
        )
