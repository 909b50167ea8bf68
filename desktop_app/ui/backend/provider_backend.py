"""Fetching through the provider clients, and testing one provider's connection."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.domain import CancelToken, ProgressCallback, WaitingCallback, no_waiting
from desktop_app.providers import (
    ConfigError,
    FetchResult,
    ProviderConfig,
    create_client,
    fetch_all,
)
from desktop_app.providers.policy import HttpPolicy
from desktop_app.secrets import SecretSource
from desktop_app.ui.backend.provider_settings import ProviderSettings

TEST_WINDOW_DAYS = 31


class ProviderBackend:
    def __init__(self, settings: ProviderSettings, policy: HttpPolicy | None = None) -> None:
        self.settings = settings
        self._policy = policy

    async def fetch(
        self,
        date_from: date | None,
        date_to: date | None,
        progress: ProgressCallback,
        cancel: CancelToken,
        waiting: WaitingCallback = no_waiting,
    ) -> FetchResult:
        configs = self.settings.configs()
        if not configs:
            # A setting to correct, as a providers.toml holding none is (``ConfigError``),
            # not a bug: the window says what to do, not where in the code it failed.
            raise ConfigError("no providers are configured: add one under Settings")
        return await fetch_all(
            configs,
            date_from=date_from,
            date_to=date_to,
            secrets=self.settings.secrets(),
            progress=progress,
            cancel=cancel,
            policy=self._policy,
            waiting=waiting,
        )

    async def test(
        self,
        config: ProviderConfig,
        secrets: SecretSource,
        today: date,
        waiting: WaitingCallback = no_waiting,
    ) -> str:
        """Fetch the last month from one provider: proves address, credentials and format.
        ``waiting`` is told while the provider keeps it waiting, as a fetch's is: a test
        of a slow provider otherwise said "Testing …" alone through minutes of retries."""
        client = create_client(config, secrets, policy=self._policy)
        since = today - timedelta(days=TEST_WINDOW_DAYS)
        batch = await client.fetch(since, today, waiting=waiting)
        connected = f"connected: {len(batch.invoices)} invoice(s) since {since.isoformat()}"
        if not batch.problems:
            return connected
        first = batch.problems[0]
        return (
            f"{connected}; {len(batch.problems)} could not be used ({first.label}: {first.reason})"
        )
