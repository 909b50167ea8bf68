"""The engine never imports Qt: checked in a fresh interpreter, so nothing else leaks in."""

from __future__ import annotations

import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

import pytest

CORE_PACKAGES = [
    "desktop_app.domain",
    "desktop_app.matching",
    "desktop_app.providers",
    "desktop_app.statements",
    "desktop_app.export",
    "desktop_app.workspace",
    "desktop_app.sandbox",
    "desktop_app.os_errors",  # shared by export and the statements engine
    "desktop_app.refusal",  # marks the engine's refusals, for any front end
]


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_core_package_does_not_import_qt(package: str) -> None:
    code = (
        "import importlib, importlib.util, sys\n"
        f"if importlib.util.find_spec({package!r}) is None: sys.exit(3)\n"
        f"importlib.import_module({package!r})\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'qasync')))\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode != 3, f"{package} is missing"
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{package} pulls in Qt: {result.stdout.strip()}"


# design.md's top level, plus the repository's own dot-files and the folders it names.
_TOP_LEVEL = {
    ".ci",
    ".gitignore",
    "README.md",
    "benchmarks",
    "desktop_app",
    "docs",
    "packaging",
    "pyproject.toml",
    "resources",
    "scripts",
    "tests",
}


def test_nothing_stray_is_committed_at_the_top_level() -> None:
    """A test's scratch workbook once landed beside pyproject.toml; a newcomer's checkout
    holds only what design.md describes. In a git checkout the tracked files are checked
    (a developer's untracked scratch is theirs); in an unpacked copy, what is on disk, less
    what .gitignore names."""
    root = Path(__file__).resolve().parent.parent
    listed = subprocess.run(
        ["git", "ls-files"], cwd=root, capture_output=True, text=True, check=False
    )
    if listed.returncode == 0:
        present = {path.split("/", 1)[0] for path in listed.stdout.splitlines()}
    else:
        present = {entry.name for entry in root.iterdir()} - {".git"}
        ignored = (root / ".gitignore").read_text(encoding="utf-8").split()
        present = {
            name for name in present if not any(fnmatch(name, p.rstrip("/")) for p in ignored)
        }
    assert present - _TOP_LEVEL == set()
