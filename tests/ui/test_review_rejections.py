"""``standing_rejections`` reads the decisions as the workspace's rules do: whether it is
given a whole log or only the decisions in force, it lists exactly the rejections in force,
each saying who rejected it and when."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from desktop_app.domain import Decision, DecisionKind, MatchState, Reconciliation
from desktop_app.ui.review import match_key, standing_rejections
from desktop_app.workspace.decision_rules import replay
from tests.ui import factories as f

REJECTED_AT = datetime(2026, 2, 3, 10, 15, tzinfo=UTC)


def test_standing_rejections_are_the_rejections_the_decision_rules_keep_in_force() -> None:
    invoices = tuple(f.invoice(i) for i in range(1, 4))
    lines = tuple(f.line(i) for i in range(1, 4))
    run = Reconciliation(invoices, lines, (), ())
    kinds = list(DecisionKind)  # the engine's own matches among them change nothing
    draw = random.Random(7)
    for _ in range(200):
        log = [
            Decision(
                draw.choice(kinds),
                tuple(draw.sample([i.key for i in invoices], draw.randint(1, 2))),
                tuple(draw.sample([ln.key for ln in lines], draw.randint(1, 2))),
                user="bob",
                at=REJECTED_AT,
            )
            for _ in range(draw.randint(1, 12))
        ]
        standing, _ = replay(enumerate(log))
        in_force = {s.pairing for s in standing.values() if s.kind is DecisionKind.REJECT}
        shown = standing_rejections(run, log)
        assert {match_key(m) for m in shown} == in_force
        assert all(m.state is MatchState.REJECTED for m in shown)
        assert all("Rejected by bob on 2026-02-03 10:15 UTC" in m.explanation for m in shown)
        in_force_only = [log[s.entry_id] for s in standing.values()]
        assert {match_key(m) for m in standing_rejections(run, in_force_only)} == in_force


def test_only_rejections_of_this_run_not_listed_by_it_are_shown() -> None:
    """A rejection naming a line the run does not hold (its statement taken out) is not
    about this run; one whose pairing the run lists already is not listed twice."""
    run = f.reconciliation()
    gone = f.line(99, source="removed.csv")
    listed = run.matches[2]
    decisions = [
        Decision(DecisionKind.REJECT, (run.invoices[3].key,), (gone.key,), at=REJECTED_AT),
        Decision(DecisionKind.REJECT, listed.invoice_keys, listed.line_keys, at=REJECTED_AT),
        Decision(DecisionKind.REJECT, (run.invoices[4].key,), (run.lines[4].key,), "typo", "al"),
    ]
    (shown,) = standing_rejections(run, decisions)
    assert shown.invoices == (run.invoices[4],)
    assert shown.lines == (run.lines[4],)
    assert shown.explanation.startswith("Rejected by al: typo.")
