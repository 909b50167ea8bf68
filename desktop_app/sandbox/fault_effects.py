"""What each fault kind does to a request: answer instead, or break the real answer.

Gateway errors (502/503/504) come back as HTML pages, as real load balancers send them,
so clients must cope with non-JSON error bodies. So do the answers a wrong ``base_url``
reaches: a login page (HTTP 200), a redirect to a web site, a server's long stack trace,
and the right host's 404 for a wrong path, in the provider's own JSON.
"""

from __future__ import annotations

import copy
from datetime import datetime
from email.utils import format_datetime
from typing import Any

from desktop_app.sandbox.errors import error_body
from desktop_app.sandbox.faults import Fault, RetryAfter
from desktop_app.sandbox.routing import Response, json_response

DEFAULT_RETRY_AFTER_SECONDS = 1
# Where a ``redirect`` sends a client by default: a marketing site, with a session in its
# query (as a web site's redirect may carry one) that no client message may repeat.
DEFAULT_REDIRECT = "https://www.example.com/welcome?session=sandbox-session-7f3a9c"
LOGIN_PAGE_TITLE = "Sign in · Example Single Sign-On"

_GATEWAY_PHRASES = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}

# Which documented required field each endpoint loses (or gets with the wrong type): one
# the client reads (the list row's amounts are not: the detail's are the invoice's).
_WRONG_TYPE = "wrong_type"
_MISSING = "missing"
_SCHEMA_BREAKS: dict[str, tuple[str, str]] = {
    "content_ignite.list": ("date", _MISSING),
    "content_ignite.detail": ("base_amount", _WRONG_TYPE),
    "versori.invoices": ("totalAmount", _MISSING),
    "versori.active_organisation": ("id", _MISSING),
    "elevate.invoices": ("invoiceTotalAmount", _WRONG_TYPE),
    "elevate.authenticate": ("token", _MISSING),
}


def answer_instead(fault: Fault) -> Response | None:
    """The response that replaces the real one, or None when the fault alters it instead."""
    kind = fault.kind
    if kind == "429":
        return json_response(
            429,
            error_body(fault.provider, 429, "Too many requests, slow down"),
            Retry_After=retry_after_header(fault.retry_after),
        )
    if kind in {"502", "503", "504"}:
        return gateway_page(int(kind))
    if kind == "401":
        return json_response(401, error_body(fault.provider, 401, "Token expired or revoked"))
    if kind == "403":
        return json_response(403, error_body(fault.provider, 403, "Access denied"))
    if kind == "success_false":
        return json_response(200, {"success": False, "message": "Unable to retrieve invoices"})
    if kind == "login_page":
        return login_page()
    if kind == "redirect":
        return redirect(fault.location or DEFAULT_REDIRECT)
    if kind == "500":
        return stack_trace()
    if kind == "not_found_json":
        return json_response(404, error_body(fault.provider, 404, "Not found"))
    return None


def login_page() -> Response:
    """What a proxy or single sign-on answers in the API's place: a form, with HTTP 200."""
    html = (
        f"<!DOCTYPE html><html><head><title>{LOGIN_PAGE_TITLE}</title></head><body>"
        '<form method="post" action="/login"><input name="user"><input name="password" '
        'type="password"><button>Sign in</button></form></body></html>'
    )
    return Response(200, raw_body=html.encode(), content_type="text/html; charset=utf-8")


def redirect(location: str) -> Response:
    """A web site's 302 to ``location``, with the short page browsers never show."""
    html = f'<html><body>Redirecting to <a href="{location}">{location}</a></body></html>'
    return Response(
        302,
        headers={"Location": location},
        raw_body=html.encode(),
        content_type="text/html; charset=utf-8",
    )


def stack_trace() -> Response:
    """A server's failure as a long plain text, not JSON: a Java stack trace of 20 kB."""
    frames = "".join(
        f"\tat com.example.gateway.Handler{index}.handle(Handler{index}.java:{40 + index})\n"
        for index in range(300)
    )
    text = "java.lang.NullPointerException: upstream returned null\n" + frames
    return Response(500, raw_body=text.encode(), content_type="text/plain; charset=utf-8")


def retry_after_header(value: RetryAfter) -> str:
    """Seconds as an integer string, a ``datetime`` as an HTTP date, text verbatim."""
    if value is None:
        return str(DEFAULT_RETRY_AFTER_SECONDS)
    if isinstance(value, datetime):
        return format_datetime(value, usegmt=True)
    if isinstance(value, str):
        return value
    return str(max(0, round(value)))


def gateway_page(status: int) -> Response:
    phrase = _GATEWAY_PHRASES[status]
    html = f"<html><head><title>{status} {phrase}</title></head><body><h1>{status} {phrase}</h1></body></html>"
    return Response(status, raw_body=html.encode(), content_type="text/html; charset=utf-8")


def truncate(response: Response) -> Response:
    """The same 200 answer cut off halfway: never valid JSON, still labelled JSON."""
    body = response.body()
    cut = body[: max(1, len(body) // 2)]
    return Response(200, headers=dict(response.headers), raw_body=cut)


def break_schema(route_key: str, response: Response) -> Response:
    """A copy of the answer with one documented required field missing or mistyped."""
    payload = copy.deepcopy(response.payload)
    field, how = _SCHEMA_BREAKS.get(route_key, ("", _MISSING))
    target = _first_record(payload)
    if target is None:
        # Nothing to damage inside: send an object where the docs promise an array.
        return Response(200, {}, dict(response.headers))
    if not field:
        field = next(iter(target), "")
    if how == _WRONG_TYPE and field in target:
        target[field] = str(target[field])
    else:
        target.pop(field, None)
    return Response(200, payload, dict(response.headers))


def _first_record(payload: Any) -> dict[str, Any] | None:
    """The object a client reads first: the envelope's record, or the array's first item."""
    if isinstance(payload, list):
        return payload[0] if payload and isinstance(payload[0], dict) else None
    if isinstance(payload, dict):
        if "results" in payload:  # Content Ignite list envelope
            return _first_record(payload["results"])
        if isinstance(payload.get("result"), dict):  # Content Ignite detail envelope
            result: dict[str, Any] = payload["result"]
            return result
        return payload or None
    return None
