"""All providers at once: partial failure keeps the rest, progress, cancellation."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import date

import pytest

from desktop_app.domain import CancelToken, OperationCancelledError
from desktop_app.providers import (
    ClientOptions,
    CredentialsError,
    FetchResult,
    HttpPolicy,
    ProviderHTTPError,
    ProviderKind,
    Timeouts,
    create_client,
    fetch_all,
)
from desktop_app.sandbox import Sandbox
from tests.providers.sandbox_setup import (
    FAST_POLICY,
    config,
    configs,
    elevate_login_table,
    secrets,
    table,
)

pytestmark = pytest.mark.sandbox


def all_three(sandbox: Sandbox) -> list:  # type: ignore[type-arg]
    return configs(
        table(sandbox, "content_ignite"), table(sandbox, "versori"), elevate_login_table(sandbox)
    )


def fetch(sandbox: Sandbox, **kwargs: object) -> FetchResult:
    kwargs.setdefault("secrets", secrets(sandbox))
    return asyncio.run(fetch_all(all_three(sandbox), policy=FAST_POLICY, **kwargs))  # type: ignore[arg-type]


def test_every_provider_is_fetched(sandbox: Sandbox) -> None:
    result = fetch(sandbox)
    assert result.ok
    assert list(result.invoices) == ["Content Ignite", "Versori", "Elevate"]
    data = sandbox.dataset
    assert len(result.invoices["Content Ignite"]) == len(data.content_ignite.invoices)
    assert len(result.invoices["Versori"]) == len(data.versori.invoices)
    assert len(result.invoices["Elevate"]) == len(data.elevate.invoices)
    assert len(result.all_invoices()) == sum(len(v) for v in result.invoices.values())


def test_providers_are_fetched_concurrently(sandbox: Sandbox) -> None:
    sandbox.set_latency(0.2)
    fetch(sandbox, options=ClientOptions(content_ignite_concurrency=1))
    # Each provider's first request arrived before any provider's first answer came back.
    first_three = {request.provider for request in sandbox.stats.requests[:3]}
    assert first_three == {"content_ignite", "versori", "elevate"}
    assert sandbox.stats.max_concurrent("content_ignite") == 1


def test_one_provider_down_does_not_lose_the_others(sandbox: Sandbox) -> None:
    sandbox.faults.inject("versori", "503", times=10)
    result = fetch(sandbox)
    assert not result.ok
    (failure,) = result.failures
    assert failure.provider == "Versori"
    assert failure.kind is ProviderKind.VERSORI
    assert isinstance(failure.error, ProviderHTTPError)
    assert "HTTP 503 Service Unavailable after 3 attempts" in failure.reason
    assert str(failure).startswith("Versori: GET /organisations/")
    assert list(result.invoices) == ["Content Ignite", "Elevate"]
    assert len(result.invoices["Content Ignite"]) == len(sandbox.dataset.content_ignite.invoices)
    assert len(result.invoices["Elevate"]) == len(sandbox.dataset.elevate.invoices)


def test_a_missing_secret_fails_only_its_provider(sandbox: Sandbox) -> None:
    result = fetch(sandbox, secrets=secrets(sandbox, ELEVATE_PASSWORD=""))
    (failure,) = result.failures
    assert isinstance(failure.error, CredentialsError)
    assert (
        str(failure)
        == "Elevate: no password for 'Elevate': environment variable ELEVATE_PASSWORD is set "
        "but empty"
    )
    assert set(result.invoices) == {"Content Ignite", "Versori"}


def test_progress_reports_pages_and_invoices(sandbox: Sandbox) -> None:
    reports: list[tuple[int, int | None, str]] = []
    fetch(sandbox, progress=lambda done, total, message: reports.append((done, total, message)))
    messages = [message for _, _, message in reports]
    assert "Elevate: page 1, 300 invoices so far" in messages
    assert "Content Ignite: 18 invoices listed, fetching details" in messages
    assert "Content Ignite: 18 of 18 invoices" in messages
    assert "Versori: 20 invoices fetched" in messages
    dones = [done for done, _, _ in reports]
    assert dones == sorted(dones)  # the combined count never goes backwards
    assert reports[-1][0] == reports[-1][1] == 18 + 20 + 300


def test_a_cancel_token_stops_every_provider(sandbox: Sandbox) -> None:
    sandbox.set_latency(0.1)
    token = CancelToken()
    timer = threading.Timer(0.35, token.cancel)
    timer.start()
    try:
        result = fetch(
            sandbox,
            cancel=token,
            options=ClientOptions(content_ignite_concurrency=1, elevate_page_size=10),
        )
    finally:
        timer.cancel()
    assert result.failures == ()  # stopped, not failed
    assert {"Content Ignite", "Elevate"} <= set(result.cancelled)
    assert set(result.cancelled).isdisjoint(result.invoices)
    made = sandbox.stats.count("content_ignite") + sandbox.stats.count("elevate")
    assert made < 19 + 31  # far from finishing either provider
    asyncio.run(asyncio.sleep(0.3))
    assert sandbox.stats.count("content_ignite") + sandbox.stats.count("elevate") <= made + 2


PATIENT = HttpPolicy(timeouts=Timeouts(connect=5.0, read=30.0), retry=FAST_POLICY.retry)


def test_a_cancel_keeps_the_invoices_of_the_providers_that_had_finished(
    sandbox: Sandbox,
) -> None:
    sandbox.faults.inject("elevate", "slow", path_contains="/invoices", delay=20.0)
    token = CancelToken()
    messages: list[str] = []

    def progress(done: int, total: int | None, message: str) -> None:
        messages.append(message)
        finished = [text for text in messages if text.endswith("invoices fetched")]
        if len(finished) == 2:  # Content Ignite and Versori; Elevate is still waiting
            token.cancel()

    started = time.monotonic()
    result = asyncio.run(
        fetch_all(
            all_three(sandbox),
            secrets=secrets(sandbox),
            progress=progress,
            cancel=token,
            policy=PATIENT,
        )
    )
    assert time.monotonic() - started < 10.0  # not the 20 s Elevate's answer takes
    assert "Content Ignite: 18 invoices fetched" in messages
    assert "Versori: 20 invoices fetched" in messages
    assert {name: len(invoices) for name, invoices in result.invoices.items()} == {
        "Content Ignite": 18,
        "Versori": 20,
    }
    assert result.cancelled == ("Elevate",)
    assert result.failures == ()
    assert len(result.all_invoices()) == 38


def test_a_cancel_made_while_a_request_is_in_flight_is_noticed_when_it_answers(
    sandbox: Sandbox,
) -> None:
    sandbox.faults.inject("versori", "slow", delay=1.0)
    token = CancelToken()
    client = create_client(config(sandbox, "versori"), secrets(sandbox), policy=PATIENT)
    timer = threading.Timer(0.3, token.cancel)
    timer.start()
    try:
        with pytest.raises(OperationCancelledError):
            asyncio.run(client.fetch_invoices(cancel=token))
    finally:
        timer.cancel()
    assert sandbox.stats.count("versori") == 1  # and nothing asked after the answer came


def test_asyncio_cancellation_stops_every_provider(sandbox: Sandbox) -> None:
    sandbox.set_latency(0.1)

    async def cancel_soon() -> None:
        task = asyncio.create_task(
            fetch_all(
                all_three(sandbox),
                secrets=secrets(sandbox),
                policy=FAST_POLICY,
                options=ClientOptions(content_ignite_concurrency=1),
            )
        )
        await asyncio.sleep(0.35)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        made = sandbox.stats.count("content_ignite")
        await asyncio.sleep(0.3)
        assert sandbox.stats.count("content_ignite") == made  # nothing left running

    asyncio.run(cancel_soon())


def test_a_reversed_window_is_refused_before_any_request(sandbox: Sandbox) -> None:
    with pytest.raises(ValueError, match=r"starts \(2025-06-01\) after it ends \(2025-01-01\)"):
        fetch(sandbox, date_from=date(2025, 6, 1), date_to=date(2025, 1, 1))
    assert sandbox.stats.requests == []
