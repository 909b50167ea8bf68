"""Content Ignite over HTTP: envelopes, field sets, auth and exact money text."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from desktop_app.sandbox import Sandbox
from tests.sandbox.conftest import ci_headers, exact_json

pytestmark = pytest.mark.sandbox

LIST_FIELDS = {
    "id", "org_name", "user_id", "record", "type", "status", "date", "date_updated",
    "date_due", "date_start", "date_end", "base_amount", "base_sub_amount", "base_currency",
    "target_amount", "target_currency", "target_rate", "tax", "notes",
}  # fmt: skip
DETAIL_ONLY = {
    "organisation_id",
    "liable_org",
    "date_generated",
    "tax_id",
    "name",
    "country",
    "gcm",
    "items",
}


def list_url(sandbox: Sandbox) -> str:
    return f"{sandbox.content_ignite_url}/v1/billing/invoice"


def test_list_is_the_whole_dataset_newest_first(sandbox: Sandbox, http: httpx.Client) -> None:
    response = http.get(list_url(sandbox), headers=ci_headers(sandbox))

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = exact_json(response)
    assert body["success"] is True
    assert body["results"] == sandbox.dataset.content_ignite.invoices
    assert len(body["results"]) == 18
    dates = [row["date"] for row in body["results"]]
    assert dates == sorted(dates, reverse=True)
    assert all(set(row) == LIST_FIELDS for row in body["results"])


def test_detail_has_items_and_detail_only_fields(sandbox: Sandbox, http: httpx.Client) -> None:
    for row in sandbox.dataset.content_ignite.invoices[:4]:
        response = http.get(f"{list_url(sandbox)}/{row['id']}", headers=ci_headers(sandbox))

        assert response.status_code == 200
        body = exact_json(response)
        assert body["success"] is True
        detail = body["result"]
        assert detail == sandbox.dataset.content_ignite.details[row["id"]]
        assert set(detail) >= DETAIL_ONLY
        assert not {"record", "date_updated", "date"} & set(detail)
        assert detail["date_generated"] == row["date"]
        assert detail["items"], "every invoice has line items"


def test_money_is_sent_as_the_exact_decimal_text(sandbox: Sandbox, http: httpx.Client) -> None:
    response = http.get(list_url(sandbox), headers=ci_headers(sandbox))

    for row in sandbox.dataset.content_ignite.invoices:
        amount = row["base_amount"]
        assert isinstance(amount, Decimal)
        assert f'"base_amount":{amount}' in response.text
        assert amount == amount.quantize(Decimal("0.01"))


@pytest.mark.parametrize("raw_id", ["1", "999999", "abc"])
def test_unknown_invoice_is_404(sandbox: Sandbox, http: httpx.Client, raw_id: str) -> None:
    response = http.get(f"{list_url(sandbox)}/{raw_id}", headers=ci_headers(sandbox))

    assert response.status_code == 404
    assert response.json()["success"] is False
    assert raw_id in response.json()["message"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer not-the-token"},
        {"Authorization": "Bearer"},
        {"Authorization": "Token wrong-scheme"},
    ],
    ids=["missing", "wrong-token", "empty", "wrong-scheme"],
)
def test_requests_without_a_valid_bearer_token_get_401(
    sandbox: Sandbox, http: httpx.Client, headers: dict[str, str]
) -> None:
    for url in (
        list_url(sandbox),
        f"{list_url(sandbox)}/{sandbox.dataset.content_ignite.invoices[0]['id']}",
    ):
        response = http.get(url, headers=headers)
        assert response.status_code == 401
        assert response.json()["success"] is False


def test_the_right_token_with_the_wrong_scheme_is_refused(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    token = sandbox.credentials.content_ignite_token
    response = http.get(list_url(sandbox), headers={"Authorization": f"JWT {token}"})

    assert response.status_code == 401


def test_unknown_path_and_wrong_method(sandbox: Sandbox, http: httpx.Client) -> None:
    missing = http.get(
        f"{sandbox.content_ignite_url}/v1/billing/nothing", headers=ci_headers(sandbox)
    )
    post = http.post(list_url(sandbox), headers=ci_headers(sandbox))

    assert missing.status_code == 404
    assert missing.json()["success"] is False
    assert post.status_code == 405
