"""What an empty screen says to do next, in an accountant's words, from what the session
holds: a screen with nothing on it said nothing ("0 discrepancies" before matching had
ever run read like a clean result), so the first steps were guesswork.

Pure functions over the session's state (no widgets): each screen shows the sentence.
"""

from __future__ import annotations

from typing import Protocol

from desktop_app.domain import Reconciliation
from desktop_app.wording import counted, plural

NOT_RUN = "Matching has not run yet"
MATCHING = "Matching… the results will show here when it is done."
FETCH = "fetch your invoices (Fetch invoices)"
IMPORT = "import a bank statement (Import statement)"
RUN = "press Run matching"
NO_INVOICES = (
    "No invoices yet: press Fetch invoices to bring in your providers' invoices "
    "(your providers are set up under Settings)."
)


class Holdings(Protocol):
    """What the session holds that says how far the accountant has got."""

    @property
    def has_invoices(self) -> bool: ...

    @property
    def has_statements(self) -> bool: ...

    @property
    def matching(self) -> bool: ...

    reconciliation: Reconciliation | None


def matching_not_run(session: Holdings) -> str | None:
    """What to do before matching has run (None once it has): the steps not yet taken,
    then Run matching; while a run is under way, that it is. The run a workspace starts
    as it opens was said "not run yet" until it landed, as if a step were left to take."""
    if session.reconciliation is not None:
        return None
    if session.matching:
        return MATCHING
    return not_run_steps(session.has_invoices, session.has_statements)


def not_run_steps(has_invoices: bool, has_statement: bool) -> str:
    """ "Matching has not run yet: ..." with the steps left: fetching the invoices and
    importing a statement where there are none, and running matching."""
    steps = [step for step, done in ((FETCH, has_invoices), (IMPORT, has_statement)) if not done]
    if not steps:
        return f"{NOT_RUN}: {RUN} to pair your invoices with the statement's payments."
    return f"{NOT_RUN}: {', '.join(steps)}, then {RUN}."


def discrepancies_said(session: Holdings, count: int) -> str:
    """The Discrepancies screen's count, never "0 discrepancies" before a run: that
    read as a clean month."""
    not_run = matching_not_run(session)
    if not_run is not None:
        return not_run
    if count == 0:
        return "No discrepancies: the last matching run found none."
    return counted(count, "discrepancy", "discrepancies")


def invoices_said(session: Holdings, shown: int, total: int) -> str:
    """The Invoices screen's count, with what to do where there is nothing to show or
    matching has not run (every invoice's Match then says nothing of its payment)."""
    if total == 0:
        return NO_INVOICES
    counted = f"{shown:,} of {total:,} {plural(total, 'invoice')}"
    not_run = matching_not_run(session)
    return counted if not_run is None else f"{counted}. {not_run}"
