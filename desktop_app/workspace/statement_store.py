"""Imported statements and their lines, with duplicate movements recognised.

Accountants re-import: the same file twice, or next month's export that repeats the last
days of this month's. A movement's identity is its booking date, signed amount, currency
and normalised text, plus its occurrence index among identical rows of its own file: two
real £4.50 coffees on one day in one file are occurrences 0 and 1 and are both kept, while
the same pair in an overlapping file matches them and adds nothing. Identity is scoped to
the statement's account when the file names one (``statements.dedup.account_scope``, the
rule the reconcile pipeline applies too), so equal movements on two accounts stay apart; in
a file holding several accounts' statements, each line is scoped to its own account. A
statement keeps its account as the file wrote it (``statements.account``, for the
accountant to read); each line keeps its account's key (``statement_lines.account``), so
two exports that write one account differently share one scope. Which stored lines a new
file's lines repeat is ``statements.dedup.file_repeats``'s rule, as in the pipeline: a
stored file of no account that an account's line repeated is that account's, whole, with
every such file it repeated or that repeated it (the repeats stored say so), so another
account's equal line is not taken for a repeat of it. A line of a named account that
repeats no stored line by identity may repeat one of that account worded otherwise (one
booking in two formats), found as a range of the stored identities, which begin with the
date, amount and currency (``_same_movements``), with the running balance stored with it:
nothing stored changed for it. So is a line the same but for a currency one of the two
leaves unstated (``_currency_alike``), read off the same index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.domain import (
    CancelToken,
    LineKey,
    ProgressCallback,
    StatementLine,
    main_currency,
    no_progress,
)
from desktop_app.statements.account_key import UNKNOWN_ACCOUNT
from desktop_app.statements.covered import Stated, stated_in_layout
from desktop_app.statements.dedup import (
    Alike,
    Booking,
    Kept,
    Movement,
    compared_scopes,
    currency_alike,
    file_repeats,
    format_family,
    lines_by_scope,
    may_be_claimed,
)
from desktop_app.statements.dedup import line_identity as statement_identity
from desktop_app.statements.kept_warnings import warnings_as_json, warnings_from_json
from desktop_app.statements.model import RowWarning
from desktop_app.statements.same_statement import HeldLines, same_lines_as
from desktop_app.statements.unread_currency import (
    marked_by_file,
    stored_currency_column,
    with_unread_currencies,
)
from desktop_app.wording import counted
from desktop_app.workspace import jsoncodec
from desktop_app.workspace.errors import DECODE_ERRORS, StatementConflictError, unreadable
from desktop_app.workspace.records import ImportOutcome, StatementRecord
from desktop_app.workspace.stored_claims import stored_claims

# The columns of ``statement_lines`` and ``repeated_lines`` alike (a repeat can stand in).
LINE_COLUMNS = (
    "statement_id, source_file, row, date, amount, currency, description, reference,"
    " counterparty, value_date, balance, raw, identity, occurrence, account"
)
_HASH_BLOCK = 1 << 20
# Lines handled between two looks at Cancel: a fraction of a second, even on a busy machine.
_CHUNK = 2_000
_VALUES = ", ".join("?" * 15)  # a line's values, as ``_line_row`` gives them
# The values of a new line of an account whose lines may be claimed by another account's
# that names it more closely (``dedup.may_be_claimed``): its occurrence is the one in its
# file, or, where a stored line of its account and identity holds that number, the next
# free one. A line claimed by another account is not repeated by a new line of its own,
# yet holds its number. Other accounts' lines are never claimed, and their numbers never
# taken so. ``dedup.KeptLines`` numbers a session's lines the same way.
_NUMBERED_VALUES = (
    ", ".join(f"?{number}" for number in range(1, 14))
    + ", CASE WHEN EXISTS (SELECT 1 FROM statement_lines WHERE account = ?15"
    " AND identity = ?13 AND occurrence = ?14) THEN (SELECT max(occurrence) + 1"
    " FROM statement_lines WHERE account = ?15 AND identity = ?13) ELSE ?14 END, ?15"
)


def file_sha256(path: Path) -> str:
    """The content hash ``add_statement`` expects, read in blocks (statements can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def statement_of_file(path: Path, held: Iterable[tuple[str, str]]) -> str | None:
    """The name of the statement among ``held`` (each a name and its file's content hash,
    as kept) whose file ``path`` is byte for byte, wherever it was imported from; None if
    none is, or ``path`` is no readable file (writing to it then says why).

    A held statement's original is known by its content alone (the workspace keeps no
    path): the one rule by which the window's export and ``reconcile --out`` refuse to
    write a report over it."""
    if not path.is_file():
        return None
    try:
        digest = file_sha256(path)
    except OSError:
        return None
    return next((name for name, sha256 in held if sha256 == digest), None)


def line_identity(line: StatementLine) -> str:
    """The importer's line identity (date, exact amount, currency, folded text) as the text
    stored in every workspace file (format 1 onwards) and compared with new imports.

    Built from ``statements.dedup.line_identity`` so the two can never disagree about which
    lines repeat; changing the stored form needs a migration that recomputes it.
    """
    day, amount, currency, text = statement_identity(line)
    return f"{_movement_text((day, amount, currency))}{text}"


def _movement_text(movement: Movement) -> str:
    """How a stored identity begins for a movement (``dedup.Movement``): ``line_identity``
    without its text, so the stored lines of one movement, whatever their wording, are
    one range of the identity index (``_same_movements``)."""
    day, amount, currency = movement
    shown = "0" if amount == 0 else format(amount, "f")
    return f"{day.isoformat()}|{shown}|{currency or ''}|"


def _range_of(prefix: str) -> tuple[str, str]:
    """The identities beginning with ``prefix`` (which ends in ``|``) are those from it up
    to the same text ending in the character after ``|`` (``}``), which none begins so."""
    return prefix, prefix[:-1] + "}"


def with_occurrences(
    lines: Sequence[StatementLine], checkpoint: Callable[[int], None] | None = None
) -> list[tuple[StatementLine, str, int]]:
    """Each line with its identity and its occurrence index, counted in row order.
    ``checkpoint`` hears how many lines are done every few thousand (a large file takes
    seconds), and may stop it at a Cancel by raising."""
    seen: Counter[str] = Counter()
    result = []
    for index, line in enumerate(sorted(lines, key=lambda item: item.row)):
        if checkpoint is not None and index % _CHUNK == 0:
            checkpoint(index)
        identity = line_identity(line)
        result.append((line, identity, seen[identity]))
        seen[identity] += 1
    return result


def add(
    connection: sqlite3.Connection,
    source_file: str,
    sha256: str,
    layout: Mapping[str, Any],
    lines: Sequence[StatementLine],
    account: str | None,
    now: str,
    line_accounts: Mapping[int, str] | None = None,
    balances: tuple[Decimal | None, Decimal | None] = (None, None),
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    currency: str | None = None,
    warnings: Sequence[RowWarning] | None = None,
) -> ImportOutcome:
    """Store a statement and the lines the workspace does not hold yet. ``balances`` are
    the opening and closing balances the file states, in ``currency`` where it states
    that (a bank format's account currency), else in the one most lines are in.
    ``warnings`` are what its import said of its rows, kept for the report alone
    (``kept_warnings``); None where the caller does not know them, which the report says.

    A large statement takes a while (200,000 lines, seconds): ``progress`` hears how far
    the comparison with the stored lines is (``_Comparing``), then how many lines are
    saved, and ``cancel`` is looked at between chunks of them. Cancelled, it raises
    ``OperationCancelledError`` out of the caller's transaction, which rolls back:
    nothing of the statement stays."""
    cancel = cancel or CancelToken()
    line_accounts = line_accounts or {}
    sha256 = _validated(source_file, sha256, lines, line_accounts)
    known = held_as(connection, source_file, sha256)
    if known is not None:
        return _already_held(known, lines)
    comparing = _Comparing(len(lines), progress, cancel)  # says it begins
    scoped: dict[str, list[tuple[StatementLine, str, int]]] = {}
    for scope, lines_of in lines_by_scope(lines, account, line_accounts).items():
        scoped[scope] = with_occurrences(
            lines_of, comparing.step(_IDENTIFIED, sum(map(len, scoped.values())))
        )
    kept, alike = _existing(connection, scoped, comparing.step(_LOOKED_UP))
    # The identities stored lines hold: a new line of one takes the next free occurrence
    # where its own is held (``_NUMBERED_VALUES``).
    held = {identity for scope in scoped for identity in kept(scope)}
    repeats = file_repeats(
        scoped,
        kept,
        comparing.step(_COMPARED),
        movements=_same_movements(connection),
        kind=format_family(source_file, _read_as(layout)),
        alike=Alike(alike, lambda key: _stated_by_repeats(connection, key)),
    )
    duplicates = {key: same.item for key, same in repeats.items()}
    same_lines = _same_lines_as(connection, lines, duplicates)
    identified = [
        (line, identity, n, scope)
        for scope, counted in scoped.items()
        for line, identity, n in counted
    ]
    cursor = connection.execute(
        "INSERT INTO statements (source_file, sha256, layout, imported_at, account,"
        " currency, opening_balance, closing_balance, import_warnings)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            source_file,
            sha256,
            jsoncodec.dumps(with_unread_currencies(layout, lines)),
            now,
            account or UNKNOWN_ACCOUNT,
            currency or main_currency(lines),
            *(None if balance is None else str(balance) for balance in balances),
            None if warnings is None else jsoncodec.dumps(warnings_as_json(warnings)),
        ),
    )
    statement_id = cursor.lastrowid
    assert statement_id is not None
    _insert_lines(connection, statement_id, identified, duplicates, held, progress, cancel)
    # Its repeats are those just stored: not read back (200,000 of them, half a second).
    record = statement_by(connection, "id", statement_id, with_repeats=False)
    assert record is not None
    record = replace(record, repeats=dict(duplicates))
    added = len(lines) - len(duplicates)
    return ImportOutcome(record, added, len(duplicates), False, duplicates, same_lines)


#: How the window's user removes a statement, as a refusal names it.
WINDOW_REMOVAL = "Statements, Remove statement… in the window"


def held_as(
    connection: sqlite3.Connection, source_file: str, sha256: str, remove_how: str = WINDOW_REMOVAL
) -> StatementRecord | None:
    """The statement held of this very content (``sha256``), which an import of it adds
    nothing to; None for a file not held. ``StatementConflictError`` when another file of
    its name is held: ``add``'s refusal, which a caller with slow work before the import
    (a fetch) asks for first, and which writes nothing. ``remove_how`` says how the
    caller's user removes a statement (the command line names its command)."""
    known = statement_by(connection, "sha256", sha256.strip().lower())
    if known is not None:
        return known
    clash = statement_by(connection, "source_file", source_file, with_repeats=False)
    if clash is not None:
        raise StatementConflictError(_clash_advice(source_file, clash.imported_at, remove_how))
    return None


def _clash_advice(
    source_file: str, imported_at: dt.datetime, remove_how: str = WINDOW_REMOVAL
) -> str:
    """Why another file of a name held is refused, and both ways on. Renaming it alone
    is wrong advice for a bank's corrected download: both would be held, the corrected
    movement beside the one it corrects. Imported under another name, its movements the
    earlier holds are recognised as held; removing the earlier then keeps them, under the
    new file, with the decisions on them (``statement_removal``), and withdraws (audited,
    the removal's question saying which first) only those on the movements it corrects.
    Removing the earlier first would withdraw the decisions on every movement of it that
    no other statement holds."""
    return (
        f"a different file named {source_file!r} was already imported into this workspace "
        f"on {imported_at:%Y-%m-%d}. If the new file corrects it (a corrected download from "
        f"the bank), import the new one under another name, then remove the earlier "
        f"{source_file!r} ({remove_how}): the movements both "
        f"hold stay, under the new file, with the decisions on them, and the removal says "
        f"first which decisions it withdraws. If it is another statement, rename the new "
        f"file and import it again"
    )


def _same_lines_as(
    connection: sqlite3.Connection,
    lines: Sequence[StatementLine],
    duplicates: Mapping[LineKey, LineKey],
) -> StatementRecord | None:
    """The statement held whose lines ``lines`` are, every one (``same_lines_as``),
    looked for only when each of them repeats a stored line. Only a statement holding
    the line the first of them repeats can be it (the file that keeps that line, or one
    repeating it: ``statement_repeats_kept``), and only with as many lines: their
    repeats are read only then, not every statement's counted."""
    if not lines or lines[0].key not in duplicates:
        return None
    first = duplicates[lines[0].key]
    rows = connection.execute(
        "SELECT s.id FROM statements s"
        " WHERE (s.source_file = ? OR s.id IN (SELECT r.statement_id FROM statement_repeats r"
        " WHERE r.kept_file = ? AND r.kept_row = ?))"
        " AND (SELECT count(*) FROM statement_lines l WHERE l.statement_id = s.id)"
        " + (SELECT count(*) FROM statement_repeats r WHERE r.statement_id = s.id) = ?"
        " ORDER BY s.id",
        (first.source_file, first.source_file, first.row, len(lines)),
    )
    for (statement_id,) in rows.fetchall():
        record = statement_by(connection, "id", statement_id)
        assert record is not None
        held = HeldLines(record.source_file, record.line_count, record.repeats)
        if same_lines_as(lines, duplicates, [held]) is not None:
            return record
    return None


# The passes a file's lines make when compared with the stored lines (``_Comparing``), each
# line once in each: identified, looked up, then two in ``dedup.file_repeats``.
_IDENTIFIED, _LOOKED_UP, _COMPARED, _PASSES = 0, 1, 2, 4


class _Comparing:
    """How far comparing a file's lines with the stored lines is, said in steps (a large
    file's takes seconds, which the window showed as one unmoving message), with a look
    at Cancel at each step: nothing is stored yet, so a Cancel there leaves nothing.

    Each line counts once in each pass (``_PASSES``): identified (``with_occurrences``),
    looked up among the stored lines (``_stored_of``), and sorted by claim and compared
    (``dedup.file_repeats``, which counts two passes)."""

    def __init__(self, count: int, progress: ProgressCallback, cancel: CancelToken) -> None:
        self._count, self._progress, self._cancel = count, progress, cancel
        self._total = _PASSES * count
        self._message = f"comparing {counted(count, 'line')} with the workspace"
        progress(0, self._total, self._message)

    def step(self, passes: int, lines: int = 0) -> Callable[[int], None]:
        """The checkpoint of a part that begins after ``passes`` whole passes and
        ``lines`` lines of the next: it hears how many lines it has done."""
        offset = passes * self._count + lines

        def checkpoint(done: int) -> None:
            self._cancel.raise_if_cancelled()
            reached = offset + done
            share = 100 * reached // self._total if self._total else 100
            self._progress(reached, self._total, f"{self._message} ({share}%)")

        return checkpoint


def _already_held(known: StatementRecord, lines: Sequence[StatementLine]) -> ImportOutcome:
    """The outcome of importing a file the workspace holds (``known``, of the same content
    hash): nothing is added, and each line is the stored line of its row, or the earlier
    file's line that row repeated when it came in (``known.repeats``).

    Read off what the workspace stored of that file, not by comparing its lines with the
    stored lines again: that took seconds for a large statement (200,000 lines, 4 s), and
    could name another line than the one stored, where a later download of no account
    holds an equal movement that the comparison takes first."""
    duplicates = {}
    for line in lines:
        own = LineKey(known.source_file, line.row)
        duplicates[line.key] = known.repeats.get(own, own)
    return ImportOutcome(known, 0, len(duplicates), True, duplicates)


def _insert_lines(
    connection: sqlite3.Connection,
    statement_id: int,
    identified: list[tuple[StatementLine, str, int, str]],
    duplicates: Mapping[LineKey, LineKey],
    held: Set[str],
    progress: ProgressCallback,
    cancel: CancelToken,
) -> None:
    """Store a statement's lines in row order: the new ones in ``statement_lines``, those
    that repeat a stored line in ``repeated_lines`` with the line each repeats in
    ``statement_repeats``; a chunk at a time, saying how many are saved and stopping at a
    Cancel (the caller's transaction then rolls back). Stored in one go before the
    lines, the repeats of a download the workspace holds (200,000) took most of a second
    that said nothing.

    A new line of an account whose lines may be claimed, or of an identity stored lines
    hold (``held``), takes the next free occurrence where its own is held
    (``_NUMBERED_VALUES``): a line that repeated a line of another wording
    (``dedup.file_repeats``) leaves a gap in its identity's numbers, which a later
    file's line of that identity may fall on."""
    identified.sort(key=lambda entry: entry[0].row)
    claimable = {scope for _, _, _, scope in identified if may_be_claimed(scope)}
    repeated: list[tuple[StatementLine, str, int, str]] = []
    new: list[tuple[StatementLine, str, int, str]] = []
    numbered: list[tuple[StatementLine, str, int, str]] = []
    for entry in identified:
        line, identity, _, scope = entry
        if line.key in duplicates:
            repeated.append(entry)
        elif scope in claimable or identity in held:
            numbered.append(entry)
        else:
            new.append(entry)
    saved, total = 0, len(identified)
    for table, entries, values in (
        ("repeated_lines", repeated, _VALUES),
        ("statement_lines", new, _VALUES),
        ("statement_lines", numbered, _NUMBERED_VALUES),
    ):
        for start in range(0, len(entries), _CHUNK):
            cancel.raise_if_cancelled()
            chunk = entries[start : start + _CHUNK]
            if entries is repeated:  # each with the line it repeats, which it references
                connection.executemany(
                    "INSERT INTO statement_repeats (statement_id, row, kept_file, kept_row)"
                    " VALUES (?, ?, ?, ?)",
                    [
                        (statement_id, line.row, kept.source_file, kept.row)
                        for line, _, _, _ in chunk
                        for kept in (duplicates[line.key],)
                    ],
                )
            connection.executemany(
                f"INSERT INTO {table} ({LINE_COLUMNS}) VALUES ({values})",
                [
                    _line_row(statement_id, line, identity, n, scope)
                    for line, identity, n, scope in chunk
                ],
            )
            saved += len(chunk)
            progress(saved, total, f"saving {saved:,} of {counted(total, 'line')}")


def _validated(
    source_file: str,
    sha256: str,
    lines: Sequence[StatementLine],
    line_accounts: Mapping[int, str],
) -> str:
    digest = sha256.strip().lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(f"{source_file}: {sha256!r} is not a SHA-256 hex digest")
    rows: set[int] = set()
    for line in lines:
        if line.source_file != source_file:
            raise ValueError(
                f"{source_file}: line {line.key} belongs to another file ({line.source_file})"
            )
        if line.row in rows:
            raise ValueError(f"{source_file}: row {line.row} appears twice")
        rows.add(line.row)
    strays = sorted(set(line_accounts) - rows)
    if strays:
        raise ValueError(f"{source_file}: an account is given for row {strays[0]}, not a line")
    return digest


def _existing(
    connection: sqlite3.Connection,
    scoped: Mapping[str, list[tuple[StatementLine, str, int]]],
    checkpoint: Callable[[int], None],
) -> tuple[Callable[[str], dict[str, list[Kept[LineKey]]]], dict[str, list[str]]]:
    """For each scope of a new file, the stored lines, by identity, that its lines are
    compared with (``compared_scopes``), in account and occurrence order, each with the
    account that claims its file (``stored_claims``); and the stored identities each of
    its identities is the same movement as but for a currency one leaves unstated
    (``_currency_alike``), whose lines are among those given.

    Read in range scans that together cover the file's dates once in every account
    compared, keeping only the file's own identities (``_stored_of``): a file of forty
    accounts compared with the lines of no account once per account read every such line
    forty times.
    ``checkpoint`` hears how many of the file's lines are looked up (``_stored_of``).
    """
    known = _line_scopes(connection)
    compared = {scope: compared_scopes(scope, known) for scope in scoped}
    accounts = sorted({s for each in compared.values() for s in each})
    alike = _currency_alike(connection, scoped, accounts)
    also = {other for others in alike.values() for other in others}
    stored = _stored_of(connection, scoped, accounts, known, checkpoint, also)

    def of_scope(scope: str) -> dict[str, list[Kept[LineKey]]]:
        if len(scoped) == 1:  # read for its one scope: nothing to leave out
            return stored
        accounts = set(compared[scope])
        found = {}
        own = {identity for _, identity, _ in scoped[scope]}
        for identity in own.union(*(alike.get(each, ()) for each in own)):
            lines = [kept for kept in stored.get(identity, ()) if kept.scope in accounts]
            if lines:
                found[identity] = lines
        return found

    return of_scope, alike


def _currency_alike(
    connection: sqlite3.Connection,
    scoped: Mapping[str, list[tuple[StatementLine, str, int]]],
    accounts: Sequence[str],
) -> dict[str, list[str]]:
    """The stored identities (of ``accounts``' lines) each identity of ``scoped``'s lines
    is the same movement as but for a currency one of them leaves unstated
    (``dedup.currency_alike``, which ``dedup.KeptLines`` applies to a session's lines),
    where there are any.

    Read off the identity index a day at a time, for the days of the file's lines, and
    only where one side may leave its currency unstated: the file states none on a line,
    or a stored line of its accounts and dates states none. Most files state their
    currency on every line, as the lines stored do: nothing more is read for them."""
    identified = [(line, identity) for each in scoped.values() for line, identity, _ in each]
    if not identified or not accounts:
        return {}
    marks = ", ".join("?" * len(accounts))
    days = sorted({line.date for line, _ in identified})
    unstated = any(line.currency is None for line, _ in identified)
    if not unstated:
        span = (*accounts, days[0].isoformat(), days[-1].isoformat() + "~")
        unstated = (
            connection.execute(
                f"SELECT 1 FROM statement_lines WHERE account IN ({marks})"
                " AND identity >= ? AND identity < ? AND currency IS NULL LIMIT 1",
                span,
            ).fetchone()
            is not None
        )
    if not unstated:
        return {}
    held: defaultdict[tuple[str, str, str], set[str | None]] = defaultdict(set)
    for day in days:
        rows = connection.execute(
            f"SELECT DISTINCT identity FROM statement_lines WHERE account IN ({marks})"
            " AND identity >= ? AND identity < ?",
            (*accounts, *_range_of(f"{day.isoformat()}|")),
        )
        for (identity,) in rows:
            stored_day, amount, currency, text = identity.split("|", 3)
            held[(stored_day, amount, text)].add(currency or None)
    found: dict[str, list[str]] = {}
    for _, identity in identified:
        booked, amount, currency, text = identity.split("|", 3)
        currencies = held.get((booked, amount, text))
        if currencies and identity not in found:
            same = [
                f"{booked}|{amount}|{other or ''}|{text}"
                for other in currency_alike(currency or None, currencies)
            ]
            if same:
                found[identity] = same
    return found


def _stated_by_repeats(connection: sqlite3.Connection, key: LineKey) -> set[str]:
    """The currencies stated by the stored lines repeating the stored line ``key``
    (``dedup.Alike``): asked only of a line of no currency a new line may repeat."""
    rows = connection.execute(
        "SELECT DISTINCT c.currency FROM statement_repeats r"
        " JOIN repeated_lines c ON c.statement_id = r.statement_id AND c.row = r.row"
        " WHERE r.kept_file = ? AND r.kept_row = ? AND c.currency IS NOT NULL",
        (key.source_file, key.row),
    )
    return {currency for (currency,) in rows}


def _stored_layout(source_file: str, text: str) -> Mapping[str, Any]:
    """Statement ``source_file``'s stored layout (``Layout.to_json``'s object). One
    changed outside the application (not JSON, or not an object) is the damaged record it
    is, named (``unreadable``), which the workspace reports as a damaged file naming the
    file: every reader of a layout decodes it here."""
    try:
        layout = jsoncodec.loads(text)
        if not isinstance(layout, dict):
            raise TypeError(f"not a JSON object but {type(layout).__name__}")
    except DECODE_ERRORS as error:
        raise unreadable(f"statement {source_file}'s layout", error) from None
    return layout


def _read_as(layout: Mapping[str, Any]) -> str | None:
    """The format a statement's file was read as, from the layout kept with it (every
    import keeps its ``format``); None where it says none (a workspace's own test data)."""
    read_as = layout.get("format")
    return read_as if isinstance(read_as, str) else None


def _same_movements(
    connection: sqlite3.Connection,
) -> Callable[[str, Set[Movement]], dict[Movement, list[tuple[Kept[LineKey], Booking, str]]]]:
    """The stored lines of an account holding each of the movements asked for, whatever
    their wording, each with its booking (value date and references), in import and row
    order: what ``dedup.file_repeats`` compares a new line that repeats no stored line by
    identity with (a booking as another format words it).

    A day's lines are one range of the identity index, and a movement's are the lines of
    its day whose identity begins with its text (``_movement_text``): one query a day
    asked about, however many of its movements are, where a query a movement made an
    overlap of 5,000 lines 5,000 queries."""

    kinds: dict[int, str] = {}  # each statement's kind (``format_family``), read once

    def kind_of(statement_id: int, source_file: str) -> str:
        if statement_id not in kinds:
            (layout,) = connection.execute(
                "SELECT layout FROM statements WHERE id = ?", (statement_id,)
            ).fetchone()
            read_as = _read_as(_stored_layout(source_file, layout))
            kinds[statement_id] = format_family(source_file, read_as)
        return kinds[statement_id]

    def of_scope(
        scope: str, wanted: Set[Movement]
    ) -> dict[Movement, list[tuple[Kept[LineKey], Booking, str]]]:
        by_text = {_movement_text(movement): movement for movement in wanted}
        found: dict[Movement, list[tuple[Kept[LineKey], Booking, str]]] = {}
        for day in sorted({movement[0] for movement in wanted}):
            rows = connection.execute(
                "SELECT identity, source_file, row, value_date, reference, balance,"
                " statement_id"
                " FROM statement_lines WHERE account = ? AND identity >= ? AND identity < ?"
                " ORDER BY statement_id, row",
                (scope, *_range_of(f"{day.isoformat()}|")),
            )
            for identity, source_file, row, value_date, reference, balance, statement_id in rows:
                movement = by_text.get("|".join(identity.split("|", 3)[:3]) + "|")
                if movement is None:
                    continue
                key = LineKey(source_file, row)
                try:
                    booked = None if value_date is None else dt.date.fromisoformat(value_date)
                    after = None if balance is None else Decimal(balance)
                except DECODE_ERRORS as error:
                    raise unreadable(f"statement line {source_file} row {row}", error) from None
                kept = Kept(key, key, scope, scope, (source_file, scope))
                booking = Booking.stated(booked, reference, after)
                found.setdefault(movement, []).append(
                    (kept, booking, kind_of(statement_id, source_file))
                )
        return found

    return of_scope


def _stored_of(
    connection: sqlite3.Connection,
    scoped: Mapping[str, list[tuple[StatementLine, str, int]]],
    accounts: Sequence[str],
    line_scopes: Sequence[str],
    checkpoint: Callable[[int], None],
    also: Set[str] = frozenset(),
) -> dict[str, list[Kept[LineKey]]]:
    """The stored lines of ``accounts`` holding one of the identities of ``scoped``'s
    lines, or of ``also`` (the identities alike but for a currency: ``_currency_alike``),
    by identity, in account and occurrence order, each with its claim
    (``stored_claims``; ``line_scopes`` are the stored lines' accounts).

    The identities go into a temporary table the scan checks each line against, so only
    the lines that may be repeated become objects; in their order, so each is appended to
    the table's index rather than placed among the others (200,000 of them: seconds
    apart). They are looked up a few thousand at a time, each batch in its own range of
    identities, so the scans together read the file's dates once and ``checkpoint``
    hears between batches how many of the file's lines are looked up. A workspace holding
    no line of the accounts in the file's dates (a first import, a new month) needs no
    table at all. Called inside the import's transaction: the table is dropped, or rolled
    back with it (at a Cancel too).
    """
    wanted = Counter(identity for each in scoped.values() for _, identity, _ in each)
    if not wanted:
        return {}
    for identity in also:  # looked up too, counting no line of the file
        wanted[identity] += 0
    days = [line.date for each in scoped.values() for line, _, _ in each]
    marks = ", ".join("?" * len(accounts))
    span = (*accounts, min(days).isoformat(), max(days).isoformat() + "~")
    if (
        connection.execute(
            f"SELECT 1 FROM statement_lines WHERE account IN ({marks})"
            " AND identity >= ? AND identity < ? LIMIT 1",
            span,
        ).fetchone()
        is None
    ):
        return {}
    query = (
        f"SELECT identity, account, source_file, row FROM statement_lines"
        f" WHERE account IN ({marks}) AND identity >= ? AND identity <= ?"
        " AND identity IN temp.incoming_identities ORDER BY identity, account, occurrence"
    )
    connection.execute("CREATE TEMP TABLE incoming_identities (identity TEXT PRIMARY KEY)")
    stored: defaultdict[str, list[Kept[LineKey]]] = defaultdict(list)
    claimable: list[Kept[LineKey]] = []  # their claim is known once all are read
    ordered, done = sorted(wanted), 0
    for start in range(0, len(ordered), _CHUNK):
        batch = ordered[start : start + _CHUNK]
        connection.execute("DELETE FROM temp.incoming_identities")
        connection.executemany(
            "INSERT INTO incoming_identities (identity) VALUES (?)", [(each,) for each in batch]
        )
        for identity, account, source_file, row in connection.execute(
            query, (*accounts, batch[0], batch[-1])
        ):
            key = LineKey(source_file, row)
            kept = Kept(key, key, account, account, (source_file, account))
            stored[identity].append(kept)
            if may_be_claimed(account):
                claimable.append(kept)
        done += sum(wanted[each] for each in batch)
        checkpoint(done)
    connection.execute("DROP TABLE temp.incoming_identities")
    units = {kept.unit() for kept in claimable}
    claims = stored_claims(connection, units, line_scopes, grouped=len(scoped) > 1)
    for kept in claimable:
        kept.claim, kept.group = claims[kept.unit()]
    return stored


def _line_scopes(connection: sqlite3.Connection) -> list[str]:
    """The accounts the stored lines are on, read off the identity index one account at a
    time (a handful of steps, where DISTINCT would read every line)."""
    rows = connection.execute(
        "WITH RECURSIVE scopes(account) AS ("
        " SELECT min(account) FROM statement_lines"
        " UNION ALL SELECT (SELECT min(account) FROM statement_lines WHERE account > scopes.account)"
        " FROM scopes WHERE scopes.account IS NOT NULL"
        ") SELECT account FROM scopes WHERE account IS NOT NULL"
    )
    return [row[0] for row in rows]


def _line_row(
    statement_id: int, line: StatementLine, identity: str, occurrence: int, scope: str
) -> tuple[Any, ...]:
    return (
        statement_id,
        line.source_file,
        line.row,
        line.date.isoformat(),
        str(line.amount),
        line.currency,
        line.description,
        line.reference,
        line.counterparty,
        None if line.value_date is None else line.value_date.isoformat(),
        None if line.balance is None else str(line.balance),
        jsoncodec.dumps(list(line.raw)),
        identity,
        occurrence,
        scope,
    )


def statement_by(
    connection: sqlite3.Connection, column: str, value: Any, *, with_repeats: bool = True
) -> StatementRecord | None:
    """The statement whose ``column`` holds ``value``. ``with_repeats=False`` leaves its
    ``repeats`` empty instead of reading them (as many as its lines, for a file that
    repeats another): for a caller that does not read them, such as the removal."""
    assert column in {"id", "sha256", "source_file"}
    rows = statements(connection, f"WHERE s.{column} = ?", (value,), with_repeats=with_repeats)
    return rows[0] if rows else None


def statement_files(connection: sqlite3.Connection) -> tuple[str, ...]:
    """The statements' file names in import order, without reading their lines."""
    rows = connection.execute("SELECT source_file FROM statements ORDER BY id")
    return tuple(row[0] for row in rows)


@dataclass(frozen=True, slots=True)
class AbsentRows:
    """The lines asked about that no statement the workspace holds has (``absent_rows``).

    ``missing``: a row of a file the workspace holds that the file has neither as a line
    nor as a repeat of another file's line. ``unheld``: a line of a file the workspace does
    not hold, never imported or since removed; whether it was removed is the decision
    log's to say (``decision_log.LineCheck``)."""

    missing: frozenset[LineKey]
    unheld: frozenset[LineKey]


def absent_rows(connection: sqlite3.Connection, keys: Iterable[LineKey]) -> AbsentRows:
    """Which of ``keys`` the workspace's statements do not hold: one query for the
    statements held, then one per file of theirs asked about, however many rows are.

    A bulk action records thousands of decisions at once, each checked against the
    statements (``decision_log``); two or three queries per line made the check most of
    the action's time. A file's query reads the rows it holds between the lowest and
    highest asked, by the indexes on a file's rows, so one line asked reads one row."""
    rows_of: dict[str, set[int]] = defaultdict(set)
    for key in keys:
        rows_of[key.source_file].add(key.row)
    if not rows_of:
        return AbsentRows(frozenset(), frozenset())
    held = dict(connection.execute("SELECT source_file, id FROM statements").fetchall())
    missing: set[LineKey] = set()
    unheld: set[LineKey] = set()
    for source_file, rows in rows_of.items():
        statement_id = held.get(source_file)
        if statement_id is None:
            unheld.update(LineKey(source_file, row) for row in rows)
            continue
        found = connection.execute(
            "SELECT row FROM statement_lines WHERE source_file = ?1 AND row BETWEEN ?3 AND ?4"
            " UNION SELECT row FROM statement_repeats"
            " WHERE statement_id = ?2 AND row BETWEEN ?3 AND ?4",
            (source_file, statement_id, min(rows), max(rows)),
        )
        missing.update(LineKey(source_file, row) for row in rows - {row for (row,) in found})
    return AbsentRows(frozenset(missing), frozenset(unheld))


def stated_periods(connection: sqlite3.Connection) -> dict[str, Stated]:
    """The period each statement states it covers, by file name, as kept in its layout
    (``statements.covered``): none for a statement stored before it was kept."""
    rows = connection.execute("SELECT source_file, layout FROM statements ORDER BY id")
    return {name: stated_in_layout(_stored_layout(name, layout)) for name, layout in rows}


def import_warnings(connection: sqlite3.Connection) -> dict[str, tuple[RowWarning, ...] | None]:
    """What each statement's import said of its rows, by file name (``kept_warnings``):
    None for one stored before they were kept. Read for the report alone, never with the
    statements' records: one file's may be 100,000. A value that is not JSON is the
    damaged record it is, named, as a layout's is; an entry of it that is no warning is
    left out (``warnings_from_json``)."""
    rows = connection.execute("SELECT source_file, import_warnings FROM statements ORDER BY id")
    found: dict[str, tuple[RowWarning, ...] | None] = {}
    for source_file, text in rows:
        try:
            kept = None if text is None else jsoncodec.loads(text)
        except DECODE_ERRORS as error:
            raise unreadable(f"statement {source_file}'s import warnings", error) from None
        found[source_file] = warnings_from_json(kept, source_file)
    return found


# A statement's columns its record holds: not its import warnings (``import_warnings``).
_RECORD_COLUMNS = ", ".join(
    f"s.{column}"
    for column in (
        "id",
        "source_file",
        "sha256",
        "layout",
        "imported_at",
        "account",
        "currency",
        "opening_balance",
        "closing_balance",
    )
)


def statements(
    connection: sqlite3.Connection,
    where: str = "",
    parameters: Sequence[Any] = (),
    *,
    with_repeats: bool = True,
) -> list[StatementRecord]:
    rows = connection.execute(
        f"SELECT {_RECORD_COLUMNS},"
        " (SELECT count(*) FROM statement_lines l WHERE l.statement_id = s.id)"
        f" AS line_count FROM statements s {where} ORDER BY s.id",
        parameters,
    )
    repeats = _repeats(connection, where, parameters) if with_repeats else {}
    return [_record(row, repeats.get(row["id"], {})) for row in rows]


def _record(row: sqlite3.Row, repeats: dict[LineKey, LineKey]) -> StatementRecord:
    """One statement's stored record; a value changed outside the application (its
    layout, import time or a balance) is the damaged record it is, named."""
    source_file = row["source_file"]
    layout = _stored_layout(source_file, row["layout"])
    try:
        return StatementRecord(
            id=row["id"],
            source_file=source_file,
            sha256=row["sha256"],
            layout=layout,
            imported_at=dt.datetime.fromisoformat(row["imported_at"]),
            account=row["account"] or None,
            line_count=row["line_count"],
            currency=row["currency"],
            opening_balance=_decimal(row["opening_balance"]),
            closing_balance=_decimal(row["closing_balance"]),
            repeats=repeats,
        )
    except DECODE_ERRORS as error:
        raise unreadable(f"statement {source_file}", error) from None


def _repeats(
    connection: sqlite3.Connection, where: str, parameters: Sequence[Any]
) -> dict[int, dict[LineKey, LineKey]]:
    """The lines an overlap did not store of each statement ``where`` selects (the same
    condition as ``statements``: a lookup of one reads that one's), with the stored line
    kept instead."""
    found: dict[int, dict[LineKey, LineKey]] = defaultdict(dict)
    rows = connection.execute(
        "SELECT r.statement_id, s.source_file, r.row, r.kept_file, r.kept_row"
        f" FROM statement_repeats r JOIN statements s ON s.id = r.statement_id {where}",
        parameters,
    )
    for statement_id, source_file, row, kept_file, kept_row in rows:
        found[statement_id][LineKey(source_file, row)] = LineKey(kept_file, kept_row)
    return found


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def load_lines(
    connection: sqlite3.Connection, source_file: str | None
) -> tuple[StatementLine, ...]:
    """The stored lines of one file, or all, in import order and then row order, each
    whose currency cell names no currency marked so (``_as_imported``)."""
    where, parameters = ("WHERE source_file = ?", (source_file,)) if source_file else ("", ())
    rows = connection.execute(
        f"SELECT {_LINE_FIELDS} FROM statement_lines {where} ORDER BY statement_id, row",
        parameters,
    )
    return tuple(_as_imported(connection, list(map(_decoded, rows))))


def _as_imported(connection: sqlite3.Connection, lines: list[StatementLine]) -> list[StatementLine]:
    """``lines`` read back from the store with each one whose currency cell names no
    currency ('EURO') marked so, as the import marked it (``unread_currency``), by its
    statement's stored layout: the mark is not stored, and a line without it is in no
    currency, matched with invoices in any. Every way lines leave the store comes through
    here (loaded, or standing in for a removed statement's), so none comes out unmarked."""
    unstated = {line.source_file for line in lines if line.currency is None}
    if not unstated:
        return lines
    rows = connection.execute(
        f"SELECT source_file, layout FROM statements"
        f" WHERE source_file IN ({', '.join('?' * len(unstated))})",
        tuple(unstated),
    )
    columns = {name: stored_currency_column(_stored_layout(name, layout)) for name, layout in rows}
    return marked_by_file(lines, columns)


def load_movements(connection: sqlite3.Connection) -> tuple[StatementLine, ...]:
    """Every stored line's movement (its file, row, date, amount and currency) without its
    texts: what checking the statements' balances against each other needs, read in a
    fraction of ``load_lines``'s time (no texts, no raw cells, each date parsed once)."""
    rows = connection.execute(
        "SELECT source_file, row, date, amount, currency FROM statement_lines"
    )
    days: dict[str, dt.date] = {}
    lines = []
    for source_file, row, day, amount, currency in rows:
        try:
            when = days.get(day) or days.setdefault(day, dt.date.fromisoformat(day))
            lines.append(StatementLine(source_file, row, when, Decimal(amount), currency))
        except DECODE_ERRORS as error:
            raise unreadable(f"statement line {source_file} row {row}", error) from None
    return tuple(lines)


def lines_at(connection: sqlite3.Connection, keys: Sequence[LineKey]) -> list[StatementLine]:
    """The stored lines of ``keys``, in their order (each found by its unique file and row).

    The keys go into a temporary table read in one join: a removal reads back every line
    standing in, tens of thousands for a large overlap, and a query each was most of its
    time. Call inside a transaction: the table is dropped, or rolled back with it.
    """
    if not keys:
        return []
    connection.execute(
        "CREATE TEMP TABLE wanted_lines"
        " (position INTEGER PRIMARY KEY, source_file TEXT NOT NULL, row INTEGER NOT NULL)"
    )
    connection.executemany(
        "INSERT INTO wanted_lines (source_file, row) VALUES (?, ?)",
        [(key.source_file, key.row) for key in keys],
    )
    rows = connection.execute(
        f"SELECT {_LINE_FIELDS} FROM wanted_lines JOIN statement_lines USING (source_file, row)"
        " ORDER BY position"
    ).fetchall()
    connection.execute("DROP TABLE temp.wanted_lines")
    return _as_imported(connection, [_decoded(row) for row in rows])


# What ``_line_from_row`` takes, in its order.
_LINE_FIELDS = (
    "source_file, row, date, amount, currency, description, reference, counterparty,"
    " value_date, balance, raw"
)


def _decoded(row: Sequence[Any]) -> StatementLine:
    try:
        return _line_from_row(*row)
    except DECODE_ERRORS as error:
        raise unreadable(f"statement line {row[0]} row {row[1]}", error) from None


def _line_from_row(
    source_file: str,
    row: int,
    day: str,
    amount: str,
    currency: str | None,
    description: str,
    reference: str,
    counterparty: str,
    value_date: str | None,
    balance: str | None,
    raw: str,
) -> StatementLine:
    return StatementLine(
        source_file=source_file,
        row=row,
        date=dt.date.fromisoformat(day),
        amount=Decimal(amount),
        currency=currency,
        description=description,
        reference=reference,
        counterparty=counterparty,
        value_date=None if value_date is None else dt.date.fromisoformat(value_date),
        balance=None if balance is None else Decimal(balance),
        raw=tuple(jsoncodec.loads(raw)),
    )
