"""The claims on a workspace's stored lines, read from the repeats it stores.

A file's lines of a scope that may be claimed (no account, a masked number alone, or a
number that may be a UK account number without its sort code: ``dedup.may_be_claimed``)
are on the account that named them more closely in a repeat, with every file such
repeats link them to (``dedup.unit_claims``). A new file's kept lines of such a scope are
compared by that claim, so storing a download of a plain-number account read its kept
lines' claims by following the stored repeats of their files: in a chain of twelve
monthly downloads, each repeating the one before, all twelve files' repeats, which
doubled the store. Now each repeat is read once, and not at all where no stored line
names those lines' accounts more closely and the new file has one scope.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence, Set

from desktop_app.statements.dedup import Unit, broader_scopes, may_be_claimed, unit_claims

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


def stored_claims(
    connection: sqlite3.Connection,
    units: Set[Unit],
    line_scopes: Iterable[str],
    *,
    grouped: bool,
) -> dict[Unit, tuple[str, Unit]]:
    """The account each of ``units`` (a file's stored lines of one scope that may be
    claimed) is on, with its group (``dedup.unit_claims``), as the repeats stored make
    them (``_walked``). ``line_scopes`` are the accounts of the stored lines
    (``statement_lines``); ``grouped`` says whether the groups are compared: only for a
    new file of several scopes (``dedup.file_repeats``).

    A unit's claim moves only to a scope naming its account more closely
    (``dedup.claimed_scope``), and the scopes it is read from are those of the lines on
    either side of its group's repeats, kept or repeated lines. So where no stored line
    is of a scope naming the account of one of ``units`` more closely, each is its own
    scope's, as following the repeats would find. Where the groups are not compared
    either, each is named as its own group, without following them (following them may
    name another of the group's units, which nothing then reads): the store of a
    download of a plain-number account (``12345678``) into a chain of overlapping
    downloads of it, the common case, reads no repeat."""
    if not units:
        return {}
    if not grouped and not _closer_held(connection, {scope for _, scope in units}, line_scopes):
        return {unit: (unit[1], unit) for unit in units}
    return _walked(connection, units)


def _closer_held(
    connection: sqlite3.Connection, scopes: Set[str], line_scopes: Iterable[str]
) -> bool:
    """Whether a stored line, kept (of ``line_scopes``) or repeated, is of a scope
    naming the account of one of ``scopes`` more closely. The repeated lines' accounts
    are read only where the kept lines' do not say so: one pass over them, a fraction of
    what following the repeats reads."""

    def closer(held: Iterable[str]) -> bool:
        return any(scope in broader_scopes(other) for other in held for scope in scopes)

    if closer(line_scopes):
        return True
    rows = connection.execute("SELECT DISTINCT account FROM repeated_lines")
    return closer(account for (account,) in rows)


def _walked(connection: sqlite3.Connection, units: Set[Unit]) -> dict[Unit, tuple[str, Unit]]:
    """``stored_claims`` derived from the repeats stored: those of each unit's own lines,
    and of every unit such repeats link it to, in the order they came in. A repeat
    stored before format 4 keeps no account, and claims nothing.

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
