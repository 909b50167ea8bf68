"""Taking an imported statement out of the workspace, so it can be imported again.

An accountant who imported a file with the wrong layout (amounts in the wrong column, a
misread date order) must be able to correct it; the workspace refuses the same file twice,
so the wrong import has to go first. Its lines go with it, except the movements a later
statement repeats: that statement's copies take their place (``repeat_promotion``).
Decisions in force on its lines are not deleted: each is withdrawn by an UNMATCH entry
that says why, so the audit trail still shows what was decided, when, by whom, and how it
ended. A decision whose every removed line is a shared movement with one stand-in is then
recorded again on the stand-ins, with a reason naming both rows and the original entry:
the accountant's accept, manual match or rejection was about the movement, which is still
there, so it is not lost. A removed line with no copy standing in, or with two (two
accounts each kept their own), leaves its decision withdrawn for the accountant to decide
again; so does a decision already in force on a stand-in, which the carried one would
otherwise replace. ``decisions_on`` takes the same steps without writing, so the removal
question says exactly which decisions are withdrawn and which go with their movements.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain import Decision, DecisionKind, LineKey, StatementLine
from desktop_app.wording import moment_text
from desktop_app.workspace import decision_log
from desktop_app.workspace.decision_rules import Effect, Pairing, Standing, effect_of
from desktop_app.workspace.errors import WorkspaceError
from desktop_app.workspace.owner import current_user
from desktop_app.workspace.repeat_promotion import promote_repeats, stand_ins_for
from desktop_app.workspace.statement_store import statement_by


@dataclass(frozen=True, slots=True)
class RemovedStatement:
    source_file: str
    lines_removed: int
    decisions_withdrawn: int  # withdrawn and not carried over: to be decided again
    # Later statements' copies of removed lines, now stored in their place (their own file
    # and row): the movements the removed file shared stay in the workspace. As
    # ``Workspace.load_lines`` gives them (a line of unreadable currency marked so).
    kept_lines: tuple[StatementLine, ...] = ()
    decisions_carried: int = 0  # recorded again on the lines standing in
    # What each decision withdrawn and not carried over was (accept, manual match,
    # reject), oldest first: ``decisions_withdrawn`` of them, for the accountant to be told.
    withdrawn_kinds: tuple[DecisionKind, ...] = ()


@dataclass(frozen=True, slots=True)
class DecisionsOnStatement:
    """The decisions in force on a statement's lines (accepts, manual matches and
    rejections), oldest first, and what removing it would do with each, read beforehand
    so that the accountant is told before saying yes: the same steps ``remove`` takes
    (``_steps``), worked out without writing. ``carried`` are those it would record
    again on another statement's copies of the movements (as recorded there); the rest
    are withdrawn, ``withdrawn_kinds`` saying what each was, as ``RemovedStatement``."""

    decisions: tuple[Decision, ...] = ()
    withdrawn_kinds: tuple[DecisionKind, ...] = ()
    carried: tuple[Decision, ...] = ()


# The decisions in force naming one of a statement's lines.
_STANDING_ON = (
    "SELECT DISTINCT l.decision_id FROM decision_lines l"
    " JOIN decisions_in_force f ON f.decision_id = l.decision_id WHERE l.source_file = ?"
)


def decisions_on(connection: sqlite3.Connection, source_file: str) -> DecisionsOnStatement:
    """The decisions ``remove`` would withdraw from ``source_file``'s lines, and those of
    them it would carry over; nothing is written. Nothing for a file the workspace does
    not hold."""
    standing = decision_log.load_decisions(connection, _STANDING_ON, (source_file,))
    if not standing:
        return DecisionsOnStatement()
    stand_ins = stand_ins_for(connection, source_file)
    steps = _steps(connection, standing, source_file, stand_ins, "")
    carried = tuple(step.carried for step in steps if step.carried is not None)
    return DecisionsOnStatement(tuple(standing.values()), _withdrawn_kinds(steps), carried)


def remove(
    connection: sqlite3.Connection, source_file: str, user: str, now: datetime
) -> RemovedStatement:
    """Delete ``source_file`` and its lines, stand other statements' copies in for the
    movements they share, and withdraw the decisions on its lines, each carried over to
    the stand-ins where it can be."""
    record = statement_by(connection, "source_file", source_file, with_repeats=False)
    if record is None:
        raise WorkspaceError(f"no statement named {source_file!r} is in this workspace")
    standing = decision_log.load_decisions(connection, _STANDING_ON, (source_file,))
    for table in ("statement_lines", "repeated_lines", "statement_repeats"):
        connection.execute(f"DELETE FROM {table} WHERE statement_id = ?", (record.id,))
    promotion = promote_repeats(connection, source_file)
    connection.execute("DELETE FROM statements WHERE id = ?", (record.id,))
    steps = _steps(
        connection, standing, source_file, promotion.stand_ins_for, user or current_user()
    )
    for step in steps:
        decision_log.insert(connection, decision_log.stamped(step.withdrawal, now), step.effect)
        if step.carried is not None:
            decision_log.insert(connection, decision_log.stamped(step.carried, now), _CARRIED)
    withdrawn = _withdrawn_kinds(steps)
    return RemovedStatement(
        source_file,
        record.line_count,
        len(withdrawn),
        tuple(promotion.kept),
        len(steps) - len(withdrawn),
        withdrawn,
    )


@dataclass(frozen=True, slots=True)
class _Step:
    """What the removal records for one decision in force on the removed lines: its
    withdrawal (and what that takes out of force), then, where it is carried over, the
    decision again on the lines standing in."""

    decision: Decision
    withdrawal: Decision
    effect: Effect
    carried: Decision | None


# A carried decision is recorded only where it replaces nothing; it is then in force.
_CARRIED = Effect(replaced=(), in_force=True)


def _withdrawn_kinds(steps: Sequence[_Step]) -> tuple[DecisionKind, ...]:
    return tuple(step.decision.kind for step in steps if step.carried is None)


def _steps(
    connection: sqlite3.Connection,
    standing: dict[int, Decision],
    source_file: str,
    stand_ins: dict[LineKey, tuple[LineKey, ...]],
    user: str,
) -> list[_Step]:
    """Withdraw each decision in force on the removed lines, oldest first, and carry it
    over where it can be: worked out from the decisions in force before any is recorded,
    so the removal question (``decisions_on``) reads what the removal then does.

    A withdrawal takes out of force exactly the decisions on its pairing, which all name
    a removed line, so all are in ``standing``: its effect is worked out here rather than
    read again for each (a carried decision names no removed line, so it is never one of
    them). Whether a carried decision would replace one is asked of the file, for those
    in force that it touches, less those withdrawn by then, with those carried before it.
    """
    reason = decision_log.removal_reason(source_file)
    firsts = _first_decisions(connection, standing)
    on_pairing: defaultdict[Pairing, list[Standing]] = defaultdict(list)
    for entry_id, decision in standing.items():
        on_pairing[decision.pairing].append(Standing(entry_id, decision.kind, decision.pairing))
    withdrawn: set[int] = set()
    carried: list[Standing] = []  # numbered below zero: they have no entry yet
    steps: list[_Step] = []
    for entry_id, decision in standing.items():
        withdrawal = Decision(
            DecisionKind.UNMATCH, decision.invoice_keys, decision.line_keys, reason, user
        )
        # One decision is in force per pairing (``decision_rules``); should a file hold
        # two, the second withdrawal is logged changing nothing, as recording it would.
        effect = effect_of(withdrawal, on_pairing.pop(decision.pairing, ()))
        withdrawn.update(effect.replaced)
        again = _again(decision, firsts[entry_id], source_file, stand_ins, user)
        if again is not None:
            touching = decision_log.standing_touching(connection, again)
            in_force = [s for s in touching if s.entry_id not in withdrawn] + carried
            if effect_of(again, in_force).replaced:
                again = None  # the stand-ins carry a decision of their own: not overruled
            else:
                carried.append(Standing(-1 - len(carried), again.kind, again.pairing))
        steps.append(_Step(decision, withdrawal, effect, again))
    return steps


def _first_decisions(
    connection: sqlite3.Connection, standing: dict[int, Decision]
) -> dict[int, Decision]:
    """Each decision in force as the accountant first made it (``first_decided``): one an
    undo put back is quoted by the one it restores, whose user, time and note they are."""
    firsts = decision_log.first_decided(connection, standing)
    earlier = set(firsts.values()) - set(standing)
    made = {**standing, **decision_log.load_decisions(connection, *decision_log.ids_sql(earlier))}
    return {entry_id: made[first] for entry_id, first in firsts.items()}


def _again(
    decision: Decision,
    first: Decision,
    source_file: str,
    stand_ins: dict[LineKey, tuple[LineKey, ...]],
    user: str,
) -> Decision | None:
    """The decision as carried over to the stand-ins, quoting ``first`` (the decision as
    first made); None where it cannot be."""
    moved = _on_stand_ins(decision, source_file, stand_ins)
    return None if moved is None else _carried_over(decision, first, moved, source_file, user)


def _on_stand_ins(
    decision: Decision, source_file: str, stand_ins_for: dict[LineKey, tuple[LineKey, ...]]
) -> tuple[LineKey, ...] | None:
    """The decision's lines with each removed line replaced by its one stand-in; None when
    a removed line has none, or more than one (which would be guessing). Only decisions in
    force are asked about: accepts, manual matches and rejections."""
    moved: list[LineKey] = []
    for key in decision.line_keys:
        if key.source_file != source_file:
            moved.append(key)
            continue
        stand_ins = stand_ins_for.get(key, ())
        if len(stand_ins) != 1:
            return None
        moved.append(stand_ins[0])
    return tuple(moved)


def _carried_over(
    decision: Decision, first: Decision, moved: tuple[LineKey, ...], source_file: str, user: str
) -> Decision:
    """The decision again, on the lines standing in; the reason says from where, and who
    decided it first, when and why, from ``first`` (the new entry is the remover's act,
    the decision theirs)."""
    rows = ", ".join(
        f"{_row(old)} to {_row(new)}"
        for old, new in zip(decision.line_keys, moved, strict=True)
        if old != new
    )
    by = f"first decided by {first.user or 'an unnamed user'}"
    if first.at is not None:
        by += f" on {moment_text(first.at, seconds=False)}"
    said = f": {first.reason}" if first.reason else ""
    reason = (
        f"carried over from {rows}, the same movement, when {source_file} was removed ({by}{said})"
    )
    return Decision(decision.kind, decision.invoice_keys, moved, reason, user)


def _row(key: LineKey) -> str:
    return f"{key.source_file} row {key.row}"
