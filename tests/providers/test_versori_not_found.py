"""Versori's 404 from the invoices, explained by ``GET /active-organisation``.

``GET /organisations/{id}/billing/invoices`` answers 404 alike for a wrong address and for
an organisation id Versori does not know, so the message named both suspects and let the
accountant guess. The client now asks the token's own organisation once and says which it
is: another id (both named, and where to change it), the same id (the invoices path is
what was not found), or nothing usable there either (the address). When that question
fails (refused, no connection) the 404 keeps its first advice. Over real HTTP against the
sandbox.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from desktop_app.providers import ProviderHTTPError, create_client
from desktop_app.providers.base import Batch
from desktop_app.sandbox import Sandbox
from tests.providers.sandbox_setup import FAST_POLICY, config, secret_values, secrets

pytestmark = pytest.mark.sandbox

INVOICES = "/billing/invoices"
ACTIVE = "/active-organisation"
UNKNOWN = "01NOSUCHORGANISATION00000"
# The advice before Versori is asked anything more: both suspects, the organisation first.
FIRST_ADVICE = (
    "(check organisation_id {org} first: Versori answers 404 for an organisation it does "
    "not know, as for a wrong address; is it mistyped? If it is right, check base_url "
    "{address}: does it end as the API documentation's address does, in "
    "/api/organisations/v1, like https://platform.versori.com/api/organisations/v1?)"
)
ADDRESS_ADVICE = (
    "(check base_url {address}: GET /active-organisation, which names no organisation, "
    "{answered} there too, so the address is the likelier mistake; does it end as the API "
    "documentation's address does, in /api/organisations/v1, like "
    "https://platform.versori.com/api/organisations/v1?)"
)


def fetch(sandbox: Sandbox, **overrides: Any) -> Batch:
    """One Versori fetch over the sandbox (``overrides``: its providers.toml keys)."""
    client = create_client(
        config(sandbox, "versori", **overrides), secrets(sandbox), policy=FAST_POLICY
    )
    return asyncio.run(client.fetch())


def not_found(sandbox: Sandbox, **overrides: Any) -> ProviderHTTPError:
    with pytest.raises(ProviderHTTPError) as error:
        fetch(sandbox, **overrides)
    assert error.value.status == 404
    return error.value


def asked(sandbox: Sandbox, path: str) -> int:
    return sandbox.stats.count("versori", path_contains=path)


def test_an_organisation_id_that_is_not_the_tokens_names_both_and_where_to_change_it(
    sandbox: Sandbox,
) -> None:
    token_organisation = sandbox.credentials.versori_organisation_id
    error = not_found(sandbox, organisation_id=UNKNOWN)
    assert str(error) == (
        f"Versori: GET /organisations/{UNKNOWN}/billing/invoices?from=2015-01-01&to="
        f"{error.path.rsplit('to=', 1)[1]}: HTTP 404 Not Found: organisation {UNKNOWN} not "
        f"found (code=not_found) (organisation_id {UNKNOWN} is not this token's "
        f"organisation: GET /active-organisation answers {token_organisation}; set "
        f'organisation_id = "{token_organisation}" in this provider\'s providers.toml entry '
        f"(Organisation id under Settings), or use a token of organisation {UNKNOWN})"
    )
    assert (asked(sandbox, INVOICES), asked(sandbox, ACTIVE)) == (1, 1)


def test_an_organisation_id_differing_only_in_letter_case_says_so(sandbox: Sandbox) -> None:
    """A ULID is case-insensitive by its own rules, but a path is not: the two ids look
    alike, so the message says where they differ."""
    token_organisation = sandbox.credentials.versori_organisation_id
    typed = token_organisation.lower()
    message = str(not_found(sandbox, organisation_id=typed))
    assert (
        f"(organisation_id {typed} is not this token's organisation: GET "
        f"/active-organisation answers {token_organisation} (they differ only in letter "
        "case, which Versori does not ignore); set organisation_id = "
        f'"{token_organisation}" in this provider'
    ) in message


def test_the_tokens_own_organisation_without_invoices_there_says_the_path_is_wrong(
    sandbox: Sandbox,
) -> None:
    """The organisation exists (it is the token's), so the invoices path is what was not
    found: the organisation id is not to blame, and the message no longer says it is."""
    organisation = sandbox.credentials.versori_organisation_id
    sandbox.faults.inject("versori", "not_found_json", path_contains=INVOICES)
    message = str(not_found(sandbox))
    assert message.startswith(f"Versori: GET /organisations/{organisation}/billing/invoices?")
    assert message.endswith(
        f": HTTP 404 Not Found: Not found (code=not_found) (organisation_id {organisation} is "
        "right: GET /active-organisation answers with it, so Versori knows the organisation "
        "and did not find its invoices at that path; base_url "
        f"{sandbox.versori_url} may be another Versori API's, or not serve billing: does it "
        "end as the API documentation's address does, in /api/organisations/v1, like "
        "https://platform.versori.com/api/organisations/v1?)"
    )
    assert "check organisation_id" not in message
    assert (asked(sandbox, INVOICES), asked(sandbox, ACTIVE)) == (1, 1)


def test_an_address_without_its_version_finds_neither_and_is_named(sandbox: Sandbox) -> None:
    """The right host's 404 for a wrong path read as Versori's for an unknown
    organisation: the advice named the organisation first. /active-organisation finds
    nothing there either, so it is the address."""
    address = sandbox.versori_url.removesuffix("/v1")
    message = str(not_found(sandbox, base_url=address))
    assert message.endswith(ADDRESS_ADVICE.format(address=address, answered="found nothing"))
    assert "organisation_id" not in message
    organisation = sandbox.credentials.versori_organisation_id
    assert [request.path for request in sandbox.stats.requests] == [
        f"/versori/api/organisations/organisations/{organisation}/billing/invoices",
        "/versori/api/organisations/active-organisation",
    ]


@pytest.mark.parametrize(
    ("fault", "answered"),
    [
        ("login_page", "answered with something other than JSON"),
        ("schema_break", "answered with no organisation id"),
    ],
)
def test_an_active_organisation_answer_that_is_not_versoris_points_at_the_address(
    sandbox: Sandbox, fault: str, answered: str
) -> None:
    sandbox.faults.inject("versori", fault, path_contains=ACTIVE)
    error = not_found(sandbox, organisation_id=UNKNOWN)
    assert str(error).startswith(f"Versori: GET /organisations/{UNKNOWN}/billing/invoices?")
    assert f": HTTP 404 Not Found: organisation {UNKNOWN} not found (code=not_found) (" in (
        str(error)
    )
    assert str(error).endswith(
        ADDRESS_ADVICE.format(address=sandbox.versori_url, answered=answered)
    )
    assert asked(sandbox, ACTIVE) == 1


@pytest.mark.parametrize(
    ("fault", "times", "attempts"),
    [
        ("401", 1, 1),  # refused: a static token has nothing to renew, so asked once
        ("reset", 3, 3),  # no answer: retried as any request is, until retries run out
        ("503", 3, 3),  # a gateway failing: likewise
    ],
)
def test_when_active_organisation_cannot_be_read_the_404_keeps_its_first_advice(
    sandbox: Sandbox, fault: str, times: int, attempts: int
) -> None:
    """The 404 is what happened, and stays the error, with the advice it had."""
    sandbox.faults.inject("versori", fault, path_contains=ACTIVE, times=times)
    error = not_found(sandbox, organisation_id=UNKNOWN)
    assert str(error).startswith(f"Versori: GET /organisations/{UNKNOWN}/billing/invoices?")
    assert f": HTTP 404 Not Found: organisation {UNKNOWN} not found (code=not_found) (" in (
        str(error)
    )
    assert str(error).endswith(FIRST_ADVICE.format(org=UNKNOWN, address=sandbox.versori_url))
    assert (asked(sandbox, INVOICES), asked(sandbox, ACTIVE)) == (1, attempts)
    assert sandbox.faults.pending() == 0


@pytest.mark.parametrize("fault", [None, "401"])
def test_asking_the_active_organisation_sends_the_token_and_never_says_it(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture, fault: str | None
) -> None:
    """The same token and scheme as the invoices, and no secret in the message or in
    any log line of either request (the requests are logged at debug level)."""
    caplog.set_level(logging.DEBUG)
    if fault is not None:
        sandbox.faults.inject("versori", fault, path_contains=ACTIVE)
    error = not_found(sandbox, organisation_id=UNKNOWN)
    sent = [request for request in sandbox.stats.requests if ACTIVE in request.path]
    assert [request.auth_scheme for request in sent] == ["JWT"]
    texts = [str(error), repr(error)]
    texts += [record.getMessage() for record in caplog.records]
    assert any(f"GET {ACTIVE}" in text for text in texts), "the question is logged"
    for secret in secret_values(sandbox).values():
        assert all(secret not in text for text in texts)


def test_a_token_typed_as_the_organisation_id_is_not_shown_and_the_id_to_set_is(
    sandbox: Sandbox,
) -> None:
    """The token pasted into Organisation id (the field beside it): the 404's request, the
    provider's words and the advice quote the id, so each must hide it; and the advice,
    which read "organisation_id [redacted] is not this token's organisation … or use a
    token of organisation [redacted]", says what the field holds and what to set."""
    token = sandbox.credentials.versori_token
    organisation = sandbox.credentials.versori_organisation_id
    error = not_found(sandbox, organisation_id=token)
    message = str(error)
    assert token not in message
    assert token not in repr(error)
    assert message.startswith("Versori: GET /organisations/[redacted]/billing/invoices?")
    assert message.endswith(
        ": HTTP 404 Not Found: organisation [redacted] not found (code=not_found) "
        "(organisation_id holds this provider's token (not shown), not an organisation id: "
        f"GET /active-organisation answers {organisation}; set organisation_id = "
        f'"{organisation}" in this provider\'s providers.toml entry (Organisation id under '
        "Settings))"
    )


def test_an_active_organisation_answering_with_the_token_is_not_quoted_even_cut_short(
    sandbox: Sandbox,
) -> None:
    """A server (or a proxy) that echoes the token where the organisation id goes: the id
    was cut to 60 characters before the token was hidden, so the first 59 of the token's
    were quoted twice, and the accountant told to set organisation_id to them. It is not
    an organisation id Versori would give: the address is the likelier mistake."""
    token = sandbox.credentials.versori_token
    sandbox.set_active_organisation_id(token)
    message = str(not_found(sandbox, organisation_id=UNKNOWN))
    assert token[:20] not in message
    assert message.endswith(
        ADDRESS_ADVICE.format(
            address=sandbox.versori_url,
            answered="answered with this provider's token (not shown) for its organisation id",
        )
    )
