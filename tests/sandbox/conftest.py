"""Fixtures for talking to a running sandbox over real HTTP with httpx."""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest

from desktop_app.sandbox import Sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=7) as running:
        yield running


@pytest.fixture(scope="session")
def tls_context() -> ssl.SSLContext:
    """Built once: loading the CA bundle costs ~0.15 s per ``httpx.Client`` otherwise."""
    return ssl.create_default_context()


@pytest.fixture
def http(tls_context: ssl.SSLContext) -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10.0, verify=tls_context) as client:
        yield client


def exact_json(response: httpx.Response) -> Any:
    """Parse as the clients must: every JSON number with a fraction becomes a Decimal."""
    return json.loads(response.text, parse_float=Decimal)


def ci_headers(sandbox: Sandbox) -> dict[str, str]:
    return {"Authorization": f"Bearer {sandbox.credentials.content_ignite_token}"}


def versori_headers(sandbox: Sandbox, scheme: str = "JWT") -> dict[str, str]:
    return {"Authorization": f"{scheme} {sandbox.credentials.versori_token}"}


def versori_invoices_url(sandbox: Sandbox, organisation: str | None = None) -> str:
    org = organisation or sandbox.credentials.versori_organisation_id
    return f"{sandbox.versori_url}/organisations/{org}/billing/invoices"


def elevate_headers(sandbox: Sandbox) -> dict[str, str]:
    return {"Authorization": f"Bearer {sandbox.credentials.elevate_token}"}


def elevate_login(client: httpx.Client, sandbox: Sandbox) -> str:
    creds = sandbox.credentials
    response = client.post(
        f"{sandbox.elevate_url}/authenticate",
        json={
            "brand": creds.elevate_brand,
            "username": creds.elevate_username,
            "password": creds.elevate_password,
        },
    )
    assert response.status_code == 200, response.text
    return str(response.json()["token"])
