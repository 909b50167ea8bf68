"""``--verbose``: every provider request on stderr, for a scheduled run's log.

One line per attempt (method, path below the base URL with its query, status or failure,
time taken, attempt number) and one per retry, renewal and shifted list, as the provider
layer logs them: each line is built by ``ProviderHttp`` and passed through its redactor,
so no token or password reaches it. httpx's own lines (full URLs) stay out.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

PROVIDER_LOGGER = "desktop_app.providers"


def add_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="log every provider request (method, path, status, time, retries) to stderr; "
        "tokens and passwords are never shown",
    )


@contextmanager
def request_log(enabled: bool) -> Iterator[None]:
    """While the command runs, send the provider layer's debug lines to stderr."""
    if not enabled:
        yield
        return
    logger = logging.getLogger(PROVIDER_LOGGER)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("desktop-app: %(message)s"))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
