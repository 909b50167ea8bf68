"""Random decision sequences against an independent statement of what must be in force.

The oracle below reads the whole history and says, for each pairing, whether it binds:
- a match (accept/manual) binds while the latest user decision on exactly its pairing is
  that match and no later match shares an invoice or a line with it;
- a rejection binds while the latest user decision on its pairing is that rejection;
- an UNMATCH is only possible while something binds on exactly its pairing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain import Decision, DecisionKind
from desktop_app.workspace import DecisionError, Workspace
from desktop_app.workspace.decision_rules import PAIRING_KINDS, overlaps, replay
from tests.workspace.factories import decision

USER_KINDS = [
    DecisionKind.ACCEPT,
    DecisionKind.MANUAL_MATCH,
    DecisionKind.REJECT,
    DecisionKind.UNMATCH,
    DecisionKind.ENGINE_MATCH,
]

decisions = st.lists(
    st.builds(
        decision,
        st.sampled_from(USER_KINDS),
        st.sets(st.sampled_from("ABC"), min_size=1, max_size=2).map(lambda s: tuple(sorted(s))),
        st.sets(st.sampled_from((2, 3, 4)), min_size=1, max_size=2).map(lambda s: tuple(sorted(s))),
    ),
    max_size=25,
)


def oracle(history: list[Decision]) -> list[Decision]:
    """The decisions that bind after ``history`` (user decisions only), oldest first."""
    users = [d for d in history if d.kind is not DecisionKind.ENGINE_MATCH]
    binding = []
    for index, candidate in enumerate(users):
        later = users[index + 1 :]
        if any(d.pairing == candidate.pairing for d in later):
            continue
        if candidate.kind in PAIRING_KINDS:
            if any(
                d.kind in PAIRING_KINDS and overlaps(d.pairing, candidate.pairing) for d in later
            ):
                continue
            binding.append(candidate)
        elif candidate.kind is DecisionKind.REJECT:
            binding.append(candidate)
    return binding


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(decisions)
def test_what_is_in_force_matches_the_oracle_and_survives_reopening(
    sequence: list[Decision],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.reconcile"
        history: list[Decision] = []
        with Workspace.create(path) as workspace:
            for item in sequence:
                expected_possible = item.kind is not DecisionKind.UNMATCH or any(
                    d.pairing == item.pairing for d in oracle(history)
                )
                try:
                    workspace.record_decision(item)
                except DecisionError:
                    assert not expected_possible
                    continue
                assert expected_possible
                history.append(item)
            effective = workspace.effective_decisions()
            assert [_strip(d) for d in effective] == [_strip(d) for d in oracle(history)]
            assert [_strip(e.decision) for e in workspace.audit()] == [_strip(d) for d in history]
        with Workspace.open(path) as reopened:
            assert reopened.effective_decisions() == effective
        matches = [d for d in effective if d.kind in PAIRING_KINDS]
        for index, first in enumerate(matches):
            assert not any(overlaps(first.pairing, other.pairing) for other in matches[index + 1 :])


@settings(max_examples=200, deadline=None)
@given(decisions)
def test_a_log_replayed_leaves_in_force_what_the_oracle_says(sequence: list[Decision]) -> None:
    """The replay (a migrated log; the review's rejections in force) weighs each decision
    against the standing ones that share an invoice or a line with it, not all of them:
    what it leaves in force, in order, is the oracle's. An UNMATCH of nothing in force,
    which a workspace refuses, changes nothing here."""
    standing, _ = replay(enumerate(sequence))
    assert [(s.kind, s.pairing) for s in standing.values()] == [
        (d.kind, d.pairing) for d in oracle(sequence)
    ]


def _strip(item: Decision) -> tuple[object, ...]:
    return (item.kind, item.invoice_keys, item.line_keys, item.reason)
