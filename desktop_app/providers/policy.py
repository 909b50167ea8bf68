"""The numbers behind every provider request: timeouts, retries, backoff, Retry-After.

Kept apart from the HTTP code so tests (and the GUI's settings) can shrink delays without
touching behaviour, and so every provider is retried by exactly the same rules.
"""

from __future__ import annotations

import email.utils
import math
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

#: Statuses that mean "try again later" for every provider: rate limited, or a gateway or
#: server that is briefly down. A client whose provider's documents say to back off on any
#: 5xx retries those too (``ProviderClient.retry_server_errors``).
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})


#: Read timeouts a whole request may take, after its connect timeout, unless told otherwise.
READS_PER_REQUEST = 3


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds to wait for a connection, for each read of the answer, and for the whole request.

    The read timeout bounds each wait for the next bytes, so a server sending a byte every
    now and then never trips it; ``request`` bounds one attempt, from connecting to the last
    byte of its answer, and a late one is retried as a timeout. Left out, it is the connect timeout plus
    ``READS_PER_REQUEST`` read timeouts (190 s by default), ample for any honest answer.
    """

    connect: float = 10.0
    read: float = 60.0
    request: float | None = None

    def __post_init__(self) -> None:
        if self.connect <= 0 or self.read <= 0 or (self.request is not None and self.request <= 0):
            raise ValueError("timeouts must be positive")

    @property
    def deadline(self) -> float:
        """Seconds one attempt may take in all."""
        if self.request is not None:
            return self.request
        return self.connect + READS_PER_REQUEST * self.read


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff with jitter, capped in attempts and in any single wait.

    ``max_delay`` caps our own backoff, and ``Retry-After`` too unless ``max_retry_after``
    is given: a provider asking for a longer pause than the limit makes the request fail at
    once (with the wait it asked for in the message) rather than be hit again early, which
    Content Ignite says may get a client blocked. A scheduled run that may wait longer says
    so per provider (``max_retry_after`` in providers.toml); an accountant at the screen is
    better told at once than left looking at a frozen progress bar.
    """

    max_attempts: int = 5
    initial_delay: float = 0.5
    max_delay: float = 30.0
    jitter: float = 0.5
    max_retry_after: float | None = None

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.initial_delay < 0 or self.max_delay < 0:
            raise ValueError("retry delays must not be negative")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter is a fraction between 0 and 1")
        if self.max_retry_after is not None and self.max_retry_after < 0:
            raise ValueError("max_retry_after must not be negative")

    @property
    def retry_after_limit(self) -> float:
        """The longest ``Retry-After`` waited out; a longer one fails the request at once."""
        return self.max_delay if self.max_retry_after is None else self.max_retry_after

    def backoff(self, attempt: int, rng: random.Random | None = None) -> float:
        """Wait before retry number ``attempt`` (1 for the first retry).

        The first ``1 - jitter`` of the exponential delay is fixed and the rest random, so
        clients that failed together do not retry together.
        """
        exponent = min(attempt - 1, 60)
        ceiling = min(self.max_delay, self.initial_delay * math.pow(2, exponent))
        spread = ceiling * self.jitter
        return ceiling - spread + (rng or random).uniform(0, spread)


@dataclass(frozen=True, slots=True)
class HttpPolicy:
    """Everything the shared HTTP layer needs to know besides the provider itself.

    ``notice_after``: seconds a request may go unanswered before the user is told it is
    still waiting, and the least time between two such notices of one provider (a provider
    that never answers keeps a fetch going for minutes of timeouts and retries, which
    would otherwise look like a hang).
    """

    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_connections: int = 10
    user_agent: str = "desktop-app (Reconcile Desk)"
    notice_after: float = 15.0

    def __post_init__(self) -> None:
        if self.notice_after <= 0:
            raise ValueError("notice_after must be positive")


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait according to a ``Retry-After`` header, or None if absent or unreadable.

    The header is either a number of seconds or an HTTP date (RFC 9110); a date in the past
    means "now". An unreadable value falls back to our own backoff rather than failing.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        return _seconds_until_http_date(text, now)
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def _seconds_until_http_date(text: str, now: datetime | None) -> float | None:
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a zone-less one is read the same way
        when = when.replace(tzinfo=UTC)
    reference = now or datetime.now(UTC)
    return max(0.0, (when - reference).total_seconds())
