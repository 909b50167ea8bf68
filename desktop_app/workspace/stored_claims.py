"""The claims on a workspace's stored lines, read from the repeats it stores.

A file's lines of a scope that may be claimed (no account, a masked number alone, or a
number that may be a UK account number without its sort code: ``dedup.may_be_claimed``)
are on the account that named them more closely in a repeat, with every file such
repeats link them to (``dedup.unit_claims``). A new file's kept lines of such a scope are
compared by that claim, so storing a download of a plain-number account read its kept
lines' claims by following the stored repeats of their files: in a chain of twelve
monthly downloads, each repeating the one before, all twelve files' repeats, which
doubled the store: each repeat was read twice, from its own file and from the file it
repeats. Now each is read once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence, Set

from desktop_app.statements.dedup import Unit, may_be_claimed, unit_claims

# The stored repeats as claims read them, one row for each pair of units they join (the
# repeating lines' file and account, the repeated lines'), with its statement and first
# row: only a pair's first repeat can move a claim (``dedup.unit_claims``), and a
# download repeated 40,000 times is a handful of rows. A repeat stored before format 4
# has no repeated line, and is left out.
_STORED_REPEATS = (
    "SELECT r.statement_id, min(r.row), c.source_file, c.account, k.source_file, k.account"
    " FROM statement_repeats r"
    " JOIN repeated_lines c ON c.statement_id = r.statement_id AND c.row = r.row"
    " JOIN statement_lines k ON k.source_file = r.kept_file AND k.row = r.kept_row"
)
_BY_UNITS = " GROUP BY r.statement_id, c.source_file, c.account, k.source_file, k.account"


def stored_claims(connection: sqlite3.Connection, units: Set[Unit]) -> dict[Unit, tuple[str, Unit]]:
    """The account each of ``units`` (a file's stored lines of one scope that may be
    claimed, ``dedup.may_be_claimed``) is on, with its group (``dedup.unit_claims``),
    derived from the repeats stored: those of its own lines, and of every unit such
    repeats link it to, in the order they came in. A repeat stored before format 4 keeps
    no account, and claims nothing.

    Each stored repeat is read once on the way out (``_repeats_of``): read from its own
    file and again from the file it repeats, a chain of twelve downloads was read twice."""
    # Each statement's repeats joining two units, with the first row of them.
    repeats: dict[tuple[int, Unit, Unit], int] = {}
    asked: set[str] = set()
    files = {source_file for source_file, _ in units}
    while files:  # out along the repeats between units that may be claimed
        found = dict(_repeats_of(connection, sorted(files), sorted(asked)))
        asked |= files
        repeats.update(found)
        files = {
            source_file
            for _, repeating, repeated in found
            if may_be_claimed(repeating[1]) and may_be_claimed(repeated[1])
            for source_file in (repeating[0], repeated[0])
        } - asked
    ordered = sorted(repeats, key=lambda each: (each[0], repeats[each]))
    claims = unit_claims((repeating, repeated) for _, repeating, repeated in ordered)
    return {unit: claims.get(unit, (unit[1], unit)) for unit in units}


def _repeats_of(
    connection: sqlite3.Connection, files: Sequence[str], asked: Sequence[str]
) -> Iterator[tuple[tuple[int, Unit, Unit], int]]:
    """The stored repeats of the lines of ``files`` (those their lines made, and those
    made of their stored lines) by statement, repeating lines' unit and repeated lines'
    unit, each with its first row; but not those between one of ``files`` and one of
    ``asked`` (the files whose repeats were read before), which were read then.

    A unit pair's repeats are one statement's of one kept file, so all of a pair's rows
    are read by one query, or none: its first row is the one reading them all finds."""
    of_files = f"SELECT id FROM statements WHERE source_file IN ({_marks(files)})"
    made = (
        f"r.statement_id IN ({of_files}) AND r.kept_file NOT IN ({_marks(asked)})",
        (*files, *asked),
    )
    of_read = f"SELECT id FROM statements WHERE source_file IN ({_marks([*files, *asked])})"
    made_of = (
        f"r.kept_file IN ({_marks(files)}) AND r.statement_id NOT IN ({of_read})",
        (*files, *files, *asked),
    )
    for where, parameters in (made, made_of):
        query = f"{_STORED_REPEATS} WHERE {where}{_BY_UNITS}"
        rows = connection.execute(query, parameters)
        for statement_id, row, by_file, by, kept_file, kept in rows:
            yield (statement_id, (by_file, by), (kept_file, kept)), row


def _marks(values: Sequence[str]) -> str:
    """The parameters of an SQL list of ``values`` (none: an empty list, which SQLite
    reads as holding nothing)."""
    return ", ".join("?" * len(values))
