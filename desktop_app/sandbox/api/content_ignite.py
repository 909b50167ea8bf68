"""Content Ignite ``/v1/billing/invoice`` (list) and ``/v1/billing/invoice/{id}`` (detail).

List and detail use different envelopes (``results`` vs ``result``) and different field
sets; both carry ``success``. No pagination: one call returns every invoice, newest first.
"""

from __future__ import annotations

import re

from desktop_app.sandbox.api.auth import presented_token, same_secret
from desktop_app.sandbox.data import ContentIgniteData
from desktop_app.sandbox.errors import error_body
from desktop_app.sandbox.routing import Request, Response, Router, json_response

PROVIDER = "content_ignite"


class ContentIgniteApi:
    def __init__(self, data: ContentIgniteData, token: str) -> None:
        self._data = data
        self._token = token

    def register(self, router: Router) -> None:
        router.add(PROVIDER, "content_ignite.list", "GET", r"/v1/billing/invoice/?", self.list)
        router.add(
            PROVIDER,
            "content_ignite.detail",
            "GET",
            r"/v1/billing/invoice/(?P<id>[^/]+)",
            self.detail,
        )

    def list(self, request: Request, _match: re.Match[str]) -> Response:
        if (denied := self._check_auth(request)) is not None:
            return denied
        return json_response(200, {"results": self._data.invoices, "success": True})

    def detail(self, request: Request, match: re.Match[str]) -> Response:
        if (denied := self._check_auth(request)) is not None:
            return denied
        raw_id = match.group("id")
        invoice = self._data.details.get(int(raw_id)) if raw_id.isdigit() else None
        if invoice is None:
            return json_response(404, error_body(PROVIDER, 404, f"Invoice {raw_id} not found"))
        return json_response(200, {"result": invoice, "success": True})

    def _check_auth(self, request: Request) -> Response | None:
        if same_secret(presented_token(request, ("Bearer",)), self._token):
            return None
        return json_response(
            401,
            error_body(PROVIDER, 401, "Unauthorised: a valid Bearer token is required"),
            WWW_Authenticate="Bearer",
        )
