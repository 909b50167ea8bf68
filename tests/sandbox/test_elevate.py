"""Elevate over HTTP: authentication and token lifetime, paging edges, sort and filters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest

from desktop_app.sandbox import Sandbox
from tests.sandbox.conftest import elevate_headers, elevate_login, exact_json

pytestmark = pytest.mark.sandbox


def invoices(
    http: httpx.Client, sandbox: Sandbox, token: str | None = None, **params: Any
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else elevate_headers(sandbox)
    return http.get(f"{sandbox.elevate_url}/invoices", params=params, headers=headers)


def all_pages(http: httpx.Client, sandbox: Sandbox, page_size: int, **params: Any) -> list[Any]:
    rows: list[Any] = []
    for page in range(1, 10_000):
        batch = exact_json(invoices(http, sandbox, page=page, pageSize=page_size, **params))
        rows.extend(batch)
        if len(batch) < page_size:
            return rows
    raise AssertionError("paging never ended")


# --- authentication ---------------------------------------------------------------------


def test_authenticate_returns_a_token_and_the_username(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    token = elevate_login(http, sandbox)

    response = invoices(http, sandbox, token, page=1, pageSize=5)
    assert response.status_code == 200
    assert len(response.json()) == 5
    assert token != sandbox.credentials.elevate_token


@pytest.mark.parametrize("field", ["brand", "username", "password"])
def test_bad_credentials_get_401(sandbox: Sandbox, http: httpx.Client, field: str) -> None:
    creds = sandbox.credentials
    body = {
        "brand": creds.elevate_brand,
        "username": creds.elevate_username,
        "password": creds.elevate_password,
    }
    body[field] = "wrong"

    response = http.post(f"{sandbox.elevate_url}/authenticate", json=body)

    assert response.status_code == 401
    assert response.json()["error"] == "Unauthorized"
    assert "token" not in response.json()


@pytest.mark.parametrize("content", [b"not json", b"[]", b'{"brand": "x"}'])
def test_malformed_authenticate_bodies_get_400(
    sandbox: Sandbox, http: httpx.Client, content: bytes
) -> None:
    response = http.post(
        f"{sandbox.elevate_url}/authenticate",
        content=content,
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.json()["error"] == "Bad Request"


@pytest.mark.parametrize("token", [None, "not-a-token"], ids=["missing", "unknown"])
def test_missing_or_unknown_token_gets_401(
    sandbox: Sandbox, http: httpx.Client, token: str | None
) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = http.get(
        f"{sandbox.elevate_url}/invoices", params={"page": 1, "pageSize": 1}, headers=headers
    )

    assert response.status_code == 401
    assert response.json()["error"] == "Unauthorized"
    assert response.json()["message"]


def test_a_token_dies_when_its_lifetime_is_over(sandbox: Sandbox, http: httpx.Client) -> None:
    assert sandbox.elevate_token_ttl == 900
    token = elevate_login(http, sandbox)
    assert invoices(http, sandbox, token, page=1, pageSize=1).status_code == 200

    sandbox.elevate_token_ttl = 0

    expired = invoices(http, sandbox, token, page=1, pageSize=1)
    assert expired.status_code == 401
    assert expired.json()["error"] == "Unauthorized"
    static = invoices(http, sandbox, None, page=1, pageSize=1)
    assert static.status_code == 200, "the static credential token never expires"


def test_expire_tokens_invalidates_issued_tokens_only(sandbox: Sandbox, http: httpx.Client) -> None:
    old = elevate_login(http, sandbox)
    sandbox.expire_elevate_tokens()

    assert invoices(http, sandbox, old, page=1, pageSize=1).status_code == 401
    fresh = elevate_login(http, sandbox)
    assert invoices(http, sandbox, fresh, page=1, pageSize=1).status_code == 200


# --- paging -----------------------------------------------------------------------------


@pytest.fixture
def sandbox_200() -> Iterator[Sandbox]:
    with Sandbox(seed=3, elevate_invoices=200) as running:
        yield running


def test_pages_cover_the_dataset_in_id_order(sandbox: Sandbox, http: httpx.Client) -> None:
    rows = all_pages(http, sandbox, 64, sort="id")

    assert rows == sandbox.dataset.elevate.invoices
    assert len(rows) == 300


def test_exact_multiple_of_page_size_ends_with_an_empty_page(
    sandbox_200: Sandbox, http: httpx.Client
) -> None:
    second = exact_json(invoices(http, sandbox_200, page=2, pageSize=100, sort="id"))
    after_last = invoices(http, sandbox_200, page=3, pageSize=100, sort="id")

    assert len(second) == 100
    assert after_last.status_code == 200
    assert after_last.json() == []


def test_a_shifting_list_gains_rows_at_the_head_before_a_later_page(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    sandbox.shift_elevate_list(rows=4, times=1)
    first = exact_json(invoices(http, sandbox, page=1, pageSize=100))
    second = exact_json(invoices(http, sandbox, page=2, pageSize=100))
    # The four new rows went ahead of page 1, so its last four rows open page 2 again.
    assert [row["id"] for row in second[:4]] == [row["id"] for row in first[-4:]]
    head = sandbox.dataset.elevate.invoices[:5]
    assert [row["id"] for row in head] == [first[0]["id"] - n for n in (4, 3, 2, 1, 0)]
    assert len({row["invoiceNumber"] for row in sandbox.dataset.elevate.invoices}) == 304
    # Spent: the next reading holds still, and page 1 requests never shift the list.
    assert len(all_pages(http, sandbox, 100)) == 304


def test_one_page_of_the_maximum_size(sandbox: Sandbox, http: httpx.Client) -> None:
    response = invoices(http, sandbox, page=1, pageSize=1000)

    assert response.status_code == 200
    assert len(response.json()) == 300


@pytest.mark.parametrize(
    "params",
    [
        {"page": 1, "pageSize": 1001},
        {"page": 1, "pageSize": 0},
        {"page": 0, "pageSize": 10},
        {"pageSize": 10},
        {"page": 1},
        {"page": "one", "pageSize": 10},
    ],
    ids=["size-1001", "size-0", "page-0", "no-page", "no-size", "not-a-number"],
)
def test_bad_paging_is_400(sandbox: Sandbox, http: httpx.Client, params: dict[str, Any]) -> None:
    response = invoices(http, sandbox, **params)

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "Bad Request"
    assert body["message"]


# --- sort, fields, filters ---------------------------------------------------------------


def test_sort_descending(sandbox: Sandbox, http: httpx.Client) -> None:
    rows = exact_json(invoices(http, sandbox, page=1, pageSize=1000, sort="id:desc"))

    assert [r["id"] for r in rows] == sorted(
        (r["id"] for r in sandbox.dataset.elevate.invoices), reverse=True
    )


def test_sort_by_two_fields(sandbox: Sandbox, http: httpx.Client) -> None:
    rows = exact_json(invoices(http, sandbox, page=1, pageSize=1000, sort="customerId,id:desc"))

    keys = [(r["customerId"], -r["id"]) for r in rows]
    assert keys == sorted(keys)


def test_sort_by_an_unknown_field_is_400(sandbox: Sandbox, http: httpx.Client) -> None:
    assert invoices(http, sandbox, page=1, pageSize=10, sort="colour").status_code == 400


def test_fields_returns_only_the_requested_fields(sandbox: Sandbox, http: httpx.Client) -> None:
    rows = invoices(http, sandbox, page=1, pageSize=3, fields="id,invoiceNumber").json()

    assert [set(r) for r in rows] == [{"id", "invoiceNumber"}] * 3


def dated(sandbox: Sandbox, field: str, keep: Any) -> list[int]:
    return [r["id"] for r in sandbox.dataset.elevate.invoices if keep(date.fromisoformat(r[field]))]


@pytest.mark.parametrize("field", ["invoiceDate", "dueDate"])
def test_date_filters_equal_lt_gt_are_exclusive(
    sandbox: Sandbox, http: httpx.Client, field: str
) -> None:
    pivot = date.fromisoformat(sandbox.dataset.elevate.invoices[150][field])

    def ids(condition: str) -> list[int]:
        rows = all_pages(http, sandbox, 1000, **{field: condition})
        return [r["id"] for r in rows]

    assert ids(pivot.isoformat()) == dated(sandbox, field, lambda d: d == pivot)
    assert ids(f"lt:{pivot}") == dated(sandbox, field, lambda d: d < pivot)
    assert ids(f"gt:{pivot}") == dated(sandbox, field, lambda d: d > pivot)
    assert ids(f"gtn:{pivot}") == dated(sandbox, field, lambda d: d > pivot)
    assert ids(pivot.isoformat()), "the pivot's own date must match something"


def test_two_bounds_on_one_field_both_apply(sandbox: Sandbox, http: httpx.Client) -> None:
    low, high = date(2025, 3, 1), date(2025, 7, 1)
    expected = dated(sandbox, "invoiceDate", lambda d: low < d < high)

    repeated = http.get(
        f"{sandbox.elevate_url}/invoices",
        params=[
            ("page", 1),
            ("pageSize", 1000),
            ("invoiceDate", f"gt:{low}"),
            ("invoiceDate", f"lt:{high}"),
        ],
        headers=elevate_headers(sandbox),
    )
    joined = invoices(http, sandbox, page=1, pageSize=1000, invoiceDate=f"gt:{low},lt:{high}")

    assert [r["id"] for r in repeated.json()] == expected
    assert [r["id"] for r in joined.json()] == expected
    assert expected


def test_bad_date_filter_is_400(sandbox: Sandbox, http: httpx.Client) -> None:
    assert (
        invoices(http, sandbox, page=1, pageSize=10, invoiceDate="gt:01/02/2025").status_code == 400
    )
    assert (
        invoices(http, sandbox, page=1, pageSize=10, dueDate="between:2025-01-01").status_code
        == 400
    )


def test_id_and_string_filters(sandbox: Sandbox, http: httpx.Client) -> None:
    data = sandbox.dataset.elevate.invoices
    customer = data[0]["customerId"]

    by_customer = invoices(http, sandbox, page=1, pageSize=1000, customerId=customer).json()
    in_statuses = invoices(
        http, sandbox, page=1, pageSize=1000, paymentStatus="in:UNPAID,PARTIALLY_PAID"
    ).json()
    like_number = invoices(
        http, sandbox, page=1, pageSize=1000, invoiceNumber="like:EL-2024-%"
    ).json()
    adhoc = invoices(http, sandbox, page=1, pageSize=1000, billRunType="ADHOC").json()

    assert [r["id"] for r in by_customer] == [r["id"] for r in data if r["customerId"] == customer]
    assert [r["id"] for r in in_statuses] == [
        r["id"] for r in data if r["paymentStatus"] in {"UNPAID", "PARTIALLY_PAID"}
    ]
    assert [r["id"] for r in like_number] == [
        r["id"] for r in data if r["invoiceNumber"].startswith("EL-2024-")
    ]
    assert [r["id"] for r in adhoc] == [r["id"] for r in data if r["billRunType"] == "ADHOC"]
    assert by_customer
    assert in_statuses
    assert like_number
    assert adhoc
