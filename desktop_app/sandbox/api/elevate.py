"""Elevate ``POST /authenticate`` and ``GET /invoices`` (API v1.21).

Tokens from ``/authenticate`` live ``ttl`` seconds (15 minutes by default); an expired or
unknown token gets 401. ``/invoices`` answers a bare array; the end of the data shows only
as a short or empty page.
"""

from __future__ import annotations

import json
import re

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
        try:
            rows = run_query(self._data.invoices, request.query)
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
