"""The shared HTTP policy against the sandbox's faults: recovered, or reported clearly."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.domain import CancelToken, OperationCancelledError
from desktop_app.providers import (
    ContentIgniteClient,
    ElevateClient,
    HttpPolicy,
    MalformedResponseError,
    ProviderConnectionError,
    ProviderHTTPError,
    ProviderTimeoutError,
    RateLimitedError,
    RetryPolicy,
    Timeouts,
    VersoriClient,
)
from desktop_app.providers.base import ProviderClient
from desktop_app.sandbox import Sandbox
from tests.providers.sandbox_setup import FAST_POLICY, config, secrets

pytestmark = pytest.mark.sandbox

LIST = "/v1/billing/invoice"
RETRY_LOG = re.compile(r"retry (\d+) of (\d+) in ([0-9.]+) s")


def content_ignite(sandbox: Sandbox, policy: HttpPolicy = FAST_POLICY) -> ContentIgniteClient:
    return ContentIgniteClient(config(sandbox, "content_ignite"), secrets(sandbox), policy=policy)


def run(client: ProviderClient) -> int:
    return len(asyncio.run(client.fetch_invoices()))


def list_requests(sandbox: Sandbox) -> int:
    return sum(1 for r in sandbox.stats.requests if r.path.endswith(LIST))


def retry_delays(caplog: pytest.LogCaptureFixture) -> list[float]:
    return [float(m.group(3)) for r in caplog.records if (m := RETRY_LOG.search(r.getMessage()))]


def test_429_with_retry_after_in_seconds_is_waited_out(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="desktop_app.providers")
    sandbox.faults.inject("content_ignite", "429", path_contains=LIST, retry_after=1)
    assert run(content_ignite(sandbox)) == 18
    assert list_requests(sandbox) == 2
    assert retry_delays(caplog) == [1.0]  # the provider's wait, not our 10 ms backoff


def test_429_with_retry_after_as_an_http_date(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="desktop_app.providers")
    when = datetime.now(UTC) + timedelta(seconds=2)
    sandbox.faults.inject("content_ignite", "429", path_contains=LIST, retry_after=when)
    assert run(content_ignite(sandbox)) == 18
    (delay,) = retry_delays(caplog)
    assert 0.5 < delay <= 2.0  # the date has whole seconds, so up to one second less


def test_a_retry_after_longer_than_the_cap_fails_at_once(sandbox: Sandbox) -> None:
    sandbox.faults.inject("content_ignite", "429", path_contains=LIST, retry_after=120)
    with pytest.raises(RateLimitedError) as error:
        run(content_ignite(sandbox))
    assert str(error.value) == (
        "Content Ignite: GET /v1/billing/invoice: HTTP 429 Too Many Requests, asked to retry "
        "after 120 s, longer than the 3 s this client waits: Too many requests, slow down "
        "(to wait that long, set max_retry_after = 120 in this provider's providers.toml entry)"
    )
    assert list_requests(sandbox) == 1


class _CancelOnRetry(logging.Handler):
    """Cancels the fetch as soon as it announces its wait: the wait is proven accepted
    without a test that sleeps for two minutes."""

    def __init__(self, token: CancelToken) -> None:
        super().__init__()
        self.token = token
        self.delays: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        if match := RETRY_LOG.search(record.getMessage()):
            self.delays.append(float(match.group(3)))
            self.token.cancel()


def test_a_provider_allowed_a_longer_wait_waits_out_its_retry_after(sandbox: Sandbox) -> None:
    sandbox.faults.inject("content_ignite", "429", path_contains=LIST, retry_after=120)
    client = ContentIgniteClient(
        config(sandbox, "content_ignite", max_retry_after=150), secrets(sandbox), policy=FAST_POLICY
    )
    token = CancelToken()
    watcher = _CancelOnRetry(token)
    logger = logging.getLogger("desktop_app.providers")
    logger.addHandler(watcher)
    level = logger.level
    logger.setLevel(logging.INFO)
    started = time.monotonic()
    try:
        with pytest.raises(OperationCancelledError):
            asyncio.run(client.fetch(cancel=token))
    finally:
        logger.removeHandler(watcher)
        logger.setLevel(level)
    assert watcher.delays == [120.0]  # the provider's wait, beyond the policy's 3 s cap
    assert time.monotonic() - started < 5
    assert list_requests(sandbox) == 1


def test_a_wait_above_the_providers_own_limit_still_fails_and_says_so(sandbox: Sandbox) -> None:
    sandbox.faults.inject("content_ignite", "429", path_contains=LIST, retry_after=601)
    client = ContentIgniteClient(
        config(sandbox, "content_ignite", max_retry_after=600), secrets(sandbox), policy=FAST_POLICY
    )
    with pytest.raises(RateLimitedError) as error:
        run(client)
    assert "asked to retry after 601 s, longer than the 600 s this client waits" in str(error.value)
    assert str(error.value).endswith(
        "set max_retry_after = 601 in this provider's providers.toml entry)"
    )


def test_429_until_retries_run_out(sandbox: Sandbox) -> None:
    sandbox.faults.inject("content_ignite", "429", path_contains=LIST, retry_after=0, times=10)
    with pytest.raises(
        RateLimitedError, match=r"HTTP 429 Too Many Requests after 3 attempts: Too many"
    ):
        run(content_ignite(sandbox))
    assert list_requests(sandbox) == 3


@pytest.mark.parametrize("status", ["502", "503", "504"])
def test_a_gateway_error_is_retried(sandbox: Sandbox, status: str) -> None:
    sandbox.faults.inject("content_ignite", status, path_contains=LIST)
    assert run(content_ignite(sandbox)) == 18
    assert list_requests(sandbox) == 2


def test_a_provider_that_stays_down_is_reported_with_its_page_title(sandbox: Sandbox) -> None:
    sandbox.faults.inject("versori", "503", times=10)
    versori = VersoriClient(config(sandbox, "versori"), secrets(sandbox), policy=FAST_POLICY)
    with pytest.raises(ProviderHTTPError) as error:
        run(versori)
    message = str(error.value)
    assert message.startswith("Versori: GET /organisations/")
    assert message.endswith(
        "HTTP 503 Service Unavailable after 3 attempts: 503 Service Unavailable"
    )
    assert error.value.status == 503
    assert sandbox.stats.count("versori") == 3


def test_a_slow_answer_within_the_read_timeout_is_simply_waited_for(sandbox: Sandbox) -> None:
    sandbox.faults.inject("content_ignite", "slow", path_contains=LIST, delay=0.5)
    assert run(content_ignite(sandbox)) == 18
    assert list_requests(sandbox) == 1


def test_an_answer_slower_than_the_read_timeout_is_retried(sandbox: Sandbox) -> None:
    policy = HttpPolicy(timeouts=Timeouts(connect=5.0, read=0.3), retry=FAST_POLICY.retry)
    sandbox.faults.inject("content_ignite", "slow", path_contains=LIST, delay=1.0)
    assert run(content_ignite(sandbox, policy)) == 18
    assert list_requests(sandbox) == 2


def test_an_answer_that_never_comes_in_time_is_a_timeout_error(sandbox: Sandbox) -> None:
    policy = HttpPolicy(
        timeouts=Timeouts(connect=5.0, read=0.3),
        retry=RetryPolicy(max_attempts=2, initial_delay=0.01),
    )
    sandbox.faults.inject("content_ignite", "slow", path_contains=LIST, delay=1.0, times=2)
    with pytest.raises(ProviderTimeoutError) as error:
        run(content_ignite(sandbox, policy))
    assert str(error.value) == (
        "Content Ignite: GET /v1/billing/invoice: no answer within 0.3 s (read timeout) after 2 attempts"
    )


def run_within(client: ProviderClient, seconds: float) -> int:
    """``run``, but a fetch that outlasts ``seconds`` fails the test rather than hang it."""

    async def bounded() -> int:
        return len(await asyncio.wait_for(client.fetch_invoices(), seconds))

    return asyncio.run(bounded())


def test_an_answer_dribbled_past_the_request_deadline_is_retried(sandbox: Sandbox) -> None:
    # A byte every 0.1 s never trips the 2 s read timeout; the 1 s deadline ends it.
    policy = HttpPolicy(
        timeouts=Timeouts(connect=5.0, read=2.0, request=1.0), retry=FAST_POLICY.retry
    )
    sandbox.faults.inject("content_ignite", "drip", path_contains=LIST, delay=0.1)
    assert run_within(content_ignite(sandbox, policy), 10.0) == 18
    assert list_requests(sandbox) == 2


def test_an_answer_dribbled_every_time_fails_as_a_timeout_naming_the_provider(
    sandbox: Sandbox,
) -> None:
    policy = HttpPolicy(
        timeouts=Timeouts(connect=1.0, read=0.5),  # deadline by default: 1 + 3 × 0.5 s
        retry=RetryPolicy(max_attempts=2, initial_delay=0.01),
    )
    sandbox.faults.inject("content_ignite", "drip", path_contains=LIST, delay=0.05, times=2)
    started = time.monotonic()
    with pytest.raises(ProviderTimeoutError) as error:
        run_within(content_ignite(sandbox, policy), 15.0)
    assert str(error.value) == (
        "Content Ignite: GET /v1/billing/invoice: no complete answer within 2.5 s "
        "(request deadline) after 2 attempts"
    )
    assert time.monotonic() - started < 10.0
    assert list_requests(sandbox) == 2


def test_malformed_json_is_reported_not_retried(sandbox: Sandbox) -> None:
    sandbox.faults.inject("content_ignite", "malformed_json", path_contains=LIST)
    with pytest.raises(
        MalformedResponseError,
        match=r"GET /v1/billing/invoice: HTTP 200 but the body is not valid JSON \(",
    ):
        run(content_ignite(sandbox))
    assert list_requests(sandbox) == 1


@pytest.mark.parametrize(
    ("kind", "path_contains", "expected"),
    [
        (
            "content_ignite",
            LIST + "/",
            (
                r"Content Ignite: invoice (\d+): GET /v1/billing/invoice/\1: its detail does not "
                r"match the documented schema: field base_amount: expected a JSON number, got str .*"
            ),
        ),
        (
            "content_ignite",
            None,
            (
                r"Content Ignite: invoice \d+: GET /v1/billing/invoice: its list row does not match "
                r"the documented schema: field date: Field required"
            ),
        ),
        (
            "versori",
            None,
            (
                r"Versori: invoice https://invoice\.stripe\.com/\S+: GET /organisations/\w+/billing/"
                r"invoices: does not match the documented schema: field totalAmount: Field required"
            ),
        ),
        (
            "elevate",
            None,
            (
                r"Elevate: invoice \d+ \(EL-\d{4}-\d{5}\): GET /invoices \(page 1\): does not match "
                r"the documented schema: field invoiceTotalAmount: expected a JSON number, got str .*"
            ),
        ),
    ],
)
def test_a_schema_breaking_field_is_named_on_its_invoice_and_the_others_are_kept(
    sandbox: Sandbox, kind: str, path_contains: str | None, expected: str
) -> None:
    clients = {
        "content_ignite": ContentIgniteClient,
        "versori": VersoriClient,
        "elevate": ElevateClient,
    }
    client = clients[kind](config(sandbox, kind), secrets(sandbox), policy=FAST_POLICY)
    everything = run(client)
    sandbox.faults.inject(kind, "schema_break", path_contains=path_contains)
    batch = asyncio.run(client.fetch())
    (problem,) = batch.problems
    assert re.fullmatch(expected, str(problem)), str(problem)
    assert len(batch.invoices) == everything - 1
    assert problem.invoice_id not in {invoice.invoice_id for invoice in batch.invoices}


def test_a_reset_connection_is_retried(sandbox: Sandbox) -> None:
    sandbox.faults.inject("content_ignite", "reset", path_contains=LIST)
    assert run(content_ignite(sandbox)) == 18
    assert list_requests(sandbox) == 2


def test_a_connection_that_keeps_resetting_is_reported(sandbox: Sandbox) -> None:
    sandbox.faults.inject("elevate", "reset", times=10)
    elevate = ElevateClient(config(sandbox, "elevate"), secrets(sandbox), policy=FAST_POLICY)
    with pytest.raises(ProviderConnectionError) as error:
        run(elevate)
    assert re.fullmatch(
        r"Elevate: GET /invoices\?page=1&pageSize=1000&sort=id: connection failed \(\w+: .+\) after 3 attempts",
        str(error.value),
    )


def test_nothing_listening_is_a_connection_error_naming_the_address(sandbox: Sandbox) -> None:
    """A mistyped port said "connection failed (ConnectError: All connection attempts
    failed) after 5 attempts", naming neither the address nor what to check (tester k,
    finding 8)."""
    address = sandbox.content_ignite_url
    stopped = ContentIgniteClient(
        config(sandbox, "content_ignite", base_url=address), secrets(sandbox), policy=FAST_POLICY
    )
    sandbox.stop()
    with pytest.raises(ProviderConnectionError) as error:
        run(stopped)
    assert str(error.value) == (
        "Content Ignite: GET /v1/billing/invoice: could not connect (connection refused) "
        f"after 3 attempts (check base_url {address}: nothing answers there; is its port or "
        "host mistyped?)"
    )


def test_a_detail_failing_for_good_names_the_invoice(sandbox: Sandbox) -> None:
    target = sandbox.dataset.content_ignite.invoices[3]["id"]
    sandbox.faults.inject("content_ignite", "503", path_contains=f"/invoice/{target}", times=10)
    with pytest.raises(
        ProviderHTTPError, match=f"GET /v1/billing/invoice/{target}: HTTP 503 .* after 3 attempts"
    ):
        run(content_ignite(sandbox))
    assert sandbox.stats.count("content_ignite", f"/invoice/{target}") == 3
