"""Which client serves which kind of provider, and the knobs callers may turn."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.providers.base import ProviderClient
from desktop_app.providers.config import ProviderConfig, ProviderKind
from desktop_app.providers.content_ignite.client import (
    DEFAULT_DETAIL_CONCURRENCY,
    ContentIgniteClient,
)
from desktop_app.providers.elevate.auth import DEFAULT_TOKEN_LIFETIME
from desktop_app.providers.elevate.client import MAX_PAGE_SIZE, ElevateClient
from desktop_app.providers.policy import HttpPolicy
from desktop_app.providers.versori.client import VersoriClient
from desktop_app.secrets import SecretSource


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """Per-kind settings that are not part of providers.toml."""

    content_ignite_concurrency: int = DEFAULT_DETAIL_CONCURRENCY
    elevate_page_size: int = MAX_PAGE_SIZE
    elevate_token_lifetime: float = DEFAULT_TOKEN_LIFETIME


def create_client(
    config: ProviderConfig,
    secrets: SecretSource | None = None,
    *,
    policy: HttpPolicy | None = None,
    options: ClientOptions | None = None,
) -> ProviderClient:
    options = options or ClientOptions()
    if config.kind is ProviderKind.CONTENT_IGNITE:
        return ContentIgniteClient(
            config, secrets, policy=policy, detail_concurrency=options.content_ignite_concurrency
        )
    if config.kind is ProviderKind.VERSORI:
        return VersoriClient(config, secrets, policy=policy)
    return ElevateClient(
        config,
        secrets,
        policy=policy,
        page_size=options.elevate_page_size,
        token_lifetime=options.elevate_token_lifetime,
    )
