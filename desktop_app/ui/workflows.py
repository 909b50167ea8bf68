"""The window's long operations, each as: ask (if needed), run in the background, show.

Fetch runs on asyncio; reading, importing, matching and exporting run on worker threads;
their results land in the ``ReviewSession`` on the GUI thread. Failures that the task
runner does not hand to a callback reach the banner through ``TaskRunner.failed``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop_app import gc_pause
from desktop_app.domain import (
    CancelToken,
    Decision,
    DecisionKind,
    EarlyPayments,
    FetchPeriod,
    Invoice,
    InvoiceKey,
    InvoiceProblem,
    LineKey,
    OperationCancelledError,
    ProgressCallback,
    Reconciliation,
    StatementLine,
    UndocumentedStatus,
    fetched_from_statements,
    outside_period,
    undocumented_statuses,
)
from desktop_app.domain.provider_fetch import report_period
from desktop_app.refusal import Refusal
from desktop_app.statements import stages
from desktop_app.statements.continuity import BreakKind, StatementBreak
from desktop_app.statements.encoding import encoding_name
from desktop_app.ui import review_flags
from desktop_app.ui.dialogs.seam import Dialogs
from desktop_app.ui.export_name import report_days, suggested_report_name
from desktop_app.ui.fetch_period import (
    PERIOD_CHANGED_TITLE,
    offered_period,
    period_change_said,
)
from desktop_app.ui.latest import Latest
from desktop_app.ui.review import RunRows
from desktop_app.ui.services import (
    AppServices,
    ColumnMapping,
    EncodingChoice,
    FetchResult,
    ImportRefusedError,
    ImportResult,
    ImportSummary,
    RemovalResult,
    ReviewFlag,
    SheetChoice,
    StatementChangedError,
    StatementDecisions,
    StatementPreview,
    WorkspaceContents,
)
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.since_run import SinceRun
from desktop_app.ui.tasks import TaskFailure, TaskHandle, TaskRunner, WhenClosed
from desktop_app.ui.views.banner import Banner, BannerArea
from desktop_app.ui.views.banner_slot import BannerSlot, BannerText
from desktop_app.wording import (
    and_list,
    capitalised,
    counted,
    day_text,
    early_payments,
    late_lines,
    plural,
)
from desktop_app.workspace.records import PeriodChange
from desktop_app.workspace.removal_wording import (
    decisions_said,
    removed_said,
    withdrawn_notes,
)

if TYPE_CHECKING:  # the report's words, made on a run's worker: off the start-up path
    from desktop_app.pipeline.audit import DecisionsNotApplied

_R = TypeVar("_R")
# The note on payments received unmatched early in a period fetched from the statements'
# first date: its banner's title, and the window's way to fetch from an earlier start.
EARLY_PAYMENTS_TITLE = "Payments received early in the period are unmatched"
EARLIER_FETCH = "fetch again from an earlier date (Fetch invoices, F5)"
# Its counterpart at the period's end: statement lines dated after the end of the period
# fetched that pay none of its invoices, and the window's way to fetch to a later end.
LATE_LINES_TITLE = "Lines after the period fetched are unmatched"
LATER_FETCH = "fetch again to a later date (Fetch invoices, F5)"
# The banners on a workspace's stored matching settings (``_say_stored_settings``).
STORED_SETTINGS_REFUSED = "Stored matching settings refused: defaults used"
STORED_SETTINGS_UNKNOWN = "Matching settings of another version ignored"
# The banner after a run that did not apply some decisions in force (``_say_not_applied``).
NOT_APPLIED_TITLE = "Decisions not applied"
# The banner naming the invoices a fetch brought with a status word their provider does
# not document (``_say_undocumented``).
UNDOCUMENTED_TITLE = "Invoice statuses the provider does not document"
_MATCH = "match"  # the matching runs' task key: a new run replaces the one running


class Workflows(QObject):
    workspace_opened = Signal(object)  # Path
    # The opened workspace's matching settings (a list of SettingField), before the above.
    settings_loaded = Signal(object)
    message = Signal(str)  # a short note for the status bar

    def __init__(
        self,
        window: QWidget,
        services: AppServices,
        dialogs: Dialogs,
        runner: TaskRunner,
        session: ReviewSession,
        banners: BannerArea,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._services, self._dialogs, self._runner = services, dialogs, runner
        self._session, self._banners = session, banners
        # The last workspace open started: while it runs, work asked for meanwhile waits
        # for it, then runs in the order asked, each once the tasks before it have finished.
        self._opening: TaskHandle | None = None
        self._waiting: list[Callable[[], object]] = []
        self._loaded = 0  # workspaces loaded so far: tells a late result from another one
        # Review changes so far (decisions, undos, redos): a run that read the decisions
        # before the latest of them must not be shown as the review's state.
        self._reviewed = 0
        # What the last fetch said of itself: a provider it could not fetch from, the fetch
        # failed or cancelled. The next fetch's replace them: piled up, a provider's 401 was
        # still shown after the fetches since had fetched from it.
        self._fetch_said = BannerSlot(banners)
        # The breaks between the statements held (``_say_breaks``).
        self._breaks = BannerSlot(banners)
        # The flags the last fetch or open said need review, and the banner naming those
        # of them still in force (``_restate_flags``): None once none is, or dismissed.
        self._flags_said: tuple[ReviewFlag, ...] = ()
        self._flags_banner: tuple[Banner, tuple[ReviewFlag, ...]] | None = None
        # The note on payments received unmatched early in a period fetched from the
        # statements' first date (``_say_early_payments``).
        self._early = BannerSlot(banners)
        # Its counterpart: lines dated after the period's end (``_say_late_lines``).
        self._late = BannerSlot(banners)
        # A command-line run's change of the period under review, said as the workspace
        # it changed opens (``_workspace_loaded``), and gone when another opens.
        self._period_changed = BannerSlot(banners)
        # The opened workspace's stored matching settings this version refuses (set aside
        # for their defaults until Settings saves them again), and those it does not know.
        self._settings_set_aside = BannerSlot(banners)
        self._settings_unknown = BannerSlot(banners)
        # The decisions in force the run shown did not apply (``_say_not_applied``).
        self._not_applied = BannerSlot(banners)
        # Each provider's invoices left out of the reconciliation (``_say_left_out``).
        self._left_out: dict[str, BannerSlot] = {}
        # The invoices under review of an undocumented status (``_say_undocumented``).
        self._undocumented = BannerSlot(banners)
        # The folder the last report was exported to: the next export is offered there.
        self._last_export_folder: Path | None = None
        # What the last export said: its outcome, and the names it refused on the way. The
        # next export's replace them: piled up, an earlier "Report exported" (its Open
        # live) stood beside the failure of a later export to the same file.
        self._export_said = BannerSlot(banners)
        # The reports exported from the workspace shown, by their path (``_Report``).
        self._reports: dict[Path, _Report] = {}
        # The export's banner saying what a report holds, kept to it (``_restate_report``).
        self._report_said: _ReportSaid | None = None
        session.review_changed.connect(self._count_review)
        for changed in (session.review_changed, session.invoices_changed, session.lines_changed):
            changed.connect(self._restate_report)
        # Work asked for while a step's decisions are saved in the background, to start
        # once they are (``_wait_for_save``).
        self._after_save: list[Callable[[], object]] = []
        session.saving_changed.connect(self._on_saving)
        session.reconciliation_changed.connect(self._say_early_payments)
        session.reconciliation_changed.connect(self._say_late_lines)
        session.review_flags_changed.connect(self._restate_flags)
        runner.started.connect(self._note_matching)
        runner.finished.connect(self._note_matching)

    def _if_still_shown(self, show: Callable[[_R], None]) -> Callable[[_R], None]:
        """``show`` for a cancelled task's late result, unless another workspace has been
        opened since it started: what it saved then belongs to the one no longer shown."""
        loaded = self._loaded

        def late(result: _R) -> None:
            if self._loaded == loaded:
                show(result)

        return late

    def _wait_for_opening(self, what: str, start: Callable[[], object]) -> bool:
        """While a workspace loads, ``start`` waits for it (True); otherwise False.

        Fetched invoices, imported lines, removals and runs are stored into the workspace
        current when they finish. Started while another one loads, they could be stored
        into one and shown in the other; waiting puts them where the accountant sees them.
        If the open fails, the workspace still shown is the one they belong to.
        """
        # The runner lets go of a task before its callbacks run, so the loaded workspace's
        # own re-run (``_workspace_loaded``) no longer waits.
        if self._opening is None or self._opening not in self._runner.active():
            return False
        if not self._waiting:
            self.after([self._opening], self._start_waiting)
        self._waiting.append(start)
        self.message.emit(f"{what} will start once the workspace has opened.")
        return True

    def _start_waiting(self) -> None:
        """The next waiting piece of work; the one after it once what this started ends
        (an import, then the matching asked for after it, sees the imported lines)."""
        if self._waiting:
            self._waiting.pop(0)()
        if self._waiting:
            self.after(self._runner.active(), self._start_waiting)

    def _wait_for_save(self, what: str, start: Callable[[], object]) -> bool:
        """While a step's decisions are saved in the background, ``start`` waits for them
        to land (True); otherwise False.

        A run, an export or a removal changes the rows and the history the step lands
        on: a run read the decisions before the save committed them, and shown, it
        cleared the history the step was about to join (its rows those of the run
        before). Started once the step has landed, each reads what it saved."""
        if not self._session.saving:
            return False
        self._after_save.append(start)
        self.message.emit(f"{what} will start once the decisions are saved.")
        return True

    def _on_saving(self, saving: bool) -> None:
        """A step's save started: it counts as a review change for the runs under way
        (``_matched`` runs again one that read the decisions before it landed). It landed
        or failed: the work that waited for it starts, in the order asked."""
        if saving:
            self._reviewed += 1
            return
        waiting, self._after_save = self._after_save, []
        for start in dict.fromkeys(waiting):  # the same work asked twice starts once
            start()

    # -- fetch ---------------------------------------------------------------------------
    def ask_and_fetch(self) -> TaskHandle | None:
        """*Fetch invoices* (F5): ask for the period first, starting at the statements'
        dates or the period last fetched (``ui.fetch_period``), then fetch it; Cancel
        fetches nothing. Without a period every invoice the providers ever issued would
        be fetched, and each old one the statements do not pay listed as a discrepancy."""
        session = self._session
        offer = offered_period(session.covered(), session.fetch_period, date.today())
        chosen = self._dialogs.choose_fetch_period(self._window, offer)
        if chosen is None:
            self.message.emit("Fetch cancelled: nothing was fetched.")
            return None
        return self.fetch(chosen.days())

    def fetch(self, period: tuple[date, date] | None = None) -> TaskHandle | None:
        """Fetch every invoice, or those issued within ``period`` (first and last day),
        which becomes the period under review (``ReviewSession.set_invoices``). What the
        fetch before said of itself (its failures, its Cancel) is taken away as it
        starts: this one says what is true now, and one that succeeds says nothing."""
        if self._wait_for_opening("Fetching", lambda: self.fetch(period)):
            return None
        self._fetch_said.say(None)
        services, runner = self._services, self._runner
        date_from, date_to = period or (None, None)

        async def work(progress: ProgressCallback, cancel: CancelToken) -> FetchResult:
            # A provider kept waiting is said beside the progress, as the command line
            # says it on stderr: minutes of timeouts and retries looked like a hang.
            waiting = runner.waiting_for(cancel)
            return await services.fetch_invoices(date_from, date_to, progress, cancel, waiting)

        def show(result: FetchResult) -> None:
            self._fetched(result, period)

        # A fetch cancelled (or superseded) while saving still saved: show what it saved.
        return self._runner.run_async(
            "Fetching invoices",
            work,
            show,
            self._fetch_failed,
            key="fetch",
            done_anyway=self._if_still_shown(show),
            when_closed=WhenClosed(
                "a fetch",
                "the invoices of the providers that have finished are saved; the others "
                "are not fetched this time",
            ),
        )

    def _fetch_failed(self, failure: TaskFailure) -> None:
        """The fetch as a whole failed (no provider configured, providers.toml refused,
        the workspace refused to store it): the status bar says so, where it went on
        saying what the work before had done, and the fetch's banner says the failure
        (replaced by the next fetch's, as its other banners are: ``fetch``).
        A refusal comes before the fetch is stored or as its one transaction is rolled
        back, so nothing of it was kept and the invoices held before are, in the window
        and the workspace; a bug may come after the store, so that is not claimed. (A
        provider that failed alone is said by ``_fetch_note``: the others' are kept.)"""
        said = "Fetch failed"
        if failure.expected:
            said += ": no invoices were added or changed; those fetched before are kept"
        self.message.emit(f"{said}.")
        self._fetch_said.add(BannerText("error", failure.title, failure.message, failure.details))

    def _fetched(self, result: FetchResult, period: tuple[date, date] | None) -> None:
        if result.flagged:  # decided invoices changed at the provider: said until dismissed
            self._show_review_flags(result.flagged)  # while the missing are still named
        outside = self._session.set_invoices(
            result.invoices, result.missing, FetchPeriod.of(period)
        )
        self._session.refresh_review_flags()
        # The matches of an invoice no longer returned, or no longer under review (an
        # earlier, wider fetch's), must not outlive it (nor those of a run still going,
        # which read the invoices before): as a reopen would show.
        shown = self._session.reconciliation is not None or self._matching()
        if (result.missing or outside) and shown:
            self.run_matching()
        for failure in result.failures:
            title = f"Could not fetch from {failure.provider}"
            self._fetch_said.add(BannerText("error", title, failure.message))
        self._say_left_out(result.left_out)
        self._say_undocumented(undocumented_statuses(self._session.invoices))
        if result.cancelled:
            self._fetch_said.add(BannerText("info", "Fetch cancelled", _cancelled_note(result)))
        kept = " (the workspace keeps them)" if self._services.workspace_path() else ""
        self.message.emit(_fetch_note(result, period, outside, kept))

    # -- import --------------------------------------------------------------------------
    def import_statement(self, path: Path | None = None) -> TaskHandle | None:
        """Ask for a file, read a preview off the GUI thread, show the wizard, import."""
        chosen = path or self._dialogs.choose_statement(self._window)
        if chosen is None:
            return None
        return self._read_for_wizard(chosen, lambda preview: self._review_import(chosen, preview))

    def _read_for_wizard(
        self,
        path: Path,
        then: Callable[[StatementPreview], None],
        sheet: str | None = None,
        encoding: str | None = None,
        refused: Callable[[str], None] | None = None,
    ) -> TaskHandle:
        """Read ``path`` (its worksheet ``sheet``, or its text in ``encoding``, where the
        accountant chose one) for the wizard in the background. Cancelled while it reads,
        the status bar says so and that nothing was imported, as a cancelled import does:
        the task's bar going away was all that used to say it. A text ``encoding`` does
        not read (``ImportRefusedError``) goes to ``refused`` with why."""
        services = self._services

        def work(progress: ProgressCallback, cancel: CancelToken) -> StatementPreview | str:
            try:
                return _previewed(services, path, progress, cancel, sheet, encoding)
            except ImportRefusedError as error:
                if refused is None:
                    raise
                return error.reason

        def show(read: StatementPreview | str) -> None:
            if isinstance(read, str):
                assert refused is not None  # only then is a refusal answered with words
                refused(read)
            else:
                then(read)

        if encoding is not None:
            title = f"Reading {path.name} as {encoding_name(encoding)}"
        elif sheet is not None:
            title = f"Reading sheet '{sheet}' of {path.name}"
        else:
            title = f"Reading {path.name}"
        failed = self._import_failed(path, stored=False)
        handle = self._runner.run_in_thread(title, work, show, failed)
        self.after([handle], lambda: self._if_read_cancelled(handle, path))
        return handle

    def _import_failed(self, path: Path, stored: bool) -> Callable[[TaskFailure], None]:
        """A failure of reading or importing ``path``: the status bar says the import of
        ``path`` failed (it went on saying the import before had brought in its lines),
        and the failure goes on to the banner as any failed task's does. Nothing was
        imported where the file was only read (``stored`` False), or the failure is an
        expected refusal (the import refuses before it stores, and a store refused is
        rolled back); a bug while storing may have stored them, so that is not claimed."""

        def failed(failure: TaskFailure) -> None:
            said = f"Import of {path.name} failed"
            if not stored or failure.expected:
                said += ": nothing was imported"
            self.message.emit(f"{said}.")
            self._runner.pass_on(failure)

        return failed

    def _if_read_cancelled(self, handle: TaskHandle, path: Path) -> None:
        if handle.cancelled:
            self.message.emit(f"Reading {path.name} cancelled: nothing was imported.")

    def _review_import(self, path: Path, preview: StatementPreview) -> None:
        """Show the wizard on ``preview``; import as it answers, or, where the accountant
        chose another sheet of the workbook, read the file again on that sheet (off the
        GUI thread, its layout inferred there) and show the wizard on it; where they
        chose another encoding, likewise read in it (``_read_in``)."""
        again = _PreviewAgain(self._runner, self._services, path)
        try:
            mapping = self._dialogs.review_import(self._window, preview, again)
        finally:
            again.cancel()  # a wizard gone waits for no summary
        if isinstance(mapping, SheetChoice):
            chosen_sheet = mapping.sheet
            self._read_for_wizard(
                path, lambda chosen: self._review_import(path, chosen), chosen_sheet
            )
        elif isinstance(mapping, EncodingChoice):
            self._read_in(path, preview, mapping)
        elif mapping is not None:
            self._import_reviewed(path, preview, mapping)

    def _read_in(self, path: Path, shown: StatementPreview, choice: EncodingChoice) -> None:
        """The text read again in the encoding the accountant chose (off the GUI thread,
        its layout found again in the text so read), and the wizard shown on it with the
        other choices they had made: the header row found now unless they had set one. A
        text the encoding does not read reopens the wizard as it was (``shown``), saying
        why, with their choices and the encoding it was read in."""

        def reopen(fresh: StatementPreview) -> None:
            kept = choice.kept
            if not choice.edited:
                kept = replace(kept, header_row=fresh.header_row)
            self._review_import(path, replace(fresh, kept=kept))

        def refused(reason: str) -> None:
            kept = replace(choice.kept, encoding=shown.encoding_chosen)
            self._review_import(path, shown.retried(kept, reason))

        self._read_for_wizard(path, reopen, encoding=choice.encoding, refused=refused)

    def _import_reviewed(
        self, path: Path, preview: StatementPreview, mapping: ColumnMapping
    ) -> None:
        """Import as mapped in the wizard. A mapping the file refuses (no transactions
        found, or one that does not fit) reopens the wizard on the same file with the
        accountant's choices kept and why, to correct and retry, until they import or
        Cancel; they need not map it all again. A file that no longer reads still ends in
        the banner. The file is read again for the wizard: one changed since it was shown
        is shown as it is now, and the reason says so, not asked to be corrected against
        rows it no longer holds.

        A file changed since the wizard read it (its bytes' hash is not the preview's,
        ``StatementPreview.sha256``), whether or not the mapping still fits it, is not
        imported: the figures the accountant approved are not the file's any more. The
        status bar says so and the wizard is shown again on the file as it is now, read
        in the background as the first preview was, their choices kept."""
        if self._wait_for_opening(
            "Importing", lambda: self._import_reviewed(path, preview, mapping)
        ):
            return

        def reopen(fresh: StatementPreview, reason: str) -> None:
            same = (fresh.rows, fresh.sheets, fresh.sha256) == (
                preview.rows,
                preview.sheets,
                preview.sha256,
            )
            if same:
                self._review_import(path, preview.retried(mapping, reason))
            else:
                changed = f"{_changed_since_reviewed(path)}; it is shown as it is now. "
                self._review_import(path, fresh.retried(mapping, changed + reason))

        def show_changed(fresh: StatementPreview) -> None:
            said = f"{_changed_since_reviewed(path)}; it is shown as it is now"
            self._review_import(path, fresh.retried(mapping, said))

        # A sheet chosen instead of detection's, or an encoding, is read again as shown.
        sheet = preview.sheet if preview.detected_sheet is not None else None
        encoding = preview.encoding_chosen

        def refused(reason: str | None) -> None:
            if reason is None:  # changed since reviewed: nothing imported
                self.message.emit(f"{_changed_since_reviewed(path)}: nothing was imported.")
                self._read_for_wizard(path, show_changed, sheet, encoding)
            else:
                self._read_for_wizard(path, lambda fresh: reopen(fresh, reason), sheet, encoding)

        self._import(path, mapping, refused, preview.sha256)

    def import_files(self, paths: Sequence[Path], mapping: ColumnMapping | None = None) -> None:
        """Import without asking (the demo's sample statements, a confirmed wizard)."""
        if self._wait_for_opening("Importing", lambda: self.import_files(paths, mapping)):
            return
        for path in paths:
            self._import(path, mapping)

    def _import(
        self,
        path: Path,
        mapping: ColumnMapping | None,
        refused: Callable[[str | None], None] | None = None,
        reviewed: str | None = None,
    ) -> TaskHandle:
        """Import ``path`` in the background; an ``ImportRefusedError`` goes to ``refused``
        (with why) when given, to the banner otherwise. Nothing was stored then. With
        ``reviewed`` (the hash of the file as the wizard showed it), a file changed since
        is refused too (``StatementChangedError``), and ``refused`` is given None.

        Cancel stops it until the save's commit: the worker then hands back ``_Cancelled``
        once it has stopped (the save rolled back), so the window says what Cancel did
        when it has done it, not when it was pressed."""
        services = self._services

        def work(progress: ProgressCallback, cancel: CancelToken) -> _Outcome:
            try:
                with gc_pause.paused():  # a large import's objects: see gc_pause
                    return _Landing.of(
                        services.import_statement(path, mapping, progress, cancel, reviewed)
                    )
            except ImportRefusedError as error:
                if refused is None:
                    raise
                return _Refused(error.reason)
            except StatementChangedError:
                if refused is None:
                    raise
                return _Changed()
            except OperationCancelledError:
                return _Cancelled()

        def show(outcome: _Outcome) -> None:
            if isinstance(outcome, _Cancelled):
                self._import_cancelled(path)
            elif isinstance(outcome, _Landing):
                self._imported(outcome)
            elif refused is not None:
                refused(outcome.reason if isinstance(outcome, _Refused) else None)

        def show_anyway(outcome: _Outcome) -> None:
            if isinstance(outcome, _Cancelled):
                self._import_cancelled(path)
            elif isinstance(outcome, _Landing):  # refused or changed: nothing was stored
                self._imported_anyway(outcome)

        return self._runner.run_in_thread(
            f"Importing {path.name}",
            work,
            show,
            self._import_failed(path, stored=True),
            done_anyway=self._if_still_shown(show_anyway),
            when_closed=WhenClosed(
                f"an import of {path.name}",
                f"nothing of {path.name} is added, unless its save is finishing: then it "
                "is added whole",
            ),
        )

    def _imported(self, landing: _Landing[ImportResult]) -> None:
        result = landing.result
        if result.same_file_as is not None:
            self.message.emit(_same_file_note(result))
            return
        self._session.add_lines(landing.keyed, result.source_file, result.stated)
        self._say_breaks(result.statement_breaks)
        if result.warnings:
            self._banners.show_message(
                "warning",
                f"{result.source_file}: {_warnings_title(result)}",
                result.warnings[0],
                "\n".join(result.warnings),
            )
        if result.same_statement is not None:  # the same lines as a statement held
            self.message.emit(str(result.same_statement))
            return
        count = len(result.lines)
        note = f"Imported {count:,} line{'' if count == 1 else 's'} from {result.source_file}"
        if result.duplicates:
            held = "in the workspace" if self._services.workspace_path() else "imported"
            note += f" ({result.duplicates:,} already {held})"
        self.message.emit(note + ".")

    def _import_cancelled(self, path: Path) -> None:
        """The import stopped at Cancel before its lines were kept: say that nothing was."""
        where = " to the workspace" if self._services.workspace_path() else ""
        self.message.emit(f"Import of {path.name} cancelled: nothing was added{where}.")

    def _imported_anyway(self, landing: _Landing[ImportResult]) -> None:
        """Cancel came after the lines were stored (in the workspace, or held by the
        session for its duplicates): they are imported, so shown."""
        self._imported(landing)
        result = landing.result
        if result.same_file_as is not None:
            return  # nothing was stored: there is nothing to take out
        where = "in the workspace" if self._services.workspace_path() else "imported"
        is_, them = plural(len(result.lines), "is", "are"), plural(len(result.lines), "it", "them")
        self._banners.show_info(
            f"{result.source_file} was already imported when Cancel was pressed",
            f"Its {counted(len(result.lines), 'line')} {is_} {where}. "
            f"To take {them} out, use Remove statement on the Statements screen.",
        )

    def remove_statement(self, source_file: str) -> TaskHandle | None:
        """Take a statement out after asking, so a wrongly read file can be imported again.

        The question says which decisions removing it withdraws: they are read off the GUI
        thread (a workspace query: a quarter of a second for 10,000 decisions), and the
        question is asked when they are. Asked again meanwhile, the latest ask wins."""
        if self._wait_for_opening("Removing", lambda: self.remove_statement(source_file)):
            return None
        if self._wait_for_save("Removing", lambda: self.remove_statement(source_file)):
            return None
        services = self._services

        def read(progress: ProgressCallback, cancel: CancelToken) -> StatementDecisions:
            progress(0, None, f"reading the decisions on {source_file}")
            return services.decisions_on_statement(source_file)

        return self._runner.run_in_thread(
            f"Reading the decisions on {source_file}",
            read,
            lambda decided: self._confirm_removal(source_file, decided),
            key="removal question",
        )

    def _confirm_removal(self, source_file: str, decided: StatementDecisions) -> None:
        """Ask, with the decisions ``decided`` on the statement's lines; remove it if yes."""
        count = sum(1 for line in self._session.lines if line.source_file == source_file)
        question = _removal_question(source_file, count, self._services.workspace_path(), decided)
        if not self._dialogs.confirm(self._window, "Remove statement", question):
            return
        services = self._services
        undo_cleared = self._clear_undo()  # the removal may withdraw any step's decision

        def work(progress: ProgressCallback, cancel: CancelToken) -> RemovalResult:
            progress(0, None, f"removing {source_file}")
            return services.remove_statement(source_file)

        def done(result: RemovalResult) -> None:
            self._statement_removed(result, undo_cleared)

        self._runner.run_in_thread(f"Removing {source_file}", work, done, cancellable=False)

    def _clear_undo(self) -> bool:
        """Forget the undo history; whether there was any. A removal withdraws decisions
        its steps would undo (the workspace then refuses them) and shows matches its
        steps refer to: none of it can be undone any more."""
        stack = self._session.undo_stack
        had = stack.count() > 0
        stack.clear()
        return had

    def _statement_removed(self, result: RemovalResult, undo_cleared: bool = False) -> None:
        # Cleared again, before the lines go: decisions made while it was being removed.
        undo_cleared = self._clear_undo() or undo_cleared
        self._session.remove_statement(result.source_file, result.kept_lines)
        # The decisions it withdrew no longer need review: their flags left force with
        # them, and must not be offered to keep (which would put them back in force on
        # lines the workspace no longer holds).
        self._session.refresh_review_flags()  # the banner follows (``_restate_flags``)
        self._say_breaks(result.statement_breaks)
        withdrawn = result.decisions_withdrawn
        self.message.emit(f"Removed {removed_said(result)}")
        if withdrawn or result.decisions_carried or undo_cleared:  # said until dismissed
            self._banners.show_info(
                f"Removed {result.source_file}", _withdrawn_note(result, undo_cleared)
            )
        # Its matches must not outlive its lines: neither those shown nor those of a run
        # still going, which read the lines before they were removed.
        if self._session.reconciliation is not None or self._matching():
            self.run_matching()

    # -- matching and export -------------------------------------------------------------
    def _count_review(self, _change: object) -> None:
        self._reviewed += 1

    def _matching(self) -> bool:
        """Whether a matching run is under way."""
        return any(task.key == _MATCH for task in self._runner.active())

    def _note_matching(self, task: TaskHandle) -> None:
        """A task started or ended: the session knows whether matching runs, for the
        screens to say so (``ReviewSession.matching``)."""
        if task.key == _MATCH:
            self._session.set_matching(self._matching())

    def run_matching(self) -> TaskHandle | None:
        if self._wait_for_opening("Matching", self.run_matching) or self._wait_for_save(
            "Matching", self.run_matching
        ):
            return None
        invoices, lines = self._session.invoices, self._session.lines
        made_at, held = self._session.inputs_step, self._session.held_version
        since = self._session.since_run()
        services = self._services
        reviewed = self._reviewed

        def work(progress: ProgressCallback, cancel: CancelToken) -> _Matched:
            """The decisions read here, not on the GUI thread: a workspace query that
            grows with them (0.15 s for 20,000), which froze the window as matching
            began. One made before they are read is in the run; one made after, or while
            it runs, is caught by ``reviewed`` (``_matched`` runs it again). So too the
            words for the decisions it did not apply, from the decision log."""
            decisions = services.decisions()
            run = services.reconcile(invoices, lines, decisions, progress, cancel)
            not_applied = services.decisions_not_applied(run)
            rows = _rows(run, decisions, progress, invoices, lines, held)
            return _Matched(decisions, rows, not_applied)

        def show(done: _Matched) -> None:
            self._matched(done.run, reviewed, done.decisions, made_at, since)
            if reviewed == self._reviewed:  # shown, not run again
                self._say_not_applied(done.not_applied)

        return self._runner.run_in_thread("Matching", work, show, key=_MATCH)

    def _matched(
        self,
        run: RunRows,
        reviewed: int,
        decisions: Sequence[Decision],
        made_at: int,
        since: SinceRun,
    ) -> None:
        """Show the run (with the rejections among ``decisions``, which it was made with:
        its rows made on its worker), unless a decision was made (or undone) while it
        ran: it would show that match as if the decision had never been made, and clear
        its undo step. Then the matching runs again, with every decision. A statement
        imported or invoices fetched while it ran are not in it: the screens go on saying
        so (``made_at``).

        After decisions alone (``since``), a run pairing what the screen shows in the
        states it shows them keeps the undo history, as the export's run does
        (``_adopted``): pressing Match to see the engine's word on one's decisions no
        longer takes Undo away when the engine changed nothing."""
        if reviewed != self._reviewed:
            self.run_matching()
            return
        reconciliation = run.reconciliation
        done = (
            f"Matching done: {counted(len(reconciliation.matches), 'match', 'matches')}, "
            f"{counted(len(reconciliation.discrepancies), 'discrepancy', 'discrepancies')}."
        )
        # Compared (on this thread: 0.07 s at 100,000 rows) only where there is a history
        # to keep.
        history = self._session.undo_stack.count() > 0
        if history and self._adopted(since, run, decisions, made_at):
            self.message.emit(done)
            return
        # Otherwise the run's rows replace those the undo history's steps refer to, so the
        # history goes (``set_reconciliation``); the decisions stay, saved. Said when Undo
        # had something to undo, so its going grey is not a mystery.
        could_undo = self._session.undo_stack.canUndo()
        self._session.set_reconciliation(run, decisions, made_at)
        if could_undo:
            done += f" {UNDO_CLEARED_BY_RUN}"
        self.message.emit(done)

    def export(self) -> TaskHandle | None:
        """Export the review. After decisions the run is refreshed first, so the workbook
        (and then the screens) reflect every decision made: those being saved too, which
        it waits for (``_wait_for_save``)."""
        if self._wait_for_save("The export", self.export):
            return None
        return self._export(retry=False)

    def _export(self, retry: bool) -> TaskHandle | None:
        """``export``; ``retry``: another name asked for after one was refused, in the
        same export: the accountant already chose to export without the invoices some
        provider's fetch left out (``_may_export``), not asked again, and the refusal
        stays beside what the export does next. Otherwise, once a name is chosen, what
        the export before said is taken away: this one says what is true now."""
        current = self._session.reconciliation
        if current is None:
            self._banners.show_info(
                "Nothing to export yet",
                "Fetch invoices, import a statement and run matching first.",
            )
            return None
        if not retry and not self._may_export(current):
            return None
        days = report_days(self._session.fetch_period, current.period_start, current.period_end)
        name = suggested_report_name(*days)
        path = self._dialogs.choose_export_path(self._window, self._export_folder() / name)
        if path is None:
            return None
        if not retry:
            self._export_said.say(None)
        self._last_export_folder = path.parent
        since = self._session.since_run()
        stale = bool(since)
        invoices, lines = self._session.invoices, self._session.lines
        fetched = self._session.fetch_period  # what the Summary says the period is
        covered = self._session.covered()  # the statements' first date, for its note
        first = covered[0] if covered else None
        made_at, held = self._session.inputs_step, self._session.held_version
        # The decisions themselves are read on the worker (0.15 s for 20,000): here only
        # which of their versions the run shown holds, when it is not stale.
        shown = self._services.decisions_version()
        services = self._services

        def write(progress: ProgressCallback, cancel: CancelToken) -> _Export | _Refused:
            """The report written, and the run refreshed for it made into the screen's
            rows (none when the run shown was written). The collector is paused: a full
            collection over a large workspace's objects holds the interpreter lock for
            most of a second, the window frozen with it (``gc_pause``)."""
            with gc_pause.paused():
                problem = services.export_target_problem(path)
                if problem is not None:  # before anything is read, matched or written
                    return _Refused(problem)
                version, decisions = services.versioned_decisions()
                if not stale and version == shown:
                    written = services.export_report(
                        current, decisions, path, progress, cancel, fetched, first
                    )
                    return _Export(version, decisions, None, written)
                run = services.reconcile(invoices, lines, decisions, progress, cancel)
                written = services.export_report(
                    run, decisions, path, progress, cancel, fetched, first
                )
                rows = _rows(run, decisions, progress, invoices, lines, held)
                return _Export(
                    version, decisions, rows, written, services.decisions_not_applied(run)
                )

        def work(progress: ProgressCallback, cancel: CancelToken) -> _Exported:
            """``write``; stopped by Cancel, ``_Cancelled`` once it has stopped (the
            temporary file removed), so the window says what Cancel did when it is done."""
            try:
                return write(progress, cancel)
            except OperationCancelledError:
                return _Cancelled()

        def show(done: _Exported) -> None:
            if isinstance(done, _Refused):
                self._export_refused(path, done.reason)
            elif isinstance(done, _Cancelled):
                self._export_cancelled(path)
            else:
                self._exported(since, done, made_at)

        def show_anyway(done: _Exported) -> None:
            """After Cancel: the worker stopped before the report replaced anything, or,
            Cancel having come as it was being moved into place, wrote it: shown then as
            any export is, rather than nothing said of a report that is there."""
            if isinstance(done, _Export):
                self._exported(since, done, made_at)
            else:
                self._export_cancelled(path)

        return self._runner.run_in_thread(
            "Exporting",
            work,
            show,
            lambda failure: self._export_failed(path, failure),
            key="export",
            done_anyway=self._if_still_shown(show_anyway),
            when_closed=WhenClosed(
                f"an export to {path.name}",
                f"{path.name} is not written; a report already there stays as it was",
            ),
        )

    def _export_failed(self, path: Path, failure: TaskFailure) -> None:
        """The export failed: the status bar says so (it went on saying what the work
        before had done), the export's banner says the failure, and what the report
        exported earlier to ``path`` holds, if one was (``_say_earlier_report``). A
        refusal (the report cannot be written there, a workspace refused while reading
        it) leaves no report written (``_export_not_written``); a bug is not claimed to
        have left none."""
        if failure.expected:
            self._export_not_written(path, "failed")
        else:
            self.message.emit("Export failed.")
        self._export_said.add(BannerText("error", failure.title, failure.message, failure.details))
        self._say_earlier_report(path)

    def _export_cancelled(self, path: Path) -> None:
        """Cancel stopped the export before the report was written: said in the status
        bar, and what the report exported earlier to ``path`` holds, if one was."""
        self._export_not_written(path, "cancelled")
        self._say_earlier_report(path)

    def _say_earlier_report(self, path: Path) -> None:
        """After an export to ``path`` that wrote nothing, what the report this window
        exported there before holds: its "Report exported" banner went with the export
        that failed (its Open showed a workbook without the decisions made since, as if
        it were the report of them). Out of date, it is said so; nothing is said of a
        file this window did not export, or that changed since it did (``_Report``).
        Said, it then follows the report (``_restate_report``)."""
        lacks = self._report_lacks(path)
        if lacks is not None:
            self._say_report(path, self._report_state(path, lacks), lacks)

    def _say_report(self, path: Path, said: BannerText, lacks: str | None) -> None:
        """Show ``said``, the export's word on what the report at ``path`` holds (it
        lacks ``lacks``, as ``_report_lacks`` says it), and follow it from now on."""
        self._report_said = _ReportSaid(self._export_said.add(said), path, lacks)

    def _restate_report(self, _changed: object = None) -> None:
        """Keep the export's banner on what a report holds ("Report exported", "still up
        to date") to what it holds now, whenever the decisions, statements or invoices
        change: the green "Report exported" stayed up after later decisions, its Open
        the only place that said the workbook no longer held them. Once the report lacks
        something, or the file there is no longer the one exported, the banner says so
        in its place (``_report_state``), the export's other banners kept; each further
        change it does not hold yet is added to what it says. Looked at when the review
        changes (the decisions' version, the inputs' step, one look at the file's size
        and time), never by a timer polling the disk. Once dismissed (or replaced by the
        next export's banners) it is followed no more, nor brought back.

        An undo that brings the decisions in force back to those the report holds does
        not make it up to date again: the decisions' version counts changes, not states
        (two states are not told equal without reading every decision), and the report's
        Audit sheet lists every entry of the decision log, so the decision and its undo
        are both missing from it. What it holds is then known to differ, and the banner
        goes on saying it is out of date: another export holds them."""
        said = self._report_said
        if said is None:
            return
        if said.banner not in self._banners.banners():
            self._report_said = None
            return
        lacks = self._report_lacks(said.path)
        if lacks == said.lacks:
            return
        banner = self._export_said.replace(said.banner, self._report_state(said.path, lacks))
        self._report_said = _ReportSaid(banner, said.path, lacks)

    def _report_state(self, path: Path, lacks: str | None) -> BannerText:
        """The banner on what the report this window exported to ``path`` holds, by what
        it lacks (``_report_lacks``): still up to date (""), out of date, or (None) no
        longer known, the file having been replaced, changed or removed since."""
        if lacks is None:
            return BannerText(
                "warning",
                f"{path.name} changed since it was exported",
                f"{path} is no longer the report exported earlier (it was replaced, changed "
                "or removed since), so what it holds is not known here: export again for a "
                "report of the review as it is now.",
            )
        if lacks:
            return BannerText(
                "warning",
                f"{path.name} is out of date",
                f"{path} is the report exported earlier; it does not hold {lacks}: "
                "export again to include them.",
                actions=(("Open earlier report", lambda: self._open_report(path)),),
            )
        return BannerText(
            "info",
            f"{path.name} is still up to date",
            f"{path} is the report exported earlier, and it holds the decisions, "
            "statements and invoices as they are now.",
            actions=(("Open", lambda: self._open_report(path)),),
        )

    def _report_lacks(self, path: Path) -> str | None:
        """What the report this window exported to ``path`` does not hold of what the
        review holds now ("" where nothing: it is up to date); None where it exported
        none there, or the file has changed since (``_Report.stamp``)."""
        report = self._reports.get(path)
        if report is None or report.stamp is None or report.stamp != _stamp(path):
            return None
        return report.lacks(self._services.decisions_version(), self._session.inputs_step)

    def _export_not_written(self, path: Path, how: str) -> None:
        """An export that ``how`` ("failed", "cancelled") before the report was written:
        the report is made beside ``path`` and moved over it only once whole
        (``export.atomic``), so no report was written and a file already at ``path``
        (last month's report) is as it was, which the status bar says."""
        try:
            there = path.is_file()
        except OSError:  # a folder on the way that cannot be read: nothing to say of it
            there = False
        kept = f"; the {path.name} already there is as it was" if there else ""
        self.message.emit(f"Export {how}: no report was written{kept}.")

    def _may_export(self, current: Reconciliation) -> bool:
        """Whether to go on with an export: yes where every provider's invoices of the
        report's period were fetched; otherwise the accountant is asked, naming the
        providers whose fetch failed or was cancelled, and Cancel exports nothing. The
        report would otherwise read their invoices' payments as matching no invoice."""
        period = report_period(current, self._session.fetch_period)
        missing = self._services.unfetched_providers(period)
        if not missing or self._dialogs.confirm_export_without(self._window, missing, period):
            return True
        names = and_list([shortfall.provider for shortfall in missing])
        self.message.emit(
            f"Export cancelled: {names}'s invoices of the period were not fetched; "
            "fetch invoices again (F5) to get them."
        )
        return False

    def _export_folder(self) -> Path:
        """Where the export dialog opens: where the last report went, else beside the
        workspace (a client's folder), else the home folder."""
        if self._last_export_folder is not None:
            return self._last_export_folder
        workspace = self._services.workspace_path()
        return workspace.parent if workspace is not None else Path.home()

    def _open_report(self, path: Path) -> None:
        """The workbook handed to the desktop's spreadsheet program; where none takes it
        (or the file was moved since), said, with where the file is."""
        if not path.exists():
            self._banners.show_error(
                f"Cannot open {path.name}", f"{path} is no longer there: export again."
            )
        elif not self._dialogs.open_with_desktop(path):
            self._banners.show_error(
                f"Cannot open {path.name}",
                f"No program on this computer opens it from here; it is at {path}.",
            )
        elif lacks := self._report_lacks(path):  # opened: not presented as current
            self.message.emit(
                f"Opened {path.name}, exported earlier: it does not hold {lacks}; export "
                "again to include them."
            )

    def _export_refused(self, path: Path, reason: str) -> None:
        """The name chosen is a file the report must not replace (a statement imported,
        the workspace): say so, and ask for another name at once."""
        self._export_said.add(BannerText("error", f"Report not written to {path.name}", reason))
        self._export(retry=True)

    def _exported(self, refreshed: SinceRun, done: _Export, made_at: int) -> None:
        """Show the run the export refreshed (``done.run``: its rows, with the rejections
        among the decisions it was made with, made on its worker; None when the run shown
        was written as it was), unless decisions were made since its worker read them
        (``done.version``): the screens then keep them, and say matching has not run
        since, and the banner says the workbook does not hold them, since the accountant
        saw them made before it was done. So too for statements imported or removed, and
        invoices fetched, meanwhile (``made_at``).

        After decisions alone, the refreshed run keeps the undo history when it shows
        the matches as the screen did (``ReviewSession.adopt_run``). Otherwise showing it
        clears the history (its steps are of the matches of the run before), and the
        banner says so: Ctrl+Z otherwise silently does nothing after an export."""
        cleared = ""
        run, path = done.run, done.path
        # A step being saved is a decision made since, committed or not yet.
        decided_since = done.version != self._services.decisions_version() or self._session.saving
        adopt = (done.decisions, made_at)
        if run is not None and not decided_since and not self._adopted(refreshed, run, *adopt):
            if self._session.undo_stack.count():
                changed = "" if refreshed.inputs_changed() else _PAIRED_ANEW
                cleared = (
                    f" Matching ran again first ({refreshed.said()} since it last ran){changed}, "
                    "which cleared the undo history: Undo no longer reaches the decisions made "
                    "before the export."
                )
            self._session.set_reconciliation(run, *adopt)
        if run is not None and not decided_since:  # the run shown: adopted, or set above
            self._say_not_applied(done.not_applied)
        report = self._reports[path] = _Report(done.version, made_at, _stamp(path))
        # What it lacks already (made while it was written): the banner follows it from here.
        lacks = report.lacks(self._services.decisions_version(), self._session.inputs_step)
        if decided_since:
            said = BannerText(
                "info",
                "Report exported without the latest decisions",
                f"{path} holds the decisions made before the export began; those made "
                "while it was written are not in it: export again to include them.",
            )
            self._say_report(path, said, lacks)
            return
        if made_at != self._session.inputs_step:
            said = BannerText(
                "info",
                "Report exported without the latest statements or invoices",
                f"{path} holds the statements and invoices as they were when the export "
                "began; those imported, removed or fetched while it was written are not "
                "in it: export again to include them." + cleared,
            )
            self._say_report(path, said, lacks)
            return
        said = BannerText(
            "info",
            "Report exported",
            f"{path}{'.' if cleared else ''}{cleared}",
            actions=(("Open", lambda: self._open_report(path)),),
        )
        self._say_report(path, said, lacks)
        self.message.emit(f"Exported {path.name}.")

    def _adopted(
        self, refreshed: SinceRun, run: RunRows, decisions: Sequence[Decision], made_at: int
    ) -> bool:
        """Whether a run (the export's, or matching's) was shown keeping the undo
        history: only when no more than decisions changed since the last run
        (statements or invoices changed since change the rows the history refers to)."""
        if refreshed.inputs_changed():
            return False
        return self._session.adopt_run(run, decisions, made_at)

    # -- workspace, audit, about ---------------------------------------------------------
    def open_workspace(self, path: Path | None = None, create: bool = False) -> TaskHandle | None:
        """Open (or create) a workspace in the background; the window fills when it loads.
        Its lines are keyed on the worker, as an import's are (``_Landing``).

        Refused while other work runs: that work belongs to the current workspace and
        stores into it as it finishes, so switching under it would mix two workspaces.
        """
        busy = self._runner.active()
        if busy:
            self._banners.show_info(
                "Still working",
                f"Wait for “{busy[-1].name}” to finish, or cancel it, then open the workspace.",
            )
            return None
        chosen = path or self._dialogs.choose_workspace(self._window, create)
        if chosen is None:
            return None
        services = self._services

        def work(progress: ProgressCallback, cancel: CancelToken) -> _Landing[WorkspaceContents]:
            progress(0, None, f"loading {chosen.name}")
            with gc_pause.paused():  # a large workspace's objects, as an import's
                return _Landing.of(services.open_workspace(chosen, create))

        doing = "create" if create else "open"

        def failed(failure: TaskFailure) -> None:  # corrupt, newer or locked: keep working
            self._banners.show_error(f"Could not {doing} {chosen.name}", failure.message)

        self._opening = self._runner.run_in_thread(
            f"Opening {chosen.name}",
            work,
            self._workspace_loaded,
            failed,
            cancellable=False,  # once switched, the window must show the new workspace
        )
        return self._opening

    def _workspace_loaded(self, landing: _Landing[WorkspaceContents]) -> None:
        contents = landing.result
        self._loaded += 1
        self._reports.clear()  # another workspace's decisions, numbered as it numbers them
        self._report_said = None  # its report's banner stays as said: this one's are not in it
        self._early.say(None)  # another workspace's run's note: this one's is said afresh
        self._late.say(None)
        self._not_applied.say(None)
        # Another workspace's flags, numbered as that one numbers them: its banner goes
        # before its flags do, and this one's are said below.
        self._forget_flags(dismiss=True)
        self._session.load(
            contents.invoices,
            landing.keyed,
            contents.reconciliation,
            contents.statements,
            contents.decisions,
            contents.review_flags,
            contents.fetch_period,
            contents.stated_periods,
        )
        self.settings_loaded.emit(list(contents.matching_settings))
        self._say_breaks(contents.statement_breaks, anew=True)
        self._say_period_change(contents.period_change)
        self._say_stored_settings(contents.settings_set_aside, contents.settings_unknown)
        self.workspace_opened.emit(contents.path)
        if contents.review_flags:  # flagged by an earlier fetch, not yet decided again
            self._show_review_flags(contents.review_flags)
        self._say_left_out(contents.left_out, anew=True)  # left out until fetched again
        self._say_undocumented(undocumented_statuses(contents.invoices), anew=True)
        if contents.reconciliation is None and contents.invoices and contents.lines:
            self.run_matching()  # the workspace keeps decisions, not runs: rebuild the run

    def _say_not_applied(self, not_applied: DecisionsNotApplied | None) -> None:
        """A banner after a run that did not apply some decisions in force (an invoice or
        line each names is not in the run), its details naming each by its entry, its
        invoices and lines and why, in the words of the report's section and Audit sheet
        (``DecisionsNotApplied``, read on the run's worker); none after a run that applied
        them all. The workbook listed them, and the window said nothing: a rejection set
        aside let the engine propose again the pairing the accountant had refused."""
        said = None
        if not_applied is not None and not_applied.count:
            count = not_applied.count
            message = (
                f"This run did not apply {counted(count, 'decision')} in force: an "
                f"invoice or statement line {plural(count, 'it names', 'each names')} is not "
                "in the run. Details names "
                f"{plural(count, 'it', 'each')} and why, as the exported report does."
            )
            details = "\n".join(not_applied.said())
            said = BannerText("warning", NOT_APPLIED_TITLE, message, details)
        self._not_applied.say(said)

    def _say_period_change(self, change: PeriodChange | None) -> None:
        """A banner where command-line runs changed the period under review since the
        window last showed the workspace (``Workspace.period_change``); none otherwise,
        another workspace's taken away. Said once: the workspace forgets it as it opens."""
        said = None
        if change is not None:
            said = BannerText("warning", PERIOD_CHANGED_TITLE, period_change_said(change))
        self._period_changed.say(said, anew=True)

    def _say_stored_settings(self, set_aside: Sequence[str], unknown: str | None) -> None:
        """A banner naming each stored matching setting refused and set aside for its
        default, and one naming those of another version, ignored; none otherwise,
        another workspace's taken away. The workspace opens with all it holds either way:
        a refused setting once refused the whole workspace."""
        said = None
        if set_aside:
            message = " ".join(f"{capitalised(each)}." for each in set_aside)
            said = BannerText("warning", STORED_SETTINGS_REFUSED, message)
        self._settings_set_aside.say(said, anew=True)
        said = None
        if unknown is not None:
            said = BannerText("warning", STORED_SETTINGS_UNKNOWN, f"{capitalised(unknown)}.")
        self._settings_unknown.say(said, anew=True)

    def matching_settings_saved(self) -> None:
        """Settings saved the matching settings: the values set aside are written over,
        and their banner no longer holds (those of another version stay, and so does
        theirs)."""
        self._settings_set_aside.say(None)

    def _say_left_out(self, problems: Sequence[InvoiceProblem], anew: bool = False) -> None:
        """A banner for each provider's invoices left out of the reconciliation (their
        payments show as unmatched), kept to those in force: replaced when the provider
        answers with others, taken away when it answers with none, and not said again
        when a fetch brings the same. ``anew``: another workspace's, said however worded."""
        grouped = _by_provider(problems)
        for provider in dict.fromkeys([*self._left_out, *grouped]):  # said before, or now
            left_out = grouped.get(provider)
            said = None
            if left_out:
                details = "\n".join(str(problem) for problem in left_out)
                title = f"Invoices left out from {provider}"
                said = BannerText("warning", title, _left_out_message(left_out), details)
            slot = self._left_out.setdefault(provider, BannerSlot(self._banners))
            slot.say(said, anew=anew)

    def _say_undocumented(
        self, undocumented: Sequence[UndocumentedStatus], anew: bool = False
    ) -> None:
        """One banner naming the invoices under review with a status word their provider
        does not document, said after a fetch and as a workspace opens: kept, their status
        unknown, and reconciled as still owed (in the words of ``reconcile``'s stderr and
        the report's Summary). Replaced when a fetch changes them, taken away when none is
        left, not said again after a fetch for the same. Before, the word reached only the
        log file; then such an invoice was left out, its payment unexplained."""
        said = None
        if undocumented:
            details = "\n".join(str(each) for each in undocumented)
            said = BannerText(
                "warning", UNDOCUMENTED_TITLE, _undocumented_message(undocumented), details
            )
        self._undocumented.say(said, anew=anew)

    def load_and_match(
        self, statements: Sequence[Path], mapping: ColumnMapping | None = None
    ) -> None:
        """Import the statements, fetch the invoices issued in their period, then match.

        The period rule is the one ``desktop-app reconcile`` applies by default, so the demo
        shows what the headless report would say, not every invoice of the providers'
        whole history listed as unpaid against a few months of statements.
        """
        if self._wait_for_opening("Importing", lambda: self.load_and_match(statements, mapping)):
            return
        imports = [self._import(path, mapping) for path in statements]
        self.after(imports, self._fetch_statement_period_then_match)

    def _fetch_statement_period_then_match(self) -> None:
        period = self._session.covered()
        self.after([self.fetch(period)], self.run_matching)

    def _say_breaks(self, breaks: tuple[StatementBreak, ...], anew: bool = False) -> None:
        """One banner naming each break between the statements held (one account's later
        statement opening at another balance than its earlier one left, or two that
        overlap disagreeing), then each pair not compared because they clash (as the
        Summary says it: without it, two files passed over read as two that follow each
        other), kept to what is held now: replaced when an import or a removal changes
        them, taken away when none is left, and not shown again for those already said
        (and perhaps dismissed). Its title says which kinds it holds (``breaks_title``).
        ``anew``: another workspace's statements, whose breaks are said however worded."""
        texts = [each.text for each in breaks]
        title = breaks_title([each.kind for each in breaks])
        said = BannerText("warning", title, " ".join(texts), "\n".join(texts))
        self._breaks.say(said if breaks else None, anew=anew)

    def _say_early_payments(self) -> None:
        """Where the run shown is of invoices fetched from the statements' first date (the
        period offered for them), payments received unmatched in its first month may pay
        invoices issued before it, which were not fetched: said as ``reconcile`` says it
        on stderr (``domain.period.early_unmatched_payments``, ``wording.early_payments``),
        with the window's way to fetch earlier. One banner, kept to the run shown:
        replaced when the note changes, taken away when none is left (no run, a run
        without such payments, or one of a period begun earlier), and not shown again for
        the note already said (and perhaps dismissed)."""
        run = self._session.reconciliation
        start = None
        if run is not None:
            covered = self._session.covered()
            first = covered[0] if covered else None
            start = fetched_from_statements(self._session.fetch_period, run, first)
        early = None if run is None or start is None else EarlyPayments.of(run, start)
        said = None if early is None else early_payments(early, day_text, EARLIER_FETCH) + "."
        self._early.say(None if said is None else BannerText("info", EARLY_PAYMENTS_TITLE, said))

    def _say_late_lines(self) -> None:
        """The counterpart of ``_say_early_payments`` at the period's end: where the
        statements run past the end of the period fetched (a statement to 30 Nov, the
        invoices fetched to 27 Nov), the run's lines dated after it that pay none of its
        invoices may pay invoices issued after it, which were not fetched. Said as the
        report's Summary counts them ("Lines outside the period": ``outside_period``,
        ``wording.late_lines``), with the window's way to fetch to a later date, where
        any pays none; one banner, kept to the run shown, as the early payments' is.
        A run whose last line is within the period (most) is not gone over."""
        run, period = self._session.reconciliation, self._session.fetch_period
        end = None if period is None else period.end
        said = None
        if run is not None and end is not None and run.period_end and run.period_end > end:
            late = outside_period(run, None, end)
            if late.unmatched:
                text = late_lines(late, end, day_text, LATER_FETCH) + "."
                said = BannerText("info", LATE_LINES_TITLE, text)
        self._late.say(said)

    def _show_review_flags(self, flags: Sequence[ReviewFlag]) -> None:
        """Say that ``flags`` (a fetch raised them, or the workspace opened holds them)
        need review, in a banner that then follows them (``_restate_flags``)."""
        self._flags_said = tuple(flags)
        self._flags_banner = None
        self._name_flags(self._flags_said)

    def _name_flags(self, flags: tuple[ReviewFlag, ...]) -> None:
        title, message, details = review_flags.banner(flags, self._session.invoice)
        banner = self._banners.show_message("warning", title, message, details)
        self._flags_banner = (banner, flags)

    def _restate_flags(self, _changed: object = None) -> None:
        """Keep the review banner to the flags it said that are still in force, whenever
        the flags change (``review_flags_changed``): a decision decided again or withdrawn
        (its statement removed, say) is no longer named, and with none left the banner
        goes; an undo that puts one back in force names it again, and brings the banner
        back if it had gone for want of flags. Once dismissed, it is not brought back."""
        said, shown = self._flags_said, self._flags_banner
        if not said:
            return
        if shown is not None and shown[0] not in self._banners.banners():
            self._forget_flags()  # dismissed (or pushed out by newer banners)
            return
        # A flag is known by its decision's pairing and its invoice, not its number: an
        # undo puts the decision back in force flagged anew, under another number.
        about = set(map(_flag_key, said))
        kept = tuple(
            flag
            for found in self._session.review_flags
            for flag in found
            if _flag_key(flag) in about
        )
        if Counter(map(_flag_key, kept)) == Counter(map(_flag_key, shown[1] if shown else ())):
            return
        if shown is not None:
            self._banners.dismiss(shown[0])
            self._flags_banner = None
        if kept:
            self._name_flags(kept)

    def _forget_flags(self, dismiss: bool = False) -> None:
        """Stop following the flags said (and take their banner away if ``dismiss``)."""
        if dismiss and self._flags_banner is not None:
            self._banners.dismiss(self._flags_banner[0])
        self._flags_said, self._flags_banner = (), None

    def after(self, handles: Sequence[TaskHandle | None], then: Callable[[], object]) -> None:
        """Call ``then`` once every task in ``handles`` has finished, however it ended."""
        pending = {handle for handle in handles if handle is not None}
        if not pending:
            then()
            return

        def settled(handle: TaskHandle) -> None:
            pending.discard(handle)
            if not pending:
                self._runner.finished.disconnect(settled)
                then()

        self._runner.finished.connect(settled)

    def show_invoice_audit(self, invoice: Invoice) -> None:
        self._show_audit(f"invoice {invoice.label} ({invoice.provider})", invoice=invoice.key)

    def show_line_audit(self, line: StatementLine) -> None:
        self._show_audit(f"{line.source_file} row {line.row}", line=line.key)

    def _show_audit(
        self, title: str, invoice: InvoiceKey | None = None, line: LineKey | None = None
    ) -> None:
        """The audit trail of ``invoice`` or ``line``, read on this thread (one query).
        Refused (no workspace is open: the trail is kept in one), the banner says so and
        what to do, as for a task's refusal: asked from a menu, the refusal escaped to the
        application's handler, shown as an unexpected error with a traceback. A bug
        still goes there, traceback and all."""
        try:
            entries = self._services.audit_trail(invoice=invoice, line=line)
        except Exception as error:
            if not isinstance(error, Refusal):
                raise
            failure = TaskFailure.from_exception(f"Showing the audit trail of {title}", error)
            self._banners.show_error(failure.title, failure.message, failure.details)
            return
        self._dialogs.show_audit(self._window, title, entries)

    def show_about(self) -> None:
        self._dialogs.show_about(self._window, self._services.about())


def _flag_key(flag: ReviewFlag) -> tuple[object, InvoiceKey]:
    """What a flag is about: its decision's pairing and the invoice that changed."""
    return flag.decision.pairing, flag.invoice


def _rows(
    reconciliation: Reconciliation,
    decisions: Sequence[Decision],
    progress: ProgressCallback,
    invoices: Sequence[Invoice],
    lines: Sequence[StatementLine],
    held: int,
) -> RunRows:
    """A run made into the Reconcile screen's rows, on the worker that made it: their
    pairings and index cost the GUI thread seconds at 100,000 matches (and the worker a
    second or so, said as a stage). So are the rest of the screens of it (``RunLanding``:
    the Unmatched panels' rows, the discrepancies' groups, the Overview's figures), from
    the ``invoices`` and ``lines`` the run was made of, held by the session at its
    ``held_version`` ``held``: seconds more of the GUI thread at 200,000 lines. The
    collector is paused over the objects built, as over the run's (``gc_pause``)."""
    progress(
        0, None, f"arranging {counted(len(reconciliation.matches), 'match', 'matches')} for review"
    )
    with gc_pause.paused():
        return RunRows.of(reconciliation, decisions).landed(invoices, lines, held)


# Why Undo went grey after a matching run (said in the status bar): its steps were of the
# run before, whose rows are gone.
UNDO_CLEARED_BY_RUN = "Undo history cleared by the new run; your decisions are kept."

# Why an export after decisions alone cleared the undo history: its run differs from the
# screen (the engine paired anew an invoice or a line those decisions left open, say).
_PAIRED_ANEW = " and its matches differ from those shown"


class _WithLines(Protocol):
    """A worker's result carrying statement lines: an import's, or a workspace's as opened."""

    @property
    def lines(self) -> Sequence[StatementLine]: ...


_Result = TypeVar("_Result", bound=_WithLines)


@dataclass(frozen=True, slots=True)
class _Landing(Generic[_Result]):
    """A worker's result (an import's, a workspace opened) with its lines by key, made on
    the worker: the GUI thread then takes them as they are (building 200,000 keys there
    froze the window a second)."""

    result: _Result
    keyed: dict[LineKey, StatementLine]

    @classmethod
    def of(cls, result: _Result) -> _Landing[_Result]:
        return cls(result, {line.key: line for line in result.lines})


@dataclass(frozen=True, slots=True)
class _Cancelled:
    """An import or export that stopped at Cancel, as its worker hands it back: nothing
    was kept, or written."""


@dataclass(frozen=True, slots=True)
class _Refused:
    """Work the worker refused, as it hands it back: an import the file refused as mapped
    in the wizard (``ImportRefusedError``: nothing was stored, and the wizard reopens
    saying ``reason``), or an export to a file the report must not replace (nothing was
    written, and the save dialog opens again)."""

    reason: str


@dataclass(frozen=True, slots=True)
class _Export:
    """A report the export's worker wrote to ``path``: the ``decisions`` it read, at their
    ``version`` (``AppServices.versioned_decisions``), and the run it made with them as
    the screen's rows, or None where it wrote the run shown, which held them already;
    with the decisions that run did not apply (``not_applied``)."""

    version: int
    decisions: tuple[Decision, ...]
    run: RunRows | None
    path: Path
    not_applied: DecisionsNotApplied | None = None


@dataclass(frozen=True, slots=True)
class _Matched:
    """A matching run's worker's result: the ``decisions`` it was made with, its rows, and
    the decisions it did not apply, said as its report would say them."""

    decisions: Sequence[Decision]
    run: RunRows
    not_applied: DecisionsNotApplied | None


@dataclass(frozen=True, slots=True)
class _Report:
    """A report this window exported: the decisions' ``version`` it holds and the
    session's ``inputs_step`` (statements and invoices) it was made at, and its file's
    ``stamp`` as written, by which it is known to be that report still: a file replaced
    since (by another program, or a later export) is not claimed to hold them."""

    version: int
    inputs_step: int
    stamp: tuple[int, int] | None

    def lacks(self, version: int, inputs_step: int) -> str:
        """What it does not hold of the review at the decisions' ``version`` and the
        session's ``inputs_step`` ("" where nothing: it is up to date)."""
        lacks = []
        if version != self.version:
            lacks.append("the decisions made or undone since")
        if inputs_step != self.inputs_step:
            lacks.append("the statements or invoices imported, removed or fetched since")
        return " or ".join(lacks)


@dataclass(frozen=True, slots=True)
class _ReportSaid:
    """The export's ``banner`` on what the report at ``path`` holds, and what it said the
    report lacks (``Workflows._report_lacks``): followed as the review changes."""

    banner: Banner
    path: Path
    lacks: str | None


def _stamp(path: Path) -> tuple[int, int] | None:
    """A file's size and time of last change, to tell whether it was replaced; None where
    it cannot be read (gone, a folder on the way unreadable)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


@dataclass(frozen=True, slots=True)
class _Changed:
    """An import from the wizard the worker stopped because the file is no longer the one
    the wizard showed (``StatementChangedError``): nothing was stored."""


# What an import's worker hands back.
_Outcome = _Landing[ImportResult] | _Refused | _Changed | _Cancelled
# What an export's worker hands back.
_Exported = _Export | _Refused | _Cancelled


def _changed_since_reviewed(path: Path) -> str:
    """Why an import from the wizard stopped when the file was saved again meanwhile."""
    return f"{path.name} changed since you reviewed it"


def _warnings_title(result: ImportResult) -> str:
    """What an import's warnings come to: '2 rows skipped, 1 note'. Only rows no line was
    read from are counted as skipped; a note on the file (a profile's drift, a balance
    column not used) or on a line read all the same skips none, and is said apart."""
    parts = [
        f"{count:,} {word if count == 1 else word + 's'}{suffix}"
        for count, word, suffix in (
            (result.skipped_rows, "row", " skipped"),
            (result.notes, "note", ""),
        )
        if count
    ]
    return ", ".join(parts) or f"{len(result.warnings):,} warning(s)"


def _same_file_note(result: ImportResult) -> str:
    """What importing a file already held comes to: nothing, said with the statement it
    already is (``SameStatement``: how many lines, and when it came in), so a copy saved
    under another name is not taken for a new statement."""
    if result.same_statement is not None:
        return str(result.same_statement)
    return f"{result.source_file} was already imported: nothing added."


def _removal_question(
    source_file: str, count: int, workspace: Path | None, decided: StatementDecisions
) -> str:
    """What removing a statement does, said before it is done: how many of the
    accountant's decisions on its lines are withdrawn, and of what kind, and how many go
    with a movement another statement also holds, or that none is on its lines. Without
    a workspace no decision was recorded, so there is nothing to withdraw or carry over."""
    where = "this workspace" if workspace is not None else "this session"
    shared = "Movements another imported statement also holds stay, under that statement."
    withdrawn = decided.withdrawn
    if workspace is None:
        effect = f"{shared} No decision is recorded without a workspace, so none is withdrawn."
    elif not withdrawn and not decided.carried:
        effect = (
            "No decision of yours (accepted, matched by hand or rejected) is on its lines, "
            f"so none is withdrawn. {shared}"
        )
    elif not withdrawn:
        effect = f"{shared} {_carried(decided.carried, ' on its lines')} None is withdrawn."
    else:
        them = "it" if len(withdrawn) == 1 else "them"
        effect = (
            f"{decisions_said(withdrawn, ' on its lines')} will be withdrawn; the audit trail "
            f"keeps {them}. {shared}"
        )
        if decided.carried:
            effect += f" {_carried(decided.carried, '', 'more ')}"
    what = f"{source_file} and its {counted(count, 'line')}" if count else source_file
    return (
        f"Remove {what} from {where}?\n\n{effect} "
        "You can then import the file again, with a corrected layout."
    )


def _carried(kinds: Sequence[DecisionKind], where: str, more: str = "") -> str:
    """The decisions on a movement another statement also holds, which go with it rather
    than being withdrawn: '1 decision on its lines (1 accepted) is on such a movement: it
    goes with it.'"""
    said = decisions_said(kinds, where, more)
    if len(kinds) == 1:
        return f"{said} is on such a movement: it goes with it."
    return f"{said} are on such movements: they go with them."


def _fetch_note(
    result: FetchResult, period: tuple[date, date] | None, outside: int, kept: str
) -> str:
    """The status bar's word on a fetch: how many invoices, of which dates, and what it
    took off the lists. A fetch Cancel stopped, or in which a provider failed, says so
    first, with the providers as its banners name them: "Fetched 0 invoices" alone read
    as a fetch that found none, not one that did not finish. ``kept`` is what follows
    the invoices outside the period (" (the workspace keeps them)", or nothing)."""
    issued = (
        f" issued {day_text(period[0])} to {day_text(period[1])}" if period else " of every date"
    )
    fetched = counted(len(result.invoices), "invoice")
    gone = len(result.missing)
    dropped = (
        f" {gone:,} invoice{' is' if gone == 1 else 's are'} no longer returned by "
        "the provider: taken off the lists."
        if gone
        else ""
    )
    if outside:
        dropped += (
            f" {counted(outside, 'invoice')} fetched before, outside the period, "
            f"{plural(outside, 'is', 'are')} off the lists{kept}."
        )
    if not (result.cancelled or result.failures):
        return f"Fetched {fetched}{issued}.{dropped}"
    unfinished = []
    if result.cancelled:
        one = len(result.cancelled) == 1
        unfinished.append(
            f"{and_list(result.cancelled)} stopped before {'it' if one else 'they'} finished"
        )
    if result.failures:
        failed = list(dict.fromkeys(failure.provider for failure in result.failures))
        unfinished.append(f"could not fetch from {and_list(failed)}")
    how = "Fetch cancelled" if result.cancelled else "Fetch finished with errors"
    return f"{how}: {fetched}{issued} fetched; {'; '.join(unfinished)}.{dropped}"


def _cancelled_note(result: FetchResult) -> str:
    """Which providers a Cancel stopped, for the banner: what the others fetched is kept."""
    names = result.cancelled
    one = len(names) == 1
    listed = and_list(names)
    note = (
        f"{listed} stopped before {'it' if one else 'they'} finished: "
        f"{'its' if one else 'their'} invoices were not fetched this time; fetch again to "
        "get them."
    )
    if result.invoices:
        note += " The invoices fetched from the other providers are kept."
    return note


def _withdrawn_note(result: RemovalResult, undo_cleared: bool = False) -> str:
    """What a removal withdrew, for the banner that stays until dismissed: the accountant
    decides those again once the file is imported again (``withdrawn_notes``, as the
    command line says it); and that Undo no longer reaches back past the removal, when
    there was anything to undo."""
    notes = withdrawn_notes(result)
    if undo_cleared:
        notes.append(
            "The undo history was cleared: Undo no longer reaches the decisions made "
            "before the removal."
        )
    return " ".join(notes)


def _previewed(
    services: AppServices,
    path: Path,
    progress: ProgressCallback,
    cancel: CancelToken,
    sheet: str | None = None,
    encoding: str | None = None,
) -> StatementPreview:
    """The wizard's preview of ``path`` (of its worksheet ``sheet``, or its text read in
    ``encoding``, when the accountant chose one), read on a worker: a large file's stages
    are said as they begin, and Cancel stops the read there, not after it."""
    with stages.as_progress(progress, cancel):
        return services.preview_statement(path, sheet, encoding)


def _summarised(
    services: AppServices,
    path: Path,
    mapping: ColumnMapping,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> ImportSummary:
    """What Import would bring in from ``path`` with ``mapping`` (as the wizard now sets
    it), read on a worker with its stages said and Cancel heard, as the preview is."""
    with stages.as_progress(progress, cancel):
        return services.summarise_statement(path, mapping)


class _PreviewAgain:
    """The wizard's ``PreviewRequests``: ``path`` read again with the accountant's
    choices on a worker, as the first preview was, for what Import would bring in, the
    latest request replacing any still running (its answer dropped). A choice the file
    refuses is answered with why, for the wizard to say in place of the summary; so is a
    file that no longer reads."""

    def __init__(self, runner: TaskRunner, services: AppServices, path: Path) -> None:
        self._runner, self._services, self._path = runner, services, path
        self._running: Latest[TaskHandle] = Latest(runner.cancel)

    def request(self, mapping: ColumnMapping, done: Callable[[ImportSummary | str], None]) -> None:
        services, path = self._services, self._path

        def work(progress: ProgressCallback, cancel: CancelToken) -> ImportSummary | str:
            try:
                return _summarised(services, path, mapping, progress, cancel)
            except ImportRefusedError as error:
                return error.reason

        self._running.start(
            lambda: self._runner.run_in_thread(
                f"Reading {path.name} as set in the wizard",
                work,
                done,
                lambda failure: done(failure.message),
            )
        )

    def cancel(self) -> None:
        self._running.cancel()


def _by_provider(problems: Sequence[InvoiceProblem]) -> dict[str, list[InvoiceProblem]]:
    grouped: dict[str, list[InvoiceProblem]] = {}
    for problem in problems:
        grouped.setdefault(problem.provider, []).append(problem)
    return grouped


def _left_out_message(problems: Sequence[InvoiceProblem]) -> str:
    """What the banner says of one provider's unusable invoices: the first by name."""
    first = problems[0]
    if len(problems) == 1:
        return f"{capitalised(first.label)} could not be used: {first.reason}. A payment of it will show as unmatched."
    return (
        f"{len(problems)} invoices could not be used, {first.label} among them: see Details. "
        "Their payments will show as unmatched."
    )


def _undocumented_message(undocumented: Sequence[UndocumentedStatus]) -> str:
    """What the banner says of the invoices of undocumented status: the one in full, or
    how many and the first by name, Details naming each."""
    first = undocumented[0]
    if len(undocumented) == 1:
        return f"{first}."
    return (
        f"{len(undocumented)} invoices carry a status word their provider does not document, "
        f"{first.provider}'s {first.label} among them: see Details. Each is kept with its "
        "status unknown and reconciled as still owed: check their status at the provider."
    )


# The order the title names the kinds in.
_TITLED = (BreakKind.DISAGREEMENT, BreakKind.GAP, BreakKind.CLASH)


def breaks_title(kinds: Sequence[BreakKind]) -> str:
    """The breaks banner's title, by the kinds it holds, in the words of their warnings'
    headings (``BreakKind``): each has its own remedy (import the statement between; keep
    the right one of two files; name each file's account), so a disagreement is not
    titled as movements missing, nor a clash as a break. Where it holds more than one
    kind, the title names each; where more than one of them, it counts the breaks and the
    clashes apart: a pair not compared is no break found."""
    held = [kind.value for kind in _TITLED if kind in kinds] or [BreakKind.GAP.value]
    named = held[0] if len(held) == 1 else f"{', '.join(held[:-1])}, and {held[-1]}"
    title = capitalised(named)
    if len(kinds) <= 1:
        return title
    clashes = sum(kind is BreakKind.CLASH for kind in kinds)
    counts = [
        counted(len(kinds) - clashes, "break") if len(kinds) > clashes else "",
        counted(clashes, "clash", "clashes") if clashes else "",
    ]
    return f"{title} ({', '.join(count for count in counts if count)})"
