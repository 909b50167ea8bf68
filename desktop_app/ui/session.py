"""What the window is working on: invoices, statement lines, the latest run, the review.

One object owns this state and says what changed (signals), so each screen updates its
own models; screens never reach into each other. Every review action goes through the
``QUndoStack`` and is recorded as a ``Decision`` the moment it is made.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Protocol, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop_app import gc_pause
from desktop_app.domain import (
    STATE_RANK,
    Decision,
    DecisionKind,
    FetchPeriod,
    Invoice,
    InvoiceKey,
    LineKey,
    Match,
    MatchState,
    Reconciliation,
    StatementLine,
)
from desktop_app.statements.covered import NOT_STATED, Stated, statements_range
from desktop_app.ui import hand_match, review, review_flags, save_refusals
from desktop_app.ui.landing import RunLanding
from desktop_app.ui.review import MatchIndex, MatchKey, ReviewChange, ReviewUpdate, RunRows
from desktop_app.ui.review_flags import ReviewFlags
from desktop_app.ui.services import ReviewFlag, ReviewFlagChanges, ServiceError
from desktop_app.ui.since_run import SinceRun, SinceRunLog
from desktop_app.ui.summaries import DiscrepancyList, OverviewFigures
from desktop_app.ui.tasks import TaskFailure
from desktop_app.ui.worked_out import Compute, WorkedOut, compute_here
from desktop_app.wording import and_list, plural

Recorder = Callable[[Decision], int]  # records, returns the audit entry id
# Undoes that entry (appending to the trail): for each decision the undo put back in
# force, the new entry standing for it (``AppServices.undo_decision``).
Undoer = Callable[[int], Mapping[int, int] | None]
# How the flags for review the workspace holds differ from those held (by id).
FlagReader = Callable[[AbstractSet[int]], ReviewFlagChanges]
# The same for several decisions (one action on many matches), committed together: all
# or none, raising. One commit, not one per decision, each waiting for the disk.
BulkRecorder = Callable[[Sequence[Decision]], Sequence[int]]
BulkUndoer = Callable[[Sequence[int]], Mapping[int, int] | None]
# Lets go of what the list holds, emptying it: off the GUI thread in the window
# (``TaskRunner.release``).
Releaser = Callable[[list[object]], object]

_T = TypeVar("_T")
_R = TypeVar("_R")
_W = TypeVar("_W")


class BackgroundSave(Protocol):
    """Runs one step's save off the GUI thread (the window's ``TaskRunner``): ``work``
    on a worker, then, on the GUI thread, ``landed`` with what it returned, or ``failed``
    with why it failed (a bug: the work hands the workspace's refusals back as results).
    ``count`` decisions are saved (or undone), as the window says while it works ("Saving
    20,089 decisions"); it waits for the save on closing, never stopping it half-way."""

    def __call__(
        self,
        count: int,
        work: Callable[[], _W],
        landed: Callable[[_W], None],
        failed: Callable[[TaskFailure], None],
    ) -> None: ...


# An undo's results: each entry's refusal or None, and what stands for each put back.
_Undid = tuple[list[Exception | None], dict[int, int]]


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return ""


def utc_now() -> datetime:
    return datetime.now(UTC)


def _drop_here(held: list[object]) -> None:
    held.clear()


class ReviewSession(QObject):
    invoices_changed = Signal()  # the invoice list was replaced or extended
    lines_changed = Signal()  # statement lines were added
    reconciliation_changed = Signal()  # a new matching run: every view of matches resets
    # A step was applied, undone or redone: a ReviewUpdate, once per step however many
    # matches it touched (a bulk accept of 8,000 matches is one).
    review_changed = Signal(object)
    # A decision could not be saved: why, and what to do about it (``_what_to_do``).
    record_failed = Signal(str, str)
    review_flags_changed = Signal(object)  # set[MatchKey]: pairings whose flags changed
    matching_changed = Signal()  # a matching run started, or none runs any more
    told = Signal(str)  # a short note for the status bar: rows a step left as they were
    # The Overview's figures, worked out off the GUI thread after a change, are in
    # (``overview_figures``).
    overview_changed = Signal()
    # A step's save started in the background (True), or it landed or failed (False).
    saving_changed = Signal(bool)

    def __init__(
        self,
        record: Recorder,
        undo: Undoer,
        user: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        parent: QObject | None = None,
        review_flags: FlagReader | None = None,
        *,
        record_all: BulkRecorder | None = None,
        undo_all: BulkUndoer | None = None,
        release: Releaser = _drop_here,
        work_out: Compute = compute_here,
        save_in_background: BackgroundSave | None = None,
    ) -> None:
        super().__init__(parent)
        # Where a step of several decisions is saved, its undo and redo too: off the GUI
        # thread in the window; here, in place, without one (``_save_apart``).
        self._background = save_in_background
        # The step whose save runs in the background ("Accept 20089 matches"; "" when
        # none): while it does, no other step is taken (``refuse_while_saving``).
        self._saving = ""
        # Runs shown so far: a save landing after another run was shown has no rows to
        # show its step on (``_save_apart``).
        self._runs_shown = 0
        self._record = record
        self._undo = undo
        self._read_flags = review_flags
        # Decisions in force whose invoice changed since they were made (review_flags.py).
        self.review_flags = ReviewFlags()
        self._record_all = record_all
        self._undo_all = undo_all
        # Where a replaced run goes to be freed; the Reconcile table's old rows go too.
        self.release = release
        self.user = current_user() if user is None else user
        self._clock = clock
        self._invoices: dict[InvoiceKey, Invoice] = {}
        # The period the invoices held were fetched for (the one under review, which the
        # next fetch offers and the report states); None until one is known.
        self.fetch_period: FetchPeriod | None = None
        self._lines: dict[LineKey, StatementLine] = {}
        # Numbers each change of the invoices or lines held (``held_version``).
        self._held = 0
        # Imported files, those without lines too, each with the period it states it covers.
        self._statements: dict[str, Stated] = {}
        # ``covered()`` as worked out for the statements held now; None until asked again
        # after they change (a walk of every line, asked at each run shown and export).
        self._covered: tuple[tuple[date, date] | None] | None = None
        self.reconciliation: Reconciliation | None = None
        self._matching = False  # whether a matching run is under way (``set_matching``)
        self.matches: list[Match] = []
        self.index = MatchIndex()
        self._run: dict[MatchKey, Match] = {}  # the run shown's own matches by pairing
        self._suggested = MatchIndex()  # the run shown's suggestions (``rivals_back``)
        # The run's rows by pairing as its worker made them, while the screens take the
        # run (``reconciliation_changed``), for the Reconcile table to take.
        self._keyed: dict[MatchKey, Match] | None = None
        # The rest of the screens of the run landing, made on its worker (``RunLanding``),
        # while the screens take it; and whether it is of the invoices and lines held.
        self._landing: RunLanding | None = None
        self._landing_held = False
        # The Overview's tiles and chart of the review as it stands: worked out off the
        # GUI thread (``work_out``) when asked for after a change, or made by a run's
        # worker as it lands.
        self._overview: WorkedOut[OverviewFigures] = WorkedOut(
            "Working out the Overview's figures", work_out, self.overview_changed.emit
        )
        self._since = SinceRunLog()  # what changed after the run shown
        self.undo_stack = QUndoStack(self)
        # Where the stack stood after its last step that saved, and whether the step under
        # way failed to save: see _keep_stack_truthful.
        self._saved_index = 0
        self._step_unsaved = False
        self._restoring = False
        self._pending: list[ReviewChange] | None = None  # the changes of the step under way
        # Whether the workspace opened held decisions of the accountant's, made in an
        # earlier sitting: the undo history has none of their steps (``undo_note``).
        self._decided_before = False
        # Whether a matching run of this sitting cleared steps from the undo history
        # (``_show_run``): Undo then says so rather than blame an earlier sitting.
        self._run_cleared_steps = False
        self.undo_stack.indexChanged.connect(self._keep_stack_truthful)

    # -- data -------------------------------------------------------------------------
    @property
    def invoices(self) -> list[Invoice]:
        return list(self._invoices.values())

    @property
    def has_invoices(self) -> bool:
        """Whether any invoice is held, without copying them (asked on every count
        update of a screen before matching has run: ``next_step``)."""
        return bool(self._invoices)

    @property
    def has_statements(self) -> bool:
        """Whether any statement is imported (``statements`` is not empty), without
        going over the lines."""
        return bool(self._lines) or bool(self._statements)

    @property
    def held_version(self) -> int:
        """The invoices and lines held, numbered: each change of either (every
        ``invoices_changed`` and ``lines_changed``) is a new number. What a worker
        worked out from them (``RunRows.landed``) notes the number it read them at, and
        is shown only while the session still holds them as read."""
        return self._held

    @property
    def matching(self) -> bool:
        """Whether a matching run is under way, its result not yet shown: the screens
        say so, not that matching has not run (``next_step``)."""
        return self._matching

    def set_matching(self, running: bool) -> None:
        """A matching run started (True), or none runs any more (False): finished,
        cancelled or failed. Told by whatever starts the runs (``Workflows``)."""
        if running != self._matching:
            self._matching = running
            self.matching_changed.emit()

    @property
    def lines(self) -> list[StatementLine]:
        return list(self._lines.values())

    def lines_by_key(self) -> dict[LineKey, StatementLine]:
        """The lines by key, a copy to keep: a view's model takes them without building
        or hashing a key for each line again (``DomainTableModel.set_keyed``)."""
        return self._lines.copy()

    def invoice(self, key: InvoiceKey) -> Invoice | None:
        return self._invoices.get(key)

    def set_invoices(
        self,
        invoices: Iterable[Invoice],
        missing: Iterable[InvoiceKey] = (),
        period: FetchPeriod | None = None,
    ) -> int:
        """A fetch: invoices with a known key are updated, new ones added, and those the
        workspace marked ``missing`` (their provider no longer returns them) dropped, as
        reopening the workspace would not load them; the others stay. A fetch of a
        ``period`` makes it the one under review (``fetch_period``): invoices held from
        an earlier, wider fetch that it does not hold are dropped too (the workspace keeps
        them), as reopening shows; those dated in it stay, a failed provider's too. Those new,
        changed or dropped are not in the run shown as it is now (``since_run``). Returns
        how many were dropped as outside the period."""
        invoices = list(invoices)
        dropped = [key for key in missing if self._invoices.pop(key, None) is not None]
        outside: list[InvoiceKey] = []
        if period is not None:
            self.fetch_period = period
            fetched = {invoice.key for invoice in invoices}
            outside = [
                key
                for key, held in self._invoices.items()
                if key not in fetched and not period.holds(held)
            ]
            for key in outside:
                del self._invoices[key]
        changed = [i for i in invoices if self._invoices.get(i.key) != i]
        self._since.invoices([*dropped, *outside, *(invoice.key for invoice in changed)])
        for invoice in changed:
            self._invoices[invoice.key] = invoice
        self._held += 1
        self._overview.stale()
        self.invoices_changed.emit()
        return len(outside)

    @property
    def statements(self) -> list[str]:
        """The imported statements' file names, sorted: those whose lines are shown, and
        those with none to show (a quiet month's, or one whose every line another file
        holds), which can be taken out all the same."""
        named = {line.source_file for line in self._lines.values()}
        return sorted(named.union(self._statements))

    def covered(self) -> tuple[date, date] | None:
        """The dates the statements held cover (``statements.covered``): the period
        *Fetch invoices* offers for them, as ``reconcile`` fetches by default. Worked out
        once per change of the statements: it walks every line (50 ms at 200,000), and the
        GUI thread asks it at every run shown, export and fetch."""
        if self._covered is None:
            self._covered = (statements_range(self._lines.values(), self._statements),)
        return self._covered[0]

    def add_lines(
        self,
        lines: Iterable[StatementLine] | Mapping[LineKey, StatementLine],
        statement: str,
        stated: Stated = NOT_STATED,
    ) -> None:
        """Lines imported from the file ``statement`` (its lines may be none: it is still
        listed, and can be taken out), which states it covers ``stated``.

        An import hands them over keyed (``{line.key: line}``, built on its worker): then
        no key is built or hashed here, on the GUI thread, where 200,000 of them froze the
        window for a second. The merge reuses the hashes the keyed lines carry."""
        keyed = _by_key(lines)
        merged = dict(self._lines)
        merged.update(keyed)
        if len(merged) < len(self._lines) + len(keyed):  # some held already: changed ones count
            new = any(self._lines.get(key) != line for key, line in keyed.items())
        else:
            new = bool(keyed)
        self._lines = merged
        self._held += 1
        self._statements[statement] = stated
        self._covered = None
        if new:
            self._since.statement(statement, "imported")
        self.lines_changed.emit()

    def remove_statement(self, source_file: str, stand_ins: Iterable[StatementLine] = ()) -> None:
        """A statement was taken out: its lines go, and ``stand_ins`` (other statements'
        copies of its movements) come in their place, in one change; the next matching run
        drops its matches."""
        self._statements.pop(source_file, None)
        self._covered = None
        before = len(self._lines)
        self._lines = {k: line for k, line in self._lines.items() if k.source_file != source_file}
        for line in stand_ins:
            self._lines[line.key] = line
        self._held += 1
        if stand_ins or len(self._lines) != before:
            self._since.statement(source_file, "removed")
        self.lines_changed.emit()

    @property
    def inputs_step(self) -> int:
        """The invoices and lines as they stand, numbered: a run started now notes it, and
        hands it back with its result (``set_reconciliation``'s ``made_at``)."""
        return self._since.step

    @property
    def decisions_since_run(self) -> int:
        """Decisions made (and undone, and redone) since the run shown."""
        return self._since.decisions

    def load(
        self,
        invoices: Sequence[Invoice],
        lines: Iterable[StatementLine] | Mapping[LineKey, StatementLine],
        reconciliation: Reconciliation | None,
        statements: Iterable[str] = (),
        decisions: Iterable[Decision] = (),
        flags: Iterable[ReviewFlag] = (),
        fetch_period: FetchPeriod | None = None,
        stated: Mapping[str, Stated] | None = None,
    ) -> None:
        """A workspace was opened: everything is replaced. ``statements`` names its
        statement files, those with no lines too, and ``stated`` the period each states it
        covers, where it states one; ``decisions`` are those it holds, and
        ``flags`` those of them flagged for review; ``fetch_period`` the period its
        ``invoices`` were fetched for, if it keeps one.

        The window hands its ``lines`` over keyed, built on the open's worker as an
        import's are (``add_lines``): keying 200,000 here froze the window for a second.
        The session keeps a copy, which reuses the hashes the keys carry."""
        decisions = list(decisions)
        self._decided_before = any(d.kind is not DecisionKind.ENGINE_MATCH for d in decisions)
        # The steps of the workspace closed are not this one's to say a run cleared.
        self.undo_stack.clear()
        self._run_cleared_steps = False
        self._invoices = {invoice.key: invoice for invoice in invoices}
        self.fetch_period = fetch_period
        self._lines = dict(_by_key(lines))
        periods = stated or {}
        self._statements = {name: periods.get(name, NOT_STATED) for name in statements}
        self._covered = None
        self._held += 1
        self._overview.stale()
        self.invoices_changed.emit()
        self.lines_changed.emit()
        self.set_review_flags(flags)
        self.set_reconciliation(reconciliation, decisions)

    def undo_note(self) -> str:
        """What Undo says beyond its own text ('' for nothing): with nothing to undo, why
        the steps taken are not there, and where a decision is withdrawn instead. After a
        matching run of this sitting cleared steps, that the steps before it cannot be
        undone (``BEFORE_THE_RUN``); else, in a workspace opened with decisions in it,
        that an earlier sitting's cannot (``EARLIER_SITTING``)."""
        if self.undo_stack.canUndo():
            return ""
        if self._run_cleared_steps:
            return review.BEFORE_THE_RUN
        return review.EARLIER_SITTING if self._decided_before else ""

    # -- decisions whose invoice changed since ------------------------------------------
    def set_review_flags(self, flags: Iterable[ReviewFlag]) -> None:
        """The decisions flagged for review are now ``flags``; the rows whose flags
        changed are said (``review_flags_changed``)."""
        before, self.review_flags = self.review_flags, ReviewFlags(flags)
        changed = self.review_flags.changed_from(before)
        if changed:
            self.review_flags_changed.emit(changed)

    def refresh_review_flags(self) -> None:
        """Ask the workspace what changed in the flags: a fetch may have raised some, and
        a decision (or an undo) may have cleared or restored some. The workspace is the
        one rule for which decision a flag still stands on, so it is asked, not imitated;
        it answers with the flags that left force and those not held, so a step (this
        runs after each, on the GUI thread) costs what it changed, not every flag."""
        if self._read_flags is None:
            return
        changes = self._read_flags(self.review_flags.ids())
        if not changes:
            return
        self.review_flags, changed = self.review_flags.updated(changes)
        if changed:
            self.review_flags_changed.emit(changed)

    def review_note(self, match: Match) -> str | None:
        """Why a row needs review (its tooltip), or None when it does not."""
        flags = self.review_flags.on(match)
        return review_flags.row_note(match, flags) if flags else None

    def is_flagged(self, match: Match) -> bool:
        return bool(self.review_flags.on(match))

    def needs_review(self, match: Match) -> bool:
        return review_flags.needs_review(match, self.review_flags)

    def set_reconciliation(
        self,
        reconciliation: Reconciliation | RunRows | None,
        decisions: Iterable[Decision] = (),
        made_at: int | None = None,
    ) -> None:
        """A matching run finished: its matches replace the old ones; undo history restarts
        because its commands refer to matches that no longer exist.

        ``made_at`` is the ``inputs_step`` the run read the invoices and lines at: what
        was imported, removed or fetched after it is still not in the run, and still said
        (``since_run``). None: the run is of the invoices and lines as they stand.

        ``decisions`` are those the run was made with. The engine leaves the pairings they
        reject out of its matches, so those rejections are listed after them as REJECTED
        rows (they never count as matched): the accountant still sees who rejected what,
        and can withdraw it (Unmatch) once the undo history is gone.

        A run from a worker comes as its ``RunRows``: those rows made there (with the
        same ``decisions``), their pairings and index. Nothing is then built here, on
        the GUI thread, where 100,000 rows took seconds.
        """
        run = None if reconciliation is None else _rows_of(reconciliation, decisions)
        self._show_run(run, made_at, keep_history=False)

    def adopt_run(
        self,
        reconciliation: Reconciliation | RunRows,
        decisions: Iterable[Decision],
        made_at: int,
    ) -> bool:
        """Show a run made with every decision in force (the export's), keeping the undo
        history, when it pairs what the screen shows in the states it shows them: only
        decisions changed since the last run, and the engine paired nothing anew with
        what they left open. Its rows take the places of those shown, in the history too
        (an accepted row's explanation is the run's: "accepted; ..."), and undo goes on
        working as before. False, with nothing changed, when it does not: the run must
        then be shown with ``set_reconciliation``, which clears the history.

        Why a run at all: the workbook is the engine's, and a decision changes more than
        its own row there (a rejection's invoice becomes unpaid and its line unmatched,
        or the engine pairs them with others; an accepted row's explanation says so).

        The export hands its run over as ``RunRows``, made on its worker with the same
        ``decisions``; the rows shown are compared by the pairings their index keeps, so
        no pairing is built here."""
        fresh = _rows_of(reconciliation, decisions)
        swap = _same_rows(self.matches, self.index, fresh)
        if swap is None:
            return False
        for command in self._review_commands():
            command.swap(swap)
        self._show_run(fresh, made_at, keep_history=True)
        return True

    def _show_run(self, run: RunRows | None, made_at: int | None, *, keep_history: bool) -> None:
        """Show a run's rows (none: no run), made at ``made_at`` (``set_reconciliation``);
        the undo history restarts unless kept (``adopt_run``: its steps refer to these
        rows already).

        The run replaced is held until every screen has let go of it, then handed to
        ``release`` (a worker, in the window): freeing 100,000 matches and their index
        took the GUI thread a tenth of a second."""
        replaced: list[object] = [
            self.reconciliation, self.matches, self.index, self._run, self._suggested
        ]  # fmt: skip
        landing = None if run is None else run.landing
        if run is None:
            self.reconciliation, self.matches, self.index, self._run = None, [], MatchIndex(), {}
            self._suggested = MatchIndex()
        else:
            self.reconciliation, self.matches = run.reconciliation, run.rows
            self.index, self._run, self._suggested = run.index, run.proposals, run.suggested
            self._keyed = run.by_pairing  # for the Reconcile table, as the screens reset
        # What its worker made of the invoices and lines is shown only while they are
        # held as it read them (a statement imported as it ran is not in it); the
        # discrepancies are the run's own, shown whatever came since.
        self._landing = landing
        self._landing_held = landing is not None and landing.held == self._held
        if landing is not None and self._landing_held:
            self._overview.put(landing.overview)
        else:
            self._overview.stale()
        self._since.run_shown(made_at)
        self._runs_shown += 1
        if not keep_history:
            self._run_cleared_steps |= self.undo_stack.count() > 0
            self.undo_stack.clear()
        try:
            self.reconciliation_changed.emit()
        finally:
            self._landing = None  # taken by the screens; the steps to come change them
        replaced.append(self._keyed)  # not taken: the steps to come would leave it stale
        self._keyed = None
        self.release(replaced)

    def matches_by_pairing(self) -> dict[MatchKey, Match]:
        """The rows shown by their pairing, for a table to keep as its own: how the
        Reconcile table is keyed without working 100,000 of them out again. Asked
        first as a run lands (``reconciliation_changed``), the dict its worker made
        (``RunRows.by_pairing``), handed over: the GUI thread does not go over the rows.
        Asked again, or later, read off the index (which keeps each row's pairing)."""
        keyed, self._keyed = self._keyed, None
        if keyed is not None:
            return keyed
        return dict(zip(self.index.pairings(self.matches), self.matches, strict=True))

    def offered_invoices(self) -> Sequence[Invoice] | None:
        """The Unmatched invoices panel's rows as the run shown lands, in the order held,
        made on its worker (``RunLanding``); None when there are none so made, or they
        are of invoices no longer held as they are (the panel then works them out)."""
        landing = self._landing
        return landing.offered_invoices if landing is not None and self._landing_held else None

    def open_lines(self) -> Sequence[StatementLine] | None:
        """The Unmatched lines panel's rows as the run shown lands, as
        ``offered_invoices``: 200,000 lines asked one by one held the window."""
        landing = self._landing
        return landing.open_lines if landing is not None and self._landing_held else None

    def discrepancy_list(self) -> DiscrepancyList:
        """The run shown's discrepancies as the Discrepancies screen lists them: as its
        worker made them while it lands, else worked out here (a run given without them)."""
        if self._landing is not None:
            return self._landing.discrepancies
        run = self.reconciliation
        return DiscrepancyList.of(run.discrepancies if run is not None else ())

    def overview_figures(self) -> OverviewFigures | None:
        """The Overview's tiles and chart of the review as it stands; None while they are
        worked out off the GUI thread, after a change (``overview_changed`` says when
        they are in). A run's worker makes them as it lands."""
        return self._overview.get(self._overview_work)

    def _overview_work(self) -> Callable[[], OverviewFigures]:
        """What the figures are made of, read now, and the work to do off it: the run,
        the rows shown (a list replaced at each step, never changed in place) and the
        invoices held. The collector is paused over it, as over a run's worker: a full
        collection of a big month's objects holds the interpreter lock for a second,
        which the window waits for (``gc_pause``)."""
        run, matches, invoices = self.reconciliation, self.matches, tuple(self._invoices.values())

        def work() -> OverviewFigures:
            with gc_pause.paused():
                return OverviewFigures.of(run, invoices, matches)

        return work

    def invoice_state(self, key: InvoiceKey) -> MatchState | None:
        return self.index.invoice_state(key)

    def line_state(self, key: LineKey) -> MatchState | None:
        return self.index.line_state(key)

    def line_states(self) -> Callable[[LineKey], MatchState | None]:
        """Each line's state as ``line_state`` gives it now, to be read on a worker
        while the review goes on: made of the rows shown (a list replaced at each step,
        never changed in place, where the index is changed in place), worked out the
        first time it is asked (on the worker), not here: 200,000 lines asked one by one
        held the window."""
        matches = self.matches
        states: dict[LineKey, MatchState] | None = None

        def state_of(key: LineKey) -> MatchState | None:
            nonlocal states
            if states is None:
                states = _strongest_by_line(matches)
            return states.get(key)

        return state_of

    def since_run(self) -> SinceRun:
        """What changed since the run shown was made (nothing without a run)."""
        return SinceRun() if self.reconciliation is None else self._since.since_run()

    def is_stale(self) -> bool:
        """Whether the run (and its discrepancies) may no longer reflect the review: a
        decision, a statement imported or removed, or invoices fetched since it was made."""
        return bool(self.since_run())

    # -- review actions (each undoable) ---------------------------------------------------
    # Each action takes the accountant's ``note`` (why: "paid by the parent company"),
    # kept with each of its decisions in the audit trail (``Decision.reason``).
    def accept(
        self,
        matches: Sequence[Match],
        note: str = "",
        confirm: Callable[[str], bool] | None = None,
    ) -> bool:
        """Accept the rows; a flagged one already confirmed is confirmed again, and in a
        selection of several one already confirmed is left as it is
        (``review_flags.still_to_do``). Whether anything was recorded (as ``_push_all``).

        An accept whose pairing contains a rejection in force other than the row itself
        (``ReviewChange.overturns``: the rest of a part, say, where the part and the rest
        together are a pairing the accountant rejected) asks ``confirm`` first, saying
        which rejection (``review.overturn_question``): False records nothing. The
        decision's reason names the rejection either way (``review.over_rejections``)."""
        flags, index, user = self.review_flags, self.index, self.user
        acting, left = review_flags.still_to_do(matches, flags, review.CONFIRMED)
        shared = review.overlapping(acting)
        if shared:  # two decisions on one payment: the matcher would keep only one
            raise review.ReviewError(
                f"accept one of them: {shared}", "Cannot accept these together"
            )
        if self._apart(len(acting)):
            return self._accept_apart(acting, note, confirm, left)
        changes = [review_flags.accept(m, flags.on(m), user, self._clock(), index) for m in acting]
        question = review.overturn_question(changes)
        if question and confirm is not None and not confirm(question):
            return False
        left_as_is = review.others(left, "already confirmed") if left else ""
        return self._push_all(review.removed_once(changes), "Accept", note, left_as_is)

    def _accept_apart(
        self,
        acting: list[Match],
        note: str,
        confirm: Callable[[str], bool] | None,
        left: int,
    ) -> bool:
        """``accept`` of a step saved in the background (``_save_apart``): the same
        changes, refusals and question, the rows that stand alone made on the worker.

        Each row's change is its accepted row, decision and words, built one by one (a
        fifth of a second for 4,000 rows, a second for 20,000, the window frozen on the
        key press). A row no other row touches (``MatchIndex.alone``: no rival, repeat,
        part or rejection to weigh) and not flagged is refused nothing, asks nothing and
        changes what the step shows only once the step lands: its change is made on the
        worker before the save, by the same ``review.accept``, over an index of that row
        alone, which is all the session's index holds of its invoices and lines (the
        worker reads nothing the GUI thread may change meanwhile). The others are made
        here, first, as before: what they refuse is refused on the key press, what they
        overturn asked about. The clock is read here, in the order the rows are, as it
        was for each row and then for each decision saved."""
        flags, index, user, clock = self.review_flags, self.index, self.user, self._clock
        made: list[ReviewChange | MatchKey] = []
        times = []
        for match in acting:
            at = clock()
            times.append(at)
            on = flags.on(match)
            if on or not index.alone(match):
                made.append(review_flags.accept(match, on, user, at, index))
            else:  # ``review_flags.accept`` without flags is ``review.accept``
                made.append(index.pairing_of(match))
        question = review.overturn_question([c for c in made if isinstance(c, ReviewChange)])
        if question and confirm is not None and not confirm(question):
            return False
        left_as_is = review.others(left, "already confirmed") if left else ""

        def changes() -> list[ReviewChange]:
            return review.removed_once(
                [
                    made_here
                    if isinstance(made_here, ReviewChange)
                    else review.accept(match, user, at, MatchIndex((match,), (made_here,)))
                    for match, made_here, at in zip(acting, made, times, strict=True)
                ]
            )

        return self._push_made(changes, len(acting), "Accept", note, left_as_is)

    def reject(self, matches: Sequence[Match], note: str = "") -> bool:
        """Reject the rows; a flagged rejection is rejected again. In a selection of
        several, those already rejected are left as they are (as ``accept``)."""
        flags = self.review_flags
        acting, left = review_flags.still_to_do(matches, flags, review_flags.REJECTED)
        changes = [review_flags.reject(m, flags.on(m), self.user, self._clock()) for m in acting]
        left_as_is = review.others(left, "already rejected") if left else ""
        return self._push_all(changes, "Reject", note, left_as_is)

    def unmatch(self, matches: Sequence[Match], note: str = "") -> bool:
        """Unmatch the accountant's own rows; a rejection withdrawn, or an acceptance
        unmatched, gives the engine's row of this run back where there is one
        (``review.proposal_back``), and an acceptance the rival suggestions it took off
        (``review.rivals_back``)."""
        run, index, suggested = self._run, self.index, self._suggested
        # A rival touching two rows unmatched together is held by the other of them when
        # each is looked at (``rivals_back``), so none comes back twice: it stays off.
        changes = [
            review.unmatch(
                m,
                self.user,
                self._clock(),
                review.proposal_back(m, run, index),
                review.rivals_back(m, suggested, run, index),
            )
            for m in matches
        ]
        return self._push_all(changes, "Unmatch", note)

    def flagged_decisions(self, kept: bool = False) -> list[review_flags.FlaggedDecision]:
        """Every decision flagged for review, those without a row on the Reconcile
        screen (their invoice is no longer returned) too; with ``kept``, then the kept
        decisions reviewed and kept (``review_flags.kept_decisions``), which hold their
        lines and are withdrawn nowhere else."""
        listed = review_flags.flagged_decisions(self.review_flags, self.invoice)
        if kept:
            listed += review_flags.kept_decisions(self.index.kept_holds(), self.review_flags)
        return listed

    def keep_flagged(self, flagged: Sequence[review_flags.FlaggedDecision]) -> None:
        """Keep these flagged decisions as they stand (recorded again, so their flags
        clear and the audit trail says they were reviewed); one undo step.

        A decision naming a statement line the window no longer holds (its statement was
        removed, which withdrew it) or an invoice it no longer holds for another reason
        than its provider no longer returning it is refused (``ReviewError``), before
        anything is recorded: kept, it would be in force on a line that is not there, and
        land on whatever row a file of that name holds next. One reviewed and kept already
        is refused first, saying so: its invoice is not held either (its provider no
        longer returns it), which would otherwise be the reason given."""
        reviewed = [f"{f.invoices} ({f.decided})" for f in flagged if f.reviewed]
        if reviewed:  # kept already: recorded again, it would say nothing new
            count = len(reviewed)
            it, stands = plural(count, "it", "them"), plural(count, "it stands", "they stand")
            raise review.ReviewError(
                f"{and_list(reviewed)} {plural(count, 'was', 'were')} reviewed and kept "
                f"already; withdraw {it}, or leave {it} as {stands}",
                "Cannot keep these decisions",
            )
        gone = [
            said
            for f in flagged
            if (said := review_flags.not_held(f, self._invoices.keys(), self._lines.keys()))
        ]
        if gone:
            raise review.ReviewError(" ".join(gone), "Cannot keep these decisions")
        changes = [review_flags.keep(f, self._row_of(f), self.user, self._clock()) for f in flagged]
        self._push_all(changes, "Keep")

    def withdraw_flagged(self, flagged: Sequence[review_flags.FlaggedDecision]) -> None:
        """Withdraw these flagged decisions (an unmatch of each pairing: the flags go with
        them); one undo step, like Unmatch on their rows. One the run kept (its invoice is
        no longer returned), flagged or reviewed and kept already, no longer holds its
        lines and invoices; undone, it does again."""
        run = self._run
        changes = []
        for f in flagged:
            row = self._row_of(f)
            back = None if row is None else review.proposal_back(row, run, self.index)
            held = None if row is not None else self.index.kept(f.pairing)
            changes.append(review_flags.withdraw(f, row, self.user, self._clock(), back, held))
        self._push_all(changes, "Withdraw")

    def _row_of(self, flagged: review_flags.FlaggedDecision) -> Match | None:
        """The Reconcile screen's row of a flagged decision, if it shows one."""
        pairing = flagged.pairing
        keys = [*pairing[0]]
        return next(
            (
                m
                for m in self.index.for_invoice(keys[0])
                if m.decided_by_user and review.match_key(m) == pairing
            ),
            None,
        )

    def hand_match_check(
        self, invoices: Sequence[Invoice], lines: Sequence[StatementLine]
    ) -> hand_match.HandMatchCheck:
        """What the selection adds up to and what is wrong with matching it by hand,
        judged by the amount tolerance of the run shown (``hand_match.check``)."""
        run = self.reconciliation
        settings = hand_match.run_tolerance(run.settings if run is not None else {})
        return hand_match.check(invoices, lines, settings)

    def match_by_hand(
        self,
        invoices: Sequence[Invoice],
        lines: Sequence[StatementLine],
        confirm: Callable[[str], bool] | None = None,
        note: str = "",
    ) -> Match | None:
        """Pair the selection by hand (one undo step): the match made, for the screen to
        show; None when nothing was decided.

        A selection that cannot be matched is refused first (``ReviewError``). Then, when
        its money goes the wrong way or its difference is beyond the tolerance
        (``hand_match_check``), ``confirm`` is asked the question saying so: False makes
        no decision. None also when the workspace refused to record it (``record_failed``
        says why).

        A pairing containing a rejection in force is not asked about: rejecting the
        engine's match of a line is how the accountant frees it to match by hand with
        others (the engine's own rows cannot be unmatched), so a question there would
        come with nearly every such match. The step and the decision's reason say which
        rejection it overturns or stands over (``review.over_rejections``)."""
        self.refuse_while_saving()  # before the question, which it would make moot
        change = review.manual_match(
            invoices, lines, self.index, self.user, self._clock(), self.review_flags.flagged
        )
        concerns = self.hand_match_check(invoices, lines).concerns
        if (
            concerns
            and confirm is not None
            and not confirm(hand_match.confirmation(invoices, lines, concerns))
        ):
            return None
        (made,) = change.added
        return made if self._push_all([change], "Match", note) else None

    def _push_all(
        self, changes: list[ReviewChange], verb: str, note: str = "", left_as_is: str = ""
    ) -> bool:
        """Record each decision, then push one undo step for the whole selection; False
        when the workspace refused every one, so nothing changed. ``left_as_is`` says
        which selected rows the step left alone ("the other is already confirmed"): the
        step's name says it, so the Undo menu and the status bar (``told``) do.

        Everything is validated before anything is recorded (a ReviewError leaves nothing
        half done); a decision the workspace refuses is reported and not applied. The
        screens are told once, whatever the number of matches (``_ReviewCommand``).

        A step of several decisions is saved in the background where the window gives a
        way (``_save_apart``): True then says its save began, and the step is pushed,
        and shown, once it has landed.
        """
        self.refuse_while_saving()
        if not changes:
            raise review.ReviewError("select at least one match first", "Nothing selected")
        changes = [review.noted(change, note) for change in changes]
        step = f"{verb} {len(changes)} matches"
        if self._apart(len(changes)):
            stamped = self._stamped_later(changes)

            def landed(results: list[int | Exception]) -> None:
                entries = self._said_records(changes, results, step)
                self._push_saved(changes, entries, verb, left_as_is)

            self._save_apart(step, len(changes), lambda: self._save_records(stamped()), landed)
            return True
        return self._push_saved(changes, self._record_changes(changes, step), verb, left_as_is)

    def _push_made(
        self,
        made: Callable[[], list[ReviewChange]],
        count: int,
        verb: str,
        note: str,
        left_as_is: str,
    ) -> bool:
        """``_push_all`` of a step saved in the background whose ``count`` changes are
        ``made`` on the worker, then noted and saved there; each decision is stamped
        here, now, as ``_stamped`` stamps it (the clock is the session's)."""
        self.refuse_while_saving()
        step = f"{verb} {count} matches"
        stamps = [self._clock() for _ in range(count)]

        def work() -> tuple[list[ReviewChange], list[int | Exception]]:
            changes = [review.noted(change, note) for change in made()]
            decisions = [
                replace(change.decision, at=at) for change, at in zip(changes, stamps, strict=True)
            ]  # as ``_stamped_later``, of changes made here
            return changes, self._save_records(decisions)

        def landed(saved: tuple[list[ReviewChange], list[int | Exception]]) -> None:
            changes, results = saved
            entries = self._said_records(changes, results, step)
            self._push_saved(changes, entries, verb, left_as_is)

        self._save_apart(step, count, work, landed)
        return True

    def _push_saved(
        self, changes: list[ReviewChange], entries: list[int | None], verb: str, left_as_is: str
    ) -> bool:
        """Push the undo step of the ``changes`` saved (their ``entries``, None where
        refused), which shows them: ``_push_all``'s last part."""
        steps = [
            _Step(self, change, entry)
            for change, entry in zip(changes, entries, strict=True)
            if entry is not None
        ]
        if not steps:
            return False
        text = _step_name([step.change for step in steps], f"{verb} {len(steps)} matches")
        if left_as_is:
            text = f"{text}; {left_as_is}"
        self.undo_stack.push(_ReviewCommand(self, text, steps))
        if left_as_is:
            self.told.emit(f"{text}.")
        return True

    # -- saving a step in the background -------------------------------------------------
    @property
    def saving(self) -> bool:
        """Whether a step's save runs in the background: until it lands, the undo stack
        and the screens are as before it, and no other step is taken."""
        return bool(self._saving)

    def _apart(self, count: int) -> bool:
        """Whether a step saving ``count`` decisions (or undoing them) is saved in the
        background: when it has several and the window gives a way.

        One decision stays in place, on the GUI thread: one short transaction (a few
        milliseconds), and the row changes the moment the key is pressed, so A, A, A
        walks down the list with no step waiting to land between two presses. A step of
        several is a batch that grows with the selection (a second or two at 20,000, the
        window frozen meanwhile when it was saved in place)."""
        return count > 1 and self._background is not None

    def refuse_while_saving(self) -> None:
        """Refuse a step while another's save runs in the background (``ReviewError``):
        taken now, it would be of rows and a history about to change, and its save would
        wait behind the other's. The window's controls for it are disabled meanwhile;
        this says why, should one be asked for all the same."""
        if self._saving:
            raise review.ReviewError(
                f"“{self._saving}” is still being saved; decide again once it has been "
                "(the status bar shows the save under way)",
                "Still saving",
            )

    def _save_apart(
        self, step: str, count: int, work: Callable[[], _W], landed: Callable[[_W], None]
    ) -> None:
        """Save ``step``'s ``count`` decisions (or their undo) in the background:
        ``work`` on a worker; then ``landed``, which pushes or moves the undo stack and
        shows the step, once it has returned. Until then the stack and the screens are
        as they were, and ``saving`` says a save runs.

        A save that fails as a whole (a bug: the workspace's refusals come back as
        results) changes nothing shown, and says so. One landing after another run was
        shown (which the window holds back while a save runs) has no rows left to show
        it on: what it saved is said, for the next run to show.

        The collector is paused over the work and over the landing, as over a run's
        (``gc_pause``): both make a step's worth of objects (20,000 rows, changes and
        decisions), over which a full collection ran twice or three times, a fifth of a
        second each that the window waited for, on the worker as well (it holds the
        interpreter lock while it collects)."""
        assert self._background is not None
        runs = self._runs_shown
        self._saving = step
        self.saving_changed.emit(True)

        def paused() -> _W:
            with gc_pause.paused():
                return work()

        def done(result: _W) -> None:
            # Said once the step has landed: what waited for it reads it landed.
            self._saving = ""
            try:
                if runs == self._runs_shown:
                    with gc_pause.paused():
                        landed(result)
                else:
                    self.told.emit(
                        f"“{step}” was saved, but matching ran while it was: run matching "
                        "to see it."
                    )
            finally:
                self.saving_changed.emit(False)

        def failed(failure: TaskFailure) -> None:
            self._saving = ""
            self.saving_changed.emit(False)
            self.record_failed.emit(
                f"could not save “{step}”, so nothing of it is applied: {failure.message}",
                failure.details,
            )

        self._background(count, paused, done, failed)

    def undo(self) -> None:
        """Undo the last step (the window's Undo). A step of several decisions is undone
        in the background (``_save_apart``): the stack moves, and the screens change,
        once the workspace has undone them; refused while another save runs."""
        self.refuse_while_saving()
        stack = self.undo_stack
        if not stack.canUndo():
            return
        command = self._command_at(stack.index() - 1)
        assert command is not None  # the stack can undo
        entries = command.saved_entries()
        if not self._apart(len(entries)):
            stack.undo()
            return

        step = f"Undo: {command.text()}"

        def landed(undid: _Undid) -> None:
            if self._command_at(stack.index() - 1) is not command:
                self._moved_meanwhile(step)
                return
            command.undid = (entries, undid)
            stack.undo()

        ids = [entry for entry, _ in entries]
        self._save_apart(step, len(entries), lambda: self._undo_work(ids), landed)

    def redo(self) -> None:
        """Redo the step undone last (the window's Redo), in the background when it has
        several decisions, as ``undo``."""
        self.refuse_while_saving()
        stack = self.undo_stack
        if not stack.canRedo():
            return
        command = self._command_at(stack.index())
        assert command is not None  # the stack can redo
        changes = command.unsaved_changes()
        if not self._apart(len(changes)):
            stack.redo()
            return
        stamped = self._stamped_later(changes)
        step = f"Redo: {command.text()}"

        def landed(results: list[int | Exception]) -> None:
            if self._command_at(stack.index()) is not command:
                self._moved_meanwhile(step)
                return
            command.recorded = (changes, results)
            stack.redo()

        self._save_apart(step, len(changes), lambda: self._save_records(stamped()), landed)

    def _command_at(self, index: int) -> _ReviewCommand | None:
        """The stack's step at ``index``; None where there is none."""
        command = self.undo_stack.command(index)
        assert command is None or isinstance(command, _ReviewCommand)  # it holds only these
        return command

    def _moved_meanwhile(self, step: str) -> None:
        """The history changed while ``step``'s undo or redo was saved (it was cleared):
        the workspace holds what was saved, the screen shows it at the next run."""
        self.told.emit(
            f"“{step}” was saved, but the undo history changed while it was: run matching "
            "to see it."
        )

    def _review_commands(self) -> Iterator[_ReviewCommand]:
        """The undo stack's steps, in its order, those undone too: a run the screen agrees
        with swaps its rows into them (``adopt_run``), so the history outlives the
        export's run. The stack hands back the very objects pushed (PySide keeps them
        while the stack owns them), so no list of them is kept beside it: one that
        ``undo_stack.clear()`` (a statement removed) would leave stale."""
        stack = self.undo_stack
        for i in range(stack.count()):
            command = stack.command(i)
            assert isinstance(command, _ReviewCommand)  # the stack holds only these
            yield command

    def _record_changes(
        self,
        changes: list[ReviewChange],
        step: str,
        redo: bool = False,
        saved: list[int | Exception] | None = None,
    ) -> list[int | None]:
        """Record the changes' decisions, stamped now: the entries, None where refused
        (``_save_step``); those refused are reported in one message for the whole
        ``step`` (``save_refusals``), never one per decision. ``saved``: what saving them
        in the background returned (``_save_records``), nothing saved here."""
        if saved is None:
            saved = self._save_records(self._stamped(changes))
        return self._said_records(changes, saved, step, redo)

    def _stamped(self, changes: Sequence[ReviewChange]) -> list[Decision]:
        """The changes' decisions, stamped now (on the GUI thread: the clock is the
        session's)."""
        return [replace(change.decision, at=self._clock()) for change in changes]

    def _stamped_later(self, changes: Sequence[ReviewChange]) -> Callable[[], list[Decision]]:
        """``_stamped`` of a step saved in the background: the clock read now, for each
        change in turn, and the decisions made when called, on the save's worker (20,000
        of them held the key press a tenth of a second)."""
        stamps = [self._clock() for _ in changes]
        return lambda: [
            replace(change.decision, at=at) for change, at in zip(changes, stamps, strict=True)
        ]

    def _save_records(self, decisions: Sequence[Decision]) -> list[int | Exception]:
        """Save the decisions (``_save_step``): each one's entry, or what refused it.
        Touches nothing of the session's but its services: it may run on a worker."""
        return self._save_step(decisions, self._record_all, self._record)

    def _said_records(
        self,
        changes: list[ReviewChange],
        results: list[int | Exception],
        step: str,
        redo: bool = False,
    ) -> list[int | None]:
        """The entries saved for the changes, None where refused; those refused are said
        once (``record_failed``)."""
        refused = [
            (change.text, result)
            for change, result in zip(changes, results, strict=True)
            if isinstance(result, Exception)
        ]
        if refused:
            what = _step_name(changes, step)
            what = f"Redo: {what}" if redo else what
            said = save_refusals.not_saved(what, refused, len(changes))
            self.record_failed.emit(said, _what_to_do(what, refused))
        return [None if isinstance(result, Exception) else result for result in results]

    def _undo_work(self, entry_ids: Sequence[int]) -> _Undid:
        """Undo these entries (``_save_step``): each one's refusal or None, and which new
        entry stands for each decision the undo put back in force. Touches nothing of
        the session's but its services: it may run on a worker."""
        undo_all = self._undo_all
        restored: dict[int, int] = {}
        together: Callable[[Sequence[int]], list[None]] | None = None
        if undo_all is not None:

            def together(batch: Sequence[int]) -> list[None]:
                restored.update(undo_all(batch) or {})
                return [None] * len(batch)

        def undo_one(entry_id: int) -> None:
            restored.update(self._undo(entry_id) or {})

        return self._save_step(entry_ids, together, undo_one), restored

    def _undo_entries(
        self,
        entries: list[tuple[int, ReviewChange]],
        step: str,
        undid: _Undid | None = None,
    ) -> list[bool]:
        """Undo these entries, in this order: which were undone (``_save_step``); the rest
        are reported in one message for the whole ``step``. ``undid``: what undoing them
        in the background returned (``_undo_work``), nothing saved here.

        A decision the undo put back in force is a new entry in the workspace (undoing a
        withdrawal puts back the rejection it withdrew): the steps below that hold the
        old one's id are handed the new one's (``_stand_in``), so that undoing them next
        undoes the decision in force, not an entry the workspace has since replaced."""
        if undid is None:
            undid = self._undo_work([entry for entry, _ in entries])
        results, restored = undid
        if restored:
            self._stand_in(restored)
        refused: list[save_refusals.Refusal] = []  # the decision changed since
        unsaved: list[save_refusals.Refusal] = []
        for (_, change), error in zip(entries, results, strict=True):
            if isinstance(error, ServiceError):
                refused.append((change.text, error))
            elif error is not None:
                unsaved.append((change.text, error))
        what = _step_name([change for _, change in entries], step)
        said = []
        if refused:
            said.append(save_refusals.not_undone(what, refused, len(entries)))
        if unsaved:
            said.append(save_refusals.undo_not_saved(what, unsaved, len(entries)))
        if said:
            self.record_failed.emit(" ".join(said), _what_to_do(what, refused + unsaved))
        return [error is None for error in results]

    def _stand_in(self, restored: Mapping[int, int]) -> None:
        """Each step holding an entry the workspace put back in force (by id, a key of
        ``restored``) holds the entry standing for it from now on."""
        for command in self._review_commands():
            command.stand_in(restored)

    @staticmethod
    def _save_step(
        items: Sequence[_T],
        together: Callable[[Sequence[_T]], Sequence[_R]] | None,
        each: Callable[[_T], _R],
    ) -> list[_R | Exception]:
        """Save one step's items to the workspace: each one's result, or the error that
        refused it.

        Several are saved together when the workspace can (``together``: all or none, one
        commit rather than one per item, each waiting for the disk). When it refuses them
        as a whole, nothing was saved: they are saved one by one (``each``), as one item
        is, so that those it can save are saved. The caller reports the refusals once."""
        if len(items) > 1 and together is not None:
            try:
                return list(together(items))
            except Exception:  # nothing was saved: try each
                pass
        results: list[_R | Exception] = []
        for item in items:
            try:
                results.append(each(item))
            except Exception as error:  # the disk is full, the workspace refused
                results.append(error)
        return results

    def _keep_stack_truthful(self, index: int) -> None:
        """A step whose save failed left the workspace and the screen as they were; the
        stack moved all the same. Put it back, so it offers the same step again rather
        than the one before it. Restoring writes nothing (see ``_ReviewCommand``)."""
        if not self._step_unsaved:
            self._saved_index = index
            return
        self._step_unsaved = False
        self._restoring = True
        try:
            self.undo_stack.setIndex(self._saved_index)
        finally:
            self._restoring = False

    @contextmanager
    def _one_update(self) -> Iterator[None]:
        """Apply the changes made inside as one: ``matches`` is rebuilt once and
        ``review_changed`` emitted once, with their net effect (``ReviewUpdate``)."""
        if self._pending is not None:  # already inside one
            yield
            return
        pending: list[ReviewChange] = []
        self._pending = pending
        try:
            yield
        finally:
            self._pending = None
            if pending:
                update = ReviewUpdate.of(pending)
                kept = {id(match): match for match in self.matches}
                for match in update.removed:
                    kept.pop(id(match), None)
                kept.update((id(match), match) for match in update.added)
                self.matches = list(kept.values())
                self._overview.stale()
                self.refresh_review_flags()  # the step (or its undo) cleared or restored some
                self.review_changed.emit(update)

    def _apply(self, change: ReviewChange) -> None:
        """Show one change: the index at once, the match list and the screens at the end
        of the step it belongs to (``_one_update``), entered here when the change is
        not already inside one (a bulk step's 20,000 changes are: no context entered for
        each)."""
        pending = self._pending
        if pending is None:
            with self._one_update():
                self._apply(change)
            return
        self.index.apply(change)
        self._since.decisions += 1
        pending.append(change)


def _strongest_by_line(matches: Iterable[Match]) -> dict[LineKey, MatchState]:
    """Each line's strongest state among ``matches`` (``strongest_state``), for the lines
    any of them holds: ``MatchIndex.line_state`` for every line at once."""
    states: dict[LineKey, MatchState] = {}
    rank = STATE_RANK.__getitem__
    for match in matches:
        state = match.state
        for key in match.line_keys:
            held = states.get(key)
            if held is None or rank(state) > rank(held):
                states[key] = state
    return states


def _by_key(
    lines: Iterable[StatementLine] | Mapping[LineKey, StatementLine],
) -> Mapping[LineKey, StatementLine]:
    """The lines by key: as given when they come keyed (from a worker, which built the
    keys off the GUI thread), else keyed here."""
    return lines if isinstance(lines, Mapping) else {line.key: line for line in lines}


def _rows_of(run: Reconciliation | RunRows, decisions: Iterable[Decision]) -> RunRows:
    """A run's rows, with the ``decisions`` it was made with: as a worker made them, or
    made here (a run given without them)."""
    return run if isinstance(run, RunRows) else RunRows.of(run, decisions)


def _step_name(changes: Sequence[ReviewChange], step: str) -> str:
    """How a step's refusals name it: one decision by its own text ("Accept INV-1 ↔ …",
    not "Accept 1 matches"), several by the ``step`` (as the Undo menu names it)."""
    return changes[0].text if len(changes) == 1 else step


def _what_to_do(step: str, refused: Sequence[save_refusals.Refusal]) -> str:
    """The Details of the banner saying ``step``'s decisions were not saved: what to do
    about each reason, as a task's failure says it (``TaskFailure``: a refusal's advice,
    such as opening a workspace where none is open; a bug's traceback), each said once.
    Without them the banner named the reason and left the accountant to guess the cure."""
    said = (TaskFailure.from_exception(step, error).details for _, error in refused)
    return "\n\n".join(dict.fromkeys(details for details in said if details))


def _same_rows(
    shown: Sequence[Match], index: MatchIndex, fresh: RunRows
) -> dict[int, Match] | None:
    """Each row ``shown`` (by identity) to the ``fresh`` row of its pairing, when both
    hold the same pairings in the same states; None when they do not.

    The pairings shown are those ``index`` keeps, the fresh ones those made with the
    rows: none is built here. Each row is looked up once (a lookup compares pairings
    made apart, key by key): with as many distinct pairings on both sides, every one
    shown found fresh means they are the same."""
    after = fresh.by_pairing
    if not len(shown) == len(after) == len(fresh.rows):  # told apart without a pairing
        return None
    before = dict(zip(index.pairings(shown), shown, strict=True))
    if len(before) != len(shown):
        return None
    rows: dict[int, Match] = {}
    for pairing, match in before.items():
        row = after.get(pairing)
        if row is None or row.state is not match.state:
            return None
        rows[id(match)] = row
    return rows


class _ReviewCommand(QUndoCommand):
    """One undo step: the decisions of one action (one match, or every match selected).

    Its steps are undone in reverse order and redone in order, all inside one update of
    the screens. While the session puts the stack back after a step that could not be
    saved (``_keep_stack_truthful``), it does nothing.
    """

    def __init__(self, session: ReviewSession, text: str, steps: list[_Step]) -> None:
        super().__init__(text)
        self._session = session
        self._steps = steps
        # What the session's background save returned for the next undo (its entries,
        # and what undoing them did) or redo (its changes, and their entries): the stack
        # is moved once it has landed, and nothing is saved again then.
        self.undid: tuple[list[tuple[int, ReviewChange]], _Undid] | None = None
        self.recorded: tuple[list[ReviewChange], list[int | Exception]] | None = None

    def saved_entries(self) -> list[tuple[int, ReviewChange]]:
        """The entries an undo undoes, in its order (the last decision first)."""
        return [
            (step.entry, step.change) for step in reversed(self._steps) if step.entry is not None
        ]

    def unsaved_changes(self) -> list[ReviewChange]:
        """The changes a redo records, in order."""
        return [step.change for step in self._steps if step.entry is None]

    def swap(self, rows: dict[int, Match]) -> None:
        """Refer to the rows of a run adopted since (``ReviewSession.adopt_run``)."""
        for step in self._steps:
            step.swap(rows)

    def stand_in(self, restored: Mapping[int, int]) -> None:
        """Hold the entries standing for those the workspace put back in force since
        (``ReviewSession._stand_in``)."""
        for step in self._steps:
            if step.entry is not None:
                step.entry = restored.get(step.entry, step.entry)

    def redo(self) -> None:
        session = self._session
        if session._restoring:
            return
        recorded, self.recorded = self.recorded, None
        with session._one_update():
            unsaved = [step for step in self._steps if step.entry is None]
            changes = [step.change for step in unsaved]
            saved = recorded[1] if recorded is not None and recorded[0] == changes else None
            entries = session._record_changes(changes, self.text(), redo=True, saved=saved)
            for step, entry in zip(unsaved, entries, strict=True):
                step.entry = entry
            for step in self._steps:
                step.redo()

    def undo(self) -> None:
        session = self._session
        if session._restoring:
            return
        undid, self.undid = self.undid, None
        with session._one_update():
            saved = [(step, step.entry) for step in reversed(self._steps) if step.entry is not None]
            entries = [(entry, step.change) for step, entry in saved]
            landed = undid[1] if undid is not None and undid[0] == entries else None
            undone = session._undo_entries(entries, self.text(), landed)
            for (step, _), done in zip(saved, undone, strict=True):
                step.undone(done)
            for step in reversed(self._steps):
                step.undo()


class _Step:
    """One recorded decision of an undo step.

    The first redo (inside ``push``) only shows the change: it was recorded before the
    push. Undo asks the workspace to undo that entry (it appends the inverse and restores
    what the decision had replaced); redo records the decision again. The command does
    the saving, for all its steps at once; a step shows what was saved. A decision whose
    save fails changes nothing shown, and the session puts the stack back (calling redo
    or undo again, which then does nothing for the decisions already done): the screen
    shows what the workspace holds.
    """

    def __init__(self, session: ReviewSession, change: ReviewChange, entry: int) -> None:
        self._session = session
        self.change = change
        self.entry: int | None = entry  # its entry while the decision is in force
        self._shown = False

    def swap(self, rows: dict[int, Match]) -> None:
        """The change, its rows shown now replaced by the adopted run's (by identity)."""
        change = self.change
        self.change = replace(
            change,
            removed=tuple(rows.get(id(match), match) for match in change.removed),
            added=tuple(rows.get(id(match), match) for match in change.added),
        )

    def redo(self) -> None:
        """Show the change once its decision is saved (``entry``); else the step is
        unsaved."""
        if self.entry is None:
            self._session._step_unsaved = True
        elif not self._shown:
            self._session._apply(self.change)
            self._shown = True

    def undone(self, done: bool) -> None:
        """Whether the workspace undid the entry; when not, the step is unsaved."""
        if done:
            self.entry = None
        else:
            self._session._step_unsaved = True

    def undo(self) -> None:
        """Take the change off the screen once its entry is undone."""
        if self.entry is None and self._shown:
            self._session._apply(self.change.inverse())
            self._shown = False
