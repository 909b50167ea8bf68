"""The TLS trust store the application uses, chosen deliberately: certifi's CA bundle.

httpx verifies certificates against certifi by default. We keep that choice explicit (and
in one place) because a frozen bundle must carry the bundle file itself, and because a
corporate proxy with its own root CA needs a documented override: ``SSL_CERT_FILE``
pointing at a PEM file is honoured here and used instead.
"""

from __future__ import annotations

import os
import ssl
from pathlib import Path

import certifi


def ca_bundle_path() -> Path:
    override = os.environ.get("SSL_CERT_FILE")
    if override:
        return Path(override)
    return Path(certifi.where())


def ssl_context() -> ssl.SSLContext:
    """A verifying client context over the chosen CA bundle (hostname checks on)."""
    path = ca_bundle_path()
    if not path.is_file():
        raise FileNotFoundError(f"TLS certificate bundle not found: {path}")
    return ssl.create_default_context(cafile=str(path))


def trusted_certificate_count() -> int:
    return len(ssl_context().get_ca_certs())
