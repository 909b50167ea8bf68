"""Without a workspace, the window keeps each provider's fetches for the session by the
rule a workspace keeps them by, and the export's question reads them: a provider that
failed is named, until a fetch of the period answers. Real sandbox over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain import CancelToken, FetchPeriod, no_progress
from desktop_app.ui.backend.demo import DemoSetup, start_demo
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.workspace_backend import RecentWorkspaces, WorkspaceBackend

pytestmark = pytest.mark.sandbox

ELEVATE = "Elevate Billing"


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[DemoSetup]:
    setup = start_demo(tmp_path, statements=[])
    yield setup
    setup.sandbox.stop()


def test_a_provider_that_failed_without_a_workspace_is_named_until_fetched(
    demo: DemoSetup, tmp_path: Path
) -> None:
    services = EngineServices(
        demo.settings, WorkspaceBackend(RecentWorkspaces(tmp_path)), today=demo.sandbox.today
    )
    period = FetchPeriod(date(2025, 1, 1), demo.sandbox.today)

    def fetch() -> None:
        asyncio.run(services.fetch_invoices(period.start, period.end, no_progress, CancelToken()))

    try:
        assert {s.provider for s in services.unfetched_providers(period)} == {
            "Content Ignite",
            "Versori",
            ELEVATE,
        }
        demo.sandbox.faults.inject("elevate", "401", path_contains="/invoices", times=5)
        fetch()
        (missing,) = services.unfetched_providers(period)
        assert missing.provider == ELEVATE
        assert "failed" in missing.why
        assert "401" in missing.why

        demo.sandbox.faults.clear()
        fetch()
        assert services.unfetched_providers(period) == ()
    finally:
        asyncio.run(services.aclose())
