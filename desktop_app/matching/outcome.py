"""From hypotheses to domain matches: fixed decisions, engine choices, repeats, void payments.

An ``Outcome`` keeps each match next to the hypothesis it came from, because the
discrepancy checks need the evidence (which amount it settled, whether currencies agreed),
not just the final sentence.

What a payment was compared with, when the scorer counted what is still owed on an
invoice partly paid before instead of its gross, is found here once per match
(``Match.compared_with``, and the scorer's fit of the amount on its ``Outcome``): the
amount's note, the window's Difference and the report's AMOUNT_MISMATCH and
DUPLICATE_PAYMENT rows read it, rather than each working it out again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from desktop_app.domain.invoice import Invoice
from desktop_app.domain.match import (
    ACCEPTED_WORDS,
    BY_HAND_WORDS,
    REPEAT_WORDS,
    Match,
    MatchState,
    Signal,
    stored_score,
)
from desktop_app.domain.money import Money
from desktop_app.domain.statement import LineKey, StatementLine
from desktop_app.matching.assignment import Assignment
from desktop_app.matching.context import Comparison, RunContext
from desktop_app.matching.decisions import EffectiveDecisions
from desktop_app.matching.explain import (
    explanation_of,
    general_signals,
    pair_explanation,
    pair_signals,
    rest_prefix,
    runner_up_text,
)
from desktop_app.matching.normalise import minor_units_of
from desktop_app.matching.prepare import GROSS, OUTSTANDING, PreparedInvoice, PreparedLine, Target
from desktop_app.matching.recorded import recorded_lines
from desktop_app.matching.rest import Rest, rest_invoice
from desktop_app.matching.scoring import AmountFit, Hypothesis, amount_fit
from desktop_app.matching.settings import MatchSettings
from desktop_app.matching.void import void_payments


class Outcome:
    """A match and its hypothesis; ``reconciles`` is read a few times per match, so kept.

    ``compared``: what its payment is measured against when that counts what is still
    owed on an invoice partly paid before (the match's ``compared_with`` is its total);
    None when every invoice counts at its gross. ``fit``: how its payment compares with
    its invoices as the scorer compared them (``amount_fit``; its ``targets`` are the
    amount each invoice was compared at: its gross, what is still owed, the part its
    provider records as paid, or the amount agreed in its settlement currency; none when
    the amounts could not be compared), found where one of its invoices has more than one
    amount; None for the rest, whose invoices have their gross alone, in their own
    currency.
    """

    __slots__ = ("compared", "fit", "hypothesis", "match", "reconciles")

    def __init__(self, hypothesis: Hypothesis, match: Match) -> None:
        self.hypothesis = hypothesis
        self.match = match
        self.reconciles = match.state.reconciles
        # set by ``build_outcomes`` for the few
        self.compared: Comparison | None = None
        self.fit: AmountFit | None = None


@dataclass
class Outcomes:
    matches: list[Outcome] = field(default_factory=list)
    # (line index, void hypothesis): payments only a void invoice explains
    void_paid: list[Hypothesis] = field(default_factory=list)
    # the ids of the accountant's pairings paying part of an invoice whose rest a line
    # pays (``rest.py``): together they pay it, so neither is short of it
    completed: set[int] = field(default_factory=set)


# one of the accountant's pairings, scored, and its state (ACCEPTED or MANUAL)
Decided = tuple[Hypothesis, MatchState]


def build_outcomes(
    ctx: RunContext,
    decisions: EffectiveDecisions,
    decided: Sequence[Decided],
    assignment: Assignment,
    void_candidates: Sequence[Hypothesis],
    rests: Sequence[Rest] = (),
) -> Outcomes:
    """``decided``: the pairings of ``decisions.fixed``, scored, in their order;
    ``rests``: the lines paying what some of them left of their invoice (``rest.py``),
    matched, or offered for review where several lines could each be the rest."""
    chosen: list[Chosen] = []
    for hypothesis, state in decided:
        prefix = BY_HAND_WORDS if state is MatchState.MANUAL else ACCEPTED_WORDS
        chosen.append((hypothesis, state, None, prefix))
    chosen.extend((hypothesis, MatchState.AUTO, None, "") for hypothesis in assignment.auto)
    chosen.extend(
        (h, MatchState.SUGGESTED, rival, _quoting(ctx, h)) for h, rival in assignment.suggested
    )
    chosen.extend(_repeats(decisions, assignment))
    # a rest is compared with what was left, not with its invoice's gross
    given: dict[int, Found] = {}
    completing: dict[int, tuple[LineKey, ...]] = {}  # by position: the lines a rest completes
    for rest in rests:
        hypothesis = rest.hypothesis
        paired = [(decided[p][0], decided[p][1] is MatchState.MANUAL) for p in rest.decided]
        left = [_rest_of(ctx, rest)]  # its invoice, at what was left
        given[len(chosen)] = (
            amount_fit([ctx.lines[hypothesis.lines[0]]], left, ctx.settings),
            Comparison(targets_total((rest.target,), left), (rest.target,)),
        )
        prefix = rest_prefix(ctx, hypothesis.invoices[0], paired, rest.rivals)
        completing[len(chosen)] = tuple(ctx.lines[i].line.key for h, _ in paired for i in h.lines)
        if rest.rivals:  # one of several lines that could be the rest: the accountant chooses
            chosen.append((hypothesis, MatchState.SUGGESTED, rest.rivals[0], prefix))
        else:
            chosen.append((hypothesis, MatchState.AUTO, None, prefix))
    matches, found = _matches(ctx, chosen, given)
    for position, keys in completing.items():  # the window's Accept pairs it with both
        matches[position] = replace(matches[position], completes=keys)
    result = Outcomes([Outcome(c[0], match) for c, match in zip(chosen, matches, strict=True)])
    # an offered rest completes nothing until it is accepted: the part is short till then
    result.completed = {
        id(result.matches[p]) for rest in rests if not rest.rivals for p in rest.decided
    }
    for position, (fit, compared) in found.items():  # the few with several amounts
        outcome = result.matches[position]
        outcome.fit, outcome.compared = fit, compared
    reconciled = {n for o in result.matches if o.reconciles for n in o.hypothesis.nodes}
    offered = {
        line
        for o in result.matches
        if not o.reconciles and o.hypothesis.identified
        for line in o.hypothesis.lines
    }
    result.void_paid = void_payments(void_candidates, reconciled, offered)
    return result


def _quoting(ctx: RunContext, hypothesis: Hypothesis) -> str:
    """The start of an amount-only suggestion's explanation where its lines quote a
    number no match can be made with ('quotes EL-2025-00167, which is not among the
    invoices fetched (issued before the period?)', ``quoted.py``): offered on its amount
    alone, while its text names another invoice. "" for any other: a suggestion with a
    reference or a payee is explained by them."""
    if hypothesis.identified:
        return ""
    notes = ctx.quoted.notes
    return "; ".join([note for i in hypothesis.lines for note in notes(ctx.lines[i].line)])


# the states of the matches the engine makes, whose explanations say what else their
# lines quote (``quoted.QuotedNumbers.also``); the accountant's are theirs
_ENGINES = frozenset({MatchState.AUTO, MatchState.SUGGESTED})
# a hypothesis to report, its state, the rival that made it ambiguous, the explanation's prefix
Chosen = tuple[Hypothesis, MatchState, Hypothesis | None, str]
# the scorer's fit of a match's amount, and what is still owed where that counted
# (``_compared``); ``_NOT_LOOKED_FOR`` where not looked for: every invoice has its gross alone
Found = tuple[AmountFit, Comparison | None]
_NOT_LOOKED_FOR: tuple[None, None] = (None, None)


def _matches(
    ctx: RunContext, chosen: list[Chosen], given: dict[int, Found] | None = None
) -> tuple[list[Match], dict[int, Found]]:
    """The matches, explained, built together column by column (``Match.many``), and
    by position the scorer's fit of each one's amount, and what is still owed where that
    counted (``_compared``; looked for only among invoices with more than one amount).
    ``given``: by position, the fit and what it is compared with of the few whose
    payment is measured otherwise (the rest of an invoice: ``rest.py``)."""
    given = given or {}
    invoices, lines = ctx.invoices, ctx.lines
    matched_invoices: list[tuple[Invoice, ...]] = []
    matched_lines: list[tuple[StatementLine, ...]] = []
    signals: list[tuple[Signal, ...]] = []
    explanations: list[str] = []
    runners_up: list[str | None] = []
    found: dict[int, Found] = {}  # nearly always empty
    also = ctx.quoted.also
    for position, (hypothesis, state, rival, prefix) in enumerate(chosen):
        # What the payment is measured against is found first: the amount's note reads it.
        if len(hypothesis.lines) == 1 and len(hypothesis.invoices) == 1:  # nearly every one
            invoice = invoices[hypothesis.invoices[0]]
            fit: AmountFit | None
            if position in given:
                fit, compared = given[position]
            else:
                fit, compared = (
                    _compared(ctx, hypothesis) if len(invoice.targets) > 1 else _NOT_LOOKED_FOR
                )
            evidence = pair_signals(ctx, hypothesis, fit, compared)
            explanations.append(pair_explanation(ctx, evidence, prefix))
            matched_invoices.append((invoice.invoice,))
            matched_lines.append((lines[hypothesis.lines[0]].line,))
        else:
            group = [invoices[i] for i in hypothesis.invoices]
            several = any(len(invoice.targets) > 1 for invoice in group)
            fit, compared = _compared(ctx, hypothesis) if several else _NOT_LOOKED_FOR
            evidence = general_signals(ctx, hypothesis, fit, compared)
            explanations.append(explanation_of(hypothesis, evidence, prefix))
            matched_invoices.append(tuple([invoice.invoice for invoice in group]))
            matched_lines.append(tuple([lines[i].line for i in hypothesis.lines]))
        if state in _ENGINES and hypothesis.identified:
            # numbers its lines quote besides its invoices' that no match can be made
            # with; an amount-only suggestion begins with them already (``_quoting``)
            notes = [n for line in matched_lines[-1] for n in also(line, matched_invoices[-1])]
            if notes:
                explanations[-1] = "; ".join([explanations[-1], *dict.fromkeys(notes)])
        signals.append(evidence)
        runners_up.append(runner_up_text(ctx, hypothesis, rival) if rival is not None else None)
        if fit is not None:
            found[position] = (fit, compared)
    scores = [stored_score(c[0].score) for c in chosen]
    states = [c[1] for c in chosen]
    matches = Match.many(
        matched_invoices,
        matched_lines,
        scores,
        signals,
        explanations,
        states,
        runners_up,
        _column(found, len(chosen)),
    )
    return matches, found


def _column(found: dict[int, Found], count: int) -> list[Money | None] | None:
    """``Match.many``'s ``compared_with``: None (every match at its gross) when none was
    compared with what is still owed."""
    column: list[Money | None] | None = None
    for position, (_, compared) in found.items():
        if compared is not None:
            if column is None:
                column = [None] * count
            column[position] = compared.total
    return column


def _compared(ctx: RunContext, hypothesis: Hypothesis) -> Found:
    """The scorer's fit of the amount (``amount_fit``, carried so that the amount's note
    and the report's rows read it rather than compare again; its ``targets`` are the
    amount each invoice was compared at), and what the hypothesis's lines are measured
    against when that counts what is still owed on an invoice partly paid before instead
    of its gross: their total, in the invoices' sign convention, and the amount each
    invoice counts at. None for the latter when every invoice counts at its gross or an
    amount agreed in its settlement currency.

    The scorer's own rule first (``amount_fit``: gross or what is still owed,
    whichever fits better; for one payment of exactly the part the provider records as
    paid, that part: None then, since the match is measured against the gross, short by
    what is still owed, as the report's row says). Then one more: lines paying exactly the gross of an invoice
    its provider says is partly paid paid more than was still owed, by what the provider
    says was paid before: the payer may have paid that part twice, or the provider's
    record of it is stale. The match stands (the gross fitted), but its payment is
    measured against what is still owed (``gross_paid``), so the explanation, the
    window's Difference and the report's AMOUNT_MISMATCH all show the excess. Unless
    the payment of that part is among the lines (the others paying exactly what is
    still owed: ``recorded.py``): the gross paid in parts, that part included, which is
    measured against the gross, as paid in full.

    Asked only of matches among whose invoices one has more than one amount.
    """
    group = [ctx.invoices[i] for i in hypothesis.invoices]
    paying = [ctx.lines[i] for i in hypothesis.lines]
    return compare(paying, group, ctx.settings)


def compare(
    paying: Sequence[PreparedLine], group: Sequence[PreparedInvoice], settings: MatchSettings
) -> Found:
    """``_compared`` of these lines and invoices: the engine's one rule, which the
    window's totals of a selection to match by hand follow too (``ui/hand_match``), so
    that what it says is still owed, or paid over, is what the next run says."""
    fit = amount_fit(paying, group, settings)
    counted = fit.targets
    if any(target.label == OUTSTANDING for target in counted):
        return fit, Comparison(targets_total(counted, group), counted)
    owed = _owed_instead(paying, group, counted)
    if owed is None:
        return fit, None
    return fit, Comparison(targets_total(owed, group), owed, gross_paid=True)


def _owed_instead(
    lines: Sequence[PreparedLine], invoices: Sequence[PreparedInvoice], counted: Sequence[Target]
) -> tuple[Target, ...] | None:
    """What is still owed on each invoice partly paid before (the gross of the others),
    when the lines pay exactly the gross of them all in the invoices' currency, none of
    them the part the provider records as paid; else None."""
    if not counted or any(target.label != GROSS for target in counted):
        return None  # not compared, or in a settlement currency
    currency = counted[0].currency
    if sum(line.minor_in(currency) for line in lines) != sum(t.minor for t in counted):
        return None
    owed = tuple(invoice.outstanding or invoice.primary for invoice in invoices)
    if owed == tuple(counted) or recorded_lines(lines, invoices):
        # the lines paying the part the provider records as paid are among them: the
        # gross paid in parts, that part included, nothing paid twice (``recorded.py``)
        return None
    return owed


def targets_total(targets: Sequence[Target], invoices: Sequence[PreparedInvoice]) -> Money:
    """The targets added up as their invoices state amounts (a target is signed as the
    statement shows it): all in one currency, as the scorer compares them."""
    currency = targets[0].currency
    minor = sum(t.minor * i.sign for t, i in zip(targets, invoices, strict=True))
    return Money(Decimal(minor).scaleb(-minor_units_of(currency)), currency)


def _rest_of(ctx: RunContext, rest: Rest) -> PreparedInvoice:
    """The invoice of ``rest`` as its line was scored against it: at what was left."""
    return rest_invoice(ctx.invoices[rest.hypothesis.invoices[0]], rest.target)


def _repeats(decisions: EffectiveDecisions, assignment: Assignment) -> list[Chosen]:
    """A line set aside as a repeat payment joins its invoice in whatever state it has; a
    repeat in parts joins it once (it is filed under each of its lines)."""
    settled = decisions.fixed_invoices | {i for h in assignment.auto for i in h.invoices}
    offered = {i for h, _ in assignment.suggested for i in h.invoices}
    result: list[Chosen] = []
    for line in sorted(assignment.repeats):
        hypothesis = assignment.repeats[line]
        if hypothesis.lines[0] != line:
            continue
        invoice = hypothesis.invoices[0]
        if invoice in settled:
            result.append((hypothesis, MatchState.AUTO, None, REPEAT_WORDS))
        elif invoice in offered:
            result.append((hypothesis, MatchState.SUGGESTED, None, REPEAT_WORDS))
    return result
