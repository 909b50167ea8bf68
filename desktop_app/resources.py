"""Where the application's bundled files (icons, sample statements) live.

In a source checkout they are in the top-level ``resources/`` folder; an installed wheel or
a frozen bundle carries them inside the package as ``_resources``. Callers ask here instead
of building paths themselves, so the three layouts stay one concern.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    candidates = [_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parent / "resources"]
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root is not None:
        candidates.insert(0, Path(bundle_root) / "desktop_app" / "_resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "the application's resources folder is missing; looked in "
        + ", ".join(str(path) for path in candidates)
    )


def resource_path(*parts: str) -> Path:
    """Path of one bundled file; raises FileNotFoundError naming it when it is absent."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource not found: {path}")
    return path
