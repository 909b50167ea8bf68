"""The request pipeline shared by all three providers: log, latency, faults, then the handler.

Independent of sockets: the HTTP server turns bytes into a ``Request`` and writes back
whatever ``SandboxApp.handle`` decides, including "close without answering".
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from desktop_app.sandbox import fault_effects
from desktop_app.sandbox.errors import error_body
from desktop_app.sandbox.faults import FaultInjector
from desktop_app.sandbox.routing import Request, Resolution, Response, Router, json_response
from desktop_app.sandbox.stats import SandboxStats
from desktop_app.sandbox.wire import WireEncoder


@dataclass(frozen=True)
class Outcome:
    """Either a response to write, or ``reset``: drop the connection without a byte.

    ``drip``: seconds to wait between the body's bytes (the ``drip`` fault), 0 to send it
    whole.
    """

    response: Response | None
    reset: bool = False
    drip: float = 0.0


class SandboxApp:
    """Applies the cross-cutting behaviour around every provider route."""

    def __init__(
        self,
        router: Router,
        faults: FaultInjector,
        stats: SandboxStats,
        encoder: WireEncoder | None = None,
    ) -> None:
        self.router = router
        self.encoder = encoder or WireEncoder()
        self.faults = faults
        self.stats = stats
        self.stopping = threading.Event()
        self._latency_lock = threading.Lock()
        self._latency = 0.0

    @property
    def latency(self) -> float:
        with self._latency_lock:
            return self._latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"latency must not be negative, got {seconds}")
        with self._latency_lock:
            self._latency = seconds

    def handle(self, request: Request) -> Outcome:
        resolution = self.router.resolve(request.method, request.path)
        provider = resolution.provider or "unknown"
        self.stats.record(
            provider,
            request.method,
            request.path,
            request.query,
            request.header("Authorization"),
        )
        key = resolution.route.key if resolution.route else f"{provider}.unrouted"
        with self.stats.tracking(provider, key):
            self._pause(self.latency)
            return self._answer(request, resolution, provider, key)

    def _answer(self, request: Request, resolution: Resolution, provider: str, key: str) -> Outcome:
        fault = self.faults.take(provider, request.path) if resolution.provider else None
        if fault is not None:
            if fault.kind == "reset":
                return Outcome(None, reset=True)
            replacement = fault_effects.answer_instead(fault)
            if replacement is not None:
                return Outcome(replacement)
            if fault.kind == "slow":
                self._pause(fault.delay)
        response = self._route(request, resolution)
        if fault is not None and response.status == 200:
            if fault.kind == "malformed_json":
                response = fault_effects.truncate(response)
            elif fault.kind == "schema_break":
                response = fault_effects.break_schema(key, response)
            elif fault.kind == "drip":
                return Outcome(response, drip=fault.delay)
        return Outcome(response)

    def _route(self, request: Request, resolution: Resolution) -> Response:
        if resolution.route is None or resolution.match is None:
            if resolution.provider is None:
                return json_response(404, {"error": "Not Found", "message": request.path})
            message = "Method not allowed" if resolution.status == 405 else "No such endpoint"
            return json_response(
                resolution.status, error_body(resolution.provider, resolution.status, message)
            )
        return resolution.route.handler(request, resolution.match)

    def _pause(self, seconds: float) -> None:
        """Sleep, but wake at once when the sandbox stops so shutdown never waits on it."""
        if seconds > 0:
            self.stopping.wait(seconds)
