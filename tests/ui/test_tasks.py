"""The task runner: results on the GUI thread, failures reported, cancel, last wins."""

from __future__ import annotations

import asyncio
import gc
import importlib
import subprocess
import sys
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.domain import CancelToken, OperationCancelledError, ProgressCallback
from desktop_app.export.errors import ReportWriteError
from desktop_app.providers.errors import ProviderHTTPError
from desktop_app.refusal import Refusal, Refused
from desktop_app.ui.backend.workspace_backend import NoWorkspaceError
from desktop_app.ui.tasks import (
    ADVICE,
    REPORT_NOT_WRITTEN,
    TaskFailure,
    TaskHandle,
    TaskRunner,
    _parts,
)
from desktop_app.workspace.errors import WorkspaceClosedError, WorkspaceInUseError


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()
    runner.deleteLater()


def _wait_for(event: threading.Event) -> None:
    assert event.wait(10), "the worker never got the signal"


def test_result_arrives_on_the_gui_thread(qtbot, runner: TaskRunner) -> None:
    seen: dict[str, object] = {}

    def work(progress: ProgressCallback, cancel: CancelToken) -> int:
        seen["worker"] = threading.current_thread()
        progress(1, 1, "done")
        return 42

    def success(value: int) -> None:
        seen["value"] = value
        seen["gui"] = QThread.currentThread() is QApplication.instance().thread()

    with qtbot.waitSignal(runner.finished):
        runner.run_in_thread("answer", work, success)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["gui"] is True
    assert seen["worker"] is not threading.main_thread()


def test_unhandled_failure_is_emitted_with_details(qtbot, runner: TaskRunner) -> None:
    def work(progress: ProgressCallback, cancel: CancelToken) -> None:
        raise ValueError("bank.csv row 7: not a date")

    with qtbot.waitSignal(runner.failed) as failed:
        runner.run_in_thread("import", work, lambda _: None)
    failure: TaskFailure = failed.args[0]
    assert failure.task == "import"
    assert failure.message == "bank.csv row 7: not a date"
    assert "ValueError" in failure.details


def test_an_expected_refusal_says_what_to_do_instead_of_a_traceback(
    qtbot, runner: TaskRunner, tmp_path
) -> None:
    report = tmp_path / "report.xlsx"

    def work(progress: ProgressCallback, cancel: CancelToken) -> None:
        raise ReportWriteError(report, "it is open in another program")

    with qtbot.waitSignal(runner.failed) as failed:
        runner.run_in_thread("Exporting", work, lambda _: None)
    failure: TaskFailure = failed.args[0]
    assert failure.expected
    assert failure.message == f"cannot write the report {report}: it is open in another program"
    assert failure.details == REPORT_NOT_WRITTEN


@pytest.mark.parametrize(
    ("error", "details"),
    [
        (ProviderHTTPError("Client CI", "GET", "/invoices", "HTTP 503"), "Check the provider's"),
        (WorkspaceInUseError(Path("books.reconcile"), "Excel"), ""),  # its message says
        (
            NoWorkspaceError("no workspace is open: create or open one (File menu)"),
            "Decisions, matching settings and the audit trail are kept in a workspace.",
        ),
    ],
)
def test_expected_refusals_are_told_by_their_type(error: Exception, details: str) -> None:
    failure = TaskFailure.from_exception("task", error)
    assert failure.expected
    assert failure.details.startswith(details)
    assert "Traceback" not in failure.details


def test_an_error_the_window_should_not_meet_keeps_its_traceback() -> None:
    """A closed workspace written to is a bug, though a workspace error: support needs
    where it happened."""
    error = WorkspaceClosedError(Path("books.reconcile"))
    failure = TaskFailure.from_exception("Matching", error)
    assert not failure.expected
    assert "WorkspaceClosedError" in failure.details


# The errors the window met as refusals, by where they are defined, and of what kind: a
# class renamed or moved must stay one (the window listed them by name, and a rename
# would have turned a refusal into a "bug" with a traceback).
REFUSALS = [
    ("desktop_app.statements.model", "NoTransactionsFoundError", Refused.NO_TRANSACTIONS),
    ("desktop_app.statements.model", "StatementImportError", Refused.FILE),
    ("desktop_app.ui.services", "ServiceError", Refused.SELF_EXPLAINED),
    ("desktop_app.ui.services", "ImportRefusedError", Refused.SELF_EXPLAINED),
    ("desktop_app.providers.errors", "ConfigError", Refused.PROVIDER_SETTINGS),
    ("desktop_app.providers.errors", "CredentialsError", Refused.SELF_EXPLAINED),
    ("desktop_app.providers.errors", "ProviderError", Refused.PROVIDER),
    ("desktop_app.providers.errors", "AuthenticationError", Refused.PROVIDER),
    ("desktop_app.secrets", "SecretError", Refused.SELF_EXPLAINED),
    ("desktop_app.secrets", "MissingSecretError", Refused.SELF_EXPLAINED),
    ("desktop_app.export.errors", "ReportWriteError", Refused.REPORT),
    ("desktop_app.workspace.errors", "WorkspaceNotFoundError", Refused.SELF_EXPLAINED),
    ("desktop_app.workspace.errors", "WorkspaceExistsError", Refused.SELF_EXPLAINED),
    ("desktop_app.workspace.errors", "WorkspaceCorruptError", Refused.SELF_EXPLAINED),
    ("desktop_app.workspace.errors", "NotAWorkspaceError", Refused.SELF_EXPLAINED),
    ("desktop_app.workspace.errors", "WorkspaceVersionError", Refused.SELF_EXPLAINED),
    ("desktop_app.workspace.errors", "WorkspaceInUseError", Refused.SELF_EXPLAINED),
    ("desktop_app.workspace.errors", "WorkspaceReadOnlyError", Refused.SELF_EXPLAINED),
    ("desktop_app.workspace.errors", "WorkspaceFullError", Refused.SELF_EXPLAINED),
    ("desktop_app.workspace.errors", "StatementConflictError", Refused.SELF_EXPLAINED),
    ("desktop_app.matching.settings", "SettingsError", Refused.SELF_EXPLAINED),
    ("desktop_app.ui.backend.workspace_backend", "NoWorkspaceError", Refused.NO_WORKSPACE),
]


@pytest.mark.parametrize(("module", "name", "kind"), REFUSALS)
def test_each_refusing_error_is_a_refusal_of_its_kind(
    module: str, name: str, kind: Refused
) -> None:
    error_class = getattr(importlib.import_module(module), name)
    assert issubclass(error_class, Exception)
    assert issubclass(error_class, Refusal)
    assert error_class.refused is kind


@pytest.mark.parametrize("name", ["WorkspaceError", "WorkspaceClosedError", "DecisionError"])
def test_a_workspace_error_the_window_should_not_meet_is_no_refusal(name: str) -> None:
    """Errors of the workspace package, but the calling code's mistake: bugs."""
    assert not issubclass(
        getattr(importlib.import_module("desktop_app.workspace.errors"), name), Refusal
    )


def test_every_kind_of_refusal_has_its_advice() -> None:
    assert set(ADVICE) == set(Refused)


def test_the_window_tells_refusals_without_loading_the_provider_or_report_packages() -> None:
    """The task runner is loaded as the window starts; httpx and openpyxl wait for their
    first use (``Refusal`` is marked on the error classes, not imported by them here)."""
    code = (
        "import sys\n"
        "import desktop_app.ui.tasks\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('httpx', 'openpyxl') or m.startswith(('desktop_app.providers', "
        "'desktop_app.export')))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_handled_failure_goes_to_the_caller_only(qtbot, runner: TaskRunner) -> None:
    failures: list[TaskFailure] = []
    emitted: list[object] = []
    runner.failed.connect(emitted.append)

    def work(progress: ProgressCallback, cancel: CancelToken) -> None:
        raise RuntimeError("boom")

    runner.run_in_thread("x", work, lambda _: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert emitted == []
    assert failures[0].message == "boom"


def test_cancel_stops_the_worker_and_drops_its_result(qtbot, runner: TaskRunner) -> None:
    started = threading.Event()
    results: list[object] = []

    def work(progress: ProgressCallback, cancel: CancelToken) -> str:
        started.set()
        while True:
            cancel.raise_if_cancelled()
            QThread.msleep(5)

    handle = runner.run_in_thread("long", work, results.append)
    _wait_for(started)
    with qtbot.waitSignal(runner.finished):
        runner.cancel(handle)
    qtbot.waitUntil(lambda: runner.pool.activeThreadCount() == 0)
    assert results == []
    assert handle.cancelled
    assert runner.active() == []


def test_last_request_wins(qtbot, runner: TaskRunner) -> None:
    release = threading.Event()
    results: list[str] = []

    def slow(progress: ProgressCallback, cancel: CancelToken) -> str:
        _wait_for(release)
        return "stale"

    def fast(progress: ProgressCallback, cancel: CancelToken) -> str:
        return "fresh"

    first = runner.run_in_thread("match", slow, results.append, key="match")
    runner.run_in_thread("match", fast, results.append, key="match")
    assert first.cancelled
    qtbot.waitUntil(lambda: results == ["fresh"])
    release.set()
    qtbot.waitUntil(lambda: runner.pool.activeThreadCount() == 0)
    QApplication.processEvents()
    assert results == ["fresh"]


def test_a_finished_keyed_task_is_let_go(qtbot, runner: TaskRunner, event_loop_qt) -> None:
    """The key's latest request is forgotten once its answer is in: the runner held the
    last fetch's handle, and through its future what it returned (every invoice
    fetched), until the next request with that key."""

    class Fetched:
        """Stands for a fetch's result: only its lifetime is looked at."""

    results: list[Fetched] = []

    async def fetch(progress: ProgressCallback, cancel: CancelToken) -> Fetched:
        return Fetched()

    runner.run_async("fetch", fetch, results.append, key="fetch")
    qtbot.waitUntil(lambda: len(results) == 1)
    qtbot.waitUntil(lambda: all(t.done() for t in asyncio.all_tasks(event_loop_qt)))
    QApplication.processEvents()
    fetched = weakref.ref(results.pop())
    gc.collect()
    assert fetched() is None


def test_gui_thread_keeps_running_while_a_worker_is_busy(qtbot, runner: TaskRunner) -> None:
    """A timer on the GUI thread ticks while the worker holds on: the GUI is not blocked."""
    release = threading.Event()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))

    def work(progress: ProgressCallback, cancel: CancelToken) -> None:
        _wait_for(release)

    runner.run_in_thread("busy", work, lambda _: None)
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5)
    assert runner.active(), "the worker finished before the GUI proved responsive"
    release.set()
    timer.stop()
    qtbot.waitUntil(lambda: not runner.active())


def test_progress_reaches_the_gui(qtbot, runner: TaskRunner) -> None:
    updates: list[tuple[int, int | None, str]] = []
    runner.progressed.connect(lambda h: updates.append((h.done, h.total, h.message)))

    def work(progress: ProgressCallback, cancel: CancelToken) -> None:
        progress(10, 10, "all rows read")

    with qtbot.waitSignal(runner.finished):
        runner.run_in_thread("read", work, lambda _: None)
    qtbot.waitUntil(lambda: bool(updates))
    assert updates[-1] == (10, 10, "all rows read")


def test_a_new_stage_reaches_the_gui_even_right_after_a_count(qtbot, runner: TaskRunner) -> None:
    """Counts are throttled; a stage's word is not: dropped, the window kept saying the
    count's stage for the seconds the next one took."""
    messages: list[str] = []
    runner.progressed.connect(lambda h: messages.append(h.message))

    def work(progress: ProgressCallback, cancel: CancelToken) -> None:
        for done in range(1, 1001):
            progress(done, 2000, "scoring")  # faster than the throttle lets through
        progress(0, None, "explaining matches")
        progress(0, None, "arranging 3 matches for review")

    with qtbot.waitSignal(runner.finished):
        runner.run_in_thread("match", work, lambda _: None)
    qtbot.waitUntil(lambda: "arranging 3 matches for review" in messages)
    assert messages[0] == "scoring"
    assert messages.index("explaining matches") < messages.index("arranging 3 matches for review")
    assert messages.count("scoring") < 1000


def test_async_work_succeeds_and_cancels(qtbot, runner: TaskRunner, event_loop_qt) -> None:
    results: list[str] = []

    async def quick(progress: ProgressCallback, cancel: CancelToken) -> str:
        await asyncio.sleep(0)
        return "fetched"

    async def forever(progress: ProgressCallback, cancel: CancelToken) -> str:
        await asyncio.sleep(3600)
        return "never"

    runner.run_async("fetch", quick, results.append)
    qtbot.waitUntil(lambda: results == ["fetched"])
    handle: TaskHandle = runner.run_async("fetch", forever, results.append)
    with qtbot.waitSignal(runner.finished):
        runner.cancel(handle)
    qtbot.waitUntil(lambda: all(t.done() for t in asyncio.all_tasks(event_loop_qt)))
    assert results == ["fetched"]


def test_async_failure_is_reported(qtbot, runner: TaskRunner, event_loop_qt) -> None:
    async def broken(progress: ProgressCallback, cancel: CancelToken) -> None:
        raise ConnectionError("Versori: connection refused")

    with qtbot.waitSignal(runner.failed) as failed:
        runner.run_async("fetch", broken, lambda _: None)
    assert failed.args[0].message == "Versori: connection refused"


def test_cancelled_error_from_the_engine_is_not_a_failure(qtbot, runner: TaskRunner) -> None:
    emitted: list[object] = []
    runner.failed.connect(emitted.append)

    def work(progress: ProgressCallback, cancel: CancelToken) -> None:
        raise OperationCancelledError("cancelled by the user")

    with qtbot.waitSignal(runner.finished):
        runner.run_in_thread("x", work, lambda _: None)
    assert emitted == []


def test_a_task_that_refuses_cancel_delivers_its_result(qtbot, runner: TaskRunner) -> None:
    release = threading.Event()
    results: list[str] = []

    def work(progress: ProgressCallback, cancel: CancelToken) -> str:
        _wait_for(release)
        return "switched"

    handle = runner.run_in_thread("switch", work, results.append, cancellable=False)
    runner.cancel(handle)
    assert not handle.cancelled
    assert handle in runner.active()
    with qtbot.waitSignal(runner.finished):
        release.set()
    assert results == ["switched"]


def test_closing_stops_even_a_task_that_refuses_cancel(qtbot, runner: TaskRunner) -> None:
    release = threading.Event()
    results: list[str] = []

    def work(progress: ProgressCallback, cancel: CancelToken) -> str:
        _wait_for(release)
        return "late"

    handle = runner.run_in_thread("switch", work, results.append, cancellable=False)
    runner.cancel_all()
    assert handle.cancelled
    assert runner.active() == []
    release.set()
    runner.pool.waitForDone()
    qtbot.wait(50)
    assert results == []


def test_work_finished_despite_cancel_reaches_done_anyway(qtbot, runner: TaskRunner) -> None:
    """An import that stored its lines before it saw Cancel: the window must still learn
    what was stored, through ``done_anyway`` (never through ``on_success``)."""
    release = threading.Event()
    results: list[str] = []
    anyway: list[str] = []

    def work(progress: ProgressCallback, cancel: CancelToken) -> str:
        _wait_for(release)  # past the last cancel check: storing
        return "stored"

    handle = runner.run_in_thread("import", work, results.append, done_anyway=anyway.append)
    with qtbot.waitSignal(runner.finished):
        runner.cancel(handle)
    assert handle.cancelled
    assert runner.active() == []
    release.set()
    qtbot.waitUntil(lambda: anyway == ["stored"], timeout=10_000)
    assert results == []


def test_done_anyway_is_not_called_when_the_work_stops_at_cancel(qtbot, runner: TaskRunner) -> None:
    started = threading.Event()
    anyway: list[object] = []
    failures: list[TaskFailure] = []

    def work(progress: ProgressCallback, cancel: CancelToken) -> str:
        started.set()
        while True:
            cancel.raise_if_cancelled()
            QThread.msleep(5)

    handle = runner.run_in_thread(
        "import", work, anyway.append, failures.append, done_anyway=anyway.append
    )
    _wait_for(started)
    runner.cancel(handle)
    qtbot.waitUntil(lambda: runner.pool.activeThreadCount() == 0)
    qtbot.wait(50)
    assert anyway == []
    assert failures == []


def test_done_anyway_is_dropped_when_the_window_closes(qtbot, runner: TaskRunner) -> None:
    release = threading.Event()
    anyway: list[str] = []

    def work(progress: ProgressCallback, cancel: CancelToken) -> str:
        _wait_for(release)
        return "stored"

    runner.run_in_thread("import", work, anyway.append, done_anyway=anyway.append)
    runner.cancel_all()
    release.set()
    runner.pool.waitForDone()
    qtbot.wait(50)
    assert anyway == []


def test_async_work_that_absorbs_cancel_reaches_done_anyway(
    qtbot, runner: TaskRunner, event_loop_qt
) -> None:
    from desktop_app.async_run import finish_even_if_cancelled

    release = asyncio.Event()
    started: list[bool] = []
    results: list[str] = []
    anyway: list[str] = []

    async def saving() -> str:
        started.append(True)
        await release.wait()
        return "saved"

    async def fetch(progress: ProgressCallback, cancel: CancelToken) -> str:
        return await finish_even_if_cancelled(saving())

    handle = runner.run_async("fetch", fetch, results.append, done_anyway=anyway.append)
    # Cancelled only once the save has begun: before, it is an ordinary cancel.
    qtbot.waitUntil(lambda: started == [True], timeout=10_000)
    with qtbot.waitSignal(runner.finished):
        runner.cancel(handle)
    release.set()
    qtbot.waitUntil(lambda: anyway == ["saved"], timeout=10_000)
    assert results == []


class _Noted:
    """Notes the thread it is freed on."""

    freed_on: list[threading.Thread] = []  # noqa: RUF012 (one list for every instance)

    def __del__(self) -> None:
        _Noted.freed_on.append(threading.current_thread())


def test_release_frees_what_it_is_handed_on_a_worker(qtbot, runner: TaskRunner) -> None:
    """Objects held in bulk (a list, a dict's keys and values, a dataclass's tuple, an
    object's dict) are freed off the GUI thread, the list handed over left empty."""
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Run:
        rows: tuple[_Noted, ...]

    class Index:
        def __init__(self, rows: tuple[_Noted, ...]) -> None:
            self.by_id = {id(row): row for row in rows}

    _Noted.freed_on.clear()
    rows = tuple(_Noted() for _ in range(5_000))
    held: list[object] = [
        Run(rows),
        Index(rows),
        list(rows),
        {_Noted(): _Noted()},
        _Noted(),  # held by itself
    ]
    del rows
    runner.release(held)

    assert held == []
    assert not _Noted.freed_on  # not yet: the worker waits for the window to settle
    qtbot.waitUntil(lambda: not runner.releasing, timeout=10_000)
    assert len(_Noted.freed_on) == 5_003
    assert threading.main_thread() not in _Noted.freed_on


def test_release_takes_a_statement_line_for_a_row_not_a_container(
    qtbot, runner: TaskRunner
) -> None:
    """A line is held in a tuple (``domain.record``) but is no container: a release handed
    one, or a run holding one in a field, frees it whole rather than iterating it."""
    from dataclasses import dataclass
    from datetime import date
    from decimal import Decimal

    from desktop_app.domain import StatementLine

    @dataclass(frozen=True)
    class Pick:
        line: StatementLine
        rows: tuple[StatementLine, ...]

    line = StatementLine("bank.csv", 2, date(2025, 1, 2), Decimal("-5.00"), "EUR", raw=("x",))
    held: list[object] = [line, Pick(line, (line,))]
    # As for any dataclass: the line's tuple of raw cells, and the run's tuple of lines.
    assert _parts(held) == ["x", line]
    runner.release(held)
    qtbot.waitUntil(lambda: not runner.releasing, timeout=10_000)
    assert held == []


def _saving_fetch(saved: list[str], release: asyncio.Event, started: list[bool]):  # type: ignore[no-untyped-def]
    """A fetch that, told to stop, still saves what it has (``finish_even_if_cancelled``),
    as the real one saves its finished providers' invoices."""
    from desktop_app.async_run import finish_even_if_cancelled

    async def saving() -> str:
        started.append(True)
        await release.wait()
        saved.append("saved")
        return "saved"

    async def fetch(progress: ProgressCallback, cancel: CancelToken) -> str:
        return await finish_even_if_cancelled(saving())

    return fetch


def test_stop_waits_for_a_cancelled_fetch_to_save_and_shows_nothing(
    qtbot, runner: TaskRunner, event_loop_qt
) -> None:
    """Closing the window: the fetch is cancelled as Cancel does, and ``stop`` returns
    only once its save has ended (the workspace is closed next), showing nothing."""
    release, started, saved, shown = asyncio.Event(), [], [], []  # type: ignore[var-annotated]
    runner.run_async(
        "fetch", _saving_fetch(saved, release, started), shown.append, done_anyway=shown.append
    )
    qtbot.waitUntil(lambda: started == [True], timeout=10_000)
    QTimer.singleShot(300, release.set)  # the save takes a while after the stop

    assert runner.stop(timeout_s=10)

    assert saved == ["saved"]
    assert not runner.working
    qtbot.wait(50)
    assert shown == []


def test_stop_gives_up_after_its_time(qtbot, runner: TaskRunner, event_loop_qt) -> None:
    """Work that does not end within the bound does not keep the window from closing."""
    release, started, saved = asyncio.Event(), [], []  # type: ignore[var-annotated]
    runner.run_async("fetch", _saving_fetch(saved, release, started), lambda _: None)
    qtbot.waitUntil(lambda: started == [True], timeout=10_000)

    assert not runner.stop(timeout_s=0.2)

    assert runner.working
    release.set()
    qtbot.waitUntil(lambda: not runner.working, timeout=10_000)
    assert saved == ["saved"]


def test_aclose_waits_for_a_fetch_cancelled_before(
    qtbot, runner: TaskRunner, event_loop_qt
) -> None:
    """The application's shutdown (``run_gui``) closes the services, the workspace among
    them, after ``aclose``: a fetch cancelled earlier (by Cancel, or by the window's
    close) that is still saving must have ended by then."""
    release, started, saved = asyncio.Event(), [], []  # type: ignore[var-annotated]
    handle = runner.run_async("fetch", _saving_fetch(saved, release, started), lambda _: None)
    qtbot.waitUntil(lambda: started == [True], timeout=10_000)
    runner.cancel(handle)
    QTimer.singleShot(300, release.set)

    closing = asyncio.ensure_future(runner.aclose())
    qtbot.waitUntil(closing.done, timeout=10_000)

    assert saved == ["saved"]
