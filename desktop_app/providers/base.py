"""What every provider client shares: secrets, the date window, progress, and the fetch frame.

A client is cheap to build and holds no connection; each fetch opens one ``ProviderHttp``
(one ``httpx.AsyncClient``) for its requests and closes it at the end, so a client can be
reused across fetches and event loops (the GUI runs on qasync).

A fetch fails as a whole only when the provider cannot be read (credentials, HTTP, a
malformed page or envelope). An invoice record that cannot be used (it breaks its schema,
holds an impossible value, or vanished between the list and its detail) is reported by
itself as an ``InvoiceProblem`` beside the invoices that could be used.
"""

from __future__ import annotations

import asyncio
import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

from desktop_app.domain import (
    CancelToken,
    Invoice,
    InvoiceProblem,
    ProgressCallback,
    WaitingCallback,
    no_progress,
    no_waiting,
)
from desktop_app.domain.period import within
from desktop_app.providers.config import DEFAULT_BASE_URLS, ProviderConfig, ProviderKind
from desktop_app.providers.errors import CredentialsError, ProviderDataError, one_line
from desktop_app.providers.http_client import Auth, ProviderHttp
from desktop_app.providers.policy import HttpPolicy
from desktop_app.secrets import (
    EnvSecretSource,
    SecretError,
    SecretPurpose,
    SecretRequest,
    SecretSource,
    held_in,
    require_secret,
)
from desktop_app.wording import counted

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
        return within(day, self.start, self.end)


@dataclass(slots=True)
class Batch:
    """Invoices fetched and the invoices that could not be used, in the provider's order."""

    invoices: list[Invoice] = field(default_factory=list)
    problems: list[InvoiceProblem] = field(default_factory=list)

    def add(self, outcome: Invoice | InvoiceProblem) -> None:
        if isinstance(outcome, InvoiceProblem):
            self.problems.append(outcome)
        else:
            self.invoices.append(outcome)

    def extend(self, other: Batch) -> None:
        self.invoices.extend(other.invoices)
        self.problems.extend(other.problems)


class Progress:
    """Reports ``(invoices so far, total if known, message)`` naming the provider."""

    def __init__(self, provider: str, callback: ProgressCallback) -> None:
        self.provider = provider
        self.callback = callback

    def page(self, page: int, invoices: int) -> None:
        self.callback(
            invoices, None, f"{self.provider}: page {page}, {counted(invoices, 'invoice')} so far"
        )

    def listed(self, total: int) -> None:
        """A list of ``total`` invoices arrived; their details follow."""
        self.callback(
            0, total, f"{self.provider}: {counted(total, 'invoice')} listed, fetching details"
        )

    def details(self, done: int, total: int) -> None:
        self.callback(done, total, f"{self.provider}: {done:,} of {counted(total, 'invoice')}")

    def finished(self, invoices: int) -> None:
        self.callback(
            invoices, invoices, f"{self.provider}: {counted(invoices, 'invoice')} fetched"
        )


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


def _with_config(policy: HttpPolicy, config: ProviderConfig) -> HttpPolicy:
    """The policy with this provider's own settings from providers.toml applied."""
    if config.max_retry_after is None:
        return policy
    retry = dataclasses.replace(policy.retry, max_retry_after=config.max_retry_after)
    return dataclasses.replace(policy, retry=retry)


class ProviderClient(ABC):
    """One configured provider account. Subclasses implement ``_fetch``."""

    kind: ClassVar[ProviderKind]
    #: Whether any 5xx, and a 2xx whose body is not JSON, is retried with backoff as the
    #: gateway statuses are: where the provider's documents (research notes) say to back
    #: off on 5xx. Elevate's say a 500 means "contact support": retrying it is no help.
    retry_server_errors: ClassVar[bool] = False

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
        self.policy = _with_config(policy or HttpPolicy(), config)

    @property
    def name(self) -> str:
        return self.config.name

    async def fetch(
        self,
        date_from: date | None = None,
        date_to: date | None = None,
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelToken | None = None,
        waiting: WaitingCallback = no_waiting,
    ) -> Batch:
        """Every invoice in the window, normalised, with its line items, and a problem for
        each invoice in it that could not be used. ``waiting`` is told while this provider
        keeps a request waiting, and when that ends (``ProviderHttp``)."""
        window = DateWindow(date_from, date_to)
        auth, secrets = self._auth()
        http = ProviderHttp(
            self.name,
            self.config.base_url,
            self.policy,
            auth=auth,
            cancel=cancel,
            secrets=secrets,
            not_found=self.not_found_advice,
            waiting=waiting,
            retry_server_errors=self.retry_server_errors,
            settings_file=self.config.settings_file,
            blocked_advice=self.blocked_advice(auth.hint),
        )
        async with http:
            auth.attach(http)
            batch = await self._fetch(http, window, Progress(self.name, progress))
        Progress(self.name, progress).finished(len(batch.invoices))
        return batch

    async def fetch_invoices(
        self,
        date_from: date | None = None,
        date_to: date | None = None,
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelToken | None = None,
    ) -> list[Invoice]:
        """The invoices ``fetch`` returns, without its problems: for callers that only count
        or look at what arrived. Whoever shows the result to an accountant uses ``fetch``."""
        batch = await self.fetch(date_from, date_to, progress=progress, cancel=cancel)
        return batch.invoices

    def blocked_advice(self, token_hint: str) -> str | None:
        """What to do when a 403 goes on after backing off, for a provider whose documents
        say it may block a client it takes for abusive, or None: a 403 is then the
        credentials refused, asked once and answered with ``token_hint`` (where the
        secret was read from), as a 401 is."""
        return None

    def not_found_advice(self, method: str, path: str, address: str) -> str:
        """What to check when the first request (``method`` ``path`` below ``address``)
        answers 404 (``http_client.NotFoundAdvice``). The path below base_url is the
        client's own, so by default base_url (``wrong_path_advice``); a client whose
        first request names something of the configuration's (Versori's organisation),
        or whose provider documents a 404 of its own there (Elevate's login), says that."""
        return (
            f"check base_url {address}: nothing was found at that path; {self.wrong_path_advice()}"
        )

    def wrong_path_advice(self) -> str:
        """What to check of ``base_url`` when the first request finds nothing there (a
        404): where the address in the provider's API documentation ends (the kind's
        production address, from its documentation's server list), as a question."""
        documented = DEFAULT_BASE_URLS[self.kind]
        path = urlsplit(documented).path.rstrip("/")
        ending = f"in {path}" if path else "with no path after the host"
        return f"does it end as the API documentation's address does, {ending}, like {documented}?"

    @abstractmethod
    def _auth(self) -> tuple[Auth, list[str]]:
        """The request authentication and every secret value it uses (to redact)."""

    @abstractmethod
    async def _fetch(self, http: ProviderHttp, window: DateWindow, progress: Progress) -> Batch:
        """Fetch and map every invoice in the window, reporting the ones that cannot be used."""

    def _secret(self, purpose: SecretPurpose, env_var: str | None) -> tuple[str, str]:
        """The secret and a hint saying where it came from (for 401 messages)."""
        request = SecretRequest(self.name, purpose, env_var)
        try:
            value = require_secret(self.secrets, request)
        except SecretError as error:
            raise CredentialsError(self.name, str(error)) from None
        return value, f"check the {purpose.value} in {held_in(self.secrets, request)}"

    def _token_auth(self, scheme: str) -> tuple[Auth, list[str]]:
        token, hint = self._secret(SecretPurpose.TOKEN, self.config.token_env)
        return StaticTokenAuth(scheme, token, hint), [token]

    def problem(self, invoice_id: str | None, number: str | None, reason: str) -> InvoiceProblem:
        """One invoice of this provider that cannot be used, and why (one line)."""
        return InvoiceProblem(self.name, self.kind.value, invoice_id, number, one_line(reason))

    def map_record(
        self,
        mapper: Callable[[T], Invoice],
        record: T,
        identity: tuple[str | None, str | None],
        where: str,
    ) -> Invoice | InvoiceProblem:
        """Map one wire record. An impossible value in it (a ``ValueError`` or
        ``ArithmeticError`` from the mapping) is that invoice's problem, named by its
        ``identity`` (id, number) and ``where`` it was read, not the provider's failure."""
        try:
            return mapper(record)
        except ProviderDataError:
            raise
        except (ValueError, ArithmeticError) as error:
            return self.problem(*identity, f"{where}: {error}")
