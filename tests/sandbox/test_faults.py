"""Every fault kind does what it says, for as many requests as asked, then stops."""

from __future__ import annotations

import json
import ssl
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
import pytest

from desktop_app.sandbox import Sandbox
from tests.sandbox.conftest import (
    ci_headers,
    elevate_headers,
    exact_json,
    versori_headers,
    versori_invoices_url,
)

pytestmark = pytest.mark.sandbox

PROVIDERS = ["content_ignite", "versori", "elevate"]


def call(http: httpx.Client, sandbox: Sandbox, provider: str) -> httpx.Response:
    """One ordinary, valid list request to ``provider``."""
    if provider == "content_ignite":
        return http.get(
            f"{sandbox.content_ignite_url}/v1/billing/invoice", headers=ci_headers(sandbox)
        )
    if provider == "versori":
        return http.get(
            versori_invoices_url(sandbox),
            params={"from": "2025-01-01", "to": "2025-06-30"},
            headers=versori_headers(sandbox),
        )
    return http.get(
        f"{sandbox.elevate_url}/invoices",
        params={"page": 1, "pageSize": 5},
        headers=elevate_headers(sandbox),
    )


def error_fields(provider: str) -> set[str]:
    return {
        "content_ignite": {"success", "message"},
        "versori": {"code", "message"},
        "elevate": {"error", "message"},
    }[provider]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_429_carries_retry_after_seconds_then_recovers(
    sandbox: Sandbox, http: httpx.Client, provider: str
) -> None:
    sandbox.faults.inject(provider, "429", times=2)

    first, second, third = (call(http, sandbox, provider) for _ in range(3))

    assert [first.status_code, second.status_code, third.status_code] == [429, 429, 200]
    assert first.headers["Retry-After"] == "1"
    assert set(first.json()) == error_fields(provider)


def test_429_retry_after_as_given(sandbox: Sandbox, http: httpx.Client) -> None:
    moment = datetime(2025, 12, 1, 9, 30, 5, tzinfo=UTC)
    sandbox.faults.inject("elevate", "429", retry_after=7)
    sandbox.faults.inject("elevate", "429", retry_after=moment)

    seconds = call(http, sandbox, "elevate")
    dated = call(http, sandbox, "elevate")

    assert seconds.headers["Retry-After"] == "7"
    assert dated.headers["Retry-After"] == "Mon, 01 Dec 2025 09:30:05 GMT"
    assert parsedate_to_datetime(dated.headers["Retry-After"]) == moment


@pytest.mark.parametrize("status", ["502", "503", "504"])
@pytest.mark.parametrize("provider", PROVIDERS)
def test_gateway_errors_answer_with_an_html_page(
    sandbox: Sandbox, http: httpx.Client, provider: str, status: str
) -> None:
    sandbox.faults.inject(provider, status)

    failed = call(http, sandbox, provider)

    assert failed.status_code == int(status)
    assert failed.headers["content-type"].startswith("text/html")
    assert status in failed.text
    with pytest.raises(json.JSONDecodeError):
        json.loads(failed.text)
    assert call(http, sandbox, provider).status_code == 200


def test_slow_answers_normally_after_the_delay(
    sandbox: Sandbox, tls_context: ssl.SSLContext
) -> None:
    sandbox.faults.inject("content_ignite", "slow", delay=3.0)
    sandbox.faults.inject("content_ignite", "slow", delay=0.2)
    impatient = httpx.Timeout(10.0, read=0.2)

    with (
        httpx.Client(timeout=impatient, verify=tls_context) as client,
        pytest.raises(httpx.ReadTimeout),
    ):
        call(client, sandbox, "content_ignite")
    with httpx.Client(timeout=10.0, verify=tls_context) as client:
        patient = call(client, sandbox, "content_ignite")

    assert patient.status_code == 200
    assert exact_json(patient)["results"] == sandbox.dataset.content_ignite.invoices
    assert patient.elapsed.total_seconds() >= 0.2


def test_drip_sends_the_real_answer_a_byte_at_a_time(sandbox: Sandbox, http: httpx.Client) -> None:
    june = {"from": "2025-06-01", "to": "2025-06-30"}  # 2 kB: a few seconds at most
    url, headers = versori_invoices_url(sandbox), versori_headers(sandbox)
    whole = http.get(url, params=june, headers=headers)
    sandbox.faults.inject("versori", "drip", delay=0.0005)
    with http.stream("GET", url, params=june, headers=headers) as dripped:
        assert dripped.status_code == 200
        chunks = list(dripped.iter_raw())
    assert b"".join(chunks) == whole.content
    assert len(chunks) > 10  # arrived in pieces, not at once
    assert call(http, sandbox, "versori").status_code == 200


@pytest.mark.parametrize("provider", PROVIDERS)
def test_malformed_json_is_a_truncated_200(
    sandbox: Sandbox, http: httpx.Client, provider: str
) -> None:
    good = call(http, sandbox, provider).text
    sandbox.faults.inject(provider, "malformed_json")

    broken = call(http, sandbox, provider)

    assert broken.status_code == 200
    assert broken.headers["content-type"] == "application/json"
    assert good.startswith(broken.text)
    assert len(broken.text) < len(good)
    with pytest.raises(json.JSONDecodeError):
        json.loads(broken.text)


@pytest.mark.parametrize(
    ("provider", "path", "locate", "field", "how"),
    [
        (
            "content_ignite",
            "/v1/billing/invoice",
            lambda b: b["results"][0],
            "date",  # one the client reads: the list row's amounts are not
            "missing",
        ),
        ("versori", "", lambda b: b[0], "totalAmount", "missing"),
        ("elevate", "", lambda b: b[0], "invoiceTotalAmount", "string"),
    ],
    ids=PROVIDERS,
)
def test_schema_break_damages_one_required_field(
    sandbox: Sandbox,
    http: httpx.Client,
    provider: str,
    path: str,
    locate: object,
    field: str,
    how: str,
) -> None:
    intact = locate(exact_json(call(http, sandbox, provider)))  # type: ignore[operator]
    sandbox.faults.inject(provider, "schema_break")

    broken = locate(exact_json(call(http, sandbox, provider)))  # type: ignore[operator]

    assert field in intact
    if how == "missing":
        assert field not in broken
    else:
        assert broken[field] == str(intact[field])
    assert {k: v for k, v in broken.items() if k != field} == {
        k: v for k, v in intact.items() if k != field
    }


def test_schema_break_on_a_detail_mistypes_the_amount(sandbox: Sandbox, http: httpx.Client) -> None:
    invoice = sandbox.dataset.content_ignite.invoices[0]
    sandbox.faults.inject("content_ignite", "schema_break", path_contains="/invoice/")

    body = exact_json(
        http.get(
            f"{sandbox.content_ignite_url}/v1/billing/invoice/{invoice['id']}",
            headers=ci_headers(sandbox),
        )
    )

    assert body["result"]["base_amount"] == str(invoice["base_amount"])
    assert (
        sandbox.dataset.content_ignite.details[invoice["id"]]["base_amount"]
        == invoice["base_amount"]
    )


def test_schema_break_on_an_empty_array_sends_an_object(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    sandbox.faults.inject("elevate", "schema_break")

    response = http.get(
        f"{sandbox.elevate_url}/invoices",
        params={"page": 99, "pageSize": 10},
        headers=elevate_headers(sandbox),
    )

    assert response.status_code == 200
    assert response.json() == {}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_401_even_with_valid_credentials(
    sandbox: Sandbox, http: httpx.Client, provider: str
) -> None:
    sandbox.faults.inject(provider, "401")

    refused = call(http, sandbox, provider)

    assert refused.status_code == 401
    assert set(refused.json()) == error_fields(provider)
    assert call(http, sandbox, provider).status_code == 200


@pytest.mark.parametrize("provider", PROVIDERS)
def test_403_refuses_in_the_providers_own_error_body(
    sandbox: Sandbox, http: httpx.Client, provider: str
) -> None:
    sandbox.faults.inject(provider, "403")

    refused = call(http, sandbox, provider)

    assert refused.status_code == 403
    assert set(refused.json()) == error_fields(provider)
    assert call(http, sandbox, provider).status_code == 200


def test_success_false_is_http_200(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.faults.inject("content_ignite", "success_false")

    response = call(http, sandbox, "content_ignite")

    assert response.status_code == 200
    assert response.json()["success"] is False
    assert response.json()["message"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_reset_closes_the_connection_without_an_answer(
    sandbox: Sandbox, http: httpx.Client, provider: str
) -> None:
    sandbox.faults.inject(provider, "reset")

    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        call(http, sandbox, provider)
    assert call(http, sandbox, provider).status_code == 200


@pytest.mark.parametrize("provider", PROVIDERS)
def test_what_a_wrong_base_url_reaches_answers_as_such(
    sandbox: Sandbox, http: httpx.Client, provider: str
) -> None:
    """A login page with HTTP 200, a redirect to a web site (its own Location or the one
    given), a long stack trace with HTTP 500: none of them JSON, each once."""
    sandbox.faults.inject(provider, "login_page")
    sandbox.faults.inject(provider, "redirect")
    sandbox.faults.inject(provider, "redirect", location="/sign-in")
    sandbox.faults.inject(provider, "500")

    page, redirected, elsewhere, failed = (call(http, sandbox, provider) for _ in range(4))

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<title>Sign in" in page.text
    assert redirected.status_code == 302
    assert redirected.headers["Location"].startswith("https://www.example.com/welcome?session=")
    assert elsewhere.headers["Location"] == "/sign-in"
    assert failed.status_code == 500
    assert failed.headers["content-type"].startswith("text/plain")
    assert len(failed.text) > 10_000
    for answer in (page, redirected, failed):
        with pytest.raises(json.JSONDecodeError):
            json.loads(answer.text)
    assert call(http, sandbox, provider).status_code == 200


@pytest.mark.parametrize("provider", PROVIDERS)
def test_not_found_json_is_a_404_in_the_providers_own_error_body(
    sandbox: Sandbox, http: httpx.Client, provider: str
) -> None:
    """The right host's answer to a wrong path: JSON, in the provider's style, once."""
    sandbox.faults.inject(provider, "not_found_json")

    missing = call(http, sandbox, provider)

    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/json")
    assert set(missing.json()) == error_fields(provider)
    assert missing.json()["message"] == "Not found"
    assert call(http, sandbox, provider).status_code == 200


def test_path_contains_limits_the_fault(sandbox: Sandbox, http: httpx.Client) -> None:
    invoice_id = sandbox.dataset.content_ignite.invoices[0]["id"]
    detail_url = f"{sandbox.content_ignite_url}/v1/billing/invoice/{invoice_id}"
    sandbox.faults.inject("content_ignite", "503", path_contains=f"/invoice/{invoice_id}")

    assert call(http, sandbox, "content_ignite").status_code == 200
    assert call(http, sandbox, "versori").status_code == 200
    assert http.get(detail_url, headers=ci_headers(sandbox)).status_code == 503
    assert http.get(detail_url, headers=ci_headers(sandbox)).status_code == 200


def test_faults_fire_in_the_order_armed_and_clear_disarms(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    sandbox.faults.inject("elevate", "502")
    sandbox.faults.inject("elevate", "504")
    sandbox.faults.inject("elevate", "429", times=5)

    assert call(http, sandbox, "elevate").status_code == 502
    assert call(http, sandbox, "elevate").status_code == 504
    assert call(http, sandbox, "elevate").status_code == 429
    assert sandbox.faults.pending() == 4
    sandbox.faults.clear()
    assert sandbox.faults.pending() == 0
    assert call(http, sandbox, "elevate").status_code == 200


def test_faults_hit_the_authenticate_call_too(sandbox: Sandbox, http: httpx.Client) -> None:
    creds = sandbox.credentials
    body = {
        "brand": creds.elevate_brand,
        "username": creds.elevate_username,
        "password": creds.elevate_password,
    }
    sandbox.faults.inject("elevate", "503", path_contains="/authenticate")

    assert call(http, sandbox, "elevate").status_code == 200
    assert http.post(f"{sandbox.elevate_url}/authenticate", json=body).status_code == 503
    assert http.post(f"{sandbox.elevate_url}/authenticate", json=body).status_code == 200


@pytest.mark.parametrize(
    ("provider", "kind", "kwargs"),
    [
        ("paypal", "429", {}),
        ("versori", "teapot", {}),
        ("versori", "success_false", {}),
        ("elevate", "429", {"times": 0}),
        ("elevate", "slow", {"delay": -1.0}),
        ("elevate", "429", {"location": "https://www.example.com/"}),
    ],
)
def test_inject_rejects_nonsense(
    sandbox: Sandbox, provider: str, kind: str, kwargs: dict[str, object]
) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        sandbox.faults.inject(provider, kind, **kwargs)  # type: ignore[arg-type]
