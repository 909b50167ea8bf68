"""Elevate's login: brand, username and password at ``POST /authenticate`` for a JWT.

Tokens live 15 minutes. The lifetime is read from the JWT's ``exp`` when it has one (else
assumed to be 15 minutes), and a new token is fetched a little before it runs out: a fifth
of its lifetime early, at most two minutes. A 401 triggers one fresh login and one retry
of the request (the HTTP layer never asks twice), because a 401 can also mean the account
was disabled and a loop would hammer the login.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import time
from collections.abc import Callable
from typing import Any

from desktop_app.providers.elevate.wire import AUTHENTICATE
from desktop_app.providers.http_client import ProviderHttp
from desktop_app.providers.wire import validate_wire

AUTHENTICATE_PATH = "/authenticate"
DEFAULT_TOKEN_LIFETIME = 15 * 60.0
MAX_RENEWAL_MARGIN = 120.0


class ElevateLogin:
    """``Auth`` for Elevate users who log in rather than hold a fixed token."""

    def __init__(
        self,
        brand: str,
        username: str,
        password: str,
        hint: str,
        *,
        default_lifetime: float = DEFAULT_TOKEN_LIFETIME,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._credentials = {"brand": brand, "username": username, "password": password}
        self.hint = hint
        self.default_lifetime = default_lifetime
        self._clock = clock
        self._http: ProviderHttp | None = None
        self._token: str | None = None
        self._renew_at = 0.0
        self._lock = asyncio.Lock()
        self.logins = 0

    def attach(self, http: ProviderHttp) -> None:
        self._http = http
        self._token = None

    async def authorization(self) -> str | None:
        async with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                await self._login()
            return f"Bearer {self._token}"

    async def renew(self) -> bool:
        async with self._lock:
            await self._login()
        return True

    async def _login(self) -> None:
        if self._http is None:
            raise RuntimeError("ElevateLogin used before attach()")
        body = await self._http.request_json(
            "POST", AUTHENTICATE_PATH, body=self._credentials, authenticated=False
        )
        answer = validate_wire(
            AUTHENTICATE, body, provider=self._http.provider, method="POST", path=AUTHENTICATE_PATH
        )
        self._http.add_secret(answer.token)
        now = self._clock()
        lifetime = _jwt_lifetime(answer.token, now) or self.default_lifetime
        self._token = answer.token
        self._renew_at = now + lifetime - min(MAX_RENEWAL_MARGIN, lifetime / 5)
        self.logins += 1


def _jwt_lifetime(token: str, now: float) -> float | None:
    """Seconds until the JWT's ``exp`` (unverified: only used to renew in time), if present.

    Measured from our clock, which is conservative (``exp`` is whole seconds, truncated).
    If our clock is so far off that the token seems already expired, ``exp - iat`` is used.
    """
    claims = _jwt_claims(token)
    expiry, issued = _number(claims.get("exp")), _number(claims.get("iat"))
    if expiry is None:
        return None
    if expiry > now:
        return expiry - now
    if issued is not None and expiry > issued:
        return expiry - issued
    return None


def _jwt_claims(token: str) -> dict[str, Any]:
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None
