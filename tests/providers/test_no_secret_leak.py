"""No token or password ever appears in an exception's text or any log record."""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Iterable
from typing import Any

import httpx
import pytest

from desktop_app.providers import ProviderError, fetch_all
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
    "malformed bodies": ("malformed_json", ALL, 1, {}),
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
    if scenario != NO_FAULT:
        assert result.failures, "the scenario must actually fail something"
    assert any("HTTP Request" in text for text in texts), "httpx's own logging was captured"
    _assert_clean(texts, secret_values(sandbox).values())


def test_a_provider_echoing_the_token_back_is_redacted() -> None:
    token = "eyJhbGciOiJSUzI1NiJ9.payload.signature-0123456789"
    response = httpx.Response(401, json={"message": f"token {token} rejected", "code": token})
    message = provider_message(response, Redactor([token]))
    assert message == "token [redacted] rejected (code=[redacted])"
    html = httpx.Response(502, text=f"<html><title>Bad Gateway for {token}</title></html>")
    assert provider_message(html, Redactor([token])) == "Bad Gateway for [redacted]"


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
