"""``Sandbox``: all three provider APIs on one loopback port, started and stopped as a unit.

It backs the clients' integration tests, the app's ``--demo`` mode and the benchmarks, so
it is deterministic for a seed, serves every request on its own thread (to measure a
client's real concurrency) and shuts down without leaving a thread or socket behind.
"""

from __future__ import annotations

import threading
from datetime import date
from types import TracebackType

from desktop_app.sandbox import config
from desktop_app.sandbox.api.content_ignite import ContentIgniteApi
from desktop_app.sandbox.api.elevate import ElevateApi
from desktop_app.sandbox.api.elevate_tokens import DEFAULT_TOKEN_TTL, ElevateTokens
from desktop_app.sandbox.api.versori import VersoriApi
from desktop_app.sandbox.app import SandboxApp
from desktop_app.sandbox.credentials import Credentials, make_credentials
from desktop_app.sandbox.data import Dataset, generate_dataset
from desktop_app.sandbox.faults import FaultInjector
from desktop_app.sandbox.routing import Router
from desktop_app.sandbox.server import SandboxHTTPServer
from desktop_app.sandbox.stats import SandboxStats
from desktop_app.sandbox.wire import WireEncoder

DEFAULT_TODAY = date(2025, 12, 1)
PREFIXES = {
    "content_ignite": "/content-ignite",
    "versori": "/versori/api/organisations/v1",
    "elevate": "/elevate/v1",
}
_POLL_INTERVAL = 0.02  # how fast serve_forever notices a stop request


class Sandbox:
    """A local fake of Content Ignite, Versori and Elevate over real HTTP on 127.0.0.1."""

    def __init__(
        self,
        *,
        seed: int = 0,
        today: date = DEFAULT_TODAY,
        elevate_invoices: int = 300,
        content_ignite_invoices: int = 18,
        versori_invoices: int = 18,
        latency: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.today = today
        self.credentials: Credentials = make_credentials(seed, today)
        self.dataset: Dataset = generate_dataset(
            seed=seed,
            today=today,
            versori_organisation_id=self.credentials.versori_organisation_id,
            content_ignite_invoices=content_ignite_invoices,
            versori_invoices=versori_invoices,
            elevate_invoices=elevate_invoices,
        )
        self.faults = FaultInjector()
        self.stats = SandboxStats()
        self._tokens = ElevateTokens(self.credentials.elevate_token, DEFAULT_TOKEN_TTL)
        encoder = WireEncoder(immutable=self.dataset.wire_objects())
        self._app = SandboxApp(self._build_router(), self.faults, self.stats, encoder)
        self._app.latency = latency
        self._address = (host, port)
        self._server: SandboxHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def _build_router(self) -> Router:
        router = Router(PREFIXES)
        ContentIgniteApi(
            self.dataset.content_ignite, self.credentials.content_ignite_token
        ).register(router)
        self._versori = VersoriApi(self.dataset.versori, self.credentials.versori_token, self.today)
        self._versori.register(router)
        self._elevate = ElevateApi(self.dataset.elevate, self.credentials, self._tokens)
        self._elevate.register(router)
        return router

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> Sandbox:
        if self._server is not None:
            raise RuntimeError("the sandbox is already running")
        self._app.stopping.clear()
        server = SandboxHTTPServer(self._address, self._app)
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": _POLL_INTERVAL},
            name=f"provider-sandbox-{server.server_address[1]}",
            daemon=True,
        )
        self._server, self._thread = server, thread
        thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, drop open connections and join every thread. Safe to call twice."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._app.stopping.set()
        server.shutdown()
        thread.join()
        server.close_open_connections()
        server.join_connection_threads()
        server.server_close()
        self._server = self._thread = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    # --- addresses -------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(
                "the sandbox is not running: use it as a context manager or call start()"
            )
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self._address[0]}:{self.port}"

    @property
    def content_ignite_url(self) -> str:
        return self.base_url + PREFIXES["content_ignite"]

    @property
    def versori_url(self) -> str:
        return self.base_url + PREFIXES["versori"]

    @property
    def elevate_url(self) -> str:
        return self.base_url + PREFIXES["elevate"]

    # --- knobs -----------------------------------------------------------------------

    @property
    def latency(self) -> float:
        return self._app.latency

    def set_latency(self, seconds: float) -> None:
        """Delay added to every request before it is answered (benchmarks use 0.05)."""
        self._app.latency = seconds

    def shift_elevate_list(self, rows: int = 5, times: int = 1) -> None:
        """Before each of the next ``times`` Elevate ``/invoices`` requests for page 2 or
        later, ``rows`` new invoices appear at the head of the id order (and in
        ``dataset.elevate.invoices``): the list shifts under an offset reader."""
        self._elevate.shift_list(rows, times)

    def ignore_elevate_paging(self) -> None:
        """From now on Elevate answers every ``/invoices`` page with the first, as a
        server (or a proxy) that mishandles the ``page`` parameter would."""
        self._elevate.ignore_paging = True

    def set_active_organisation_id(self, answered: str) -> None:
        """From now on Versori's ``/active-organisation`` answers with the id ``answered``,
        as a server or proxy echoing what it was sent would; the invoices are still the
        dataset's organisation's."""
        self._versori.active_id = answered

    def set_status(self, provider: str, invoice_id: int, word: str | None) -> None:
        """From now on, invoice ``invoice_id`` of ``provider`` ("content_ignite" or
        "elevate") carries the status word ``word``, such as one its provider does not
        document: Content Ignite's ``status`` (its list row's and its detail's), Elevate's
        ``paymentStatus`` (None leaves the field out). Its rows are replaced, not edited:
        the sandbox sends again the text of a row it has sent before."""
        if provider == "content_ignite":
            if word is None:
                raise ValueError("a Content Ignite invoice always has a status")
            data = self.dataset.content_ignite
            if invoice_id not in data.details:
                raise KeyError(f"no Content Ignite invoice {invoice_id}")
            data.details[invoice_id] = {**data.details[invoice_id], "status": word}
            rows = data.invoices
            field = "status"
        elif provider == "elevate":
            rows, field = self.dataset.elevate.invoices, "paymentStatus"
        else:
            raise ValueError(f"{provider!r} has no status word to set")
        index = next((i for i, row in enumerate(rows) if row["id"] == invoice_id), None)
        if index is None:
            raise KeyError(f"no {provider} invoice {invoice_id}")
        row = dict(rows[index])  # a new row: the one sent before is left as it was
        if word is None:
            row.pop(field, None)
        else:
            row[field] = word  # in the place the field had, as before
        rows[index] = row

    @property
    def elevate_token_ttl(self) -> float:
        return self._tokens.ttl

    @elevate_token_ttl.setter
    def elevate_token_ttl(self, seconds: float) -> None:
        self._tokens.ttl = seconds

    # --- configuration for the real clients ----------------------------------------------

    def providers_toml(self) -> str:
        """A providers.toml whose three entries point at this running sandbox."""
        return config.providers_toml(self)

    def secret_environment(self) -> dict[str, str]:
        """Environment variables holding the secrets that ``providers_toml`` names."""
        return config.secret_environment(self)

    def expire_elevate_tokens(self) -> None:
        """Make every token issued by ``/authenticate`` so far invalid (the next use gets 401)."""
        self._tokens.expire_all()
