"""The audit trail of decisions, newest last, as the accountant reads it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop_app.domain import DecisionKind
from desktop_app.ui.models.columns import RIGHT, ColumnSpec
from desktop_app.ui.models.table_model import DomainTableModel
from desktop_app.ui.services import AuditRow
from desktop_app.wording import moment_text

KIND_LABELS = {
    DecisionKind.ENGINE_MATCH: "Matched by the engine",
    DecisionKind.ACCEPT: "Accepted",
    DecisionKind.REJECT: "Rejected",
    DecisionKind.MANUAL_MATCH: "Matched by hand",
    DecisionKind.UNMATCH: "Unmatched",
}


def _when(at: datetime | None) -> str:
    """'2025-03-05 14:05:09 UTC': a decision's time in UTC, saying so, as the report's
    Audit sheet and the rejections' explanations say it (design.md, Dates); it was the
    stored time's digits, in whichever zone it was stored, naming none."""
    return "" if at is None else moment_text(at, seconds=True)


def _status(row: AuditRow) -> str:
    """'in force', 'replaced by #31'; for a decision an undo put back, which entry it
    restores too ('in force; restores #28 (undo of #29)'): its reason is that entry's."""
    if row.in_force:
        status = "in force"
    else:
        status = f"replaced by #{row.replaced_by}" if row.replaced_by is not None else ""
    if not row.restores:
        return status
    restores = f"restores {row.restores}"
    return f"{status}; {restores}" if status else restores


AUDIT_COLUMNS: tuple[ColumnSpec[AuditRow], ...] = (
    ColumnSpec("id", "#", lambda r: str(r.id), sort_key=lambda r: r.id, align=RIGHT, width=50),
    ColumnSpec(
        "at",
        "When",
        lambda r: _when(r.decision.at),
        sort_key=lambda r: r.decision.at,
        width=150,
    ),
    ColumnSpec("kind", "Decision", lambda r: KIND_LABELS[r.decision.kind], width=150),
    ColumnSpec("user", "By", lambda r: r.decision.user, width=90),
    ColumnSpec(
        "invoices",
        "Invoices",
        lambda r: ", ".join(str(k) for k in r.decision.invoice_keys),
        width=200,
    ),
    ColumnSpec(
        "lines",
        "Statement lines",
        lambda r: ", ".join(str(k) for k in r.decision.line_keys),
        width=170,
    ),
    ColumnSpec("status", "Status", _status, tooltip=lambda r: _status(r) or None, width=120),
    ColumnSpec(
        "reason",
        "Reason",
        lambda r: r.decision.reason,
        tooltip=lambda r: r.decision.reason or None,
        width=260,
    ),
)


class AuditModel(DomainTableModel[AuditRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(AUDIT_COLUMNS, lambda r: r.id, lambda r: r.decision.reason, parent)
