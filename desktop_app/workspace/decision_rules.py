"""Which decisions are in force: the rules, free of storage so they can be replayed.

The audit trail is a log that only grows; what the matcher must respect is derived from it.
A decision is about an exact pairing (a set of invoices with a set of statement lines):

- ACCEPT and MANUAL_MATCH put their pairing in force. Because an invoice or a line can be
  settled by only one pairing at a time, they replace every pairing in force that shares an
  invoice or a line with them, and any decision in force on the very same pairing (a
  rejection the accountant changed their mind about).
- REJECT puts the refusal in force and replaces whatever was in force on the same pairing.
  Rejections of other pairings are untouched: refusing (A, 1) says nothing about (A, 2).
- UNMATCH clears whatever is in force on exactly that pairing (an accept, a manual match or
  a rejection), leaving it open for the matcher. It is how the GUI undoes.
- ENGINE_MATCH is audit only: the engine's proposal binds nobody.

Recording and migrating both go through ``effect_of``, so a log replayed from an old file
gives exactly the state the live code would have built.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.domain import Decision, DecisionKind, InvoiceKey, LineKey

Pairing = tuple[frozenset[InvoiceKey], frozenset[LineKey]]

PAIRING_KINDS = frozenset({DecisionKind.ACCEPT, DecisionKind.MANUAL_MATCH})
STANDING_KINDS = PAIRING_KINDS | {DecisionKind.REJECT}


@dataclass(frozen=True, slots=True)
class Standing:
    """A decision currently in force."""

    entry_id: int
    kind: DecisionKind
    pairing: Pairing


@dataclass(frozen=True, slots=True)
class Effect:
    """What recording a decision does to the decisions in force."""

    replaced: tuple[int, ...]
    in_force: bool

    @property
    def changes_nothing(self) -> bool:
        return not self.replaced and not self.in_force


def overlaps(first: Pairing, second: Pairing) -> bool:
    return bool(first[0] & second[0] or first[1] & second[1])


def effect_of(decision: Decision, standing: Iterable[Standing]) -> Effect:
    """The effect of ``decision`` given (at least) the standing decisions it touches."""
    pairing = decision.pairing
    if decision.kind is DecisionKind.ENGINE_MATCH:
        return Effect(replaced=(), in_force=False)
    if decision.kind in PAIRING_KINDS:
        replaced = [
            s.entry_id
            for s in standing
            if s.pairing == pairing or (s.kind in PAIRING_KINDS and overlaps(s.pairing, pairing))
        ]
    else:
        replaced = [s.entry_id for s in standing if s.pairing == pairing]
    in_force = decision.kind in STANDING_KINDS
    return Effect(replaced=tuple(sorted(replaced)), in_force=in_force)


def replay(log: Iterable[tuple[int, Decision]]) -> tuple[dict[int, Standing], dict[int, Effect]]:
    """Rebuild the decisions in force from a whole log, oldest first.

    Used by migrations, where the log predates the in-force bookkeeping, and by the
    review, to show the rejections in force among the decisions a run was made with. An
    UNMATCH that finds nothing to clear is kept in the log and simply changes nothing.
    Each decision is weighed against the standing ones it touches, found by its invoices
    and lines, not against all: a log of thousands of matches replays in proportion to it.
    """
    standing: dict[int, Standing] = {}
    effects: dict[int, Effect] = {}
    touching = Touching()
    for entry_id, decision in log:
        pairing = decision.pairing
        effect = effect_of(decision, [standing[i] for i in touching.of(pairing)])
        for replaced in effect.replaced:
            touching.drop(standing.pop(replaced))
        if effect.in_force:
            standing[entry_id] = Standing(entry_id, decision.kind, pairing)
            touching.add(standing[entry_id])
        effects[entry_id] = effect
    return standing, effects


class Touching:
    """The standing decisions by each invoice and line they pair: those a decision can
    replace (``effect_of``) share one with it, as every decision names at least one of
    each, and one on the very same pairing shares them all."""

    def __init__(self) -> None:
        self._by_key: dict[InvoiceKey | LineKey, set[int]] = {}

    def of(self, pairing: Pairing) -> set[int]:
        found: set[int] = set()
        for key in _keys(pairing):
            held = self._by_key.get(key)
            if held:
                found |= held
        return found

    def add(self, standing: Standing) -> None:
        for key in _keys(standing.pairing):
            self._by_key.setdefault(key, set()).add(standing.entry_id)

    def drop(self, standing: Standing) -> None:
        for key in _keys(standing.pairing):
            held = self._by_key[key]
            held.discard(standing.entry_id)
            if not held:
                del self._by_key[key]


def _keys(pairing: Pairing) -> tuple[InvoiceKey | LineKey, ...]:
    return (*pairing[0], *pairing[1])
