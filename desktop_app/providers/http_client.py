"""The one HTTP policy every provider client goes through.

One ``httpx.AsyncClient`` per provider, with connect/read timeouts and a deadline on each
attempt as a whole (a server that dribbles its answer never trips a read timeout); retries
with exponential backoff and jitter on 429/502/503/504, timeouts and broken connections,
honouring ``Retry-After``, and, for a provider whose documents say to back off on 5xx
(``retry_server_errors``: Content Ignite, Versori), on any 5xx and on a 2xx whose body is
not JSON (a web page excepted: that is a wrong address, not a hiccup); no retry on any
other 4xx, nor on a request that cannot be sent at all (a header value no server would
accept); one renewal of credentials after a 401 (never a loop); JSON decoded with
``parse_float=Decimal`` so ``72502.07`` stays exact; every failure mapped to
``desktop_app.providers.errors`` with a one-line message naming the provider, the request
and the provider's own words, with the secrets it knows about redacted. A failure that may
come of a wrong ``base_url`` names the address (``shown_url``: no user name, password or
query) and, where the mistake points that way (nothing answers there, a redirect, a web
page where JSON was due), says to check it: those messages named neither, and a login
page's "not valid JSON" sent the accountant nowhere. A 404 before the provider has answered
anything (its first request) is as likely as not a wrong path on the right host (a
``base_url`` without its ``/v1``), or what that request names not being there (Versori's
organisation): its hint is the client's (``not_found``: each provider's documents say what
such a 404 may mean), by default the address and where the documented one ends. A 404 once
the provider has answered (one invoice's detail, gone since the list) says nothing of it,
and no failure after that answer blames the address: a connection refused or lost says it
dropped mid-fetch, a 5xx or an answer that is not JSON that the server failed on that
request. A ``Retry-After`` longer than the client waits says when to try again and where to
let it wait longer (``max_retry_after`` in the providers.toml it was read from). Each
attempt is logged at debug level (method, path and query, status or failure, time taken),
each retry and renewal at info level, redacted alike: ``desktop-app --verbose`` shows them.
A request kept waiting is also said to the user, without ``--verbose``, on its own logger
(``WAITING_LOGGER``): once an attempt has gone ``notice_after`` seconds unanswered, and at
each retry, at most one notice per provider in that time, naming the provider and the
attempt, never a secret. The same notice goes to the ``waiting`` callback a caller passes
(the window's fetch status), and stands there while any request of the provider is still
kept waiting: it is withdrawn (``waiting(provider, None)``) once the last of them has
answered or ended, or the connection closes. Content Ignite asks four details at once: one
answering says nothing of the others, and withdrawing the notice then left the status
silent while one still waited. A log line is said once, a status shown stays until then.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import socket
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

import httpx

from desktop_app.domain import CancelToken, WaitingCallback, no_waiting
from desktop_app.providers.errors import (
    AuthenticationError,
    MalformedResponseError,
    ProviderConnectionError,
    ProviderHTTPError,
    ProviderRequestError,
    ProviderResponseError,
    ProviderTimeoutError,
    RateLimitedError,
)
from desktop_app.providers.policy import RETRYABLE_STATUSES, HttpPolicy, parse_retry_after
from desktop_app.providers.redaction import Redactor, provider_message, shown_url
from desktop_app.wording import counted

log = logging.getLogger(__name__)
#: The "still waiting for …" notices: for the user, where the request log is for --verbose.
WAITING_LOGGER = "desktop_app.providers.waiting"
waiting_log = logging.getLogger(WAITING_LOGGER)

QueryParams = Mapping[str, str | int]
#: What to check when the provider's first request answers 404: given the request's
#: method, its path below base_url and the address as messages name it, a hint in the
#: client's words (redacted all the same).
NotFoundAdvice = Callable[[str, str, str], str]
_DECODE_IN_THREAD_ABOVE = 256 * 1024


class Auth(Protocol):
    """How a client proves who it is; ``renew`` is asked at most once per request, after a 401."""

    hint: str

    async def authorization(self) -> str | None:
        """The ``Authorization`` header value, or None for an unauthenticated request."""
        ...

    async def renew(self) -> bool:
        """Get fresh credentials after a rejection; False when there is nothing to renew."""
        ...

    def attach(self, http: ProviderHttp) -> None:
        """The connection to use for requests of its own (a login), before the first request."""
        ...


@dataclass(frozen=True, slots=True)
class _Transient:
    """A failure without an answer to accept, and what to say if retries run out.

    ``retryable=False`` for the one that no retry can mend (a request that cannot be
    sent): raised at once. Made into an exception outside the ``except`` that caught the
    library's error, so the raised error does not carry it (and the secret it may quote)
    as its context.
    """

    problem: str
    error_type: (
        type[ProviderConnectionError] | type[ProviderHTTPError] | type[ProviderResponseError]
    )
    status: int | None = None
    provider_message: str | None = None
    retry_after: float | None = None
    retryable: bool = True
    hint: str | None = None


class ProviderHttp:
    """A provider's HTTP connection: owns its ``httpx.AsyncClient``; use as an async context."""

    def __init__(
        self,
        provider: str,
        base_url: str,
        policy: HttpPolicy,
        *,
        auth: Auth | None = None,
        cancel: CancelToken | None = None,
        secrets: Iterable[str] = (),
        not_found: NotFoundAdvice | None = None,
        waiting: WaitingCallback = no_waiting,
        retry_server_errors: bool = False,
        settings_file: str | None = None,
        blocked_advice: str | None = None,
    ) -> None:
        self.provider = provider
        self.policy = policy
        self.auth = auth
        self.cancel = cancel
        self.redactor = Redactor(secrets)
        # The address as messages name it: never a user name, password or query.
        self.address = self.redactor(shown_url(base_url.rstrip("/")))
        self._base_path = httpx.URL(base_url).path.rstrip("/")
        # What to check when its first request finds nothing (``NotFoundAdvice``).
        self._not_found = not_found or _check_address
        # Whether any request has been answered with success (a JSON body): after one, the
        # address is right, and a failure is about what was asked for, or about the
        # provider or the network, not where (``_connection_advice``, ``_server_advice``).
        self._answered = False
        # Whether any 5xx, and a 2xx whose body is not JSON, is retried as the gateway
        # statuses are (``RETRYABLE_STATUSES``): the client's, by its provider's documents.
        self._retry_server_errors = retry_server_errors
        # Given where the provider's documents say it may block a client it takes for
        # abusive (Content Ignite): a 403 may be that block, so it is backed off and asked
        # again as a 429 is, and this is what to do if it still refuses. None: a 403 is
        # the credentials refused, and asked once (``_accept``).
        self._blocked_advice = blocked_advice
        # The providers.toml this provider is configured in, for the advice on a wait
        # longer than it may wait (``max_retry_after``); None: not known.
        self._settings_file = settings_file
        self._last_notice: float | None = None  # when a "still waiting" was last logged
        self._waiting = waiting
        self._notice_stands = False  # said to ``waiting`` and not yet withdrawn
        # The requests kept waiting (unanswered past ``notice_after``, or between retries),
        # each by a key of its own: the notice stands while one is left.
        self._kept_waiting: set[object] = set()
        self._client = httpx.AsyncClient(
            base_url=base_url,
            timeout=httpx.Timeout(policy.timeouts.read, connect=policy.timeouts.connect, pool=None),
            limits=httpx.Limits(max_connections=policy.max_connections),
            headers={"User-Agent": policy.user_agent, "Accept": "application/json"},
            follow_redirects=False,
        )

    async def __aenter__(self) -> ProviderHttp:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        # First: a cancel may interrupt the close, and nothing is waited for any more.
        self._kept_waiting.clear()
        self._withdraw_notice()
        await self._client.aclose()

    def add_secret(self, secret: str) -> None:
        """Redact ``secret`` too (a token obtained by logging in)."""
        self.redactor.add(secret)

    async def get_json(self, path: str, params: QueryParams | None = None) -> Any:
        return await self.request_json("GET", path, params=params)

    async def request_json(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams | None = None,
        body: Any = None,
        authenticated: bool = True,
    ) -> Any:
        """Send a request under the retry policy and return its JSON body, decoded exactly."""
        request = self._client.build_request(method, path, params=params, json=body)
        return await self._send_with_retries(request, authenticated=authenticated)

    # -- retries ---------------------------------------------------------------------
    async def _send_with_retries(self, request: httpx.Request, *, authenticated: bool) -> Any:
        """The request's JSON body, once an attempt is answered with one; each failure
        the policy retries (``_Transient``) waited out and sent again, up to its limit."""
        retry = self.policy.retry
        renewed = False
        attempt = 1
        sends = 0
        this = object()  # this request, among those ``_kept_waiting``
        try:
            while True:
                self._check_cancelled()
                await self._authorize(request, authenticated)
                sends += 1
                outcome = await self._send_once(request, sends, attempt, this)
                # A cancel made while the request was in flight: its answer is not used.
                self._check_cancelled()
                if isinstance(outcome, httpx.Response):
                    self._no_longer_waiting(this)  # it answered: no longer kept waiting
                    if outcome.status_code == 401 and authenticated and not renewed:
                        renewed = True
                        if self.auth is not None and await self.auth.renew():
                            self._log(logging.INFO, request, "credentials renewed after a 401")
                            continue
                    decoded = await self._read(request, self._accept(request, outcome))
                    if not isinstance(decoded, _Transient):
                        return decoded
                    outcome = decoded  # answered, but with a body that is not JSON
                if not outcome.retryable:
                    raise self._error(request, outcome, outcome.problem, hint=outcome.hint)
                if attempt >= retry.max_attempts:
                    raise self._exhausted(request, outcome, attempt)
                delay = self._delay(request, outcome, attempt)
                self._log(
                    logging.INFO,
                    request,
                    f"{outcome.problem}; retry {attempt} of {retry.max_attempts - 1} "
                    f"in {delay:.2f} s",
                )
                self._notice(
                    f"{outcome.problem}; trying again in {delay:.1f} s "
                    f"(attempt {attempt + 1} of {retry.max_attempts})",
                    this,
                )
                await self._sleep(delay)
                attempt += 1
        finally:  # failed, cancelled or answered: this request keeps nothing waiting
            self._no_longer_waiting(this)

    def _log(self, level: int, request: httpx.Request, text: str) -> None:
        """One line about ``request``, naming provider, method and path, secrets redacted
        (a query may carry one, and what a server answers is not ours to trust)."""
        if log.isEnabledFor(level):
            where = f"{request.method} {self._where(request)}"
            log.log(level, "%s", self.redactor(f"{self.provider}: {where}: {text}"))

    def _notice(self, text: str, request: object) -> None:
        """``request`` (a ``_send_with_retries`` key) is kept waiting: tell the user this
        provider is still being waited for (``WAITING_LOGGER`` and ``waiting``), unless
        that was said less than ``notice_after`` seconds ago: its concurrent requests
        (Content Ignite's details) wait together, and one line says it for them all.

        A notice withdrawn meanwhile (the requests waiting then all answered) is said to
        ``waiting`` again even so, without a second log line: a status must show while
        any request waits, where the log has said it once already."""
        self._kept_waiting.add(request)
        now = time.monotonic()
        last = self._last_notice
        said_lately = last is not None and now - last < self.policy.notice_after
        if said_lately and self._notice_stands:
            return
        notice = self.redactor(f"still waiting for {self.provider}: {text} …")
        if not said_lately:
            self._last_notice = now
            waiting_log.info("%s", notice)
        self._notice_stands = True
        self._waiting(self.provider, notice)

    def _no_longer_waiting(self, request: object) -> None:
        """``request`` answered or ended: the notice is withdrawn if it was the last
        request of this provider still kept waiting, and stands otherwise."""
        self._kept_waiting.discard(request)
        if not self._kept_waiting:
            self._withdraw_notice()

    def _withdraw_notice(self) -> None:
        """Tell ``waiting`` this provider's notice no longer stands: no request of it is
        kept waiting any more, or its connection is closing (fetched, failed or
        cancelled)."""
        if self._notice_stands:
            self._notice_stands = False
            self._waiting(self.provider, None)

    async def _send_once(
        self, request: httpx.Request, send: int, attempt: int, key: object
    ) -> httpx.Response | _Transient:
        """One attempt of the request ``key`` names, logged at debug level with its
        outcome and how long it took. The first attempt unanswered after
        ``notice_after`` seconds is said (``_notice``); a later one follows a retry, which
        was."""
        started = time.perf_counter()
        slow = None
        if attempt == 1:
            after = self.policy.notice_after
            total = self.policy.retry.max_attempts
            slow = asyncio.get_running_loop().call_later(
                after,
                self._notice,
                f"no answer yet after {after:g} s (attempt 1 of {total})",
                key,
            )
        try:
            outcome = await self._exchange(request)
        finally:
            if slow is not None:
                slow.cancel()
        if log.isEnabledFor(logging.DEBUG):
            answer = (
                _status_text(outcome) if isinstance(outcome, httpx.Response) else outcome.problem
            )
            again = f" (attempt {send})" if send > 1 else ""
            elapsed = time.perf_counter() - started
            self._log(logging.DEBUG, request, f"{answer} in {elapsed:.3f} s{again}")
        return outcome

    async def _authorize(self, request: httpx.Request, authenticated: bool) -> None:
        header = await self.auth.authorization() if authenticated and self.auth else None
        if header is None:
            request.headers.pop("Authorization", None)
        else:
            request.headers["Authorization"] = header

    async def _exchange(self, request: httpx.Request) -> httpx.Response | _Transient:
        deadline = self.policy.timeouts.deadline
        try:
            async with asyncio.timeout(deadline):
                response = await self._client.send(request)
        except TimeoutError:  # the deadline's (httpx's own timeouts are not TimeoutErrors)
            problem = f"no complete answer within {deadline:g} s (request deadline)"
            return _Transient(problem, ProviderTimeoutError)
        except httpx.TimeoutException as error:
            unconnected = isinstance(error, httpx.ConnectTimeout)
            hint = self._connection_advice(f"base_url {self.address}") if unconnected else None
            problem = _timeout_problem(error, self.policy)
            return _Transient(problem, ProviderTimeoutError, hint=hint)
        except httpx.LocalProtocolError as error:
            # Refused before a byte was sent: the same request would be refused every time.
            problem = f"the request could not be sent ({type(error).__name__}: {error})"
            return _Transient(self.redactor(problem), ProviderConnectionError, retryable=False)
        except httpx.ConnectError as error:
            # No connection at all: the address, not the request, is the likely mistake.
            return self._unconnected(error)
        except httpx.TransportError as error:
            problem = f"connection failed ({type(error).__name__}: {error or 'no detail'})"
            return _Transient(self.redactor(problem), ProviderConnectionError)
        status = response.status_code
        if not self._retried(status):
            return response
        refused = status == 403  # retried only where it may be a block (``blocked_advice``)
        return _Transient(
            _status_text(response),
            _error_type(status),
            status=status,
            provider_message=provider_message(response, self.redactor),
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
            hint=self._blocked_advice if refused else self._status_hint(request, response),
        )

    def _retried(self, status: int) -> bool:
        """Whether an answer of ``status`` is waited out and asked again: rate limited or
        a gateway briefly down, for every provider; any other server failure (a 500) for
        a provider whose documents say to back off on 5xx (``retry_server_errors``); a
        403 for one whose documents say it may block a client (``blocked_advice``)."""
        return (
            status in RETRYABLE_STATUSES
            or (self._retry_server_errors and status >= 500)
            or (status == 403 and self._blocked_advice is not None)
        )

    def _unconnected(self, error: httpx.ConnectError) -> _Transient:
        """No connection made: refused (nothing listens at that host and port), a host
        name not found, or another reason the library words."""
        cause = _cause(error, (ConnectionRefusedError, socket.gaierror))
        if isinstance(cause, ConnectionRefusedError):
            problem = "could not connect (connection refused)"
            hint = (
                f"check base_url {self.address}: nothing answers there; is its port or host "
                "mistyped?"
            )
        elif isinstance(cause, socket.gaierror):
            problem = "could not connect (host name not found)"
            hint = f"check base_url {self.address}: is its host name mistyped?"
        else:
            problem = f"connection failed ({type(error).__name__}: {error or 'no detail'})"
            hint = f"base_url {self.address}"
        return _Transient(
            self.redactor(problem), ProviderConnectionError, hint=self._connection_advice(hint)
        )

    # -- what to check -----------------------------------------------------------------
    def _connection_advice(self, before: str) -> str:
        """``before`` (the address, or to check it) until the provider has answered in
        this fetch; after, the address is proven right, and a connection that fails is
        one that dropped mid-fetch: "check base_url … is its port mistyped?" sent the
        accountant to a setting that had just worked."""
        if not self._answered:
            return before
        return (
            f"the connection to {self.provider} dropped mid-fetch: it answered earlier in "
            "this fetch, so the address is right; the provider or the network stopped "
            "answering: try again later"
        )

    def _server_advice(self, before: str | None) -> str | None:
        """``before`` until the provider has answered in this fetch; after, an answer that
        fails (a 5xx, a body that is not JSON, a page or redirect in the API's place) is
        the server failing on that request, not a wrong address."""
        if not self._answered:
            return before
        return (
            f"{self.provider}'s server failed on this request: it answered earlier in this "
            "fetch, so the address is right"
        )

    def _status_hint(self, request: httpx.Request, response: httpx.Response) -> str | None:
        """What to check after an error status other than 401/403 and a redirect: the
        address where the answer may not be the API's (a web page, a text that is not
        JSON) or nothing was found at the first path asked; once the provider has
        answered, a server failure (5xx) names the server, and a 404 says nothing."""
        status = response.status_code
        if self._answered and status >= 500:
            return self._server_advice(None)
        if _web_page(response) and status < 500:
            return self._server_advice(
                f"check base_url {self.address}: it answers with a web page, not the API"
            )
        if status == 404 and not self._answered:
            # Nothing found at the first path asked: the path below base_url is the
            # client's own, so base_url, or what the path names, is the likely mistake.
            path = self._below_base(request)
            return self.redactor(self._not_found(request.method, path, self.address))
        if status in RETRYABLE_STATUSES or _json_body(response):
            return None
        # An API answers its errors in JSON: anything else may not be the API at all.
        return self._server_advice(f"base_url {self.address}")

    def _delay(self, request: httpx.Request, outcome: _Transient, attempt: int) -> float:
        retry = self.policy.retry
        if outcome.retry_after is None:
            return retry.backoff(attempt)
        limit = retry.retry_after_limit
        if outcome.retry_after > limit:
            asked = math.ceil(outcome.retry_after)
            raise self._error(
                request,
                outcome,
                f"{outcome.problem}, asked to retry after {asked} s, "
                f"longer than the {limit:.0f} s this client waits",
                hint=self._wait_advice(asked),
            )
        return outcome.retry_after

    def _wait_advice(self, asked: int) -> str:
        """What to do about a ``Retry-After`` of ``asked`` seconds, longer than this
        client waits: try again once it has passed, or let the client wait that long
        (``max_retry_after``, which only providers.toml holds: the window's Settings has
        no field for it), in the file the provider is configured in. "This provider's
        providers.toml entry" named no file, and the window's is in a settings folder
        nobody is shown."""
        entry = (
            f"this provider's entry in {self._settings_file}"
            if self._settings_file
            else "this provider's providers.toml entry"
        )
        return (
            f"try again in {_wait_words(asked)}; or, to have it waited out, set "
            f"max_retry_after = {asked} in {entry}"
        )

    def _exhausted(
        self, request: httpx.Request, outcome: _Transient, attempts: int
    ) -> ProviderRequestError:
        plural = "attempt" if attempts == 1 else "attempts"
        return self._error(
            request, outcome, f"{outcome.problem} after {attempts} {plural}", hint=outcome.hint
        )

    def _error(
        self, request: httpx.Request, outcome: _Transient, problem: str, *, hint: str | None = None
    ) -> ProviderRequestError:
        return outcome.error_type(
            self.provider,
            request.method,
            self._where(request),
            problem,
            status=outcome.status,
            provider_message=outcome.provider_message,
            hint=hint,
        )

    async def _sleep(self, seconds: float) -> None:
        """Wait, but notice a cancel request within a twentieth of a second."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while (remaining := deadline - loop.time()) > 0:
            self._check_cancelled()
            await asyncio.sleep(min(remaining, 0.05))
        self._check_cancelled()

    def _where(self, request: httpx.Request) -> str:
        """The request as the provider's docs name it: path below the base URL, and query
        (with any secret in it redacted: this text goes into messages and logs)."""
        path = self._below_base(request)
        query = request.url.query.decode("ascii", "replace")
        return self.redactor(f"{path}?{query}" if query else path)

    def _below_base(self, request: httpx.Request) -> str:
        """The request's path below the base URL, without its query (not redacted)."""
        path = request.url.path
        if self._base_path and path.startswith(self._base_path):
            path = path[len(self._base_path) :] or "/"
        return path

    def _check_cancelled(self) -> None:
        if self.cancel is not None:
            self.cancel.raise_if_cancelled()

    # -- answers ---------------------------------------------------------------------
    def _accept(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        """Pass a successful response through; turn an error status into an exception."""
        if response.is_success:
            return response
        status = response.status_code
        if 300 <= status < 400:
            raise self._redirected(request, response)
        error_type = _error_type(status)
        if error_type is AuthenticationError:
            hint = self.auth.hint if self.auth else None
        else:
            hint = self._status_hint(request, response)
        raise error_type(
            self.provider,
            request.method,
            self._where(request),
            _status_text(response),
            status=status,
            provider_message=provider_message(response, self.redactor),
            hint=hint,
        )

    def _redirected(self, request: httpx.Request, response: httpx.Response) -> ProviderHTTPError:
        """A redirect, which no provider's API sends: ``base_url`` is a web site's (a
        marketing page, a login), or an old address (http:// moved to https://). Named
        with where it leads, without its query, which may carry a session."""
        location = response.headers.get("Location")
        if location:
            try:
                target = shown_url(str(request.url.join(location)))
            except (httpx.InvalidURL, ValueError):
                target = "an address that is not a URL"
            led = f"redirected to {self.redactor(target)}"
        else:
            led = "with no address to go to"
        return ProviderHTTPError(
            self.provider,
            request.method,
            self._where(request),
            f"{_status_text(response)}, {led}",
            status=response.status_code,
            hint=self._server_advice(
                f"check base_url {self.address}: the API answers there itself, it does not redirect"
            ),
        )

    async def _read(self, request: httpx.Request, response: httpx.Response) -> Any:
        """A successful answer's JSON body, or, where it is not JSON, what to say of it
        (``_decode``). The first body read makes the provider one that has answered."""
        if len(response.content) > _DECODE_IN_THREAD_ABOVE:
            # A thousand-row page takes tens of milliseconds to decode: keep the loop free.
            decoded = await asyncio.to_thread(self._decode, response, request)
        else:
            decoded = self._decode(response, request)
        if not isinstance(decoded, _Transient):
            self._answered = True
        return decoded

    def _decode(self, response: httpx.Response, request: httpx.Request) -> Any:
        """The body as JSON, money exact; a body that is not JSON as a ``_Transient``:
        a web page (a login or proxy page in the API's place) is never retried, any
        other (a body cut short, a server's half-written answer) is retried as a server
        failure is (``retry_server_errors``)."""
        try:
            return json.loads(
                response.content, parse_float=Decimal, parse_constant=_refuse_constant
            )
        except (ValueError, UnicodeDecodeError) as error:
            unreadable = str(error)
        if _web_page(response):
            # A login or proxy page answering for the API: its title says which.
            return _Transient(
                f"HTTP {response.status_code} but the answer is a web page, not JSON",
                MalformedResponseError,
                status=response.status_code,
                provider_message=provider_message(response, self.redactor),
                retryable=False,
                hint=self._server_advice(
                    f"check base_url {self.address}: it answers with a web page (a login or "
                    "proxy page?), not the API"
                ),
            )
        return _Transient(
            f"HTTP {response.status_code} but the body is not valid JSON ({unreadable})",
            MalformedResponseError,
            status=response.status_code,
            retryable=self._retry_server_errors,
            hint=self._server_advice(f"base_url {self.address}"),
        )


def _check_address(method: str, path: str, address: str) -> str:
    """The advice for a first request's 404 from a connection whose client gives none."""
    return (
        f"check base_url {address}: nothing was found at that path; does it end where the "
        "provider's API documentation says?"
    )


def _cause(error: BaseException, wanted: tuple[type[BaseException], ...]) -> BaseException | None:
    """The first of ``error``'s causes (``__cause__``, else ``__context__``) of a wanted
    type: httpx words a refused connection "All connection attempts failed", the
    ``ConnectionRefusedError`` two causes down."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, wanted):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _web_page(response: httpx.Response) -> bool:
    """Whether the answer is an HTML page (a login, a proxy's, a web site's), by its
    content type or, for a server that labels it otherwise, by how it begins."""
    if "html" in response.headers.get("Content-Type", "").lower():
        return True
    start = response.content[:512].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html"))


def _json_body(response: httpx.Response) -> bool:
    """Whether an error answer's body is JSON (an API's own error), or empty."""
    if not response.content.strip():
        return True
    try:
        json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return False
    return True


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _wait_words(seconds: int) -> str:
    """``seconds`` as a person waits them: "45 seconds", "2 minutes", "3 hours" (each
    rounded up, so trying again then is never early)."""
    if seconds < 120:
        return counted(seconds, "second")
    if seconds < 2 * 3600:
        return counted(math.ceil(seconds / 60), "minute")
    return counted(math.ceil(seconds / 3600), "hour")


def _error_type(status: int) -> type[ProviderHTTPError]:
    """The error an error status is told as, chosen once for both the answer accepted at
    once (``_accept``) and the one retried until retries ran out (``_exchange``), so a
    401/403 is an ``AuthenticationError`` whichever way it came."""
    if status == 429:
        return RateLimitedError
    if status in (401, 403):
        return AuthenticationError
    return ProviderHTTPError


def _status_text(response: httpx.Response) -> str:
    reason = response.reason_phrase
    return f"HTTP {response.status_code} {reason}".rstrip()


def _timeout_problem(error: httpx.TimeoutException, policy: HttpPolicy) -> str:
    if isinstance(error, httpx.ConnectTimeout):
        return f"no connection within {policy.timeouts.connect:g} s (connect timeout)"
    return f"no answer within {policy.timeouts.read:g} s (read timeout)"
