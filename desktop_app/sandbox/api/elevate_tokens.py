"""Elevate's short-lived bearer tokens: issued by ``POST /authenticate``, dead after the TTL.

Validity is judged when a token is used, against the TTL in force at that moment, so a
test that shortens the TTL expires the tokens already handed out.
"""

from __future__ import annotations

import secrets
import threading
import time
from datetime import UTC, datetime, timedelta

from desktop_app.sandbox.credentials import fake_jwt

DEFAULT_TOKEN_TTL = 900.0


class ElevateTokens:
    def __init__(self, static_token: str, ttl: float = DEFAULT_TOKEN_TTL) -> None:
        self._static = static_token
        self._lock = threading.Lock()
        self._issued: dict[str, float] = {}
        self._ttl = ttl
        self._rng = secrets.SystemRandom()

    @property
    def ttl(self) -> float:
        with self._lock:
            return self._ttl

    @ttl.setter
    def ttl(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"token lifetime must not be negative, got {seconds}")
        with self._lock:
            self._ttl = seconds

    def issue(self, username: str) -> str:
        now = datetime.now(UTC)
        token = fake_jwt(self._rng, {"sub": username}, now, now + timedelta(seconds=self.ttl))
        with self._lock:
            self._issued[token] = time.monotonic()
        return token

    def is_valid(self, token: str | None) -> bool:
        if token is None:
            return False
        if secrets.compare_digest(token.encode(), self._static.encode()):
            return True
        with self._lock:
            issued_at = self._issued.get(token)
            return issued_at is not None and time.monotonic() - issued_at < self._ttl

    def expire_all(self) -> None:
        """Every issued token stops working (the static credential token is unaffected)."""
        with self._lock:
            self._issued.clear()
