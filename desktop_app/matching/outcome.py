"""From hypotheses to domain matches: fixed decisions, engine choices, repeats, void payments.

An ``Outcome`` keeps each match next to the hypothesis it came from, because the
discrepancy checks need the evidence (which amount it settled, whether currencies agreed),
not just the final sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop_app.domain.invoice import Invoice
from desktop_app.domain.match import Match, MatchState
from desktop_app.domain.statement import StatementLine
from desktop_app.matching.assignment import Assignment
from desktop_app.matching.context import RunContext
from desktop_app.matching.decisions import EffectiveDecisions
from desktop_app.matching.explain import (
    explanation_of,
    pair_explanation,
    pair_signals,
    runner_up_text,
    signals_of,
)
from desktop_app.matching.scoring import Hypothesis
from desktop_app.matching.void import void_payments


class Outcome:
    """A match and its hypothesis; ``reconciles`` is read a few times per match, so kept."""

    __slots__ = ("hypothesis", "match", "reconciles")

    def __init__(self, hypothesis: Hypothesis, match: Match) -> None:
        self.hypothesis = hypothesis
        self.match = match
        self.reconciles = match.state.reconciles


@dataclass
class Outcomes:
    matches: list[Outcome] = field(default_factory=list)
    # (line index, void hypothesis): payments only a void invoice explains
    void_paid: list[Hypothesis] = field(default_factory=list)


def build_outcomes(
    ctx: RunContext,
    decisions: EffectiveDecisions,
    assignment: Assignment,
    void_candidates: Sequence[Hypothesis],
) -> Outcomes:
    result = Outcomes()
    for (lines, invoices), state in decisions.fixed:
        hypothesis = ctx.scorer.group(
            [ctx.lines[i] for i in lines], [ctx.invoices[i] for i in invoices], "decided"
        )
        prefix = "matched by hand" if state is MatchState.MANUAL else "accepted"
        result.matches.append(_outcome(ctx, hypothesis, state, None, prefix))
    for hypothesis in assignment.auto:
        result.matches.append(_outcome(ctx, hypothesis, MatchState.AUTO, None))
    for hypothesis, rival in assignment.suggested:
        result.matches.append(_outcome(ctx, hypothesis, MatchState.SUGGESTED, rival))
    _add_repeats(ctx, decisions, assignment, result)
    reconciled = {n for o in result.matches if o.reconciles for n in o.hypothesis.nodes}
    offered = {
        line
        for o in result.matches
        if not o.reconciles and o.hypothesis.identified
        for line in o.hypothesis.lines
    }
    result.void_paid = void_payments(void_candidates, reconciled, offered)
    return result


def _outcome(
    ctx: RunContext,
    hypothesis: Hypothesis,
    state: MatchState,
    rival: Hypothesis | None,
    prefix: str = "",
) -> Outcome:
    invoices, lines = ctx.invoices, ctx.lines
    if len(hypothesis.lines) == 1 and len(hypothesis.invoices) == 1:  # nearly every match
        signals = pair_signals(ctx, hypothesis)
        explanation = pair_explanation(ctx, signals, prefix)
        matched_invoices: tuple[Invoice, ...] = (invoices[hypothesis.invoices[0]].invoice,)
        matched_lines: tuple[StatementLine, ...] = (lines[hypothesis.lines[0]].line,)
    else:
        signals = signals_of(ctx, hypothesis)
        explanation = explanation_of(hypothesis, signals, prefix)
        matched_invoices = tuple([invoices[i].invoice for i in hypothesis.invoices])
        matched_lines = tuple([lines[i].line for i in hypothesis.lines])
    match = Match(
        matched_invoices,
        matched_lines,
        round(hypothesis.score, 4),
        signals,
        explanation,
        state,
        runner_up_text(ctx, hypothesis, rival) if rival is not None else None,
    )
    return Outcome(hypothesis, match)


def _add_repeats(
    ctx: RunContext, decisions: EffectiveDecisions, assignment: Assignment, result: Outcomes
) -> None:
    """A line set aside as a repeat payment joins its invoice in whatever state it has."""
    settled = decisions.fixed_invoices | {i for h in assignment.auto for i in h.invoices}
    offered = {i for h, _ in assignment.suggested for i in h.invoices}
    for line in sorted(assignment.repeats):
        hypothesis = assignment.repeats[line]
        invoice = hypothesis.invoices[0]
        if invoice in settled:
            state = MatchState.AUTO
        elif invoice in offered:
            state = MatchState.SUGGESTED
        else:
            continue
        outcome = _outcome(ctx, hypothesis, state, None, "repeat payment")
        result.matches.append(outcome)
