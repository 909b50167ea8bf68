"""How the report names an invoice in a cell of text: the rule is the domain's
(``domain.invoice_names``), shared with the engine's explanations of discrepancies, so
every sheet and every sentence tells two invoices of one number apart alike."""

from __future__ import annotations

from desktop_app.domain.invoice_names import invoice_labels, told_apart

__all__ = ["invoice_labels", "told_apart"]
