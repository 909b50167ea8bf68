"""No token or password ever appears in an exception's text or any log record."""

from __future__ import annotations

import asyncio
import json
import logging
import traceback
from collections.abc import Iterable
from typing import Any

import httpx
import pytest

from desktop_app.providers import (
    CredentialsError,
    ProviderConnectionError,
    ProviderError,
    fetch_all,
)
from desktop_app.providers.http_client import ProviderHttp
from desktop_app.providers.redaction import Redactor, provider_message
from desktop_app.sandbox import Sandbox
from tests.providers.sandbox_setup import (
    FAST_POLICY,
    configs,
    elevate_login_table,
    secret_values,
    secrets,
    table,
)

pytestmark = pytest.mark.sandbox

# Every sandbox token is a JWT, whose header always encodes to this prefix: it catches
# tokens obtained by logging in too, whose values the test never sees.
JWT_PREFIX = "eyJ"

ALL = ("content_ignite", "versori", "elevate")
# scenario -> (fault kind, providers it hits, how many times, extra inject arguments)
SCENARIOS: dict[str, tuple[str, tuple[str, ...], int, dict[str, Any]]] = {
    "401 on every provider": ("401", ALL, 5, {}),
    "gateway errors until retries run out": ("503", ALL, 5, {}),
    "429s": ("429", ALL, 5, {"retry_after": 0}),
    "malformed bodies until retries run out": ("malformed_json", ALL, 5, {}),
    "server failures until retries run out": ("500", ALL, 5, {}),
    "schema breaks": ("schema_break", ALL, 1, {}),
    "resets": ("reset", ALL, 5, {}),
    "success false": ("success_false", ("content_ignite",), 1, {}),
}
NO_FAULT = "no fault (debug logging of a full fetch)"


@pytest.mark.parametrize("scenario", [*SCENARIOS, NO_FAULT])
def test_secrets_never_reach_exceptions_or_logs(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture, scenario: str
) -> None:
    caplog.set_level(logging.DEBUG)
    if scenario != NO_FAULT:
        kind, hit, times, extra = SCENARIOS[scenario]
        for provider in hit:
            sandbox.faults.inject(provider, kind, times=times, **extra)
    providers = configs(
        table(sandbox, "content_ignite"),
        table(sandbox, "versori"),
        elevate_login_table(sandbox, name="Elevate login"),
        table(sandbox, "elevate", name="Elevate token"),
    )
    result = asyncio.run(fetch_all(providers, secrets=secrets(sandbox), policy=FAST_POLICY))
    texts = [record.getMessage() for record in caplog.records]
    texts += [str(record.args) for record in caplog.records]
    texts += [record.exc_text or "" for record in caplog.records]
    for failure in result.failures:
        texts += [str(failure), repr(failure), failure.reason, *_exception_texts(failure.error)]
    texts += [text for problem in result.problems for text in (str(problem), repr(problem))]
    if scenario != NO_FAULT:
        # A broken record is its invoice's problem, not the provider's failure.
        assert result.failures or result.problems, "the scenario must actually break something"
    assert any("HTTP Request" in text for text in texts), "httpx's own logging was captured"
    _assert_clean(texts, secret_values(sandbox).values())


def test_a_provider_echoing_the_token_back_is_redacted() -> None:
    token = "eyJhbGciOiJSUzI1NiJ9.payload.signature-0123456789"
    response = httpx.Response(401, json={"message": f"token {token} rejected", "code": token})
    message = provider_message(response, Redactor([token]))
    assert message == "token [redacted] rejected (code=[redacted])"
    html = httpx.Response(502, text=f"<html><title>Bad Gateway for {token}</title></html>")
    assert provider_message(html, Redactor([token])) == "Bad Gateway for [redacted]"


@pytest.mark.parametrize("pasted", ["\n", "\r\n", "\r", " \t"])
def test_a_token_pasted_with_its_line_ending_is_sent_without_it(
    sandbox: Sandbox, pasted: str
) -> None:
    token = sandbox.credentials.content_ignite_token
    result = asyncio.run(
        fetch_all(
            configs(table(sandbox, "content_ignite")),
            secrets=secrets(sandbox, CI_TOKEN=token + pasted),
            policy=FAST_POLICY,
        )
    )
    assert result.failures == ()
    assert len(result.invoices["Content Ignite"]) == 18


def test_a_token_with_a_line_break_inside_is_refused_before_any_request(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    token = sandbox.credentials.content_ignite_token
    pieces = (token[:40], token[40:])
    result = asyncio.run(
        fetch_all(
            configs(table(sandbox, "content_ignite"), table(sandbox, "versori")),
            secrets=secrets(sandbox, CI_TOKEN=f"{pieces[0]}\n{pieces[1]}\r\n"),
            policy=FAST_POLICY,
        )
    )
    [failure] = result.failures
    assert isinstance(failure.error, CredentialsError)
    assert str(failure) == (
        "Content Ignite: the token for 'Content Ignite' in environment variable CI_TOKEN has "
        "a line break or control character inside it: set it again to the token alone, on "
        "one line"
    )
    assert len(result.invoices["Versori"]) == 20
    assert sandbox.stats.count("content_ignite") == 0
    texts = [record.getMessage() for record in caplog.records]
    texts += [str(failure), repr(failure), *_exception_texts(failure.error)]
    _assert_clean(texts, pieces)


class _HeaderAuth:
    """Sends whatever header it is given: a secret source that cleaned nothing."""

    hint = "check the token"

    def __init__(self, header: str) -> None:
        self.header = header

    async def authorization(self) -> str | None:
        return self.header

    async def renew(self) -> bool:
        return False

    def attach(self, http: ProviderHttp) -> None:
        """Nothing of its own to send."""


def test_a_request_that_cannot_be_sent_fails_at_once_without_quoting_the_secret(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # the GUI's log file
    secret = "pasted-secret-0123456789\r\n"

    async def send() -> None:
        http = ProviderHttp(
            "Content Ignite",
            sandbox.content_ignite_url,
            FAST_POLICY,
            auth=_HeaderAuth(f"Bearer {secret}"),
            secrets=[secret],
        )
        async with http:
            await http.get_json("/v1/billing/invoice")

    with pytest.raises(ProviderConnectionError) as raised:
        asyncio.run(send())
    assert str(raised.value) == (
        "Content Ignite: GET /v1/billing/invoice: the request could not be sent "
        "(LocalProtocolError: Illegal header value b'Bearer [redacted]')"
    )
    messages = [record.getMessage() for record in caplog.records]
    assert not [message for message in messages if "retry" in message]
    texts = [*messages, *_exception_texts(raised.value)]
    _assert_clean(texts, ["pasted-secret"])


def test_every_quoted_form_of_a_secret_is_redacted() -> None:
    redact = Redactor(["tok-0123456789\r\n", "pässwörd-1234\n"])
    assert redact("Illegal header value b'Bearer tok-0123456789\\r\\n'") == (
        "Illegal header value b'Bearer [redacted]'"
    )
    assert redact("value 'tok-0123456789\\r\\n' refused") == "value '[redacted]' refused"
    assert redact("token tok-0123456789 sent") == "token [redacted] sent"
    assert redact(json.dumps({"password": "pässwörd-1234\n"})) == '{"password": "[redacted]"}'
    latin1 = repr("pässwörd-1234".encode("latin-1"))
    assert redact(f"header {latin1}") == "header b'[redacted]'"


def _exception_texts(error: BaseException) -> list[str]:
    texts = ["".join(traceback.format_exception(error))]
    current: BaseException | None = error
    while current is not None:
        texts += [str(current), repr(current), *map(str, current.args)]
        if isinstance(current, ProviderError):
            texts.append(current.detail)
        current = current.__cause__ or current.__context__
    return texts


def _assert_clean(texts: list[str], secret_list: Iterable[str]) -> None:
    for secret in secret_list:
        leaking = [text for text in texts if secret in text]
        assert not leaking, f"a secret leaked into: {leaking[0][:200]}"
    jwt_like = [text for text in texts if JWT_PREFIX in text]
    assert not jwt_like, f"a token leaked into: {jwt_like[0][:200]}"
