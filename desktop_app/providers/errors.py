"""Why fetching from a provider failed, as a small tree callers can catch at any level.

::

    ProviderError                    anything that stops one provider's fetch
    ├── CredentialsError             no token/password could be found for it
    └── ProviderRequestError         one request failed (names method, path and status)
        ├── ProviderHTTPError        an error status the client does not retry, or retries ran out
        │   ├── AuthenticationError  401/403: the token or login was refused
        │   └── RateLimitedError     429 until retries ran out, or a Retry-After too long to wait
        ├── ProviderConnectionError  no usable answer: refused, reset, dropped
        │   └── ProviderTimeoutError no answer within the configured timeout
        └── ProviderResponseError    an answer arrived but cannot be used
            ├── MalformedResponseError  the body is not JSON
            ├── SchemaError             the JSON does not match the documented schema
            ├── ProviderReportedError   the provider said it failed (Content Ignite ``success: false``)
            └── ProviderDataError       well-formed values that make no sense (pence >= 100)

Every message is one line that starts with the provider's name so an accountant can tell
which connection to fix, and none ever contains a token or password: the HTTP layer
redacts known secrets from anything a provider echoes back before it reaches a message.
``ConfigError`` (a bad providers.toml) lives apart: it is not a provider's failure.
"""

from __future__ import annotations

from typing import Self

from desktop_app.refusal import Refusal, Refused


def one_line(text: str, limit: int = 300) -> str:
    """Collapse whitespace so provider messages cannot break the one-line contract."""
    collapsed = " ".join(text.split())
    return collapsed if len(collapsed) <= limit else collapsed[: limit - 1] + "…"


class ConfigError(ValueError, Refusal):
    """providers.toml (or an equivalent mapping) is invalid; the message names key and provider."""

    refused = Refused.PROVIDER_SETTINGS


class ProviderError(Exception, Refusal):
    """One provider could not be read. ``provider`` is the configured name."""

    refused = Refused.PROVIDER

    # How much of the detail is kept: a provider's answer quoted in it may be any length.
    detail_limit = 300

    def __init__(self, provider: str, detail: str) -> None:
        self.provider = provider
        self.detail = one_line(detail, self.detail_limit)
        super().__init__(f"{provider}: {self.detail}")


class CredentialsError(ProviderError):
    """The secret a provider needs (token or password) is not available.

    Its detail is the app's own advice (which variable or file to set, never a secret's
    value), so it is kept whole: cut at 300 characters, a machine without a keyring lost
    the end of what to do.
    """

    refused = Refused.SELF_EXPLAINED

    detail_limit = 1000


class ProviderRequestError(ProviderError):
    """A request failed; the message names the method and path (never headers or secrets).

    The app's own words (the request, the problem, the hint: what to check, the address)
    are kept whole; the provider's words quoted between them are cut so the whole stays
    within 300 characters, keeping at least 80 of them. Cut at 300 as a whole, a long
    answer pushed the hint and the address off the end.
    """

    detail_limit = 1000
    _fitted = 300
    _quoted_at_least = 80

    def __init__(
        self,
        provider: str,
        method: str,
        path: str,
        problem: str,
        *,
        status: int | None = None,
        provider_message: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.problem = problem
        self.status = status
        self.hint = hint
        self.provider_message = one_line(provider_message) if provider_message else None
        detail = f"{method} {path}: {problem}"
        ending = f" ({hint})" if hint else ""
        if self.provider_message:
            room = self._fitted - len(one_line(detail + ending)) - len(": ")
            quoted = one_line(self.provider_message, max(room, self._quoted_at_least))
            detail += f": {quoted}"
        super().__init__(provider, detail + ending)

    def with_hint(self, hint: str) -> Self:
        """The same failure (its class, request, status and the provider's words) with
        other advice: a client that asked the provider more about it (Versori's
        ``/active-organisation`` after a 404) knows better what to check, and the failure
        itself must still be the one that happened."""
        return type(self)(
            self.provider,
            self.method,
            self.path,
            self.problem,
            status=self.status,
            provider_message=self.provider_message,
            hint=hint,
        )


class ProviderHTTPError(ProviderRequestError):
    """The provider answered with an error status."""


class AuthenticationError(ProviderHTTPError):
    """The credentials were refused (401/403). Retrying with the same ones is pointless,
    except where a 403 may be the provider blocking a client it takes for abusive (Content
    Ignite's: ``ProviderClient.blocked_advice``), which is backed off and asked again first."""


class RateLimitedError(ProviderHTTPError):
    """The provider kept asking us to slow down."""


class ProviderConnectionError(ProviderRequestError):
    """The connection failed or broke before a complete answer arrived."""


class ProviderTimeoutError(ProviderConnectionError):
    """No answer within the configured connect or read timeout."""


class ProviderResponseError(ProviderRequestError):
    """An answer arrived but its content cannot be used."""


class MalformedResponseError(ProviderResponseError):
    """The body is not valid JSON."""


class SchemaError(ProviderResponseError):
    """The JSON does not match the provider's documented schema; the message names the field."""


class ProviderReportedError(ProviderResponseError):
    """The provider reported a failure inside an otherwise successful answer."""


class ProviderDataError(ProviderResponseError):
    """Values that pass the schema but cannot be interpreted without guessing."""
