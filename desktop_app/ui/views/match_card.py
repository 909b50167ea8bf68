"""The selected match as a card: its invoices on the left, the statement lines on the right.

An accountant decides a match by reading the invoice against the bank's line: the number
against the description, the amount against the amount, the issue date against the day
paid. The detail pane said it in one line of text ("EL-2025-00133 ↔ bank.csv:6"), so the
line's own words were on another screen. Each side lists every invoice or line of the
match (a batch's invoices, a payment in parts' lines), each as a small block of named
fields in the same order, under a heading that counts them and gives their total; what
they all share (their provider and counterparty, their statement) is said once beneath it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from desktop_app.domain import Invoice, Match, Money, StatementLine
from desktop_app.ui import formatting as fmt
from desktop_app.ui.hand_match import selection_totals
from desktop_app.wording import counted

FIELD_COLOUR = "#757575"  # the names of the fields: quieter than what they name
NOTHING = "—"  # a field the provider or the file leaves empty
# Fields said once for the invoices or lines of a match that all share them: whom and
# where, never an amount or a date (one amount under the heading would read as a total).
SHARED = frozenset({"Provider", "Counterparty", "Statement", "Payee"})

Rows = list[tuple[str, str]]  # (field, its value as rich text)


def _fields(rows: Rows) -> str:
    """One block of named fields: the names in a narrow column, the values wrapping."""
    cells = "".join(
        f"<tr><td style='color:{FIELD_COLOUR}; padding-right:8px'>{escape(name)}</td>"
        f"<td>{value}</td></tr>"
        for name, value in rows
    )
    return f"<table cellspacing='0' cellpadding='1'>{cells}</table>" if cells else ""


def _side(heading: str, blocks: list[Rows]) -> str:
    """One side of the card: its heading, then each item's fields; for several items,
    the fields they all share once (``SHARED``) and each item's own below a rule."""
    if len(blocks) == 1:
        return heading + _fields(blocks[0])
    shared = [row for row in blocks[0] if row[0] in SHARED and all(row in b for b in blocks)]
    own = ("<hr>" + _fields([row for row in block if row not in shared]) for block in blocks)
    return heading + _fields(shared) + "".join(own)


def _heading(text: str, total: str) -> str:
    return f"<b>{escape(text)}</b>" + (f" · {escape(total)}" if total else "")


def _dates(invoice: Invoice) -> list[tuple[str, str]]:
    """When it was issued and is due; a Versori invoice, which has neither, its period."""
    if invoice.issue_date is None and invoice.period_start is not None:
        end = fmt.day(invoice.period_end or invoice.period_start)
        return [("Period", f"{fmt.day(invoice.period_start)} to {end}")]
    return [
        ("Issued", fmt.day(invoice.issue_date) or NOTHING),
        ("Due", fmt.day(invoice.due_date) or NOTHING),
    ]


def _money(amount: Money) -> str:
    """An amount in bold with its currency's code: "£126.18 GBP" (the code said once)."""
    shown = amount.format()
    code = "" if shown.endswith(amount.currency) else f" {amount.currency}"
    return f"<b>{escape(shown)}</b>{escape(code)}"


def _invoice(invoice: Invoice) -> Rows:
    rows = [
        ("Number", f"<b>{escape(invoice.label)}</b>"),
        ("Provider", escape(invoice.provider)),
        ("Counterparty", escape(invoice.counterparty_label or NOTHING)),
        *((name, escape(day)) for name, day in _dates(invoice)),
        ("Gross", _money(invoice.gross)),
    ]
    said = fmt.outstanding(invoice)
    if said is not None:  # the provider's figure, said as the engine reads it
        note = "" if said.counted else f" · as {escape(said.provider)} says; {fmt.WHOLE_INVOICE}"
        rows.append(("Outstanding", _money(said.owed) + note))
    return rows


def _line(line: StatementLine) -> Rows:
    rows = [
        ("Statement", escape(line.source_file)),
        ("Row", str(line.row)),
        ("Date", escape(fmt.day(line.date))),
        ("Amount", _line_amount(line)),
    ]
    if line.counterparty:
        rows.append(("Payee", escape(line.counterparty)))
    rows += [
        ("Description", escape(line.description or NOTHING)),
        ("Reference", escape(line.reference or NOTHING)),
    ]
    return rows


def _line_amount(line: StatementLine) -> str:
    """As the statement has it, in its currency; bare where the file states none."""
    if line.currency is None:
        return f"<b>{escape(fmt.line_amount(line))}</b>"
    return _money(line.money)


def _lines_total(lines: Sequence[StatementLine]) -> str:
    """The lines' amounts as the statement has them, added up in each currency, as the
    totals of a selection to match by hand are (``selection_totals``)."""
    return " + ".join(selection_totals((), lines).paid_texts())


def invoices_html(match: Match) -> str:
    """The card's left side: the invoice, or each of the match's with their total."""
    invoices = match.invoices
    if len(invoices) == 1:
        heading = _heading("Invoice", "")
    else:
        totals = "; ".join(total.format() for total in match.invoiced_totals())
        heading = _heading(counted(len(invoices), "invoice"), totals)
    return _side(heading, [_invoice(invoice) for invoice in invoices])


def lines_html(match: Match) -> str:
    """The card's right side: the statement line, or each of the match's with their total."""
    lines = match.lines
    if len(lines) == 1:
        heading = _heading("Statement line", "")
    else:
        heading = _heading(counted(len(lines), "statement line"), _lines_total(lines))
    return _side(heading, [_line(line) for line in lines])


def _half(name: str) -> QLabel:
    side = QLabel()
    side.setObjectName(name)
    side.setTextFormat(Qt.TextFormat.RichText)
    side.setWordWrap(True)
    side.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    side.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return side


class MatchCard(QFrame):
    """The invoices (``invoices``) beside the statement lines (``lines``) of one match."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("match card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.invoices = _half("match card invoices")
        self.lines = _half("match card lines")
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.VLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.invoices, 1)
        layout.addWidget(rule)
        layout.addWidget(self.lines, 1)
        self.show_match(None)

    def show_match(self, match: Match | None) -> None:
        self.setVisible(match is not None)
        self.invoices.setText("" if match is None else invoices_html(match))
        self.lines.setText("" if match is None else lines_html(match))
        # Each invoice whole, with its provider's id (a Versori invoice's link).
        self.invoices.setToolTip("" if match is None else fmt.invoice_names(match.invoices))
