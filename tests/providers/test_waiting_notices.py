"""A provider kept waiting is said, without ``--verbose`` too: "still waiting for …".

A provider that never answered kept ``fetch`` silent for about five minutes (five attempts
of a 60 s read timeout, and the backoff between them), and ``reconcile`` said "fetching
invoices …" and nothing more (tester k, finding 9): it looked hung. Now the first attempt
unanswered after ``notice_after`` seconds is said, and every retry, naming the provider
and the attempt, never a secret; at most one notice per provider in that time, so its
concurrent requests waiting together are said once. Over real HTTP against the sandbox,
with timeouts of a fraction of a second.

The window prints no stderr: each notice also goes to the ``waiting`` callback a caller
passes (the window's fetch status), and is withdrawn there (``None``) once the provider
answers, or its fetch ends without an answer (failed, cancelled), so a status shown does
not outlive the wait it tells of.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from pathlib import Path

import pytest

import desktop_app.providers.base as provider_base
from desktop_app.cli import main
from desktop_app.domain import CancelToken
from desktop_app.providers import (
    ContentIgniteClient,
    HttpPolicy,
    ProviderTimeoutError,
    RetryPolicy,
    Timeouts,
    fetch_all,
)
from desktop_app.providers.http_client import WAITING_LOGGER
from desktop_app.sandbox import Sandbox
from tests.providers.sandbox_setup import config, secret_values, secrets
from tests.providers.test_cli_fetch import toml_for, write

pytestmark = pytest.mark.sandbox

LIST = "/v1/billing/invoice"
# Unanswered attempts end after 0.6 s; the notice comes after 0.2 s of waiting.
WAITING_POLICY = HttpPolicy(
    timeouts=Timeouts(connect=5.0, read=0.6),
    retry=RetryPolicy(max_attempts=3, initial_delay=0.01, max_delay=0.05),
    notice_after=0.2,
)
RETRY = (
    r"still waiting for Content Ignite: no answer within 0\.6 s \(read timeout\); "
    r"trying again in 0\.\d s \(attempt {} of 3\) …"
)
SLOW = "still waiting for Content Ignite: no answer yet after 0.2 s (attempt 1 of 3) …"


def notices(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == WAITING_LOGGER]


def test_a_provider_that_never_answers_is_said_once_slow_then_at_every_retry(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=WAITING_LOGGER)
    sandbox.faults.inject("content_ignite", "slow", path_contains=LIST, delay=1.5, times=3)
    client = ContentIgniteClient(
        config(sandbox, "content_ignite"), secrets(sandbox), policy=WAITING_POLICY
    )
    with pytest.raises(ProviderTimeoutError):
        asyncio.run(client.fetch_invoices())
    said = notices(caplog)
    assert len(said) == 3
    assert said[0] == SLOW
    assert re.fullmatch(RETRY.format(2), said[1])
    assert re.fullmatch(RETRY.format(3), said[2])
    for secret in secret_values(sandbox).values():
        assert not [line for line in said if secret in line]


def test_requests_waiting_together_are_said_once(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """Content Ignite's details are asked four at a time: four slow ones, one notice."""
    caplog.set_level(logging.INFO, logger=WAITING_LOGGER)
    policy = HttpPolicy(timeouts=Timeouts(connect=5.0, read=5.0), notice_after=0.5)
    sandbox.faults.inject("content_ignite", "slow", path_contains=LIST + "/", delay=1.2, times=4)
    client = ContentIgniteClient(config(sandbox, "content_ignite"), secrets(sandbox), policy=policy)
    assert len(asyncio.run(client.fetch_invoices())) == 18
    assert notices(caplog) == [
        "still waiting for Content Ignite: no answer yet after 0.5 s (attempt 1 of 5) …"
    ]


def test_an_answer_in_time_says_nothing(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=WAITING_LOGGER)
    policy = HttpPolicy(notice_after=5.0)
    client = ContentIgniteClient(config(sandbox, "content_ignite"), secrets(sandbox), policy=policy)
    assert len(asyncio.run(client.fetch_invoices())) == 18
    assert notices(caplog) == []


@pytest.fixture
def waiting_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's clients with the short timeouts (it has no option for them)."""
    monkeypatch.setattr(provider_base, "HttpPolicy", lambda: WAITING_POLICY)


@pytest.mark.usefixtures("waiting_policy")
def test_fetch_says_it_is_still_waiting_without_verbose(
    sandbox: Sandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in secret_values(sandbox).items():
        monkeypatch.setenv(name, value)
    sandbox.faults.inject("content_ignite", "slow", path_contains=LIST, delay=1.5, times=1)
    arguments = ["--config", write(tmp_path, toml_for(sandbox)), "--from", "2025-01-01"]
    assert main(["fetch", *arguments, "--to", "2025-06-30"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["invoices"]
    # (Another provider slowed by a busy machine may be said too: not this test's.)
    lines = [line for line in captured.err.splitlines() if "Content Ignite" in line]
    assert lines[0] == f"desktop-app: {SLOW}"
    assert re.fullmatch("desktop-app: " + RETRY.format(2), lines[1])
    assert len(lines) == 2
    for secret in secret_values(sandbox).values():
        assert secret not in captured.err


CI = "Content Ignite"


class Waiting:
    """A ``waiting`` callback that keeps what it is told, in order."""

    def __init__(self) -> None:
        self.told: list[tuple[str, str | None]] = []

    def __call__(self, provider: str, notice: str | None) -> None:
        self.told.append((provider, notice))


def test_each_notice_goes_to_the_waiting_callback_and_is_withdrawn_when_it_answers(
    sandbox: Sandbox,
) -> None:
    """Unanswered, then timed out, then answered on the second attempt: said twice, as
    the log says it, then withdrawn."""
    sandbox.faults.inject("content_ignite", "slow", path_contains=LIST, delay=1.5, times=1)
    waiting = Waiting()
    client = ContentIgniteClient(
        config(sandbox, "content_ignite"), secrets(sandbox), policy=WAITING_POLICY
    )
    batch = asyncio.run(client.fetch(waiting=waiting))
    assert len(batch.invoices) == 18
    told = waiting.told
    assert told[0] == (CI, SLOW)
    assert told[1][0] == CI
    assert re.fullmatch(RETRY.format(2), told[1][1] or "")
    assert told[2] == (CI, None)
    # (A detail slowed by a busy machine may be said and withdrawn after: not this test's.)
    assert told[-1] == (CI, None)


def test_a_notice_is_withdrawn_when_the_provider_fails_without_answering(
    sandbox: Sandbox,
) -> None:
    sandbox.faults.inject("content_ignite", "slow", path_contains=LIST, delay=1.5, times=3)
    waiting = Waiting()
    result = asyncio.run(
        fetch_all(
            [config(sandbox, "content_ignite")],
            secrets=secrets(sandbox),
            policy=WAITING_POLICY,
            waiting=waiting,
        )
    )
    assert [failure.provider for failure in result.failures] == [CI]
    assert [provider for provider, _ in waiting.told] == [CI] * 4
    assert [notice is None for _, notice in waiting.told] == [False, False, False, True]


def test_a_notice_is_withdrawn_when_a_cancel_stops_the_provider(sandbox: Sandbox) -> None:
    sandbox.faults.inject("content_ignite", "slow", path_contains=LIST, delay=30.0, times=1)
    token = CancelToken()
    waiting = Waiting()

    def cancel_when_told(provider: str, notice: str | None) -> None:
        waiting(provider, notice)
        if notice is not None:
            token.cancel()

    result = asyncio.run(
        fetch_all(
            [config(sandbox, "content_ignite")],
            secrets=secrets(sandbox),
            cancel=token,
            policy=HttpPolicy(notice_after=0.2),
            waiting=cancel_when_told,
        )
    )
    assert result.cancelled == (CI,)
    assert waiting.told == [
        (CI, "still waiting for Content Ignite: no answer yet after 0.2 s (attempt 1 of 5) …"),
        (CI, None),
    ]


def test_a_notice_stands_while_any_request_of_the_provider_still_waits(sandbox: Sandbox) -> None:
    """Content Ignite's details are asked four at a time: one kept waiting 2 s, three
    others half a second. The three answering is no answer to the fourth: the notice was
    withdrawn then, and the status said nothing for the 1.5 s it still waited. It stands
    until the last request kept waiting has answered."""
    detail = LIST + "/"
    sandbox.faults.inject("content_ignite", "slow", path_contains=detail, delay=2.0, times=1)
    sandbox.faults.inject("content_ignite", "slow", path_contains=detail, delay=0.5, times=3)
    told: list[tuple[float, str, str | None]] = []
    started = time.monotonic()

    def waiting(provider: str, notice: str | None) -> None:
        told.append((time.monotonic() - started, provider, notice))

    policy = HttpPolicy(timeouts=Timeouts(connect=5.0, read=20.0), notice_after=0.2)
    client = ContentIgniteClient(config(sandbox, "content_ignite"), secrets(sandbox), policy=policy)
    batch = asyncio.run(client.fetch(waiting=waiting))
    assert len(batch.invoices) == 18
    notice = "still waiting for Content Ignite: no answer yet after 0.2 s (attempt 1 of 5) …"
    assert [(provider, said) for _, provider, said in told] == [(CI, notice), (CI, None)]
    withdrawn_after = told[1][0]
    assert withdrawn_after >= 2.0, f"withdrawn {withdrawn_after:.2f} s in: before the 2 s one"
