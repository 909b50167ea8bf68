"""The socket side: a threading HTTP/1.1 server on loopback that feeds ``SandboxApp``.

Keep-alive connections park a handler thread in ``readline``; on stop every open
connection is shut down so those threads end and can all be joined.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from desktop_app.sandbox.app import Outcome, SandboxApp
from desktop_app.sandbox.routing import Request

_log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1 << 20
IDLE_CONNECTION_TIMEOUT = 30.0


class SandboxHTTPServer(ThreadingHTTPServer):
    """Tracks open connections and their threads so that stopping can end and join them."""

    # Daemon threads, joined by stop() through our own registry: an app that exits without
    # stopping the sandbox must not hang on a keep-alive connection (socketserver's own
    # join only covers non-daemon threads, which would block interpreter exit).
    daemon_threads = True
    block_on_close = False
    # Benchmarks open many connections at once; the default backlog of 5 would make the
    # kernel drop SYNs and the client wait a second to retry.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], app: SandboxApp) -> None:
        self.app = app
        self._connections: set[socket.socket] = set()
        self._connection_threads: set[threading.Thread] = set()
        self._registry_lock = threading.Lock()
        super().__init__(address, SandboxRequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name=f"provider-sandbox-connection-{client_address[1]}",
            daemon=True,
        )
        with self._registry_lock:
            self._connections.add(request)
            self._connection_threads.add(thread)
        thread.start()

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._registry_lock:
                self._connection_threads.discard(threading.current_thread())

    def shutdown_request(self, request: Any) -> None:
        with self._registry_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def join_connection_threads(self) -> None:
        """Wait for every connection thread (after ``close_open_connections`` woke them)."""
        with self._registry_lock:
            threads = list(self._connection_threads)
        for thread in threads:
            thread.join()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (timeouts, resets) is routine; anything else is a bug."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        _log.exception("provider sandbox failed while serving %s", client_address)

    def close_open_connections(self) -> None:
        """Unblock handler threads waiting for the next keep-alive request."""
        with self._registry_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the peer
                connection.shutdown(socket.SHUT_RDWR)


class SandboxRequestHandler(BaseHTTPRequestHandler):
    """Translates HTTP to ``Request``/``Outcome``; all behaviour lives in ``SandboxApp``."""

    protocol_version = "HTTP/1.1"
    server_version = "ProviderSandbox/1.0"
    timeout = IDLE_CONNECTION_TIMEOUT
    # Headers and body go out in separate writes; with Nagle on, the body waits for the
    # client's delayed ACK and every request costs ~40 ms.
    disable_nagle_algorithm = True
    server: SandboxHTTPServer

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the stats are the sandbox's log, and tests must not spam stderr."""

    def _serve(self) -> None:
        request = self._read_request()
        if request is None:
            return
        self._write(self.server.app.handle(request))

    def _read_request(self) -> Request | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self.send_error(413)
            return None
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        return Request(
            method=self.command,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=dict(self.headers.items()),
            body=body,
        )

    def _write(self, outcome: Outcome) -> None:
        response = outcome.response
        if outcome.reset or response is None:
            self.close_connection = True
            return
        body = response.body(self.server.app.encoder)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command == "HEAD":
            return
        if outcome.drip:
            self._drip(body, outcome.drip)
        else:
            self.wfile.write(body)

    def _drip(self, body: bytes, interval: float) -> None:
        """The body a byte at a time; stops when the sandbox does (or the client hangs up,
        which the next write raises as a ``ConnectionError``)."""
        stopping = self.server.app.stopping
        for offset in range(len(body)):
            self.wfile.write(body[offset : offset + 1])
            if stopping.wait(interval):
                self.close_connection = True  # the answer is cut short
                return
