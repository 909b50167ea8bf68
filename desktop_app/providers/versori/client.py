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

A 404 from the invoices reads the same for a wrong address and for an organisation id
Versori does not know, so the client then asks ``GET /active-organisation`` once (the
token's own organisation, needing no id; same connection, token and retry policy) and
words the 404's advice from its answer: another id (the configured one is not the
token's: both named), the same id (the organisation exists: the invoices path is what
was not found), or nothing usable there either (the address is wrong). When that
question fails otherwise (refused, no connection), the 404 keeps its first advice. The
token is never quoted in that advice: an organisation id holding it (pasted into the wrong
field) is said to, and an answer echoing it is taken for no organisation id at all.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from pydantic import ValidationError

from desktop_app.domain import Invoice
from desktop_app.providers.base import Batch, DateWindow, Progress, ProviderClient
from desktop_app.providers.config import ProviderConfig, ProviderKind
from desktop_app.providers.errors import (
    AuthenticationError,
    MalformedResponseError,
    ProviderHTTPError,
    ProviderRequestError,
    one_line,
)
from desktop_app.providers.http_client import Auth, ProviderHttp
from desktop_app.providers.policy import HttpPolicy
from desktop_app.providers.versori.mapping import invoice_id, to_invoice
from desktop_app.providers.versori.wire import (
    ACTIVE_ORGANISATION,
    INVOICE,
    ROWS,
    VersoriInvoice,
)
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
#: The token's own organisation: asked only to explain a 404 from the invoices.
ACTIVE_ORGANISATION_PATH = "/active-organisation"
#: How much of an id the provider answers with a message quotes (a ULID has 26 characters).
_SHOWN_ID = 60


class VersoriClient(ProviderClient):
    kind = ProviderKind.VERSORI
    # Research notes 2.4: no rate limit is documented; "ordinary exponential backoff on
    # 429/5xx", and gateway pages that are not JSON are to be coped with.
    retry_server_errors = True

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
        try:
            body = await http.get_json(path, params=self.query(window))
        except ProviderHTTPError as error:
            if error.status != 404 or isinstance(error, AuthenticationError):
                raise
            advice = await self._advice_after_not_found(http)
            if advice is None:
                raise
            raise error.with_hint(advice) from None
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

    async def _advice_after_not_found(self, http: ProviderHttp) -> str | None:
        """What to check after the invoices answered 404, from what ``GET
        /active-organisation`` (which names no organisation) answers at the same address,
        or None when it gives no answer to go by (refused, throttled, no connection, a
        server failing): the 404 then keeps ``not_found_advice``, which names both
        suspects. Versori's only request is the invoices, so this 404 is always the
        fetch's first answer: nothing has yet shown the address right. Redacted as the
        HTTP layer's own advice is: the id quoted is the provider's text."""
        advice = await self._active_organisation_advice(http)
        return None if advice is None else http.redactor(advice)

    async def _active_organisation_advice(self, http: ProviderHttp) -> str | None:
        try:
            body = await http.get_json(ACTIVE_ORGANISATION_PATH)
        except MalformedResponseError:
            return self._wrong_address(http.address, "answered with something other than JSON")
        except ProviderHTTPError as error:
            if error.status == 404 and not isinstance(error, AuthenticationError):
                return self._wrong_address(http.address, "found nothing")
            return None
        except ProviderRequestError:
            return None
        try:
            active = ACTIVE_ORGANISATION.validate_python(body).id.strip()
        except ValidationError:
            active = ""
        if not active:
            return self._wrong_address(http.address, "answered with no organisation id")
        if http.redactor.holds(active):
            # A server echoing the token where the id goes: no id Versori gives. Hidden
            # before any cut (cut first, the token's start was quoted, twice).
            return self._wrong_address(
                http.address,
                "answered with this provider's token (not shown) for its organisation id",
            )
        return self._organisation_advice(active, http)

    def _organisation_advice(self, active: str, http: ProviderHttp) -> str:
        """The advice once Versori named the token's organisation ``active``: the
        configured id is another (named both, and where to change it), or it is the same
        and the organisation exists, so the invoices path is what was not found. An id
        that holds the token (pasted into the field beside the token's) is said to, not
        named: named, it read "[redacted] is not this token's organisation … use a token
        of organisation [redacted]"."""
        configured = self.organisation_id
        address = http.address
        if active == configured:
            return (
                f"organisation_id {configured} is right: GET {ACTIVE_ORGANISATION_PATH} answers "
                "with it, so Versori knows the organisation and did not find its invoices at "
                f"that path; base_url {address} may be another Versori API's, or not serve "
                f"billing: {self.wrong_path_advice()}"
            )
        shown = one_line(active, _SHOWN_ID)
        to_set = (
            f'set organisation_id = "{shown}" in this provider\'s providers.toml entry '
            "(Organisation id under Settings)"
        )
        if http.redactor.holds(configured):
            return (
                "organisation_id holds this provider's token (not shown), not an "
                f"organisation id: GET {ACTIVE_ORGANISATION_PATH} answers {shown}; {to_set}"
            )
        case = (
            " (they differ only in letter case, which Versori does not ignore)"
            if active.casefold() == configured.casefold()
            else ""
        )
        return (
            f"organisation_id {configured} is not this token's organisation: GET "
            f"{ACTIVE_ORGANISATION_PATH} answers {shown}{case}; {to_set}, or use a token of "
            f"organisation {configured}"
        )

    def _wrong_address(self, address: str, answered: str) -> str:
        """The advice when ``GET /active-organisation`` ``answered`` (found nothing, …)
        at ``address`` too: not Versori's API there, whatever the organisation."""
        return (
            f"check base_url {address}: GET {ACTIVE_ORGANISATION_PATH}, which names no "
            f"organisation, {answered} there too, so the address is the likelier mistake; "
            f"{self.wrong_path_advice()}"
        )


def _placed(raw: Any, index: int) -> str:
    """Where a record without a usable ``invoiceURL`` sits, and its period when readable."""
    start, end = raw_date(raw, "invoiceStartDate"), raw_date(raw, "invoiceEndDate")
    period = f" (period {start.isoformat()} to {end.isoformat()})" if start and end else ""
    return f"row {index + 1}{period}"
