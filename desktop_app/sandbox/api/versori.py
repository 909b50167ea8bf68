"""Versori ``GET /organisations/{organisation_id}/billing/invoices?from=&to=``.

With no query parameters the answer is the upcoming invoice alone. Otherwise ``to``
defaults to today and ``from`` to one calendar month before today, and every issued
invoice whose billing period overlaps ``[from, to]`` comes back, newest first, as a bare
array. Tokens are accepted with the ``JWT`` prefix (signing keys) or ``Bearer`` (API keys).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from desktop_app.sandbox.api.auth import presented_token, same_secret
from desktop_app.sandbox.data import VersoriData
from desktop_app.sandbox.data.common import add_months
from desktop_app.sandbox.errors import error_body
from desktop_app.sandbox.routing import Request, Response, Router, json_response

PROVIDER = "versori"
WINDOW_RULE = "from and to are YYYY-MM-DD dates, and from must not be after to"


class VersoriApi:
    def __init__(self, data: VersoriData, token: str, today: date) -> None:
        self._data = data
        self._token = token
        self._today = today
        # What ``/active-organisation`` answers as the id (``Sandbox.set_active_organisation_id``).
        self.active_id = data.organisation_id

    def register(self, router: Router) -> None:
        router.add(
            PROVIDER,
            "versori.invoices",
            "GET",
            r"/organisations/(?P<org>[^/]+)/billing/invoices/?",
            self.invoices,
        )
        router.add(
            PROVIDER, "versori.active_organisation", "GET", r"/active-organisation", self.active
        )

    def invoices(self, request: Request, match: re.Match[str]) -> Response:
        if (denied := self._check_auth(request)) is not None:
            return denied
        organisation = match.group("org")
        if organisation != self._data.organisation_id:
            return _error(404, f"organisation {organisation} not found")
        if not any(request.param(name) for name in ("from", "to")):
            return json_response(200, [self._data.upcoming])
        try:
            start, end = self._window(request)
        except ValueError as error:
            return _error(400, str(error), cause=WINDOW_RULE)
        return json_response(
            200, [inv for inv in self._data.invoices if _overlaps(inv, start, end)]
        )

    def active(self, request: Request, _match: re.Match[str]) -> Response:
        if (denied := self._check_auth(request)) is not None:
            return denied
        return json_response(200, {"id": self.active_id, "name": self._data.organisation_name})

    def _window(self, request: Request) -> tuple[date, date]:
        end = _parse_date("to", request.param("to")) or self._today
        start = _parse_date("from", request.param("from")) or add_months(self._today, -1)
        if start > end:
            raise ValueError(f"from ({start}) is after to ({end})")
        return start, end

    def _check_auth(self, request: Request) -> Response | None:
        if same_secret(presented_token(request, ("JWT", "Bearer")), self._token):
            return None
        return _error(401, "authentication required: send Authorization: JWT <token>")


def _parse_date(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"invalid {name} date {value!r}") from None


def _overlaps(invoice: dict[str, Any], start: date, end: date) -> bool:
    period_start = date.fromisoformat(invoice["invoiceStartDate"])
    period_end = date.fromisoformat(invoice["invoiceEndDate"])
    return period_start <= end and period_end >= start


def _error(status: int, message: str, *, cause: str | None = None) -> Response:
    body = error_body(PROVIDER, status, message)
    if cause is not None:
        body["cause"] = cause
    return json_response(status, body)
