"""Request stats, measured concurrency, latency, and a clean start/stop."""

from __future__ import annotations

import contextlib
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from desktop_app.sandbox import Sandbox
from desktop_app.sandbox.__main__ import describe
from tests.sandbox.conftest import ci_headers, elevate_headers

pytestmark = pytest.mark.sandbox


def detail_url(sandbox: Sandbox, index: int) -> str:
    invoice_id = sandbox.dataset.content_ignite.invoices[index]["id"]
    return f"{sandbox.content_ignite_url}/v1/billing/invoice/{invoice_id}"


def test_requests_are_logged_with_provider_method_path_query_and_auth_scheme(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    http.get(f"{sandbox.content_ignite_url}/v1/billing/invoice", headers=ci_headers(sandbox))
    http.get(detail_url(sandbox, 0), headers=ci_headers(sandbox))
    http.get(
        f"{sandbox.elevate_url}/invoices",
        params={"page": 2, "pageSize": 50},
        headers=elevate_headers(sandbox),
    )

    requests = sandbox.stats.requests
    assert [(r.provider, r.method) for r in requests] == [
        ("content_ignite", "GET"),
        ("content_ignite", "GET"),
        ("elevate", "GET"),
    ]
    provider, method, path, query, scheme = requests[2]
    assert (provider, method, path) == ("elevate", "GET", "/elevate/v1/invoices")
    assert query == {"page": "2", "pageSize": "50"}
    assert scheme == "Bearer"  # the scheme word only: the token itself is never recorded
    assert sandbox.credentials.elevate_token not in repr(requests)
    assert sandbox.stats.count("content_ignite") == 2
    assert sandbox.stats.count("content_ignite", path_contains="/invoice/") == 1
    assert sandbox.stats.count("versori") == 0


def test_sequential_requests_never_overlap(sandbox: Sandbox, http: httpx.Client) -> None:
    for index in range(5):
        http.get(detail_url(sandbox, index), headers=ci_headers(sandbox))

    assert sandbox.stats.max_concurrent("content_ignite.detail") == 1
    assert sandbox.stats.max_concurrent("content_ignite") == 1


def test_max_concurrent_measures_requests_really_in_flight(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    """Four callers start together; a long latency keeps all four inside the server at once."""
    sandbox.set_latency(0.6)
    start = threading.Barrier(4)

    def fetch(index: int) -> int:
        start.wait()
        return http.get(detail_url(sandbox, index), headers=ci_headers(sandbox)).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(fetch, range(4)))

    assert statuses == [200] * 4
    assert sandbox.stats.max_concurrent("content_ignite.detail") == 4
    assert sandbox.stats.max_concurrent("content_ignite.list") == 0
    assert sandbox.stats.in_flight("content_ignite.detail") == 0


def test_latency_delays_every_request(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.set_latency(0.15)

    response = http.get(detail_url(sandbox, 0), headers=ci_headers(sandbox))

    assert sandbox.latency == 0.15
    assert response.elapsed.total_seconds() >= 0.15
    with pytest.raises(ValueError, match="negative"):
        sandbox.set_latency(-1)


def test_stop_leaves_no_thread_even_with_idle_keep_alive_connections(http: httpx.Client) -> None:
    before = set(threading.enumerate())
    sandbox = Sandbox(seed=1).start()
    for index in range(3):
        http.get(detail_url(sandbox, index), headers=ci_headers(sandbox))
    assert len(set(threading.enumerate()) - before) >= 2  # server loop + a connection thread

    sandbox.stop()

    assert set(threading.enumerate()) - before == set()
    assert not sandbox.running
    sandbox.stop()  # idempotent


def test_stop_wakes_a_request_stuck_in_a_slow_fault(tls_context: ssl.SSLContext) -> None:
    sandbox = Sandbox(seed=1).start()
    sandbox.faults.inject("content_ignite", "slow", delay=60.0)
    before_stop = threading.Event()

    def slow_call() -> None:
        with httpx.Client(timeout=120.0, verify=tls_context) as client:
            before_stop.set()
            # The server may go away mid-request: that is the point.
            with contextlib.suppress(httpx.TransportError):
                client.get(detail_url(sandbox, 0), headers=ci_headers(sandbox))

    caller = threading.Thread(target=slow_call)
    caller.start()
    before_stop.wait()
    while sandbox.stats.in_flight("content_ignite.detail") == 0:
        time.sleep(0.01)

    sandbox.stop()
    caller.join(timeout=30)

    assert not caller.is_alive()


def test_urls_and_port(sandbox: Sandbox) -> None:
    assert sandbox.base_url == f"http://127.0.0.1:{sandbox.port}"
    assert sandbox.content_ignite_url == f"{sandbox.base_url}/content-ignite"
    assert sandbox.versori_url == f"{sandbox.base_url}/versori/api/organisations/v1"
    assert sandbox.elevate_url == f"{sandbox.base_url}/elevate/v1"
    assert sandbox.port > 0


def test_addresses_need_a_running_sandbox() -> None:
    idle = Sandbox(seed=1)
    with pytest.raises(RuntimeError, match="not running"):
        _ = idle.base_url
    with idle, pytest.raises(RuntimeError, match="already running"):
        idle.start()


def test_two_sandboxes_run_side_by_side(http: httpx.Client) -> None:
    with Sandbox(seed=1) as first, Sandbox(seed=2) as second:
        assert first.port != second.port
        for box in (first, second):
            response = http.get(
                f"{box.content_ignite_url}/v1/billing/invoice", headers=ci_headers(box)
            )
            assert response.status_code == 200


def test_credentials_hide_secrets_from_repr(sandbox: Sandbox) -> None:
    text = repr(sandbox.credentials)

    creds = sandbox.credentials
    for secret in (
        creds.content_ignite_token,
        creds.versori_token,
        creds.elevate_token,
        creds.elevate_password,
    ):
        assert secret not in text
    assert creds.versori_organisation_id in text


def test_describe_prints_urls_and_credentials(sandbox: Sandbox) -> None:
    text = describe(sandbox)

    assert sandbox.elevate_url in text
    assert sandbox.credentials.elevate_password in text
    assert sandbox.credentials.versori_organisation_id in text
