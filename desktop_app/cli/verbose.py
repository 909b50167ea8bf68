"""``--verbose``: every provider request on stderr, for a scheduled run's log.

One line per attempt (method, path below the base URL with its query, status or failure,
time taken, attempt number) and one per retry, renewal and shifted list, as the provider
layer logs them: each line is built by ``ProviderHttp`` and passed through its redactor,
so no token or password reaches it. httpx's own lines (full URLs) stay out, and so does a
provider's failure, which the command says as its result: the reason once, not twice.

Without ``--verbose``, a request kept waiting is still said (``WAITING_LOGGER``: "still
waiting for CI (attempt 2 of 5) …"): a provider that never answers keeps a fetch going for
minutes, which a silent terminal makes look like a hang.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from desktop_app.providers.fetch import SAID_AS_RESULT
from desktop_app.providers.http_client import WAITING_LOGGER

PROVIDER_LOGGER = "desktop_app.providers"


def add_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="log every provider request (method, path, status, time, retries) to stderr; "
        "tokens and passwords are never shown",
    )


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Lines on stderr, each after ``before()`` (ending a live progress line, which a
    line written into it would garble)."""

    def __init__(self, before: Callable[[], None] | None) -> None:
        super().__init__(sys.stderr)
        self._before = before
        self.setFormatter(logging.Formatter("desktop-app: %(message)s"))
        # A failure the command reports as its result is not logged as well.
        self.addFilter(lambda record: not getattr(record, SAID_AS_RESULT, False))

    def emit(self, record: logging.LogRecord) -> None:
        if self._before is not None:
            self._before()
        super().emit(record)


@contextmanager
def request_log(enabled: bool, *, before: Callable[[], None] | None = None) -> Iterator[None]:
    """While the command runs, send the provider layer's debug lines to stderr when
    ``enabled``, else only its "still waiting" notices; ``before`` is called before each
    line is written."""
    name, level = (PROVIDER_LOGGER, logging.DEBUG) if enabled else (WAITING_LOGGER, logging.INFO)
    logger = logging.getLogger(name)
    handler = _Stderr(before)
    kept = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(kept)
