"""Matches as a table, and the selected match's evidence (its signals) as another."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from desktop_app.domain import Match, MatchState, Money, Signal, StatementLine
from desktop_app.ui import formatting as fmt
from desktop_app.ui.models.columns import CENTER, RIGHT, ColumnSpec
from desktop_app.ui.models.filtering import amount_text, money_text
from desktop_app.ui.models.table_model import DomainTableModel, Release
from desktop_app.ui.review import describe, match_key
from desktop_app.ui.review_flags import state_text

# Why a row's decision needs review (its invoice changed since), or None: the session's.
ReviewNote = Callable[[Match], str | None]
FLAGGED_COLOUR = "#d84315"  # a flagged row's state: it must catch the eye

_STATE_ORDER = {
    MatchState.SUGGESTED: 0,
    MatchState.AUTO: 1,
    MatchState.ACCEPTED: 2,
    MatchState.MANUAL: 3,
    MatchState.REJECTED: 4,
}


def difference(match: Match) -> Money | None:
    """Paid minus what the payment was compared with, in the invoices' sign: the gross
    total, or what is still owed where the engine compared it with that (an invoice
    partly paid before: ``Match.compared_total``); None across currencies."""
    paid = match.paid_total()
    compared = match.compared_total()
    if paid is None or compared is None or paid.currency != compared.currency:
        return None
    return paid - compared


def _difference_tooltip(match: Match) -> str | None:
    """Why the Difference is not against the Invoiced amount, where it is not."""
    compared = match.compared_with
    if compared is None:
        return None
    return f"Paid less the {compared.format()} still owed of {_invoiced(match)} invoiced"


def _providers(match: Match) -> str:
    """The invoices' providers, each once, in order: a pairing made by hand across two
    providers names both, as the workbook's Discrepancies row does."""
    return "; ".join(dict.fromkeys(invoice.provider for invoice in match.invoices))


def _invoiced(match: Match) -> str:
    """The invoices' total; one per currency, side by side, when they are in several
    (paired so by hand): pounds are never added to euros."""
    return "; ".join(total.format() for total in match.invoiced_totals())


def _invoiced_amount(match: Match) -> Decimal | None:
    invoiced = match.invoiced_total()
    return None if invoiced is None else invoiced.amount


def _paid(match: Match) -> str:
    paid = match.paid_total()
    if paid is not None:
        return paid.format()
    return "; ".join(fmt.line_amount(line) for line in match.lines)


def _paid_amount(match: Match) -> Decimal | None:
    paid = match.paid_total()
    return None if paid is None else paid.amount


def _difference_text(match: Match) -> str:
    diff = difference(match)
    if diff is None:
        return "currency differs"
    return "" if diff.rounded().is_zero() else diff.format()


def _said(line: StatementLine) -> str:
    """What the statement says of one payment: its payee (where the file names one apart)
    and its description, each once; else its reference, so a line that says anything is
    never blank."""
    said = " · ".join(dict.fromkeys(p for p in (line.counterparty, line.description) if p))
    return said or line.reference


def _descriptions(match: Match) -> str:
    """What the statement says of the match's payment (the text an accountant decides
    by): a batch's one line, or each of a payment in parts' lines, each text once."""
    return "; ".join(dict.fromkeys(filter(None, map(_said, match.lines))))


def _descriptions_tooltip(match: Match) -> str | None:
    """Each line whole, by file and row, with its reference: the cell is often cut."""
    told = []
    for line in match.lines:
        reference = f" · ref {line.reference}" if line.reference else ""
        told.append(f"{line.key}: {_said(line)}{reference}")
    return "\n".join(told) or None


def _no_note(match: Match) -> str | None:
    return None


def _state_column(note: ReviewNote) -> ColumnSpec[Match]:
    """The state, marked on a row whose decision needs review, which its tooltip says why."""
    return ColumnSpec(
        "state",
        "State",
        lambda m: state_text(fmt.state(m.state), note(m) is not None),
        sort_key=lambda m: _STATE_ORDER[m.state],
        tooltip=note,
        foreground=lambda m: FLAGGED_COLOUR if note(m) is not None else fmt.STATE_COLOURS[m.state],
        width=85,  # "⚠ Suggested", the widest
    )


# Shown (``shown_after``) as State, Score, Invoices, Invoiced, Paid, Difference,
# Description, Provider, ...: the money in sight at 1366x768 without scrolling sideways,
# the statement's words after it. Declared in their first order, which saved layouts keep.
MATCH_COLUMNS: tuple[ColumnSpec[Match], ...] = (
    _state_column(_no_note),
    ColumnSpec(
        "score",
        "Score",
        fmt.match_score,
        sort_key=lambda m: m.score if m.scored else None,
        align=RIGHT,
        width=55,
    ),
    ColumnSpec("provider", "Provider", _providers, width=120),
    ColumnSpec(
        "invoices",
        "Invoices",
        lambda m: ", ".join(i.label for i in m.invoices),
        tooltip=lambda m: fmt.invoice_names(m.invoices),
        width=115,  # "EL-2025-00133" whole; several, or a long label, in the tooltip
        shown_after="score",
    ),
    ColumnSpec(
        "invoiced",
        "Invoiced",
        _invoiced,
        sort_key=_invoiced_amount,
        align=RIGHT,
        width=100,  # "£999,999.99" whole
        shown_after="invoices",
    ),
    ColumnSpec(
        "lines",
        "Statement lines",
        lambda m: ", ".join(str(line.key) for line in m.lines),
        tooltip=lambda m: "\n".join(str(line.key) for line in m.lines),
        width=160,
    ),
    ColumnSpec(
        "date",
        "Paid on",
        lambda m: fmt.day(m.lines[0].date),
        sort_key=lambda m: m.lines[0].date,
        align=CENTER,
        width=95,
    ),
    ColumnSpec(
        "paid", "Paid", _paid, sort_key=_paid_amount, align=RIGHT, width=100, shown_after="invoiced"
    ),
    ColumnSpec(
        "difference",
        "Difference",
        _difference_text,
        sort_key=lambda m: d.amount if (d := difference(m)) is not None else None,
        align=RIGHT,
        tooltip=_difference_tooltip,
        foreground=lambda m: None if not _difference_text(m) else fmt.NEGATIVE_COLOUR,
        width=85,  # a fee or a shortfall: "-£1,234.56"
        shown_after="paid",
    ),
    ColumnSpec(
        "explanation",
        "Explanation",
        lambda m: m.explanation,
        tooltip=lambda m: m.explanation,
        width=320,
    ),
    ColumnSpec(
        "runner_up",
        "Runner-up",
        lambda m: m.runner_up or "",
        tooltip=lambda m: f"Also plausible: {m.runner_up}" if m.runner_up else None,
        width=140,
    ),
    # Last among the columns (saved layouts keep theirs by position: ``ColumnSpec``),
    # shown after the money, read against the invoices before it.
    ColumnSpec(
        "description",
        "Description",
        _descriptions,
        tooltip=_descriptions_tooltip,
        width=220,
        shown_after="difference",
    ),
)
# The arrangement above, numbered for saved layouts (``DomainTableView.layout_version``):
# 1 since the money came first. A layout saved before it kept Provider ahead of the money
# and Description beside the invoices, so the new arrangement reached first runs only.
MATCH_LAYOUT_VERSION = 1


def _amounts_text(match: Match) -> str:
    """Every amount the row shows, as the filter finds it (``money_text``): what was
    invoiced (and each invoice's, of several), paid (and each line's, as the statement
    has it) and the difference where one is shown."""
    diff = difference(match)
    shown = diff is not None and not diff.rounded().is_zero()
    each = [invoice.gross for invoice in match.invoices] if len(match.invoices) > 1 else []
    lines = (amount_text(line.amount, line.currency) for line in match.lines)
    invoiced = money_text(*match.invoiced_totals(), *each, match.paid_total())
    return " ".join((invoiced, *lines, money_text(diff if shown else None)))


def match_text(match: Match, note: ReviewNote = _no_note) -> str:
    """What the filter box searches: every amount shown ("£446.00" finds its row), what
    the statement says of the payment (its description, payee and reference: "customer
    1036"), and a flagged row's note too ("review", "changed")."""
    return " ".join(
        (
            describe(match),
            *(line.text for line in match.lines),
            match.explanation,
            fmt.state(match.state),
            match.runner_up or "",
            note(match) or "",
            _amounts_text(match),
        )
    )


class MatchTableModel(DomainTableModel[Match]):
    """The matches; ``note`` (the session's) marks the rows whose decision needs review."""

    def __init__(
        self, parent: Any = None, note: ReviewNote = _no_note, release: Release | None = None
    ) -> None:
        columns = (_state_column(note), *MATCH_COLUMNS[1:])
        super().__init__(columns, match_key, lambda m: match_text(m, note), parent, release)


SIGNAL_COLUMNS: tuple[ColumnSpec[tuple[int, Signal]], ...] = (
    ColumnSpec("signal", "Signal", lambda p: p[1].name, width=110),
    ColumnSpec(
        "score",
        "Score",
        lambda p: fmt.score(p[1].score),
        sort_key=lambda p: p[1].score,
        align=RIGHT,
        width=60,
    ),
    ColumnSpec(
        "weight",
        "Weight",
        lambda p: f"{p[1].weight:g}",
        sort_key=lambda p: p[1].weight,
        align=RIGHT,
        width=60,
    ),
    ColumnSpec(
        "detail", "Evidence", lambda p: p[1].detail, tooltip=lambda p: p[1].detail, width=300
    ),
)


class SignalModel(DomainTableModel[tuple[int, Signal]]):
    """The breakdown of one match's score: one row per piece of evidence."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(SIGNAL_COLUMNS, lambda p: p[0], lambda p: p[1].detail, parent)

    def show_match(self, match: Match | None) -> None:
        self.set_items(enumerate(match.signals) if match is not None else ())
