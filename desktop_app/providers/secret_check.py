"""Which providers' secrets are missing, asked before any of them is fetched.

A fetch looks a provider's secret up only when it starts that provider: a run missing one
variable would fetch every other provider (slow ones for minutes) and then fail. A caller
that fails the whole run on any provider's failure (``reconcile``) asks here first; the
failures are worded as the fetch words them (``ProviderClient._secret``).
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.providers.config import ProviderConfig
from desktop_app.providers.errors import CredentialsError
from desktop_app.providers.fetch import ProviderFailure
from desktop_app.secrets import (
    SecretError,
    SecretPurpose,
    SecretRequest,
    SecretSource,
    require_secret,
)


def secret_request(config: ProviderConfig) -> SecretRequest:
    """Which secret a provider uses: Elevate's login password, else its token."""
    purpose = SecretPurpose.PASSWORD if config.logs_in else SecretPurpose.TOKEN
    env_var = config.password_env if config.logs_in else config.token_env
    return SecretRequest(config.name, purpose, env_var)


def missing_secrets(
    configs: Sequence[ProviderConfig], secrets: SecretSource
) -> tuple[ProviderFailure, ...]:
    """One failure per provider whose secret ``secrets`` cannot give (not set, or set with
    a line break inside), in configuration order; never the secret's value."""
    failures = []
    for config in configs:
        try:
            require_secret(secrets, secret_request(config))
        except SecretError as error:
            failure = CredentialsError(config.name, str(error))
            failures.append(ProviderFailure(config.name, config.kind, failure.detail, failure))
    return tuple(failures)
