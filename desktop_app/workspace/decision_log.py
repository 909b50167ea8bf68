"""The audit trail in SQLite: appending decisions and reading them back.

Functions here run inside a transaction the caller opened, so recording a decision, its
replacements and the in-force bookkeeping is one atomic commit.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import UTC, datetime
from typing import Any

from desktop_app.domain import Decision, DecisionKind, InvoiceKey, LineKey
from desktop_app.workspace import statement_store
from desktop_app.workspace.decision_rules import (
    STANDING_KINDS,
    Effect,
    Pairing,
    Standing,
    Touching,
    effect_of,
)
from desktop_app.workspace.errors import (
    DECODE_ERRORS,
    DecisionError,
    StoredValueError,
    unreadable,
)
from desktop_app.workspace.owner import current_user
from desktop_app.workspace.records import (
    AuditEntry,
    FlagChanges,
    PutBack,
    ReviewCause,
    ReviewItem,
)

ALL_DECISIONS = "SELECT id FROM decisions"


def utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"decision time {moment} has no time zone; give an aware datetime")
    return moment.astimezone(UTC).isoformat()


def stamped(decision: Decision, now: datetime, user: str | None = None) -> Decision:
    """The decision with its time and user filled in where the caller left them empty:
    ``user`` when given (a batch asks the operating system once), else the system's."""
    if decision.at is not None and decision.at.tzinfo is None:
        raise ValueError(f"decision time {decision.at} has no time zone; give an aware datetime")
    return Decision(
        kind=decision.kind,
        invoice_keys=decision.invoice_keys,
        line_keys=decision.line_keys,
        reason=decision.reason,
        user=decision.user or (current_user() if user is None else user),
        at=(decision.at or now).astimezone(UTC),
    )


def removal_reason(source_file: str) -> str:
    """The reason of the UNMATCH by which removing ``source_file`` withdraws a decision
    on its lines (``statement_removal``); ``record`` reads it back."""
    return f"statement {source_file} removed from the workspace"


def record(connection: sqlite3.Connection, decision: Decision, now: datetime) -> AuditEntry:
    """Stamp, append and apply one decision; refuses an UNMATCH that clears nothing, and a
    decision that would stand on a line the workspace does not hold (``LineCheck``).

    One decision at a time, with its own queries: a batch goes through ``Batch``, whose
    rules and entries are these."""
    if decision.kind in STANDING_KINDS:
        LineCheck(connection, [decision]).refuse_absent(decision)
    entry_id, effect = append(connection, stamped(decision, now))
    if decision.kind is DecisionKind.UNMATCH and not effect.replaced:
        raise DecisionError(
            f"nothing is matched or rejected for {describe(decision)}, so there is "
            "nothing to unmatch"
        )
    return load_entries(connection, *ids_sql([entry_id]))[0]


class LineCheck:
    """Which lines of a batch of decisions the workspace does not hold, asked once for
    the batch: a bulk action records thousands of decisions in one transaction, and a few
    queries for each of their lines were most of its time. The statements are asked by
    ``statement_store.absent_rows``, the decision log once per file it does not hold.

    A decision is refused (``refuse_absent``) where it would be in force on a line the
    workspace does not hold: a row a statement it holds does not have (kept or repeated),
    or a line of a statement removed from it that a decision was withdrawn from then.

    The second is the one that matters: a decision the removal withdrew, put back in force
    (kept in a window that still listed it, an undo, a redo), would name a row of a file
    no longer there, and bind whatever row a file of that name imported later holds (a
    corrected download's other movement). A line of a file the workspace never held is
    not refused: decisions recorded before their statement (and the decisions-only
    workspaces of scripts) name such lines.

    Recording a batch in order changes no statement, but a withdrawal in it (an UNMATCH
    with a removal's reason) would withdraw its lines for the decisions after it, as each
    decision checked on its own found: ``recorded`` keeps the answer so."""

    def __init__(self, connection: sqlite3.Connection, decisions: Iterable[Decision]) -> None:
        keys = {key for d in decisions if d.kind in STANDING_KINDS for key in d.line_keys}
        absent = statement_store.absent_rows(connection, keys)
        self._missing = set(absent.missing)
        self._withdrawn = _withdrawn(connection, absent.unheld)
        self._unheld = absent.unheld

    def refuse_absent(self, decision: Decision) -> None:
        """Raise ``DecisionError`` naming the first of the decision's lines not held."""
        for key in decision.line_keys:
            if key in self._missing:
                raise DecisionError(
                    f"{key.source_file} has no row {key.row} in this workspace, so "
                    f"{describe(decision)} cannot be decided"
                )
            if key in self._withdrawn:
                raise DecisionError(
                    f"{key.source_file} was removed from this workspace, so "
                    f"{describe(decision)} cannot be decided until it is imported again"
                )

    def recorded(self, decision: Decision) -> None:
        """Note a decision the batch recorded: a withdrawal by a removal withdraws its
        lines for the batch's later decisions."""
        if decision.kind is DecisionKind.UNMATCH:
            self._withdrawn.update(
                key
                for key in decision.line_keys
                if key in self._unheld and decision.reason == removal_reason(key.source_file)
            )


def _withdrawn(connection: sqlite3.Connection, keys: AbstractSet[LineKey]) -> set[LineKey]:
    """The ``keys`` (of files the workspace does not hold) that a removal of their file
    withdrew a decision from: one query per file, reading its withdrawn rows between the
    lowest and highest asked (``decision_lines_key``)."""
    rows_of: dict[str, set[int]] = defaultdict(set)
    for key in keys:
        rows_of[key.source_file].add(key.row)
    withdrawn: set[LineKey] = set()
    for source_file, rows in rows_of.items():
        found = connection.execute(
            "SELECT l.row FROM decision_lines l JOIN decisions d ON d.id = l.decision_id"
            " WHERE l.source_file = ? AND l.row BETWEEN ? AND ? AND d.kind = ? AND d.reason = ?",
            (
                source_file,
                min(rows),
                max(rows),
                DecisionKind.UNMATCH.value,
                removal_reason(source_file),
            ),
        )
        withdrawn.update(LineKey(source_file, row) for (row,) in found if row in rows)
    return withdrawn


def describe(decision: Decision) -> str:
    invoices = ", ".join(str(key) for key in decision.invoice_keys)
    lines = ", ".join(str(key) for key in decision.line_keys)
    return f"invoices {invoices} with lines {lines}"


def append(connection: sqlite3.Connection, decision: Decision) -> tuple[int, Effect]:
    """Append a stamped decision and apply its effect on the decisions in force."""
    effect = effect_of(decision, standing_touching(connection, decision))
    return insert(connection, decision, effect), effect


def insert(connection: sqlite3.Connection, decision: Decision, effect: Effect) -> int:
    """Append a stamped decision whose effect the caller has worked out (``effect_of``
    given every decision in force it touches), and apply it; returns its entry id. For a
    caller recording many at once that already knows what is in force (the removal)."""
    assert decision.at is not None
    cursor = connection.execute(
        "INSERT INTO decisions (kind, at, user, reason) VALUES (?, ?, ?, ?)",
        (decision.kind.value, utc_text(decision.at), decision.user, decision.reason),
    )
    entry_id = cursor.lastrowid
    assert entry_id is not None
    connection.executemany(
        "INSERT INTO decision_invoices (decision_id, position, provider, invoice_id)"
        " VALUES (?, ?, ?, ?)",
        [(entry_id, i, k.provider, k.invoice_id) for i, k in enumerate(decision.invoice_keys)],
    )
    connection.executemany(
        "INSERT INTO decision_lines (decision_id, position, source_file, row) VALUES (?, ?, ?, ?)",
        [(entry_id, i, k.source_file, k.row) for i, k in enumerate(decision.line_keys)],
    )
    apply_effect(connection, entry_id, effect)
    return entry_id


def apply_effect(connection: sqlite3.Connection, entry_id: int, effect: Effect) -> None:
    for replaced in effect.replaced:
        connection.execute(
            "INSERT INTO decision_replaces (decision_id, replaced_id) VALUES (?, ?)",
            (entry_id, replaced),
        )
        connection.execute("DELETE FROM decisions_in_force WHERE decision_id = ?", (replaced,))
    if effect.in_force:
        connection.execute("INSERT INTO decisions_in_force (decision_id) VALUES (?)", (entry_id,))


def standing_touching(connection: sqlite3.Connection, decision: Decision) -> list[Standing]:
    """The decisions in force that share an invoice or a line with ``decision``."""
    ids: set[int] = set()
    for invoice in decision.invoice_keys:
        ids.update(in_force_for_invoice(connection, invoice))
    for line in decision.line_keys:
        rows = connection.execute(
            "SELECT l.decision_id FROM decision_lines l JOIN decisions_in_force f"
            " ON f.decision_id = l.decision_id WHERE l.source_file = ? AND l.row = ?",
            (line.source_file, line.row),
        )
        ids.update(row[0] for row in rows)
    decisions = load_decisions(connection, *ids_sql(ids))
    return [Standing(i, d.kind, d.pairing) for i, d in decisions.items()]


def in_force_for_invoice(connection: sqlite3.Connection, key: InvoiceKey) -> list[int]:
    rows = connection.execute(
        "SELECT i.decision_id FROM decision_invoices i JOIN decisions_in_force f"
        " ON f.decision_id = i.decision_id WHERE i.provider = ? AND i.invoice_id = ?",
        (key.provider, key.invoice_id),
    )
    return sorted({row[0] for row in rows})


# Each kind by its stored value: ``DecisionKind(value)`` is an enum call, a good part of
# reading 20,000 decisions back. A value not here is still decoded by it, and refused.
_KINDS = {kind.value: kind for kind in DecisionKind}


def _kind(value: str) -> DecisionKind:
    """A stored kind decoded: by ``_KINDS`` where it is one, else by ``DecisionKind``,
    which refuses it (the caller names the decision ``unreadable``)."""
    return _KINDS.get(value) or DecisionKind(value)


# A subquery of the ids one JSON array parameter holds (``ids_sql``).
_JSON_IDS = "SELECT value FROM json_each(?)"


def ids_sql(ids: Iterable[int]) -> tuple[str, tuple[str]]:
    """A subquery selecting these ids, and its one parameter: the ids as a JSON array,
    read by ``json_each``, in place of the query text listing them.

    Why: an undo of 20,000 entries reads them back with a dozen queries, each of which
    listed every id in its text (``IN (1,2,...)``). SQLite parsed and planned 20,000
    literals for each, about a second of the undo; and the text grows with the ids until
    SQLite's limit on a statement's length (a million bytes: some 150,000 ids), past
    which the read is refused. Here the text stays the same however many ids there are,
    and the ids are one value. Ids not held select nothing, as before."""
    return _JSON_IDS, (json.dumps(sorted({int(i) for i in ids})),)


def load_decisions(
    connection: sqlite3.Connection, id_query: str, parameters: Sequence[Any] = ()
) -> dict[int, Decision]:
    """Decisions whose id the subquery selects, oldest first, rebuilt exactly."""
    invoices: defaultdict[int, list[InvoiceKey]] = defaultdict(list)
    lines: defaultdict[int, list[LineKey]] = defaultdict(list)
    for row in connection.execute(
        "SELECT decision_id, provider, invoice_id FROM decision_invoices"
        f" WHERE decision_id IN ({id_query}) ORDER BY decision_id, position",
        parameters,
    ):
        invoices[row[0]].append(InvoiceKey(row[1], row[2]))
    for row in connection.execute(
        "SELECT decision_id, source_file, row FROM decision_lines"
        f" WHERE decision_id IN ({id_query}) ORDER BY decision_id, position",
        parameters,
    ):
        lines[row[0]].append(LineKey(row[1], row[2]))
    decisions: dict[int, Decision] = {}
    for row in connection.execute(
        f"SELECT id, kind, at, user, reason FROM decisions WHERE id IN ({id_query}) ORDER BY id",
        parameters,
    ):
        # A kind or time changed outside the application is the damaged record it is,
        # named (``unreadable``): the workspace reports it as a damaged file.
        try:
            decisions[row[0]] = Decision(
                kind=_kind(row[1]),
                invoice_keys=tuple(invoices[row[0]]),
                line_keys=tuple(lines[row[0]]),
                reason=row[4],
                user=row[3],
                at=datetime.fromisoformat(row[2]),
            )
        except DECODE_ERRORS as error:
            raise unreadable(f"decision #{row[0]}", error) from None
    return decisions


def load_entries(
    connection: sqlite3.Connection, id_query: str, parameters: Sequence[Any] = ()
) -> list[AuditEntry]:
    decisions = load_decisions(connection, id_query, parameters)
    replaces: defaultdict[int, list[int]] = defaultdict(list)
    replaced_by: dict[int, int] = {}
    for row in connection.execute(
        "SELECT decision_id, replaced_id FROM decision_replaces"
        f" WHERE decision_id IN ({id_query}) OR replaced_id IN ({id_query})",
        [*parameters, *parameters],
    ):
        replaces[row[0]].append(row[1])
        replaced_by[row[1]] = row[0]
    in_force = {
        row[0]
        for row in connection.execute(
            f"SELECT decision_id FROM decisions_in_force WHERE decision_id IN ({id_query})",
            parameters,
        )
    }
    put_back = {
        row[0]: PutBack(row[1], row[2], row[3])
        for row in connection.execute(
            "SELECT decision_id, restored_id, undone_id, reason FROM decision_restores"
            f" WHERE decision_id IN ({id_query})",
            parameters,
        )
    }
    return [
        AuditEntry(
            id=entry_id,
            decision=decision,
            replaces=tuple(sorted(replaces[entry_id])),
            replaced_by=replaced_by.get(entry_id),
            in_force=entry_id in in_force,
            put_back=put_back.get(entry_id),
        )
        for entry_id, decision in decisions.items()
    ]


def record_put_back(connection: sqlite3.Connection, entry_id: int, put_back: PutBack) -> None:
    """Say that ``entry_id`` is a decision an undo put back in force (``PutBack``)."""
    connection.execute(
        "INSERT INTO decision_restores (decision_id, restored_id, undone_id, reason)"
        " VALUES (?, ?, ?, ?)",
        (entry_id, put_back.restores, put_back.undone, put_back.reason),
    )


def first_decided(connection: sqlite3.Connection, entry_ids: Iterable[int]) -> dict[int, int]:
    """Each entry's first decision: the entry an undo's put-back restores, followed back
    to one no undo put back (itself, for most). The accountant made that one, when and
    why; an entry put back is the undo's act (its time, its user), only its note the
    accountant's. One query per step back, as long as the longest chain of undos."""
    first = {entry_id: entry_id for entry_id in entry_ids}
    pending = set(first.values())
    while pending:
        pending_ids, parameters = ids_sql(pending)
        found = {  # an entry restores an earlier one: a file saying otherwise is not followed
            put_back: restored
            for put_back, restored in connection.execute(
                f"SELECT decision_id, restored_id FROM decision_restores"
                f" WHERE decision_id IN ({pending_ids})",
                parameters,
            )
            if restored < put_back
        }
        for entry_id, reached in first.items():
            if reached in found:
                first[entry_id] = found[reached]
        pending = set(found.values())
    return first


def touching_sql(invoice_key: InvoiceKey | None, line_key: LineKey | None) -> tuple[str, list[Any]]:
    """A subquery for the decisions naming this invoice and/or this line."""
    clauses = []
    parameters: list[Any] = []
    if invoice_key is not None:
        clauses.append(
            "id IN (SELECT decision_id FROM decision_invoices WHERE provider = ? AND invoice_id = ?)"
        )
        parameters += [invoice_key.provider, invoice_key.invoice_id]
    if line_key is not None:
        clauses.append(
            "id IN (SELECT decision_id FROM decision_lines WHERE source_file = ? AND row = ?)"
        )
        parameters += [line_key.source_file, line_key.row]
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return f"SELECT id FROM decisions{where}", parameters


def flag(
    connection: sqlite3.Connection,
    entry_ids: Iterable[int],
    key: InvoiceKey,
    reason: str,
    at: str,
    causes: Sequence[ReviewCause],
) -> None:
    """Flag these decisions for review: ``causes`` say what happened to the invoice (as
    data, for the window to count and sort by), ``reason`` says it in words."""
    stored = causes_text(causes)
    connection.executemany(
        "INSERT INTO review_flags (decision_id, provider, invoice_id, reason, flagged_at, causes)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(entry_id, key.provider, key.invoice_id, reason, at, stored) for entry_id in entry_ids],
    )


def causes_text(causes: Iterable[ReviewCause]) -> str:
    """Causes as ``review_flags.causes`` stores them: their values, comma-separated."""
    return ",".join(cause.value for cause in causes)


def causes_from_text(text: str) -> tuple[ReviewCause, ...]:
    """``review_flags.causes`` read back; an unknown value is a damaged file."""
    try:
        return tuple(ReviewCause(value) for value in text.split(",") if value)
    except ValueError:
        raise StoredValueError(
            f"a review flag's causes {text!r} are not ones this version knows"
        ) from None


def carry_flags(connection: sqlite3.Connection, from_id: int, to_id: int) -> None:
    """Flag ``to_id`` as ``from_id`` is flagged (same invoices, reasons, causes and times):
    an undo puts a replaced decision back in force as a new entry, and the review its
    invoice needed comes back with it, since nobody has looked at it yet."""
    connection.execute(
        "INSERT INTO review_flags (decision_id, provider, invoice_id, reason, flagged_at, causes)"
        " SELECT ?, provider, invoice_id, reason, flagged_at, causes FROM review_flags"
        " WHERE decision_id = ? ORDER BY id",
        (to_id, from_id),
    )


_FLAGS_IN_FORCE = "FROM review_flags r JOIN decisions_in_force f ON f.decision_id = r.decision_id"


def needing_review(
    connection: sqlite3.Connection, since_flag: int = 0, only: Iterable[int] | None = None
) -> list[ReviewItem]:
    """Flags on decisions still in force (after ``since_flag``, and ``only`` these when
    given); re-deciding a pairing clears its flags."""
    among = ""
    parameters: tuple[str, ...] = ()
    if only is not None:
        flag_ids, parameters = ids_sql(only)
        among = f" AND r.id IN ({flag_ids})"
    flags = connection.execute(
        "SELECT r.id, r.decision_id, r.provider, r.invoice_id, r.reason, r.flagged_at, r.causes"
        f" {_FLAGS_IN_FORCE} WHERE r.id > ?{among} ORDER BY r.id",
        (since_flag, *parameters),
    ).fetchall()
    entries = {e.id: e for e in load_entries(connection, *ids_sql(row[1] for row in flags))}
    return [
        ReviewItem(
            id=row[0],
            entry=entries[row[1]],
            invoice_key=InvoiceKey(row[2], row[3]),
            reason=row[4],
            flagged_at=datetime.fromisoformat(row[5]),
            causes=causes_from_text(row[6]),
        )
        for row in flags
    ]


def flag_changes(connection: sqlite3.Connection, held: AbstractSet[int]) -> FlagChanges:
    """How the flags in force differ from ``held``: one query of flag ids (no decision is
    read), then only the flags not held are read whole."""
    in_force = {row[0] for row in connection.execute(f"SELECT r.id {_FLAGS_IN_FORCE}")}
    gone = frozenset(held - in_force)
    missing = in_force - held
    new = tuple(needing_review(connection, only=missing)) if missing else ()
    return FlagChanges(gone, new)


def last_flag_id(connection: sqlite3.Connection) -> int:
    return int(connection.execute("SELECT coalesce(max(id), 0) FROM review_flags").fetchone()[0])


def latest_kinds(
    connection: sqlite3.Connection, decisions: Sequence[Decision]
) -> dict[Pairing, DecisionKind]:
    """The kind of the most recent entry about exactly each pairing that an entry naming
    one of the decisions' first invoices is about (the engine's too), for many decisions
    at once, in a few queries for them all (looked up one decision at a time, 20,000
    matches took 20,000 lookups).

    Only kinds and keys are read, not whole decisions; a damaged kind or time is the
    damaged file it is (``unreadable``), as ``load_decisions`` reading them whole says."""
    firsts = sorted({(d.invoice_keys[0].provider, d.invoice_keys[0].invoice_id) for d in decisions})
    named = (
        "SELECT i.decision_id FROM json_each(?) j JOIN decision_invoices i"
        " ON i.provider = json_extract(j.value, '$[0]')"
        " AND i.invoice_id = json_extract(j.value, '$[1]')"
    )
    found = _kinds_and_pairings(connection, named, (json.dumps(firsts),))
    return {pairing: kind for _, kind, pairing in found}  # oldest first: the latest wins


def _kinds_and_pairings(
    connection: sqlite3.Connection, id_query: str, parameters: Sequence[Any]
) -> list[tuple[int, DecisionKind, Pairing]]:
    """The id, kind and pairing of each decision whose id the subquery selects, oldest
    first, in three queries: only kinds and keys are read, not whole decisions (their
    users and notes), as the batch reads thousands. A damaged kind or time is the damaged
    file it is (``unreadable``), as ``load_decisions`` reading them whole says."""
    invoices: defaultdict[int, set[InvoiceKey]] = defaultdict(set)
    for entry_id, provider, invoice_id in connection.execute(
        f"SELECT decision_id, provider, invoice_id FROM decision_invoices"
        f" WHERE decision_id IN ({id_query})",
        parameters,
    ):
        invoices[entry_id].add(InvoiceKey(provider, invoice_id))
    lines: defaultdict[int, set[LineKey]] = defaultdict(set)
    for entry_id, source_file, row in connection.execute(
        f"SELECT decision_id, source_file, row FROM decision_lines"
        f" WHERE decision_id IN ({id_query})",
        parameters,
    ):
        lines[entry_id].add(LineKey(source_file, row))
    found = []
    for entry_id, kind, at in connection.execute(
        f"SELECT id, kind, at FROM decisions WHERE id IN ({id_query}) ORDER BY id", parameters
    ):
        try:
            decoded = _kind(kind)
            datetime.fromisoformat(at)
        except DECODE_ERRORS as error:
            raise unreadable(f"decision #{entry_id}", error) from None
        found.append(
            (entry_id, decoded, (frozenset(invoices[entry_id]), frozenset(lines[entry_id])))
        )
    return found


class Batch:
    """Records many decisions (one action's) inside the caller's transaction, with the
    same rules, entries and ids as ``record`` called for each in turn, in a few queries.

    Why: a bulk Accept, Undo or Redo of 20,000 matches asked the workspace a dozen
    queries per decision (the decisions in force it touches, its entry read back), tens of
    seconds with the window frozen. Here the decisions in force that any decision of the
    batch may touch are read once, up front (``standing_on``: a decision touches only one
    sharing an invoice or a line with it, and every invoice and line a batch names is
    asked), and each decision's effect is worked out against them in memory as
    ``decision_rules.replay`` does, kept up to date as the batch goes. The rows are
    written together by ``flush``; nothing is read from the tables they go to in between.

    ``keys_of`` are every decision the batch may record (an undo's inverses and
    put-backs are of the entries undone and the decisions they replaced): the decisions
    in force touching them are read. Recording one outside them is a bug, refused.
    ``clock`` stamps each decision left without a time, as ``record`` is given ``now``."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        clock: Callable[[], datetime],
        keys_of: Iterable[Decision],
    ) -> None:
        decisions = list(keys_of)
        self._connection = connection
        self._clock = clock
        self._lines = LineCheck(connection, decisions)
        # The engine's matches bind nobody: their effect reads nothing in force
        # (``effect_of``), so their keys ask for none (a run logs 20,000 of them).
        binding = [d for d in decisions if d.kind is not DecisionKind.ENGINE_MATCH]
        self._invoices = {key for d in binding for key in d.invoice_keys}
        self._line_keys = {key for d in binding for key in d.line_keys}
        self.standing: dict[int, Standing] = {}
        self._touching = Touching()
        for standing in standing_on(connection, self._invoices, self._line_keys):
            self.standing[standing.entry_id] = standing
            self._touching.add(standing)
        self._next_id = _next_decision_id(connection)
        self._user: str | None = None  # the operating-system user, asked once if needed
        # What ``flush`` writes, in the order ``record`` would have written it.
        self._decisions: list[tuple[int, str, str, str, str]] = []
        self._invoice_rows: list[tuple[int, int, str, str]] = []
        self._line_rows: list[tuple[int, int, str, int]] = []
        self._replaces: list[tuple[int, int]] = []
        self._left_force: list[int] = []
        self._put_backs: list[tuple[int, int, int, str]] = []
        self._carried: list[tuple[int, int]] = []
        # Entries this batch replaced, by the entry replacing each.
        self.replaced_by: dict[int, int] = {}

    def touching(self, decision: Decision) -> list[Standing]:
        """The decisions in force now (the batch's so far included) that share an invoice
        or a line with ``decision``: ``standing_touching`` without a query."""
        if not (
            self._invoices.issuperset(decision.invoice_keys)
            and self._line_keys.issuperset(decision.line_keys)
        ):
            raise ValueError(f"{describe(decision)} is not among the batch's decisions")
        found = self._touching.of(decision.pairing)
        return [self.standing[entry_id] for entry_id in sorted(found)]

    def record(self, decision: Decision) -> AuditEntry:
        """``record`` for one decision of the batch: the same checks, refusals and entry."""
        if decision.kind in STANDING_KINDS:
            self._lines.refuse_absent(decision)
        if not decision.user and self._user is None:
            self._user = current_user()
        decision = stamped(
            decision, self._clock() if decision.at is None else decision.at, self._user
        )
        engine = decision.kind is DecisionKind.ENGINE_MATCH
        effect = effect_of(decision, () if engine else self.touching(decision))
        if decision.kind is DecisionKind.UNMATCH and not effect.replaced:
            raise DecisionError(
                f"nothing is matched or rejected for {describe(decision)}, so there is "
                "nothing to unmatch"
            )
        entry_id = self._next_id
        self._next_id += 1
        self._write(entry_id, decision, effect)
        self._lines.recorded(decision)
        return AuditEntry(
            id=entry_id,
            decision=decision,
            replaces=effect.replaced,
            replaced_by=None,
            in_force=effect.in_force,
            put_back=None,
        )

    def _write(self, entry_id: int, decision: Decision, effect: Effect) -> None:
        assert decision.at is not None
        self._decisions.append(
            (entry_id, decision.kind.value, utc_text(decision.at), decision.user, decision.reason)
        )
        self._invoice_rows.extend(
            (entry_id, i, k.provider, k.invoice_id) for i, k in enumerate(decision.invoice_keys)
        )
        self._line_rows.extend(
            (entry_id, i, k.source_file, k.row) for i, k in enumerate(decision.line_keys)
        )
        for replaced in effect.replaced:
            self._replaces.append((entry_id, replaced))
            self.replaced_by[replaced] = entry_id
            self._touching.drop(self.standing.pop(replaced))
            self._left_force.append(replaced)
        if effect.in_force:
            self.standing[entry_id] = Standing(entry_id, decision.kind, decision.pairing)
            self._touching.add(self.standing[entry_id])

    def put_back(self, entry_id: int, put_back: PutBack) -> None:
        """``record_put_back`` and ``carry_flags`` from the entry it restores."""
        self._put_backs.append((entry_id, put_back.restores, put_back.undone, put_back.reason))
        self._carried.append((entry_id, put_back.restores))

    def flush(self) -> None:
        """Write what the batch recorded: the rows ``record``, ``record_put_back`` and
        ``carry_flags`` would have written one by one, and the same decisions in force."""
        connection = self._connection
        connection.executemany(
            "INSERT INTO decisions (id, kind, at, user, reason) VALUES (?, ?, ?, ?, ?)",
            self._decisions,
        )
        connection.executemany(
            "INSERT INTO decision_invoices (decision_id, position, provider, invoice_id)"
            " VALUES (?, ?, ?, ?)",
            self._invoice_rows,
        )
        connection.executemany(
            "INSERT INTO decision_lines (decision_id, position, source_file, row)"
            " VALUES (?, ?, ?, ?)",
            self._line_rows,
        )
        connection.executemany(
            "INSERT INTO decision_replaces (decision_id, replaced_id) VALUES (?, ?)",
            self._replaces,
        )
        connection.executemany(
            "DELETE FROM decisions_in_force WHERE decision_id = ?",
            [(entry_id,) for entry_id in self._left_force],
        )
        first = self._decisions[0][0] if self._decisions else self._next_id
        connection.executemany(
            "INSERT INTO decisions_in_force (decision_id) VALUES (?)",
            [(entry_id,) for entry_id in sorted(self.standing) if entry_id >= first],
        )
        connection.executemany(
            "INSERT INTO decision_restores (decision_id, restored_id, undone_id, reason)"
            " VALUES (?, ?, ?, ?)",
            self._put_backs,
        )
        connection.executemany(
            "INSERT INTO review_flags"
            " (decision_id, provider, invoice_id, reason, flagged_at, causes)"
            " SELECT ?, provider, invoice_id, reason, flagged_at, causes FROM review_flags"
            " WHERE decision_id = ? ORDER BY id",
            self._carried,
        )
        for rows in (
            self._decisions,
            self._invoice_rows,
            self._line_rows,
            self._replaces,
            self._left_force,
            self._put_backs,
            self._carried,
        ):
            rows.clear()


def _next_decision_id(connection: sqlite3.Connection) -> int:
    """The id SQLite gives the next decision (``AUTOINCREMENT``: past the highest it ever
    gave, kept in ``sqlite_sequence``, and past the highest held)."""
    row = connection.execute(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'decisions'), 0),"
        " coalesce((SELECT max(id) FROM decisions), 0))"
    ).fetchone()
    return int(row[0]) + 1


def standing_on(
    connection: sqlite3.Connection,
    invoices: AbstractSet[InvoiceKey],
    lines: AbstractSet[LineKey],
) -> list[Standing]:
    """The decisions in force that name one of these invoices or lines, in one read:
    the keys go into temporary tables joined to the decisions' keys (``standing_touching``
    for a whole batch). Call inside a transaction: the tables are dropped, or rolled back."""
    if not invoices and not lines:
        return []
    try:
        connection.execute(
            "CREATE TEMP TABLE batch_invoices (provider TEXT NOT NULL, invoice_id TEXT NOT NULL)"
        )
        connection.execute("CREATE TEMP TABLE batch_lines (source_file TEXT NOT NULL, row INTEGER)")
        connection.executemany(
            "INSERT INTO batch_invoices VALUES (?, ?)",
            [(key.provider, key.invoice_id) for key in invoices],
        )
        connection.executemany(
            "INSERT INTO batch_lines VALUES (?, ?)", [(key.source_file, key.row) for key in lines]
        )
        connection.execute("CREATE TEMP TABLE batch_standing (id INTEGER PRIMARY KEY)")
        connection.execute(
            "INSERT INTO batch_standing"
            " SELECT i.decision_id FROM batch_invoices b CROSS JOIN decision_invoices i"
            " ON i.provider = b.provider AND i.invoice_id = b.invoice_id"
            " JOIN decisions_in_force f ON f.decision_id = i.decision_id"
            " UNION SELECT l.decision_id FROM batch_lines b CROSS JOIN decision_lines l"
            " ON l.source_file = b.source_file AND l.row = b.row"
            " JOIN decisions_in_force f ON f.decision_id = l.decision_id"
        )
        return _standing(connection)
    finally:
        for table in ("batch_invoices", "batch_lines", "batch_standing"):
            connection.execute(f"DROP TABLE IF EXISTS temp.{table}")


def _standing(connection: sqlite3.Connection) -> list[Standing]:
    """The decisions ``batch_standing`` names as ``Standing``: only their kinds and
    keys are kept, not whole decisions (their users and notes); a damaged kind or time is
    the damaged file it is (``unreadable``), as a decision read whole says."""
    found = _kinds_and_pairings(connection, "SELECT id FROM batch_standing", ())
    return [Standing(entry_id, kind, pairing) for entry_id, kind, pairing in found]
