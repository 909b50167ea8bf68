"""What the screens show of a matching run beyond its rows, worked out where it is made.

A run of 20,000 invoices and 200,000 lines landed on the GUI thread in seconds: the
Unmatched lines panel asked of each of the 200,000 lines whether a match reconciles it,
the Discrepancies screen grouped and totalled 180,000 discrepancies, and the Overview
added up every invoice's payments, all before the window could answer again. The run's
worker now works them out (``RunRows.landed``), as the run's rows already were, into
plain immutable data that the screens take as they are, each model with one reset.

Pure (no Qt): what is worked out is the same as the screens worked out themselves, which
``tests/ui_backend/test_run_landing_data.py`` compares on the engine's own runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain import Invoice, StatementLine
from desktop_app.ui.summaries import DiscrepancyList, OverviewFigures


@dataclass(frozen=True, slots=True, eq=False)
class RunLanding:
    """A run's screens, made ready on its worker from the invoices and lines it was made
    of, as the session held them at its ``held_version`` (``held``):

    - ``offered_invoices`` and ``open_lines``: the Unmatched invoices and Unmatched lines
      panels' rows, in the order held (``MatchIndex.offered_invoices``, ``open_lines``);
    - ``discrepancies``: the Discrepancies screen's list and groups (the run's alone);
    - ``overview``: the Overview's tiles and chart, of the run's rows.

    All but ``discrepancies`` are of the invoices and lines as read: the session shows
    them only while it holds those still (``held``), and works them out again otherwise.
    They are taken once, as the run lands: each review step after it changes the panels
    row by row and the Overview's figures are worked out anew (``ReviewSession``)."""

    held: int
    offered_invoices: tuple[Invoice, ...]
    open_lines: tuple[StatementLine, ...]
    discrepancies: DiscrepancyList
    overview: OverviewFigures
