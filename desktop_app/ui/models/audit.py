"""The audit trail of decisions, newest last, as the accountant reads it."""

from __future__ import annotations

from typing import Any

from desktop_app.domain import Decision, DecisionKind
from desktop_app.ui.models.columns import ColumnSpec
from desktop_app.ui.models.table_model import DomainTableModel

KIND_LABELS = {
    DecisionKind.ENGINE_MATCH: "Matched by the engine",
    DecisionKind.ACCEPT: "Accepted",
    DecisionKind.REJECT: "Rejected",
    DecisionKind.MANUAL_MATCH: "Matched by hand",
    DecisionKind.UNMATCH: "Unmatched",
}

IndexedDecision = tuple[int, Decision]

AUDIT_COLUMNS: tuple[ColumnSpec[IndexedDecision], ...] = (
    ColumnSpec(
        "at",
        "When",
        lambda p: p[1].at.strftime("%Y-%m-%d %H:%M:%S") if p[1].at else "",
        sort_key=lambda p: p[1].at,
        width=150,
    ),
    ColumnSpec("kind", "Decision", lambda p: KIND_LABELS[p[1].kind], width=150),
    ColumnSpec("user", "By", lambda p: p[1].user, width=90),
    ColumnSpec(
        "invoices", "Invoices", lambda p: ", ".join(str(k) for k in p[1].invoice_keys), width=200
    ),
    ColumnSpec(
        "lines", "Statement lines", lambda p: ", ".join(str(k) for k in p[1].line_keys), width=170
    ),
    ColumnSpec("reason", "Reason", lambda p: p[1].reason, width=200),
)


class AuditModel(DomainTableModel[IndexedDecision]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(AUDIT_COLUMNS, lambda p: p[0], lambda p: p[1].reason, parent)

    def show_decisions(self, decisions: list[Decision]) -> None:
        self.set_items(enumerate(decisions))
