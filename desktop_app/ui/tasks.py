"""One way to run long work without freezing the window: threads for CPU, asyncio for I/O.

The contract, whichever kind of work:
- ``work(progress, cancel)`` is a plain engine call: it reports through the
  ``ProgressCallback`` and polls the ``CancelToken``; it never touches a widget.
- exactly one of ``on_success(result)`` or ``on_failure(TaskFailure)`` runs afterwards, on
  the GUI thread, unless the task was cancelled or superseded (then neither runs); then
  ``finished`` is emitted;
- ``key``: a new task with the key of a running one cancels it ("last request wins"), so
  a stale re-fetch or re-match can never overwrite a newer one;
- ``cancellable=False``: for work whose effect outside the window cannot be taken back
  half-way (switching the open workspace); Cancel leaves it running, only shutdown stops it.
  Work that can be cancelled until its last step (a commit) marks that step on its token
  (``CancelToken.begin_final_step``): from then on it is not cancellable either;
- ``done_anyway``: for work that may pass the point of no return before it sees Cancel (an
  import that has stored its lines): if it still returns a result, that result goes there,
  so the window shows what was stored. Not after shutdown;
- failures nobody handles are emitted as ``failed`` for the error banner, and a caller's
  ``on_failure`` may pass one on there too (``pass_on``); an expected refusal (a file,
  setting or folder refused) says there what to do, a bug its traceback (``TaskFailure``);
- ``when_closed``: work the accountant would not want stopped unasked (a fetch, an
  import, an export): closing the window while it runs asks first, saying what stopping
  it keeps (``WhenClosed``); other work (matching, opening a workspace) just stops.
  Closing waits for the work stopped to end (``stop``), within ``stop_timeout_s``; work
  that has not ended by then (``unfinished``) may still be writing to the workspace, so
  the window may stay open after all (``resume``), showing what that work still hands
  back as after a Cancel;
- ``waiting_for(token)``: a callback the work passes on to say what it is still waiting
  for (a provider that has not answered), from any thread and without blocking; each
  notice stands beside the task's progress (``TaskHandle.notice``) until withdrawn, and
  goes with the task when it ends.

``release(held)`` is the other direction: what the window lets go of in bulk (the run a
new one replaced) is dropped on a worker, so the GUI thread does not spend its time
freeing 100,000 objects. It is no task: nothing is shown, nothing comes back.

``work_out(name, work, done)`` is no task either: a figure the window shows, too long to
work out on the GUI thread (the Overview's, after a decision), worked out on a worker and
handed to ``done`` there. Nothing is shown of it, it has nothing to cancel, and nothing
waits for it on close: after ``cancel_all`` its result is set aside, handed over only if
the window stays open after all (``resume``), and ``shutdown`` drops it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import time
import traceback
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import (
    QDeadlineTimer,
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)

from desktop_app.domain import (
    CancelToken,
    OperationCancelledError,
    ProgressCallback,
    WaitingCallback,
)
from desktop_app.refusal import Refusal, Refused
from desktop_app.ui.latest import Latest

R = TypeVar("R")
ThreadWork = Callable[[ProgressCallback, CancelToken], R]
AsyncWork = Callable[[ProgressCallback, CancelToken], Coroutine[Any, Any, R]]

PROGRESS_INTERVAL_S = 0.05  # at most twenty progress updates a second reach the GUI
# How long closing the window waits for the work it stopped to end: a fetch told to stop
# still saves what its finished providers returned (20,000 invoices: about a second), an
# import in its commit finishes it. Bounded, so a provider that never answers cannot
# keep the window from closing.
STOP_TIMEOUT_S = 30.0
STOP_POLL_MS = 50  # how often the wait looks whether the work has ended


@dataclass(frozen=True, slots=True)
class WhenClosed:
    """What the question on closing the window says of a task still running: ``running``
    names it ("a fetch"), ``stopped`` says what stopping it keeps, as its Cancel does
    ("the invoices of the providers that have finished are saved")."""

    running: str
    stopped: str


@dataclass(frozen=True, slots=True)
class TaskFailure:
    """What went wrong, for the banner: a one-line message and, as details, what to do.

    An expected refusal (``expected``: the accountant's file, setting or folder refused,
    its error's class a ``Refusal``) has for details what to do about it, or none where
    its message says so already: a traceback there read as a crash, and told the
    accountant nothing they could act on. Any other error is a bug, whose traceback is
    kept as the details: it is what a support request needs."""

    task: str
    message: str
    details: str
    expected: bool = False

    @property
    def title(self) -> str:
        """The banner's title: "Reading bank.csv failed"."""
        return f"{self.task} failed"

    @classmethod
    def from_exception(cls, task: str, error: BaseException) -> TaskFailure:
        message = str(error) or type(error).__name__
        advice = what_to_do(error)
        if advice is not None:
            return cls(task, message, advice, expected=True)
        return cls(task, message, "".join(traceback.format_exception(error)))


# What to do about a statement file the import refused: the refusal names the file and
# why, and which of these applies is the accountant's to tell (the file may be damaged,
# another kind of file, or a table whose columns were not found).
FILE_REFUSED = (
    "Nothing from the file was imported: the file was refused, not something gone wrong "
    "in the app. What to do:\n"
    "- damaged, empty or cut short (a download interrupted, an export stopped): download "
    "it again, or export it again from the bank, and import that copy;\n"
    "- another kind of file (a PDF statement, a file renamed): export the statement from "
    "the bank as a spreadsheet or CSV file, or as OFX, CAMT, MT940 or QIF;\n"
    "- a table whose columns were not found: import it again and set its header row and "
    "its columns' roles in the import wizard."
)
NO_TRANSACTIONS = (
    "Nothing from the file was imported. Import it again and, in the import wizard, set "
    "its header row and give its columns their roles (the date, and the amount or a debit "
    "and a credit)."
)
PROVIDER_REFUSED = (
    "Check the provider's settings on the Settings screen (its address and token: Test "
    "connection says whether they work). If it did not answer, or asked to slow down, "
    "try again later."
)
PROVIDER_SETTINGS = (
    "Correct the provider settings on the Settings screen (or in providers.toml, where "
    "the message names it), then try again."
)
REPORT_NOT_WRITTEN = (
    "The report was not written. Close it where it is open (Excel keeps it locked), free "
    "space, or choose another folder or name, as the message says, then export again."
)
# Opening or creating one replaces what the window holds (the workspace's statements and
# invoices are shown instead): said, so they are not lost unawares.
NO_WORKSPACE = (
    "Decisions, matching settings and the audit trail are kept in a workspace. Create one "
    "(File > New workspace…) or open one (File > Open workspace…) first, then import the "
    "statements and fetch the invoices into it: what the window holds without one is not "
    "carried over."
)

# What to do about each kind of refusal ("": its message says so already). Which errors
# are refusals, and of what, their classes say (``Refusal``): not imported here by name,
# so the window starts without loading the provider and report packages (httpx,
# openpyxl), and a class renamed or moved stays a refusal.
ADVICE: dict[Refused, str] = {
    Refused.FILE: FILE_REFUSED,
    Refused.NO_TRANSACTIONS: NO_TRANSACTIONS,
    Refused.PROVIDER: PROVIDER_REFUSED,
    Refused.PROVIDER_SETTINGS: PROVIDER_SETTINGS,
    Refused.REPORT: REPORT_NOT_WRITTEN,
    Refused.NO_WORKSPACE: NO_WORKSPACE,
    Refused.SELF_EXPLAINED: "",
}


def what_to_do(error: BaseException) -> str | None:
    """What to do about ``error`` when it is an expected refusal (a ``Refusal``; "" where
    its message says so), or None when it is not: a bug."""
    if isinstance(error, Refusal):
        return ADVICE[error.refused]
    return None


class TaskHandle:
    """A running task as the GUI sees it: its name, its progress and a way to stop it."""

    _ids = itertools.count(1)

    def __init__(
        self,
        name: str,
        key: str | None,
        cancellable: bool = True,
        when_closed: WhenClosed | None = None,
    ) -> None:
        self.id = next(self._ids)
        self.name = name
        self.key = key
        self._cancellable = cancellable
        self.when_closed = when_closed
        self.token = CancelToken()
        self.done = 0
        self.total: int | None = None
        self.message = ""
        # What the work is still waiting for, by what it waits on (a provider), the
        # latest said last: shown until withdrawn (``TaskRunner.waiting_for``).
        self._notices: dict[str, str] = {}
        self._future: asyncio.Future[Any] | None = None

    @property
    def notice(self) -> str:
        """The latest notice still standing ("still waiting for Versori: …"), or ""."""
        return next(reversed(self._notices.values()), "")

    def note(self, about: str, notice: str | None) -> None:
        """``notice`` about ``about`` now stands, latest of all; None withdraws it."""
        self._notices.pop(about, None)
        if notice is not None:
            self._notices[about] = notice

    def withdraw_notices(self) -> None:
        """The task ended: nothing it waited for is waited for any more."""
        self._notices.clear()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    @property
    def cancellable(self) -> bool:
        """Whether Cancel would stop it: not for work started as not cancellable, nor
        once the work has begun its final step (``CancelToken.begin_final_step``)."""
        return self._cancellable and not self.token.in_final_step

    def cancel(self) -> None:
        self.token.cancel()
        if self._future is not None:
            self._future.cancel()

    def __repr__(self) -> str:
        return f"<TaskHandle {self.id} {self.name!r}>"


class _Relay(QObject):
    """Lives on the GUI thread; workers emit on it and Qt queues delivery to the GUI."""

    progressed = Signal(object, int, object, str)
    waited = Signal(object, str, object)  # CancelToken, what is waited on, notice or None
    succeeded = Signal(object, object)
    errored = Signal(object, object)
    worked_out = Signal(object, object)  # a _WorkOut, its result
    work_failed = Signal(object, object)  # a _WorkOut, its error


class _ThreadJob(QRunnable):
    def __init__(self, handle: TaskHandle, work: ThreadWork[Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps the Python object until it finishes
        self._handle, self._work, self._relay = handle, work, relay

    def run(self) -> None:
        progress = _throttled(lambda *a: self._relay.progressed.emit(self._handle, *a))
        try:
            result = self._work(progress, self._handle.token)
        except BaseException as error:  # everything crosses back to the GUI thread
            self._relay.errored.emit(self._handle, error)
        else:
            self._relay.succeeded.emit(self._handle, result)


class _WorkOut(QRunnable):
    """``TaskRunner.work_out``'s work on a worker: its result, or its error, goes back to
    the GUI thread through the relay."""

    def __init__(
        self, name: str, work: Callable[[], Any], done: Callable[[Any], None], relay: _Relay
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps the Python object until it lands
        self.name, self.done = name, done
        self.wanted = True  # until the window closes: its result is then dropped
        self._work, self._relay = work, relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # crosses back to the GUI thread, as a task's
            self._relay.work_failed.emit(self, error)
        else:
            self._relay.worked_out.emit(self, result)


class _Release(QRunnable):
    """Holds what the window let go of until a worker drops it: its last references
    go there, so the objects are freed on that thread (CPython frees an object where
    its last reference is dropped), not on the GUI thread.

    Freeing holds the interpreter lock, and one container's last reference going frees
    all it holds in one go (100,000 matches: a tenth of a second), during which the
    GUI thread could not run a line of Python. So the rows are first taken out of their
    containers (``_parts``), the containers let go (their rows are still held, so that
    frees only the containers), then the rows are dropped a few thousand at a time with
    a pause between, in which the GUI thread takes the lock."""

    def __init__(self, held: list[Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps the Python object (``_releases``)
        self._held = held
        self.done = False

    def run(self) -> None:
        try:
            parts = _parts(self._held)
            while self._held:
                self._held.pop()
            while parts:
                del parts[-RELEASE_CHUNK:]
                time.sleep(RELEASE_PAUSE_S)
        finally:
            self._held.clear()
            self.done = True


RELEASE_DELAY_MS = 250  # from handing over to starting: the window shows what replaced it
RELEASE_CHUNK = 2_000  # references dropped at a time by a release
RELEASE_PAUSE_S = 0.001  # between them: the GUI thread's turn at the interpreter lock
_CONTAINERS = (list, tuple, set, frozenset)
_BULK = (dict, *_CONTAINERS)


def _parts(held: list[Any]) -> list[Any]:
    """What the objects in ``held`` hold in bulk: each container's items (a dict's
    keys and values), of the objects themselves or of their fields (a run's tuples of
    matches, an index's dicts), without going further: a row's own parts are few and
    freed with it. A row held in a tuple (``StatementLine``, a tuple record) is a row,
    not a container: it is told by being a dataclass, and refuses to be iterated."""
    parts: list[Any] = []
    for obj in held:
        if dataclasses.is_dataclass(obj):
            members = [getattr(obj, field.name) for field in dataclasses.fields(obj)]
        elif isinstance(obj, _BULK):
            members = [obj]
        else:
            members = list(getattr(obj, "__dict__", {}).values())
        for member in members:
            if isinstance(member, dict):
                parts += member.keys()
                parts += member.values()
            elif isinstance(member, _CONTAINERS) and not dataclasses.is_dataclass(member):
                parts += member
    return parts


@dataclass(slots=True)
class _Callbacks:
    on_success: Callable[[Any], None]
    on_failure: Callable[[TaskFailure], None] | None
    done_anyway: Callable[[Any], None] | None = None


class TaskRunner(QObject):
    """Runs work off the GUI thread (a private ``QThreadPool``) or on the asyncio loop."""

    started = Signal(object)  # TaskHandle
    progressed = Signal(object)  # TaskHandle, with its done/total/message updated
    finished = Signal(object)  # TaskHandle: succeeded, failed or cancelled
    failed = Signal(object)  # TaskFailure not handled by the caller

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.progressed.connect(self._on_progress, queued)
        self._relay.waited.connect(self._on_waiting, queued)
        self._relay.succeeded.connect(self._on_success, queued)
        self._relay.errored.connect(self._on_error, queued)
        self._relay.worked_out.connect(self._on_worked_out, queued)
        self._relay.work_failed.connect(self._on_work_failed, queued)
        self._running: dict[TaskHandle, _Callbacks] = {}
        self._jobs: dict[TaskHandle, _ThreadJob] = {}
        # cancelled tasks whose result, should their work finish anyway, still matters
        self._done_anyway: dict[TaskHandle, Callable[[Any], None]] = {}
        # Per key, the task started last: starting another retires it (``Latest``).
        self._keyed: dict[str, Latest[TaskHandle]] = {}
        # Releases get a thread of their own: one pausing as it frees 100,000 objects
        # would otherwise hold one of the two that imports and matching run on.
        self._release_pool = QThreadPool(self)
        self._release_pool.setMaxThreadCount(1)
        self._releases: list[_Release] = []  # until their worker has dropped what they held
        self._to_release: list[_Release] = []  # handed over, waiting for their delay
        # Every coroutine started and not yet ended, those cancelled too, with its task: a
        # cancelled fetch goes on to save what its finished providers returned, and must be
        # let finish before the workspace it saves into is closed (``stop``, ``aclose``).
        self._futures: dict[asyncio.Future[Any], TaskHandle] = {}
        # How long closing the window waits for the work it stopped (``stop``).
        self.stop_timeout_s = STOP_TIMEOUT_S
        # The ``done_anyway`` of the tasks stopped for the window's closing, and what those
        # handed back meanwhile: shown after all if the window stays open (``resume``).
        self._set_aside: dict[TaskHandle, Callable[[Any], None]] = {}
        self._arrived: list[tuple[Callable[[Any], None], Any]] = []
        # Work handed to ``work_out`` that has not come back yet: kept until it does,
        # as a task's job is (its worker runs the very object).
        self._working_out: set[_WorkOut] = set()

    # -- starting ---------------------------------------------------------------------
    def run_in_thread(
        self,
        name: str,
        work: ThreadWork[R],
        on_success: Callable[[R], None],
        on_failure: Callable[[TaskFailure], None] | None = None,
        key: str | None = None,
        cancellable: bool = True,
        done_anyway: Callable[[R], None] | None = None,
        when_closed: WhenClosed | None = None,
    ) -> TaskHandle:
        handle = self._register(
            name, key, on_success, on_failure, cancellable, done_anyway, when_closed
        )
        job = self._jobs[handle] = _ThreadJob(handle, work, self._relay)
        self.pool.start(job)
        return handle

    def run_async(
        self,
        name: str,
        work: AsyncWork[R],
        on_success: Callable[[R], None],
        on_failure: Callable[[TaskFailure], None] | None = None,
        key: str | None = None,
        done_anyway: Callable[[R], None] | None = None,
        when_closed: WhenClosed | None = None,
    ) -> TaskHandle:
        """Schedule a coroutine on the running asyncio loop (qasync's, in the application).

        A coroutine that absorbs a cancel to finish a step it cannot take back
        (``async_run.finish_even_if_cancelled``) returns normally: its result goes to
        ``done_anyway``.
        """
        handle = self._register(
            name, key, on_success, on_failure, done_anyway=done_anyway, when_closed=when_closed
        )
        progress = _throttled(lambda *args: self._on_progress(handle, *args))
        future: asyncio.Task[R] = asyncio.get_running_loop().create_task(
            work(progress, handle.token)
        )
        handle._future = future
        self._futures[future] = handle
        future.add_done_callback(lambda done: self._futures.pop(done, None))
        future.add_done_callback(lambda done: self._settle_async(handle, done))
        return handle

    def waiting_for(self, token: CancelToken) -> WaitingCallback:
        """What the task holding ``token`` (its work's ``cancel``) calls to say it is
        still waiting for something, or no longer: ``waiting(about, notice or None)``.

        Safe from any thread (a worker's, the asyncio loop's) and never blocking: each
        call is queued to the GUI thread, where the task's ``notice`` changes and
        ``progressed`` says so. The task is found by its token when the call arrives, so
        one that has ended (or been replaced) drops what its work still says.
        """

        def waiting(about: str, notice: str | None) -> None:
            self._relay.waited.emit(token, about, notice)

        return waiting

    def pass_on(self, failure: TaskFailure) -> None:
        """``failure``, which its task's ``on_failure`` took note of, to the banner all
        the same (``failed``): the caller adds what it knows (the status bar's word), and
        the banner shows the failure as it shows any other."""
        self.failed.emit(failure)

    def release(self, held: list[Any]) -> None:
        """Drop what ``held`` holds on a worker thread, taking it out of the list (left
        empty, so no reference stays in the caller's frame): the caller hands over its
        last references to something large it is done with (a replaced run's rows,
        their index, a table's old contents).

        The worker starts ``RELEASE_DELAY_MS`` later, not at once: the two would share
        the interpreter lock while the GUI thread shows what replaced it (sharing it
        doubled the time a run took to land). What is still waiting at ``shutdown`` is
        dropped where it stands."""
        self._to_release.append(_Release(held[:]))
        held.clear()
        if len(self._to_release) == 1:
            QTimer.singleShot(RELEASE_DELAY_MS, self, self._start_releases)

    def _start_releases(self) -> None:
        self._releases = [job for job in self._releases if not job.done]
        for job in self._to_release:
            self._releases.append(job)
            self._release_pool.start(job)
        self._to_release.clear()

    def work_out(self, name: str, work: Callable[[], R], done: Callable[[R | None], None]) -> None:
        """Work something the window shows out on a worker (``work``, reading nothing
        that changes meanwhile) and hand the result to ``done`` on the GUI thread; None
        where it failed, the failure said as an unhandled task's is (``failed``, titled
        by ``name``). No task: nothing is shown, it cannot be cancelled, and closing the
        window does not ask about it. After ``cancel_all`` (the window closing) its
        result is set aside: ``resume`` hands it over if the window stays open after
        all, ``shutdown`` drops it."""
        job = _WorkOut(name, work, done, self._relay)
        self._working_out.add(job)
        self.pool.start(job)

    def _on_worked_out(self, job: _WorkOut, result: object) -> None:
        self._working_out.discard(job)
        if job.wanted:
            job.done(result)
        else:  # the window is closing: shown only if it stays open after all (``resume``)
            self._arrived.append((job.done, result))

    def _on_work_failed(self, job: _WorkOut, error: BaseException) -> None:
        self._working_out.discard(job)
        if job.wanted:
            self.failed.emit(TaskFailure.from_exception(job.name, error))
            job.done(None)
        else:  # the window is closing: its figure is asked for again if it stays open
            self._arrived.append((job.done, None))

    @property
    def releasing(self) -> bool:
        """Whether something handed to ``release`` is still held (waiting, or being
        dropped)."""
        return bool(self._to_release) or any(not job.done for job in self._releases)

    def _register(
        self,
        name: str,
        key: str | None,
        on_success: Callable[[Any], None],
        on_failure: Callable[[TaskFailure], None] | None,
        cancellable: bool = True,
        done_anyway: Callable[[Any], None] | None = None,
        when_closed: WhenClosed | None = None,
    ) -> TaskHandle:
        def make() -> TaskHandle:
            return TaskHandle(name, key, cancellable, when_closed)

        if key is None:
            handle = make()
        else:
            latest = self._keyed.setdefault(key, Latest(self._retire_if_running))
            handle = latest.start(make)
        self._running[handle] = _Callbacks(on_success, on_failure, done_anyway)
        self.started.emit(handle)
        return handle

    # -- stopping ---------------------------------------------------------------------
    def active(self) -> list[TaskHandle]:
        return list(self._running)

    def cancel(self, handle: TaskHandle) -> None:
        if handle in self._running and handle.cancellable:
            self._retire(handle)

    def cancel_all(self) -> None:
        """Stop everything, the tasks that refuse Cancel too: the window is closing.
        Nothing they hand back is shown any more, unless the window stays open after all
        (``resume``): what it would have been shown by is set aside till then."""
        for handle in list(self._running):
            self._retire(handle)
        self._set_aside.update(self._done_anyway)
        self._done_anyway.clear()
        for job in self._working_out:
            job.wanted = False

    def resume(self) -> None:
        """The window stays open after all, though ``stop`` stopped its work (some of it
        did not end in time): what the work stopped hands back is shown as after a
        Cancel (``done_anyway``), that handed back while it was stopping first, so the
        window shows what it kept (a fetch's invoices saved) as the workspace holds it."""
        arrived, self._arrived = self._arrived, []
        self._done_anyway.update(self._set_aside)
        self._set_aside.clear()
        for job in self._working_out:
            job.wanted = True
        for late, result in arrived:
            late(result)

    def unfinished(self) -> list[TaskHandle]:
        """The tasks whose work has not ended, in the order started, those cancelled or
        retired too: a thread whose result has not come back, a coroutine still running."""
        pending = {*self._jobs, *(h for f, h in self._futures.items() if not f.done())}
        return sorted(pending, key=lambda handle: handle.id)

    def asking_on_close(self) -> list[WhenClosed]:
        """What the running tasks that closing the window asks about say of themselves
        (``when_closed``), in the order they started."""
        return [h.when_closed for h in self._running if h.when_closed is not None]

    @property
    def working(self) -> bool:
        """Whether any work still runs: a task, or the work of one cancelled that has not
        ended yet (a thread still winding up, a fetch saving what it kept)."""
        pending = any(not future.done() for future in self._futures)
        return bool(self._running) or pending or self.pool.activeThreadCount() > 0

    def stop(self, timeout_s: float | None = None) -> bool:
        """Stop everything as Cancel does, and wait until the work has ended: whether it
        did within ``timeout_s`` (``stop_timeout_s`` unless given). The window is closing.

        Cancel keeps what the work has finished (a fetch saves its finished providers'
        invoices, an import in its commit completes it), and that goes on after Cancel:
        closing the workspace under it lost it (``WorkspaceClosedError``). So this waits,
        serving the event loop meanwhile (the coroutines run on it, and the threads'
        results are delivered through it), until no thread and no coroutine is left.
        Nothing is shown of what they return (``cancel_all``): the window is going, unless
        it stays open after all (``resume``). Work not started yet never starts."""
        self.cancel_all()
        for handle, job in list(self._jobs.items()):
            if self.pool.tryTake(job):  # not started: it never will, nor is it unfinished
                del self._jobs[handle]
        self.pool.clear()
        limit = self.stop_timeout_s if timeout_s is None else timeout_s
        deadline = QDeadlineTimer(int(limit * 1000))
        if not self.working:
            return True
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(STOP_POLL_MS)

        def look() -> None:
            self.cancel_all()  # anything a late callback started meanwhile
            if not self.working or deadline.hasExpired():
                loop.quit()

        poll.timeout.connect(look)
        poll.start()
        try:
            loop.exec()
        finally:
            poll.stop()
        return not self.working

    def shutdown(self) -> None:
        """Cancel everything and wait for the worker threads: call before the window dies."""
        self.cancel_all()
        self._set_aside.clear()
        self._arrived.clear()
        self.pool.clear()
        self._release_pool.clear()
        self.pool.waitForDone()
        self._release_pool.waitForDone()
        self._jobs.clear()
        self._working_out.clear()
        self._releases.clear()
        self._to_release.clear()

    def _retire_if_running(self, handle: TaskHandle) -> None:
        """A keyed task replaced by a newer one with its key: retired, refusing Cancel or
        not, unless it has finished already."""
        if handle in self._running:
            self._retire(handle)

    def _let_go(self, handle: TaskHandle) -> None:
        """A task ended (or was cancelled): nothing it waited for is waited for any more,
        and, keyed, its key's ``Latest`` no longer holds it, nor, through it, what it
        returned (a fetch's every invoice, an error's frames)."""
        handle.withdraw_notices()
        latest = None if handle.key is None else self._keyed.get(handle.key)
        if latest is not None:
            latest.finish(handle)

    def _retire(self, handle: TaskHandle) -> None:
        """Cancel a task and forget its callbacks: whatever it returns later is dropped,
        unless it has a ``done_anyway``."""
        handle.cancel()
        self._let_go(handle)
        callbacks = self._running.pop(handle)
        if callbacks.done_anyway is not None:
            self._done_anyway[handle] = callbacks.done_anyway
        self.finished.emit(handle)

    # -- results, on the GUI thread ---------------------------------------------------
    def _on_progress(self, handle: TaskHandle, done: int, total: int | None, message: str) -> None:
        if handle not in self._running:
            return
        handle.done, handle.total, handle.message = done, total, message
        self.progressed.emit(handle)

    def _on_waiting(self, token: CancelToken, about: str, notice: str | None) -> None:
        handle = next((running for running in self._running if running.token is token), None)
        if handle is None:
            return
        handle.note(about, notice)
        self.progressed.emit(handle)

    def _on_success(self, handle: TaskHandle, result: object) -> None:
        self._jobs.pop(handle, None)
        self._let_go(handle)
        callbacks = self._running.pop(handle, None)
        if callbacks is None:
            late = self._done_anyway.pop(handle, None)
            if late is not None:  # cancelled, but its work had already taken effect
                late(result)
            elif (aside := self._set_aside.pop(handle, None)) is not None:
                self._arrived.append((aside, result))  # stopped for closing: see ``resume``
            return
        try:
            callbacks.on_success(result)
        finally:  # "finished" comes after the result is in place, whatever the callback did
            self.finished.emit(handle)

    def _on_error(self, handle: TaskHandle, error: BaseException) -> None:
        self._jobs.pop(handle, None)
        self._let_go(handle)
        self._done_anyway.pop(handle, None)  # it stopped before taking effect (or failed)
        self._set_aside.pop(handle, None)
        callbacks = self._running.pop(handle, None)
        if callbacks is None:
            return
        try:
            if isinstance(error, OperationCancelledError | asyncio.CancelledError):
                return
            failure = TaskFailure.from_exception(handle.name, error)
            if callbacks.on_failure is not None:
                callbacks.on_failure(failure)
            else:
                self.failed.emit(failure)
        finally:
            self.finished.emit(handle)

    def _settle_async(self, handle: TaskHandle, future: asyncio.Future[Any]) -> None:
        if future.cancelled():
            self._on_error(handle, asyncio.CancelledError())
        elif (error := future.exception()) is not None:
            self._on_error(handle, error)
        else:
            self._on_success(handle, future.result())

    async def aclose(self, timeout_s: float | None = None) -> None:
        """Cancel everything and let asyncio tasks unwind (close their connections, save
        what a cancelled fetch kept), those cancelled before too, within ``timeout_s``
        (``stop_timeout_s`` unless given): the services (the workspace) are closed next."""
        self.cancel_all()
        futures = [future for future in self._futures if not future.done()]
        if futures:
            limit = self.stop_timeout_s if timeout_s is None else timeout_s
            await asyncio.wait(futures, timeout=limit)
        self.shutdown()


def _throttled(emit: Callable[[int, int | None, str], None]) -> ProgressCallback:
    """A progress callback that forwards at most one count per interval, and the last one.

    A stage's first word (a message without a count: "explaining matches", "arranging the
    matches for review") always goes through: it comes right after a count's last one, and
    dropped there, the window said "choosing the best matches" for the seconds the next
    stage took. Workers say stages a handful of times per task, so they need no throttle.
    """
    last = 0.0

    def progress(done: int, total: int | None, message: str) -> None:
        nonlocal last
        now = time.monotonic()
        if total is None or now - last >= PROGRESS_INTERVAL_S or done >= total:
            last = now
            emit(done, total, message)

    return progress
