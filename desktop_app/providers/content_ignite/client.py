"""Content Ignite: the invoice list, then each invoice's detail for its line items.

The list takes no parameters and has no paging, so the date window is applied to it on our
side before any detail is fetched. Details are fetched concurrently but never more than
``detail_concurrency`` at once: Content Ignite "reserves the right to block" clients it
thinks abuse the API. ``success: false`` is a failure even with HTTP 200.
"""

from __future__ import annotations

import asyncio
from typing import Any

from desktop_app.domain import Invoice
from desktop_app.providers.base import DateWindow, Progress, ProviderClient, gather_or_cancel
from desktop_app.providers.config import ProviderConfig, ProviderKind
from desktop_app.providers.content_ignite.mapping import to_invoice
from desktop_app.providers.content_ignite.wire import DETAIL, LIST, Detail, ListRow
from desktop_app.providers.errors import ProviderDataError, ProviderReportedError
from desktop_app.providers.http_client import Auth, ProviderHttp
from desktop_app.providers.policy import HttpPolicy
from desktop_app.providers.wire import validate_wire
from desktop_app.secrets import SecretSource

LIST_PATH = "/v1/billing/invoice"
_Listed = tuple[ListRow, dict[str, Any]]
_Detailed = tuple[Detail, dict[str, Any]]
DEFAULT_DETAIL_CONCURRENCY = 4


class ContentIgniteClient(ProviderClient):
    kind = ProviderKind.CONTENT_IGNITE

    def __init__(
        self,
        config: ProviderConfig,
        secrets: SecretSource | None = None,
        *,
        policy: HttpPolicy | None = None,
        detail_concurrency: int = DEFAULT_DETAIL_CONCURRENCY,
    ) -> None:
        super().__init__(config, secrets, policy=policy)
        if detail_concurrency < 1:
            raise ValueError("detail_concurrency must be at least 1")
        self.detail_concurrency = detail_concurrency

    def _auth(self) -> tuple[Auth, list[str]]:
        return self._token_auth("Bearer")

    async def _fetch(
        self, http: ProviderHttp, window: DateWindow, progress: Progress
    ) -> list[Invoice]:
        listed = await self._list(http)
        wanted = [(row, raw) for row, raw in listed if window.contains(row.date.date())]
        progress.listed(len(wanted))
        details = await self._details(http, [row for row, _ in wanted], progress)

        def invoice(pair: tuple[_Listed, _Detailed]) -> Invoice:
            (row, raw_row), (detail, raw_detail) = pair
            raw = {"list": raw_row, "detail": raw_detail}
            return to_invoice(
                row, detail, provider=self.name, direction=self.config.direction, raw=raw
            )

        return self.map_records(
            zip(wanted, details, strict=True),
            invoice,
            lambda pair: f"invoice {pair[0][0].id}",
            LIST_PATH,
        )

    async def _list(self, http: ProviderHttp) -> list[_Listed]:
        body = await self._get(http, LIST_PATH)
        envelope = validate_wire(LIST, body, provider=self.name, method="GET", path=LIST_PATH)
        return list(zip(envelope.results, body["results"], strict=True))

    async def _details(
        self, http: ProviderHttp, rows: list[ListRow], progress: Progress
    ) -> list[_Detailed]:
        gate = asyncio.Semaphore(self.detail_concurrency)
        done = 0

        async def one(row: ListRow) -> _Detailed:
            nonlocal done
            async with gate:
                detail = await self._detail(http, row)
            done += 1
            progress.details(done, len(rows))
            return detail

        return await gather_or_cancel([one(row) for row in rows])

    async def _detail(self, http: ProviderHttp, row: ListRow) -> _Detailed:
        path = f"{LIST_PATH}/{row.id}"
        body = await self._get(http, path)
        envelope = validate_wire(DETAIL, body, provider=self.name, method="GET", path=path)
        if envelope.result.id != row.id:
            raise ProviderDataError(
                self.name,
                "GET",
                path,
                f"asked for invoice {row.id}, got invoice {envelope.result.id}",
            )
        return envelope.result, body["result"]

    async def _get(self, http: ProviderHttp, path: str) -> Any:
        """GET and check the ``success`` flag every Content Ignite answer carries."""
        body = await http.get_json(path)
        if isinstance(body, dict) and body.get("success") is False:
            message = body.get("message") or body.get("error") or "no message"
            raise ProviderReportedError(
                self.name,
                "GET",
                path,
                "HTTP 200 but the answer says success: false",
                provider_message=http.redactor(str(message)),
            )
        return body
