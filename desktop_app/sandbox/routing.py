"""Requests, responses and the table that maps a method and path to a provider handler."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.sandbox.wire import JsonValue, WireEncoder


@dataclass(frozen=True)
class Request:
    """One parsed HTTP request, independent of ``http.server`` so handlers stay testable."""

    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]
    body: bytes = b""

    def param(self, name: str) -> str | None:
        """The first value of query parameter ``name``, or None when absent."""
        values = self.query.get(name)
        return values[0] if values else None

    def header(self, name: str) -> str | None:
        """A header value looked up case-insensitively."""
        wanted = name.lower()
        for key, value in self.headers.items():
            if key.lower() == wanted:
                return value
        return None


@dataclass
class Response:
    """A response whose JSON payload stays inspectable until it is written.

    Keeping the payload (not bytes) lets the fault injector break a copy of the real
    answer: drop a field, or truncate the encoded text.
    """

    status: int
    payload: JsonValue = None
    headers: dict[str, str] = field(default_factory=dict)
    raw_body: bytes | None = None
    content_type: str = "application/json"

    def body(self, encoder: WireEncoder | None = None) -> bytes:
        if self.raw_body is not None:
            return self.raw_body
        return (encoder or WireEncoder()).encode(self.payload)


Handler = Callable[[Request, "re.Match[str]"], Response]


@dataclass(frozen=True)
class Route:
    """A provider endpoint; ``key`` names it in the stats (e.g. ``content_ignite.detail``)."""

    provider: str
    key: str
    method: str
    pattern: re.Pattern[str]
    handler: Handler


@dataclass(frozen=True)
class Resolution:
    """What the router found for a request: a route, or the provider and a failure status."""

    provider: str | None
    route: Route | None = None
    match: re.Match[str] | None = None
    status: int = 200


class Router:
    """Dispatch on method and full path; the path prefix tells which provider is addressed."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self._prefixes = dict(prefixes)
        self._routes: list[Route] = []

    def add(self, provider: str, key: str, method: str, pattern: str, handler: Handler) -> None:
        prefix = self._prefixes[provider]
        compiled = re.compile(re.escape(prefix) + pattern + r"\Z")
        self._routes.append(Route(provider, key, method, compiled, handler))

    def provider_for(self, path: str) -> str | None:
        for provider, prefix in self._prefixes.items():
            if path == prefix or path.startswith(prefix + "/"):
                return provider
        return None

    def resolve(self, method: str, path: str) -> Resolution:
        provider = self.provider_for(path)
        method_mismatch = False
        for route in self._routes:
            match = route.pattern.match(path)
            if match is None:
                continue
            if route.method == method:
                return Resolution(route.provider, route, match)
            method_mismatch = True
        return Resolution(provider, status=405 if method_mismatch else 404)


def json_response(status: int, payload: JsonValue, **headers: Any) -> Response:
    """A JSON response; keyword headers use underscores for dashes (``Retry_After``)."""
    return Response(status, payload, {k.replace("_", "-"): str(v) for k, v in headers.items()})
