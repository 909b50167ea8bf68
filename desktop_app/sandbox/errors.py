"""Error bodies in each provider's own style, shared by the handlers and the fault injector.

Content Ignite publishes no error schema but always carries ``success``; Versori documents
``{code, message, cause?}``; Elevate's bodies "generally" hold ``{error, message}``.
"""

from __future__ import annotations

from http import HTTPStatus

from desktop_app.sandbox.wire import JsonValue

PROVIDERS = ("content_ignite", "versori", "elevate")

_VERSORI_CODES = {
    400: "invalid_argument",
    401: "unauthenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    429: "resource_exhausted",
    500: "internal",
}


def error_body(provider: str, status: int, message: str) -> JsonValue:
    """The JSON body ``provider`` would send with ``status`` and a readable ``message``."""
    if provider == "content_ignite":
        return {"success": False, "message": message}
    if provider == "versori":
        return {"code": _VERSORI_CODES.get(status, "unknown"), "message": message}
    return {"error": _reason(status), "message": message}


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
