"""From hypotheses to domain matches: fixed decisions, engine choices, repeats, void payments.

An ``Outcome`` keeps each match next to the hypothesis it came from, because the
discrepancy checks need the evidence (which amount it settled, whether currencies agreed),
not just the final sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop_app.domain.invoice import Invoice
from desktop_app.domain.match import Match, MatchState, Signal
from desktop_app.domain.statement import StatementLine
from desktop_app.matching.assignment import Assignment
from desktop_app.matching.context import RunContext
from desktop_app.matching.decisions import EffectiveDecisions
from desktop_app.matching.explain import (
    explanation_of,
    general_signals,
    pair_explanation,
    pair_signals,
    runner_up_text,
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


# one of the accountant's pairings, scored, and its state (ACCEPTED or MANUAL)
Decided = tuple[Hypothesis, MatchState]


def build_outcomes(
    ctx: RunContext,
    decisions: EffectiveDecisions,
    decided: Sequence[Decided],
    assignment: Assignment,
    void_candidates: Sequence[Hypothesis],
) -> Outcomes:
    """``decided``: the pairings of ``decisions.fixed``, scored, in their order."""
    chosen: list[Chosen] = []
    for hypothesis, state in decided:
        prefix = "matched by hand" if state is MatchState.MANUAL else "accepted"
        chosen.append((hypothesis, state, None, prefix))
    chosen.extend((hypothesis, MatchState.AUTO, None, "") for hypothesis in assignment.auto)
    chosen.extend((h, MatchState.SUGGESTED, rival, "") for h, rival in assignment.suggested)
    chosen.extend(_repeats(decisions, assignment))
    matches = _matches(ctx, chosen)
    result = Outcomes([Outcome(c[0], match) for c, match in zip(chosen, matches, strict=True)])
    reconciled = {n for o in result.matches if o.reconciles for n in o.hypothesis.nodes}
    offered = {
        line
        for o in result.matches
        if not o.reconciles and o.hypothesis.identified
        for line in o.hypothesis.lines
    }
    result.void_paid = void_payments(void_candidates, reconciled, offered)
    return result


# a hypothesis to report, its state, the rival that made it ambiguous, the explanation's prefix
Chosen = tuple[Hypothesis, MatchState, Hypothesis | None, str]


def _matches(ctx: RunContext, chosen: list[Chosen]) -> list[Match]:
    """The matches, explained, built together column by column (``Match.many``)."""
    invoices, lines = ctx.invoices, ctx.lines
    matched_invoices: list[tuple[Invoice, ...]] = []
    matched_lines: list[tuple[StatementLine, ...]] = []
    signals: list[tuple[Signal, ...]] = []
    explanations: list[str] = []
    runners_up: list[str | None] = []
    for hypothesis, _, rival, prefix in chosen:
        if len(hypothesis.lines) == 1 and len(hypothesis.invoices) == 1:  # nearly every one
            evidence = pair_signals(ctx, hypothesis)
            explanations.append(pair_explanation(ctx, evidence, prefix))
            matched_invoices.append((invoices[hypothesis.invoices[0]].invoice,))
            matched_lines.append((lines[hypothesis.lines[0]].line,))
        else:
            evidence = general_signals(ctx, hypothesis)
            explanations.append(explanation_of(hypothesis, evidence, prefix))
            matched_invoices.append(tuple([invoices[i].invoice for i in hypothesis.invoices]))
            matched_lines.append(tuple([lines[i].line for i in hypothesis.lines]))
        signals.append(evidence)
        runners_up.append(runner_up_text(ctx, hypothesis, rival) if rival is not None else None)
    scores = [round(c[0].score, 4) for c in chosen]
    states = [c[1] for c in chosen]
    return Match.many(
        matched_invoices, matched_lines, scores, signals, explanations, states, runners_up
    )


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
            result.append((hypothesis, MatchState.AUTO, None, "repeat payment"))
        elif invoice in offered:
            result.append((hypothesis, MatchState.SUGGESTED, None, "repeat payment"))
    return result
