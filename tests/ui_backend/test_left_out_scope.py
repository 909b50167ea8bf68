"""Which invoices left out of a fetch the window warns of and its report lists.

A provider's left-out invoices are those of its last answer, kept until it answers
again (``provider_fetch.problems_after``). A later fetch of another period that it
failed in does not replace them, but their invoices are then not under review: they
must not be said of that period. Nor may those of a provider no longer configured,
which will never answer again to clear them. Through the real engine, against the
sandbox, without a workspace (the session keeps them by the workspace's rule).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.domain import (
    CancelToken,
    FetchOutcome,
    FetchPeriod,
    InvoiceProblem,
    ProviderFetchRecord,
    no_progress,
)
from desktop_app.domain.provider_fetch import left_out_of
from desktop_app.ui.backend.demo import DemoSetup, start_demo
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import FetchResult
from desktop_app.workspace import RecentWorkspaces

CI = "Content Ignite"
OCTOBER = FetchPeriod(dt.date(2025, 10, 1), dt.date(2025, 10, 31))
PROBLEM = InvoiceProblem(CI, "content_ignite", "3354", None, "HTTP 404 Not Found")
AT = dt.datetime(2025, 11, 1, tzinfo=dt.UTC)


def _record(fetched: FetchPeriod | None, provider: str = CI) -> ProviderFetchRecord:
    outcome = FetchOutcome.FETCHED if fetched else FetchOutcome.FAILED
    return ProviderFetchRecord(provider, fetched, AT if fetched else None, outcome, OCTOBER, AT)


def test_invoices_left_out_are_said_of_a_period_their_answer_reaches_into() -> None:
    records = {CI: _record(OCTOBER)}
    for period in (OCTOBER, FetchPeriod(dt.date(2025, 10, 31), None), FetchPeriod()):
        assert left_out_of([PROBLEM], records, [CI], period) == (PROBLEM,)
    january = FetchPeriod(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert left_out_of([PROBLEM], records, [CI], january) == ()
    assert left_out_of([PROBLEM], records, ["Elevate"], OCTOBER) == ()  # not configured
    assert left_out_of([PROBLEM], {CI: _record(None)}, [CI], OCTOBER) == ()  # nothing held


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[DemoSetup]:
    setup = start_demo(tmp_path, statements=[])
    yield setup
    setup.sandbox.stop()


def _fetch(services: EngineServices, period: FetchPeriod) -> FetchResult:
    return asyncio.run(
        services.fetch_invoices(period.start, period.end, no_progress, CancelToken())
    )


def test_a_failed_fetch_keeps_the_last_answers_left_out_for_its_period_alone(
    demo: DemoSetup, tmp_path: Path
) -> None:
    sandbox = demo.sandbox
    services = EngineServices(
        demo.settings, WorkspaceBackend(RecentWorkspaces(tmp_path)), today=sandbox.today
    )
    recent = FetchPeriod(sandbox.today - dt.timedelta(days=60), sandbox.today)
    details = sandbox.dataset.content_ignite.details
    listed = [i for i in _fetch(services, recent).invoices if i.provider == CI]
    gone = listed[0].invoice_id
    del details[int(gone)]  # listed, its detail deleted: left out of the next answer

    answered = _fetch(services, recent)
    assert [(p.provider, p.invoice_id) for p in answered.left_out] == [(CI, gone)]

    sandbox.faults.inject("content_ignite", "401", times=50)
    failed = _fetch(services, recent)
    assert CI in {failure.provider for failure in failed.failures}
    assert [p.invoice_id for p in failed.left_out] == [gone]  # its answer's invoices held

    long_ago = sandbox.today - dt.timedelta(days=900)
    elsewhere = _fetch(services, FetchPeriod(long_ago, long_ago + dt.timedelta(days=30)))
    assert CI in {failure.provider for failure in elsewhere.failures}
    assert elsewhere.left_out == ()  # of another period than the one now under review
