"""A ``providers.toml`` (see docs/design.md) and the secrets environment for a running sandbox.

The demo, the CLI tests and the benchmarks point the real configuration path at the
sandbox with these, instead of each hand-writing the same file. Secrets stay out of the
file, as the contract requires: it names environment variables, ``secret_environment``
supplies their values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.sandbox.sandbox import Sandbox

CONTENT_IGNITE_TOKEN_ENV = "SANDBOX_CONTENT_IGNITE_TOKEN"
VERSORI_TOKEN_ENV = "SANDBOX_VERSORI_TOKEN"
ELEVATE_PASSWORD_ENV = "SANDBOX_ELEVATE_PASSWORD"


def providers_toml(sandbox: Sandbox) -> str:
    """Three provider entries aimed at ``sandbox``; Elevate logs in with brand/username."""
    creds = sandbox.credentials
    entries = [
        {
            "kind": "content_ignite",
            "name": "Content Ignite (sandbox)",
            "base_url": sandbox.content_ignite_url,
            "token_env": CONTENT_IGNITE_TOKEN_ENV,
        },
        {
            "kind": "versori",
            "name": "Versori (sandbox)",
            "base_url": sandbox.versori_url,
            "token_env": VERSORI_TOKEN_ENV,
            "organisation_id": creds.versori_organisation_id,
            "auth_scheme": "JWT",
        },
        {
            "kind": "elevate",
            "name": "Elevate (sandbox)",
            "base_url": sandbox.elevate_url,
            "currency": "GBP",
            "brand": creds.elevate_brand,
            "username": creds.elevate_username,
            "password_env": ELEVATE_PASSWORD_ENV,
        },
    ]
    return "\n".join(_table(entry) for entry in entries)


def secret_environment(sandbox: Sandbox) -> dict[str, str]:
    """The environment variables ``providers_toml`` refers to, with the sandbox's secrets."""
    creds = sandbox.credentials
    return {
        CONTENT_IGNITE_TOKEN_ENV: creds.content_ignite_token,
        VERSORI_TOKEN_ENV: creds.versori_token,
        ELEVATE_PASSWORD_ENV: creds.elevate_password,
    }


def _table(entry: dict[str, str]) -> str:
    lines = ["[[providers]]"] + [f"{key} = {_toml_string(value)}" for key, value in entry.items()]
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
