"""The decisions flagged for review, one row each, as "Flagged decisions" lists them."""

from __future__ import annotations

from typing import Any

from desktop_app.ui.models.columns import ColumnSpec
from desktop_app.ui.models.table_model import DomainTableModel
from desktop_app.ui.review_flags import FlaggedDecision
from desktop_app.wording import moment_text

NOT_LISTED = "not on Reconcile"


def _flagged_at(item: FlaggedDecision) -> str:
    at = item.flagged_at
    return "" if at is None else moment_text(at, seconds=False)


FLAGGED_COLUMNS: tuple[ColumnSpec[FlaggedDecision], ...] = (
    ColumnSpec("invoice", "Invoice", lambda f: f.invoices, tooltip=lambda f: f.reasons, width=220),
    ColumnSpec("provider", "Provider", lambda f: f.providers, width=130),
    ColumnSpec("decided", "Decision", lambda f: f.decided, width=120),
    ColumnSpec(
        "cause",
        "What changed",
        lambda f: f.what_changed,
        tooltip=lambda f: f.reasons,
        width=220,
    ),
    ColumnSpec("flagged", "Flagged", _flagged_at, sort_key=lambda f: f.flagged_at, width=150),
    ColumnSpec(
        "row",
        "Row",
        lambda f: "on Reconcile" if f.listed else NOT_LISTED,
        tooltip=lambda f: (
            None
            if f.listed
            else "Its invoice is no longer returned by the provider, so the Reconcile screen "
            f"has no row for it: {'withdraw' if f.reviewed else 'keep or withdraw'} it here."
        ),
        width=120,
    ),
)


class FlaggedModel(DomainTableModel[FlaggedDecision]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            FLAGGED_COLUMNS, lambda f: f.pairing, lambda f: f"{f.invoices} {f.reasons}", parent
        )
