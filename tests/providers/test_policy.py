"""Retry-After parsing and the backoff schedule: pure functions, no network."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from desktop_app.providers.policy import RetryPolicy, Timeouts, parse_retry_after

NOW = datetime(2025, 11, 3, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("3", 3.0), (" 120 ", 120.0), ("0", 0.0), ("1.5", 1.5), ("-4", 0.0)],
)
def test_retry_after_in_seconds(header: str, seconds: float) -> None:
    assert parse_retry_after(header, NOW) == seconds


def test_retry_after_as_an_http_date_counts_from_now() -> None:
    header = format_datetime(NOW + timedelta(seconds=90), usegmt=True)
    assert header.endswith("GMT")
    assert parse_retry_after(header, NOW) == 90.0


def test_retry_after_in_the_past_means_now() -> None:
    header = format_datetime(NOW - timedelta(minutes=5), usegmt=True)
    assert parse_retry_after(header, NOW) == 0.0


def test_retry_after_obsolete_date_formats_are_read_too() -> None:
    # RFC 850 and asctime forms are still allowed for recipients (RFC 9110, 5.6.7).
    assert parse_retry_after("Monday, 03-Nov-25 12:00:30 GMT", NOW) == 30.0
    assert parse_retry_after("Mon Nov  3 12:01:00 2025", NOW) == 60.0


@pytest.mark.parametrize("header", [None, "", "   ", "soon", "nan", "inf", "Mon, 99 Foo"])
def test_unreadable_retry_after_falls_back_to_backoff(header: str | None) -> None:
    assert parse_retry_after(header, NOW) is None


def test_backoff_doubles_and_is_capped() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_delay=4.0, jitter=0.0)
    assert [policy.backoff(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


def test_backoff_jitter_stays_within_the_upper_half() -> None:
    policy = RetryPolicy(initial_delay=1.0, max_delay=30.0, jitter=0.5)
    rng = random.Random(1)
    delays = [policy.backoff(3, rng) for _ in range(200)]
    assert all(2.0 <= delay <= 4.0 for delay in delays)
    assert len(set(delays)) > 100  # really random: clients that failed together spread out


def test_huge_attempt_numbers_do_not_overflow() -> None:
    assert RetryPolicy(max_delay=7.0, jitter=0.0).backoff(10_000) == 7.0


@pytest.mark.parametrize(
    "kwargs",
    [{"max_attempts": 0}, {"initial_delay": -1.0}, {"max_delay": -1.0}, {"jitter": 1.5}],
)
def test_nonsense_retry_settings_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


def test_timeouts_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Timeouts(connect=0)


def test_a_request_deadline_defaults_to_a_few_read_timeouts() -> None:
    assert Timeouts().deadline == 10.0 + 3 * 60.0
    assert Timeouts(connect=5.0, read=2.0).deadline == 11.0
    assert Timeouts(connect=5.0, read=2.0, request=4.0).deadline == 4.0
    with pytest.raises(ValueError):
        Timeouts(request=0)
