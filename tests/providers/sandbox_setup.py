"""Shared set-up for the provider tests: sandbox configs, secrets and a fast retry policy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.providers import HttpPolicy, ProviderConfig, RetryPolicy, Timeouts, parse_config
from desktop_app.sandbox import Sandbox
from desktop_app.secrets import EnvSecretSource

# Retries in milliseconds rather than seconds; the read timeout is short so "slow" faults
# can outlast it, but long enough that a loaded 2-core machine never trips it by accident.
FAST_POLICY = HttpPolicy(
    timeouts=Timeouts(connect=5.0, read=2.0),
    retry=RetryPolicy(max_attempts=3, initial_delay=0.01, max_delay=3.0),
)

ENV = {"content_ignite": "CI_TOKEN", "versori": "VERSORI_TOKEN", "elevate": "ELEVATE_TOKEN"}
ELEVATE_PASSWORD_ENV = "ELEVATE_PASSWORD"


def table(sandbox: Sandbox, kind: str, **overrides: Any) -> dict[str, Any]:
    """One providers.toml entry pointing at the sandbox."""
    base: dict[str, dict[str, Any]] = {
        "content_ignite": {
            "kind": "content_ignite",
            "name": "Content Ignite",
            "base_url": sandbox.content_ignite_url,
            "token_env": ENV["content_ignite"],
        },
        "versori": {
            "kind": "versori",
            "name": "Versori",
            "base_url": sandbox.versori_url,
            "token_env": ENV["versori"],
            "organisation_id": sandbox.credentials.versori_organisation_id,
        },
        "elevate": {
            "kind": "elevate",
            "name": "Elevate",
            "base_url": sandbox.elevate_url,
            "token_env": ENV["elevate"],
        },
    }
    entry = {**base[kind], **overrides}
    return {key: value for key, value in entry.items() if value is not None}


def elevate_login_table(sandbox: Sandbox, **overrides: Any) -> dict[str, Any]:
    credentials = sandbox.credentials
    return table(
        sandbox,
        "elevate",
        token_env=None,
        brand=credentials.elevate_brand,
        username=credentials.elevate_username,
        password_env=ELEVATE_PASSWORD_ENV,
        **overrides,
    )


def config(sandbox: Sandbox, kind: str, **overrides: Any) -> ProviderConfig:
    return parse_config({"providers": [table(sandbox, kind, **overrides)]})[0]


def configs(*tables: Mapping[str, Any]) -> list[ProviderConfig]:
    return parse_config({"providers": [dict(entry) for entry in tables]})


def secret_values(sandbox: Sandbox) -> dict[str, str]:
    credentials = sandbox.credentials
    return {
        ENV["content_ignite"]: credentials.content_ignite_token,
        ENV["versori"]: credentials.versori_token,
        ENV["elevate"]: credentials.elevate_token,
        ELEVATE_PASSWORD_ENV: credentials.elevate_password,
    }


def secrets(sandbox: Sandbox, **replace: str) -> EnvSecretSource:
    """The sandbox's credentials as environment variables (``replace`` overrides some)."""
    return EnvSecretSource({**secret_values(sandbox), **replace})
