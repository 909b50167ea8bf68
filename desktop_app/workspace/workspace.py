"""The workspace: one SQLite file holding everything a reconciliation needs to survive.

Invoices as fetched (a cache the app can open offline), imported statements and their
lines, every decision with who made it, when and why (the audit trail), settings and
statement mapping profiles. There is no unsaved state: every call that changes something
commits before it returns, in one transaction, so a crash loses nothing that was done
and never leaves half of something. Calls made inside ``batch()`` commit together.

Typical use::

    with Workspace.open(path) as workspace:
        workspace.save_invoices("Elevate", invoices)
        outcome = workspace.add_statement(name, file_sha256(file), layout, lines)
        decisions = workspace.effective_decisions()   # what the matcher must respect
        ...
        workspace.record_engine_matches(reconciliation.matches)
        entry = workspace.record_decision(Decision(DecisionKind.ACCEPT, keys, lines))
        workspace.undo(entry.id)                      # appends, never deletes
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from desktop_app import gc_pause
from desktop_app.domain import (
    CancelToken,
    Decision,
    DecisionKind,
    FetchPeriod,
    Invoice,
    InvoiceKey,
    InvoiceProblem,
    LineKey,
    Match,
    MatchState,
    ProgressCallback,
    ProviderFetchRecord,
    StatementLine,
    no_progress,
)
from desktop_app.domain.provider_fetch import after_fetch, problems_after
from desktop_app.statements.covered import Stated
from desktop_app.statements.model import RowWarning
from desktop_app.workspace import (
    decision_log,
    fetch_store,
    invoice_store,
    statement_removal,
    statement_store,
)
from desktop_app.workspace.database import Database, initialise, open_database
from desktop_app.workspace.disk import creation_refusals, remove_partial
from desktop_app.workspace.errors import (
    Gone,
    WorkspaceError,
    WorkspaceExistsError,
)
from desktop_app.workspace.new_reading import Differing, differing_readings
from desktop_app.workspace.records import (
    AuditEntry,
    FlagChanges,
    ImportOutcome,
    PeriodChange,
    RefreshOutcome,
    ReviewItem,
    StatementRecord,
    Undone,
)
from desktop_app.workspace.schema import CURRENT_SCHEMA
from desktop_app.workspace.statement_removal import DecisionsOnStatement, RemovedStatement
from desktop_app.workspace.stores import ProfileStore, SettingsStore
from desktop_app.workspace.undo import undo_decision, undo_decisions

PathLike = str | os.PathLike[str]

# The setting keeping the period the invoices were last fetched for (``FetchPeriod``): the
# period under review, which the window's next fetch offers and its reopening shows. What
# each provider's invoices were fetched for is its record's (``fetch_records``).
FETCH_PERIOD_SETTING = "fetch_period"
# The setting keeping a change of that period by a command-line run, until the window
# next opens the workspace and says it (``PeriodChange``).
PERIOD_CHANGE_SETTING = "period_change"


def _now() -> datetime:
    return datetime.now(UTC)


class Workspace:
    """An open workspace file. Create with ``create``/``open``; close (or use ``with``)."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self.settings = SettingsStore(database)
        self.profiles = ProfileStore(database)
        # Counts the changes to the decisions in force made through this object
        # (``decisions_version``); bumped inside each change's transaction (``_deciding``).
        self._decisions_version = 0

    # -- lifetime ----------------------------------------------------------------------
    @classmethod
    def create(cls, path: PathLike) -> Self:
        """Create a new, empty workspace; refuses to replace an existing file.

        The file is built under a temporary name and renamed into place, so a crash while
        creating leaves no half-made workspace behind under the real name.
        """
        target = Path(path)
        if target.exists():
            raise WorkspaceExistsError(target)
        cls.check_folder(target)
        building = target.with_name(f".{target.name}.creating-{os.getpid()}")
        try:
            # Every step, the first removal too: a read-only disk refuses even removing a
            # file that is not there, and the message must name the workspace.
            with creation_refusals(target):
                building.unlink(missing_ok=True)
                connection = sqlite3.connect(building, isolation_level=None)
                try:
                    initialise(connection, CURRENT_SCHEMA)
                finally:
                    connection.close()
                if target.exists():
                    raise WorkspaceExistsError(target)
                os.replace(building, target)
        except BaseException:  # a full disk, a read-only folder: nothing half made is left
            remove_partial(building)
            raise
        return cls.open(target)

    @classmethod
    def open(cls, path: PathLike) -> Self:
        """Open an existing workspace, upgrading it if an earlier version wrote it.

        Raises WorkspaceNotFoundError, NotAWorkspaceError, WorkspaceCorruptError,
        WorkspaceVersionError or WorkspaceInUseError; a refused file is left untouched.
        """
        return cls(open_database(Path(path)))

    @staticmethod
    def check_folder(path: PathLike) -> None:
        """Refuse, as ``create`` does, a workspace to be made in a folder that does not
        exist. Its folder is never made: a folder missing is most often a typo in the
        path, which a new empty workspace in new folders would hide (and look like work
        lost). A caller that starts slow work before creating (the window) asks first."""
        target = Path(path)
        if not target.parent.is_dir():
            raise WorkspaceError(
                f"cannot create workspace {target}: the folder {target.parent} does not exist"
            )

    @classmethod
    def open_or_create(cls, path: PathLike) -> Self:
        return cls.open(path) if Path(path).exists() else cls.create(path)

    @property
    def path(self) -> Path:
        return self._database.path

    @property
    def closed(self) -> bool:
        return self._database.closed

    def close(self) -> None:
        """Release the file. Everything was already committed; closing only unlocks."""
        self._database.close()

    def gone(self) -> Gone | None:
        """Whether the file open is no longer at ``path`` (removed or moved away, or
        replaced by another file) and how; None while it is. Every change checks it
        first and is refused with ``WorkspaceGoneError`` (``Database.transaction``);
        asking it is one ``os.stat``, for a front end to say so before anything is tried."""
        return self._database.gone()

    def save_copy(self, target: PathLike) -> None:
        """Write everything this workspace holds to ``target`` and go on in the copy
        (``path`` is ``target`` afterwards): how the decisions of a workspace whose file
        is ``gone`` are kept. See ``Database.save_copy``."""
        self._database.save_copy(Path(target))

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<Workspace {str(self.path)!r} {state}>"

    @contextmanager
    def batch(self) -> Iterator[Self]:
        """Make every change inside the block one transaction: all of them or none.

        Each method otherwise commits on its own, so a job that changes several things (a
        run's invoices and statements) would leave the first changes behind when a later
        one is refused. A failure inside a method called in the block undoes only that
        call's changes if the caller handles it; an exception leaving the block undoes
        them all. Other threads wait until the block ends.
        """
        with self._database.transaction():
            yield self

    # -- invoices ----------------------------------------------------------------------
    def save_invoices(
        self,
        provider: str,
        invoices: Iterable[Invoice],
        *,
        complete: bool = True,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> RefreshOutcome:
        """Store one provider's fetch, replacing the cached copies of these invoices.

        ``complete`` says the fetch returned everything the provider has in the period it
        asked for (``date_from`` to ``date_to``, each None where unbounded): cached invoices
        dated in that period it no longer returns are then marked missing (kept, and their
        decisions flagged). Those of other dates keep their state: nobody asked about them.
        Pass False when the provider's answer left some out (invoices it could not give).
        """
        invoices = tuple(invoices)
        period = invoice_store.Period(date_from, date_to)
        with self._database.transaction() as connection:
            before = decision_log.last_flag_id(connection)
            counts = invoice_store.save(
                connection,
                provider,
                invoices,
                complete=complete,
                now=_now().isoformat(),
                period=period,
            )
            flagged = decision_log.needing_review(connection, since_flag=before)
        return RefreshOutcome(
            counts.added,
            counts.changed,
            counts.unchanged,
            counts.disappeared,
            tuple(flagged),
            tuple(InvoiceKey(provider, invoice_id) for invoice_id in counts.gone),
        )

    def save_fetch(
        self,
        invoices: Mapping[str, Sequence[Invoice]],
        problems: Iterable[InvoiceProblem] = (),
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        failed: Mapping[str, str] | None = None,
        cancelled: Iterable[str] = (),
        by_command_line: str | None = None,
    ) -> dict[str, RefreshOutcome]:
        """Store a fetch of ``date_from`` to ``date_to``: ``invoices`` by the provider that
        returned them, and the ``problems`` (invoices they returned that could not be used).
        ``failed`` gives each provider that could not be read its reason, ``cancelled``
        names those a Cancel stopped before they answered.

        The one rule the window and ``desktop-app reconcile`` share for what a fetch may
        mark missing: only invoices dated in the period, of a provider that answered in
        full. A provider that failed or was cancelled is not in ``invoices`` and keeps its
        cache as it was; one with problems did not give everything it has, so none of its
        invoices is marked missing (nor their decisions flagged) by this fetch.

        Each provider's record (``fetch_records``) says what was fetched of it: one that
        answered has its invoices of the period fetched (``provider_fetch.attempted``); one
        that failed or was cancelled keeps the period fetched before, and why this fetch
        brought nothing. The period is also kept as the one under review
        (``fetch_period``), whoever fetched and however it ended: the window's next *Fetch
        invoices* offers it, and the report states it, naming each provider whose invoices
        of it were not fetched.

        ``by_command_line`` names the user of a command-line run (``reconcile``): where
        its period is not the one held before, the change is kept for the window to say
        when it next opens the workspace (``period_change``), as its lists then show
        another period's invoices than the accountant left. The window's own fetches
        give none: the accountant chose the period there, and sees it.
        """
        problems = tuple(problems)  # read twice
        incomplete = {problem.provider for problem in problems}
        period = FetchPeriod(date_from, date_to)
        with self.batch():
            # Read for a command-line run's note alone: a window's fetch writes over a
            # period it could not read, as it always did.
            before = self.fetch_period() if by_command_line is not None else None
            outcomes = {
                provider: self.save_invoices(
                    provider,
                    fetched,
                    complete=provider not in incomplete,
                    date_from=date_from,
                    date_to=date_to,
                )
                for provider, fetched in invoices.items()
            }
            now = _now()
            with self._database.transaction() as connection:
                records = fetch_store.load(connection)
                ended = after_fetch(records, invoices, failed or {}, cancelled, period, now)
                for record in ended.values():
                    fetch_store.save(connection, record)
                kept = fetch_store.load_problems(connection)
                # ``invoices`` names every provider that answered (with none, if it had none)
                fetch_store.keep_problems(connection, problems_after(kept, invoices, problems))
            self.settings.set(FETCH_PERIOD_SETTING, period.to_json())
            if by_command_line is not None:
                self._note_period_change(before, period, by_command_line)
        return outcomes

    def _note_period_change(self, before: FetchPeriod | None, after: FetchPeriod, by: str) -> None:
        """Keep a command-line run's change of the period under review for the window
        (``period_change``). Several runs before the window opens the workspace again
        are one change, from the period it last showed; a run back to that period leaves
        nothing to tell. A workspace that held no period (a new one) had none shown."""
        noticed = self.period_change()
        shown = before if noticed is None else noticed.before
        if shown is None or shown == after:
            if noticed is not None:
                self.settings.delete(PERIOD_CHANGE_SETTING)
            return
        change = PeriodChange(shown, after, by, _now())
        self.settings.set(PERIOD_CHANGE_SETTING, change.to_json())

    def period_change(self) -> PeriodChange | None:
        """The change of the period under review that command-line runs made since the
        window last opened the workspace (``save_fetch``'s ``by_command_line``); None
        where there is none, or what is kept is no change (written by hand)."""
        return PeriodChange.from_json(self.settings.get(PERIOD_CHANGE_SETTING))

    def forget_period_change(self) -> None:
        """The window has said the change (``period_change``): it is not said again."""
        self.settings.delete(PERIOD_CHANGE_SETTING)

    def fetch_period(self) -> FetchPeriod | None:
        """The period the invoices were last fetched for (``save_fetch``), the one under
        review; None where none is kept (never fetched into), or where what is kept is no
        period (``FetchPeriod.from_json``). A value that cannot be read at all (changed
        outside the application) is a damaged file: WorkspaceCorruptError, naming the
        setting (``SettingsStore``). Which providers' invoices of it were fetched is each
        one's record's to say (``fetch_records``)."""
        return FetchPeriod.from_json(self.settings.get(FETCH_PERIOD_SETTING))

    def fetch_records(self) -> dict[str, ProviderFetchRecord]:
        """Each provider's fetch record by name (``save_fetch``): what its invoices were
        fetched for in full, and how its last fetch ended. A provider never fetched into
        this workspace has none."""
        with self._database.reading() as connection:
            return fetch_store.load(connection)

    def fetch_problems(self) -> tuple[InvoiceProblem, ...]:
        """The invoices each provider's last answer returned that could not be used
        (``save_fetch``'s ``problems``), kept until that provider answers again: what a
        report lists as left out of the reconciliation."""
        with self._database.reading() as connection:
            return fetch_store.load_problems(connection)

    def load_invoices(
        self, provider: str | None = None, *, include_missing: bool = False
    ) -> tuple[Invoice, ...]:
        """The cached invoices (of one provider, or all), as they were last fetched."""
        with self._database.reading() as connection:
            return invoice_store.load(connection, provider, include_missing)

    def invoices_named(self, keys: Collection[InvoiceKey]) -> tuple[Invoice, ...]:
        """The cached invoices of ``keys`` that are not marked missing (no longer returned
        by their provider): those an earlier, wider fetch brought in that the accountant's
        decisions name, for a run of a narrower period to honour them (``reconcile``'s
        ``held``). A key the cache holds no such invoice of is left out."""
        if not keys:
            return ()
        with self._database.reading() as connection:
            return invoice_store.load_named(connection, keys)

    def invoices_gone(self, keys: Collection[InvoiceKey]) -> tuple[Invoice, ...]:
        """The cached invoices of ``keys`` marked missing (their provider no longer returns
        them), as last fetched: those the accountant's decisions in force name, whose lines
        a run keeps for them to review (``reconcile``'s ``gone``). Any other key is left
        out."""
        if not keys:
            return ()
        with self._database.reading() as connection:
            return invoice_store.load_named(connection, keys, missing=True)

    def invoices_last_held(self, keys: Collection[InvoiceKey]) -> tuple[Invoice, ...]:
        """The cached invoices of ``keys`` as last fetched, whether their provider still
        returns them (``invoices_named``) or no longer does (``invoices_gone``): what
        names an invoice a decision names that the run or the window does not hold by
        the number the accountant decided by, in the Audit sheet, the window's flags and
        ``reconcile``'s warnings alike. A key the cache holds nothing of is left out."""
        return (*self.invoices_named(keys), *self.invoices_gone(keys))

    def last_fetched(self, provider: str) -> datetime | None:
        """When this provider's invoices were last saved (None if never): cache freshness."""
        with self._database.reading() as connection:
            return invoice_store.last_fetched(connection, provider)

    # -- statements --------------------------------------------------------------------
    def add_statement(
        self,
        source_file: str,
        sha256: str,
        layout: Mapping[str, Any],
        lines: Sequence[StatementLine],
        *,
        account: str | None = None,
        line_accounts: Mapping[int, str] | None = None,
        balances: tuple[Decimal | None, Decimal | None] = (None, None),
        progress: ProgressCallback = no_progress,
        cancel: CancelToken | None = None,
        currency: str | None = None,
        warnings: Sequence[RowWarning] | None = None,
    ) -> ImportOutcome:
        """Import a statement's lines, skipping movements the workspace already has.

        ``layout`` is the detected format/layout as JSON-shaped data; ``account`` (from
        OFX/CAMT/MT940 headers, when known) keeps equal movements of two accounts apart.
        ``line_accounts`` gives, by row, the account of each line of a file that holds
        several accounts' statements (``StatementImport.line_accounts``), so those lines
        are kept apart too. ``balances`` are the opening and closing balances the file
        states, kept for the report's balance bridge, in ``currency`` where the file
        states it (``StatementImport.currency``; else the one most lines are in).
        ``warnings`` are what the import said of its rows (``StatementImport.warnings``),
        kept for the report (``import_warnings``); None says they are not known. Raises
        StatementConflictError if another file of the same name was imported.

        ``progress`` hears how far the comparison with the stored lines and the save
        are (``statement_store.add``); a ``cancel`` before the commit raises
        ``OperationCancelledError`` and leaves the workspace as it was. The commit itself
        cannot be cancelled: the token is told (``begin_final_step``) before it begins.
        """
        # A large statement makes millions of small objects and no cycles: the collector,
        # left running, traversed them all again and again, and every thread (the window's
        # too) waited each time, up to half a second.
        with self._database.transaction() as connection, gc_pause.paused():
            outcome = statement_store.add(
                connection,
                source_file,
                sha256,
                layout,
                lines,
                account,
                _now().isoformat(),
                line_accounts,
                balances,
                progress,
                cancel,
                currency,
                warnings,
            )
            if cancel is not None and not outcome.already_imported:  # nothing to commit
                cancel.begin_final_step()
                count = len(lines)
                progress(count, count, "finishing the save (it can no longer be cancelled)")
        return outcome

    def held_as(
        self, source_file: str, sha256: str, remove_how: str = statement_store.WINDOW_REMOVAL
    ) -> StatementRecord | None:
        """The statement held of this very content (which ``add_statement`` of it adds
        nothing to), or None; ``StatementConflictError`` when another file of its name is
        held, as ``add_statement`` would refuse it, its advice naming ``remove_how`` as the
        way to remove a statement. Read only: asked before slow work."""
        with self._database.reading() as connection:
            return statement_store.held_as(connection, source_file, sha256, remove_how)

    def statements(self) -> tuple[StatementRecord, ...]:
        with self._database.reading() as connection:
            return tuple(statement_store.statements(connection))

    def statements_of(self, source_files: Collection[str]) -> tuple[StatementRecord, ...]:
        """The records of ``source_files`` alone (in import order, each with its repeats),
        as ``statements`` gives them: a caller holding the records needs again only those
        a change touched (a removal's stand-ins), not every statement's repeats, as many
        as their lines."""
        if not source_files:
            return ()
        marks = ", ".join("?" * len(source_files))
        with self._database.reading() as connection:
            where = f"WHERE s.source_file IN ({marks})"
            return tuple(statement_store.statements(connection, where, tuple(source_files)))

    def import_warnings(self) -> dict[str, tuple[RowWarning, ...] | None]:
        """What each statement's import said of its rows, by file name; None for one
        stored before they were kept (``kept_warnings``). For the report's Import Warnings
        sheet: read apart from ``statements``, whose records do not hold them (one file's
        may be 100,000), and off the window's thread, as the report is made."""
        with self._database.reading() as connection:
            return statement_store.import_warnings(connection)

    def stated_periods(self) -> dict[str, Stated]:
        """The period each statement states it covers, by file name (``statements.covered``;
        kept in its layout, so a statement stored before that states none)."""
        with self._database.reading() as connection:
            return statement_store.stated_periods(connection)

    def statement_files(self) -> tuple[str, ...]:
        """The imported statements' file names, in import order: a statement with no lines
        (a quiet month's) too, which no stored line names."""
        with self._database.reading() as connection:
            return statement_store.statement_files(connection)

    def remove_statement(self, source_file: str, user: str = "") -> RemovedStatement:
        """Take a statement and its lines out, withdrawing the decisions on them (audited).

        All or nothing, in one transaction; afterwards the same file can be imported again.
        A stored record it reads that was changed outside the application (a decision on
        the lines, a line standing in) is a damaged file, WorkspaceCorruptError naming
        it, and nothing is removed.
        """
        with self._deciding() as connection:
            return statement_removal.remove(connection, source_file, user, _now())

    def read_differently(
        self,
        record: StatementRecord,
        lines: Sequence[StatementLine],
        stored: Callable[[str], Sequence[StatementLine]] | None = None,
    ) -> Differing:
        """The lines of a file the workspace already holds (``record``) that read
        differently now (``new_reading``): each row against the line stored for it, or
        the earlier file's line its movement repeats. ``stored`` gives a file's stored
        lines (``load_lines`` when not given): a caller that needs them again passes one
        that keeps what it read, so a large statement is read once."""
        load = stored or self.load_lines
        held = {line.row: line for line in load(record.source_file)}
        # The files holding the movements it repeats (a file never repeats its own lines).
        elsewhere = {key.source_file for key in record.repeats.values()}
        others = {line.key: line for name in elsewhere for line in load(name)}
        for own, kept in record.repeats.items():
            if kept in others:
                held[own.row] = others[kept]
        return differing_readings(held, lines)

    def decisions_on_statement(self, source_file: str) -> DecisionsOnStatement:
        """The decisions in force on a statement's lines, which ``remove_statement`` would
        withdraw, and those of them it would carry over to another statement's copies of
        their movements, worked out by its own steps: read only, so the accountant can be
        told before removing it."""
        with self._database.reading() as connection:
            return statement_removal.decisions_on(connection, source_file)

    def load_lines(self, source_file: str | None = None) -> tuple[StatementLine, ...]:
        """Stored lines, in import order and then row order (of one file, or all); a line
        whose currency cell names no currency marked so (``unread_currency``), by its
        statement's stored layout, as the import marked it (``statement_store``)."""
        with self._database.reading() as connection:
            return statement_store.load_lines(connection, source_file)

    def load_movements(self) -> tuple[StatementLine, ...]:
        """Every stored line with only its movement (file, row, date, amount, currency),
        no texts: for checking the statements' balances, quickly (``statement_store``)."""
        with self._database.reading() as connection:
            return statement_store.load_movements(connection)

    # -- decisions ---------------------------------------------------------------------
    def record_decision(self, decision: Decision) -> AuditEntry:
        """Append one decision to the audit trail and commit it before returning.

        An empty ``user`` or ``at`` is filled with the operating-system user and the
        current time. Raises DecisionError for an UNMATCH of a pairing nothing is in
        force on (a bug in the caller, never silently recorded).
        """
        with self._deciding() as connection:
            return decision_log.record(connection, decision, _now())

    def record_decisions(self, decisions: Sequence[Decision]) -> tuple[AuditEntry, ...]:
        """Append several decisions (one action on many matches), in order, committed
        together before returning: all of them, or none (and the error is raised).

        One commit instead of one per decision: a durable commit costs a few
        milliseconds of waiting for the disk, half a minute for 8,000 decisions. And a
        few queries for all of them, not a dozen for each (``decision_log.Batch``, with
        the same rules and entries as ``record_decision`` one by one): a bulk Accept or
        Redo of 20,000 matches waits for this on the window's thread.
        """
        with self._deciding() as connection:
            batch = decision_log.Batch(connection, _now, decisions)
            entries = tuple(batch.record(decision) for decision in decisions)
            batch.flush()
            return entries

    def record_engine_matches(self, matches: Iterable[Match]) -> tuple[AuditEntry, ...]:
        """Log the engine's automatic matches (audit only; they bind nobody).

        Only AUTO matches are engine decisions. A pairing whose latest log entry is already
        an engine match is not logged again, so re-running the matcher does not flood the
        trail; after a user decision on it, the engine's next match is logged anew.

        The latest entry on every pairing is read at once (``decision_log.latest_kinds``)
        and the entries written together (``decision_log.Batch``): the same entries as one
        query and one write for each match, which a run of 20,000 matches waited for.
        """
        decisions = [
            Decision(
                DecisionKind.ENGINE_MATCH,
                match.invoice_keys,
                match.line_keys,
                reason=f"score {match.score:.2f}: {match.explanation}",
            )
            for match in matches
            if match.state is MatchState.AUTO
        ]
        if not decisions:
            return ()
        with self._database.transaction() as connection:
            latest = decision_log.latest_kinds(connection, decisions)
            logging = []
            for decision in decisions:
                pairing = decision.pairing
                if latest.get(pairing) is not DecisionKind.ENGINE_MATCH:
                    logging.append(decision)
                    latest[pairing] = DecisionKind.ENGINE_MATCH  # logged, for a repeat
            if not logging:
                return ()
            batch = decision_log.Batch(connection, _now, logging)
            entries = tuple(batch.record(decision) for decision in logging)
            batch.flush()
        return entries

    def undo(self, entry_id: int, *, reason: str = "") -> Undone:
        """Undo a user decision by appending its inverse; the log keeps both.

        An accept, manual match or reject is cleared by an UNMATCH of its pairing, and the
        decisions it replaced are put back in force; an unmatch is undone by restoring what
        it cleared. Redo is simply recording the original decision again. All entries of
        one undo are committed together. What was appended, and which new entry stands for
        each decision put back (``Undone.restored``): to undo that decision next, undo it.
        """
        with self._deciding() as connection:
            return undo_decision(connection, entry_id, reason, _now())

    def undo_all(self, entry_ids: Sequence[int], *, reason: str = "") -> Undone:
        """Undo several user decisions (one action's), in the order given, committed
        together: all of them, or none (and the error is raised). See ``undo``."""
        with self._deciding() as connection:
            return undo_decisions(connection, entry_ids, reason, _now())

    @contextmanager
    def _deciding(self) -> Iterator[sqlite3.Connection]:
        """A transaction changing the decisions in force: ``decisions_version`` changes
        with it, inside it, so a reader of both (``versioned_decisions``) never sees the
        one without the other. Every such change goes through here, none forgotten."""
        with self._database.transaction() as connection:
            yield connection
            self._decisions_version += 1

    def audit(
        self, *, invoice_key: InvoiceKey | None = None, line_key: LineKey | None = None
    ) -> tuple[AuditEntry, ...]:
        """The audit trail, oldest first: all of it, or the entries naming this invoice
        and/or this line (both given: entries naming both)."""
        id_query, parameters = decision_log.touching_sql(invoice_key, line_key)
        with self._database.reading() as connection:
            return tuple(decision_log.load_entries(connection, id_query, parameters))

    def effective_decisions(self) -> tuple[Decision, ...]:
        """What the matcher must respect, oldest first: the ACCEPT and MANUAL_MATCH
        pairings in force (no two share an invoice or a line) and the REJECTs in force."""
        return self.versioned_decisions()[1]

    def versioned_decisions(self) -> tuple[int, tuple[Decision, ...]]:
        """``effective_decisions`` with the ``decisions_version`` they are of, read
        together: no change to them can fall between the two."""
        with self._database.reading() as connection:
            version = self._decisions_version
            decisions = decision_log.load_decisions(
                connection, "SELECT decision_id FROM decisions_in_force"
            )
        return version, tuple(decisions.values())

    @property
    def decisions_version(self) -> int:
        """A number that changes with each change made through this object to the
        decisions in force: a decision recorded or undone, a statement removed with its
        decisions (a change that fails may change it too; the engine's own matches,
        which bind nobody, do not).

        Why: the window's export reads the decisions on its worker, where 20,000 of them
        take a tenth of a second or more, and then asks, on its GUI thread, whether
        decisions were made since it read them. This answers without a query, so without
        waiting for a worker's long read of the workspace to end."""
        return self._decisions_version

    def decisions_needing_review(self) -> tuple[ReviewItem, ...]:
        """Decisions in force whose invoice changed amount, became void or disappeared
        since they were made. Recording a new decision on the pairing clears the item;
        undoing that decision puts the flagged one back in force, flagged again."""
        with self._database.reading() as connection:
            return tuple(decision_log.needing_review(connection))

    def review_flag_changes(self, held: AbstractSet[int]) -> FlagChanges:
        """How the flags of ``decisions_needing_review`` differ from those a reader holds
        (``held``, by ``ReviewItem.id``): the window asks after every review step, on its
        GUI thread, so only the flags it does not hold are read whole."""
        with self._database.reading() as connection:
            return decision_log.flag_changes(connection, held)
