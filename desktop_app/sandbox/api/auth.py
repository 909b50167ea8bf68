"""Reading ``Authorization`` headers the way each provider expects them."""

from __future__ import annotations

import hmac

from desktop_app.sandbox.routing import Request


def presented_token(request: Request, schemes: tuple[str, ...]) -> str | None:
    """The token after one of ``schemes`` (case-insensitive), or None when absent/other."""
    header = request.header("Authorization")
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() not in {s.lower() for s in schemes} or not token.strip():
        return None
    return token.strip()


def same_secret(presented: str | None, expected: str) -> bool:
    """Constant-time comparison, as a real server would do."""
    return presented is not None and hmac.compare_digest(presented.encode(), expected.encode())
