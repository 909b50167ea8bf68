"""The shared HTTP policy against the sandbox's faults: recovered, or reported clearly."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain import CancelToken, OperationCancelledError
from desktop_app.providers import (
    AuthenticationError,
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
    load_config,
)
from desktop_app.providers.base import DateWindow, ProviderClient
from desktop_app.providers.http_client import ProviderHttp
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
        "(try again in 2 minutes; or, to have it waited out, set max_retry_after = 120 in "
        "this provider's providers.toml entry)"
    )
    assert list_requests(sandbox) == 1


def test_a_retry_after_too_long_names_the_providers_toml_it_was_read_from(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """ "This provider's providers.toml entry" named no file: the window's is in a settings
    folder nobody is shown, and a nightly job's may be anywhere (tester p, finding 4)."""
    settings = tmp_path / "settings" / "providers.toml"
    settings.parent.mkdir()
    settings.write_text(
        "[[providers]]\n"
        'kind = "content_ignite"\n'
        'name = "Content Ignite"\n'
        f'base_url = "{sandbox.content_ignite_url}"\n'
        'token_env = "CI_TOKEN"\n',
        encoding="utf-8",
    )
    (entry,) = load_config(settings)
    sandbox.faults.inject("content_ignite", "429", path_contains=LIST, retry_after=45)
    client = ContentIgniteClient(entry, secrets(sandbox), policy=FAST_POLICY)
    with pytest.raises(RateLimitedError) as error:
        run(client)
    assert str(error.value).endswith(
        "(try again in 45 seconds; or, to have it waited out, set max_retry_after = 45 in "
        f"this provider's entry in {settings})"
    )


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


@pytest.mark.parametrize("kind", ["500", "malformed_json"])
def test_a_server_failure_or_a_body_that_is_not_json_is_retried(
    sandbox: Sandbox, kind: str
) -> None:
    """Content Ignite's notes say back off on 5xx, Versori's on 429/5xx: one 500, or one
    answer cut short, failed the provider at once (tester p, finding 1)."""
    sandbox.faults.inject("content_ignite", kind, path_contains=LIST)
    assert run(content_ignite(sandbox)) == 18
    assert list_requests(sandbox) == 2
    versori = VersoriClient(config(sandbox, "versori"), secrets(sandbox), policy=FAST_POLICY)
    everything = run(versori)
    clean = sandbox.stats.count("versori")
    sandbox.faults.inject("versori", kind)
    assert run(versori) == everything
    assert sandbox.stats.count("versori") == 2 * clean + 1  # the one failure asked again


def test_a_body_that_is_never_json_fails_after_its_retries(sandbox: Sandbox) -> None:
    sandbox.faults.inject("content_ignite", "malformed_json", path_contains=LIST, times=10)
    with pytest.raises(
        MalformedResponseError,
        match=r"GET /v1/billing/invoice: HTTP 200 but the body is not valid JSON \(.*\) after "
        r"3 attempts \(base_url ",
    ):
        run(content_ignite(sandbox))
    assert list_requests(sandbox) == 3


@pytest.mark.parametrize("kind", ["500", "malformed_json"])
def test_elevate_is_not_retried_on_a_500_or_a_body_that_is_not_json(
    sandbox: Sandbox, kind: str
) -> None:
    """Elevate's documents say a 500 means "contact support": asking again is no help."""
    sandbox.faults.inject("elevate", kind, path_contains="/invoices")
    elevate = ElevateClient(config(sandbox, "elevate"), secrets(sandbox), policy=FAST_POLICY)
    with pytest.raises((ProviderHTTPError, MalformedResponseError)) as error:
        run(elevate)
    assert " after " not in str(error.value)
    assert sandbox.stats.count("elevate", "/invoices") == 1


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


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("503", "HTTP 503 Service Unavailable after 3 attempts: 503 Service Unavailable"),
        ("500", "HTTP 500 Internal Server Error after 3 attempts: java.lang.NullPointerException"),
        ("malformed_json", "HTTP 200 but the body is not valid JSON"),
    ],
)
def test_a_detail_failing_for_good_costs_that_invoice_alone(
    sandbox: Sandbox, kind: str, problem: str
) -> None:
    """One detail the server failed on, after its retries, failed the provider: every
    invoice fetched from it was dropped (tester p, finding 1). It is that invoice's
    problem, named, as a 404 or a schema break on that call is; the address, which just
    answered the list and the other details, is not blamed (finding 2)."""
    target = sandbox.dataset.content_ignite.invoices[3]["id"]
    sandbox.faults.inject("content_ignite", kind, path_contains=f"/invoice/{target}", times=10)
    batch = asyncio.run(content_ignite(sandbox).fetch())
    (left_out,) = batch.problems
    assert (left_out.provider, left_out.invoice_id) == ("Content Ignite", str(target))
    assert left_out.reason.startswith(f"GET /v1/billing/invoice/{target}: {problem}")
    assert left_out.reason.endswith(
        "(Content Ignite's server failed on this request: it answered earlier in this fetch, "
        "so the address is right)"
    )
    assert "base_url" not in left_out.reason
    assert len(batch.invoices) == 17
    assert str(target) not in {invoice.invoice_id for invoice in batch.invoices}
    assert sandbox.stats.count("content_ignite", f"/invoice/{target}") == 3


def test_a_refused_detail_still_fails_the_provider(sandbox: Sandbox) -> None:
    """A 401 on a detail is the token's, not the invoice's: nothing is kept as if fetched."""
    target = sandbox.dataset.content_ignite.invoices[3]["id"]
    sandbox.faults.inject("content_ignite", "401", path_contains=f"/invoice/{target}")
    with pytest.raises(AuthenticationError, match=f"GET /v1/billing/invoice/{target}: HTTP 401"):
        run(content_ignite(sandbox))


def test_a_connection_refused_after_the_provider_answered_does_not_blame_the_address(
    sandbox: Sandbox,
) -> None:
    """The sandbox stopped between the list and the details: "check base_url …: nothing
    answers there; is its port or host mistyped?" sent the accountant to a setting that
    had just worked (tester p, finding 2)."""
    client = content_ignite(sandbox)

    class StopAfterList(ContentIgniteClient):
        async def _list(self, http: ProviderHttp, window: DateWindow) -> Any:
            listed = await super()._list(http, window)
            sandbox.stop()
            return listed

    stopping = StopAfterList(client.config, client.secrets, policy=FAST_POLICY)
    with pytest.raises(ProviderConnectionError) as error:
        run(stopping)
    message = str(error.value)
    assert re.fullmatch(
        r"Content Ignite: GET /v1/billing/invoice/\d+: could not connect \(connection "
        r"refused\) after 3 attempts \(the connection to Content Ignite dropped mid-fetch: it "
        r"answered earlier in this fetch, so the address is right; the provider or the "
        r"network stopped answering: try again later\)",
        message,
    ), message
    assert "base_url" not in message


def test_a_content_ignite_403_is_backed_off_and_asked_again(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """Content Ignite "reserves the right to block" a client it deems abusive, and the
    research notes (1.4) say to "back off on 429/403/5xx": a 403 that passes is waited
    out as a 429 is, and the fetch goes on. It failed the provider at once."""
    caplog.set_level(logging.INFO, logger="desktop_app.providers")
    sandbox.faults.inject("content_ignite", "403", path_contains=LIST)
    assert run(content_ignite(sandbox)) == 18
    assert list_requests(sandbox) == 2
    assert len(retry_delays(caplog)) == 1


def test_a_content_ignite_403_that_stays_names_the_block_first_then_the_token(
    sandbox: Sandbox,
) -> None:
    """Still refused after backing off: the block may outlast the retries, or the token's
    user may not see billing (the answer does not say which). It was said as the token
    refused, sending the accountant to a token that may be fine."""
    sandbox.faults.inject("content_ignite", "403", path_contains=LIST, times=3)
    with pytest.raises(AuthenticationError) as error:
        run(content_ignite(sandbox))
    assert str(error.value) == (
        "Content Ignite: GET /v1/billing/invoice: HTTP 403 Forbidden after 3 attempts: "
        "Access denied (Content Ignite may block a client it deems to be abusing its API, "
        "and still refused after backing off: try again later; if it still refuses then, "
        "check the token in environment variable CI_TOKEN: its user may not be allowed to "
        "see billing)"
    )
    assert error.value.status == 403
    assert list_requests(sandbox) == 3


@pytest.mark.parametrize("kind", ["versori", "elevate"])
def test_a_403_from_a_provider_that_documents_no_block_is_asked_once(
    sandbox: Sandbox, kind: str
) -> None:
    """Versori's notes say to back off on 429/5xx, Elevate's document 403 as
    "authenticated but not permitted": asked again, it would refuse again."""
    client = {"versori": VersoriClient, "elevate": ElevateClient}[kind]
    path = "/invoices"
    sandbox.faults.inject(kind, "403", path_contains=path, times=3)
    with pytest.raises(AuthenticationError) as error:
        run(client(config(sandbox, kind), secrets(sandbox), policy=FAST_POLICY))
    assert error.value.status == 403
    assert str(error.value).endswith(
        f"(check the token in environment variable {kind.upper()}_TOKEN)"
    )
    assert sandbox.stats.count(kind, path_contains=path) == 1
