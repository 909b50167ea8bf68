"""The configured providers, for the settings screen."""

from __future__ import annotations

from typing import Any

from desktop_app.ui.models.columns import ColumnSpec
from desktop_app.ui.models.table_model import DomainTableModel
from desktop_app.ui.services import ProviderEntry

KIND_LABELS = {
    "content_ignite": "Content Ignite",
    "versori": "Versori",
    "elevate": "Elevate Billing",
}

PROVIDER_COLUMNS: tuple[ColumnSpec[ProviderEntry], ...] = (
    ColumnSpec("name", "Name", lambda p: p.name, width=160),
    ColumnSpec("kind", "API", lambda p: KIND_LABELS.get(p.kind, p.kind), width=120),
    ColumnSpec("url", "Address", lambda p: p.base_url or "(production)", width=240),
    ColumnSpec("direction", "Direction", lambda p: p.direction or "(default)", width=90),
    ColumnSpec(
        "token",
        "Token",
        lambda p: "in keyring" if p.has_token else "missing",
        foreground=lambda p: None if p.has_token else "#c62828",
        width=90,
    ),
)


class ProviderModel(DomainTableModel[ProviderEntry]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(PROVIDER_COLUMNS, lambda p: p.name, lambda p: f"{p.name} {p.kind}", parent)
