"""Elevate: ``GET /invoices`` page by page, with a fixed token or a renewed login.

Pages are ``pageSize`` rows (1000, the documented maximum, by default) sorted by ``id`` so
rows neither repeat nor go missing while data changes. The only end-of-list signal is a
short or empty page, so a list that is an exact multiple of the page size ends with one
empty page; a full page of nothing new means the server ignores paging, and the fetch
stops with an error instead of looping. How to send two bounds on one date filter is not
documented, so ``invoiceDate=gt:<start - 1 day>`` goes to the server and the end of the
window is applied here.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from desktop_app.domain import Invoice
from desktop_app.providers.base import DateWindow, Progress, ProviderClient
from desktop_app.providers.config import ProviderConfig, ProviderKind
from desktop_app.providers.elevate.auth import DEFAULT_TOKEN_LIFETIME, ElevateLogin
from desktop_app.providers.elevate.mapping import to_invoice
from desktop_app.providers.elevate.wire import INVOICES, ElevateInvoice
from desktop_app.providers.errors import ProviderResponseError
from desktop_app.providers.http_client import Auth, ProviderHttp
from desktop_app.providers.policy import HttpPolicy
from desktop_app.providers.wire import validate_wire
from desktop_app.secrets import SecretPurpose, SecretSource

INVOICES_PATH = "/invoices"
MAX_PAGE_SIZE = 1000
_Row = tuple[ElevateInvoice, dict[str, Any]]


class ElevateClient(ProviderClient):
    kind = ProviderKind.ELEVATE

    def __init__(
        self,
        config: ProviderConfig,
        secrets: SecretSource | None = None,
        *,
        policy: HttpPolicy | None = None,
        page_size: int = MAX_PAGE_SIZE,
        token_lifetime: float = DEFAULT_TOKEN_LIFETIME,
    ) -> None:
        super().__init__(config, secrets, policy=policy)
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(
                f"Elevate pageSize must be between 1 and {MAX_PAGE_SIZE}, not {page_size}"
            )
        self.page_size = page_size
        self.token_lifetime = token_lifetime
        self.login: ElevateLogin | None = None

    def _auth(self) -> tuple[Auth, list[str]]:
        if not self.config.logs_in:
            return self._token_auth("Bearer")
        password, hint = self._secret(SecretPurpose.PASSWORD, self.config.password_env)
        assert self.config.brand is not None
        assert self.config.username is not None
        self.login = ElevateLogin(
            self.config.brand,
            self.config.username,
            password,
            hint.replace("check the password", "check brand, username and the password"),
            default_lifetime=self.token_lifetime,
        )
        return self.login, [password]

    def query(self, window: DateWindow, page: int) -> dict[str, str | int]:
        params: dict[str, str | int] = {"page": page, "pageSize": self.page_size, "sort": "id"}
        if window.start is not None:
            params["invoiceDate"] = f"gt:{(window.start - timedelta(days=1)).isoformat()}"
        return params

    async def _fetch(
        self, http: ProviderHttp, window: DateWindow, progress: Progress
    ) -> list[Invoice]:
        """Page through; each page is validated and mapped on a worker thread while the next
        page is being fetched, so the CPU work overlaps the network (and other providers)."""
        seen: set[int] = set()
        pages: list[asyncio.Future[list[Invoice]]] = []
        try:
            page = 1
            while True:
                rows = await self._page(http, window, page)
                fresh = _fresh_rows(rows, seen)
                pages.append(
                    asyncio.ensure_future(
                        asyncio.to_thread(self._page_invoices, rows, fresh, window, page)
                    )
                )
                progress.page(page, len(seen))
                if len(rows) < self.page_size:
                    break
                if not fresh:
                    raise self._paging_ignored(page)
                page += 1
            return [invoice for mapped in pages for invoice in await mapped]
        except BaseException:
            await asyncio.gather(*pages, return_exceptions=True)  # let worker threads finish
            raise

    async def _page(self, http: ProviderHttp, window: DateWindow, page: int) -> list[Any]:
        body = await http.get_json(INVOICES_PATH, params=self.query(window, page))
        if not isinstance(body, list):  # let the schema say what was expected
            validate_wire(INVOICES, body, provider=self.name, method="GET", path=_path(page))
        return list(body)

    def _page_invoices(
        self, rows: list[Any], fresh: list[int], window: DateWindow, page: int
    ) -> list[Invoice]:
        records = validate_wire(INVOICES, rows, provider=self.name, method="GET", path=_path(page))
        wanted = [
            (records[index], rows[index])
            for index in fresh
            if window.contains(records[index].invoiceDate)
        ]

        def invoice(row: _Row) -> Invoice:
            record, raw = row
            return to_invoice(
                record,
                provider=self.name,
                currency=self.config.currency,
                direction=self.config.direction,
                raw=raw,
            )

        return self.map_records(wanted, invoice, lambda row: f"invoice {row[0].id}", _path(page))

    def _paging_ignored(self, page: int) -> ProviderResponseError:
        return ProviderResponseError(
            self.name,
            "GET",
            f"{INVOICES_PATH}?page={page}",
            f"page {page} holds only invoices already seen: the server ignores paging, "
            "so the fetch stops instead of looping",
        )


def _path(page: int) -> str:
    return f"{INVOICES_PATH} (page {page})"


def _fresh_rows(rows: list[Any], seen: set[int]) -> list[int]:
    """Indexes of rows not seen on an earlier page (de-duplicated by ``id``).

    A row without an integer id is kept: validation will name the problem.
    """
    fresh = []
    for index, row in enumerate(rows):
        identifier = row.get("id") if isinstance(row, dict) else None
        if not isinstance(identifier, int) or isinstance(identifier, bool):
            fresh.append(index)
        elif identifier not in seen:
            seen.add(identifier)
            fresh.append(index)
    return fresh
