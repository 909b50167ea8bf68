"""Switchable provider misbehaviour: throttling, gateway errors, slowness, broken bodies.

``slow`` holds the whole answer back; ``drip`` sends the headers at once and then the body
one byte every ``delay`` seconds, so no single read ever waits long: only a deadline on the
whole request ends it.

``login_page``, ``redirect`` and ``500`` answer as what a wrong ``base_url`` reaches does: a
login or proxy page with HTTP 200, a web site redirecting elsewhere (to ``location``), a
server failing with a long text that is not JSON (a stack trace). ``not_found_json`` is
the right host's answer to a wrong path (a ``base_url`` without its ``/v1``): HTTP 404
with the provider's own JSON error body; aimed at one path (``path_contains``), it is
also what one invoice's detail, gone since the list was read, answers.

``403`` is a refusal in the provider's own JSON, as Content Ignite, which "reserves the
right to block requests if we deem a client to be abusing the API", may answer a client it
blocks (or a token whose user may not see billing: the answer does not tell the two apart).

A fault is armed for a provider (optionally only for paths containing some text) and
fires on the next ``times`` matching requests, oldest armed fault first.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from desktop_app.sandbox.errors import PROVIDERS

FAULT_KINDS = (
    "429",
    "502",
    "503",
    "504",
    "slow",
    "drip",
    "malformed_json",
    "schema_break",
    "401",
    "403",
    "success_false",
    "reset",
    "login_page",
    "redirect",
    "500",
    "not_found_json",
)

RetryAfter = int | float | str | datetime | None


@dataclass
class Fault:
    """One armed fault; ``remaining`` counts down as matching requests consume it."""

    provider: str
    kind: str
    remaining: int
    path_contains: str | None = None
    retry_after: RetryAfter = None
    delay: float = 0.0
    location: str | None = None  # a redirect's Location (None: the fault's own)

    def matches(self, provider: str, path: str) -> bool:
        if provider != self.provider or self.remaining <= 0:
            return False
        return self.path_contains is None or self.path_contains in path


class FaultInjector:
    """Thread-safe queue of armed faults, consulted once per request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def inject(
        self,
        provider: str,
        kind: str,
        *,
        times: int = 1,
        path_contains: str | None = None,
        retry_after: RetryAfter = None,
        delay: float = 0.0,
        location: str | None = None,
    ) -> None:
        """Make the next ``times`` requests to ``provider`` matching ``path_contains`` fail."""
        _validate(provider, kind, times, delay)
        if location is not None and kind != "redirect":
            raise ValueError("location is a redirect's: give it with kind 'redirect'")
        fault = Fault(provider, kind, times, path_contains, retry_after, delay, location)
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending(self) -> int:
        """How many fault firings are still armed (all providers)."""
        with self._lock:
            return sum(fault.remaining for fault in self._faults)

    def take(self, provider: str, path: str) -> Fault | None:
        """Consume one firing of the oldest fault matching this request, if any."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(provider, path):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._faults.remove(fault)
                    return fault
        return None


def _validate(provider: str, kind: str, times: int, delay: float) -> None:
    if provider not in PROVIDERS:
        raise ValueError(f"unknown provider {provider!r}; expected one of {PROVIDERS}")
    if kind not in FAULT_KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; expected one of {FAULT_KINDS}")
    if kind == "success_false" and provider != "content_ignite":
        raise ValueError("success_false is a Content Ignite behaviour (HTTP 200, success: false)")
    if times < 1:
        raise ValueError(f"times must be at least 1, got {times}")
    if delay < 0:
        raise ValueError(f"delay must not be negative, got {delay}")
