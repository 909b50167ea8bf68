"""Facts about this installation: version, where files live, bundled components' licences.

Shown in the About dialog and printed by ``desktop-app diagnose``; kept free of Qt so the
headless command and a frozen bundle can both use it.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import platformdirs

from desktop_app import APP_ID, APP_NAME, __version__

# The third-party components an installed or bundled application ships, with the licence
# each is distributed under. Versions are read at run time from the installed metadata.
BUNDLED_COMPONENTS: tuple[tuple[str, str], ...] = (
    ("PySide6", "LGPL-3.0-only (Qt for Python); Qt itself under LGPL-3.0"),
    ("shiboken6", "LGPL-3.0-only"),
    ("httpx", "BSD-3-Clause"),
    ("httpcore", "BSD-3-Clause"),
    ("h11", "MIT"),
    ("anyio", "MIT"),
    ("certifi", "MPL-2.0 (Mozilla CA bundle)"),
    ("idna", "BSD-3-Clause"),
    ("pydantic", "MIT"),
    ("pydantic-core", "MIT"),
    ("openpyxl", "MIT"),
    ("et-xmlfile", "MIT"),
    ("python-calamine", "MIT"),
    ("qasync", "BSD-2-Clause"),
    ("keyring", "MIT"),
    ("platformdirs", "MIT"),
    ("rapidfuzz", "MIT"),
    ("tomlkit", "MIT"),
)


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    version: str
    licence: str


@dataclass(frozen=True, slots=True)
class AppPaths:
    """Where the application keeps its files for the current user."""

    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def default_workspace(self) -> Path:
        return self.data_dir / "workspace.reconcile"

    @property
    def log_file(self) -> Path:
        return self.log_dir / f"{APP_ID}.log"


def app_paths() -> AppPaths:
    return AppPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_ID, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_ID, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_ID, appauthor=False)),
    )


def bundled_components() -> list[Component]:
    components = []
    for name, licence in BUNDLED_COMPONENTS:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "not installed"
        components.append(Component(name, version, licence))
    return components


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def summary_lines() -> list[str]:
    paths = app_paths()
    lines = [
        f"{APP_NAME} {__version__}",
        f"Python {platform.python_version()} on {platform.platform()}",
        f"Frozen bundle: {'yes' if is_frozen() else 'no'}",
        f"Workspace (default): {paths.default_workspace}",
        f"Settings: {paths.config_dir}",
        f"Logs: {paths.log_file}",
        "Bundled components:",
    ]
    lines += [f"  {c.name} {c.version} ({c.licence})" for c in bundled_components()]
    return lines
