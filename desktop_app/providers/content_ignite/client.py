"""Content Ignite: the invoice list, then each invoice's detail for its line items.

The list takes no parameters and has no paging, so the date window is applied to it on our
side before any detail is fetched. Details are fetched concurrently but never more than
``detail_concurrency`` at once: Content Ignite "reserves the right to block" clients it
thinks abuse the API. ``success: false`` is a failure even with HTTP 200.

An id listed twice is one invoice, its first row kept (as Elevate and Versori
de-duplicate), so its detail is fetched once. An answer whose envelope is wrong fails the
fetch, as does a list the server fails on after its retries. One invoice that cannot be
used (its list row or detail breaks the schema or holds an impossible value, its detail
answers 404 because it was deleted after the list was read, or the server still fails on
its detail after the retries, with a 5xx or an answer that is not JSON) is reported as
that invoice's problem by its ``id``, and the other invoices are kept.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain import Invoice, InvoiceProblem
from desktop_app.providers.base import Batch, DateWindow, Progress, ProviderClient, gather_or_cancel
from desktop_app.providers.config import ProviderConfig, ProviderKind
from desktop_app.providers.content_ignite.mapping import to_invoice
from desktop_app.providers.content_ignite.wire import (
    DETAIL_ENVELOPE,
    DETAIL_RECORD,
    LIST_ENVELOPE,
    LIST_ROW,
    Detail,
    ListRow,
)
from desktop_app.providers.errors import (
    MalformedResponseError,
    ProviderDataError,
    ProviderHTTPError,
    ProviderReportedError,
)
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
from desktop_app.secrets import SecretSource

LIST_PATH = "/v1/billing/invoice"
_Listed = tuple[ListRow, dict[str, Any]]
_Detailed = tuple[Detail, dict[str, Any]]
DEFAULT_DETAIL_CONCURRENCY = 4


@dataclass(slots=True)
class _List:
    rows: list[_Listed] = field(default_factory=list)
    problems: list[InvoiceProblem] = field(default_factory=list)


class ContentIgniteClient(ProviderClient):
    kind = ProviderKind.CONTENT_IGNITE
    # Research notes 1.4: "back off on 429/403/5xx" (the 403 in ``blocked_advice``).
    retry_server_errors = True

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

    def blocked_advice(self, token_hint: str) -> str:
        """Content Ignite "reserves the right to block requests if we deem a client to be
        abusing the API" and publishes no error schema, so a 403 may be that block or the
        token's user not allowed to see billing: backed off and asked again (research
        notes 1.4, "back off on 429/403/5xx"), then both said, the block first. Said as
        the token refused alone, it sent the accountant to a token that may be fine."""
        return (
            f"{self.name} may block a client it deems to be abusing its API, and still "
            f"refused after backing off: try again later; if it still refuses then, "
            f"{token_hint}: its user may not be allowed to see billing"
        )

    async def _fetch(self, http: ProviderHttp, window: DateWindow, progress: Progress) -> Batch:
        listed = await self._list(http, window)
        wanted = [(row, raw) for row, raw in listed.rows if window.contains(row.date.date())]
        progress.listed(len(wanted))
        details = await self._details(http, [row for row, _ in wanted], progress)

        def invoice(pair: tuple[_Listed, _Detailed]) -> Invoice:
            (row, raw_row), (detail, raw_detail) = pair
            raw = {"list": raw_row, "detail": raw_detail}
            return to_invoice(
                row, detail, provider=self.name, direction=self.config.direction, raw=raw
            )

        batch = Batch(problems=listed.problems)
        for listed_row, detailed in zip(wanted, details, strict=True):
            if isinstance(detailed, InvoiceProblem):
                batch.add(detailed)
                continue
            identity = (str(listed_row[0].id), None)
            where = f"GET {LIST_PATH}/{listed_row[0].id}"
            batch.add(self.map_record(invoice, (listed_row, detailed), identity, where))
        return batch

    async def _list(self, http: ProviderHttp, window: DateWindow) -> _List:
        """The list's rows that are readable, and a problem for each one in the window
        that is not."""
        body = await self._get(http, LIST_PATH)
        validate_wire(LIST_ENVELOPE, body, provider=self.name, method="GET", path=LIST_PATH)
        listed = _List()
        results = body["results"]
        for index in unseen(results, set()):  # an id listed twice is one invoice
            raw = results[index]
            try:
                listed.rows.append((validate_record(LIST_ROW, raw), raw))
            except RecordSchemaError as error:
                if window.contains(raw_date(raw, "date")):
                    invoice_id = raw_text(raw, "id")
                    place = f"GET {LIST_PATH}" + ("" if invoice_id else f", row {index + 1}")
                    reason = f"{place}: its list row {error}"
                    listed.problems.append(self.problem(invoice_id, None, reason))
        return listed

    async def _details(
        self, http: ProviderHttp, rows: list[ListRow], progress: Progress
    ) -> list[_Detailed | InvoiceProblem]:
        gate = asyncio.Semaphore(self.detail_concurrency)
        done = 0

        async def one(row: ListRow) -> _Detailed | InvoiceProblem:
            nonlocal done
            async with gate:
                detail = await self._detail(http, row)
            done += 1
            progress.details(done, len(rows))
            return detail

        return await gather_or_cancel([one(row) for row in rows])

    async def _detail(self, http: ProviderHttp, row: ListRow) -> _Detailed | InvoiceProblem:
        path = f"{LIST_PATH}/{row.id}"
        try:
            body = await self._get(http, path)
        except ProviderHTTPError as error:
            if error.status == 404:
                # Listed, then gone: deleted (or voided away) between the two requests.
                reason = f"{error.detail}; it was listed, so it was probably deleted since"
                return self.problem(str(row.id), None, reason)
            if error.status is None or error.status < 500:
                raise  # refused (401/403), rate limited: the provider's, not the invoice's
            # The server failed on this invoice's request, after its retries: the others,
            # fetched, are kept (a nightly run lost every one of them, and its report).
            return self.problem(str(row.id), None, error.detail)
        except MalformedResponseError as error:
            # Its answer was not JSON, after its retries: this invoice alone is unread.
            return self.problem(str(row.id), None, error.detail)
        envelope = validate_wire(DETAIL_ENVELOPE, body, provider=self.name, method="GET", path=path)
        try:
            detail = validate_record(DETAIL_RECORD, envelope.result)
        except RecordSchemaError as error:
            return self.problem(str(row.id), None, f"GET {path}: its detail {error}")
        if detail.id != row.id:
            raise ProviderDataError(
                self.name,
                "GET",
                path,
                f"asked for invoice {row.id}, got invoice {detail.id}",
            )
        return detail, body["result"]

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
