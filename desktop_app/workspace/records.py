"""What the workspace hands back: audit entries, review items and import/refresh outcomes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from desktop_app.domain import Decision, FetchPeriod, InvoiceKey, LineKey
from desktop_app.statements.same_statement import SameStatement


@dataclass(frozen=True, slots=True)
class PutBack:
    """Why an entry is in the log: an undo put an earlier decision back in force.

    ``restores`` is the entry it stands for (the accountant's decision, whose reason, the
    note typed with it, it carries as its own), ``undone`` the entry whose undo put it
    back, and ``reason`` the undo's own, if one was given. Kept beside the decision, not
    in its reason: the reason stays the accountant's note, which the Audit sheet's Reason
    and a removal's carry-over ("first decided by ...: note") quote."""

    restores: int
    undone: int
    reason: str = ""

    @property
    def said(self) -> str:
        """'#28 (undo of #29)': the Audit sheet's Restores and the audit view's status."""
        why = f": {self.reason}" if self.reason else ""
        return f"#{self.restores} (undo of #{self.undone}{why})"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One decision as recorded: the log entry the audit view and the Audit sheet show.

    ``decision`` carries the time (UTC) and the user it was recorded with. ``replaces`` are
    the entries this one took out of force (what it replaced); ``replaced_by`` is the later
    entry that took this one out of force, if any; ``in_force`` says whether it still binds
    the matcher (only accept, manual match and reject ever do). ``put_back`` says, for a
    decision an undo put back in force, which entry it restores and which undo did it.
    """

    id: int
    decision: Decision
    replaces: tuple[int, ...] = ()
    replaced_by: int | None = None
    in_force: bool = False
    put_back: PutBack | None = None


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo appended to the log (``entries``, oldest first), and which entries it
    put back in force (``restored``: the id of each entry the undone decisions had taken
    out of force, to the id of the entry that now stands in its place).

    The log only grows, so a decision put back is a new entry, not the old one in force
    again. Whoever holds the old id to undo it later (the window's undo history: undo a
    withdrawal, then the decision it withdrew) must undo the new one, or be refused for
    undoing an entry replaced since: ``restored`` says which."""

    entries: tuple[AuditEntry, ...] = ()
    restored: Mapping[int, int] = field(default_factory=dict)


class ReviewCause(StrEnum):
    """What happened at the provider to a decision's invoice that flagged it for review."""

    AMOUNT = "amount"  # its amount changed
    VOID = "void"  # it no longer expects a payment: void, written off, or a draft again
    MISSING = "missing"  # the provider no longer returns it

    @property
    def reason_start(self) -> str:
        """How the reason the workspace records for this cause begins (``invoice_store``
        writes it so). Files of format 5 and before kept no causes but in the reason: the
        format 6 upgrade reads them back from it by these, once."""
        return _REASON_STARTS[self]


_REASON_STARTS = {
    ReviewCause.AMOUNT: "amount changed",
    ReviewCause.VOID: "status changed",
    ReviewCause.MISSING: "no longer returned",
}
REASON_SEPARATOR = "; "  # between the causes of one flag: "amount changed ...; status ..."


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A decision in force whose invoice changed or disappeared since it was made.

    ``id`` is the flag's own number (a decision flagged twice has two); ``causes`` are
    read from the flag as it was stored, never parsed out of ``reason``."""

    id: int
    entry: AuditEntry
    invoice_key: InvoiceKey
    reason: str  # what changed, in words, for people
    flagged_at: datetime
    causes: tuple[ReviewCause, ...] = ()  # what changed, as stored with the flag


@dataclass(frozen=True, slots=True)
class FlagChanges:
    """How the flags in force differ from those a reader holds (``held``, by flag id):
    ``gone`` are the held ones whose decision left force (decided again, withdrawn),
    ``new`` those in force it does not hold (a fetch raised them, an undo brought them
    back). A flag never changes once raised, so its id is all a reader needs to keep."""

    gone: frozenset[int] = frozenset()
    new: tuple[ReviewItem, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.gone or self.new)


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    """What re-fetching one provider changed in the cache: ``needing_review`` are the
    decisions it flagged, ``missing`` the invoices it marked missing (``disappeared`` of
    them), which ``load_invoices`` no longer returns."""

    added: int
    changed: int
    unchanged: int
    disappeared: int
    needing_review: tuple[ReviewItem, ...] = ()
    missing: tuple[InvoiceKey, ...] = ()


@dataclass(frozen=True, slots=True)
class StatementRecord:
    """An imported statement file. ``line_count`` counts the lines it added; ``repeats``
    maps each of its lines not stored because an earlier file held the same movement to
    that stored line. ``currency`` is the one most of its lines are in; the balances are
    the ones the file states (None when it states none, or was imported before they were
    kept)."""

    id: int
    source_file: str
    sha256: str
    layout: Mapping[str, Any] = field(hash=False)
    imported_at: datetime
    account: str | None
    line_count: int
    currency: str | None = None
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None
    repeats: Mapping[LineKey, LineKey] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """The result of adding a statement.

    ``already_imported`` means this exact file (same content hash) was in the workspace and
    nothing was added; ``duplicates`` maps each skipped line of the new file to the line
    already in the workspace that is the same movement. ``same_lines_as`` is the statement
    held whose lines the new file's are, every one (``statements.same_statement``): the
    same statement exported again under another name, which added nothing.
    """

    statement: StatementRecord
    added: int
    skipped_duplicates: int
    already_imported: bool
    duplicates: Mapping[LineKey, LineKey] = field(default_factory=dict, hash=False)
    same_lines_as: StatementRecord | None = None

    def same_statement(self, source_file: str, lines: int) -> SameStatement | None:
        """``source_file`` (of ``lines`` lines) said as the statement held that it is
        under another name: the very file (``already_imported``), or its lines, every
        one (``same_lines_as``); None for a file held under its own name, or a new one.
        The window's note and ``reconcile``'s stderr both read it from here."""
        held = self.statement if self.already_imported else self.same_lines_as
        if held is None:
            return None
        return SameStatement.of(
            source_file, lines, held.source_file, self.already_imported, held.imported_at
        )


@dataclass(frozen=True, slots=True)
class PeriodChange:
    """A command-line run (``reconcile --workspace`` given ``--from``/``--to``, or a
    statement past the period) changed the period under review since the window last
    showed the workspace: the window says so when it next opens it, as its lists then
    show another period's invoices than the accountant left (``Workspace.save_fetch``'s
    ``by_command_line``).

    ``before`` is the period the window last showed (the first run's ``before`` where
    several ran since), ``after`` the one now held; ``by`` the user who ran the last of
    them, at ``at`` (UTC)."""

    before: FetchPeriod
    after: FetchPeriod
    by: str
    at: datetime

    def to_json(self) -> dict[str, Any]:
        """As the workspace's setting keeps it."""
        return {
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "by": self.by,
            "at": self.at.isoformat(),
        }

    @classmethod
    def from_json(cls, value: Any) -> PeriodChange | None:
        """A change as ``to_json`` wrote it; None for anything else (a setting written by
        hand), which is then no change to tell: the period held is shown all the same."""
        if not isinstance(value, dict):
            return None
        before = FetchPeriod.from_json(value.get("before"))
        after = FetchPeriod.from_json(value.get("after"))
        by, at = value.get("by"), value.get("at")
        if before is None or after is None or not isinstance(by, str) or not isinstance(at, str):
            return None
        try:
            moment = datetime.fromisoformat(at)
        except ValueError:
            return None
        return cls(before, after, by, moment)
