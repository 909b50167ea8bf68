"""Getting the provider's own words out of an error answer, without leaking secrets.

Error bodies differ per provider (Versori ``{code, message, cause}``, Elevate ``{error,
message}``, Content Ignite unspecified, gateways send HTML), so the message is found
leniently. A provider, a proxy or a misconfigured server may echo the request back, so
every known secret is replaced before any text becomes part of an exception or a log line,
in every form a message may quote it in: as is, without the whitespace around it, and
escaped as a Python ``str`` or ``bytes`` literal or a JSON string (h11 quotes a header value
it refuses as ``b'Bearer ...\\r'``), or percent-encoded as a URL carries it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit, urlunsplit

import httpx

from desktop_app.providers.errors import one_line

REDACTED = "[redacted]"
_MESSAGE_KEYS = ("message", "detail", "error_description", "error", "title")
_EXTRA_KEYS = ("code", "cause", "details")
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]+>")
# A secret shorter than this would redact ordinary words; such tokens do not exist in practice.
_MIN_SECRET_LENGTH = 4


class Redactor:
    """Replaces every registered secret in a text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        self._secrets.update(
            form for form in _quoted_forms(secret) if len(form) >= _MIN_SECRET_LENGTH
        )

    def holds(self, text: str) -> bool:
        """Whether ``text`` holds a registered secret in any of its forms: the yes or no
        of "would redacting change it", without building the redacted text."""
        return any(secret in text for secret in self._secrets)

    def __call__(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        return text


def _quoted_forms(secret: str) -> set[str]:
    """The texts ``secret`` may show up as in an error message or a log line."""
    forms: set[str] = set()
    for core in (secret, secret.strip()):
        forms.add(core)
        forms.add(repr(core)[1:-1])
        forms.add(json.dumps(core)[1:-1])
        # In a URL (a query parameter, a path segment), as httpx and browsers encode it.
        forms.update((quote_plus(core), quote(core, safe=""), quote(core)))
        for encoding in ("utf-8", "latin-1"):
            try:
                forms.add(repr(core.encode(encoding))[2:-1])
            except UnicodeEncodeError:
                continue
    return forms


def provider_message(response: httpx.Response, redact: Redactor) -> str | None:
    """The human-readable error the provider sent, if any, as one redacted line."""
    text = response.text.strip()
    if not text:
        return None
    try:
        body = json.loads(text)
    except ValueError:
        return one_line(redact(_readable_text(text)), limit=200)
    message = _message_from_json(body)
    return one_line(redact(message), limit=300) if message else None


def _readable_text(text: str) -> str:
    """A gateway's HTML error page reduced to its title (or its text without tags)."""
    title = _HTML_TITLE.search(text)
    if title:
        return html.unescape(title.group(1))
    if _HTML_TAG.search(text):
        return html.unescape(_HTML_TAG.sub(" ", text))
    return text


def _message_from_json(body: Any) -> str | None:
    if not isinstance(body, dict):
        return json.dumps(body)[:200]
    main = next((str(body[key]) for key in _MESSAGE_KEYS if body.get(key)), None)
    extras = [f"{key}={body[key]}" for key in _EXTRA_KEYS if body.get(key)]
    if main is None and not extras:
        return json.dumps(body)[:200]
    parts = [main] if main else []
    if extras:
        parts.append(f"({', '.join(extras)})")
    return " ".join(parts)


def shown_url(url: str) -> str:
    """``url`` as a message or ``diagnose`` prints it: scheme, host and path, a query or
    fragment as '…' and no user name or password, which may hold a key or a password."""
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced '[': not a URL to show at all
        return "the address given"
    host = parts.netloc.rpartition("@")[2]
    query = "…" if parts.query else ""
    fragment = "…" if parts.fragment else ""
    return urlunsplit((parts.scheme, host, parts.path, query, fragment))
