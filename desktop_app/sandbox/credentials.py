"""The sandbox's fake credentials, derived from the seed so demos and tests are repeatable.

Tokens are JWT-shaped (three base64url parts) because real clients may decode the
payload to read ``exp``; the signatures are random and verified by nobody.
"""

from __future__ import annotations

import base64
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from desktop_app.sandbox.data.common import provider_rng, random_token
from desktop_app.sandbox.data.versori import organisation_ulid


@dataclass(frozen=True)
class Credentials:
    """What a user would paste into the app for each provider (secrets hidden from repr)."""

    content_ignite_token: str = field(repr=False)
    versori_token: str = field(repr=False)
    versori_organisation_id: str
    elevate_token: str = field(repr=False)
    elevate_brand: str
    elevate_username: str
    elevate_password: str = field(repr=False)


def make_credentials(seed: int, today: date) -> Credentials:
    rng = provider_rng(seed, "credentials")
    issued = datetime.combine(today - timedelta(days=30), time(9, 0), tzinfo=UTC)
    long_lived = issued + timedelta(days=3 * 365)
    return Credentials(
        content_ignite_token=fake_jwt(rng, {"sub": "api-user", "org": 3}, issued, long_lived),
        versori_token=fake_jwt(
            rng, {"iss": f"https://versori.com/sk/{random_token(rng, 12)}"}, issued, long_lived
        ),
        versori_organisation_id=organisation_ulid(rng),
        elevate_token=fake_jwt(rng, {"sub": "static-api-user"}, issued, long_lived),
        elevate_brand="sandbox-telecom",
        elevate_username="api.reconcile@example.com",
        elevate_password=f"pw-{random_token(rng, 20)}",
    )


def fake_jwt(
    rng: random.Random, claims: dict[str, object], issued: datetime, expires: datetime
) -> str:
    header: dict[str, object] = {"alg": "RS256", "typ": "JWT"}
    payload = {**claims, "iat": int(issued.timestamp()), "exp": int(expires.timestamp())}
    signature = bytes(rng.getrandbits(8) for _ in range(32))
    return ".".join(_b64(part) for part in (_json(header), _json(payload), signature))


def _json(value: dict[str, object]) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
