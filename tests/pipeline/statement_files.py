"""Small csv statements written for a test, and kept in a workspace as an import keeps them:
the set-up of the command line's workspace tests."""

from __future__ import annotations

from pathlib import Path

from desktop_app.statements import import_statement
from desktop_app.workspace import Workspace, file_sha256

HEADER = "Date,Description,Amount\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def store(workspace: Workspace, path: Path) -> None:
    """``path`` imported (pounds where it names no currency) and kept in ``workspace``."""
    imported = import_statement(path, default_currency="GBP")
    workspace.add_statement(path.name, file_sha256(path), {"format": "csv"}, imported.lines)
