"""Elevate: ``GET /invoices`` page by page, with a fixed token or a renewed login.

Pages are ``pageSize`` rows (1000, the documented maximum, by default) sorted by ``id`` so
rows neither repeat nor go missing while data changes. The only end-of-list signal is a
short or empty page, so a list that is an exact multiple of the page size ends with one
empty page; a full page of nothing new means the server ignores paging, and the fetch
stops with an error instead of looping. How to send two bounds on one date filter is not
documented, so ``invoiceDate=gt:<start - 1 day>`` goes to the server and the end of the
window is applied here. A page that is not an array fails the fetch; a row that breaks its
schema or holds an impossible value is reported as that invoice's problem, by its ``id``
and ``invoiceNumber``, and the page's other rows are kept.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from desktop_app.domain import Invoice
from desktop_app.providers.base import Batch, DateWindow, Progress, ProviderClient
from desktop_app.providers.config import ProviderConfig, ProviderKind
from desktop_app.providers.elevate.auth import DEFAULT_TOKEN_LIFETIME, ElevateLogin
from desktop_app.providers.elevate.mapping import to_invoice
from desktop_app.providers.elevate.wire import INVOICE, INVOICES, ElevateInvoice
from desktop_app.providers.errors import ProviderResponseError
from desktop_app.providers.http_client import Auth, ProviderHttp
from desktop_app.providers.policy import HttpPolicy
from desktop_app.providers.wire import (
    RecordSchemaError,
    raw_date,
    raw_text,
    unseen,
    validate_record,
    validate_wire,
)
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

    async def _fetch(self, http: ProviderHttp, window: DateWindow, progress: Progress) -> Batch:
        """Page through; each page is validated and mapped on a worker thread while the next
        page is being fetched, so the CPU work overlaps the network (and other providers)."""
        seen: set[int] = set()
        pages: list[asyncio.Future[Batch]] = []
        try:
            page = 1
            while True:
                rows = await self._page(http, window, page)
                fresh = unseen(rows, seen)
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
            batch = Batch()
            for mapped in pages:
                batch.extend(await mapped)
            return batch
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
    ) -> Batch:
        """Validate and map each new row by itself, keeping those in the window."""
        where = f"GET {_path(page)}"

        def invoice(row: _Row) -> Invoice:
            record, raw = row
            return to_invoice(
                record,
                provider=self.name,
                currency=self.config.currency,
                direction=self.config.direction,
                raw=raw,
            )

        batch = Batch()
        for index in fresh:
            raw = rows[index]
            try:
                record = validate_record(INVOICE, raw)
            except RecordSchemaError as error:
                if window.contains(raw_date(raw, "invoiceDate")):
                    invoice_id, number = _identify(raw)
                    place = where if invoice_id else f"{where}, row {index + 1}"
                    batch.problems.append(self.problem(invoice_id, number, f"{place}: {error}"))
                continue
            if window.contains(record.invoiceDate):
                batch.add(self.map_record(invoice, (record, raw), _identify(raw), where))
        return batch

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


def _identify(raw: Any) -> tuple[str | None, str | None]:
    """A row's ``id`` and ``invoiceNumber``, as far as they are readable."""
    return raw_text(raw, "id"), raw_text(raw, "invoiceNumber")
