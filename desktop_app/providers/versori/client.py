"""Versori: one request for the organisation's invoices in a date window.

``from`` and ``to`` are always sent: without them the API answers with only the upcoming
(unissued) invoice and no error, so a client that forgot would silently see one invoice.
The API returns every invoice whose billing period overlaps the window; each is kept only
if its period ends inside the window (the period end stands in for the issue date Versori
does not give), so consecutive windows never return the same invoice twice. The token goes
as ``Authorization: JWT <token>`` (signing-key JWTs, Versori's current scheme) unless the
config asks for ``Bearer`` (legacy API keys). An answer that is not an array fails the
fetch; one invoice that breaks its schema or holds an impossible ``MonetaryValue`` is
reported as that invoice's problem (by its ``invoiceURL``) and the others are kept.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from desktop_app.domain import Invoice
from desktop_app.providers.base import Batch, DateWindow, Progress, ProviderClient
from desktop_app.providers.config import ProviderConfig, ProviderKind
from desktop_app.providers.http_client import Auth, ProviderHttp
from desktop_app.providers.policy import HttpPolicy
from desktop_app.providers.versori.mapping import invoice_id, to_invoice
from desktop_app.providers.versori.wire import INVOICE, ROWS, VersoriInvoice
from desktop_app.providers.wire import (
    RecordSchemaError,
    raw_date,
    raw_text,
    validate_record,
    validate_wire,
)
from desktop_app.secrets import SecretSource

#: ``from`` when the caller gives no start: before any Versori billing existed.
EARLIEST = date(2015, 1, 1)


class VersoriClient(ProviderClient):
    kind = ProviderKind.VERSORI

    def __init__(
        self,
        config: ProviderConfig,
        secrets: SecretSource | None = None,
        *,
        policy: HttpPolicy | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(config, secrets, policy=policy)
        if not config.organisation_id:
            raise ValueError(f"{config.name}: Versori needs an organisation_id")
        self.organisation_id = config.organisation_id
        self._today = today

    def _auth(self) -> tuple[Auth, list[str]]:
        return self._token_auth(self.config.auth_scheme)

    def not_found_advice(self, method: str, path: str, address: str) -> str:
        """The only request names the organisation in its path: an id Versori does not
        know is a 404 at the right address (its documents give every error as one
        ``Error``, so the answer does not tell the two apart), and organisation_id, typed
        by hand, is the likelier mistake of the two: named first, then the address."""
        return (
            f"check organisation_id {self.organisation_id} first: Versori answers 404 for "
            "an organisation it does not know, as for a wrong address; is it mistyped? If it "
            f"is right, check base_url {address}: {self.wrong_path_advice()}"
        )

    def path(self) -> str:
        return f"/organisations/{quote(self.organisation_id, safe='')}/billing/invoices"

    def query(self, window: DateWindow) -> dict[str, str | int]:
        """Both bounds, always: the API's defaults would return only the upcoming invoice."""
        end = window.end or self._today or date.today()
        start = window.start or min(EARLIEST, end)
        return {"from": start.isoformat(), "to": end.isoformat()}

    async def _fetch(self, http: ProviderHttp, window: DateWindow, progress: Progress) -> Batch:
        path = self.path()
        body = await http.get_json(path, params=self.query(window))
        rows = validate_wire(ROWS, body, provider=self.name, method="GET", path=path)
        progress.page(1, len(rows))
        batch = Batch()
        unique: dict[str, tuple[VersoriInvoice, dict[str, Any]]] = {}
        for index, raw in enumerate(rows):
            try:
                record = validate_record(INVOICE, raw)
            except RecordSchemaError as error:
                if window.contains(raw_date(raw, "invoiceEndDate")):
                    url = raw_text(raw, "invoiceURL")
                    place = f"GET {path}" if url else f"GET {path}, {_placed(raw, index)}"
                    batch.add(self.problem(url, None, f"{place}: {error}"))
                continue
            if window.contains(record.invoiceEndDate):
                key = invoice_id(record, self.organisation_id)
                unique.setdefault(key, (record, raw if isinstance(raw, dict) else {}))

        def invoice(pair: tuple[VersoriInvoice, dict[str, Any]]) -> Invoice:
            record, raw = pair
            return to_invoice(
                record,
                provider=self.name,
                organisation_id=self.organisation_id,
                direction=self.config.direction,
                raw=raw,
            )

        for key, pair in unique.items():
            batch.add(self.map_record(invoice, pair, (key, None), f"GET {path}"))
        return batch


def _placed(raw: Any, index: int) -> str:
    """Where a record without a usable ``invoiceURL`` sits, and its period when readable."""
    start, end = raw_date(raw, "invoiceStartDate"), raw_date(raw, "invoiceEndDate")
    period = f" (period {start.isoformat()} to {end.isoformat()})" if start and end else ""
    return f"row {index + 1}{period}"
