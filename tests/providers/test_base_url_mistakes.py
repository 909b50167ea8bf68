"""A mistaken ``base_url``: the message names the address used and what to check.

A login or proxy page said "HTTP 200 but the body is not valid JSON", a web site's redirect
"HTTP 302 Found", a mistyped port "connection failed (ConnectError: All connection attempts
failed)", a server's long failure its first 200 characters: none named the address, nor
suggested checking base_url (tester k, finding 8). Over real HTTP against the sandbox.
"""

from __future__ import annotations

import asyncio

import pytest

from desktop_app.providers import (
    ContentIgniteClient,
    ElevateClient,
    MalformedResponseError,
    ProviderConnectionError,
    ProviderHTTPError,
    create_client,
    parse_config,
)
from desktop_app.providers.base import Batch
from desktop_app.providers.http_client import ProviderHttp
from desktop_app.sandbox import Sandbox
from tests.providers.sandbox_setup import (
    FAST_POLICY,
    config,
    configs,
    elevate_login_table,
    secrets,
)

pytestmark = pytest.mark.sandbox

LIST = "/v1/billing/invoice"


def fetch_content_ignite(sandbox: Sandbox, **overrides: str) -> None:
    client = ContentIgniteClient(
        config(sandbox, "content_ignite", **overrides), secrets(sandbox), policy=FAST_POLICY
    )
    asyncio.run(client.fetch())


def test_a_login_page_answering_for_the_api_says_to_check_base_url(sandbox: Sandbox) -> None:
    sandbox.faults.inject("content_ignite", "login_page", path_contains=LIST)
    with pytest.raises(MalformedResponseError) as error:
        fetch_content_ignite(sandbox)
    assert str(error.value) == (
        "Content Ignite: GET /v1/billing/invoice: HTTP 200 but the answer is a web page, not "
        "JSON: Sign in · Example Single Sign-On (check base_url "
        f"{sandbox.content_ignite_url}: it answers with a web page (a login or proxy page?), "
        "not the API)"
    )
    assert sandbox.stats.count("content_ignite") == 1  # not retried: it will not change


def test_an_elevate_login_posted_to_a_login_page_names_the_address(sandbox: Sandbox) -> None:
    sandbox.faults.inject("elevate", "login_page", path_contains="/authenticate")
    (login,) = parse_config({"providers": [elevate_login_table(sandbox)]})
    client = ElevateClient(login, secrets(sandbox), policy=FAST_POLICY)
    with pytest.raises(MalformedResponseError) as error:
        asyncio.run(client.fetch())
    assert str(error.value).startswith("Elevate: POST /authenticate: HTTP 200 but the answer")
    assert str(error.value).endswith(
        f"(check base_url {sandbox.elevate_url}: it answers with a web page (a login or proxy "
        "page?), not the API)"
    )


def test_a_redirect_names_where_it_leads_without_its_query(sandbox: Sandbox) -> None:
    """The marketing site's redirect carries a session in its query: never repeated."""
    sandbox.faults.inject("content_ignite", "redirect", path_contains=LIST)
    with pytest.raises(ProviderHTTPError) as error:
        fetch_content_ignite(sandbox)
    assert str(error.value) == (
        "Content Ignite: GET /v1/billing/invoice: HTTP 302 Found, redirected to "
        f"https://www.example.com/welcome?… (check base_url {sandbox.content_ignite_url}: the "
        "API answers there itself, it does not redirect)"
    )
    assert error.value.status == 302
    assert sandbox.stats.count("content_ignite") == 1


def test_a_redirect_within_the_server_is_named_in_full_and_a_secret_in_it_redacted(
    sandbox: Sandbox,
) -> None:
    token = sandbox.credentials.content_ignite_token
    sandbox.faults.inject("content_ignite", "redirect", location="/sign-in")
    sandbox.faults.inject("content_ignite", "redirect", location=f"/sso/{token}/start")
    for leads_to in ("/sign-in", "/sso/[redacted]/start"):
        with pytest.raises(ProviderHTTPError) as error:
            fetch_content_ignite(sandbox)
        assert f"HTTP 302 Found, redirected to http://127.0.0.1:{sandbox.port}{leads_to} (" in (
            str(error.value)
        )
        assert token not in str(error.value)


def test_a_long_failure_that_is_not_json_keeps_the_address_in_the_message(
    sandbox: Sandbox,
) -> None:
    """Its first 200 characters were quoted and nothing else; quoted whole, the address
    would be cut off the end. The server's words are what is cut. (Content Ignite's 500
    is retried: armed for every attempt.)"""
    sandbox.faults.inject("content_ignite", "500", path_contains=LIST, times=10)
    with pytest.raises(ProviderHTTPError) as error:
        fetch_content_ignite(sandbox)
    message = str(error.value)
    assert message.startswith(
        "Content Ignite: GET /v1/billing/invoice: HTTP 500 Internal Server Error after 3 "
        "attempts: "
        "java.lang.NullPointerException: upstream returned null at com.example.gateway."
    )
    assert message.endswith(f"… (base_url {sandbox.content_ignite_url})")
    assert len(message) <= len("Content Ignite: ") + 300
    assert "check base_url" not in message  # a server's failure is not the address's


def test_a_host_name_not_found_says_to_check_base_url() -> None:
    """No sandbox: the reserved .invalid domain never resolves (RFC 6761)."""
    with Sandbox(seed=7) as sandbox:
        credentials = secrets(sandbox)
        entry = config(sandbox, "content_ignite", base_url="http://no-such-host.invalid/ci")
    client = ContentIgniteClient(entry, credentials, policy=FAST_POLICY)
    with pytest.raises(ProviderConnectionError) as error:
        asyncio.run(client.fetch())
    assert str(error.value) == (
        "Content Ignite: GET /v1/billing/invoice: could not connect (host name not found) "
        "after 3 attempts (check base_url http://no-such-host.invalid/ci: is its host name "
        "mistyped?)"
    )


def fetch(sandbox: Sandbox, kind: str, **overrides: str) -> Batch:
    """One fetch from ``kind``'s client over the sandbox (``overrides``: its entry's keys)."""
    client = create_client(config(sandbox, kind, **overrides), secrets(sandbox), policy=FAST_POLICY)
    return asyncio.run(client.fetch())


def test_a_base_url_without_its_version_says_where_the_documented_address_ends(
    sandbox: Sandbox,
) -> None:
    """The right host answers a wrong path with its own JSON 404, which said nothing of
    base_url: a base_url missing its ``/v1``, as the sandbox answers it, over real HTTP.
    Elevate's invoice list, asked with a token, is a plain path below the address."""
    address = sandbox.elevate_url.removesuffix("/v1")
    with pytest.raises(ProviderHTTPError) as error:
        fetch(sandbox, "elevate", base_url=address)
    assert str(error.value).startswith("Elevate: GET /invoices?page=1&pageSize=1000&sort=id")
    assert ": HTTP 404 Not Found: " in str(error.value)
    assert str(error.value).endswith(
        f" (check base_url {address}: nothing was found at that path; does it end as the API "
        "documentation's address does, in /v1, like https://rest.elevatebilling.com/v1?)"
    )
    assert error.value.status == 404
    assert len(sandbox.stats.requests) == 1  # not retried: the path will not appear


def test_an_elevate_login_not_found_names_the_address_support_gave_then_brand_and_user(
    sandbox: Sandbox,
) -> None:
    """Elevate documents a 404 from its login (POST /authenticate), and the address is
    the API Endpoint URL Elevate support gives: "nothing was found at that path; does it
    end … in /v1" was right only for the one documented host."""
    sandbox.faults.inject("elevate", "not_found_json", path_contains="/authenticate")
    client = create_client(
        configs(elevate_login_table(sandbox))[0], secrets(sandbox), policy=FAST_POLICY
    )
    with pytest.raises(ProviderHTTPError) as error:
        asyncio.run(client.fetch())
    assert str(error.value) == (
        "Elevate: POST /authenticate: HTTP 404 Not Found: Not found (check base_url "
        f"{sandbox.elevate_url}: is it the API Endpoint URL Elevate support gave? The "
        "documented one ends in /v1, like https://rest.elevatebilling.com/v1. If it is, "
        "check brand and username: Elevate documents a 404 from its login too)"
    )
    assert sandbox.credentials.elevate_password not in str(error.value)


def test_a_404_to_the_first_request_names_the_address_and_the_documented_ending(
    sandbox: Sandbox,
) -> None:
    sandbox.faults.inject("content_ignite", "not_found_json", path_contains=LIST)
    with pytest.raises(ProviderHTTPError) as error:
        fetch(sandbox, "content_ignite")
    assert str(error.value) == (
        "Content Ignite: GET /v1/billing/invoice: HTTP 404 Not Found: Not found (check "
        f"base_url {sandbox.content_ignite_url}: nothing was found at that path; does it end "
        "as the API documentation's address does, with no path after the host, like "
        "https://api.tagdeliver.com?)"
    )


def test_a_404_for_one_invoices_line_items_later_in_the_fetch_is_not_the_addresss(
    sandbox: Sandbox,
) -> None:
    """The list was found, so base_url is right: the same 404 for one invoice's detail
    is that invoice's problem, and says nothing of base_url."""
    gone = sandbox.dataset.content_ignite.invoices[2]["id"]
    sandbox.faults.inject("content_ignite", "not_found_json", path_contains=f"{LIST}/{gone}")
    batch = fetch(sandbox, "content_ignite")
    assert len(batch.invoices) == len(sandbox.dataset.content_ignite.invoices) - 1
    assert [str(problem) for problem in batch.problems] == [
        (
            f"Content Ignite: invoice {gone}: GET /v1/billing/invoice/{gone}: HTTP 404 Not "
            "Found: Not found; it was listed, so it was probably deleted since"
        )
    ]


def test_the_address_a_404_names_holds_no_user_password_or_secret(sandbox: Sandbox) -> None:
    """Named as the other hints name it: without the user name and password, and with
    any secret in its path redacted (a key pasted into the address)."""
    token = sandbox.credentials.content_ignite_token
    base = f"http://ann:pa55word@127.0.0.1:{sandbox.port}/{token}/ci"

    async def get() -> None:
        async with ProviderHttp("CI", base, FAST_POLICY, secrets=[token]) as http:
            await http.get_json(LIST)

    with pytest.raises(ProviderHTTPError) as error:
        asyncio.run(get())
    message = str(error.value)
    assert message.endswith(
        f"(check base_url http://127.0.0.1:{sandbox.port}/[redacted]/ci: nothing was found at "
        "that path; does it end where the provider's API documentation says?)"
    )
    for secret in ("ann", "pa55word", token):
        assert secret not in message
