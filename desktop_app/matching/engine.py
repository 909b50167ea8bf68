"""``reconcile``: the one entry point the CLI, the workspace and the UI call.

Pipeline: prepare (canonical order, integer amounts) -> candidate search by index -> group
hypotheses (batches, split payments) -> the accountant's decisions taken out of the pool ->
global assignment with ambiguity checks (repeat payments, single or in parts, set aside
first) -> matches, repeats and void payments -> discrepancies. Pure and deterministic: the
same inputs in any order give the same result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from operator import attrgetter

from desktop_app import gc_pause
from desktop_app.domain.decision import Decision
from desktop_app.domain.invoice import Invoice, InvoiceKey
from desktop_app.domain.match import MatchState
from desktop_app.domain.progress import CancelToken, ProgressCallback, no_progress
from desktop_app.domain.reconciliation import DECISIONS_NOT_APPLIED, Reconciliation
from desktop_app.domain.statement import StatementLine
from desktop_app.matching import recorded_join
from desktop_app.matching.assignment import Assigner, Assignment
from desktop_app.matching.candidates import CandidateSearch
from desktop_app.matching.context import RunContext
from desktop_app.matching.decisions import (
    EffectiveDecisions,
    Replayed,
    fixed_state,
    replay,
    resolve,
)
from desktop_app.matching.discrepancies import find_discrepancies
from desktop_app.matching.groups import GroupBuilder
from desktop_app.matching.held import (
    GoneInvoices,
    HeldInvoices,
    about_taken_alone,
    held_of,
    lacked,
    taken_in,
    unreturned,
)
from desktop_app.matching.outcome import Decided, Outcome, build_outcomes
from desktop_app.matching.prepare import (
    PreparedInvoice,
    PreparedLine,
    prepare_invoices,
    prepare_lines,
)
from desktop_app.matching.repeat_parts import RepeatParts
from desktop_app.matching.rest import Rest, find_rests
from desktop_app.matching.scoring import Hypothesis, Scorer
from desktop_app.matching.settings import MatchSettings
from desktop_app.matching.void import yield_to_void


def reconcile(
    invoices: Iterable[Invoice],
    lines: Iterable[StatementLine],
    settings: MatchSettings | None = None,
    decisions: Iterable[Decision] = (),
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    held: HeldInvoices | None = None,
    gone: GoneInvoices | None = None,
) -> Reconciliation:
    """Match invoices against statement lines and list what is wrong.

    ``decisions`` is the accountant's decision log in the order the decisions were made
    (see ``decisions.py``): accepted and manual pairings are kept as they are, rejected
    ones are never proposed again, nor is any pairing that contains one (a split or a
    grouped payment saying again what was rejected), and they are not listed among the
    matches. ``progress`` receives (done, total, message); ``cancel`` is polled between
    units of work and raises ``OperationCancelledError`` when set.

    ``held`` looks up invoices a store keeps beyond ``invoices`` (a workspace's, of an
    earlier, wider fetch than the period under review): those an accepted or manual
    pairing in force names, with its lines in the run, are taken into the run so the
    pairing is honoured, and nothing is reported about them alone (``held.py``); the
    result names them (``Reconciliation.taken_in``), so that what counts the period's
    invoices leaves them out.

    ``gone`` looks up the invoices the store holds that their provider no longer returns:
    an accepted or manual pairing in force naming one, with its lines in the run, is kept
    (``decisions.Kept``): the accountant said what its lines pay, so neither they nor its
    other invoices are matched otherwise, and their rows say whose payment the accountant
    made them and which invoice is no longer returned; the result publishes those pairings
    (``Reconciliation.kept``, and their invoices no longer returned, ``gone``), for the
    window to hold and name as the run does. An invoice of such a pairing the run lacks
    and ``held`` holds is named by its label there, as every other invoice is.
    """
    settings = settings or MatchSettings()
    # replayed once, for the invoices taken in and for the run
    replayed = replay(decisions)
    taken: tuple[Invoice, ...] = ()
    lost: dict[InvoiceKey, Invoice] = {}
    found: dict[InvoiceKey, Invoice] = {}
    if (held is not None or gone is not None) and replayed[0]:
        invoices, lines = list(invoices), list(lines)
        wanted = lacked(invoices, lines, replayed[0])
        if held is not None:
            found = held_of(wanted, held)
            taken = taken_in(wanted, found)
            invoices.extend(taken)
        if gone is not None:
            lost = unreturned(wanted, {invoice.key for invoice in taken}, gone)
    with gc_pause.paused():
        result = _reconcile(invoices, lines, settings, replayed, progress, cancel, lost, found)
    if not taken:
        return result
    keys = frozenset(invoice.key for invoice in taken)
    kept = tuple(d for d in result.discrepancies if not about_taken_alone(d, keys))
    return replace(result, discrepancies=kept, taken_in=keys)


def _reconcile(
    invoices: Iterable[Invoice],
    lines: Iterable[StatementLine],
    settings: MatchSettings,
    replayed: Replayed,
    progress: ProgressCallback,
    cancel: CancelToken | None,
    gone: Mapping[InvoiceKey, Invoice],
    found: Mapping[InvoiceKey, Invoice],
) -> Reconciliation:
    progress(0, None, "preparing invoices and statement lines")
    prepared_invoices = prepare_invoices(invoices, settings)
    prepared_lines = prepare_lines(lines, settings)
    _check(cancel)
    scorer = Scorer(settings)
    effective = _effective(replayed, prepared_invoices, prepared_lines, gone, found)
    assignment, void, payee_names, decided = _choose(
        prepared_invoices, prepared_lines, settings, scorer, effective, progress, cancel
    )
    rests = _rests(prepared_invoices, prepared_lines, scorer, effective, decided, assignment)
    ctx = RunContext(prepared_invoices, prepared_lines, settings, scorer, payee_names)
    progress(0, None, "explaining matches and checking discrepancies")
    outcomes = build_outcomes(ctx, effective, decided, assignment, void, rests)
    _check(cancel)
    discrepancies = find_discrepancies(
        ctx, outcomes, effective.rejected, effective.kept, effective.decided_by
    )
    ordered = sorted(outcomes.matches, key=_outcome_order)
    matches = list(map(attrgetter("match"), ordered))
    used = settings.to_dict()
    if effective.not_applied:
        used[DECISIONS_NOT_APPLIED] = len(effective.not_applied)
    # attrgetter and map: C-level passes over 100k invoices and 300k lines
    days = list(map(attrgetter("day"), prepared_lines))
    run_invoices = tuple(map(attrgetter("invoice"), prepared_invoices))
    run_lines = tuple(map(attrgetter("line"), prepared_lines))
    return Reconciliation(
        invoices=run_invoices,
        lines=run_lines,
        matches=tuple(matches),
        discrepancies=tuple(discrepancies),
        period_start=date.fromordinal(min(days)) if days else None,
        period_end=date.fromordinal(max(days)) if days else None,
        settings=used,
        kept=tuple(
            kept.published(run_invoices.__getitem__, run_lines.__getitem__)
            for kept in effective.kept
        ),
        not_applied=tuple(effective.not_applied),
    )


def _choose(
    invoices: list[PreparedInvoice],
    lines: list[PreparedLine],
    settings: MatchSettings,
    scorer: Scorer,
    effective: EffectiveDecisions,
    progress: ProgressCallback,
    cancel: CancelToken | None,
) -> tuple[Assignment, list[Hypothesis], list[str], list[Decided]]:
    """Candidates, groups and the assignment: (assignment, void candidates, payee names,
    the accountant's pairings scored).

    A stage of its own so that the indexes and every candidate not chosen are released
    when it returns, before 100k matches and 300k discrepancy rows are written: those
    reuse the memory instead of asking the system for more.
    """
    # Rejected pairings are left out where hypotheses are made, not after the assignment:
    # the search then looks past them, and the best pairing still allowed can be chosen.
    # So are the lines the accountant placed, and the invoices they settled from grouped
    # and split payments: none of them may take the place of an open line or invoice among
    # the few a split or grouped payment search considers and keeps. The lines of unread
    # currency are read as the placed ones are, for the evidence of a pairing the
    # accountant may make, and scored against nothing (``_of_unread_currency``).
    rejected = effective.rejected
    unscored = frozenset(effective.fixed_lines).union(_of_unread_currency(lines))
    settled = frozenset(effective.fixed_invoices)
    search = CandidateSearch(invoices, settings, scorer, rejected, unscored, settled)
    found = search.run(lines, progress, cancel)
    builder = GroupBuilder(invoices, lines, settings, scorer, rejected)
    groups = builder.build(found)
    _check(cancel)
    assigner = Assigner(settings, scorer, list(map(attrgetter("day"), lines)))
    void = [h for h in found.void if not rejected.forbids(h.lines, h.invoices)]
    live = yield_to_void([*found.live, *groups], void)
    fixed_invoices = effective.fixed_invoices
    decided = _decided(effective, invoices, lines, scorer)
    paid_once = _paid_in_full(decided)
    parts = RepeatParts.search(builder, found, fixed_invoices, paid_once)
    # a payment of the part a provider records as paid is no rival of the rest's payment:
    # it joins whatever the assignment gives its invoice to (``recorded_join.py``)
    pool, recorded = recorded_join.set_aside(
        _open_hypotheses(live, effective), invoices, fixed_invoices
    )
    assignment = assigner.assign(pool, fixed_invoices, paid_once, progress, cancel, parts)
    recorded_join.join(assignment, recorded, lines, invoices, assigner, rejected)
    return assignment, void, search.payees.display, decided


def _of_unread_currency(lines: list[PreparedLine]) -> list[int]:
    """The lines no pairing may be proposed for: those whose currency cell names no
    currency (``StatementLine.currency_cell``). Its currency is unknown, so any invoice
    the engine paired it with would say a currency the statement did not; only the
    accountant may match it, and their pairing is explained with what its text says
    (the reference it quotes, the payee it names), which the search reads."""
    return [prepared.index for prepared in lines if prepared.line.currency_cell]


def _decided(
    effective: EffectiveDecisions,
    invoices: Sequence[PreparedInvoice],
    lines: Sequence[PreparedLine],
    scorer: Scorer,
) -> list[Decided]:
    """The accountant's pairings scored, in the order decided: once, for the assignment
    (``_paid_in_full``) and the report. After the candidate search, which reads the
    references quoted by the lines they placed: their pairings' evidence."""
    result: list[Decided] = []
    for (line_ids, invoice_ids), decision in effective.fixed:
        paired = [lines[i] for i in line_ids]
        hypothesis = scorer.group(paired, [invoices[i] for i in invoice_ids], "decided")
        result.append((hypothesis, fixed_state(decision)))
    return result


def _rests(
    invoices: Sequence[PreparedInvoice],
    lines: Sequence[PreparedLine],
    scorer: Scorer,
    effective: EffectiveDecisions,
    decided: Sequence[Decided],
    assignment: Assignment,
) -> list[Rest]:
    """The lines left open that pay what the accountant's pairings left of an invoice
    they pay only part of (``rest.py``): accepting one part of an invoice paid in two
    never un-pays the other."""
    if not decided:
        return []

    def taken() -> set[int]:
        """The lines a pairing of the accountant's or a match of the assignment holds:
        asked only where some invoice is left paid in part (``find_rests``)."""
        held = effective.fixed_lines
        held.update(line for hypothesis in assignment.auto for line in hypothesis.lines)
        held.update(line for hypothesis, _ in assignment.suggested for line in hypothesis.lines)
        held.update(assignment.repeats)
        return held

    paired = [hypothesis for hypothesis, _ in decided]
    return find_rests(invoices, lines, paired, taken, effective.rejected, scorer)


def _paid_in_full(decided: Sequence[Decided]) -> set[int]:
    """The invoices the accountant's pairings pay in full: their lines add up to what the
    invoices ask, within the amount tolerance (as a pairing's amount is scored). An
    invoice they paid only part of was not paid once yet: a later payment is no repeat."""
    return {i for hypothesis, _ in decided if hypothesis.amount_fits for i in hypothesis.invoices}


def _effective(
    replayed: Replayed,
    invoices: list[PreparedInvoice],
    lines: list[PreparedLine],
    gone: Mapping[InvoiceKey, Invoice],
    found: Mapping[InvoiceKey, Invoice],
) -> EffectiveDecisions:
    if not any(replayed):  # the usual first run: no need to key 400k objects
        return EffectiveDecisions()
    return resolve(
        replayed,
        {inv.invoice.key: inv.index for inv in invoices},
        {line.line.key: line.index for line in lines},
        gone,
        found,
    )


def _open_hypotheses(
    hypotheses: list[Hypothesis], effective: EffectiveDecisions
) -> list[Hypothesis]:
    """Drop (once more, whatever made it) anything touching a line the accountant already
    placed, and any hypothesis containing a rejected pairing."""
    if not effective.fixed and not effective.kept and not effective.rejected:
        return hypotheses
    fixed_lines, forbids = effective.fixed_lines, effective.rejected.forbids
    return [
        h
        for h in hypotheses
        if not fixed_lines.intersection(h.lines) and not forbids(h.lines, h.invoices)
    ]


_STATE_ORDER = {state: position for position, state in enumerate(MatchState)}


def _outcome_order(outcome: Outcome) -> tuple[int, tuple[int, ...], int]:
    """By first line, then invoices, in canonical (file, row) and (provider, id) order."""
    hypothesis = outcome.hypothesis
    return hypothesis.lines[0], hypothesis.invoices, _STATE_ORDER[outcome.match.state]


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.raise_if_cancelled()
