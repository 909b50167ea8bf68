"""Fetching every configured provider at once, keeping whatever succeeded.

Providers are fetched concurrently (each with its own connection). One that fails after
its retries is recorded as a failure with its reason and does not discard what the others
returned. Invoices a provider returned but that could not be used are its ``problems``,
one per invoice, beside the invoices that could. Nor does a cancel lose anything: the
``CancelToken`` stops every provider still fetching, and the result holds the invoices of
those that had finished, naming the others as cancelled (not failed: nothing is wrong
with them). Cancelling the asyncio task itself still raises ``CancelledError``, as asyncio
requires; a caller that wants the finished providers' invoices then sets the token
instead (``ui.backend.engine_services`` does both).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop_app.domain import (
    CancelToken,
    Invoice,
    InvoiceProblem,
    OperationCancelledError,
    ProgressCallback,
    WaitingCallback,
    no_progress,
    no_waiting,
)
from desktop_app.providers.base import DateWindow
from desktop_app.providers.clients import ClientOptions, create_client
from desktop_app.providers.config import ProviderConfig, ProviderKind
from desktop_app.providers.errors import ProviderError
from desktop_app.providers.policy import HttpPolicy
from desktop_app.secrets import SecretSource

log = logging.getLogger(__name__)
#: Set on the log record of a provider's failure: the caller says it as its result (the
#: command line's last line), so a log shown beside it (``--verbose``) leaves it out.
SAID_AS_RESULT = "said_as_result"


@dataclass(frozen=True, slots=True)
class ProviderFailure:
    """A provider that could not be read, and why (one line, no secrets)."""

    provider: str
    kind: ProviderKind
    reason: str
    error: BaseException = field(compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.provider}: {self.reason}"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """Invoices per provider name (in configuration order), the providers that failed, and
    the invoices that could not be used (each provider's in its order), and those a cancel
    stopped before they finished (by name, in configuration order). ``date_from`` and
    ``date_to`` are the period asked for (None where unbounded): a provider's answer says
    nothing about its invoices dated outside it."""

    invoices: Mapping[str, tuple[Invoice, ...]]
    failures: tuple[ProviderFailure, ...] = ()
    problems: tuple[InvoiceProblem, ...] = ()
    cancelled: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None

    @property
    def ok(self) -> bool:
        """No provider failed (one stopped by a cancel did not fail: see ``cancelled``)."""
        return not self.failures

    def all_invoices(self) -> list[Invoice]:
        return [invoice for invoices in self.invoices.values() for invoice in invoices]


class _CombinedProgress:
    """Adds up each provider's progress into one report (total known once every total is)."""

    def __init__(self, callback: ProgressCallback, names: Sequence[str]) -> None:
        self.callback = callback
        self.state: dict[str, tuple[int, int | None]] = dict.fromkeys(names, (0, None))

    def for_provider(self, name: str) -> ProgressCallback:
        def report(done: int, total: int | None, message: str) -> None:
            self.state[name] = (done, total)
            totals = [t for _, t in self.state.values()]
            combined = None if None in totals else sum(t for t in totals if t is not None)
            self.callback(sum(d for d, _ in self.state.values()), combined, message)

        return report


async def fetch_all(
    configs: Sequence[ProviderConfig],
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    secrets: SecretSource | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    policy: HttpPolicy | None = None,
    options: ClientOptions | None = None,
    waiting: WaitingCallback = no_waiting,
) -> FetchResult:
    """Fetch every provider's invoices in ``[date_from, date_to]`` concurrently.

    ``waiting`` is told of each provider still being waited for, and when it no longer is
    (it answered, or its fetch ended however it ended: ``ProviderHttp``).

    A reversed window is the caller's mistake, not a provider's: it raises ``ValueError``.
    Once ``cancel`` is set, within a twentieth of a second, the providers still fetching
    are stopped (their requests cancelled) and the result returned: ``cancelled`` names
    them, ``invoices`` holds every provider that had finished.
    """
    DateWindow(date_from, date_to)
    combined = _CombinedProgress(progress, [config.name for config in configs])
    tasks = {
        config.name: asyncio.create_task(
            _fetch_one(
                config,
                date_from,
                date_to,
                secrets,
                combined.for_provider(config.name),
                cancel,
                policy,
                options,
                waiting,
            )
        )
        for config in configs
    }
    try:
        await _wait(list(tasks.values()), cancel)
    finally:
        await _cancel_unfinished(tasks.values())
    invoices: dict[str, tuple[Invoice, ...]] = {}
    failures: list[ProviderFailure] = []
    problems: list[InvoiceProblem] = []
    cancelled: list[str] = []
    for name, task in tasks.items():
        if _stopped_by_cancel(task):
            log.info("%s: cancelled before it finished", name)
            cancelled.append(name)
            continue
        outcome = task.result()
        if isinstance(outcome, ProviderFailure):
            failures.append(outcome)
        else:
            invoices[outcome[0]] = outcome[1]
            problems.extend(outcome[2])
    return FetchResult(
        invoices, tuple(failures), tuple(problems), tuple(cancelled), date_from, date_to
    )


async def _fetch_one(
    config: ProviderConfig,
    date_from: date | None,
    date_to: date | None,
    secrets: SecretSource | None,
    progress: ProgressCallback,
    cancel: CancelToken | None,
    policy: HttpPolicy | None,
    options: ClientOptions | None,
    waiting: WaitingCallback,
) -> tuple[str, tuple[Invoice, ...], list[InvoiceProblem]] | ProviderFailure:
    client = create_client(config, secrets, policy=policy, options=options)
    try:
        batch = await client.fetch(
            date_from, date_to, progress=progress, cancel=cancel, waiting=waiting
        )
    except ProviderError as error:
        # Returned, so the caller reports it (the GUI's banner, the CLI's last line); at
        # warning level it also reached the CLI's stderr, unprefixed: the reason twice.
        log.info("%s", error, extra={SAID_AS_RESULT: True})
        return ProviderFailure(config.name, config.kind, error.detail, error)
    except (OperationCancelledError, asyncio.CancelledError):
        raise
    except Exception as error:  # a bug in one provider must not lose the others' invoices
        log.exception("%s: unexpected error while fetching", config.name)
        reason = f"unexpected error: {type(error).__name__}: {error}"
        return ProviderFailure(config.name, config.kind, reason, error)
    return config.name, tuple(batch.invoices), batch.problems


async def _wait(tasks: list[asyncio.Task[Any]], cancel: CancelToken | None) -> None:
    """Wait for every task, or until a cancel request (noticed within a twentieth of a
    second): the tasks still running then are the caller's to stop."""
    pending = set(tasks)
    while pending and not (cancel is not None and cancel.cancelled):
        _, pending = await asyncio.wait(pending, timeout=None if cancel is None else 0.05)


def _stopped_by_cancel(task: asyncio.Task[Any]) -> bool:
    """Whether a provider's task ended by a cancel: stopped by ``_cancel_unfinished``, or
    its client saw the token first."""
    return task.cancelled() or isinstance(task.exception(), OperationCancelledError)


async def _cancel_unfinished(tasks: Iterable[asyncio.Task[Any]]) -> None:
    unfinished = [task for task in tasks if not task.done()]
    for task in unfinished:
        task.cancel()
    await asyncio.gather(*unfinished, return_exceptions=True)
