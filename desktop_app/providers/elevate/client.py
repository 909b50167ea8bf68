"""Elevate: ``GET /invoices`` page by page, with a fixed token or a renewed login.

Pages are ``pageSize`` rows (1000, the documented maximum, by default) sorted by ``id``, so
new invoices (higher ids) land behind the reader. The only end-of-list signal is a short
or empty page, so a list that is an exact multiple of the page size ends with one empty
page; a page that is the page before it again means the server ignores paging, and the
fetch stops with an error instead of looping. Rows can still appear ahead of the reader
(an older invoice entering the date filter): every row behind shifts one place on, so an
id already read comes back on a later page while the new row, behind the reader, is never
seen. That repeat is the sign: the reading is dropped and the list read again from page 1,
up to ``list_restarts`` times, and a list that never holds still fails the provider rather
than return a silently short list. (Rows vanishing ahead of the reader would skip rows
without a repeat; Elevate voids and writes off invoices rather than delete them.) How to send two bounds on one date filter is not
documented, so ``invoiceDate=gt:<start - 1 day>`` goes to the server and the end of the
window is applied here. A page that is not an array fails the fetch; a row that breaks its
schema or holds an impossible value is reported as that invoice's problem, by its ``id``
and ``invoiceNumber``, and the page's other rows are kept.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from desktop_app.domain import Invoice
from desktop_app.providers.base import Batch, DateWindow, Progress, ProviderClient
from desktop_app.providers.config import DEFAULT_BASE_URLS, ProviderConfig, ProviderKind
from desktop_app.providers.elevate.auth import (
    AUTHENTICATE_PATH,
    DEFAULT_TOKEN_LIFETIME,
    ElevateLogin,
)
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
#: Readings of the whole list after the first, when it shifted while it was read.
DEFAULT_LIST_RESTARTS = 3
log = logging.getLogger(__name__)
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
        list_restarts: int = DEFAULT_LIST_RESTARTS,
    ) -> None:
        super().__init__(config, secrets, policy=policy)
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(
                f"Elevate pageSize must be between 1 and {MAX_PAGE_SIZE}, not {page_size}"
            )
        if list_restarts < 0:
            raise ValueError("list_restarts must not be negative")
        self.page_size = page_size
        self.list_restarts = list_restarts
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

    def not_found_advice(self, method: str, path: str, address: str) -> str:
        """A login's 404 (``POST /authenticate``, the first request of one who logs
        in) is documented among that endpoint's answers, and Elevate's address is the
        "API Endpoint URL" its support gives (its guides show more than one host): the
        address first, against that, then brand and username. The invoice list, asked
        first with a token, is a plain path below the address: the default advice."""
        if path != AUTHENTICATE_PATH:
            return super().not_found_advice(method, path, address)
        documented = DEFAULT_BASE_URLS[self.kind]
        return (
            f"check base_url {address}: is it the API Endpoint URL Elevate support gave? The "
            f"documented one ends in {urlsplit(documented).path.rstrip('/')}, like "
            f"{documented}. If it is, check brand and username: Elevate documents a 404 "
            "from its login too"
        )

    def query(self, window: DateWindow, page: int) -> dict[str, str | int]:
        params: dict[str, str | int] = {"page": page, "pageSize": self.page_size, "sort": "id"}
        if window.start is not None:
            params["invoiceDate"] = f"gt:{(window.start - timedelta(days=1)).isoformat()}"
        return params

    async def _fetch(self, http: ProviderHttp, window: DateWindow, progress: Progress) -> Batch:
        """Read the list; when it shifted under the reader, read it again from page 1."""
        for restart in range(self.list_restarts + 1):
            batch = await self._read_list(http, window, progress)
            if batch is not None:
                return batch
            if restart < self.list_restarts:
                log.info(
                    "%s: GET %s: reading the list again from page 1 (restart %d of %d)",
                    self.name,
                    INVOICES_PATH,
                    restart + 1,
                    self.list_restarts,
                )
        raise self._kept_shifting()

    async def _read_list(
        self, http: ProviderHttp, window: DateWindow, progress: Progress
    ) -> Batch | None:
        """Page through once, or None when the list shifted while it was read.

        Each page is validated and mapped on a worker thread while the next page is being
        fetched, so the CPU work overlaps the network (and other providers). Offset paging
        over a list that gains rows ahead of the page being read pushes rows already read
        onto the next page, and the new rows, behind the reader, are never seen: a page that
        repeats an id of an earlier page is that sign, and the pass is abandoned.
        """
        seen: set[int] = set()
        pages: list[asyncio.Future[Batch]] = []
        previous: list[Any] = []
        try:
            page = 1
            while True:
                rows = await self._page(http, window, page)
                if page > 1 and rows and _ids(rows) == _ids(previous):
                    raise self._paging_ignored(page)
                repeated = _repeated(rows, seen)
                if repeated:
                    log.info(
                        "%s: GET %s: %d invoice(s) of earlier pages came back, ids %s: the "
                        "list shifted while it was read, so invoices added ahead may be missed",
                        self.name,
                        _path(page),
                        len(repeated),
                        ", ".join(map(str, repeated[:5])),
                    )
                    await asyncio.gather(*pages, return_exceptions=True)
                    return None
                fresh = unseen(rows, seen)
                pages.append(
                    asyncio.ensure_future(
                        asyncio.to_thread(self._page_invoices, rows, fresh, window, page)
                    )
                )
                progress.page(page, len(seen))
                if len(rows) < self.page_size:
                    break
                previous = rows
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

    def _kept_shifting(self) -> ProviderResponseError:
        passes = self.list_restarts + 1
        return ProviderResponseError(
            self.name,
            "GET",
            INVOICES_PATH,
            f"the invoice list kept changing while it was read: on each of {passes} "
            "readings, invoices already read came back on a later page because others were "
            "added ahead of them, so some invoices would be missing; nothing from this "
            "provider is used: try again when the account is quieter",
        )

    def _paging_ignored(self, page: int) -> ProviderResponseError:
        return ProviderResponseError(
            self.name,
            "GET",
            f"{INVOICES_PATH}?page={page}",
            f"page {page} holds only invoices already seen: the server ignores paging, "
            "so the fetch stops instead of looping",
        )


def _ids(rows: list[Any]) -> list[Any]:
    return [row.get("id") if isinstance(row, dict) else None for row in rows]


def _repeated(rows: list[Any], seen: set[int]) -> list[int]:
    """Integer ids on this page that an earlier page of the same reading already held."""
    return [
        identifier
        for identifier in _ids(rows)
        if isinstance(identifier, int) and not isinstance(identifier, bool) and identifier in seen
    ]


def _path(page: int) -> str:
    return f"{INVOICES_PATH} (page {page})"


def _identify(raw: Any) -> tuple[str | None, str | None]:
    """A row's ``id`` and ``invoiceNumber``, as far as they are readable."""
    return raw_text(raw, "id"), raw_text(raw, "invoiceNumber")
