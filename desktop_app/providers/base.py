"""What every provider client shares: secrets, the date window, progress, and the fetch frame.

A client is cheap to build and holds no connection; each ``fetch_invoices`` opens one
``ProviderHttp`` (one ``httpx.AsyncClient``) for its requests and closes it at the end, so a
client can be reused across fetches and event loops (the GUI runs on qasync).
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, TypeVar

from desktop_app.domain import CancelToken, Invoice, ProgressCallback, no_progress
from desktop_app.providers.config import ProviderConfig, ProviderKind
from desktop_app.providers.errors import CredentialsError, ProviderDataError
from desktop_app.providers.http_client import Auth, ProviderHttp
from desktop_app.providers.policy import HttpPolicy
from desktop_app.secrets import (
    EnvSecretSource,
    SecretError,
    SecretPurpose,
    SecretRequest,
    SecretSource,
    require_secret,
)

T = TypeVar("T")


async def gather_or_cancel(coroutines: Iterable[Coroutine[Any, Any, T]]) -> list[T]:
    """Run concurrently and return results in order; the first failure cancels the rest.

    Unlike ``TaskGroup`` the failure is raised as itself, not wrapped in an ExceptionGroup,
    so callers see the provider error that explains what went wrong.
    """
    tasks = [asyncio.ensure_future(coroutine) for coroutine in coroutines]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


@dataclass(frozen=True, slots=True)
class DateWindow:
    """Inclusive bounds on the invoices wanted; either end may be open."""

    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"the date window starts ({self.start}) after it ends ({self.end})")

    def contains(self, day: date | None) -> bool:
        """Whether an invoice dated ``day`` belongs; an undated invoice is always kept."""
        if day is None:
            return True
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


class Progress:
    """Reports ``(invoices so far, total if known, message)`` naming the provider."""

    def __init__(self, provider: str, callback: ProgressCallback) -> None:
        self.provider = provider
        self.callback = callback

    def page(self, page: int, invoices: int) -> None:
        self.callback(invoices, None, f"{self.provider}: page {page}, {invoices} invoices so far")

    def listed(self, total: int) -> None:
        """A list of ``total`` invoices arrived; their details follow."""
        self.callback(0, total, f"{self.provider}: {total} invoices listed, fetching details")

    def details(self, done: int, total: int) -> None:
        self.callback(done, total, f"{self.provider}: {done} of {total} invoices")

    def finished(self, invoices: int) -> None:
        self.callback(invoices, invoices, f"{self.provider}: {invoices} invoices fetched")


class StaticTokenAuth:
    """A fixed token sent as ``<scheme> <token>``; nothing to renew after a 401."""

    def __init__(self, scheme: str, token: str, hint: str) -> None:
        self._header = f"{scheme} {token}"
        self.hint = hint

    async def authorization(self) -> str | None:
        return self._header

    async def renew(self) -> bool:
        return False

    def attach(self, http: ProviderHttp) -> None:
        """A fixed token needs no requests of its own."""


class ProviderClient(ABC):
    """One configured provider account. Subclasses implement ``_fetch``."""

    kind: ClassVar[ProviderKind]

    def __init__(
        self,
        config: ProviderConfig,
        secrets: SecretSource | None = None,
        *,
        policy: HttpPolicy | None = None,
    ) -> None:
        if config.kind is not self.kind:
            raise ValueError(f"{type(self).__name__} cannot serve a {config.kind.value!r} provider")
        self.config = config
        self.secrets: SecretSource = secrets if secrets is not None else EnvSecretSource()
        self.policy = policy or HttpPolicy()

    @property
    def name(self) -> str:
        return self.config.name

    async def fetch_invoices(
        self,
        date_from: date | None = None,
        date_to: date | None = None,
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelToken | None = None,
    ) -> list[Invoice]:
        """Every invoice in the window, normalised, with its line items."""
        window = DateWindow(date_from, date_to)
        auth, secrets = self._auth()
        http = ProviderHttp(
            self.name, self.config.base_url, self.policy, auth=auth, cancel=cancel, secrets=secrets
        )
        async with http:
            auth.attach(http)
            invoices = await self._fetch(http, window, Progress(self.name, progress))
        Progress(self.name, progress).finished(len(invoices))
        return invoices

    @abstractmethod
    def _auth(self) -> tuple[Auth, list[str]]:
        """The request authentication and every secret value it uses (to redact)."""

    @abstractmethod
    async def _fetch(
        self, http: ProviderHttp, window: DateWindow, progress: Progress
    ) -> list[Invoice]:
        """Fetch and map every invoice in the window."""

    def _secret(self, purpose: SecretPurpose, env_var: str | None) -> tuple[str, str]:
        """The secret and a hint saying where it came from (for 401 messages)."""
        request = SecretRequest(self.name, purpose, env_var)
        try:
            value = require_secret(self.secrets, request)
        except SecretError as error:
            raise CredentialsError(self.name, str(error)) from None
        return value, f"check the {purpose.value} in {self.secrets.describe(request)}"

    def _token_auth(self, scheme: str) -> tuple[Auth, list[str]]:
        token, hint = self._secret(SecretPurpose.TOKEN, self.config.token_env)
        return StaticTokenAuth(scheme, token, hint), [token]

    def map_records(
        self,
        records: Iterable[T],
        mapper: Callable[[T], Invoice],
        describe: Callable[[T], str],
        path: str,
    ) -> list[Invoice]:
        """Map wire records, turning an impossible value into a data error naming the record."""
        invoices = []
        for record in records:
            try:
                invoices.append(mapper(record))
            except ProviderDataError:
                raise
            except (ValueError, ArithmeticError) as error:
                raise ProviderDataError(
                    self.name, "GET", path, f"cannot use {describe(record)}: {error}"
                ) from None
        return invoices
