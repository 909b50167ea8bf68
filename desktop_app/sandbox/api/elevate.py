"""Elevate ``POST /authenticate`` and ``GET /invoices`` (API v1.21).

Tokens from ``/authenticate`` live ``ttl`` seconds (15 minutes by default); an expired or
unknown token gets 401. ``/invoices`` answers a bare array; the end of the data shows only
as a short or empty page.

``shift_list`` makes the list move under a reader, as a live tenant's does: before the
next few requests for a page after the first, new invoices appear at the head of the id
order (an older invoice entering the filter, say), so an offset reader that already
passed them would never see them, and sees rows again that it read on the page before.
"""

from __future__ import annotations

import copy
import json
import re
import threading

from desktop_app.sandbox.api.auth import presented_token, same_secret
from desktop_app.sandbox.api.elevate_query import QueryError, run_query
from desktop_app.sandbox.api.elevate_tokens import ElevateTokens
from desktop_app.sandbox.credentials import Credentials
from desktop_app.sandbox.data import ElevateData
from desktop_app.sandbox.errors import error_body
from desktop_app.sandbox.routing import Request, Response, Router, json_response

PROVIDER = "elevate"


class ElevateApi:
    def __init__(self, data: ElevateData, credentials: Credentials, tokens: ElevateTokens) -> None:
        self._data = data
        self._credentials = credentials
        self.tokens = tokens
        self._lock = threading.Lock()
        self._shift_rows = 0
        self._shifts_left = 0
        self._inserted = 0
        self.ignore_paging = False  # a server that answers every page with the first

    def shift_list(self, rows: int, times: int) -> None:
        """Before each of the next ``times`` requests for page 2 or later, insert ``rows``
        new invoices ahead of every existing one in id order (also in the dataset, which
        stays the truth of what the list holds)."""
        if rows < 1 or times < 0:
            raise ValueError(f"rows must be at least 1 and times not negative, got {rows}, {times}")
        with self._lock:
            self._shift_rows, self._shifts_left = rows, times

    def _snapshot(self, request: Request) -> list[dict[str, object]]:
        """The list as this request sees it, shifted first when a shift is due."""
        with self._lock:
            page = request.param("page")
            if self._shifts_left and page is not None and page.isdigit() and int(page) >= 2:
                self._shifts_left -= 1
                for _ in range(self._shift_rows):
                    self._insert_at_head()
            return list(self._data.invoices)

    def _insert_at_head(self) -> None:
        head = self._data.invoices[0]
        self._inserted += 1
        row = copy.deepcopy(head)
        row["id"] = head["id"] - 1
        row["invoiceNumber"] = f"{head['invoiceNumber']}-L{self._inserted}"
        self._data.invoices.insert(0, row)

    def register(self, router: Router) -> None:
        router.add(PROVIDER, "elevate.authenticate", "POST", r"/authenticate", self.authenticate)
        router.add(PROVIDER, "elevate.invoices", "GET", r"/invoices/?", self.invoices)

    def authenticate(self, request: Request, _match: re.Match[str]) -> Response:
        try:
            body = json.loads(request.body or b"null")
        except ValueError:
            return _error(400, "Request body is not valid JSON")
        if not isinstance(body, dict) or not all(
            isinstance(body.get(k), str) for k in ("brand", "username", "password")
        ):
            return _error(400, "brand, username and password are required")
        if not self._known_user(body["brand"], body["username"], body["password"]):
            return _error(401, "Bad credentials")
        return json_response(
            200, {"token": self.tokens.issue(body["username"]), "username": body["username"]}
        )

    def invoices(self, request: Request, _match: re.Match[str]) -> Response:
        if not self.tokens.is_valid(presented_token(request, ("Bearer",))):
            return _error(
                401, "Full authentication is required: the token is missing, expired or unknown"
            )
        query = request.query
        if self.ignore_paging:
            query = {**query, "page": ["1"]}
        try:
            rows = run_query(self._snapshot(request), query)
        except QueryError as error:
            return _error(400, str(error))
        return json_response(200, rows)

    def _known_user(self, brand: str, username: str, password: str) -> bool:
        creds = self._credentials
        return (
            brand == creds.elevate_brand
            and username == creds.elevate_username
            and same_secret(password, creds.elevate_password)
        )


def _error(status: int, message: str) -> Response:
    return json_response(status, error_body(PROVIDER, status, message))
