"""What the sandbox was asked, and how many requests of each kind were in flight at once.

Tests use it to prove behaviour over the wire: that a client fetched each detail once,
paged until the short page, or never ran more than N detail calls concurrently.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import NamedTuple


class RecordedRequest(NamedTuple):
    """One request as the sandbox saw it; ``query`` holds the first value of each parameter.

    ``auth_scheme`` is the first word of the Authorization header ("JWT", "Bearer",
    "Basic"; "" when absent). The credential after it is never recorded.
    """

    provider: str
    method: str
    path: str
    query: dict[str, str]
    auth_scheme: str = ""


class SandboxStats:
    """Thread-safe request log plus current and peak in-flight counts per key."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._in_flight: Counter[str] = Counter()
        self._peak: Counter[str] = Counter()

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot copy, oldest first."""
        with self._lock:
            return list(self._requests)

    def record(
        self,
        provider: str,
        method: str,
        path: str,
        query: Mapping[str, list[str]],
        authorization: str | None = None,
    ) -> None:
        first_values = {name: values[0] for name, values in query.items() if values}
        scheme = (authorization or "").strip().partition(" ")[0]
        with self._lock:
            self._requests.append(RecordedRequest(provider, method, path, first_values, scheme))

    def count(self, provider: str, path_contains: str | None = None) -> int:
        """Requests to ``provider`` (whose path contains ``path_contains`` when given)."""
        with self._lock:
            return sum(
                1
                for request in self._requests
                if request.provider == provider
                and (path_contains is None or path_contains in request.path)
            )

    def max_concurrent(self, key: str) -> int:
        """Peak requests in flight at once for ``key``: a route key or a provider name."""
        with self._lock:
            return self._peak[key]

    def in_flight(self, key: str) -> int:
        with self._lock:
            return self._in_flight[key]

    def reset(self) -> None:
        """Forget the log and the peaks (requests still in flight keep being counted)."""
        with self._lock:
            self._requests.clear()
            self._peak = Counter({k: v for k, v in self._in_flight.items() if v})

    @contextmanager
    def tracking(self, *keys: str) -> Iterator[None]:
        """Count a request as in flight under each of ``keys`` for the duration."""
        with self._lock:
            for key in keys:
                self._in_flight[key] += 1
                self._peak[key] = max(self._peak[key], self._in_flight[key])
        try:
            yield
        finally:
            with self._lock:
                for key in keys:
                    self._in_flight[key] -= 1
