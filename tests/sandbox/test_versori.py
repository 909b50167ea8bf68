"""Versori over HTTP: the upcoming-invoice default, date windows, both auth prefixes."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from desktop_app.sandbox import Sandbox
from desktop_app.sandbox.data.common import add_months
from tests.sandbox.conftest import exact_json, versori_headers, versori_invoices_url

pytestmark = pytest.mark.sandbox


def overlapping(sandbox: Sandbox, start: date, end: date) -> list[dict[str, Any]]:
    """Independent restatement of the documented filter: periods overlapping [start, end]."""
    return [
        invoice
        for invoice in sandbox.dataset.versori.invoices
        if date.fromisoformat(invoice["invoiceStartDate"]) <= end
        and date.fromisoformat(invoice["invoiceEndDate"]) >= start
    ]


def test_no_parameters_return_only_the_upcoming_invoice(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    response = http.get(versori_invoices_url(sandbox), headers=versori_headers(sandbox))

    assert response.status_code == 200
    body = exact_json(response)
    assert isinstance(body, list)
    assert len(body) == 1
    upcoming = body[0]
    assert upcoming == sandbox.dataset.versori.upcoming
    assert upcoming["invoiceURL"] == ""
    today = sandbox.today
    assert date.fromisoformat(upcoming["invoiceStartDate"]) <= today
    assert date.fromisoformat(upcoming["invoiceEndDate"]) >= today
    assert upcoming not in sandbox.dataset.versori.invoices


def test_window_returns_invoices_whose_period_overlaps(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    start, end = date(2025, 1, 1), date(2025, 3, 31)
    response = http.get(
        versori_invoices_url(sandbox),
        params={"from": start.isoformat(), "to": end.isoformat()},
        headers=versori_headers(sandbox),
    )

    assert response.status_code == 200
    body = exact_json(response)
    assert body == overlapping(sandbox, start, end)
    assert len(body) >= 3
    assert all(
        invoice["invoiceURL"].startswith("https://invoice.stripe.com/i/") for invoice in body
    )


def test_missing_from_defaults_to_one_calendar_month_before_today(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    today = sandbox.today
    implicit = http.get(
        versori_invoices_url(sandbox),
        params={"to": today.isoformat()},
        headers=versori_headers(sandbox),
    )
    explicit = overlapping(sandbox, add_months(today, -1), today)

    assert implicit.status_code == 200
    assert exact_json(implicit) == explicit
    assert explicit, "the default window must hold at least the last issued invoice"


def test_missing_to_defaults_to_today(sandbox: Sandbox, http: httpx.Client) -> None:
    start = date(2025, 6, 1)
    response = http.get(
        versori_invoices_url(sandbox),
        params={"from": start.isoformat()},
        headers=versori_headers(sandbox),
    )

    assert exact_json(response) == overlapping(sandbox, start, sandbox.today)


def test_full_history_contains_monthly_invoices_and_credit_notes(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    response = http.get(
        versori_invoices_url(sandbox),
        params={"from": "2000-01-01", "to": sandbox.today.isoformat()},
        headers=versori_headers(sandbox),
    )

    body = exact_json(response)
    assert body == sandbox.dataset.versori.invoices
    credits = [inv for inv in body if inv["totalAmount"]["isNegative"]]
    assert credits
    assert {inv["invoiceURL"] for inv in credits} == sandbox.dataset.versori.credit_note_urls
    assert len(body) - len(credits) == 18


@pytest.mark.parametrize("scheme", ["JWT", "Bearer", "jwt"])
def test_both_documented_prefixes_are_accepted(
    sandbox: Sandbox, http: httpx.Client, scheme: str
) -> None:
    response = http.get(versori_invoices_url(sandbox), headers=versori_headers(sandbox, scheme))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "JWT wrong"}, {"Authorization": "Basic dXNlcjpwYXNz"}],
    ids=["missing", "wrong-token", "wrong-scheme"],
)
def test_bad_auth_gets_401_with_code_and_message(
    sandbox: Sandbox, http: httpx.Client, headers: dict[str, str]
) -> None:
    response = http.get(versori_invoices_url(sandbox), headers=headers)

    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert body["message"]


def test_unknown_organisation_is_404(sandbox: Sandbox, http: httpx.Client) -> None:
    response = http.get(
        versori_invoices_url(sandbox, "01HZZZZZZZZZZZZZZZZZZZZZZZ"),
        headers=versori_headers(sandbox),
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "01HZZZZZZZZZZZZZZZZZZZZZZZ" in response.json()["message"]


@pytest.mark.parametrize(
    "params",
    [{"from": "2025-13-01"}, {"to": "yesterday"}, {"from": "2025-05-01", "to": "2025-04-01"}],
    ids=["bad-month", "not-a-date", "reversed"],
)
def test_bad_dates_are_400_with_a_cause(
    sandbox: Sandbox, http: httpx.Client, params: dict[str, str]
) -> None:
    response = http.get(
        versori_invoices_url(sandbox), params=params, headers=versori_headers(sandbox)
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_argument"
    assert body["message"]
    assert "cause" in body


def test_active_organisation_names_the_organisation(sandbox: Sandbox, http: httpx.Client) -> None:
    response = http.get(
        f"{sandbox.versori_url}/active-organisation", headers=versori_headers(sandbox)
    )

    assert response.status_code == 200
    assert response.json()["id"] == sandbox.credentials.versori_organisation_id
